"""Whole-page cache for anonymous visitors, invalidated by a data version.

Every cached page's key holds the active language and the full URL (host, path with any
language prefix, query string); it is stored with the *data version* it was made for and served
only while that is still the current version. Any write to a model of the directory app
(save, delete, many-to-many change), once its transaction commits, bumps the version, so every
page cached before is never served again (it is replaced or expires). Without Redis the version is
read from the database (one single-row query per cached page), so all workers and instances see
a change at once even with the per-process local-memory cache. With Redis (``REDIS_URL``) the
pages are shared by all gunicorn workers and instances, and the version is a token in Redis too
(``page_version``), so a page served from the cache runs no SQL and costs one round trip
(version and page in one ``MGET``). The database counter is bumped
either way: the lists' bitmap indexes (``directory.facetindex``) are keyed by it.

What is cached: GET/HEAD answers 200 to visitors without a session or messages cookie, that set
no cookie, are not streamed (exports) and do not say ``Cache-Control: private/no-store``.
``PAGE_CACHE_SECONDS`` (default 300, 0 switches the cache off) bounds how long a page lives.
"""

import hashlib
import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import translation

from directory import facetindex

logger = logging.getLogger(__name__)


def data_version() -> int:
    """The number of committed data changes: one indexed single-row query."""
    from directory.models import DataVersion

    return DataVersion.objects.filter(pk=1).values_list("value", flat=True).first() or 0


VERSION_KEY = "pagecache:version"


def page_version() -> str:
    """The version part of a cached page's key.

    With ``PAGE_CACHE_VERSION_IN_CACHE`` (the default when Redis is configured) it is a random
    token kept in the shared cache and replaced on every change, so a page served from the cache
    runs no SQL at all. Random rather than counted: whichever of two concurrent changes writes
    last, the token differs from every token before. Otherwise it is the database's counter.
    """
    if not getattr(settings, "PAGE_CACHE_VERSION_IN_CACHE", False):
        return str(data_version())
    token = cache.get(VERSION_KEY)
    if token is None:  # first use, or evicted: a fresh token, so no old page can match
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        token = cache.get(VERSION_KEY)
    return token


def bump_data_version() -> None:
    from directory.models import DataVersion

    try:
        with transaction.atomic():
            if not DataVersion.objects.filter(pk=1).update(value=F("value") + 1):
                DataVersion.objects.get_or_create(pk=1, defaults={"value": 1})
    except DatabaseError:  # during migrations, before the table exists
        pass
    if getattr(settings, "PAGE_CACHE_VERSION_IN_CACHE", False):
        try:
            cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        except Exception:  # the cache is down: pages stored before may live PAGE_CACHE_SECONDS
            logger.warning("page cache version not replaced", exc_info=True)


def data_changed(sender, raw: bool = False, **kwargs) -> None:
    """Signal handler: bump the version when the writing transaction commits."""
    if sender._meta.app_label == "directory" and sender._meta.model_name != "dataversion":
        facetindex.forget()  # this process at once; every process once the version moves
        transaction.on_commit(bump_data_version, using=kwargs.get("using"))


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(data_changed, dispatch_uid=f"pagecache-{signal}")


class AnonymousPageCacheMiddleware:
    """Serve and store whole pages for anonymous visitors (see the module docstring).

    Sits after Locale, Authentication and Messages middleware, so the language is known.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = getattr(settings, "PAGE_CACHE_SECONDS", 0)
        if not seconds or not self.cacheable_request(request):
            return self.get_response(request)
        key = self.key(request)
        try:
            version, entry = self.lookup(key)
        except Exception:  # database or cache down: let the view answer (maybe 503)
            logger.warning("page cache unavailable", exc_info=True)
            return self.get_response(request)
        if entry is not None and entry[0] == version:
            return entry[1]
        response = self.get_response(request)
        if self.cacheable_response(request, response):
            try:
                cache.set(key, (version, response), seconds)
            except Exception:
                logger.warning("page cache unavailable", exc_info=True)
        return response

    @staticmethod
    def lookup(key: str) -> tuple[str, tuple | None]:
        """The current version and the stored ``(version, response)`` under ``key``, if any:
        one round trip to Redis when the version is kept there."""
        if not getattr(settings, "PAGE_CACHE_VERSION_IN_CACHE", False):
            return str(data_version()), cache.get(key)
        found = cache.get_many([VERSION_KEY, key])
        if VERSION_KEY not in found:
            return page_version(), None  # first use, or evicted: nothing stored can match
        return found[VERSION_KEY], found.get(key)

    @staticmethod
    def cacheable_request(request) -> bool:
        if request.method not in ("GET", "HEAD"):
            return False
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return False  # signed in, or a session with state (e.g. messages)
        if getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in request.COOKIES:
            return False
        return not request.path.startswith("/" + settings.ADMIN_URL.lstrip("/"))

    @staticmethod
    def cacheable_response(request, response) -> bool:
        user = getattr(request, "user", None)
        messages = getattr(request, "_messages", None)
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not (user is not None and user.is_authenticated)
            and not (messages is not None and getattr(messages, "_queued_messages", None))
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        )

    @staticmethod
    def key(request) -> str:
        """Where the page is stored, with the version it was made for (``lookup``)."""
        url = request.build_absolute_uri()
        digest = hashlib.sha256(url.encode("utf-8", "surrogateescape")).hexdigest()
        language = translation.get_language() or ""
        return f"pagecache:{language}:{request.method}:{digest}"
