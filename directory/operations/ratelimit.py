"""A small per-client rate limit, counted in the database (``RateLimitCounter``).

Not in the cache: the page cache may evict keys under memory pressure (``allkeys-lru``) or be
unreachable, and neither may lift a limit. One statement counts a request atomically on SQLite
and PostgreSQL (``INSERT … ON CONFLICT DO UPDATE … RETURNING``); a window starts with a client's
first request and expired rows are deleted whenever a new window starts.

Fails closed but never with a server error: when the counter cannot be written, ``hit`` raises
``Unavailable`` and the view asks the visitor to try again later, keeping their input.

Privacy: the client address is never stored. The key holds a keyed hash of it (HMAC with
SECRET_KEY, so the hash cannot be reversed by trying all addresses) and expires with the window.
"""

import hashlib
import hmac
import logging
import time

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest

from directory.models import RateLimitCounter

logger = logging.getLogger(__name__)


class Unavailable(Exception):
    """The counter could not be read or written: treat the request as over the limit."""


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the proxy's X-Forwarded-For entry if trusted."""
    if settings.CLIENT_IP_FROM_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        # The last entry is the one our own proxy appended; earlier ones are client-supplied.
        last = forwarded.split(",")[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR", "")


def _key(scope: str, ip: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), ip.encode(), hashlib.sha256).hexdigest()
    return f"{scope}:{digest[:32]}"


def count(key: str, window: int) -> int:
    """Count one request under ``key`` and return the requests in its current window."""
    table = connection.ops.quote_name(RateLimitCounter._meta.db_table)
    now = int(time.time())
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (key, hits, expires_at) VALUES (%s, 1, %s) "
                f"ON CONFLICT (key) DO UPDATE SET "
                f"hits = CASE WHEN {table}.expires_at <= %s THEN 1 ELSE {table}.hits + 1 END, "
                f"expires_at = CASE WHEN {table}.expires_at <= %s "
                f"THEN excluded.expires_at ELSE {table}.expires_at END "
                f"RETURNING hits",
                [key, now + window, now, now],
            )
            hits = cursor.fetchone()[0]
        if hits == 1:  # a new window: clear out the windows that have ended
            RateLimitCounter.objects.filter(expires_at__lte=now).delete()
    return hits


def hit(request: HttpRequest, *, scope: str, limit: int, window: int) -> bool:
    """Count one request of this client in ``scope``; False once it exceeds ``limit``.

    Raises ``Unavailable`` when the count cannot be kept.
    """
    try:
        return count(_key(scope, client_ip(request)), window) <= limit
    except DatabaseError as error:
        logger.error("Rate limit unavailable: %s", error)
        raise Unavailable from error
