"""The site-wide search: results grouped by organisations, twinnings and places."""

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.urls import reverse

from directory.listing import pagecache
from directory.listing.facets import Results
from directory.listing.filters import OrganisationFilter, TwinningFilter
from directory.models import Organisation, Place, Twinning
from directory.search.explain import summarise
from directory.search.ranking import clean_query, search_places

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


def _list_results(filterset_class, model, request, list_name: str):
    """The first results of a list for the request's query: the lists' own search path."""
    filterset = filterset_class(request.GET, queryset=model.objects.published())
    results = Results(filterset, model.objects.published().for_list())
    rows = results[:RESULTS_PER_GROUP]
    summary = summarise(filterset, results, rows, list_url=reverse(list_name))
    return filterset, results, rows, summary


@pagecache.understands("q", "exact")
def site_search(request):
    q = clean_query(request.GET.get("q"))
    context = {"q": q}
    if q:
        filterset, organisations, rows, summary = _list_results(
            OrganisationFilter, Organisation, request, "directory:organisation-list"
        )
        _twinning_filter, twinnings, twinning_rows, _summary = _list_results(
            TwinningFilter, Twinning, request, "directory:twinning-list"
        )
        context |= {
            "filterset": filterset,
            "search_summary": summary,
            "organisations": rows,
            "organisation_total": organisations.total,
            "twinnings": twinning_rows,
            "twinning_total": twinnings.total,
            "places": search_places(public_places(), q)[:RESULTS_PER_GROUP],
            "exact": filterset.exact,
        }
    return render(request, "directory/search.html", context)
