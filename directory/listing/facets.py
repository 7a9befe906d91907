"""A list page's results: total, facet counts and the rows of one page, from the bitmap index.

An option's count is taken over the results of all *other* filters (and the search), so ticking
another value of the same filter — OR within a filter — never looks like a dead end. Counts and
the total come from the in-memory index (``directory.listing.facetindex``), not from SQL: the only
queries per page are the search (if any) and the page's own rows.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import get_language

from directory.listing.facetindex import MAX_MOVED, BitmapIndex, Selection, indexes
from directory.listing.filters import SORT_RELEVANCE, FacetedFilterSet
from directory.paths import country_path
from directory.search import memory
from directory.search.ranking import SearchPlan, parse, ranked_matches


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    options: list[FacetOption]

    @property
    def has_selection(self) -> bool:
        return any(option.selected for option in self.options)


@dataclass(frozen=True)
class FacetCounts:
    total: int
    facets: list[Facet]


def facet_index(filterset: FacetedFilterSet) -> BitmapIndex:
    """The index of the filterset's list in the page language and sort order (relevance: the
    default order, which breaks ties between equal ranks)."""
    sort = filterset.default_sort if filterset.sort == SORT_RELEVANCE else filterset.sort
    key = (type(filterset).__name__, get_language(), sort, *filterset.index_key())
    paths = {name: filterset.filters[name].field_name for name in filterset.facet_names}

    def build() -> BitmapIndex:
        return BitmapIndex.build(filterset.index_queryset(sort), paths)

    def update(index: BitmapIndex, changes: dict[str, set[int]]) -> BitmapIndex | None:
        """The index after ``changes``: its changed entries moved, or None (rebuild it) when
        a change touched what many entries show (a country, a place) or what it cannot tell."""
        reads = filterset.index_reads
        own = filterset._meta.model._meta.label_lower
        if reads is None or any(label in reads for label in changes):
            return None
        moved = changes.get(own, set())
        if len(moved) > MAX_MOVED:
            return None
        if not moved:  # only what the index does not read (a source, an event)
            return index.fresh()
        return index.moved(filterset.index_queryset(sort), paths, moved)

    if filterset.data_version is None:  # no vocabulary row carried the version: don't keep it
        return build()
    return indexes.get(key, filterset.data_version, build, update)


class Results(Sequence):
    """The filterset's results: total, facet counts, and rows fetched one page at a time.

    A ``Sequence`` so that Django's ``Paginator`` slices it like a QuerySet: a slice costs one
    query for its rows (plus the queryset's prefetches), in the order of the index.
    """

    def __init__(self, filterset: FacetedFilterSet, queryset, attach=None):
        """``attach(index, rows by position)``: gives a page's rows what the index tells
        instead of a query (``directory.listing.cards``)."""
        self.filterset = filterset
        self.queryset = queryset
        self.attach = attach
        self.index = facet_index(filterset)
        selected = {name: filterset.selected(name) for name in filterset.facet_names}
        base = self._searched()
        self.selection = base.restricted(self.index.matching(selected))
        self.total = self.selection.mask.bit_count()
        base_mask = base.mask
        self.counts = {
            name: self.index.counts(name, base_mask & self.index.matching(selected, without=name))
            for name in filterset.facet_names
        }

    def _searched(self) -> Selection:
        if not self.filterset.query:
            return self.index.all()
        scope, query, exact = self.filterset.search_scope(), self.filterset.query, self.exact
        version = self.filterset.data_version

        def search():
            held = memory.searched(self.index, scope, query, exact, version)
            return held if held is not None else ranked_matches(scope, query, exact=exact)

        return self.index.searched((parse(query), exact), search)

    @property
    def exact(self) -> bool:
        return bool(getattr(self.filterset, "exact", False))

    @property
    def plan(self) -> SearchPlan | None:
        """How the search matched (its corrections), or None without a search."""
        return self.selection.plan

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, key):
        if not isinstance(key, slice):
            raise TypeError("Results are read a page (a slice) at a time")
        start, stop, _step = key.indices(self.total)
        positions = self.index.page_positions(self.selection, start, max(stop - start, 0))
        pks = [self.index.pks[position] for position in positions]
        rows = {row.pk: row for row in self.queryset.filter(pk__in=pks).order_by()} if pks else {}
        found = {p: rows[pk] for p, pk in zip(positions, pks, strict=True) if pk in rows}
        if self.attach is not None:
            self.attach(self.index, found)
        return list(found.values())

    def pks(self) -> list[int]:
        """Every match's pk, in the list's order (for a map of all of them)."""
        return self.index.page(self.selection, 0, self.total)

    def everything(self) -> bool:
        """Does the selection hold every entry of the list (no search, no filter)?"""
        return self.total == self.index.everything.bit_count()

    def facet(self, name: str) -> Facet:
        return _facet(self.filterset, name, self.counts.get(name, {}))

    def facet_counts(self) -> FacetCounts:
        return FacetCounts(self.total, [self.facet(name) for name in self.filterset.facet_names])


def _facet(filterset: FacetedFilterSet, name: str, counts: dict[str, int]) -> Facet:
    """Options in vocabulary order; options without results are left out unless chosen."""
    selected = set(filterset.selected(name))
    options = [
        FacetOption(value, label, count=counts.get(value, 0), selected=value in selected)
        for value, label in filterset.choices(name)
        if counts.get(value) or value in selected
    ]
    return Facet(name=name, label=str(filterset.filters[name].label), options=options)


def organisation_overview(queryset, sort: str = "verified", **selected: str) -> Results:
    """Published organisations with the ``selected`` filters (``country="KZ"``,
    ``field="culture"``), most recently verified first (or in the order ``sort``): the total,
    the counts by country and by field, and the rows (slice it), all from the index. For home,
    country and field pages.
    """
    from directory.listing.filters import OrganisationFilter
    from directory.models import Organisation

    params = QueryDict(mutable=True)
    params.update({"sort": sort, **selected})
    filterset = OrganisationFilter(params, queryset=Organisation.objects.published())
    return Results(filterset, queryset)


@dataclass(frozen=True)
class CountrySummary:
    """A Central Asian country with its counts: a home page card."""

    code: str
    name: str
    organisation_count: int
    twinning_count: int

    def get_absolute_url(self) -> str:
        return country_path(self.code)


def focus_countries(overview: Results, twinning_counts: dict[str, int]) -> list[CountrySummary]:
    """The Central Asian countries with their counts, named and ordered as the list's country
    filter shows them: from the vocabulary query the list runs anyway, not a query of their own.
    """
    filterset = overview.filterset
    return [
        CountrySummary(
            code, name, overview.counts["country"].get(code, 0), twinning_counts.get(code, 0)
        )
        for code, name in filterset.choices("country")
        if code in filterset.focus_countries
    ]


def with_counts(objects, counts: dict[str, int], *, key: str) -> list:
    """``objects`` with ``organisation_count`` set from ``counts`` (by their attribute ``key``)."""
    objects = list(objects)
    for obj in objects:
        obj.organisation_count = counts.get(getattr(obj, key), 0)
    return objects
