"""Entry points by country and by field of cooperation."""

from django.shortcuts import get_object_or_404, render

from directory.models import CooperationField, Country


def country_detail(request, code: str):
    country = get_object_or_404(Country, code=code.upper())
    return render(request, "directory/country_detail.html", {"country": country})


def field_detail(request, slug: str):
    field = get_object_or_404(CooperationField, slug=slug)
    return render(request, "directory/field_detail.html", {"field": field})
