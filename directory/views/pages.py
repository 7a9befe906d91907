from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from directory.funding import pages as funding_pages
from directory.listing.facets import focus_countries, organisation_overview, with_counts
from directory.maps.data import cooperation_map
from directory.models import CooperationField, Organisation, Twinning
from directory.operations import operator

RECENT_SHOWN = 6


def home(request):
    twinning_map = cooperation_map(
        twinnings=Twinning.objects.published(),
        title=_("Town twinnings between Germany and Central Asia"),
        description=_("Each line joins a German place and its Central Asian partner."),
    )
    # The newest published entries first: what "Newest entries" shows.
    overview = organisation_overview(
        Organisation.objects.select_related("seat__country"), sort="newest"
    )
    context = {
        "organisation_count": overview.total,
        "twinning_count": twinning_map.twinning_count,
        "map": twinning_map,
        "countries": focus_countries(overview, twinning_map.twinnings_by_country()),
        "fields": with_counts(CooperationField.objects.all(), overview.counts["field"], key="slug"),
        "newest_organisations": overview[:RECENT_SHOWN],
        **funding_pages.for_home(),
    }
    return render(request, "directory/home.html", context)


class OperatorPageView(TemplateView):
    """The imprint and the privacy policy: the operator's details from settings."""

    def get_context_data(self, **kwargs) -> dict:
        return {
            **super().get_context_data(**kwargs),
            "operator": operator.current(),
            "development_instance": settings.DEBUG,
        }
