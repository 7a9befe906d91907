"""The Redis cache backend reuses its client (building one per call cost more than Redis) and
fails open: an unreachable Redis reads as an empty cache, behind a circuit breaker."""

import time

import pytest

from tests.redis_server import free_port
from zentralasien import cache as cache_module
from zentralasien.cache import ReusingRedisCache


def test_redis_cache_reuses_one_client_per_connection_pool():
    backend = ReusingRedisCache("redis://127.0.0.1:6379/15", {})  # no connection is opened

    assert backend._cache.get_client() is backend._cache.get_client(write=True)


def test_redis_cache_clients_use_the_backends_pool():
    backend = ReusingRedisCache("redis://127.0.0.1:6379/15", {})

    assert backend._cache.get_client().connection_pool is backend._cache._get_connection_pool(True)


# --- Failing open: Redis unreachable ----------------------------------------------------------


@pytest.fixture
def dead_redis(settings):
    """A backend pointed at a port nobody listens on, with a fresh circuit breaker."""
    settings.CACHE_RETRY_SECONDS = 30
    cache_module.breakers.clear()
    yield ReusingRedisCache(f"redis://127.0.0.1:{free_port()}/0", {})
    cache_module.breakers.clear()


def test_unreachable_redis_reads_as_an_empty_cache(dead_redis):
    assert dead_redis.get("page", "missing") == "missing"
    assert dead_redis.get_many(["a", "b"]) == {}
    assert dead_redis.add("a", 1) is False
    assert dead_redis.has_key("a") is False


def test_unreachable_redis_ignores_writes(dead_redis):
    dead_redis.set("a", 1)
    dead_redis.set_many({"a": 1})
    dead_redis.delete("a")


def test_unreachable_redis_opens_the_breaker_so_later_calls_skip_it(dead_redis):
    dead_redis.get("a")

    assert dead_redis._cache.breaker.is_open
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(type(dead_redis._cache), "get_client", pytest.fail)
        assert dead_redis.get("a", 0) == 0


def test_breaker_lets_one_call_through_after_the_retry_interval(dead_redis, settings):
    settings.CACHE_RETRY_SECONDS = 0.05
    dead_redis.get("a")
    time.sleep(0.06)

    assert not dead_redis._cache.breaker.is_open


def test_unreachable_redis_is_reported_degraded(dead_redis):
    assert dead_redis.state() == "degraded"


def test_backend_sets_bounded_timeouts_without_retries(settings):
    settings.CACHE_TIMEOUT_SECONDS = 0.3
    backend = ReusingRedisCache("redis://127.0.0.1:6379/15", {})
    options = backend._cache._get_connection_pool(False).connection_kwargs

    assert options["socket_timeout"] == 0.3
    assert options["socket_connect_timeout"] == 0.3
    assert options["retry"]._retries == 0


def test_health_check_reports_a_degraded_cache_but_stays_up(client, settings, db):
    cache_module.breakers.clear()
    settings.CACHES = {
        "default": {
            "BACKEND": "zentralasien.cache.ReusingRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "cache": "degraded"}
    cache_module.breakers.clear()
