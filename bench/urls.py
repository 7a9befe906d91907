"""The site's URLs plus a trivial view: the framework's ceiling on the same server."""

from django.http import HttpResponse
from django.urls import include, path


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/trivial/", trivial),
    path("", include("zentralasien.urls")),
]
