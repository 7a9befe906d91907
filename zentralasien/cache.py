"""Django's Redis cache backend, made an optimisation that can fail without taking the site along.

- **One ``redis.Redis`` client per connection pool.** Django's ``RedisCacheClient`` builds a new
  ``redis.Redis`` for every cache call, and redis-py rebuilds its table of some 165 response
  callbacks in every constructor (redis/redis-py#3624): in a profile of a page served from the
  cache that took longer than the round trips to Redis. A ``redis.Redis`` may be shared between
  threads (it takes a pooled connection per command), so one per pool is enough.
- **Bounded waits.** Connecting and every command time out after ``CACHE_TIMEOUT_SECONDS``
  (settings), so a hung Redis (SIGSTOP, a full network buffer) cannot hold a worker.
- **Fail open with a circuit breaker.** A connection error or timeout makes every call answer as
  if the cache were empty (``get`` → default, ``set`` → nothing stored, ``add`` → False) and opens
  the breaker: for ``CACHE_RETRY_SECONDS`` this process does not contact Redis at all. After that
  one call tries again. A hung Redis therefore costs each worker one short timeout per interval,
  not one per request. Nothing protective lives in this cache (rate limits and login lockouts
  are in the database), so an empty answer is always safe.
"""

import logging
import threading
import time

from django.conf import settings
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class CircuitBreaker:
    """Whether Redis may be contacted: closed (yes) or open until a moment (no).

    Shared by every thread of the process (Django makes one cache backend per thread).
    """

    def __init__(self):
        self._lock = threading.Lock()
        self.open_until = 0.0

    @property
    def is_open(self) -> bool:
        return time.monotonic() < self.open_until

    def trip(self, error: Exception) -> None:
        seconds = getattr(settings, "CACHE_RETRY_SECONDS", 30)
        with self._lock:
            was_closed = not self.is_open
            self.open_until = time.monotonic() + seconds
        if was_closed:  # one warning per outage and process, not one per request
            logger.warning(
                "Cache unreachable (%s): working without it, next try in %s s", error, seconds
            )

    def reset(self) -> None:
        with self._lock:
            reopened = self.open_until != 0.0
            self.open_until = 0.0
        if reopened:
            logger.info("Cache reachable again")


breakers: dict[str, CircuitBreaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(location: str) -> CircuitBreaker:
    with _breakers_lock:
        return breakers.setdefault(location, CircuitBreaker())


def unreachable() -> bool:
    """Whether the default cache is known to be unreachable now, without contacting it."""
    from django.core.cache import cache

    breaker = getattr(getattr(cache, "_cache", None), "breaker", None)
    return breaker is not None and breaker.is_open


def _fail_open(name: str, default):
    """Wrap ``RedisCacheClient.<name>``: skip Redis while the breaker is open, answer
    ``default()`` when Redis cannot be reached."""
    method = getattr(RedisCacheClient, name)

    def wrapped(self, *args, **kwargs):
        if self.breaker.is_open:
            return default(*args, **kwargs)
        try:
            result = method(self, *args, **kwargs)
        except UNREACHABLE as error:
            self.breaker.trip(error)
            return default(*args, **kwargs)
        except RedisError as error:  # e.g. OOM under maxmemory noeviction: this call only
            logger.warning("Cache error (%s): answered without the cache", error)
            return default(*args, **kwargs)
        if self.breaker.open_until:
            self.breaker.reset()
        return result

    wrapped.__name__ = name
    return wrapped


def _missing_key(key, *args, **kwargs):
    raise ValueError(f"Key '{key}' not found (cache unavailable)")


def _get_default(key, default=None):
    return default


FAIL_OPEN_DEFAULTS = {
    "get": _get_default,
    "get_many": lambda *args, **kwargs: {},
    "has_key": lambda *args, **kwargs: False,
    "add": lambda *args, **kwargs: False,
    "set": lambda *args, **kwargs: None,
    "set_many": lambda *args, **kwargs: [],
    "touch": lambda *args, **kwargs: False,
    "delete": lambda *args, **kwargs: False,
    "delete_many": lambda *args, **kwargs: None,
    "incr": _missing_key,
    "clear": lambda *args, **kwargs: False,
}


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, servers, **options):
        timeout = getattr(settings, "CACHE_TIMEOUT_SECONDS", 0.25)
        options.setdefault("socket_timeout", timeout)
        options.setdefault("socket_connect_timeout", timeout)
        options.setdefault("retry", Retry(NoBackoff(), 0))  # the breaker decides when to retry
        super().__init__(servers, **options)
        self._clients = {}
        self.breaker = breaker_for(",".join(servers))

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client

    def ping(self) -> bool:
        """Whether Redis answers now (at most one timeout; False at once while the breaker is
        open)."""
        if self.breaker.is_open:
            return False
        try:
            self.get_client().ping()
        except UNREACHABLE as error:
            self.breaker.trip(error)
            return False
        except RedisError:
            return False
        self.breaker.reset()
        return True


for _name, _default in FAIL_OPEN_DEFAULTS.items():
    setattr(ReusingRedisCacheClient, _name, _fail_open(_name, _default))


class ReusingRedisCache(RedisCache):
    """Set as ``CACHES['default']['BACKEND']`` when ``REDIS_URL`` is set."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    def state(self) -> str:
        """``"ok"`` when Redis answers, ``"degraded"`` when the site works without it."""
        return "ok" if self._cache.ping() else "degraded"
