"""Public place pages: who is based in a town, its twinnings, and the partners around it."""

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from directory.maps.data import place_map
from directory.models import Country, Organisation, Place, PlaceAlias, Twinning, TwinningStatus

SEATED_SHOWN = 30
PARTNERS_SHOWN = 10
TOWNS_SHOWN = 20
#: SQL queries of a place page (pinned in tests/test_places.py).
QUERIES = 12


def place_detail(request, slug: str):
    aliases = Prefetch("aliases", queryset=PlaceAlias.objects.order_by("name"))
    place = get_object_or_404(
        Place.objects.select_related("country").prefetch_related(aliases), slug=slug
    )
    twinnings = list(
        Twinning.objects.published()
        .filter(Q(german_place=place) | Q(central_asian_place=place))
        .for_list()
        .order_by("german_place__name", "central_asian_place__name")
    )
    for twinning in twinnings:
        is_german = twinning.german_place_id == place.pk
        twinning.other_place = twinning.central_asian_place if is_german else twinning.german_place
    seated = Organisation.objects.published().filter(seat=place)
    seated_total = seated.count()
    if not (seated_total or twinnings):
        raise Http404  # nothing public is here: the place may be known only from drafts
    twin_places = [t.other_place.pk for t in twinnings if t.status != TwinningStatus.ENDED]
    in_twin_towns = (
        Organisation.objects.published().filter(seat__in=twin_places).for_list().order_by("name")
    )
    run_from_here = (
        Twinning.objects.published()
        .filter(organisations__seat=place, organisations__publication_status="published")
        .exclude(pk__in=[t.pk for t in twinnings])
        .distinct()
        .for_list()
        .order_by("german_place__name", "central_asian_place__name")
    )
    countries = (
        Country.objects.filter(
            organisations__seat=place, organisations__publication_status="published"
        )
        .exclude(pk=place.country_id)
        .annotate(organisation_count=Count("organisations", distinct=True))
        .order_by("-organisation_count", "name")
    )
    context = {
        "place": place,
        "twinnings": twinnings,
        "map": place_map(place, twinnings),
        "seated": seated.for_list().order_by("name")[:SEATED_SHOWN],
        "seated_total": seated_total,
        "in_twin_towns": list(in_twin_towns[:PARTNERS_SHOWN]) if twin_places else [],
        "towns_worked_in": list(run_from_here[:TOWNS_SHOWN]),
        "countries_worked_in": list(countries),
    }
    return render(request, "directory/place_detail.html", context)
