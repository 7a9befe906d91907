"""A small per-client rate limit in the Django cache (local memory, or Redis in production).

Privacy: the client address is never stored. The cache key holds a keyed hash of it (HMAC with
SECRET_KEY, so the hash cannot be reversed by trying all addresses) and expires with the window.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


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
    return f"ratelimit:{scope}:{digest[:32]}"


def hit(request: HttpRequest, *, scope: str, limit: int, window: int) -> bool:
    """Count one request of this client in ``scope``; False once it exceeds ``limit``."""
    key = _key(scope, client_ip(request))
    # add() sets the counter only if absent, so the window starts with the first request.
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=window)
        return True
    return count <= limit
