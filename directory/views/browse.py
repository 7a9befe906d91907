"""Entry points by country and by field of cooperation."""

import re

from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from directory.mapdata import cooperation_map
from directory.models import CooperationField, Country, Organisation, Place, Twinning

ORGANISATIONS_SHOWN = 10
TWINNINGS_SHOWN = 20
COUNTRY_CODE = re.compile(r"[A-Za-z]{2}")


def _recently_verified(organisations, *, with_countries: bool = True):
    return organisations.for_list(with_countries=with_countries).order_by(
        F("last_verified").desc(nulls_last=True), "name"
    )[:ORGANISATIONS_SHOWN]


def country_detail(request, code: str):
    if not COUNTRY_CODE.fullmatch(code):  # also keeps NUL bytes and long strings out of SQL
        raise Http404
    country = get_object_or_404(Country.objects.with_public_counts(), code=code.upper())
    country_map = cooperation_map(
        twinnings=Twinning.objects.published().in_country(country.code),
        seats=Place.objects.seats_in(country.code),
        title=_("Places in %(country)s") % {"country": country.name},
        description=_(
            "Seats of organisations and twinned towns in %(country)s; lines join twinned towns."
        )
        % {"country": country.name},
        bbox=country.code,
    )
    context = {
        "country": country,
        "organisations": _recently_verified(
            Organisation.objects.published().in_country(code), with_countries=False
        ),
        "map": country_map,
        "twinnings": country_map.twinnings[:TWINNINGS_SHOWN],
        "fields": (
            CooperationField.objects.with_public_counts(in_country=code).filter(
                organisation_count__gt=0
            )
        ),
    }
    return render(request, "directory/country_detail.html", context)


def field_detail(request, slug: str):
    field = get_object_or_404(CooperationField.objects.with_public_counts(), slug=slug)
    context = {
        "field": field,
        "organisations": _recently_verified(Organisation.objects.published().in_field(slug)),
        "countries": (
            Country.objects.with_public_counts(in_field=slug)
            .filter(organisation_count__gt=0)
            .order_by("-is_focus", "name")
        ),
    }
    return render(request, "directory/field_detail.html", context)
