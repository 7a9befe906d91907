"""Deployment checks of this project, run by ``manage.py check --deploy`` beside Django's own."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def site_url_is_set(app_configs, **kwargs) -> list[Warning]:
    """Without ``SITE_URL`` any port a client writes into ``Host`` reappears in absolute URLs."""
    origin = urlsplit(settings.SITE_URL)
    if origin.scheme in ("http", "https") and origin.hostname:
        return []
    return [
        Warning(
            "SITE_URL is not set to the site's public origin (e.g. https://example.org).",
            hint="Without it, absolute URLs (API, downloads, sitemap, feed) repeat any port a "
            "client writes into the Host header.",
            id="zentralasien.W001",
        )
    ]
