"""django-filter FilterSets of the public list pages.

Every filter takes several values — OR within a filter, AND across filters — and reads codes and
slugs from the URL, so addresses stay readable: ``?country=KZ&country=UZ&field=environment``.

Invalid input is cleaned, never fatal: unknown filter values are dropped before validation and
listed in ``ignored`` (the page shows a notice), an unknown ``sort`` falls back to the default,
and ``q`` goes through :func:`directory.search.ranking.clean_query`. django-filter on its own would
turn one unknown value into an invalid form and an empty result list.

A FilterSet only reads and describes a list's address (chosen values, choices, sort order, links,
the data version); it never filters. The entries, their order and the facet counts come from
``directory.listing.facets.Results`` alone, for pages, downloads, maps and the API alike.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

import django_filters
from django.db import transaction
from django.db.models import Case, F, IntegerField, Subquery, Value, When
from django.http import QueryDict
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from directory.i18n import collated, localized, localized_order, sort_key
from directory.listing import changelog
from directory.models import (
    CooperationField,
    Country,
    DataVersion,
    FederalState,
    Organisation,
    OrganisationKind,
    Twinning,
    TwinningKind,
    TwinningStatus,
)
from directory.search.ranking import clean_query

SORT_RELEVANCE = "relevance"


@dataclass(frozen=True)
class ActiveFilter:
    """One chosen filter value, with the address of the same list without it."""

    label: str
    value_label: str
    remove_url: str


@dataclass(frozen=True)
class SortLink:
    label: str
    url: str
    is_current: bool


class FacetedFilterSet(django_filters.FilterSet):
    """A FilterSet whose multi-value filters double as facets (see ``directory.listing.facets``).

    Subclasses declare ``facet_names`` (the filters shown with counts), ``sort_orders`` (URL value
    → label and ``order_by`` arguments) and ``default_sort``; ``load_choices()`` fills the choices
    that come from the database.
    """

    q = django_filters.CharFilter(label=pgettext_lazy("filter", "Search"))

    facet_names: tuple[str, ...] = ()
    sort_orders: dict[str, tuple[str, tuple]] = {}
    default_sort = "name"
    # Labels of the other models whose rows the list's index reads (facet values, sort keys):
    # a change to one rebuilds the index; changes to others leave it, or move the changed
    # entries of the list's own model. None: undeclared, every change rebuilds it.
    index_reads: tuple[str, ...] | None = None
    place_sides: tuple[str, ...] = ()
    collated_columns: tuple[str, ...] = ()

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.load_choices()
        self.data, self.ignored = self._clean(data if data is not None else QueryDict())
        self.is_bound = True
        self.query = self.data.get("q", "")
        self.exact = self.data.get("exact") == "1"  # the words as typed, no corrections
        self.sort = self.data.get("sort") or self._default_sort()

    # Set-up -------------------------------------------------------------------------------------
    def load_choices(self) -> None:
        """Set the choices of filters whose values come from the database, and
        ``data_version`` (read with them: see ``_data_version``)."""

    def set_choices(self, name: str, choices: Iterable[tuple[str, str]]) -> None:
        self.filters[name].extra["choices"] = list(choices)

    def choices(self, name: str) -> list[tuple[str, str]]:
        return self.filters[name].extra["choices"]

    def _default_sort(self) -> str:
        return SORT_RELEVANCE if self.query else self.default_sort

    def _clean(self, raw: QueryDict) -> tuple[QueryDict, list[str]]:
        """Keep known values only; return them and the labels of filters that lost values."""
        data = QueryDict(mutable=True)
        ignored = []
        for name, flt in self.filters.items():
            values = [value for value in raw.getlist(name) if value]
            if name == "q":
                if query := clean_query(raw.get("q")):
                    data["q"] = query
            elif isinstance(flt, django_filters.MultipleChoiceFilter):
                # Codes and slugs in any case (the country pages' own addresses are lower case).
                known = {str(key).casefold(): str(key) for key, _label in self.choices(name)}
                kept = list(
                    dict.fromkeys(known[v.casefold()] for v in values if v.casefold() in known)
                )
                if len(kept) < len(set(values)):
                    ignored.append(str(flt.label))
                data.setlist(name, kept)
        if "q" in data and raw.get("exact") == "1":
            data["exact"] = "1"
        sort = raw.get("sort", "")
        if sort in self.sort_orders and (sort != SORT_RELEVANCE or "q" in data):
            data["sort"] = sort
        return data, ignored

    # Reading ------------------------------------------------------------------------------------
    @property
    def qs(self):
        """Not a read path: the entries, their order and their counts come from
        ``directory.listing.facets.Results`` (the list index and
        ``directory.search.ranking.ranked_matches``)."""
        raise NotImplementedError("Read a list through directory.listing.facets.Results")

    def search_scope(self):
        """Every entry the list can show, before filters: what the index and the search cover."""
        return self._meta.model.objects.published()

    def index_key(self) -> tuple:
        """What the list's index depends on besides the data, language and sort order: the time,
        for lists whose facets say open/closed or upcoming/past (``directory.funding.filters``)."""
        return ()

    def index_queryset(self, sort: str):
        """The list's entries in the order of ``sort``, for ``directory.listing.facetindex``."""
        return self.search_scope().order_by(*self.ordering(sort), "pk")

    def ordering(self, sort: str | None = None) -> list:
        """The ``order_by`` arguments of the chosen (or the given) sort order.

        Sort orders are declared at import time, when no page language is active. Here a place
        side (``"german_place"``) becomes its name in the page language and a text column in
        ``collated_columns`` is compared by the page language's rules (Ö with O, Ё with Е).
        """
        order = []
        for key in self.sort_orders[sort or self.sort][1]:
            if key in self.place_sides:
                order.append(localized_order(f"{key}__name"))
            elif key in self.collated_columns:
                order.append(collated(F(key)).asc())
            else:
                order.append(key)
        return order

    def selected(self, name: str) -> list[str]:
        return self.data.getlist(name)

    # What the page shows ------------------------------------------------------------------------
    def _url(self, data: QueryDict) -> str:
        return "?" + data.urlencode() if data else "?"

    def _without(self, name: str, value: str | None = None) -> str:
        data = self.data.copy()
        if value is None:
            data.pop(name, None)
        else:
            data.setlist(name, [v for v in data.getlist(name) if v != value])
        if name == "q":
            data.pop("exact", None)
            if data.get("sort") == SORT_RELEVANCE:
                data.pop("sort")
        return self._url(data)

    @cached_property
    def active_filters(self) -> list[ActiveFilter]:
        """Each chosen value as a removable chip, the search words first."""
        chips = []
        if self.query:
            chips.append(ActiveFilter(str(self.filters["q"].label), self.query, self._without("q")))
        for name in self.facet_names:
            label, values = str(self.filters[name].label), dict(self.choices(name))
            chips.extend(
                ActiveFilter(label, values[value], self._without(name, value))
                for value in self.selected(name)
            )
        return chips

    @cached_property
    def sort_links(self) -> list[SortLink]:
        links = []
        for key, (label, _order) in self.sort_orders.items():
            if key == SORT_RELEVANCE and not self.query:
                continue
            data = self.data.copy()
            data["sort"] = key
            links.append(SortLink(str(label), self._url(data), key == self.sort))
        return links

    def hidden_state(self, *, keep: Iterable[str]) -> list[tuple[str, str]]:
        """(name, value) pairs that a form must carry to keep the rest of the list's state."""
        keep = set(keep)
        return [
            (name, value) for name, values in self.data.lists() if name in keep for value in values
        ]

    @property
    def hidden_for_search(self) -> list[tuple[str, str]]:
        """The search form resets the page but keeps filters and sort order."""
        return self.hidden_state(keep=[*self.facet_names, "sort"])

    @property
    def hidden_for_filters(self) -> list[tuple[str, str]]:
        """The filter form keeps the search words and sort order."""
        return self.hidden_state(keep=["q", "exact", "sort"])


FOCUS_SORT = 0  # the sort key of the Central Asian countries: first


def _country_sort_key():
    """The five Central Asian countries first, then Germany, then the rest by name."""
    return Case(
        When(is_focus=True, then=Value(FOCUS_SORT)),
        When(code="DE", then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


def _data_version() -> Subquery:
    """The data version as a column of a vocabulary query.

    The version keys the list's bitmap index (``directory.listing.facetindex``); reading it with the
    vocabulary saves the list page a query.
    """
    return Subquery(DataVersion.objects.filter(pk=1).values("value")[:1])


def _version_of(rows: list) -> int | None:
    """The version column (last) of vocabulary rows; None when there are no rows to carry it."""
    return (rows[0][-1] or 0) if rows else None


class Vocabulary(NamedTuple):
    countries: list[tuple[str, str]]  # (code, name) in display order: focus, Germany, others
    fields: list[tuple[str, str]]  # (slug, name) in display order
    focus: frozenset[str]  # codes of the Central Asian countries
    version: int | None  # the data version (see ``_data_version``)


MAX_VOCABULARIES = 8  # kept per process: a few languages at the current data version
_vocabularies: dict[tuple[str, int], Vocabulary] = {}


def organisation_choices() -> Vocabulary:
    """Countries and fields for the organisation filters, and the data version.

    Outside a transaction (every public page) they are kept per page language and data version,
    which every committed change moves: a page then reads the version alone (a quarter of a
    millisecond; the vocabulary took about 1.2 ms at 100,000 organisations). Inside one (a test,
    a curator's save) they are read with the version in one query, never kept: what a
    transaction reads may be rolled back.
    """
    language = get_language()
    outside = not transaction.get_connection().in_atomic_block
    if outside and (kept := _vocabularies.get((language, changelog.current_version()))):
        return kept
    vocabulary = _read_organisation_choices()
    if outside and vocabulary.version is not None:
        if len(_vocabularies) >= MAX_VOCABULARIES:
            _vocabularies.clear()
        _vocabularies[(language, vocabulary.version)] = vocabulary
    return vocabulary


def forget_vocabularies() -> None:
    """Drop the kept vocabularies (a test starting: the version is not moved by rollbacks)."""
    _vocabularies.clear()


def _read_organisation_choices() -> Vocabulary:
    """Countries and fields with the data version, in one query. Names are in the page
    language; within a group they sort by its rules (``sort_key``)."""
    countries = (
        Country.objects.order_by()
        .annotate(
            key=F("code"),
            vocabulary=Value("country"),
            label=localized("name"),
            sort=_country_sort_key(),
            version=_data_version(),
        )
        .values_list("vocabulary", "key", "label", "sort", "version")
    )
    fields = (
        CooperationField.objects.order_by()
        .annotate(
            vocabulary=Value("field"),
            key=F("slug"),
            label=localized("name"),
            sort=F("position"),
            version=_data_version(),
        )
        .values_list("vocabulary", "key", "label", "sort", "version")
    )
    rows = sorted(countries.union(fields, all=True), key=lambda row: (row[3], sort_key(row[2])))
    by_vocabulary: dict[str, list[tuple[str, str]]] = {"country": [], "field": []}
    focus = set()
    for vocabulary, key, name, sort, _version in rows:
        by_vocabulary[vocabulary].append((key, name))
        if vocabulary == "country" and sort == FOCUS_SORT:
            focus.add(key)
    return Vocabulary(
        countries=by_vocabulary["country"],
        fields=by_vocabulary["field"],
        focus=frozenset(focus),
        version=_version_of(rows),
    )


class OrganisationFilter(FacetedFilterSet):
    country = django_filters.MultipleChoiceFilter(
        field_name="countries__code", label=_("Country of activity")
    )
    field = django_filters.MultipleChoiceFilter(
        field_name="fields__slug", label=_("Field of cooperation")
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=OrganisationKind.choices, distinct=False, label=_("Kind of organisation")
    )
    seat = django_filters.MultipleChoiceFilter(
        field_name="seat__country__code", distinct=False, label=_("Country of the seat")
    )
    state = django_filters.MultipleChoiceFilter(
        field_name="seat__federal_state",
        choices=FederalState.choices,
        distinct=False,
        label=_("German federal state of the seat"),
    )

    facet_names = ("country", "field", "kind", "seat", "state")
    index_reads = ("directory.country", "directory.cooperationfield", "directory.place")
    collated_columns = ("name",)
    sort_orders = {
        SORT_RELEVANCE: (_("Relevance"), ("-rank", "name")),
        "name": (_("Name"), ("name",)),
        "verified": (
            _("Recently verified"),
            (F("last_verified").desc(nulls_last=True), "name"),
        ),
        "newest": (
            _("Newest first"),
            (F("published_at").desc(nulls_last=True), "name"),
        ),
    }

    class Meta:
        model = Organisation
        fields = []

    def load_choices(self) -> None:
        vocabulary = organisation_choices()
        self.data_version = vocabulary.version
        self.focus_countries = vocabulary.focus
        self.set_choices("country", vocabulary.countries)
        self.set_choices("seat", vocabulary.countries)
        self.set_choices("field", vocabulary.fields)


class TwinningFilter(FacetedFilterSet):
    country = django_filters.MultipleChoiceFilter(
        field_name="central_asian_place__country__code",
        distinct=False,
        label=_("Central Asian country"),
    )
    state = django_filters.MultipleChoiceFilter(
        field_name="german_place__federal_state",
        choices=FederalState.choices,
        distinct=False,
        label=_("German federal state"),
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=TwinningKind.choices, distinct=False, label=_("Kind of partnership")
    )
    status = django_filters.MultipleChoiceFilter(
        choices=TwinningStatus.choices, distinct=False, label=_("Status")
    )

    facet_names = ("country", "state", "kind", "status")
    index_reads = ("directory.country", "directory.place")
    place_sides = ("german_place", "central_asian_place")
    default_sort = "place"
    sort_orders = {
        SORT_RELEVANCE: (
            _("Relevance"),
            ("-rank", "german_place", "central_asian_place"),
        ),
        "place": (_("German town"), ("german_place", "central_asian_place")),
        "partner": (_("Central Asian town"), ("central_asian_place", "german_place")),
        "established": (
            _("Year established"),
            (F("established_year").asc(nulls_last=True), "german_place"),
        ),
        "newest": (
            _("Newest first"),
            (F("published_at").desc(nulls_last=True), "german_place", "central_asian_place"),
        ),
    }

    class Meta:
        model = Twinning
        fields = []

    def load_choices(self) -> None:
        countries = Country.objects.focus().annotate(label=localized("name"), v=_data_version())
        rows = list(countries.order_by().values_list("code", "label", "v"))
        self.data_version = _version_of(rows)
        choices = [(code, label) for code, label, _version in rows]
        self.set_choices("country", sorted(choices, key=lambda choice: sort_key(choice[1])))
