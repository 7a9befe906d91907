"""Facet counts for the list pages: how many results each filter option would give.

An option's count is taken over the results of all *other* filters (and the search), so ticking
another value of the same filter — OR within a filter — never looks like a dead end. All facets
and the total number of results come from ONE query: a ``UNION ALL`` of one ``GROUP BY`` per
facet plus one row for the total, whatever the number of results or facets.
"""

from dataclasses import dataclass

from django.db.models import CharField, Count, F, QuerySet, Subquery, Value

from directory.filters import FacetedFilterSet

TOTAL = "__total__"


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


def _restricted_to(queryset: QuerySet) -> QuerySet:
    """A plain queryset of the same rows: search annotations, DISTINCT and ordering left behind."""
    return queryset.model._default_manager.filter(
        pk__in=Subquery(queryset.order_by().values("pk"))
    ).order_by()


def _counts(queryset: QuerySet, facet: str, path: str | None) -> QuerySet:
    value = F(path) if path else Value("", output_field=CharField())
    return (
        _restricted_to(queryset)
        .annotate(facet=Value(facet, output_field=CharField()), value=value)
        .values("facet", "value")
        .annotate(count=Count("pk", distinct=True))
        .values_list("facet", "value", "count")
    )


def count_facets(filterset: FacetedFilterSet) -> FacetCounts:
    """Count every facet of ``filterset`` and the total number of its results, in one query."""
    parts = [_counts(filterset.qs, TOTAL, None)]
    parts += [
        _counts(filterset.queryset_without(name), name, filterset.filters[name].field_name)
        for name in filterset.facet_names
    ]
    counts: dict[str, dict[str, int]] = {}
    for facet, value, count in parts[0].union(*parts[1:], all=True):
        if value is not None:
            counts.setdefault(facet, {})[str(value)] = count
    total = counts.get(TOTAL, {}).get("", 0)
    facets = [_facet(filterset, name, counts.get(name, {})) for name in filterset.facet_names]
    return FacetCounts(total, facets)


def _facet(filterset: FacetedFilterSet, name: str, counts: dict[str, int]) -> Facet:
    """Options in vocabulary order; options without results are left out unless chosen."""
    selected = set(filterset.selected(name))
    options = [
        FacetOption(value, label, count=counts.get(value, 0), selected=value in selected)
        for value, label in filterset.choices(name)
        if counts.get(value) or value in selected
    ]
    return Facet(name=name, label=str(filterset.filters[name].label), options=options)
