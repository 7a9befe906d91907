from django.views.generic import DetailView

from directory.funding import pages as funding_pages
from directory.listing.filters import OrganisationFilter
from directory.matchmaking.partners import name_index, partners_of
from directory.matchmaking.requests import open_requests
from directory.models import Organisation
from directory.opendata import feeds
from directory.views.listing import FacetedListView, filtered_feed


class OrganisationListView(FacetedListView):
    template_name = "directory/organisation_list.html"
    filterset_class = OrganisationFilter

    def get_queryset(self):
        return Organisation.objects.published().for_list()


class OrganisationDetailView(DetailView):
    context_object_name = "organisation"

    def get_queryset(self):
        return Organisation.objects.published().for_detail()

    def get_context_data(self, **kwargs):
        index = name_index()  # read once: partners and funding appearances are kept with it
        funding = funding_pages.for_organisation(self.object, index)
        return super().get_context_data(
            partners=partners_of(self.object, index),
            funding=funding,
            partner_requests=open_requests(poster_organisation=self.object),
            **kwargs,
        )


organisations_atom = filtered_feed(
    OrganisationFilter,
    lambda: Organisation.objects.published().for_list(),
    feeds.organisations_atom,
    default_sort="newest",
)
