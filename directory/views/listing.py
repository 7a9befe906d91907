"""What the filtered list pages share: FilterSet, facet counts, pagination."""

from django.core.paginator import Page, Paginator
from django.views.generic import TemplateView

from directory.facets import count_facets
from directory.filters import FacetedFilterSet

PAGE_SIZE = 25


def paginate(queryset, number: str | None, *, count: int, per_page: int = PAGE_SIZE):
    """The requested page and its elided page range.

    ``count`` is known from the facet query, so the paginator needs no COUNT query of its own.
    Anything that is not a page number gives the first page; a number past the end gives the last.
    """
    paginator = Paginator(queryset, per_page)
    paginator.count = count  # a cached_property: set it, and Paginator never counts itself
    page: Page = paginator.get_page(number)
    return page, paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)


class FacetedListView(TemplateView):
    """A list with search, facet filters, sorting and pagination, all held in the URL."""

    filterset_class: type[FacetedFilterSet]

    def get_queryset(self):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        filterset = self.filterset_class(self.request.GET, queryset=self.get_queryset())
        counts = count_facets(filterset)
        page_obj, page_range = paginate(
            filterset.qs, self.request.GET.get("page"), count=counts.total
        )
        return super().get_context_data(
            filterset=filterset,
            facets=counts.facets,
            total=counts.total,
            page_obj=page_obj,
            object_list=page_obj.object_list,
            elided_page_range=page_range,
            **kwargs,
        )
