"""The site-wide search: results grouped by organisations, twinnings and places."""

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import render

from directory import pagecache
from directory.models import Organisation, Place, Twinning
from directory.search import clean_query, search_organisations, search_places, search_twinnings

RESULTS_PER_GROUP = 10


def _public_count(model, **filters) -> Coalesce:
    """A subquery counting the published ``model`` rows that point to the outer place."""
    counts = (
        model.objects.published()
        .filter(**filters)
        .order_by()
        .values("publication_status")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counts), 0)


def public_places():
    """Places that published organisations or twinnings refer to, with those counts."""
    return (
        Place.objects.select_related("country")
        .annotate(
            organisation_count=_public_count(Organisation, seat=OuterRef("pk")),
            twinning_count=_public_count(
                Twinning,
                pk__in=Twinning.objects.filter(
                    Q(german_place=OuterRef(OuterRef("pk")))
                    | Q(central_asian_place=OuterRef(OuterRef("pk")))
                ).values("pk"),
            ),
        )
        .filter(Q(organisation_count__gt=0) | Q(twinning_count__gt=0))
    )


@pagecache.understands("q")
def site_search(request):
    q = clean_query(request.GET.get("q"))
    organisations = search_organisations(Organisation.objects.published().for_list(), q)
    twinnings = search_twinnings(Twinning.objects.published().for_list(), q)
    places = search_places(public_places(), q)
    context = {"q": q}
    if q:
        context |= {
            "organisations": organisations[:RESULTS_PER_GROUP],
            "organisation_total": organisations.count(),
            "twinnings": twinnings[:RESULTS_PER_GROUP],
            "twinning_total": twinnings.count(),
            "places": places[:RESULTS_PER_GROUP],
        }
    return render(request, "directory/search.html", context)
