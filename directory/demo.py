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

Loading twice changes nothing. Rows are matched by natural key and only fields that differ are
written, so unchanged rows keep their ``updated_at``. Because this is demo data, a curator's edit to
a field the files manage is overwritten (and reported as "updated") on the next load; fields the
files do not manage (an organisation's e-mail, slugs) are left alone, and rows that are not in the
files are never touched.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import models, transaction

from directory.models import (
    CooperationField,
    Country,
    Organisation,
    Place,
    PlaceAlias,
    Source,
    Twinning,
)

DEMO_DIR = Path(__file__).resolve().parent / "demo"

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
OPTIONAL_ORGANISATION_KEYS = ("email", "wikidata_id", "wikipedia_url")

Progress = Callable[[str, int, int], None]


class DemoDataError(ValueError):
    """The demo files contradict themselves or the seeded data."""


@dataclass
class ModelCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class LoadResult:
    places: ModelCounts = field(default_factory=ModelCounts)
    organisations: ModelCounts = field(default_factory=ModelCounts)
    twinnings: ModelCounts = field(default_factory=ModelCounts)

    def _all(self) -> tuple[ModelCounts, ...]:
        return (self.places, self.organisations, self.twinnings)

    @property
    def created(self) -> int:
        return sum(c.created for c in self._all())

    @property
    def updated(self) -> int:
        return sum(c.updated for c in self._all())

    @property
    def unchanged(self) -> int:
        return sum(c.unchanged for c in self._all())

    def summary(self) -> str:
        return (
            f"Demo data: {self.places.total} places, {self.organisations.total} organisations, "
            f"{self.twinnings.total} twinnings (created {self.created}, updated {self.updated}, "
            f"unchanged {self.unchanged})."
        )


def read_demo_file(name: str) -> dict[str, Any]:
    """One of the demo JSON files, with decimals kept exact."""
    with (DEMO_DIR / name).open(encoding="utf-8") as fh:
        return json.load(fh, parse_float=Decimal)


@transaction.atomic
def load_demo_data(*, progress: Progress | None = None) -> LoadResult:
    """Create or update the demo places, organisations and twinnings; return what changed."""
    loader = _Loader(progress=progress)
    loader.load_places(read_demo_file("places.json")["places"])
    loader.load_organisations(read_demo_file("organisations.json")["organisations"])
    loader.load_twinnings(read_demo_file("twinnings.json")["twinnings"])
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


def _sync_sources(instance: Organisation | Twinning, items: list[dict[str, Any]]) -> bool:
    """Make the entry's ``Source`` rows match ``items``; return whether any had to change."""
    existing = {source.url: source for source in instance.sources.all()}
    changed = False
    for position, item in enumerate(items):
        values = {"title": item["title"], "read_on": _date(item["read_on"]), "position": position}
        source = existing.pop(item["url"], None)
        if source is None:
            source = Source(url=item["url"], **{instance.source_owner_field: instance})
        if _assign(source, values) or source.pk is None:
            source.full_clean()
            source.save()
            changed = True
    if existing:
        Source.objects.filter(pk__in=[s.pk for s in existing.values()]).delete()
        changed = True
    return changed


def _assign(instance: models.Model, values: dict[str, Any]) -> bool:
    """Set the values that differ on ``instance``; return whether any did."""
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


def _sync_m2m(manager: Any, wanted: Iterable[models.Model]) -> bool:
    """Make a many-to-many relation hold exactly ``wanted``; return whether it had to change."""
    wanted = list(wanted)
    if set(manager.values_list("pk", flat=True)) == {obj.pk for obj in wanted}:
        return False
    manager.set(wanted)
    return True


class _Loader:
    def __init__(self, *, progress: Progress | None) -> None:
        self.progress = progress
        self.result = LoadResult()
        self._countries: dict[str, Country] = {}
        self._fields = {f.slug: f for f in CooperationField.objects.all()}
        self._places: dict[tuple[str, str], Place] = {}
        self._organisations: dict[str, Organisation] = {}

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

    def organisation(self, name: str) -> Organisation:
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

    # -- bookkeeping -----------------------------------------------------------------------------

    def _save(self, instance: models.Model, *, is_new: bool, changed: bool) -> None:
        if is_new or changed:
            # The model fills in the slug on save, so it is not validated here.
            instance.full_clean(exclude=["slug"])
            instance.save()

    def _count(self, counts: ModelCounts, *, is_new: bool, changed: bool) -> None:
        if is_new:
            counts.created += 1
        elif changed:
            counts.updated += 1
        else:
            counts.unchanged += 1

    def _report(self, label: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(label, done, total)

    # -- places ----------------------------------------------------------------------------------

    def load_places(self, entries: list[dict[str, Any]]) -> None:
        for done, entry in enumerate(entries, start=1):
            country = self.country(entry["country"])
            values = {
                "kind": entry["kind"],
                "federal_state": entry["federal_state"],
                "region": entry["region"],
                "latitude": _decimal(entry["latitude"]),
                "longitude": _decimal(entry["longitude"]),
                "wikidata_id": entry.get("wikidata_id", ""),
                **place_names(entry),
            }
            place = Place.objects.filter(name_de=entry["name"], country=country).first()
            is_new = place is None
            if is_new:
                place = Place(name_de=entry["name"], country=country)
            changed = _assign(place, values)
            self._save(place, is_new=is_new, changed=changed)
            aliases_changed = self._sync_aliases(place, entry["aliases"])
            self._count(self.result.places, is_new=is_new, changed=changed or aliases_changed)
            self._places[(place.name_de, country.code)] = place
            self._report("places", done, len(entries))

    def _sync_aliases(self, place: Place, entries: list[dict[str, Any]]) -> bool:
        existing = {alias.name: alias for alias in place.aliases.all()}
        changed = False
        for entry in entries:
            values = {
                "language": entry["language"],
                "is_former": entry["is_former"],
                "note": entry["note"],
            }
            alias = existing.pop(entry["name"], None)
            if alias is None:
                alias = PlaceAlias(place=place, name=entry["name"], **values)
                alias.full_clean()
                alias.save()
                changed = True
            elif _assign(alias, values):
                alias.full_clean()
                alias.save()
                changed = True
        if existing:  # aliases the demo data does not list
            PlaceAlias.objects.filter(pk__in=[a.pk for a in existing.values()]).delete()
            changed = True
        return changed

    # -- organisations ---------------------------------------------------------------------------

    def load_organisations(self, entries: list[dict[str, Any]]) -> None:
        changed_by_name: dict[str, bool] = {}
        for done, entry in enumerate(entries, start=1):
            values = {
                "other_names": entry["other_names"],
                "acronym": entry["acronym"],
                "kind": entry["kind"],
                "founded_year": entry["founded_year"],
                "website": entry["website"],
                "seat": self.place(entry["seat"]),
                **_entry_values(entry),
                **{key: entry[key] for key in OPTIONAL_ORGANISATION_KEYS if key in entry},
            }
            organisation = Organisation.objects.filter(name=entry["name"]).first()
            is_new = organisation is None
            if is_new:
                organisation = Organisation(name=entry["name"])
            changed = _assign(organisation, values)
            self._save(organisation, is_new=is_new, changed=changed)
            countries = [self.country(code) for code in entry["countries"]]
            changed |= _sync_m2m(organisation.countries, countries)
            changed |= _sync_m2m(organisation.fields, self.field_objects(entry["field_terms"]))
            changed |= _sync_sources(organisation, source_items(entry))
            self._organisations[organisation.name] = organisation
            changed_by_name[organisation.name] = changed or is_new
            self._count(self.result.organisations, is_new=is_new, changed=changed)
            self._report("organisations", done, len(entries))

        # Networks refer to other organisations, so they are set once all exist.
        for entry in entries:
            organisation = self._organisations[entry["name"]]
            networks = [self.organisation(name) for name in entry["networks"]]
            if _sync_m2m(organisation.networks, networks) and not changed_by_name[entry["name"]]:
                self.result.organisations.unchanged -= 1
                self.result.organisations.updated += 1
                changed_by_name[entry["name"]] = True

    # -- twinnings -------------------------------------------------------------------------------

    def load_twinnings(self, entries: list[dict[str, Any]]) -> None:
        for done, entry in enumerate(entries, start=1):
            german_place = self.place(entry["german_place"])
            central_asian_place = self.place(entry["central_asian_place"])
            values = {
                "kind": entry["kind"],
                "status": entry["status"],
                "established_year": entry["established_year"],
                **_entry_values(entry),
            }
            twinning = Twinning.objects.filter(
                german_place=german_place, central_asian_place=central_asian_place
            ).first()
            is_new = twinning is None
            if is_new:
                twinning = Twinning(
                    german_place=german_place, central_asian_place=central_asian_place
                )
            changed = _assign(twinning, values)
            self._save(twinning, is_new=is_new, changed=changed)
            carriers = [self.organisation(name) for name in entry["organisations"]]
            changed |= _sync_m2m(twinning.organisations, carriers)
            changed |= _sync_sources(twinning, source_items(entry))
            self._count(self.result.twinnings, is_new=is_new, changed=changed)
            self._report("twinnings", done, len(entries))
