from django.db.models import F
from django.shortcuts import render

from directory.models import CooperationField, Country, Organisation, Twinning

RECENT_SHOWN = 6


def home(request):
    context = {
        "organisation_count": Organisation.objects.published().count(),
        "twinning_count": Twinning.objects.published().count(),
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
