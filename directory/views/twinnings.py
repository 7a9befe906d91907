from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from directory.listing.filters import TwinningFilter
from directory.listing.pagecache import understands
from directory.maps.data import cooperation_map, pair_map
from directory.matchmaking import opportunities
from directory.models import Twinning
from directory.opendata import feeds
from directory.views.listing import FacetedListView, filtered_feed


class TwinningListView(FacetedListView):
    template_name = "directory/twinning_list.html"
    filterset_class = TwinningFilter

    def get_queryset(self):
        return Twinning.objects.published().for_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        results = context["results"]
        twinnings = Twinning.objects.published()
        if not results.everything():
            twinnings = twinnings.filter(pk__in=results.pks())
        context["map"] = cooperation_map(
            twinnings=twinnings,
            title=_("Map of the twinnings found"),
            description=_("Each line joins a German place and its Central Asian partner."),
        )
        return context


class TwinningDetailView(DetailView):
    context_object_name = "twinning"

    def get_queryset(self):
        return Twinning.objects.published().for_detail()

    def get_context_data(self, **kwargs):
        return super().get_context_data(pair_map=pair_map(self.object), **kwargs)


@understands("state", "country", "field")
def twinning_opportunities(request):
    """Towns with ties but no twinning (directory/matchmaking/opportunities.py)."""
    form, found = opportunities.find(request.GET)
    context = {"form": form, "found": found, "filtered": any(form.data.get(n) for n in form.fields)}
    return render(request, "directory/twinning_opportunities.html", context)


twinnings_atom = filtered_feed(
    TwinningFilter,
    lambda: Twinning.objects.published().for_list(),
    feeds.twinnings_atom,
    default_sort="newest",
)
