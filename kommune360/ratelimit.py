"""Per-client rate limits, counted in the shared cache so they hold across workers."""

import hashlib

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    """The client's address. Behind our own proxy (DJANGO_TRUST_X_FORWARDED_FOR=1) it is
    the LAST entry of X-Forwarded-For: the one the proxy appended. Earlier entries come
    from the client and could be anything, so trusting them would let anyone dodge the
    rate limits."""
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        if forwarded and forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(scope: str, request) -> str:
    # The address is stored only as a keyed hash: the counter must not keep IPs in clear.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_ip(request)}".encode()).hexdigest()
    return f"ratelimit:{scope}:{digest[:32]}"


def is_limited(scope: str, request, limit: int, window_seconds: int) -> bool:
    """Count one attempt for this client in `scope`; True once it exceeds `limit` per window."""
    key = _key(scope, request)
    if cache.add(key, 1, timeout=window_seconds):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=window_seconds)
        return False
    return count > limit


def peek(scope: str, request) -> int:
    """How many attempts this client made in `scope` within the current window."""
    return cache.get(_key(scope, request), 0)


def create_cache_table(using="default", **kwargs):
    """post_migrate: the database cache's table exists once `migrate` has run.

    The rate limits of every public form count in the cache; without its
    table (a deployment that skipped `createcachetable`) each form would fail.
    A no-op with Redis or when the table exists.
    """
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)
