"""Partner search requests: the public list with its filters, a request's page with the relay
form, and the form that posts a new request (directory/matchmaking/requests.py)."""

import re
from http import HTTPStatus

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from directory.listing.pagecache import understands
from directory.matchmaking import requests as partner_requests
from directory.models import PartnerRequest
from directory.operations import ratelimit

PAGE = re.compile(r"[0-9]{1,9}")  # ASCII digits only ("²".isdigit() is true), never huge


@understands("country", "field", "kind", "page")
def request_list(request):
    form = partner_requests.FilterForm(request.GET)
    values = form.valid_values()
    paginator = Paginator(partner_requests.filtered(values).for_list(), partner_requests.PAGE_SIZE)
    page_number = request.GET.get("page", "1")
    if not PAGE.fullmatch(page_number) or not 1 <= int(page_number) <= max(paginator.num_pages, 1):
        raise Http404
    page_obj = paginator.page(int(page_number))
    context = {
        "form": form,
        "values": values,
        "page_obj": page_obj,
        "requests": page_obj.object_list,
        "filtered": bool(values),
        "filter_labels": form.labels(values),
        "filter_query": urlencode(values),
        "elided_page_range": paginator.get_elided_page_range(
            page_obj.number, on_each_side=1, on_ends=1
        ),
    }
    return render(request, "directory/partner_request_list.html", context)


def _public_request(pk: int) -> PartnerRequest:
    queryset = PartnerRequest.objects.public(today=timezone.localdate()).for_list()
    return get_object_or_404(queryset, pk=pk)


@never_cache  # the relay form carries a CSRF token
def request_detail(request, pk: int):
    partner_request = _public_request(pk)
    status = HTTPStatus.OK
    if request.method == "POST":
        form = partner_requests.RelayForm(request.POST)
        if form.is_spam:
            # A bot: pretend all went well.
            return redirect("directory:partner-request-answered", pk)
        if form.is_valid():
            try:
                partner_requests.check_relay_limits(request, partner_request)
                partner_requests.relay(
                    partner_request=partner_request,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    message=form.cleaned_data["message"],
                    absolute=request.build_absolute_uri,
                )
            except partner_requests.RelayRefused as refusal:
                form.add_error(None, str(refusal))
                status = refusal.status
            else:
                return redirect("directory:partner-request-answered", pk)
    else:
        form = partner_requests.RelayForm()
    context = {"partner_request": partner_request, "form": form}
    return render(request, "directory/partner_request_detail.html", context, status=status)


def request_answered(request, pk: int):
    return render(
        request, "directory/partner_request_answered.html", {"partner_request": _public_request(pk)}
    )


def _submission_refusal(request) -> tuple[str, HTTPStatus] | None:
    """Why this request cannot be taken now; counted with the suggestions' limit."""
    try:
        within = ratelimit.hit(
            request,
            scope="partner-request",
            limit=settings.SUGGESTION_RATE_LIMIT,
            window=settings.SUGGESTION_RATE_WINDOW,
        )
    except ratelimit.Unavailable:
        message = _(
            "We cannot accept partner requests at the moment. Please send yours again in a few "
            "minutes; your text is kept below."
        )
        return message, HTTPStatus.SERVICE_UNAVAILABLE
    if within:
        return None
    message = _(
        "You have sent several partner requests in a short time. Please wait an hour and send "
        "this one again; your text is kept below."
    )
    return message, HTTPStatus.TOO_MANY_REQUESTS


@never_cache
def request_new(request):
    status = HTTPStatus.OK
    if request.method == "POST":
        form = partner_requests.PartnerRequestForm(request.POST)
        if form.is_spam:
            return redirect("directory:partner-request-thanks")
        if form.is_valid():
            if refusal := _submission_refusal(request):
                message, status = refusal
                form.add_error(None, message)
            else:
                form.save()
                return redirect("directory:partner-request-thanks")
    else:
        form = partner_requests.PartnerRequestForm()
    return render(request, "directory/partner_request_form.html", {"form": form}, status=status)


def request_thanks(request):
    return render(request, "directory/partner_request_thanks.html")
