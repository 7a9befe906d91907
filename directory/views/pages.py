from django.shortcuts import render

from directory.models import CooperationField, Country, Organisation, Twinning


def home(request):
    context = {
        "organisation_count": Organisation.objects.published().count(),
        "twinning_count": Twinning.objects.published().count(),
        "countries": Country.objects.focus().with_public_counts(),
        "fields": CooperationField.objects.with_public_counts(),
        "recent_organisations": (
            Organisation.objects.published().order_by("-last_verified", "name")[:6]
        ),
    }
    return render(request, "directory/home.html", context)
