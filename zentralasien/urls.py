from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
]

# Every public page exists once per language, its address prefixed with the language code
# (/de/…, /en/…, /ru/…), so each version can be linked and indexed. "/" and any address without
# a prefix redirect to the visitor's language (cookie, then Accept-Language, then German).
urlpatterns += i18n_patterns(path("", include("directory.urls")), prefix_default_language=True)
