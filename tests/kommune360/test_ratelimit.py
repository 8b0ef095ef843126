import time

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from kommune360.ratelimit import is_limited, is_limited_for, peek

pytestmark = pytest.mark.django_db


def request_from(ip):
    return RequestFactory().get("/", REMOTE_ADDR=ip)


def test_is_limited_allows_limit_then_refuses():
    request = request_from("203.0.113.7")
    results = [is_limited("test", request, limit=3, window_seconds=60) for _ in range(5)]
    assert results == [False, False, False, True, True]
    assert peek("test", request) == 5


def test_is_limited_counts_per_client_and_scope():
    for _ in range(3):
        is_limited("test", request_from("203.0.113.7"), limit=2, window_seconds=60)
    assert not is_limited("test", request_from("203.0.113.8"), limit=2, window_seconds=60)
    assert not is_limited("other", request_from("203.0.113.7"), limit=2, window_seconds=60)


def test_is_limited_for_counts_per_subject_whatever_the_client():
    results = [is_limited_for("test", "abc", limit=2, window_seconds=60) for _ in range(4)]
    assert results == [False, False, True, True]
    assert not is_limited_for("test", "other", limit=2, window_seconds=60)
    assert not is_limited_for("else", "abc", limit=2, window_seconds=60)
    # The subject's counter is not the client's: a request counts apart.
    assert not is_limited("test", request_from("203.0.113.7"), limit=2, window_seconds=60)


def test_rate_limit_keys_do_not_store_the_ip_in_clear(settings):
    from django.db import connection

    is_limited("test", request_from("198.51.100.23"), limit=2, window_seconds=60)
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM kommune360_cache")
        keys = [row[0] for row in cursor.fetchall()]
    assert keys and not any("198.51.100.23" in key for key in keys)
    cache.clear()


def test_client_ip_behind_proxy_uses_the_address_the_proxy_appended(settings):
    from kommune360.ratelimit import client_ip

    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7"
    )
    settings.TRUST_X_FORWARDED_FOR = False
    assert client_ip(request) == "127.0.0.1"
    settings.TRUST_X_FORWARDED_FOR = True
    assert client_ip(request) == "203.0.113.7"


def test_spoofed_forwarded_for_does_not_escape_the_limit(settings):
    settings.TRUST_X_FORWARDED_FOR = True
    results = []
    for index in range(5):
        request = RequestFactory().get(
            "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{index}, 203.0.113.7"
        )
        results.append(is_limited("spoof", request, limit=3, window_seconds=60))
    assert results == [False, False, False, True, True]


def test_migrate_creates_the_cache_table_when_a_deployment_skipped_createcachetable(settings):
    from django.core.management.sql import emit_post_migrate_signal
    from django.db import connection

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "kommune360_cache_skipped",
        }
    }
    assert "kommune360_cache_skipped" not in connection.introspection.table_names()

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    assert "kommune360_cache_skipped" in connection.introspection.table_names()
    request = request_from("203.0.113.9")
    assert not is_limited("test", request, limit=1, window_seconds=60)
    assert is_limited("test", request, limit=1, window_seconds=60)


def test_is_limited_window_ends_then_counting_starts_again(monkeypatch):
    request = request_from("203.0.113.10")
    clock = [time.time()]
    monkeypatch.setattr("kommune360.ratelimit.time.time", lambda: clock[0])
    assert [is_limited("window", request, 1, 60) for _ in range(2)] == [False, True]
    clock[0] += 30  # later attempts do not stretch the window
    assert is_limited("window", request, 1, 60)
    clock[0] += 31
    assert not is_limited("window", request, 1, 60)
    assert peek("window", request) == 1
