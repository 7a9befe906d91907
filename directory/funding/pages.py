"""Where programmes, calls and events appear beside the other entries: an organisation's page
(what it funds, issues, organises or attends), a country's and a field's page (open calls,
upcoming events) and the home page (calls closing soon, the next events). Each is a fixed
number of queries, whatever the size of the directory: the short lists on country, field and
home pages show compact cards (no country and field tags), one query per list."""

from django.db.models import Q
from django.utils import timezone

from directory.models import Call, Event, Organisation, Programme

SHOWN = 5


def _open_calls(filters: Q | None = None, limit: int = SHOWN) -> list[Call]:
    now = timezone.now()
    calls = Call.objects.published().not_closed(now).with_state(now).filter(filters or Q())
    calls = calls.select_related("programme", "organisation").distinct()
    return list(calls.order_by("deadline", "pk")[:limit])


def _upcoming_events(filters: Q | None = None, limit: int = SHOWN) -> list[Event]:
    today = timezone.localdate()
    events = Event.objects.published().upcoming(today).with_state(today).filter(filters or Q())
    events = events.select_related("place__country").distinct()
    return list(events.order_by("starts_on", "pk")[:limit])


def appearing(index) -> frozenset[int]:
    """The organisations ``for_organisation`` finds anything for: funders of published
    programmes, organisations issuing published calls (themselves or through a programme they
    fund), organisers and participants of published events. One query per data change: kept on
    the organisation list's ``index`` (``matchmaking.partners.name_index``), which a change
    replaces, as the partners' seats are."""

    def make():
        columns = [
            (Programme, "funder"),
            (Call, "organisation"),
            (Call, "programme__funder"),
            (Event, "organisers"),
            (Event, "participants"),
        ]
        first, *rest = [
            model.objects.published().order_by().values_list(path, flat=True)
            for model, path in columns
        ]
        return frozenset(first.union(*rest)) - {None}

    return index.kept("funding_appearances", make)


def for_organisation(organisation: Organisation, index=None) -> dict[str, list]:
    """The programmes it funds, the calls it issues (itself or through its programmes) and the
    events it organises or takes part in; published ones, closed calls and past events too.

    With the organisation list's ``index``, an organisation that appears in none of them (most
    do not) costs no query (``appearing``)."""
    if index is not None and organisation.pk not in appearing(index):
        return {"programmes": [], "calls": [], "events": []}
    programmes = Programme.objects.published().filter(funder=organisation).for_list()
    calls = (
        Call.objects.published()
        .filter(Q(organisation=organisation) | Q(programme__funder=organisation))
        .with_state()
        .for_list()
        .order_by("closed_rank", "open_deadline", "-deadline", "pk")
    )
    events = (
        Event.objects.published()
        .filter(Q(organisers=organisation) | Q(participants=organisation))
        .distinct()
        .with_state()
        .for_list()
        .order_by("past_rank", "upcoming_start", "-starts_on", "pk")
    )
    return {
        "programmes": list(programmes.order_by("pk")[:20]),
        "calls": list(calls[:20]),
        "events": list(events[:20]),
    }


def for_country(code: str) -> dict[str, list]:
    return {
        "open_calls": _open_calls(Q(countries__code=code)),
        "upcoming_events": _upcoming_events(Q(countries__code=code)),
    }


def for_field(slug: str) -> dict[str, list]:
    return {
        "open_calls": _open_calls(Q(fields__slug=slug)),
        "upcoming_events": _upcoming_events(Q(fields__slug=slug)),
    }


def for_home() -> dict[str, list]:
    """Calls closing soonest (open ones, soonest deadline first) and the next events."""
    return {"open_calls": _open_calls(limit=3), "upcoming_events": _upcoming_events(limit=3)}
