"""The public suggestion form: a new entry or a correction, sent without an account."""

import re
from http import HTTPStatus

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from directory.curation.forms import SuggestionForm
from directory.models import Organisation, SuggestionKind, Twinning
from directory.operations import ratelimit

SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]{1,160}$")


def _concerned_entry(request) -> tuple[str, Organisation | Twinning] | tuple[None, None]:
    """The published entry named by ``?organisation=<slug>`` or ``?twinning=<slug>``, if any.

    Unknown, draft or malformed slugs are ignored: the form then starts empty.
    """
    for param, model in (("organisation", Organisation), ("twinning", Twinning)):
        slug = request.GET.get(param, "")
        if slug and SLUG_RE.match(slug):
            entry = model.objects.published().filter(slug=slug).first()
            if entry:
                return param, entry
    return None, None


def _rate_limit_refusal(request) -> tuple[str, HTTPStatus] | None:
    """Why this suggestion cannot be taken now (message, status), or None.

    The limit fails closed: if the counter cannot be kept, the visitor is asked to send again
    later (503); their text stays in the form either way.
    """
    try:
        within = ratelimit.hit(
            request,
            scope="suggest",
            limit=settings.SUGGESTION_RATE_LIMIT,
            window=settings.SUGGESTION_RATE_WINDOW,
        )
    except ratelimit.Unavailable:
        message = _(
            "We cannot accept suggestions at the moment. Please send this one again in a few "
            "minutes; your text is kept below."
        )
        return message, HTTPStatus.SERVICE_UNAVAILABLE
    if within:
        return None
    message = _(
        "You have sent several suggestions in a short time. Please wait an hour "
        "and send this one again; your text is kept below."
    )
    return message, HTTPStatus.TOO_MANY_REQUESTS


@never_cache
def suggest(request):
    field, entry = _concerned_entry(request)
    if request.method == "POST":
        form = SuggestionForm(request.POST)
        if form.is_spam:
            return redirect("directory:suggest-thanks")  # a bot: pretend all went well
        if form.is_valid():
            if refusal := _rate_limit_refusal(request):
                message, status = refusal
                form.add_error(None, message)
                return render(
                    request,
                    "directory/suggestion_form.html",
                    {"form": form, "entry": entry},
                    status=status,
                )
            suggestion = form.save(commit=False)
            if field:
                setattr(suggestion, field, entry)
            suggestion.save()
            return redirect("directory:suggest-thanks")
    else:
        initial = {}
        if entry:
            initial = {"kind": SuggestionKind.CORRECTION, "subject": str(entry)}
        form = SuggestionForm(initial=initial)
    return render(request, "directory/suggestion_form.html", {"form": form, "entry": entry})


def thanks(request):
    return render(request, "directory/suggestion_thanks.html")
