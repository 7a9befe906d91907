from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.decorators.cache import cache_control

from directory.opendata.sitemaps import SITEMAPS

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path(
        "sitemap.xml",
        cache_control(public=True, max_age=3600)(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cache_control(public=True, max_age=3600)(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("", include("directory.data_urls")),
]

# Every public page exists once per language, its address prefixed with the language code
# (/de/…, /en/…, /ru/…), so each version can be linked and indexed. "/" and any address without
# a prefix redirect to the visitor's language (cookie, then Accept-Language, then German).
urlpatterns += i18n_patterns(path("", include("directory.urls")), prefix_default_language=True)

handler400 = "zentralasien.views.bad_request"
handler403 = "zentralasien.views.permission_denied"
handler404 = "zentralasien.views.page_not_found"
handler500 = "zentralasien.views.server_error"
