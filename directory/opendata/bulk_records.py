"""The records of many entries at once, read as plain rows: what the downloads stream.

``serializers.organisation_record`` and ``twinning_record`` read model instances, with their
countries, fields, networks, carriers and sources as prefetched instances. For a whole download
that cost more than everything else together (about 4,500 rows/s at 100,000 organisations, and a
full export ran into the worker timeout). Here a chunk of ids is read with ``values_list``
queries — the entries, their places, networks and sources — and the same records are built
from tuples, in the same order and with the same language fallback
(``tests/test_bulk_records.py`` holds both to the same output). Queries per chunk are constant.

For the CSV of organisations (``OrganisationRecords.cells``) the rows' cells are built directly,
without records: ids go to PostgreSQL as one array (``AnyOf``), countries and fields come as one
text of ids per organisation (``IdList``), the time of the last change as text (``IsoSeconds``),
and cells that repeat are formula-neutralised once per chunk."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from typing import NamedTuple

from django.db.models import (
    Aggregate,
    CharField,
    F,
    Func,
    Lookup,
    OuterRef,
    QuerySet,
    Subquery,
    TextField,
)
from django.utils.text import capfirst

from directory.curation.verification import urls_in_text
from directory.i18n import localized
from directory.models import CooperationField, Country, Organisation, Place, Source, Twinning
from directory.opendata.serializers import (
    CSV_LIST_SEPARATOR,
    Absolute,
    joined_source_details,
    joined_sources,
    place_cells,
    place_fields,
    source_fields,
)
from directory.opendata.spreadsheets import neutralise_cells, neutralise_formula
from directory.paths import slug_paths

PUBLISHED = "published"


class AnyOf(Lookup):
    """``column IN (ids)``; on PostgreSQL ``column = ANY(%s::bigint[])`` with the ids as one
    array literal: the 2,000 placeholders of a chunk's IN list (or psycopg's dumping of a list,
    id by id) cost more to build, convert and send than the rows read."""

    lookup_name = "any_of"  # used as ``filter(AnyOf(F("pk"), ids))``, registered on no field
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        column, params = self.process_lhs(compiler, connection)
        placeholders = ", ".join(["%s"] * len(self.rhs))
        return f"{column} IN ({placeholders})", (*params, *self.rhs)

    def as_postgresql(self, compiler, connection):
        column, params = self.process_lhs(compiler, connection)
        ids = "{" + ",".join(map(str, map(int, self.rhs))) + "}"
        return f"{column} = ANY(%s::bigint[])", (*params, ids)


class IsoSeconds(Func):
    """A time stamp as ``value.replace(microsecond=0).isoformat()`` gives it in UTC
    ("2026-11-29T10:11:12+00:00"), made by the database: Django's loader of time stamps for
    psycopg, in Python, took over half the time of reading the organisations."""

    output_field = CharField()
    template = """to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"')"""

    def as_sqlite(self, compiler, connection, **extra_context):
        # Django stores "2026-11-29 10:11:12[.123456]" in UTC; strftime() would round to the
        # millisecond first (12.9996 s gives 13), so the text is cut instead.
        template = "replace(substr(%(expressions)s, 1, 19), ' ', 'T') || '+00:00'"
        return super().as_sql(compiler, connection, template=template, **extra_context)


def _rows(model) -> QuerySet:
    """``model``'s rows as a plain QuerySet: modeltranslation's manager post-processes every
    row of ``values()`` (a third of a download's time); here each language column is named."""
    return QuerySet(model)


def _places(ids: Iterable[int | None]) -> dict[int, dict]:
    """Place records (``serializers.place_record``) by id, names in the page language."""
    wanted = list({pk for pk in ids if pk is not None})
    if not wanted:
        return {}
    rows = (
        _rows(Place)
        .filter(AnyOf(F("pk"), wanted))
        .order_by()  # by id; no need to sort by name
        .annotate(local_name=localized("name"))
        .values_list(
            "pk",
            "local_name",
            "slug",
            "country__code",
            "federal_state",
            "region",
            "latitude",
            "longitude",
        )
    )
    return {pk: place_fields(*values) for pk, *values in rows}


def _grouped(pairs: Iterable[tuple[int, object]]) -> dict[int, list]:
    grouped = defaultdict(list)
    for owner, value in pairs:
        grouped[owner].append(value)
    return grouped


class IdList(Aggregate):
    """The ids of a group as text, "3,1,2", in no particular order (``string_agg``,
    ``group_concat``): a chunk's countries and fields come as one cell per organisation, not as
    two id pairs per organisation to group in Python."""

    function = "STRING_AGG"
    template = "%(function)s(CAST(%(expressions)s AS text), ',')"
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        template = "GROUP_CONCAT(%(expressions)s, ',')"
        return super().as_sql(compiler, connection, template=template, **extra_context)


def _related_ids(through, owner: str, related: str) -> Subquery:
    """The ids linked to the row by the link table ``through`` (``IdList``; NULL for none)."""
    links = through.objects.filter(**{owner: OuterRef("pk")}).values(owner)
    return Subquery(links.annotate(ids=IdList(related)).values("ids"))


class _InOrder:
    """Related values (countries' codes, fields' slugs) in a fixed order, for an ``IdList``;
    each distinct list is put in order once per chunk (``clear``)."""

    def __init__(self, order: Iterable[tuple[int, str]]):
        self.rank = {pk: (position, value) for position, (pk, value) in enumerate(order)}
        self.clear()

    def clear(self) -> None:
        self.ordered: dict[str | None, list[str]] = {None: []}
        self.cells: dict[str | None, str] = {None: ""}

    def __call__(self, ids: str | None) -> list[str]:
        if ids not in self.ordered:
            rank = self.rank
            ranks = sorted(rank[pk] for pk in map(int, ids.split(",")) if pk in rank)
            self.ordered[ids] = [value for _position, value in ranks]
        return self.ordered[ids]

    def cell(self, ids: str | None) -> str:
        """The values as one CSV cell, joined and neutralised."""
        if ids not in self.cells:
            self.cells[ids] = neutralise_formula(CSV_LIST_SEPARATOR.join(self(ids)))
        return self.cells[ids]


def _published_slugs(through, owner: str, related: str, ids: list[int]) -> dict[int, list[str]]:
    """Each owner's published related organisations (networks, carriers) by slug, in the order
    of ``published_by_name()``, read from the link table ``through``."""
    return _grouped(
        through.objects.filter(
            AnyOf(F(f"{owner}_id"), ids), **{f"{related}__publication_status": PUBLISHED}
        )
        .order_by(f"{related}__name", f"{related}__pk")
        .values_list(f"{owner}_id", f"{related}__slug")
    )


def _sources(owner_field: str, ids: list[int]) -> dict[int, list[tuple[str, str, object]]]:
    rows = (
        Source.objects.filter(AnyOf(F(owner_field), ids))
        .order_by("position", "pk")  # Source's own ordering, as the prefetch reads them
        .values_list(owner_field, "url", "title", "read_on")
    )
    return _grouped((owner, (url, title, read_on)) for owner, url, title, read_on in rows)


class _Head:
    """The first fields of a record: slug, page and JSON addresses (paths resolved once)."""

    def __init__(self, view: str, json_view: str, absolute: Absolute):
        self.page, self.json, self.absolute = slug_paths(view), slug_paths(json_view), absolute

    def __call__(self, slug: str) -> dict:
        return {
            "slug": slug,
            "url": self.absolute(self.page(slug)),
            "json_url": self.absolute(self.json(slug)),
        }


def _source_urls(sources: list, source_text: str) -> list[str]:
    """As ``Model.source_urls``: the Source rows' addresses, then lines not yet moved."""
    return list(dict.fromkeys([url for url, _title, _read in sources] + urls_in_text(source_text)))


def _tail(sources: list, source_text: str, last_verified, updated_at: str) -> dict:
    """``serializers.tail_fields``, the time of the last change already in text (``IsoSeconds``)."""
    return {
        **source_fields(_source_urls(sources, source_text), sources),
        "last_verified": last_verified.isoformat() if last_verified else None,
        "updated_at": updated_at,
    }


def _source_cells(sources: list, source_text: str) -> list[str]:
    """The ``sources`` and ``source_details`` CSV cells (``serializers.flatten``), neutralised."""
    if not sources and "://" not in source_text:  # nothing for urls_in_text to find
        return ["", ""]
    fields = source_fields(_source_urls(sources, source_text), sources)
    return neutralise_cells(
        (joined_sources(fields["sources"]), joined_source_details(fields["source_details"]))
    )


TWINNING_COLUMNS = (
    "pk", "slug", "german_place_id", "central_asian_place_id", "kind", "status",
    "established_year", "source", "last_verified",
)  # fmt: skip


class _OrganisationRow(NamedTuple):
    """One organisation as ``OrganisationRecords._read`` reads it: columns as they are
    (``ORGANISATION_COLUMNS``), the description in the page language (German where empty), the
    last change as text (``IsoSeconds``), countries and fields as ``IdList``."""

    pk: int
    slug: str
    name: str
    acronym: str
    other_names: str
    kind: str
    founded_year: int | None
    website: str
    email: str
    wikidata_id: str
    seat_id: int | None
    source: str
    last_verified: date | None
    description: str | None
    updated_at: str
    countries: str | None
    fields: str | None


ORGANISATION_COLUMNS = _OrganisationRow._fields[
    : _OrganisationRow._fields.index("last_verified") + 1
]


def _tail_of(row: dict, sources: dict[int, list]) -> dict:
    return _tail(sources.get(row["pk"], []), row["source"], row["last_verified"], row["updated"])


class OrganisationRecords:
    """Records (and CSV rows) of published organisations by chunks of ids; the lookups that do
    not depend on the chunk (countries and fields in their order) are read once."""

    def __init__(self) -> None:
        self.countries = _InOrder(Country.objects.by_name().values_list("pk", "code"))
        self.fields = _InOrder(CooperationField.objects.values_list("pk", "slug"))

    def _read(self, ids: list[int]) -> tuple[dict, ...]:
        """The chunk's rows by id: ``ORGANISATION_COLUMNS``, description, last change, then
        countries and fields as ``IdList``; then seats, networks and sources. Four queries."""
        countries = _related_ids(Organisation.countries.through, "organisation_id", "country_id")
        fields = _related_ids(Organisation.fields.through, "organisation_id", "cooperationfield_id")
        rows = (
            _rows(Organisation)
            .filter(AnyOf(F("pk"), ids), publication_status=PUBLISHED)
            .values_list(
                *ORGANISATION_COLUMNS,
                localized("description"),
                IsoSeconds("updated_at"),
                countries,
                fields,
            )
        )
        rows = {row[0]: _OrganisationRow._make(row) for row in rows}
        self.countries.clear()
        self.fields.clear()
        seats = _places(row.seat_id for row in rows.values())
        networks = _published_slugs(
            Organisation.networks.through, "from_organisation", "to_organisation", ids
        )
        return rows, seats, networks, _sources("organisation_id", ids)

    def __call__(self, ids: list[int], absolute: Absolute) -> list[dict]:
        rows, seats, networks, sources = self._read(ids)
        head = _Head("directory:organisation-detail", "data:organisation-json", absolute)
        records = []
        for pk in ids:
            if pk not in rows:
                continue
            row = rows[pk]
            records.append(
                {
                    **head(row.slug),
                    "name": row.name,
                    "acronym": row.acronym,
                    "other_names": row.other_names,
                    "kind": row.kind,
                    "description": row.description or "",
                    "founded_year": row.founded_year,
                    "website": row.website,
                    "email": row.email,
                    "wikidata_id": row.wikidata_id,
                    "seat": seats.get(row.seat_id),
                    "countries": self.countries(row.countries),
                    "fields": self.fields(row.fields),
                    "networks": networks.get(pk, []),
                    **_tail(sources.get(pk, []), row.source, row.last_verified, row.updated_at),
                }
            )
        return records

    def cells(self, ids: list[int], absolute: Absolute) -> list[list]:
        """The CSV rows of the records (``serializers.flatten``), formula-neutralised, as
        tuples of cells in the order of ``ORGANISATIONS.csv_columns``, built without the
        records. Cells that repeat (seats, countries, fields) are neutralised once per chunk;
        dates never need it (they begin with a digit)."""
        rows, seats, networks, sources = self._read(ids)
        page = slug_paths("directory:organisation-detail")
        json = slug_paths("data:organisation-json")
        seat_cells = {pk: neutralise_cells(place_cells(place)) for pk, place in seats.items()}
        no_seat = place_cells(None)
        cells = []
        for pk in ids:
            if pk not in rows:
                continue
            r = rows[pk]
            row = neutralise_cells((
                r.slug, absolute(page(r.slug)), absolute(json(r.slug)), r.name, r.acronym,
                r.other_names, r.kind, r.description or "", r.founded_year, r.website, r.email,
                r.wikidata_id,
            ))  # fmt: skip
            row += seat_cells.get(r.seat_id, no_seat)
            row += (
                self.countries.cell(r.countries),
                self.fields.cell(r.fields),
                neutralise_formula(CSV_LIST_SEPARATOR.join(networks[pk])) if pk in networks else "",
            )
            row += _source_cells(sources.get(pk, []), r.source)
            row += (r.last_verified.isoformat() if r.last_verified else None, r.updated_at)
            cells.append(row)
        return cells


class TwinningRecords:
    """Records of published twinnings by chunks of ids."""

    def __call__(self, ids: list[int], absolute: Absolute) -> list[dict]:
        rows = list(
            _rows(Twinning)
            .filter(AnyOf(F("pk"), ids), publication_status=PUBLISHED)
            .values(
                *TWINNING_COLUMNS,
                local_description=localized("description"),
                updated=IsoSeconds("updated_at"),
            )
        )
        sides = ("german_place_id", "central_asian_place_id")
        places = _places(row[side] for row in rows for side in sides)
        carriers = _published_slugs(Twinning.organisations.through, "twinning", "organisation", ids)
        sources = _sources("twinning_id", ids)
        head = _Head("directory:twinning-detail", "data:twinning-json", absolute)
        by_id = {}
        for row in rows:
            german, central_asian = (places[row[side]] for side in sides)
            by_id[row["pk"]] = {
                **head(row["slug"]),
                "name": f"{capfirst(german['name'])} – {central_asian['name']}",
                "german_place": german,
                "central_asian_place": central_asian,
                "kind": row["kind"],
                "status": row["status"],
                "established_year": row["established_year"],
                "description": row["local_description"] or "",
                "organisations": carriers.get(row["pk"], []),
                **_tail_of(row, sources),
            }
        return [by_id[pk] for pk in ids if pk in by_id]


READERS: dict[str, Callable[[], Callable[[list[int], Absolute], list[dict]]]] = {
    "organisations": OrganisationRecords,
    "twinnings": TwinningRecords,
}
