"""Programmes, calls and events in the read-only JSON API (/api/programmes/, /api/calls/,
/api/events/ and one record each): their public records, described once here for the API and
the OpenAPI document (``directory.opendata.openapi``), and the views. Lists take the same filters,
search and sort as the HTML lists (the same FilterSets and index); records hold published data only.
"""

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from directory.funding.filters import CallFilter, EventFilter, ProgrammeFilter
from directory.listing import pagecache, results
from directory.listing.facets import Results
from directory.models import (
    ApplicantKind,
    Call,
    CallKind,
    CallState,
    Event,
    EventKind,
    EventWhen,
    Programme,
    ProgrammeStatus,
)
from directory.opendata.serializers import (
    _COMMON_HEAD,
    _COMMON_TAIL,
    Absolute,
    FieldDoc,
    RecordType,
    _common_head,
    _common_tail,
    place_record,
)
from directory.paths import slug_path
from directory.querysets import SOURCES
from directory.views.api import (
    API_LIST_PARAMS,
    LIST_PARAMETERS,
    _absolute,
    _list,
    _refuse_empty,
    _results_or_400,
    api_view,
    json_response,
)

_SHARED = [
    FieldDoc("name", "string", _("Name, usually German.")),
    FieldDoc("description", "string", _("Description, usually German.")),
    FieldDoc("countries", "array", _("Countries, as ISO 3166-1 alpha-2 codes."), items="string"),
    FieldDoc(
        "fields",
        "array",
        _("Fields of cooperation, as slugs (see /api/fields/)."),
        items="string",
    ),
    FieldDoc("web_address", "string", _("Its own web page; may be empty.")),
]

PROGRAMME_FIELDS = [
    *_COMMON_HEAD,
    *_SHARED,
    FieldDoc(
        "funder",
        "string",
        _("Slug of the published organisation that funds it."),
        nullable=True,
    ),
    FieldDoc(
        "eligible",
        "array",
        _("Who may apply: kinds of applicants."),
        items="string",
    ),
    FieldDoc("amount_min", "number", _("Smallest amount per grant."), nullable=True),
    FieldDoc("amount_max", "number", _("Largest amount per grant."), nullable=True),
    FieldDoc("currency", "string", _("ISO 4217 code of the amounts; may be empty.")),
    FieldDoc("how_to_apply", "string", _("How to apply, usually German.")),
    FieldDoc("status", "string", _("Whether it runs."), enum=tuple(ProgrammeStatus.values)),
    *_COMMON_TAIL,
]

CALL_FIELDS = [
    *_COMMON_HEAD,
    *_SHARED,
    FieldDoc("kind", "string", _("Kind of opportunity."), enum=tuple(CallKind.values)),
    FieldDoc("programme", "string", _("Slug of its published programme."), nullable=True),
    FieldDoc(
        "organisation",
        "string",
        _("Slug of the published organisation that issues it."),
        nullable=True,
    ),
    FieldDoc("eligibility", "string", _("Who may apply, usually German.")),
    FieldDoc("opens_on", "string", _("Date applications open."), nullable=True, format="date"),
    FieldDoc(
        "deadline",
        "string",
        _("When applications close, with the offset of the call's time zone."),
        format="date-time",
    ),
    FieldDoc(
        "deadline_timezone",
        "string",
        _("The IANA time zone the call states its deadline in; may be empty (German time)."),
    ),
    FieldDoc(
        "deadline_time_known",
        "boolean",
        _("False when the call gives only a date: the deadline is then the end of that day."),
    ),
    FieldDoc(
        "state",
        "string",
        _("Open, closing soon (14 days) or closed, at the time of the answer."),
        enum=tuple(CallState.values),
    ),
    *_COMMON_TAIL,
]

EVENT_FIELDS = [
    *_COMMON_HEAD,
    *_SHARED,
    FieldDoc("kind", "string", _("Kind of event."), enum=tuple(EventKind.values)),
    FieldDoc("starts_on", "string", _("First day."), format="date"),
    FieldDoc("ends_on", "string", _("Last day."), nullable=True, format="date"),
    FieldDoc("place", "object", _("Where it takes place."), nullable=True, ref="Place"),
    FieldDoc("online", "boolean", _("Whether one can take part online.")),
    FieldDoc("organisers", "array", _("Slugs of the published organisers."), items="string"),
    FieldDoc(
        "participants",
        "array",
        _("Slugs of the published participating organisations."),
        items="string",
    ),
    FieldDoc(
        "twinnings", "array", _("Slugs of the published twinnings concerned."), items="string"
    ),
    FieldDoc(
        "when",
        "string",
        _("Upcoming (or running) or past, at the time of the answer."),
        enum=tuple(EventWhen.values),
    ),
    *_COMMON_TAIL,
]


def _published_slug(entry) -> str | None:
    return entry.slug if entry is not None and entry.is_published else None


def _amount(value) -> float | None:
    return None if value is None else float(value)


def _shared(entry, url_name: str, absolute: Absolute) -> dict:
    return {
        **_common_head(entry, slug_path(url_name, entry.slug), absolute),
        "name": entry.name,
        "description": entry.description,
        "countries": [country.code for country in entry.country_list],
        "fields": [field.slug for field in entry.field_list],
        "web_address": entry.url,
    }


def programme_record(programme: Programme, absolute: Absolute) -> dict:
    return {
        **_shared(programme, "data:api-programme-detail", absolute),
        "funder": _published_slug(programme.funder),
        "eligible": [code for code in programme.eligible_list if code in ApplicantKind.values],
        "amount_min": _amount(programme.amount_min),
        "amount_max": _amount(programme.amount_max),
        "currency": programme.currency,
        "how_to_apply": programme.how_to_apply,
        "status": programme.status,
        **_common_tail(programme),
    }


def call_record(call: Call, absolute: Absolute) -> dict:
    return {
        **_shared(call, "data:api-call-detail", absolute),
        "kind": call.kind,
        "programme": _published_slug(call.programme),
        "organisation": _published_slug(call.organisation),
        "eligibility": call.eligibility,
        "opens_on": call.opens_on.isoformat() if call.opens_on else None,
        "deadline": call.local_deadline.isoformat(),
        "deadline_timezone": call.deadline_timezone,
        "deadline_time_known": call.deadline_time_known,
        "state": str(call.current_state),
        **_common_tail(call),
    }


def event_record(event: Event, absolute: Absolute) -> dict:
    return {
        **_shared(event, "data:api-event-detail", absolute),
        "kind": event.kind,
        "starts_on": event.starts_on.isoformat(),
        "ends_on": event.ends_on.isoformat() if event.ends_on else None,
        "place": place_record(event.place),
        "online": event.online,
        "organisers": [org.slug for org in event.organiser_list],
        "participants": [org.slug for org in event.participant_list],
        "twinnings": [twinning.slug for twinning in event.twinning_list],
        "when": "past" if event.is_past_on(_today()) else "upcoming",
        **_common_tail(event),
    }


def _today():
    from django.utils import timezone

    return timezone.localdate()


PROGRAMMES = RecordType("programmes", PROGRAMME_FIELDS, programme_record)
CALLS = RecordType("calls", CALL_FIELDS, call_record)
EVENTS = RecordType("events", EVENT_FIELDS, event_record)


def programme_rows():
    return Programme.objects.published().for_list().prefetch_related(SOURCES)


def call_rows():
    return Call.objects.published().with_state().for_list().prefetch_related(SOURCES)


def event_rows():
    return Event.objects.published().with_state().for_detail()


def _finder(filterset_class, rows):
    def find(params):
        filterset = filterset_class(params, queryset=rows())
        return Results(filterset, rows()), results.rejected(filterset, params)

    return find


LISTS = {
    "programmes": (ProgrammeFilter, PROGRAMMES, _finder(ProgrammeFilter, programme_rows)),
    "calls": (CallFilter, CALLS, _finder(CallFilter, call_rows)),
    "events": (EventFilter, EVENTS, _finder(EventFilter, event_rows)),
}
DETAILS = {"programmes": programme_rows, "calls": call_rows, "events": event_rows}


def _list_view(kind: str):
    filterset_class, record_type, finder = LISTS[kind]

    @pagecache.understands(*filterset_class.base_filters, "sort", *API_LIST_PARAMS)
    @api_view
    def view(request):
        _refuse_empty(request.GET, [*filterset_class.base_filters, *LIST_PARAMETERS])
        return _list(request, record_type, _results_or_400(finder, request.GET))

    view.__name__ = f"{kind}_list"
    return view


def _detail_view(kind: str):
    record_type, rows = LISTS[kind][1], DETAILS[kind]

    @api_view
    def view(request, slug: str):
        entry = rows().filter(slug=slug).first()
        if entry is None:
            raise Http404
        return json_response(record_type.to_record(entry, _absolute(request)))

    view.__name__ = f"{kind}_detail"
    return view


programme_list, call_list, event_list = (_list_view(k) for k in ("programmes", "calls", "events"))
programme_detail, call_detail, event_detail = (
    _detail_view(k) for k in ("programmes", "calls", "events")
)


def export(request, kind: str, fmt: str):
    """The whole result list of ``/<kind>/?<same query string>`` as a CSV, JSON or XLSX download:
    the same rows in the same order as the list page (every spreadsheet cell neutralised like
    the others)."""
    from directory.opendata import exports, xlsx

    if kind not in LISTS or fmt not in (*exports.FORMATS, "xlsx"):
        raise Http404
    _filterset_class, record_type, find = LISTS[kind]
    entries, _errors = find(request.GET)  # unknown filter values are left out, as on the page
    if fmt == "xlsx":
        return xlsx.xlsx_response(
            record_type, entries, request, exports.file_name(record_type, fmt)
        )
    return exports.export_response(record_type, entries, fmt, request)
