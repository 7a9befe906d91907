"""The comparison of the five Central Asian countries."""

from django.shortcuts import render

from directory.countries.profiles import comparison


def country_comparison(request):
    return render(request, "directory/country_compare.html", {"comparison": comparison()})
