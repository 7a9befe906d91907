"""The Redis cache backend reuses its client (building one per call cost more than Redis)."""

from zentralasien.cache import ReusingRedisCache


def test_redis_cache_reuses_one_client_per_connection_pool():
    backend = ReusingRedisCache("redis://127.0.0.1:6379/15", {})  # no connection is opened

    assert backend._cache.get_client() is backend._cache.get_client(write=True)


def test_redis_cache_clients_use_the_backends_pool():
    backend = ReusingRedisCache("redis://127.0.0.1:6379/15", {})

    assert backend._cache.get_client().connection_pool is backend._cache._get_connection_pool(True)
