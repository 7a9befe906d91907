"""Entry points by country and by field of cooperation."""

import re

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from directory.countries.profiles import country_profile
from directory.funding import pages as funding_pages
from directory.i18n import localized_order
from directory.listing.facets import organisation_overview, with_counts
from directory.maps.data import cooperation_map
from directory.matchmaking.requests import open_requests
from directory.models import CooperationField, Country, Organisation, Place, Twinning
from directory.paths import country_path

ORGANISATIONS_SHOWN = 10
TWINNINGS_SHOWN = 20
COUNTRY_CODE = re.compile(r"[A-Za-z]{2}")


def country_detail(request, code: str):
    if not COUNTRY_CODE.fullmatch(code):  # also keeps NUL bytes and long strings out of SQL
        raise Http404
    country = get_object_or_404(Country, code=code.upper())
    if code != country.code.lower():  # one address per country: /countries/KZ/ → …/kz/
        return redirect(country_path(country.code), permanent=True)
    overview = organisation_overview(
        Organisation.objects.for_list(with_countries=False), country=country.code
    )
    country.organisation_count = overview.total
    country_map = cooperation_map(
        twinnings=Twinning.objects.published().in_country(country.code),
        seats=Place.objects.seats_in(country.code),
        title=_("Places: %(country)s") % {"country": country.name},
        description=_(
            "Seats of organisations and twinned towns in %(country)s; lines join twinned towns."
        )
        % {"country": country.name},
        bbox=country.code,
    )
    context = {
        "country": country,
        "organisations": overview[:ORGANISATIONS_SHOWN],
        "map": country_map,
        "twinnings": country_map.twinnings[:TWINNINGS_SHOWN],
        "fields": overview.facet("field").options,  # the fields with organisations here
        "profile": country_profile(country),
        **funding_pages.for_country(country.code),
        "partner_requests": open_requests(countries=country),
    }
    return render(request, "directory/country_detail.html", context)


def field_detail(request, slug: str):
    field = get_object_or_404(CooperationField, slug=slug)
    overview = organisation_overview(Organisation.objects.for_list(), field=field.slug)
    field.organisation_count = overview.total
    countries = Country.objects.order_by("-is_focus", localized_order("name"))
    context = {
        "field": field,
        "organisations": overview[:ORGANISATIONS_SHOWN],
        "countries": [
            country
            for country in with_counts(countries, overview.counts["country"], key="code")
            if country.organisation_count
        ],
        **funding_pages.for_field(field.slug),
        "partner_requests": open_requests(fields=field),
    }
    return render(request, "directory/field_detail.html", context)
