"""What must hold before the site serves requests (called by ``wsgi.py`` and ``asgi.py``)."""

from django.core.exceptions import ImproperlyConfigured

MISSING_SECRET_KEY = "Set SECRET_KEY (or DEBUG=1 for local development)."


def require_secret_key() -> None:
    """Refuse to serve without a secret key: sessions, CSRF and signed links depend on it."""
    from django.conf import settings

    try:
        key = settings.SECRET_KEY
    except ImproperlyConfigured:  # Django's own refusal of an empty key, on access
        key = ""
    if not key:
        raise ImproperlyConfigured(MISSING_SECRET_KEY)
