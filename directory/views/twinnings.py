from django.views.generic import DetailView, ListView

from directory.models import Twinning


class TwinningListView(ListView):
    paginate_by = 25

    def get_queryset(self):
        return Twinning.objects.published().for_list()


class TwinningDetailView(DetailView):
    def get_queryset(self):
        return Twinning.objects.published().for_detail()
