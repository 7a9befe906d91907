"""Demo funding programmes, calls and events (``directory/demo/funding.json``), loaded by
``directory.demo.loader.load_demo_data`` with the same rules as the other demo entries: created when
missing, a field written only while it still holds what the loader wrote last, never over a
curator's change, and every entry with its sources.

Every entry comes from sources a person read (``sources``: address, title, date read); an entry
without a source is not loaded. A funder, organiser or participant that is not an organisation of
the directory is left out (``DemoFunding.missing`` names them); so is a place not in the
directory. An entry's ``last_verified`` is the latest date one of its sources was read.

Conventions of the file (see its ``about``): ``status`` null means no source says whether a
programme still runs ("not stated"); ``countries_stated`` are countries outside Central Asia a
programme covers, loaded where the directory knows the country; a ``deadline`` given as a bare
date (no time of day in the source) becomes the end of that day in the call's time zone (German
time without one), marked so that pages show the date only. A call without its own countries and
fields takes its programme's; an event without countries takes those of its place (where Central
Asian) and of the twinnings it concerns. ``venue`` (free text) is not loaded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from directory.models import (
    Call,
    CooperationField,
    Country,
    Event,
    Organisation,
    Place,
    Programme,
    PublicationStatus,
    Twinning,
)

if TYPE_CHECKING:
    from directory.demo.loader import ModelCounts, _Loader

FILE_NAME = "funding.json"
LANGUAGES = ("en", "ru")


@dataclass
class DemoFunding:
    """What the funding file held that the directory could not link, for the command's report."""

    missing: dict[str, set[str]] = field(default_factory=dict)

    def note(self, what: str, name: str) -> None:
        self.missing.setdefault(what, set()).add(name)


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _amount(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _translated(entry: dict[str, Any], name: str, key: str | None = None) -> dict[str, Any]:
    """``name_de``/``name_en``/``name_ru`` from ``key``, ``key_en``, ``key_ru`` of an entry."""
    key = key or name
    values = {f"{name}_de": entry.get(key) or ""}
    for language in LANGUAGES:
        values[f"{name}_{language}"] = entry.get(f"{key}_{language}") or None
    if name != "name":
        values = {k: v or "" for k, v in values.items()}
    return values


def deadline(value: str, zone: str | None) -> tuple[datetime, bool]:
    """The deadline and whether the source gave a time of day (a bare date: end of that day)."""
    if "T" in value:
        return datetime.fromisoformat(value), True
    end_of_day = datetime.combine(date.fromisoformat(value), time(23, 59))
    return end_of_day.replace(tzinfo=ZoneInfo(zone or "Europe/Berlin")), False


def _verified(sources: list[dict[str, Any]]) -> date | None:
    dates = [_date(source.get("read_on")) for source in sources if source.get("read_on")]
    return max(dates, default=None)


class FundingLoader:
    def __init__(self, loader: _Loader, report: DemoFunding) -> None:
        self.loader = loader
        self.report = report
        self.fields = {f.slug: f for f in CooperationField.objects.all()}
        self.programmes: dict[str, Programme | None] = {}

    # -- look-ups that tolerate what the directory does not hold --------------------------------

    def organisation(self, name: str | None, role: str) -> Organisation | None:
        if not name:
            return None
        found = self.loader._organisations.get(name)
        if found is None:
            found = Organisation.objects.filter(name=name).first()
        if found is None:
            self.report.note(role, name)
        return found

    def organisations(self, names: list[str], role: str) -> list[Organisation]:
        found = [self.organisation(name, role) for name in names]
        return [organisation for organisation in found if organisation is not None]

    def countries(self, codes: list[str]) -> list:
        return [self.loader.country(code) for code in codes]

    def field_objects(self, slugs: list[str]) -> list[CooperationField]:
        from directory.demo.loader import DemoDataError

        unknown = [slug for slug in slugs if slug not in self.fields]
        if unknown:
            raise DemoDataError(f"Fields of cooperation not seeded: {unknown}.")
        return [self.fields[slug] for slug in sorted(set(slugs))]

    def place(self, key: list[str] | None) -> Place | None:
        if not key:
            return None
        name, country = key
        place = Place.objects.filter(name_de=name, country__code=country).first()
        if place is None:
            self.report.note("place", f"{name} ({country})")
        return place

    def twinnings(self, pairs: list[list[str]]) -> list[Twinning]:
        found = []
        for german, central_asian in pairs:
            twinning = Twinning.objects.filter(
                german_place__name_de=german, central_asian_place__name_de=central_asian
            ).first()
            if twinning is None:
                self.report.note("twinning", f"{german} – {central_asian}")
            else:
                found.append(twinning)
        return found

    # -- entries ---------------------------------------------------------------------------------

    def _common(self, entry: dict[str, Any]) -> dict[str, Any]:
        return {
            **_translated(entry, "description"),
            "url": entry.get("url") or "",
            "publication_status": PublicationStatus.PUBLISHED,
            "last_verified": _verified(entry["sources"]),
            "countries": self.countries(entry.get("countries") or []),
            "fields": self.field_objects(entry.get("fields") or []),
        }

    def _sync(self, counts: ModelCounts, model, name: str, wanted: dict[str, Any], sources):
        from directory.demo.loader import source_items

        instance, _outcome = self.loader.sync(
            counts, model=model, key=name, natural={"name_de": name}, wanted=wanted
        )
        if instance is not None:
            self.loader.sync_sources(instance, key=name, items=source_items({"sources": sources}))
        return instance

    def load_programmes(self, entries: list[dict[str, Any]], counts: ModelCounts) -> None:
        for entry in entries:
            if not entry.get("sources"):
                self.report.note("programme without a source (left out)", entry["name"])
                continue
            wanted = {
                **_translated(entry, "name"),
                **self._common(entry),
                **_translated(entry, "how_to_apply"),
                "funder": self.organisation(entry.get("funder"), "funder"),
                "eligible": " ".join(entry.get("eligible", [])),
                "amount_min": _amount(entry.get("amount_min")),
                "amount_max": _amount(entry.get("amount_max")),
                "currency": entry.get("currency") or "",
                "status": entry.get("status") or "unknown",
            }
            stated = entry.get("countries_stated") or []
            wanted["countries"] += list(Country.objects.filter(code__in=stated).order_by("code"))
            self.programmes[entry["name"]] = self._sync(
                counts, Programme, entry["name"], wanted, entry["sources"]
            )

    def load_calls(self, entries: list[dict[str, Any]], counts: ModelCounts) -> None:
        for entry in entries:
            name = entry.get("title") or entry["name"]
            if not entry.get("sources") or not entry.get("deadline"):
                self.report.note("call without a source or deadline (left out)", name)
                continue
            programme = None
            if entry.get("programme"):
                programme = self.programmes.get(entry["programme"])
                if programme is None:
                    self.report.note("programme", entry["programme"])
            key = "title" if "title" in entry else "name"
            moment, time_known = deadline(entry["deadline"], entry.get("deadline_timezone"))
            wanted = {
                **_translated(entry, "name", key),
                **self._common(entry),
                **_translated(entry, "eligibility"),
                "programme": programme,
                "organisation": self.organisation(entry.get("organisation"), "organisation"),
                "kind": entry["kind"],
                "opens_on": _date(entry.get("opens_on")),
                "deadline": moment,
                "deadline_time_known": time_known,
                "deadline_timezone": entry.get("deadline_timezone") or "",
            }
            if programme is not None:  # a call reaches what its programme does
                wanted["countries"] = wanted["countries"] or list(programme.countries.all())
                wanted["fields"] = wanted["fields"] or list(programme.fields.all())
            self._sync(counts, Call, name, wanted, entry["sources"])

    def load_events(self, entries: list[dict[str, Any]], counts: ModelCounts) -> None:
        for entry in entries:
            if not entry.get("sources"):
                self.report.note("event without a source (left out)", entry["name"])
                continue
            wanted = {
                **_translated(entry, "name"),
                **self._common(entry),
                "kind": entry.get("kind") or "other",
                "starts_on": _date(entry["starts_on"]),
                "ends_on": _date(entry.get("ends_on")),
                "place": self.place(entry.get("place")),
                "online": bool(entry.get("online")),
                "organisers": self.organisations(entry.get("organisers") or [], "organiser"),
                "participants": self.organisations(entry.get("participants") or [], "participant"),
                "twinnings": self.twinnings(entry.get("twinnings") or []),
            }
            if not wanted["countries"]:
                wanted["countries"] = _event_countries(wanted["place"], wanted["twinnings"])
            self._sync(counts, Event, entry["name"], wanted, entry["sources"])


def _event_countries(place: Place | None, twinnings: list[Twinning]) -> list:
    countries = {twinning.central_asian_place.country for twinning in twinnings}
    if place is not None and place.country.is_focus:
        countries.add(place.country)
    return sorted(countries, key=lambda country: country.code)


def load_funding(loader: _Loader, data: dict[str, Any], result) -> DemoFunding:
    report = DemoFunding()
    funding = FundingLoader(loader, report)
    funding.load_programmes(data.get("programmes", []), result.programmes)
    funding.load_calls(data.get("calls", []), result.calls)
    funding.load_events(data.get("events", []), result.events)
    return report


def describe_missing(report: DemoFunding) -> list[str]:
    """One line per kind of name the directory could not link."""
    return [
        f"Named as text, without an entry of their own ({what}): "
        + json.dumps(sorted(names), ensure_ascii=False)
        for what, names in sorted(report.missing.items())
    ]
