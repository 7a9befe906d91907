"""The records of many entries at once, read as plain rows: what the downloads stream.

``serializers.organisation_record`` and ``twinning_record`` read model instances, with their
countries, fields, networks, carriers and sources as prefetched instances. For a whole download
that cost more than everything else together (about 4,500 rows/s at 100,000 organisations, and a
full export ran into the worker timeout). Here a chunk of ids is read with ``values_list``
queries — the entries, their places, each relation as id pairs — and the same records are built
from tuples, in the same order and with the same language fallback
(``tests/test_bulk_records.py`` holds both to the same output). Queries per chunk are constant.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db.models import QuerySet
from django.utils.text import capfirst

from directory.curation.verification import urls_in_text
from directory.i18n import localized
from directory.models import CooperationField, Country, Organisation, Place, Source, Twinning
from directory.opendata.serializers import Absolute, place_fields, tail_fields
from directory.paths import slug_paths

PUBLISHED = "published"


def _rows(model) -> QuerySet:
    """``model``'s rows as a plain QuerySet: modeltranslation's manager post-processes every
    row of ``values()`` (a third of a download's time); here each language column is named."""
    return QuerySet(model)


def _places(ids: Iterable[int | None]) -> dict[int, dict]:
    """Place records (``serializers.place_record``) by id, names in the page language."""
    wanted = {pk for pk in ids if pk is not None}
    if not wanted:
        return {}
    rows = (
        _rows(Place)
        .filter(pk__in=wanted)
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


def _ranked(pairs: Iterable[tuple[int, int]], order: list[tuple[int, str]]) -> dict[int, list]:
    """``(owner, related id)`` pairs → each owner's related values in ``order``'s order."""
    rank = {pk: (position, value) for position, (pk, value) in enumerate(order)}
    grouped = _grouped((owner, rank[related]) for owner, related in pairs if related in rank)
    return {
        owner: [value for _position, value in sorted(ranks)] for owner, ranks in grouped.items()
    }


def _published_slugs(through, owner: str, related: str, ids: list[int]) -> dict[int, list[str]]:
    """Each owner's published related organisations (networks, carriers) by slug, in the order
    of ``published_by_name()``, read from the link table ``through``."""
    return _grouped(
        through.objects.filter(
            **{f"{owner}_id__in": ids, f"{related}__publication_status": PUBLISHED}
        )
        .order_by(f"{related}__name", f"{related}__pk")
        .values_list(f"{owner}_id", f"{related}__slug")
    )


def _sources(owner_field: str, ids: list[int]) -> dict[int, list[tuple[str, str, object]]]:
    rows = (
        Source.objects.filter(**{f"{owner_field}__in": ids})
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


def _tail(sources: list, source_text: str, last_verified, updated_at) -> dict:
    """As ``Model.source_urls``: the Source rows' addresses, then lines not yet moved."""
    urls = list(dict.fromkeys([url for url, _title, _read in sources] + urls_in_text(source_text)))
    return tail_fields(urls, sources, last_verified, updated_at)


# Columns read as they are; the description is read in the page language (German where empty).
ORGANISATION_COLUMNS = (
    "pk", "slug", "name", "acronym", "other_names", "kind", "founded_year", "website", "email",
    "wikidata_id", "seat_id", "source", "last_verified", "updated_at",
)  # fmt: skip
TWINNING_COLUMNS = (
    "pk", "slug", "german_place_id", "central_asian_place_id", "kind", "status",
    "established_year", "source", "last_verified", "updated_at",
)  # fmt: skip


def _tail_of(row: dict, sources: dict[int, list]) -> dict:
    return _tail(sources.get(row["pk"], []), row["source"], row["last_verified"], row["updated_at"])


class OrganisationRecords:
    """Records of published organisations by chunks of ids; the lookups that do not depend on
    the chunk (countries and fields in their order) are read once."""

    def __init__(self) -> None:
        self.countries = list(Country.objects.by_name().values_list("pk", "code"))
        self.fields = list(CooperationField.objects.values_list("pk", "slug"))

    def __call__(self, ids: list[int], absolute: Absolute) -> list[dict]:
        rows = list(
            _rows(Organisation)
            .filter(pk__in=ids, publication_status=PUBLISHED)
            .values(*ORGANISATION_COLUMNS, local_description=localized("description"))
        )
        seats = _places(row["seat_id"] for row in rows)
        through = Organisation.countries.through.objects.filter(organisation_id__in=ids)
        countries = _ranked(through.values_list("organisation_id", "country_id"), self.countries)
        through = Organisation.fields.through.objects.filter(organisation_id__in=ids)
        fields = _ranked(through.values_list("organisation_id", "cooperationfield_id"), self.fields)
        networks = _published_slugs(
            Organisation.networks.through, "from_organisation", "to_organisation", ids
        )
        sources = _sources("organisation_id", ids)
        head = _Head("directory:organisation-detail", "data:organisation-json", absolute)
        by_id = {}
        for row in rows:
            pk = row["pk"]
            by_id[pk] = {
                **head(row["slug"]),
                "name": row["name"],
                "acronym": row["acronym"],
                "other_names": row["other_names"],
                "kind": row["kind"],
                "description": row["local_description"] or "",
                "founded_year": row["founded_year"],
                "website": row["website"],
                "email": row["email"],
                "wikidata_id": row["wikidata_id"],
                "seat": seats.get(row["seat_id"]),
                "countries": countries.get(pk, []),
                "fields": fields.get(pk, []),
                "networks": networks.get(pk, []),
                **_tail_of(row, sources),
            }
        return [by_id[pk] for pk in ids if pk in by_id]


class TwinningRecords:
    """Records of published twinnings by chunks of ids."""

    def __call__(self, ids: list[int], absolute: Absolute) -> list[dict]:
        rows = list(
            _rows(Twinning)
            .filter(pk__in=ids, publication_status=PUBLISHED)
            .values(*TWINNING_COLUMNS, local_description=localized("description"))
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
