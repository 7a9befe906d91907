from django.views.generic import DetailView

from directory.filters import TwinningFilter
from directory.models import Twinning
from directory.views.listing import FacetedListView


class TwinningListView(FacetedListView):
    template_name = "directory/twinning_list.html"
    filterset_class = TwinningFilter

    def get_queryset(self):
        return Twinning.objects.published().for_list()


class TwinningDetailView(DetailView):
    context_object_name = "twinning"

    def get_queryset(self):
        return Twinning.objects.published().for_detail()
