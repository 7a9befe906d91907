"""The read-only JSON API under /api/: plain Django views, described by an OpenAPI document
(``directory.opendata.openapi``).

Lists take the same filters and search as the HTML lists and add ``page`` and ``page_size``.
Bad input (unknown format, bad or empty filter value, page=-1, page_size=abc) is answered with
status 400 and a JSON problem body (RFC 9457, ``zentralasien.problems``), never with a 500; other
methods than GET, HEAD and OPTIONS with 405 and ``Allow``. Only published entries are served.
The API writes nothing and uses no cookies, so it is exempt from CSRF protection (a write is
answered with 405, not with the CSRF failure page).
"""

import re
from http import HTTPStatus

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt

from directory.listing import pagecache, results
from directory.listing.filters import OrganisationFilter, TwinningFilter
from directory.models import CooperationField, Country, Organisation, Twinning
from directory.opendata.openapi import openapi_document
from directory.opendata.serializers import ORGANISATIONS, TWINNINGS, RecordType
from zentralasien.problems import ALLOW, problem_response

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
CACHE_CONTROL = "public, max-age=300"
INTEGER = re.compile(r"-?[0-9]+")
MAX_INTEGER_DIGITS = 20


class BadRequest(Exception):
    """Input the API cannot answer; ``errors`` maps parameter names to messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def json_response(data: dict, status: int = HTTPStatus.OK, **kwargs) -> JsonResponse:
    response = JsonResponse(
        data, status=status, json_dumps_params={"ensure_ascii": False}, **kwargs
    )
    response["Access-Control-Allow-Origin"] = "*"  # public, read-only, no credentials
    if status == HTTPStatus.OK:
        response["Cache-Control"] = CACHE_CONTROL
    else:
        response["Cache-Control"] = "no-cache"
    return response


def _options() -> HttpResponse:
    """The answer to OPTIONS (and to CORS preflight requests): which methods exist."""
    response = HttpResponse(status=HTTPStatus.NO_CONTENT)
    del response["Content-Type"]  # no body
    response["Allow"] = ALLOW
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = ALLOW
    response["Access-Control-Max-Age"] = "86400"
    return response


def _check_format(params) -> None:
    fmt = params.get("format", "json")
    if fmt != "json":
        raise BadRequest({"format": [_("The API only returns JSON: use format=json.")]})


def _positive_int(params, name: str, default: int) -> int:
    raw = params.get(name)
    if raw is None:
        return default
    # ASCII digits only: int() would also take " 2", "1_0" and "٢", which are no integers
    # in the sense of the OpenAPI document.
    if not INTEGER.fullmatch(raw):
        raise BadRequest({name: [_("Enter a whole number.")]})
    # A huge number is still a number (a page after the last, a size above the maximum); the
    # digits are not all converted (Python refuses more than 4,300).
    sign, digits = ("-", raw[1:]) if raw.startswith("-") else ("", raw)
    value = int(sign + (digits.lstrip("0") or "0")[:MAX_INTEGER_DIGITS])
    if value < 1:
        raise BadRequest({name: [_("Enter a number of 1 or more.")]})
    return value


def _refuse_empty(params, names) -> None:
    """An empty value (``kind=``) is refused like any other value the parameter does not take:
    a client that sends one most likely lost the value it meant to send."""
    empty = [name for name in names if name != "q" and "" in params.getlist(name)]
    if empty:
        raise BadRequest({name: [_("Enter a value or leave the parameter out.")] for name in empty})


def api_view(view):
    """Read-only; answer BadRequest with 400 and Http404 with 404, both as JSON problems."""

    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS":
            return _options()
        if request.method not in ("GET", "HEAD"):
            return problem_response(
                HTTPStatus.METHOD_NOT_ALLOWED,
                _("The API is read-only."),
                headers={"Allow": ALLOW},
            )
        if any("\x00" in key + "".join(values) for key, values in request.GET.lists()):
            return problem_response(
                HTTPStatus.BAD_REQUEST, _("Parameters must not contain NUL bytes.")
            )
        try:
            _check_format(request.GET)
            return view(request, *args, **kwargs)
        except BadRequest as error:
            return problem_response(
                HTTPStatus.BAD_REQUEST, _("Check the parameters."), errors=error.errors
            )
        except Http404:
            return problem_response(HTTPStatus.NOT_FOUND, _("There is no published entry here."))

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    wrapped.is_api_view = True  # errors outside the view answer in JSON too (problems.py)
    return csrf_exempt(wrapped)


def _absolute(request):
    base = request.build_absolute_uri("/").rstrip("/")
    return lambda path: base + path


def _page_link(request, page: int) -> str:
    params = request.GET.copy()
    params["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def _list(request, record_type: RecordType, entries) -> JsonResponse:
    """``entries``: a ``directory.listing.facets.Results`` (the total from the index, one query
    for the page)."""
    page_number = _positive_int(request.GET, "page", 1)
    page_size = min(_positive_int(request.GET, "page_size", DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE)
    paginator = Paginator(entries, page_size)
    if page_number > max(paginator.num_pages, 1):
        pages = paginator.num_pages
        return problem_response(
            HTTPStatus.NOT_FOUND,
            ngettext(
                "There is no page %(page)s: the list has %(pages)s page.",
                "There is no page %(page)s: the list has %(pages)s pages.",
                pages,
            )
            % {"page": page_number, "pages": pages},
        )
    page = paginator.page(page_number)
    absolute = _absolute(request)
    return json_response(
        {
            "count": paginator.count,
            "page": page_number,
            "page_size": page_size,
            "next": _page_link(request, page_number + 1) if page.has_next() else None,
            "previous": _page_link(request, page_number - 1) if page.has_previous() else None,
            "results": [record_type.to_record(entry, absolute) for entry in page.object_list],
        }
    )


def _results_or_400(finder, params):
    found, errors = finder(params)
    if errors:
        raise BadRequest(errors)
    return found


API_LIST_PARAMS = ("page", "page_size", "format")


LIST_PARAMETERS = ("sort", "page", "page_size")


@pagecache.understands(*OrganisationFilter.base_filters, "sort", *API_LIST_PARAMS)
@api_view
def organisation_list(request):
    _refuse_empty(request.GET, [*OrganisationFilter.base_filters, *LIST_PARAMETERS])
    return _list(request, ORGANISATIONS, _results_or_400(results.organisations, request.GET))


@pagecache.understands(*TwinningFilter.base_filters, "sort", *API_LIST_PARAMS)
@api_view
def twinning_list(request):
    _refuse_empty(request.GET, [*TwinningFilter.base_filters, *LIST_PARAMETERS])
    return _list(request, TWINNINGS, _results_or_400(results.twinnings, request.GET))


@api_view
def organisation_detail(request, slug: str):
    entry = Organisation.objects.published().for_export().filter(slug=slug).first()
    if entry is None:
        raise Http404
    return json_response(ORGANISATIONS.to_record(entry, _absolute(request)))


@api_view
def twinning_detail(request, slug: str):
    entry = Twinning.objects.published().for_export().filter(slug=slug).first()
    if entry is None:
        raise Http404
    return json_response(TWINNINGS.to_record(entry, _absolute(request)))


@api_view
def country_list(request):
    """Countries with published organisations, and the five focus countries."""
    countries = Country.objects.with_public_counts().order_by("code")
    return json_response(
        {
            "results": [
                {
                    "code": country.code,
                    "name": country.name,
                    "is_focus": country.is_focus,
                    "organisation_count": country.organisation_count,
                }
                for country in countries
                if country.is_focus or country.organisation_count
            ]
        }
    )


COUNTRY_CODE_LENGTH = 2


@api_view
def country_fact_list(request):
    """Sourced, dated facts about the countries, optionally of one country (``?country=KZ``)."""
    from directory.countries.records import fact_records

    _refuse_empty(request.GET, ["country"])
    country = request.GET.get("country", "")
    if country and not (
        len(country) == COUNTRY_CODE_LENGTH and country.isascii() and country.isalpha()
    ):
        raise BadRequest({"country": [_("Enter a two-letter country code, e.g. KZ.")]})
    if country and not Country.objects.filter(code=country.upper()).exists():
        raise BadRequest({"country": [_("Unknown value: %(values)s") % {"values": country}]})
    return json_response({"results": fact_records(country.upper() or None)})


@pagecache.understands("state", "country", "field", "format")
@api_view
def opportunity_list(request):
    """Twinning opportunities (``directory.matchmaking.opportunities``), filtered like the page."""
    from directory.matchmaking import opportunities

    _refuse_empty(request.GET, ["state", "country", "field"])
    form, found = opportunities.find(request.GET, shown=None)
    if form.errors:
        raise BadRequest({name: [str(e) for e in errors] for name, errors in form.errors.items()})
    return json_response({"results": opportunities.records(found, _absolute(request))})


@pagecache.understands("country", "field", "kind", "format")
@api_view
def partner_request_list(request):
    """The open partner requests (``directory.matchmaking.requests``), filtered like the list."""
    from directory.matchmaking import requests as partner_requests

    _refuse_empty(request.GET, ["country", "field", "kind"])
    form = partner_requests.FilterForm(request.GET)
    values = form.valid_values()
    if form.errors:
        raise BadRequest({name: [str(e) for e in errors] for name, errors in form.errors.items()})
    found = partner_requests.filtered(values).for_list()
    return json_response({"results": partner_requests.records(found, _absolute(request))})


@api_view
def field_list(request):
    fields = CooperationField.objects.with_public_counts()
    return json_response(
        {
            "results": [
                {
                    "slug": field.slug,
                    "name": field.name,
                    "description": field.description,
                    "organisation_count": field.organisation_count,
                }
                for field in fields
            ]
        }
    )


@api_view
def index(request):
    absolute = _absolute(request)
    return json_response(
        {
            "organisations": absolute(reverse("data:api-organisation-list")),
            "twinnings": absolute(reverse("data:api-twinning-list")),
            "programmes": absolute(reverse("data:api-programme-list")),
            "calls": absolute(reverse("data:api-call-list")),
            "events": absolute(reverse("data:api-event-list")),
            "countries": absolute(reverse("data:api-country-list")),
            "fields": absolute(reverse("data:api-field-list")),
            "country_facts": absolute(reverse("data:api-country-fact-list")),
            "twinning_opportunities": absolute(reverse("data:api-opportunity-list")),
            "partner_requests": absolute(reverse("data:api-partner-request-list")),
            "openapi": absolute(reverse("data:api-openapi")),
            "documentation": absolute(reverse("directory:api-docs")),
            "licence": settings.DATA_LICENCE,
        }
    )


@api_view
def openapi(request):
    return json_response(openapi_document(request.build_absolute_uri("/").rstrip("/")))
