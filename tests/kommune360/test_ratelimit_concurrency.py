"""Rate limits on the database cache are exact under concurrency (PostgreSQL, real threads)."""

import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory

from kommune360 import ratelimit

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _require_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL to a PostgreSQL server)")
    cache.clear()


def attempts_at_once(count: int, limit: int) -> list[bool]:
    """`count` threads, released together, each counting one attempt from one address."""
    barrier = threading.Barrier(count)
    results, errors = [], []

    def attempt():
        try:
            barrier.wait(timeout=30)
            request = RequestFactory().post("/mitdenken/", REMOTE_ADDR="203.0.113.9")
            results.append(ratelimit.is_limited("parallel", request, limit, 3600))
        except Exception as error:  # collected and asserted on below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    return results


@pytest.mark.parametrize(("count", "limit"), [(20, 5), (30, 20)])
def test_is_limited_parallel_posts_on_database_cache_let_exactly_limit_through(count, limit):
    # Before: 20 parallel posts let 11 through a limit of 5, and 27 through a limit of 20.
    results = attempts_at_once(count, limit)
    assert results.count(False) == limit
    assert results.count(True) == count - limit
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")
    assert ratelimit.peek("parallel", request) == count
