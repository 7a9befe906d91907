"""Load the demo data in ``directory/demo/*.json`` idempotently.

The JSON files are hand-curated from the researched facts (places, organisations, twinnings) and
refer to each other by natural keys: a place by ``[name, country code]``, an organisation by its
name, a twinning by its German and Central Asian place.

Places get their English and Russian names (``name_en``, ``name_ru``) from an entry's ``names``
where given, else from its first current alternative name in that language ("Бишкек", language
"ky, ru"); without either, the German name is shown in that language. Descriptions are German,
with ``description_en`` and ``description_ru`` beside them. An entry's ``sources`` are objects
(``url``, ``title``, ``read_on``) that become ``Source`` rows; the older ``source`` list of bare
addresses is still read. ``last_verified`` is the date the facts were checked.

Loading again never overwrites what a curator changed (``make run`` loads every time):

- an entry missing from the database is created, and its first version is written to the history
  ("Created from the demo data");
- a field is written only while it still holds the value the loader wrote last time
  (``DemoRecord`` keeps those values per entry), so a change in the demo files reaches the
  database, but a field a curator edited keeps the curator's value, however the files change.
  Every such write is a version in the history ("Updated from the demo data: …");
- an entry is recognised by the record even after a curator renamed it; an entry the loader
  created and a curator deleted is not created again;
- a source is added once: the record keeps the addresses the loader added, so a source a
  curator deleted or re-addressed is not added again, while a source new in the files is;
- entries loaded before these records existed count as the loader's own while they have no
  history at all (nobody edited them in the admin); otherwise only their empty fields are filled
  (as are fields the loader manages since recently).

Fields the files do not manage (an organisation's e-mail, slugs) are left alone, and rows that are
not in the files are never touched. Loading twice changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import reversion
from django.conf import settings
from django.db import models, transaction
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_noop
from reversion.models import Version

from directory.curation.history import field_label
from directory.demo import funding as funding_demo
from directory.models import (
    CooperationField,
    Country,
    DemoRecord,
    Organisation,
    Place,
    PlaceAlias,
    Source,
    Twinning,
)

DEMO_DIR = Path(__file__).resolve().parent

#: The free-text fields of organisations.csv mapped onto the seeded field slugs.
#: An empty tuple means "too vague to file under a field"; an unknown term is an error.
FIELD_SLUGS: dict[str, tuple[str, ...]] = {
    "German language": ("german-language",),
    "German language (PASCH schools)": ("german-language", "education"),
    "German minority": ("german-language",),
    "adult education": ("education",),
    "alumni network": ("education",),
    "architecture/urban workshops": ("culture",),
    "civil-society cooperation": (),
    "civil-society exchange": ("youth-exchange",),
    "climate": ("environment",),
    "contemporary history": ("culture",),
    "crafts": ("culture",),
    "culture": ("culture",),
    "democratisation": ("democratisation",),
    "desert ecosystems": ("environment",),
    "development": ("economy",),
    "economy": ("economy",),
    "education": ("education",),
    "education (joint master programmes)": ("education",),
    "energy": ("economy",),
    "environment": ("environment",),
    "environment seminars": ("environment",),
    "exchange funding": ("youth-exchange",),
    "fair trade": ("economy",),
    "film": ("culture",),
    "health (medical hospitations)": ("health",),
    "higher education": ("education",),
    "history": ("culture",),
    "history and identity": ("culture",),
    "information and contacts": (),
    "integration": ("social-justice",),
    "internships": ("youth-exchange",),
    "journalism": ("media",),
    "journalism/media": ("media",),
    "land use": ("environment",),
    "local self-government": ("democratisation",),
    "media": ("media",),
    "media freedom": ("media",),
    "media law": ("media",),
    "municipal partnership Bonn-Bukhara": ("municipal-partnership",),
    "networking": (),
    "parliamentarism": ("democratisation",),
    "press freedom": ("media",),
    "prevention of domestic violence": ("human-rights",),
    "professional exchange": ("youth-exchange",),
    "protected areas": ("environment",),
    "public administration": ("democratisation",),
    "public administration education": ("education", "democratisation"),
    "regional cooperation": (),
    "renewable energy": ("economy", "environment"),
    "rule of law": ("democratisation",),
    "scholarships": ("education",),
    "school/youth projects (SPICE)": ("education", "youth-exchange"),
    "science": ("science",),
    "science (botany, landscape ecology)": ("science",),
    "science (geosciences)": ("science",),
    "social and medical support": ("health",),
    "social and youth work": ("health", "youth-exchange"),
    "social justice": ("social-justice",),
    "social support": ("health",),
    "sustainability": ("environment",),
    "sustainable land use": ("environment",),
    "teacher training": ("education",),
    "technology": ("science",),
    "town twinning": ("municipal-partnership",),
    "trade unions": ("social-justice",),
    "training": ("education",),
    "women": ("human-rights",),
    "women in politics": ("human-rights", "democratisation"),
    "women's rights": ("human-rights",),
    "youth": ("youth-exchange",),
    "youth camps": ("youth-exchange",),
    "youth exchange": ("youth-exchange",),
}

#: German names for countries the demo data may need beyond the seeded ones.
COUNTRY_NAMES_DE = {
    "DE": "Deutschland",
    "KZ": "Kasachstan",
    "KG": "Kirgisistan",
    "TJ": "Tadschikistan",
    "TM": "Turkmenistan",
    "UZ": "Usbekistan",
}

#: Organisation keys a demo entry may leave out (then the field is left as it is).
OPTIONAL_ORGANISATION_KEYS = ("email", "wikidata_id", "wikipedia_url", "german_office")

Progress = Callable[[str, int, int], None]

CREATED_COMMENT = gettext_noop("Created from the demo data")
UPDATED_COMMENT = gettext_noop("Updated from the demo data: %(fields)s")


def history_comment(
    message: str, model: type[models.Model] | None = None, names: Iterable[str] = ()
) -> str:
    """A history comment in the admin's default language (German), fields by their names for
    curators ("Name (Russisch)", not ``name_ru``): the loader runs without a curator, and a
    history comment is stored as written."""
    with translation.override(settings.LANGUAGE_CODE):
        if model is None:
            return gettext(message)
        labels = [_field_label(model, name) for name in names]
        return gettext(message) % {"fields": ", ".join(labels)}


def _field_label(model: type[models.Model], name: str) -> str:
    if name == ALIASES:
        return str(capfirst(PlaceAlias._meta.verbose_name_plural))
    return field_label(model._meta.get_field(name))


class DemoDataError(ValueError):
    """The demo files contradict themselves or the seeded data."""


@dataclass
class ModelCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # fields left as a curator changed them
    deleted: int = 0  # entries a curator deleted, not created again

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class LoadResult:
    places: ModelCounts = field(default_factory=ModelCounts)
    organisations: ModelCounts = field(default_factory=ModelCounts)
    twinnings: ModelCounts = field(default_factory=ModelCounts)
    programmes: ModelCounts = field(default_factory=ModelCounts)
    calls: ModelCounts = field(default_factory=ModelCounts)
    events: ModelCounts = field(default_factory=ModelCounts)
    funding_notes: list[str] = field(default_factory=list)  # names the directory lacks

    def _all(self) -> tuple[ModelCounts, ...]:
        return (
            self.places,
            self.organisations,
            self.twinnings,
            self.programmes,
            self.calls,
            self.events,
        )

    @property
    def created(self) -> int:
        return sum(c.created for c in self._all())

    @property
    def updated(self) -> int:
        return sum(c.updated for c in self._all())

    @property
    def unchanged(self) -> int:
        return sum(c.unchanged for c in self._all())

    @property
    def kept(self) -> int:
        return sum(c.kept for c in self._all())

    @property
    def deleted(self) -> int:
        return sum(c.deleted for c in self._all())

    def _funding_counts(self) -> str:
        counts = (self.programmes.total, self.calls.total, self.events.total)
        if not any(counts):
            return ""
        return ", {} programmes, {} calls, {} events".format(*counts)

    def summary(self) -> str:
        line = (
            f"Demo data: {self.places.total} places, {self.organisations.total} organisations, "
            f"{self.twinnings.total} twinnings{self._funding_counts()} "
            f"(created {self.created}, updated {self.updated}, unchanged {self.unchanged})"
        )
        if self.kept:
            line += f"; kept {self.kept} fields as curators changed them"
        if self.deleted:
            line += f"; left out {self.deleted} entries curators deleted"
        return line + "."


def read_demo_file(name: str) -> dict[str, Any]:
    """One of the demo JSON files, with decimals kept exact."""
    with (DEMO_DIR / name).open(encoding="utf-8") as fh:
        return json.load(fh, parse_float=Decimal)


@transaction.atomic
def load_demo_data(*, progress: Progress | None = None) -> LoadResult:
    """Create the missing demo entries and bring the loader's own fields up to date (see the
    module's docstring); return what changed."""
    loader = _Loader(progress=progress)
    loader.load_places(read_demo_file("places.json")["places"])
    loader.load_organisations(read_demo_file("organisations.json")["organisations"])
    loader.load_twinnings(read_demo_file("twinnings.json")["twinnings"])
    if (DEMO_DIR / funding_demo.FILE_NAME).exists():
        report = funding_demo.load_funding(
            loader, read_demo_file(funding_demo.FILE_NAME), loader.result
        )
        loader.result.funding_notes = funding_demo.describe_missing(report)
    loader.finish()
    return loader.result


TRANSLATED_LANGUAGES = ("en", "ru")


def place_names(entry: dict[str, Any]) -> dict[str, str | None]:
    """``name_en`` and ``name_ru`` of a place entry: its ``names``, else its aliases."""
    names = {}
    for language in TRANSLATED_LANGUAGES:
        name = entry.get("names", {}).get(language)
        if name is None:
            name = next(
                (
                    alias["name"]
                    for alias in entry["aliases"]
                    if not alias["is_former"]
                    and language in {code.strip() for code in alias["language"].split(",")}
                ),
                None,
            )
        names[f"name_{language}"] = name if name != entry["name"] else None
    return names


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def source_items(entry: dict[str, Any]) -> list[dict[str, Any]]:
    """An entry's sources as ``{"url", "title", "read_on"}``: ``sources`` holds such objects;
    the older ``source`` key holds bare addresses (no title, no date read)."""
    items = entry.get("sources")
    if items is None:
        items = [{"url": url} for url in entry.get("source", []) if url.strip()]
    return [
        {"url": item["url"].strip(), "title": item.get("title", ""), "read_on": item.get("read_on")}
        for item in items
    ]


def _entry_values(entry: dict[str, Any]) -> dict[str, Any]:
    """The curated fields every organisation and twinning entry may carry."""
    values = {
        "description_de": entry["description"],
        "publication_status": entry["publication_status"],
        "last_verified": _date(entry.get("last_verified")),
        "internal_note": entry["internal_note"],
    }
    for language in TRANSLATED_LANGUAGES:
        if f"description_{language}" in entry:
            values[f"description_{language}"] = entry[f"description_{language}"]
    return values


#: The key in ``DemoRecord.values`` under which the loader keeps the source addresses it added.
SOURCES = "sources"


def _add_sources(
    instance: Organisation | Twinning, items: list[dict[str, Any]], added: list[str] | None
) -> list[str]:
    """Add the demo sources an entry lacks (matched by address) and return the addresses the
    loader has added so far. A source the loader added once (``added``) is not added again, so
    one a curator deleted stays deleted; sources a curator added or changed are left as they
    are. ``added`` is None for records written before the loader kept it: then the sources the
    entry already holds count as added."""
    existing = set(instance.sources.values_list("url", flat=True))
    done = set(existing if added is None else added)
    for position, item in enumerate(items):
        if item["url"] in existing or item["url"] in done:
            done.add(item["url"])
            continue
        source = Source(
            url=item["url"],
            title=item["title"],
            read_on=_date(item["read_on"]),
            position=position,
            **{instance.source_owner_field: instance},
        )
        source.full_clean()
        source.save()
        done.add(item["url"])
    return sorted(done & {item["url"] for item in items} | set(added or ()))


# --- Comparing with what the loader wrote last time --------------------------------------------

ALIASES = "aliases"  # a place's alternative names, compared and written as one field
EMPTY = (None, "", [])


def _plain(value: Any) -> Any:
    """``value`` as stored in ``DemoRecord.values``: JSON, and equal whenever the value is."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, tuple):  # one record, e.g. an alternative name: order matters
        return [_plain(item) for item in value]
    if isinstance(value, list | set):  # a set of entries: order does not matter
        return sorted(_plain(item) for item in value)
    if isinstance(value, Decimal):
        return str(value.normalize())
    if isinstance(value, datetime):  # a call's deadline: the same moment in any zone
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _alias_rows(entries: Iterable[dict[str, Any]]) -> list[tuple]:
    return [(a["name"], a["language"], a["is_former"], a["note"]) for a in entries]


def _current(instance: models.Model, name: str) -> Any:
    if name == ALIASES:
        return _plain([(a.name, a.language, a.is_former, a.note) for a in instance.aliases.all()])
    model_field = instance._meta.get_field(name)
    if model_field.many_to_many:
        return _plain(list(getattr(instance, name).values_list("pk", flat=True)))
    if model_field.is_relation:
        return getattr(instance, model_field.attname)
    return _plain(getattr(instance, name))


@dataclass
class _Plan:
    """For one existing entry: the fields to write now, and those a curator changed."""

    write: dict[str, Any] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)
    baseline: dict[str, Any] = field(default_factory=dict)  # the record's new values


def _plan(
    instance: models.Model, wanted: dict[str, Any], last: dict[str, Any], *, fresh: bool
) -> _Plan:
    """Write a field only while it holds what the loader wrote last time (``last``). A field
    ``last`` does not know (a field the loader manages since recently, or an entry loaded before
    records existed) is written when it is empty (an unticked box counts as empty), or on a
    ``fresh`` entry (created or adopted in this load)."""
    plan = _Plan(baseline=dict(last))
    for name, value in wanted.items():
        want, current = _plain(value), _current(instance, name)
        # An unticked box the loader never wrote is the model's default, not a curator's choice:
        # a curator who unticks one ticked it first, and then the record knows the field.
        unset = current in EMPTY or current is False
        ours = last[name] == current if name in last else fresh or unset
        if current == want:
            plan.baseline[name] = want
        elif ours:
            plan.write[name] = value
            plan.baseline[name] = want
        else:
            plan.kept.append(name)
    return plan


class _Loader:
    def __init__(self, *, progress: Progress | None) -> None:
        self.progress = progress
        self.result = LoadResult()
        self._countries: dict[str, Country] = {}
        self._fields = {f.slug: f for f in CooperationField.objects.all()}
        # None: the entry was deleted by a curator (its record remains) and is left out.
        self._places: dict[tuple[str, str], Place | None] = {}
        self._organisations: dict[str, Organisation | None] = {}
        self._records: dict[tuple[str, str], DemoRecord] = {
            (r.model, r.key): r for r in DemoRecord.objects.all()
        }
        self._fresh: set[tuple[str, str]] = set()  # created or adopted in this load
        self._created: dict[tuple[str, str], models.Model] = {}
        self._changed_records: set[tuple[str, str]] = set()

    # -- look-ups --------------------------------------------------------------------------------

    def country(self, code: str) -> Country:
        if code not in self._countries:
            self._countries[code], _ = Country.objects.get_or_create(
                code=code,
                defaults={"name": COUNTRY_NAMES_DE.get(code, code), "is_focus": False},
            )
        return self._countries[code]

    def place(self, key: list[str] | None) -> Place | None:
        if key is None:
            return None
        try:
            return self._places[tuple(key)]
        except KeyError:
            raise DemoDataError(f"Place {key} is not in places.json.") from None

    def organisation(self, name: str) -> Organisation | None:
        try:
            return self._organisations[name]
        except KeyError:
            raise DemoDataError(f"Organisation {name!r} is not in organisations.json.") from None

    def field_objects(self, terms: Iterable[str]) -> list[CooperationField]:
        slugs: set[str] = set()
        for term in terms:
            if term not in FIELD_SLUGS:
                raise DemoDataError(f"Field term {term!r} has no entry in FIELD_SLUGS.")
            slugs.update(FIELD_SLUGS[term])
        missing = slugs - self._fields.keys()
        if missing:
            raise DemoDataError(f"Fields of cooperation not seeded: {sorted(missing)}.")
        return [self._fields[slug] for slug in sorted(slugs)]

    # -- one entry -------------------------------------------------------------------------------

    def _report(self, label: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(label, done, total)

    def _find(self, model: type[models.Model], key: str, natural: dict[str, Any]):
        """The entry for ``key``, its record, and whether a curator deleted it."""
        record = self._records.get((model._meta.model_name, key))
        if record is not None:
            instance = model.objects.filter(pk=record.object_id).first()
            return instance, record, instance is None
        return model.objects.filter(**natural).first(), None, False

    def _last_written(self, instance: models.Model, record: DemoRecord | None):
        if record is not None:
            return record.values
        if not Version.objects.get_for_object(instance).exists():
            return None  # loaded before records existed and never edited: adopt it below
        return {}  # edited by someone: only fill what equals the files already

    def sync(
        self,
        counts: ModelCounts,
        *,
        model: type[models.Model],
        key: str,
        natural: dict[str, Any],
        wanted: dict[str, Any],
    ) -> tuple[models.Model | None, str]:
        """Create the entry or bring the loader's own fields up to date; return it (None if a
        curator deleted it) and what happened ("created", "updated", "unchanged", "deleted")."""
        record_key = (model._meta.model_name, key)
        instance, record, deleted = self._find(model, key, natural)
        if deleted:
            counts.deleted += 1
            return None, "deleted"
        if instance is None:
            instance = model(**natural)
            plan = _Plan(write=wanted, baseline={n: _plain(v) for n, v in wanted.items()})
            comment, outcome = None, "created"  # one revision for all: see finish()
            self._fresh.add(record_key)
            self._created[record_key] = instance
        else:
            last = self._last_written(instance, record)
            if last is None:
                last = {}
                self._fresh.add(record_key)
            plan = _plan(instance, wanted, last, fresh=record_key in self._fresh)
            comment = history_comment(UPDATED_COMMENT, model, plan.write)
            if record_key in self._created:
                comment = None  # created in this load: its first version holds this too
            outcome = "updated" if plan.write else "unchanged"
            counts.kept += len(plan.kept)
        setattr(counts, outcome, getattr(counts, outcome) + 1)
        if plan.write:
            self._write(instance, plan.write, comment)
        if record is None:
            record = DemoRecord(model=model._meta.model_name, key=key)
            self._records[record_key] = record
        if record.pk is None or record.values != plan.baseline:
            record.object_id, record.values = instance.pk, plan.baseline
            self._changed_records.add(record_key)
        return instance, outcome

    def sync_sources(
        self, instance: Organisation | Twinning, *, key: str, items: list[dict[str, Any]]
    ) -> None:
        """Add the entry's demo sources that the loader has not added before (its record keeps
        their addresses), so a source a curator deleted is not added again."""
        record_key = (instance._meta.model_name, key)
        record = self._records[record_key]
        added = _add_sources(instance, items, record.values.get(SOURCES))
        if record.values.get(SOURCES) != added:
            record.values = {**record.values, SOURCES: added}
            self._changed_records.add(record_key)

    def finish(self) -> None:
        """Write the first versions of the entries created in this load (one revision, after
        all their lists are set) and the records of what the loader wrote."""
        if self._created:
            with reversion.create_revision(atomic=False):
                reversion.set_comment(history_comment(CREATED_COMMENT))
                for instance in self._created.values():
                    if reversion.is_registered(type(instance)):
                        reversion.add_to_revision(instance)
        # In bulk: records are bookkeeping, not directory data (no signals, no page-cache bump).
        changed = [self._records[key] for key in self._changed_records]
        DemoRecord.objects.bulk_create([r for r in changed if r.pk is None])
        DemoRecord.objects.bulk_update(
            [r for r in changed if r.pk is not None], ["object_id", "values"]
        )

    def _write(self, instance: models.Model, values: dict[str, Any], comment: str | None) -> None:
        """Save ``values`` on ``instance``; with a ``comment``, as one version in its history."""
        if comment is None:
            self._apply(instance, values)
            return
        with reversion.create_revision(atomic=False):
            reversion.set_comment(comment)
            self._apply(instance, values)
            if reversion.is_registered(type(instance)):
                reversion.add_to_revision(instance)

    def _apply(self, instance: models.Model, values: dict[str, Any]) -> None:
        later = {}
        for name, value in values.items():
            if name == ALIASES or instance._meta.get_field(name).many_to_many:
                later[name] = value
            else:
                setattr(instance, name, value)
        if len(later) < len(values) or instance.pk is None:
            # The model fills in the slug on save, so it is not validated here.
            instance.full_clean(exclude=["slug"])
            instance.save()
        for name, value in later.items():
            if name == ALIASES:
                self._write_aliases(instance, value)
            else:
                getattr(instance, name).set(value)

    def _write_aliases(self, place: Place, rows: list[list]) -> None:
        place.aliases.all().delete()
        for name, language, is_former, note in rows:
            alias = PlaceAlias(
                place=place, name=name, language=language, is_former=is_former, note=note
            )
            alias.full_clean()
            alias.save()

    # -- places ----------------------------------------------------------------------------------

    def load_places(self, entries: list[dict[str, Any]]) -> None:
        for done, entry in enumerate(entries, start=1):
            country = self.country(entry["country"])
            wanted = {
                "name_de": entry["name"],
                "kind": entry["kind"],
                "federal_state": entry["federal_state"],
                "region": entry["region"],
                "latitude": _decimal(entry["latitude"]),
                "longitude": _decimal(entry["longitude"]),
                "wikidata_id": entry.get("wikidata_id", ""),
                **place_names(entry),
                ALIASES: _alias_rows(entry["aliases"]),
            }
            key = (entry["name"], country.code)
            # "key": the name a renamed place was first loaded under, so that its record still
            # finds it (Khiva → Chiwa) instead of a second place being created.
            record_key = (entry.get("key", entry["name"]), country.code)
            self._places[key], _ = self.sync(
                self.result.places,
                model=Place,
                key=json.dumps(record_key, ensure_ascii=False),
                natural={"name_de": entry["name"], "country": country},
                wanted=wanted,
            )
            self._report("places", done, len(entries))

    # -- organisations ---------------------------------------------------------------------------

    def load_organisations(self, entries: list[dict[str, Any]]) -> None:
        outcomes = {}
        for done, entry in enumerate(entries, start=1):
            wanted = {
                "name": entry["name"],
                "other_names": entry["other_names"],
                "acronym": entry["acronym"],
                "kind": entry["kind"],
                "founded_year": entry["founded_year"],
                "website": entry["website"],
                "seat": self.place(entry["seat"]),
                **_entry_values(entry),
                **{key: entry[key] for key in OPTIONAL_ORGANISATION_KEYS if key in entry},
                "countries": [self.country(code) for code in entry["countries"]],
                "fields": self.field_objects(entry["field_terms"]),
            }
            organisation, outcomes[entry["name"]] = self.sync(
                self.result.organisations,
                model=Organisation,
                key=entry["name"],
                natural={"name": entry["name"]},
                wanted=wanted,
            )
            self._organisations[entry["name"]] = organisation
            if organisation is not None:
                self.sync_sources(organisation, key=entry["name"], items=source_items(entry))
            self._report("organisations", done, len(entries))

        # Networks refer to other organisations, so they are set once all exist.
        networks = ModelCounts()
        for entry in entries:
            organisation = self._organisations[entry["name"]]
            if organisation is None:
                continue
            members_of = [self.organisation(name) for name in entry["networks"]]
            _, outcome = self.sync(
                networks,
                model=Organisation,
                key=entry["name"],
                natural={"name": entry["name"]},
                wanted={"networks": [o for o in members_of if o is not None]},
            )
            if outcome == "updated" and outcomes[entry["name"]] == "unchanged":
                self.result.organisations.unchanged -= 1
                self.result.organisations.updated += 1
        self.result.organisations.kept += networks.kept

    # -- twinnings -------------------------------------------------------------------------------

    def load_twinnings(self, entries: list[dict[str, Any]]) -> None:
        for done, entry in enumerate(entries, start=1):
            german_place = self.place(entry["german_place"])
            central_asian_place = self.place(entry["central_asian_place"])
            if german_place is None or central_asian_place is None:
                self.result.twinnings.deleted += 1  # a curator deleted one of its places
                continue
            carriers = [self.organisation(name) for name in entry["organisations"]]
            wanted = {
                "kind": entry["kind"],
                "status": entry["status"],
                "established_year": entry["established_year"],
                **_entry_values(entry),
                "organisations": [o for o in carriers if o is not None],
            }
            key = [entry["german_place"], entry["central_asian_place"]]
            twinning, _outcome = self.sync(
                self.result.twinnings,
                model=Twinning,
                key=json.dumps(key, ensure_ascii=False),
                natural={"german_place": german_place, "central_asian_place": central_asian_place},
                wanted=wanted,
            )
            if twinning is not None:
                self.sync_sources(
                    twinning, key=json.dumps(key, ensure_ascii=False), items=source_items(entry)
                )
            self._report("twinnings", done, len(entries))
