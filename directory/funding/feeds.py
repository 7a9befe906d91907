"""Feeds of a call or event list's current filter: iCalendar (deadlines, event days) for
calendar clients, and Atom for feed readers.

iCalendar is written by the ``icalendar`` package: a call's deadline is a moment in the time
zone the call names (``TZID`` with its ``VTIMEZONE``), an event is whole days (``VALUE=DATE``,
the end exclusive as RFC 5545 wants). Atom summaries are plain text (``PlainTextAtomFeed``), so
no curator text is read as markup.
"""

from datetime import timedelta

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from directory.opendata.feeds import atom_response

PRODUCT_ID = "-//Zentralasien-Verzeichnis//Funding and events//DE"
UID_DOMAIN = "zentralasien-verzeichnis"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def _text(entry) -> str:
    return Truncator(entry.description or "").words(80)


def calls_calendar(request, calls, filterset, *, filename: str = "calls.ics") -> HttpResponse:
    calendar = _calendar(_("Deadlines of calls"))
    for call in calls:
        item = CalendarEvent()
        item.add("uid", f"call-{call.pk}@{UID_DOMAIN}")
        item.add("dtstamp", call.updated_at)
        item.add("summary", _("Deadline: %(call)s") % {"call": call.name})
        deadline = call.local_deadline
        if call.deadline_time_known:
            item.add("dtstart", deadline)
            item.add("dtend", deadline)
        else:  # the call names a day only: an all-day entry on that day
            item.add("dtstart", deadline.date())
            item.add("dtend", deadline.date() + timedelta(days=1))
        item.add("url", request.build_absolute_uri(call.get_absolute_url()))
        if text := _text(call):
            item.add("description", text)
        calendar.add_component(item)
    calendar.add_missing_timezones()
    return _ics(calendar, filename)


def events_calendar(request, events, filterset, *, filename: str = "events.ics") -> HttpResponse:
    calendar = _calendar(_("Events"))
    for event in events:
        item = CalendarEvent()
        item.add("uid", f"event-{event.pk}@{UID_DOMAIN}")
        item.add("dtstamp", event.updated_at)
        item.add("summary", event.name)
        item.add("dtstart", event.starts_on)
        item.add("dtend", event.last_day + timedelta(days=1))
        if location := event_location(event):
            item.add("location", location)
        item.add("url", request.build_absolute_uri(event.get_absolute_url()))
        if text := _text(event):
            item.add("description", text)
        calendar.add_component(item)
    return _ics(calendar, filename)


def event_location(event) -> str:
    parts = []
    if event.place_id:
        parts.append(f"{event.place.name}, {event.place.country.name}")
    if event.online:
        parts.append(_("online"))
    return " · ".join(parts)


def _ics(calendar: Calendar, filename: str) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def calls_atom(request, calls, filterset) -> HttpResponse:
    def describe(call) -> str:
        deadline = timezone.localtime(call.deadline, call.zone)
        if call.deadline_time_known:
            when = _("Deadline: %(date)s (%(zone)s)") % {
                "date": deadline.strftime("%Y-%m-%d %H:%M"),
                "zone": call.zone_name,
            }
        else:
            when = _("Deadline: %(date)s") % {"date": deadline.date().isoformat()}
        return f"{when}. {call.state_label}. {_text(call)}".strip()

    return atom_response(request, _("Zentralasien-Verzeichnis: calls"), calls, describe)


def events_atom(request, events, filterset) -> HttpResponse:
    def describe(event) -> str:
        days = event.starts_on.isoformat()
        if event.ends_on and event.ends_on != event.starts_on:
            days += f" – {event.ends_on.isoformat()}"
        location = event_location(event)
        return " · ".join(part for part in (days, location, _text(event)) if part)

    return atom_response(request, _("Zentralasien-Verzeichnis: events"), events, describe)
