"""Whole-page cache for anonymous visitors, invalidated by a data version.

Every cached page's key holds the active language and the full URL (host, path with any
language prefix, query string); it is stored with the *data version* it was made for and served
only while that is still the current version. Any write to a model of the directory app
that the public pages show (``PUBLIC_MODELS`` and their many-to-many tables: save, delete,
relation change), once its transaction commits, bumps the version, so every page cached before is
never served again (it is replaced or expires). Suggestions, sessions, login records and rate
limits never bump it. One transaction, and one ``batch()`` (bulk commands), bump it once, and
record which entries the new version changed (``directory.listing.changelog``).
A bump that fails is retried, then logged as an error. Without Redis the version is read from
the database (one single-row query per cached page), so all workers and instances see a change
at once even with the per-process local-memory cache. With Redis (``REDIS_URL``) the
pages are shared by all gunicorn workers and instances, and the version is a token in Redis too
(``page_version``), so a page served from the cache runs no SQL and costs one round trip
(version and page in one ``MGET``). The database counter is bumped either way: the lists'
bitmap indexes (``directory.listing.facetindex``) are keyed by it. Redis down or hung: pages are
made without the cache (``zentralasien.cache`` gives up quickly and stops asking for a while).

What is cached: GET/HEAD answers 200 to visitors without a session or messages cookie, that set
no cookie, are not streamed (exports), do not say ``Cache-Control: private/no-store``, and whose
query string holds only parameters the view understands (``understood_params``): junk parameters
(``?x=1``, ``?utm_source=…``) are answered but never stored, so they cannot fill the cache.
``PAGE_CACHE_SECONDS`` (default 300, 0 switches the cache off) bounds how long a page lives.

Some pages show what the clock changes, not a write: a call turns from open to closed at its
deadline, a partner request disappears after its expiry date, an event becomes past. No write
bumps the version then, so the keys of those pages (``CLOCK_PAGES``) also hold the current
minute: such a page is never served from the cache beyond the minute it was made in.
"""

import hashlib
import logging
import time
import uuid
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import Resolver404, resolve
from django.utils import translation

from directory.listing import changelog, facetindex
from directory.search import memory
from zentralasien.cache import unreachable as cache_unreachable

logger = logging.getLogger(__name__)

#: Pages that show call states, upcoming events or open partner requests (see the docstring).
CLOCK_PAGES = frozenset({
    "home", "country-detail", "field-detail", "organisation-detail", "programme-detail",
    "call-list", "call-detail", "call-feed", "call-calendar", "call-detail-calendar",
    "event-list", "event-detail", "event-feed", "event-calendar", "event-detail-calendar",
    "partner-request-list", "partner-request-detail", "feed-partner-requests",
    "api-call-list", "api-call-detail", "api-event-list", "api-event-detail",
    "api-partner-request-list", "partner-requests-csv", "partner-requests-xlsx", "call-export",
    "event-export",
})  # fmt: skip
CLOCK_SECONDS = 60  # deadlines and expiry dates are exact to the minute


def _clock(request) -> str:
    """The current minute for a page in ``CLOCK_PAGES``, else ''."""
    try:
        name = resolve(request.path_info).url_name
    except Resolver404:
        return ""
    return f"{int(time.time() // CLOCK_SECONDS)}:" if name in CLOCK_PAGES else ""


def data_version() -> int:
    """The number of committed data changes: one indexed single-row query."""
    return changelog.current_version()


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


BUMP_ATTEMPTS = 3
_token_outdated = False  # the cache's token could not be replaced: retry on the next lookup


def bump_data_version(changes: changelog.Changes | None = changelog.EVERYTHING) -> None:
    """Count a committed change and record which entries it ``changes`` (default: it cannot
    say); retried, and logged as an error if it cannot be recorded."""
    from directory.models import DataVersion

    global _token_outdated
    for attempt in range(1, BUMP_ATTEMPTS + 1):
        try:
            with transaction.atomic():
                if not DataVersion.objects.filter(pk=1).update(value=F("value") + 1):
                    DataVersion.objects.get_or_create(pk=1, defaults={"value": 1})
                # The row is locked by this transaction's update: the value read is ours.
                changelog.record(changelog.current_version(), changes)
            break
        except DatabaseError:
            if attempt == BUMP_ATTEMPTS:
                logger.error(
                    "Data version not bumped after %s attempts: lists may be stale until the "
                    "next change",
                    attempt,
                    exc_info=True,
                )
    if getattr(settings, "PAGE_CACHE_VERSION_IN_CACHE", False):
        _token_outdated = not _replace_token()


def _replace_token() -> bool:
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:  # a cache backend that raises: pages stored before may live on
        logger.warning("Page cache version not replaced; retried on the next page", exc_info=True)
        return False
    return not cache_unreachable()


_batch: ContextVar[list | None] = ContextVar("pagecache_batch", default=None)


@contextmanager
def batch():
    """Count all changes made inside as one: a bulk command bumps the version once, at the end.

    The version is bumped on leaving even if nothing sent a signal (``bulk_create`` and
    ``QuerySet.update`` send none), and also when the block raised (part may be written).
    """
    token = _batch.set([])
    try:
        yield
    finally:
        _batch.reset(token)
        facetindex.forget()
        memory.held.forget()
        pending = _pending_bump(None)
        if pending is None:
            transaction.on_commit(_Bump(changelog.EVERYTHING))
        else:
            pending.changes = changelog.EVERYTHING


class _Bump:
    """The version bump a transaction runs when it commits (one per transaction), with the
    entries it changed (``changelog.EVERYTHING`` when it cannot name them)."""

    ran = False

    def __init__(self, changes: changelog.Changes | None):
        self.changes = changes

    def __call__(self) -> None:
        self.ran = True
        bump_data_version(self.changes)

    def add(self, changed: changelog.Changes | None) -> None:
        self.changes = changelog.merged(self.changes, changed)


def _pending_bump(using: str | None) -> _Bump | None:
    """The bump this transaction runs when it commits, if there is one already.

    A rolled-back transaction (or savepoint) drops its callbacks, so it leaves nothing pending.
    """
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        return None
    for entry in connection.run_on_commit:
        if isinstance(entry[1], _Bump) and not entry[1].ran:
            return entry[1]
    return None


def _changed_entries(sender, kwargs) -> changelog.Changes | None:
    """The entries a signal says were written, by model label (``EVERYTHING``: it cannot say).

    A many-to-many change is one of the entry that holds the relation, or, from the other
    side (``reverse``), of the entries added or removed.
    """
    instance = kwargs.get("instance")
    if kwargs.get("raw") or instance is None or instance.pk is None:
        return changelog.EVERYTHING  # fixtures, or nothing to name
    if not kwargs.get("reverse"):  # a save or delete, or a relation changed from its owner
        return {instance._meta.concrete_model._meta.label_lower: {instance.pk}}
    if kwargs.get("pk_set") is None:  # cleared from the other side: which entries is unknown
        return changelog.EVERYTHING
    return {kwargs["model"]._meta.concrete_model._meta.label_lower: set(kwargs["pk_set"])}


def data_changed(sender, raw: bool = False, **kwargs) -> None:
    """Signal handler: bump the version when the writing transaction commits, once, with the
    entries it wrote."""
    if kwargs.get("action", "post_").startswith("pre_"):
        return  # m2m_changed: the post_ signal follows
    changed = _changed_entries(sender, {**kwargs, "raw": raw})
    facetindex.changed(changed)  # this process at once; every process once the version moves
    memory.held.changed(changed)
    if _batch.get() is not None:
        return  # the batch bumps once when it ends
    using = kwargs.get("using")
    pending = _pending_bump(using)
    if pending is None:
        transaction.on_commit(_Bump(changed), using=using)
    else:
        pending.add(changed)


PUBLIC_MODELS = (
    "Country",
    "CooperationField",
    "Place",
    "PlaceAlias",
    "Organisation",
    "Twinning",
    "Source",  # shown on the entries' pages
    "CountryFact",  # shown on the country pages
    "TopicTerm",  # part of the entries' search texts; its writes rewrite them in bulk
    "Programme",
    "Call",
    "Event",
    "PartnerRequest",  # its list and detail pages, and the boxes on entry pages
)


# Models of the app that no public page shows: their writes never bump. Every model of the app
# is in one of the two lists (a test checks), so a new model is classified deliberately.
NOT_PUBLIC_MODELS = (
    "Suggestion",  # the curators' queue
    "DataVersion",  # the version itself
    "DataChange",  # what each version changed, written with it
    "SearchWord",  # derived from the entries; its writers bump once (rebuild_search_index)
    "RateLimitCounter",
    "LinkCheck",  # link-check results, shown to curators only
    "DemoRecord",  # what the demo loader wrote last; the entries themselves bump
)


def public_senders() -> tuple[list[type], list[type]]:
    """The models whose rows the public pages show, and their many-to-many tables.

    Not here, so they never bump: suggestions, the version row, the search vocabulary (derived;
    its writers bump once), history records, and every other app's models (sessions, axes,
    users). Connecting per sender also keeps Django's fast deletes for all of those.
    """
    from django.apps import apps

    models = [apps.get_model("directory", name) for name in PUBLIC_MODELS]
    throughs = [
        field.remote_field.through for model in models for field in model._meta.local_many_to_many
    ]
    return models, throughs


def connect_signals() -> None:
    models, throughs = public_senders()
    for model in models:
        label = model._meta.label_lower
        post_save.connect(data_changed, sender=model, dispatch_uid=f"pagecache-save-{label}")
        post_delete.connect(data_changed, sender=model, dispatch_uid=f"pagecache-delete-{label}")
    for through in throughs:
        label = through._meta.label_lower
        m2m_changed.connect(data_changed, sender=through, dispatch_uid=f"pagecache-m2m-{label}")


def understood_params(request) -> frozenset[str]:
    """The query parameters the view of ``request`` understands (others are junk).

    A view declares them as ``page_cache_params`` (``understands()`` for functions, a class
    attribute for class-based views); a list view with a ``filterset_class`` understands the
    FilterSet's parameters plus ``page`` and ``sort``. Without a declaration: none.
    """
    match = getattr(request, "resolver_match", None)
    if match is None:
        return frozenset()
    view = getattr(match.func, "view_class", match.func)
    declared = getattr(view, "page_cache_params", None)
    if declared is not None:
        return frozenset(declared)
    filterset_class = getattr(view, "filterset_class", None)
    if filterset_class is not None:
        return frozenset(filterset_class.base_filters) | {"page", "sort"}
    return frozenset()


def understands(*params: str):
    """Decorator: the query parameters a function view's cached pages may carry."""

    def decorate(view):
        view.page_cache_params = frozenset(params)
        return view

    return decorate


class AnonymousPageCacheMiddleware:
    """Serve and store whole pages for anonymous visitors (see the module docstring).

    Sits after Locale, Authentication and Messages middleware, so the language is known.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = getattr(settings, "PAGE_CACHE_SECONDS", 0)
        if not seconds or not self.cacheable_request(request) or cache_unreachable():
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
        if not version:
            return response  # the version is unknown: nothing stored could be trusted
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
        global _token_outdated
        if _token_outdated:  # a change this process made was not announced yet
            _token_outdated = not _replace_token()
            if _token_outdated:
                return "", None
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
            and set(request.GET) <= understood_params(request)
        )

    @staticmethod
    def key(request) -> str:
        """Where the page is stored, with the version it was made for (``lookup``)."""
        url = request.build_absolute_uri()
        digest = hashlib.sha256(url.encode("utf-8", "surrogateescape")).hexdigest()
        language = translation.get_language() or ""
        return f"pagecache:{language}:{request.method}:{_clock(request)}{digest}"
