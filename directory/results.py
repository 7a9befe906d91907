"""The published entries a list shows for a query string: filtered, searched and sorted.

The HTML lists, the API and the exports all get their entries here, so a download holds exactly
the rows of the list it was started from, in the same order.

Each function returns ``(queryset, errors)``; ``errors`` maps parameter names to messages when
a filter value is invalid (the API answers 400, the pages show the form errors).
"""

from dataclasses import dataclass

from django.http import QueryDict

from directory.models import Organisation, Twinning
from directory.search import search_organisations, search_twinnings


@dataclass(frozen=True)
class FilterDoc:
    """A list parameter as the API documentation shows it."""

    name: str
    description: str
    choices: tuple[str, ...] = ()


ORGANISATION_FILTERS: list[FilterDoc] = []
TWINNING_FILTERS: list[FilterDoc] = []


def organisations(params: QueryDict):
    queryset = search_organisations(Organisation.objects.published(), params.get("q"))
    return queryset.order_by("name", "pk"), {}


def twinnings(params: QueryDict):
    queryset = search_twinnings(Twinning.objects.published(), params.get("q"))
    return queryset.order_by("german_place__name", "central_asian_place__name", "pk"), {}
