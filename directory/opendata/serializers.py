"""The public shape of the data: the one place that names the fields of organisations and twinnings.

Every machine-readable output uses these functions or their bulk form for downloads
(``directory.opendata.bulk_records``, held to the same output by a test) — the API, the
per-record ``.json`` pages, the JSON, CSV and XLSX exports — so a field has the same name
everywhere. Field names are stable: add
fields, never rename or remove one. Each field is documented once, in ``ORGANISATION_FIELDS``,
``TWINNING_FIELDS`` and ``PLACE_FIELDS``; the OpenAPI document and the "Data & API" page are built
from those lists, and a test checks that the records have exactly the documented keys.

Records contain published data only: the QuerySets passed in must be ``published()``, and
related organisations are filtered to published ones by the prefetches in ``for_export()``.
Internal notes and the publication status are never part of a record.

``absolute`` turns a path into an absolute URL (``request.build_absolute_uri``).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.encoding import iri_to_uri
from django.utils.translation import gettext_lazy as _

from directory.models import Organisation, Place, Twinning
from directory.paths import slug_path

Absolute = Callable[[str], str]

# In CSV, lists of codes and slugs are joined with this separator, which codes and slugs never
# contain; sources (free text, one per line as curators enter them) are joined with line breaks.
CSV_LIST_SEPARATOR = "|"


@dataclass(frozen=True)
class FieldDoc:
    """A public field: its stable name, its JSON type (OpenAPI) and what it means."""

    name: str
    type: str
    description: str
    nullable: bool = False
    items: str = ""  # for arrays: the type of the items, or the name of a schema
    ref: str = ""  # for objects: the name of a schema
    enum: tuple[str, ...] = ()
    format: str = ""


def _choices(model, field: str) -> tuple[str, ...]:
    return tuple(value for value, _label in model._meta.get_field(field).choices)


PLACE_FIELDS = [
    FieldDoc("name", "string", _("Name of the place (German spelling).")),
    FieldDoc("slug", "string", _("Permanent identifier of the place.")),
    FieldDoc("country", "string", _("ISO 3166-1 alpha-2 code of the country, e.g. KZ.")),
    FieldDoc(
        "federal_state",
        "string",
        _("German federal state (ISO 3166-2:DE code without 'DE-'), for places in Germany."),
        nullable=True,
        enum=_choices(Place, "federal_state"),
    ),
    FieldDoc("region", "string", _("Region (oblast, viloyat) outside Germany; may be empty.")),
    FieldDoc("latitude", "number", _("Latitude in decimal degrees (WGS 84)."), nullable=True),
    FieldDoc("longitude", "number", _("Longitude in decimal degrees (WGS 84)."), nullable=True),
]

_COMMON_HEAD = [
    FieldDoc("slug", "string", _("Permanent identifier; part of every URL of the entry.")),
    FieldDoc("url", "string", _("Absolute URL of the entry's page."), format="uri"),
    FieldDoc("json_url", "string", _("Absolute URL of this record as JSON."), format="uri"),
]
_COMMON_TAIL = [
    FieldDoc(
        "sources",
        "array",
        _("Where the information comes from: web addresses."),
        items="string",
    ),
    FieldDoc(
        "source_details",
        "array",
        _("The sources with their titles and the dates a curator read them."),
        items="Source",
    ),
    FieldDoc(
        "last_verified",
        "string",
        _("Date a curator last checked the entry against its sources."),
        nullable=True,
        format="date",
    ),
    FieldDoc("updated_at", "string", _("Date and time of the last change."), format="date-time"),
]

ORGANISATION_FIELDS = [
    *_COMMON_HEAD,
    FieldDoc("name", "string", _("Name, usually German.")),
    FieldDoc("acronym", "string", _("Acronym; may be empty.")),
    FieldDoc("other_names", "string", _("English or original-language names; may be empty.")),
    FieldDoc(
        "kind",
        "string",
        _("Kind of organisation."),
        enum=_choices(Organisation, "kind"),
    ),
    FieldDoc("description", "string", _("Description, usually German.")),
    FieldDoc("founded_year", "integer", _("Year of foundation."), nullable=True),
    FieldDoc("website", "string", _("Website; may be empty.")),
    FieldDoc("email", "string", _("Public e-mail address; may be empty.")),
    FieldDoc("wikidata_id", "string", _("Wikidata item (Q-number); may be empty.")),
    FieldDoc("seat", "object", _("Place of the seat."), nullable=True, ref="Place"),
    FieldDoc(
        "countries",
        "array",
        _("Countries of activity, as ISO 3166-1 alpha-2 codes."),
        items="string",
    ),
    FieldDoc(
        "fields",
        "array",
        _("Fields of cooperation, as slugs (see /api/fields/)."),
        items="string",
    ),
    FieldDoc(
        "networks",
        "array",
        _("Slugs of the published networks the organisation is a member of."),
        items="string",
    ),
    *_COMMON_TAIL,
]

TWINNING_FIELDS = [
    *_COMMON_HEAD,
    FieldDoc("name", "string", _("The two places, e.g. 'Berlin – Almaty'.")),
    FieldDoc("german_place", "object", _("The German side."), ref="Place"),
    FieldDoc("central_asian_place", "object", _("The Central Asian side."), ref="Place"),
    FieldDoc("kind", "string", _("Kind of partnership."), enum=_choices(Twinning, "kind")),
    FieldDoc("status", "string", _("State of the partnership."), enum=_choices(Twinning, "status")),
    FieldDoc("established_year", "integer", _("Year the partnership began."), nullable=True),
    FieldDoc("description", "string", _("Description, usually German.")),
    FieldDoc(
        "organisations",
        "array",
        _("Slugs of the published organisations that carry the partnership."),
        items="string",
    ),
    *_COMMON_TAIL,
]

# CSV columns: the record's fields with nested places flattened (seat_name, seat_country, …).
SOURCE_FIELDS = [
    FieldDoc("url", "string", _("Web address of the source."), format="uri"),
    FieldDoc("title", "string", _("Title of the page; may be empty.")),
    FieldDoc("read_on", "string", _("Date a curator read the page."), nullable=True, format="date"),
]

_PLACE_CSV = ["name", "slug", "country", "federal_state", "region", "latitude", "longitude"]


def _flat_columns(fields: list[FieldDoc]) -> list[str]:
    columns = []
    for field in fields:
        if field.ref == "Place":
            columns += [f"{field.name}_{part}" for part in _PLACE_CSV]
        else:
            columns.append(field.name)
    return columns


def place_fields(name, slug, country, federal_state, region, latitude, longitude) -> dict:
    """A place's record from its values (instances here, plain rows in ``bulk_records``)."""
    return {
        "name": name,
        "slug": slug,
        "country": country,
        "federal_state": federal_state or None,
        "region": region,
        "latitude": float(latitude) if latitude is not None else None,
        "longitude": float(longitude) if longitude is not None else None,
    }


def place_record(place: Place | None) -> dict | None:
    if place is None:
        return None
    return place_fields(
        place.name, place.slug, place.country.code, place.federal_state, place.region,
        place.latitude, place.longitude,
    )  # fmt: skip


def _common_head(entry, json_path: str, absolute: Absolute) -> dict:
    return {
        "slug": entry.slug,
        "url": absolute(entry.get_absolute_url()),
        "json_url": absolute(json_path),
    }


def source_fields(urls: list[str], sources) -> dict:
    """The ``sources`` and ``source_details`` of a record; ``sources`` are ``(url, title,
    read_on)`` in order."""
    return {
        # Addresses as URIs (RFC 3986): "städtepartnerschaft" is sent percent-encoded.
        "sources": [iri_to_uri(url) for url in urls],
        "source_details": [
            {
                "url": iri_to_uri(url),
                "title": title,
                "read_on": read_on.isoformat() if read_on else None,
            }
            for url, title, read_on in sources
        ],
    }


def tail_fields(urls: list[str], sources, last_verified, updated_at) -> dict:
    """The last fields of a record; ``sources`` are ``(url, title, read_on)`` in order."""
    return {
        **source_fields(urls, sources),
        "last_verified": last_verified.isoformat() if last_verified else None,
        "updated_at": updated_at.replace(microsecond=0).isoformat(),
    }


def _common_tail(entry) -> dict:
    sources = [(source.url, source.title, source.read_on) for source in entry.source_list]
    return tail_fields(entry.source_urls(), sources, entry.last_verified, entry.updated_at)


def organisation_record(organisation: Organisation, absolute: Absolute) -> dict:
    """The public record of a published organisation fetched with ``for_export()``."""
    json_path = slug_path("data:organisation-json", organisation.slug)
    return {
        **_common_head(organisation, json_path, absolute),
        "name": organisation.name,
        "acronym": organisation.acronym,
        "other_names": organisation.other_names,
        "kind": organisation.kind,
        "description": organisation.description,
        "founded_year": organisation.founded_year,
        "website": organisation.website,
        "email": organisation.email,
        "wikidata_id": organisation.wikidata_id,
        "seat": place_record(organisation.seat),
        "countries": [country.code for country in organisation.country_list],
        "fields": [field.slug for field in organisation.field_list],
        "networks": [network.slug for network in organisation.network_list],
        **_common_tail(organisation),
    }


def twinning_record(twinning: Twinning, absolute: Absolute) -> dict:
    """The public record of a published twinning fetched with ``for_export()``."""
    json_path = slug_path("data:twinning-json", twinning.slug)
    return {
        **_common_head(twinning, json_path, absolute),
        "name": str(twinning),
        "german_place": place_record(twinning.german_place),
        "central_asian_place": place_record(twinning.central_asian_place),
        "kind": twinning.kind,
        "status": twinning.status,
        "established_year": twinning.established_year,
        "description": twinning.description,
        "organisations": [organisation.slug for organisation in twinning.organisation_list],
        **_common_tail(twinning),
    }


def place_cells(place: dict | None) -> tuple:
    """A place record as its CSV cells (``seat_name``, ``seat_slug``, …; all empty for none)."""
    return tuple((place or {}).get(part) for part in _PLACE_CSV)


def joined_sources(urls: list[str]) -> str:
    """The ``sources`` CSV cell: one address per line."""
    return "\n".join(urls)


def joined_source_details(details: list[dict]) -> str:
    """The ``source_details`` CSV cell: "2026-11-29 https://… Title", one per line."""
    return "\n".join(
        " ".join(filter(None, [item["read_on"], item["url"], item["title"]])) for item in details
    )


def flatten(record: dict, fields: list[FieldDoc]) -> dict:
    """A record as one CSV row (see the module docstring of ``directory.opendata.exports``)."""
    row = {}
    for field in fields:
        value = record[field.name]
        if field.ref == "Place":
            cells = place_cells(value)
            for part, cell in zip(_PLACE_CSV, cells, strict=True):
                row[f"{field.name}_{part}"] = cell
        elif field.name == "sources":
            row[field.name] = joined_sources(value)
        elif field.name == "source_details":
            row[field.name] = joined_source_details(value)
        elif field.type == "array":
            row[field.name] = CSV_LIST_SEPARATOR.join(value)
        else:
            row[field.name] = value
    return row


@dataclass(frozen=True)
class RecordType:
    """What the API and the exports need to know about one kind of entry."""

    name: str  # plural, used in URLs and file names
    fields: list[FieldDoc]
    to_record: Callable[..., dict]

    @property
    def csv_columns(self) -> list[str]:
        return _flat_columns(self.fields)

    def to_row(self, entry, absolute: Absolute) -> dict:
        return flatten(self.to_record(entry, absolute), self.fields)


ORGANISATIONS = RecordType("organisations", ORGANISATION_FIELDS, organisation_record)
TWINNINGS = RecordType("twinnings", TWINNING_FIELDS, twinning_record)
