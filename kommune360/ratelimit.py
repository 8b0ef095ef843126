"""Per-client rate limits, counted in the shared cache so they hold across workers."""

import hashlib
import ipaddress
import math
import time

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction


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


def login_client_ip(request) -> str | None:
    """client_ip for django-axes (AXES_CLIENT_IP_CALLABLE): a valid address or None.

    Axes stores the address in an inet column on PostgreSQL; a request without one (a test
    client's force_login, a misconfigured proxy header) must not turn a login into a 500.
    """
    address = client_ip(request)
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return None
    return address


def _key(scope: str, subject: str) -> str:
    # The subject (an address) is stored only as a keyed hash: the counter keeps none in clear.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{subject}".encode()).hexdigest()
    return f"ratelimit:{scope}:{digest[:32]}"


def is_limited(scope: str, request, limit: int, window_seconds: int) -> bool:
    """Count one attempt for this client in `scope`; True once it exceeds `limit` per window.

    The window starts with the client's first attempt. Exact under concurrency, also
    across gunicorn instances: Redis increments atomically; with the database cache on
    PostgreSQL, counting happens under an advisory lock (see _count_in_database_cache).
    """
    return _count(_key(scope, client_ip(request)), window_seconds) > limit


def is_limited_for(scope: str, subject: str, limit: int, window_seconds: int) -> bool:
    """Like is_limited, but counts per `subject` instead of per client: e.g. per e-mail
    address, so many clients together cannot send one address more than `limit` mails.
    Pass a normalised (or already hashed) value; it is stored only as a keyed hash."""
    return _count(_key(scope, subject), window_seconds) > limit


def _count(key: str, window_seconds: int) -> int:
    """Add one to the counter at `key` within its window and return the new count."""
    backend = caches[DEFAULT_CACHE_ALIAS]  # `cache` is a proxy, not the backend itself
    if isinstance(backend, DatabaseCache):
        return _count_in_database_cache(backend, key, window_seconds)
    if cache.add(key, 1, timeout=window_seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=window_seconds)
        return 1


def _count_in_database_cache(backend: DatabaseCache, key: str, window_seconds: int) -> int:
    """Add one to the counter at `key` and return it, exactly once per call.

    DatabaseCache's add() and incr() each read, then write: twenty parallel requests read
    the same count, and a limit of 5 let 11 through. Here every counter is read and
    written inside one transaction that first takes a PostgreSQL advisory lock for this
    key (it locks even before the counter's row exists), so parallel requests count one
    after another. The cache shares the ORM's connection, so its queries run inside that
    transaction. The value keeps its own end of window, because a plain set() would
    restart the cache timeout. SQLite (make run, tests) serialises writers on its own
    but may let a parallel request slip through; production runs PostgreSQL.
    """
    db = router.db_for_write(backend.cache_model_class)
    connection = connections[db]
    now = time.time()
    with transaction.atomic(using=db):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(hashtext(%s), hashtext(%s))",
                    ["kommune360.ratelimit", key],
                )
        counter = backend.get(key)
        if not isinstance(counter, dict) or counter["until"] <= now:
            counter = {"count": 0, "until": now + window_seconds}
        counter["count"] += 1
        backend.set(key, counter, timeout=max(1, math.ceil(counter["until"] - now)))
    return counter["count"]


def peek(scope: str, request) -> int:
    """How many attempts this client made in `scope` within the current window."""
    counter = cache.get(_key(scope, client_ip(request)), 0)
    if isinstance(counter, dict):
        return counter["count"] if counter["until"] > time.time() else 0
    return counter


def create_cache_table(using="default", **kwargs):
    """post_migrate: the database cache's table exists once `migrate` has run.

    The rate limits of every public form count in the cache; without its
    table (a deployment that skipped `createcachetable`) each form would fail.
    A no-op with Redis or when the table exists.
    """
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)
