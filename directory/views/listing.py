"""What the filtered list pages share: FilterSet, facet counts, pagination."""

from django.core.paginator import Page, Paginator
from django.views.generic import TemplateView

from directory.facets import Results
from directory.filters import FacetedFilterSet
from directory.search_explain import summarise

PAGE_SIZE = 25


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

    def get_queryset(self):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        filterset = self.filterset_class(self.request.GET, queryset=self.get_queryset())
        results = Results(filterset, self.get_queryset())
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
