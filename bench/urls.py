"""The site's URLs plus a trivial view: the framework's ceiling on the same server."""

from django.http import HttpResponse
from django.urls import path

from zentralasien.urls import urlpatterns as site_urlpatterns


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


# The site's patterns are spliced in, not include()d: they hold i18n_patterns, which Django only
# accepts in the root URLconf.
urlpatterns = [path("bench/trivial/", trivial), *site_urlpatterns]
