"""Reading a public list the one way its pages, downloads, maps and API read it."""

from django.http import QueryDict

from directory.listing.facets import Results
from directory.listing.filters import OrganisationFilter, TwinningFilter
from directory.models import Organisation, Twinning
from directory.search.ranking import ranked_matches

FILTERS = {Organisation: OrganisationFilter, Twinning: TwinningFilter}


def listed(model, query: str = "", **params: str) -> list:
    """The published entries of ``model``'s list for ``?q=query&…``, in the list's order."""
    data = QueryDict(mutable=True)
    data.update({"q": query, **params})
    filterset = FILTERS[model](data, queryset=model.objects.published())
    results = Results(filterset, model.objects.published().for_list())
    return results[: len(results)]


def found(model, query: str, scope=None) -> list:
    """Every entry of ``scope`` (all of ``model``'s, drafts too) the search finds, best first."""
    ranked = ranked_matches(model.objects.all() if scope is None else scope, query)
    order = [pk for tier in ranked.tiers for pk in tier]
    return sorted(model.objects.filter(pk__in=order), key=lambda entry: order.index(entry.pk))
