"""The shared cache, kept working while its Redis is unreachable.

Login rate limits and the record of used TOTP codes live in the cache; with Redis
down, refusing every login would lock everyone out. Instead each web process falls
back to a cache in its own memory: rate limits still count (per process, so with N
processes an attacker gets at most N times the limit), and a TOTP code used once
is refused again by the same process. The fallback lasts until Redis answers
again, and /healthz reports the cache as unreachable meanwhile.
"""

import time

import structlog
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = structlog.get_logger("cwg_portal.cache")

# After a failure, Redis is left alone this long, so that each request does not
# wait on a connection attempt.
RETRY_AFTER_SECONDS = 10

# What the cache API offers and Django's RedisCache implements (the rest, such as
# decr and get_or_set, is built on these).
OPERATIONS = (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
)


class FallbackRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._fallback = LocMemCache(f"fallback-{id(self)}", params)
        self._down_until = 0.0

    def state(self):
        """ "ok" when Redis answers now, else "unreachable"."""
        try:
            self._cache.get_client(write=False).ping()
        except RedisError:
            return "unreachable"
        return "ok"

    def _redis_down(self, operation, error):
        if time.monotonic() >= self._down_until:
            logger.warning("cache_unreachable", operation=operation, error=str(error))
        self._down_until = time.monotonic() + RETRY_AFTER_SECONDS


def _with_fallback(operation):
    def call(self, *args, **kwargs):
        if time.monotonic() >= self._down_until:
            try:
                return getattr(RedisCache, operation)(self, *args, **kwargs)
            except RedisError as error:
                self._redis_down(operation, error)
        return getattr(self._fallback, operation)(*args, **kwargs)

    call.__name__ = operation
    return call


for _operation in OPERATIONS:
    setattr(FallbackRedisCache, _operation, _with_fallback(_operation))
