from django.db.models import Value, prefetch_related_objects
from django.views.generic import DetailView

from directory.funding import pages as funding_pages
from directory.listing import cards
from directory.listing.facetindex import bitmap
from directory.listing.filters import OrganisationFilter
from directory.matchmaking.partners import name_index, partners_of
from directory.matchmaking.requests import open_requests
from directory.models import Organisation, PartnerRequest, Source, Twinning
from directory.opendata import feeds
from directory.querysets import detail_prefetches
from directory.views.listing import FacetedListView, filtered_feed


class OrganisationListView(FacetedListView):
    template_name = "directory/organisation_list.html"
    filterset_class = OrganisationFilter
    attach = staticmethod(cards.attach_lists)  # the cards' fields and countries

    def get_queryset(self):
        return Organisation.objects.published().for_cards()


def linked(index) -> dict[str, int]:
    """Which organisations have rows in each relation of ``detail_prefetches()`` and partner
    requests (``"requests"``), as bitmaps over the name ``index``: any rows, published or not,
    accepted or not, so a clear bit means there is nothing to show and a set one that the
    page's own query decides. Most organisations have none of most: their page skips those
    queries. One query per data change, kept on the index, which a change replaces."""

    def make():
        networks = Organisation.networks.through
        columns = {
            "networks": (networks, "from_organisation_id"),
            "members": (networks, "to_organisation_id"),
            "twinnings": (Twinning.organisations.through, "organisation_id"),
            "sources": (Source, "organisation_id"),
            "requests": (PartnerRequest, "poster_organisation_id"),
        }
        first, *rest = [
            model.objects.order_by().annotate(relation=Value(name)).values_list("relation", column)
            for name, (model, column) in columns.items()
        ]
        positions: dict[str, list[int]] = {name: [] for name in columns}
        for name, pk in first.union(*rest):
            if pk is not None and (position := index.position(pk)) is not None:
                positions[name].append(position)
        return {name: bitmap(found, index.size) for name, found in positions.items()}

    return index.kept("detail_links", make)


class OrganisationDetailView(DetailView):
    context_object_name = "organisation"

    def get_queryset(self):
        return Organisation.objects.published().for_cards()

    def get_object(self, queryset=None):
        """The organisation as ``for_detail()`` gives it: its fields and countries from the
        name index (``cards``), and the detail prefetches of only the relations it has rows in
        (``linked``); the others are empty without a query."""
        organisation = super().get_object(queryset)
        self.index = name_index()  # read once: partners, funding and links are kept with it
        links, position = linked(self.index), self.index.position(organisation.pk)
        if position is not None:  # else (a change in between) the lists are read when shown
            cards.attach_lists(self.index, {position: organisation})

        def has(relation: str) -> bool:
            return position is None or bool((links[relation] >> position) & 1)

        prefetches = detail_prefetches()
        prefetch_related_objects(
            [organisation], *[prefetch for name, prefetch in prefetches.items() if has(name)]
        )
        for name, prefetch in prefetches.items():
            if has(name):
                continue
            if prefetch.to_attr:
                setattr(organisation, prefetch.to_attr, [])
            else:  # where Django's prefetch keeps the rows that ``relation.all()`` reads
                manager = getattr(organisation, name)
                cache = organisation.__dict__.setdefault("_prefetched_objects_cache", {})
                # Filled as Django's prefetch fills it: a bare ``none()`` is compiled (and found
                # empty) on every read, about 0.4 ms each, several times per page.
                rows = manager.none()
                rows._result_cache, rows._prefetch_done = [], True
                cache[manager.prefetch_cache_name] = rows
        self.has_requests = has("requests")
        return organisation

    def get_context_data(self, **kwargs):
        funding = funding_pages.for_organisation(self.object, self.index)
        requests = open_requests(poster_organisation=self.object) if self.has_requests else []
        return super().get_context_data(
            partners=partners_of(self.object, self.index),
            funding=funding,
            partner_requests=requests,
            **kwargs,
        )


organisations_atom = filtered_feed(
    OrganisationFilter,
    lambda: Organisation.objects.published().for_list(),
    feeds.organisations_atom,
    default_sort="newest",
)
