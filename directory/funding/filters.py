"""FilterSets of the programme, call and event lists: the organisation list's machinery
(``FacetedFilterSet``, the bitmap index, the search) with their own facets.

A call's state (open / closing soon / closed) and an event's (upcoming / past) depend on the
time: the index queryset annotates them (``with_state``), and ``index_key`` keys the index by the
minute as well as by the data version, so a call that closed a minute ago is shown as closed.
"""

import django_filters
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.i18n import localized_order
from directory.listing.filters import SORT_RELEVANCE, FacetedFilterSet, organisation_choices
from directory.models import (
    Call,
    CallKind,
    CallState,
    Event,
    EventKind,
    EventWhen,
    Programme,
    ProgrammeStatus,
)

NAME = "name"  # in sort orders: the name in the page language, by its collation


class FundingFilterSet(FacetedFilterSet):
    """Country and field filters (all countries and fields, as the organisation list has them)
    and the translated name as sort key."""

    country = django_filters.MultipleChoiceFilter(field_name="countries__code", label=_("Country"))
    field = django_filters.MultipleChoiceFilter(
        field_name="fields__slug", label=_("Field of cooperation")
    )

    def load_choices(self) -> None:
        vocabulary = organisation_choices()
        self.data_version = vocabulary.version
        self.focus_countries = vocabulary.focus
        self.set_choices("country", vocabulary.countries)
        self.set_choices("field", vocabulary.fields)

    def ordering(self, sort: str | None = None) -> list:
        return [
            localized_order("name") if key == NAME else key
            for key in self.sort_orders[sort or self.sort][1]
        ]


class ProgrammeFilter(FundingFilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=ProgrammeStatus.choices, distinct=False, label=_("Status")
    )

    facet_names = ("country", "field", "status")
    sort_orders = {
        SORT_RELEVANCE: (_("Relevance"), ("-rank", NAME)),
        "name": (_("Name"), (NAME,)),
        "newest": (_("Newest first"), (F("published_at").desc(nulls_last=True), NAME)),
    }

    class Meta:
        model = Programme
        fields = []


def _minute() -> str:
    return timezone.now().strftime("%Y-%m-%dT%H:%M")


class CallFilter(FundingFilterSet):
    kind = django_filters.MultipleChoiceFilter(
        choices=CallKind.choices, distinct=False, label=_("Kind of opportunity")
    )
    state = django_filters.MultipleChoiceFilter(
        field_name="state", choices=CallState.choices, distinct=False, label=_("Deadline")
    )

    facet_names = ("state", "country", "field", "kind")
    default_sort = "deadline"
    sort_orders = {
        SORT_RELEVANCE: (_("Relevance"), ("-rank", "closed_rank", "open_deadline")),
        # Open calls by their deadline, soonest first; closed ones after them, latest first.
        "deadline": (
            _("Deadline"),
            ("closed_rank", F("open_deadline").asc(nulls_last=True), "-deadline", NAME),
        ),
        "name": (_("Name"), (NAME,)),
    }

    class Meta:
        model = Call
        fields = []

    def index_key(self) -> tuple:
        return (_minute(),)

    def search_scope(self):
        return Call.objects.published().with_state()


class EventFilter(FundingFilterSet):
    kind = django_filters.MultipleChoiceFilter(
        choices=EventKind.choices, distinct=False, label=_("Kind of event")
    )
    when = django_filters.MultipleChoiceFilter(
        field_name="when", choices=EventWhen.choices, distinct=False, label=_("When")
    )

    facet_names = ("when", "country", "field", "kind")
    default_sort = "date"
    sort_orders = {
        SORT_RELEVANCE: (_("Relevance"), ("-rank", "past_rank", "upcoming_start")),
        # Upcoming events soonest first, then past ones, latest first.
        "date": (
            _("Date"),
            ("past_rank", F("upcoming_start").asc(nulls_last=True), "-starts_on", NAME),
        ),
        "name": (_("Name"), (NAME,)),
    }

    class Meta:
        model = Event
        fields = []

    def index_key(self) -> tuple:
        return (timezone.localdate().isoformat(),)

    def search_scope(self):
        return Event.objects.published().with_state()
