"""The published entries a list shows for a query string: filtered, searched and sorted.

The API and the downloads take their entries from the same FilterSets as the HTML lists
(``directory.listing.filters``), so a download holds exactly the rows of the list it was started
from, in the same order.

Each function returns ``(results, errors)``: ``results`` is a ``directory.listing.facets.Results``
(total and order from the list's bitmap index, rows read a slice at a time with everything a public
record holds). Like the pages, it leaves out filter values it does not know; ``errors`` names them
(parameter → messages) so that the API can answer 400 where a page shows a notice.
"""

from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext as _

from directory.listing.facets import Results
from directory.listing.filters import (
    SORT_RELEVANCE,
    FacetedFilterSet,
    OrganisationFilter,
    TwinningFilter,
)
from directory.models import Organisation, Twinning

MAX_ECHOED_LENGTH = 40


@dataclass(frozen=True)
class FilterDoc:
    """A list parameter as the API documentation shows it."""

    name: str
    description: str
    choices: tuple[str, ...] = ()
    multiple: bool = True


def rejected(filterset: FacetedFilterSet, params: QueryDict) -> dict[str, list[str]]:
    """The parameters whose values the FilterSet left out, with a message each."""
    errors = {}
    for name in filterset.filters:
        if name == "q":
            continue
        chosen = {value.casefold() for value in filterset.selected(name)}
        unknown = [v for v in params.getlist(name) if v and v.casefold() not in chosen]
        if unknown:
            shown = ", ".join(value[:MAX_ECHOED_LENGTH] for value in unknown[:5])
            errors[name] = [_("Unknown value: %(values)s") % {"values": shown}]
    sort = params.get("sort")
    # "relevance" without search words is no error: the list takes its default order, as on
    # the page (``FacetedFilterSet._clean``).
    if sort and sort != filterset.data.get("sort") and sort != SORT_RELEVANCE:
        errors["sort"] = [
            _("Choose one of: %(orders)s.") % {"orders": ", ".join(filterset.sort_orders)}
        ]
    return errors


def organisations(params: QueryDict):
    filterset = OrganisationFilter(params, queryset=Organisation.objects.published())
    rows = Organisation.objects.published().for_export()
    return Results(filterset, rows), rejected(filterset, params)


def twinnings(params: QueryDict):
    filterset = TwinningFilter(params, queryset=Twinning.objects.published())
    rows = Twinning.objects.published().for_export()
    return Results(filterset, rows), rejected(filterset, params)


def filter_docs(filterset_class: type[FacetedFilterSet]) -> list[FilterDoc]:
    """The filters and sort orders a list takes, with the values the database knows now."""
    filterset = filterset_class(QueryDict(), queryset=filterset_class._meta.model.objects.none())
    docs = [
        FilterDoc(
            name,
            _("%(label)s. Repeat the parameter for several values (any of them matches).")
            % {"label": filterset.filters[name].label},
            tuple(str(key) for key, _label in filterset.choices(name)),
        )
        for name in filterset.facet_names
    ]
    docs.append(
        FilterDoc(
            "sort",
            " ".join(
                (
                    _("Order of the results; default: relevance with q, else %(default)s.")
                    % {"default": filterset.default_sort},
                    _("Without q, relevance gives the default order."),
                )
            ),
            tuple(filterset.sort_orders),
            multiple=False,
        )
    )
    return docs
