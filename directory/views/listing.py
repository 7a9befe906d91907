"""What the filtered list pages share: FilterSet, facet counts, pagination, and the feeds of a
list's current filter."""

from django.core.paginator import Page, Paginator
from django.views import View
from django.views.generic import TemplateView

from directory.listing.facets import Results
from directory.listing.filters import FacetedFilterSet
from directory.search.explain import summarise

PAGE_SIZE = 25
FEED_LENGTH = 200


def paginate(results: Results, number: str | None, *, per_page: int = PAGE_SIZE):
    """The requested page and its elided page range.

    Anything that is not a page number gives the first page; a number past the end gives the last.
    The total comes from the index, so the paginator runs no COUNT query.
    """
    paginator = Paginator(results, per_page)
    page: Page = paginator.get_page(number)
    return page, paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)


class FacetedListView(TemplateView):
    """A list with search, facet filters, sorting and pagination, all held in the URL."""

    filterset_class: type[FacetedFilterSet]
    attach = None  # what the rows take from the index instead of a query (``Results``)

    def get_queryset(self):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        filterset = self.filterset_class(self.request.GET, queryset=self.get_queryset())
        results = Results(filterset, self.get_queryset(), attach=self.attach)
        counts = results.facet_counts()
        page_obj, page_range = paginate(results, self.request.GET.get("page"))
        summary = summarise(filterset, results, page_obj.object_list)
        return super().get_context_data(
            search_summary=summary,
            filterset=filterset,
            results=results,
            facets=counts.facets,
            total=counts.total,
            page_obj=page_obj,
            object_list=page_obj.object_list,
            elided_page_range=page_range,
            **kwargs,
        )


class FilteredFeedView(View):
    """A feed of the list's current filter: the same FilterSet, index and order as the page,
    at most ``FEED_LENGTH`` entries. ``filterset_class`` also tells the page cache which
    parameters the feed understands; ``default_sort`` is the feed's order when the address
    names none (newest first, for a feed reader)."""

    filterset_class = None
    rows = None  # () -> the published rows, as the list reads them
    render = None  # (request, rows, filterset) -> HttpResponse
    default_sort = None

    def get(self, request):
        params = request.GET
        if self.default_sort and "sort" not in params and "q" not in params:
            params = params.copy()
            params["sort"] = self.default_sort
        queryset = type(self).rows()
        filterset = self.filterset_class(params, queryset=queryset)
        rows = Results(filterset, queryset)[:FEED_LENGTH]
        return type(self).render(request, rows, filterset)


def filtered_feed(filterset_class, rows, render, *, default_sort=None):
    """The view of a feed (``render``) of ``filterset_class``'s list over ``rows()``."""
    attributes = {
        "filterset_class": filterset_class,
        "rows": staticmethod(rows),
        "render": staticmethod(render),
        "default_sort": default_sort,
    }
    return type(f"{render.__name__}_view", (FilteredFeedView,), attributes).as_view()
