"""A URLconf with a view that fails, to test the 500 page (used via pytest.mark.urls)."""

from django.urls import include, path


def broken_view(request):
    raise RuntimeError("deliberate failure for the 500 page test")


urlpatterns = [
    path("broken/", broken_view),
    path("", include("directory.urls")),
]
