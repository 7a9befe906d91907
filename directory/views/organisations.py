from django.views.generic import DetailView, ListView

from directory.models import Organisation


class OrganisationListView(ListView):
    paginate_by = 25

    def get_queryset(self):
        return Organisation.objects.published().for_list()


class OrganisationDetailView(DetailView):
    def get_queryset(self):
        return Organisation.objects.published().for_detail()
