from django.db.models import F
from django.shortcuts import render
from django.utils.translation import gettext as _

from directory.mapdata import cooperation_map
from directory.models import CooperationField, Country, Organisation, Twinning

RECENT_SHOWN = 6


def home(request):
    twinning_map = cooperation_map(
        twinnings=Twinning.objects.published(),
        title=_("Town twinnings between Germany and Central Asia"),
        description=_("Each line joins a German place and its Central Asian partner."),
    )
    context = {
        "organisation_count": Organisation.objects.published().count(),
        "twinning_count": twinning_map.twinning_count,
        "map": twinning_map,
        "countries": Country.objects.focus().with_public_counts().with_twinning_counts(),
        "fields": CooperationField.objects.with_public_counts(),
        "recent_organisations": (
            Organisation.objects.published()
            .select_related("seat__country")
            .order_by(F("last_verified").desc(nulls_last=True), "-created_at", "name")[
                :RECENT_SHOWN
            ]
        ),
    }
    return render(request, "directory/home.html", context)
