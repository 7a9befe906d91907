"""What the CSV import needs to know about programmes, calls and events beyond their columns
(directory/curation/imports.py holds the layouts): a call's deadline read in the call's own time
zone, and the friendly message for each database rule a row can break."""

from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.db import models
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

#: A deadline given as a bare date means the end of that day (as in the demo data).
END_OF_DAY = time(23, 59)


def read_deadline(data: dict[str, Any], existing: models.Model | None, present: list[str]) -> None:
    """Turn the ``deadline`` cell into the moment it names, in the row's ``deadline_timezone``
    (else the stored one, else the site's zone), and set ``deadline_time_known``.

    A bare date (``2026-12-01``) is the end of that day; a wall-clock time
    (``2026-12-01 18:00``) is read in the zone; a time with an offset is taken as written. A cell
    that does not parse is left for the form, which reports it.
    """
    value = data.get("deadline")
    if not isinstance(value, str) or not value:  # kept the stored value, or a new entry's default
        data["deadline_time_known"] = existing.deadline_time_known if existing else True
        return
    if "deadline_timezone" in present:
        zone_name = data.get("deadline_timezone") or ""
    else:
        zone_name = existing.deadline_timezone if existing else ""
    try:
        zone = ZoneInfo(zone_name or settings.TIME_ZONE)
        day = parse_date(value)  # first: Python reads a bare date as a datetime at midnight
        moment = None if day else parse_datetime(value)
    except (ZoneInfoNotFoundError, ValueError):
        return  # an unknown zone or an impossible date: the form's validation says which
    if day is not None:
        data["deadline"] = datetime.combine(day, END_OF_DAY, tzinfo=zone)
        data["deadline_time_known"] = False
    elif moment is not None:
        data["deadline"] = moment if moment.tzinfo else moment.replace(tzinfo=zone)
        data["deadline_time_known"] = True


def write_deadline(call) -> str:
    """The deadline as the call states it: wall-clock time in its own zone (a bare date when
    the call gives no time of day), so that the import reads it back unchanged."""
    local = call.local_deadline
    if not call.deadline_time_known and local.time() == END_OF_DAY:
        return local.date().isoformat()
    return local.replace(tzinfo=None).isoformat(
        sep=" ", timespec="seconds" if local.second else "minutes"
    )


def constraint_messages() -> dict[str, tuple[str, str]]:
    """(column, message) for each named database rule of programmes, calls and events; the
    preview shows these instead of Django's message, which names the constraint."""
    return {
        "programme_amount_min_not_above_max": (
            "amount_max",
            _("The largest amount cannot be below the smallest."),
        ),
        "programme_amounts_not_negative": ("amount_min", _("Amounts cannot be negative.")),
        "programme_currency_iso_code": (
            "currency",
            _("Give the three capital letters of the currency, e.g. EUR."),
        ),
        "programme_amount_has_currency": ("currency", _("Give the currency of the amounts.")),
        "call_deadline_not_before_opening": (
            "deadline",
            _("The deadline cannot lie before the opening."),
        ),
        "event_ends_not_before_start": ("ends_on", _("An event cannot end before it starts.")),
    }
