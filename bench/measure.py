"""Server time and query count of catalogue pages, measured in-process.

Requests go through the whole Django stack (middleware, `public_page`, view,
templates) with the test client; the time is wall-clock time per request.
Queries are counted in separate, captured requests so that capturing does
not add to the timings.

Uncached scenarios clear Django's cache before each request (outside the
timed span), so `public_page` misses, renders and stores the page as on the
first request after a change. The cached scenario asks each URL once
beforehand, untimed, and then times the same URLs again with nothing changed
in between: the path a repeated request takes (version, cache lookup, no
rendering). The cache is the project's default, the database cache table;
the benchmark never clears a shared Redis.
"""

import re
import statistics
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from offers.catalogue.search import filter_and_rank, query_terms
from offers.models import Offer

from .stats import summary_ms

# Common words of the generated catalogue; rotating them keeps PostgreSQL's and
# SQLite's caches from serving one and the same query again and again.
SEARCH_WORDS = [
    "Beteiligung",
    "Netzwerk",
    "Führung",
    "Sozialraum",
    "Prävention",
    "Digitalisierung",
    "Planung",
    "Methoden",
    "Jugendhilfe",
    "Veränderung",
]
FACETS = [("zielgruppe", "fuehrungskraefte"), ("leerstelle", "digital-niedrigschwellig")]
RESULT_COUNT = re.compile(r"(\d+) Angebote? gefunden")


@dataclass
class Scenario:
    key: str
    label: str
    urls: list
    cached: bool = False

    def url(self, index):
        return self.urls[index % len(self.urls)]


def search_urls():
    return [f"/angebote/?{urlencode([('q', word), *FACETS])}" for word in SEARCH_WORDS]


def scenarios(sample_size):
    slugs = list(Offer.objects.visible().order_by("?").values_list("slug", flat=True)[:sample_size])
    return [
        Scenario("catalogue", "Katalog ungefiltert", ["/angebote/"]),
        Scenario("search", "q + 2 Facetten", search_urls()),
        Scenario("search_cached", "q + 2 Facetten, Cache-Treffer", search_urls(), cached=True),
        Scenario("detail", "Detailseite", [f"/angebote/{slug}/" for slug in slugs]),
    ]


def _get(client, url):
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    return response


# The database cache wraps each write in a transaction of its own; an anonymous
# GET of a catalogue page opens none.
TRANSACTION_CONTROL = re.compile(r"\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b", re.IGNORECASE)


def page_queries(captured):
    """The page's own queries: those of the database cache backend are not the page's."""
    config = settings.CACHES["default"]
    if not config["BACKEND"].endswith("DatabaseCache"):
        return len(captured)
    return sum(
        1
        for query in captured
        if config["LOCATION"] not in query["sql"] and not TRANSACTION_CONTROL.match(query["sql"])
    )


def prime(client, scenario):
    """Put every page of a cached scenario into the cache (untimed)."""
    if scenario.cached:
        for url in scenario.urls:
            _get(client, url)


def timed_requests(client, scenario, *, start, count, budget_seconds=None, min_requests=5):
    """Time `count` requests from URL number `start` on; returns (seconds list, hit counts)."""
    timings, hits = [], []
    prime(client, scenario)
    started = time.perf_counter()
    for index in range(start, start + count):
        if not scenario.cached:
            cache.clear()
        t0 = time.perf_counter()
        response = _get(client, scenario.url(index))
        timings.append(time.perf_counter() - t0)
        match = RESULT_COUNT.search(response.content.decode())
        if match:
            hits.append(int(match.group(1)))
        if (
            budget_seconds is not None
            and len(timings) >= min_requests
            and time.perf_counter() - started > budget_seconds
        ):
            break
    return timings, hits


def measure_scenario(client, scenario, *, requests, warmup, budget_seconds):
    for index in range(warmup):
        _get(client, scenario.url(index))
    timings, hits = timed_requests(
        client, scenario, start=warmup, count=requests, budget_seconds=budget_seconds
    )
    query_counts = []
    prime(client, scenario)
    for index in range(3):
        if not scenario.cached:
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            _get(client, scenario.url(index))
        query_counts.append(page_queries(captured.captured_queries))
    return {
        "key": scenario.key,
        "label": scenario.label,
        "requests": len(timings),
        **summary_ms(timings),
        "queries": max(query_counts),
        "hits": round(statistics.median(hits)) if hits else None,
    }


def word_shares():
    """The share of visible offers each search word finds on its own (without facets)."""
    visible = Offer.objects.visible()
    total = visible.count() or 1
    return {
        word: filter_and_rank(visible, query_terms(word)).count() / total for word in SEARCH_WORDS
    }


def measure(*, requests=50, warmup=3, budget_seconds=45):
    """Measure every scenario; returns one dict per scenario."""
    client = Client()
    return [
        measure_scenario(
            client, scenario, requests=requests, warmup=warmup, budget_seconds=budget_seconds
        )
        for scenario in scenarios(requests + warmup)
    ]


def serve(lines, reply, *, warmup=3):
    """Paired mode: answer "<scenario> <start> <count>" lines with the timings as JSON.

    `bench.run` keeps one such process per catalogue size and asks them in
    turn, so that all sizes are measured in the same minutes: on a shared
    machine, whose speed can double from one run to the next, a ratio of two
    measurements taken minutes apart is mostly drift.
    """
    client = Client()
    by_key = {scenario.key: scenario for scenario in scenarios(warmup + 50)}
    for scenario in by_key.values():
        for index in range(warmup):
            _get(client, scenario.url(index))
    reply({"ready": True})
    for line in lines:
        key, start, count = line.split()
        timings, _hits = timed_requests(client, by_key[key], start=int(start), count=int(count))
        reply({"timings": timings})
