"""Server time and query count of catalogue pages, measured in-process.

Requests go through the whole Django stack (middleware, view, templates) with
the test client; the time is wall-clock time per request. Queries are counted
in separate, captured requests so that capturing does not add to the timings.
"""

import math
import re
import statistics
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from offers.search import search

from offers.models import Offer

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

    def url(self, index):
        return self.urls[index % len(self.urls)]


def scenarios(sample_size):
    slugs = list(Offer.objects.visible().order_by("?").values_list("slug", flat=True)[:sample_size])
    return [
        Scenario("catalogue", "Katalog ungefiltert", ["/angebote/"]),
        Scenario(
            "search",
            "q + 2 Facetten",
            [f"/angebote/?{urlencode([('q', word), *FACETS])}" for word in SEARCH_WORDS],
        ),
        Scenario("detail", "Detailseite", [f"/angebote/{slug}/" for slug in slugs]),
    ]


def percentile(values, share):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _get(client, url):
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    return response


def timed_requests(client, scenario, *, start, count, budget_seconds=None, min_requests=5):
    """Time `count` requests from URL number `start` on; returns (seconds list, hit counts)."""
    timings, hits = [], []
    started = time.perf_counter()
    for index in range(start, start + count):
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
    for index in range(3):
        with CaptureQueriesContext(connection) as captured:
            _get(client, scenario.url(index))
        query_counts.append(len(captured.captured_queries))
    return {
        "key": scenario.key,
        "label": scenario.label,
        "requests": len(timings),
        "median_ms": statistics.median(timings) * 1000,
        "p95_ms": percentile(timings, 0.95) * 1000,
        "queries": max(query_counts),
        "hits": round(statistics.median(hits)) if hits else None,
    }


def index_build_ms(repeats=3):
    """Median time to build the facet index, as each process does after a catalogue change."""
    from offers.facet_index import FacetIndex

    timings = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        FacetIndex.build()
        timings.append(time.perf_counter() - t0)
    return statistics.median(timings) * 1000


def word_shares():
    """The share of visible offers each search word finds on its own (without facets)."""
    visible = Offer.objects.visible()
    total = visible.count() or 1
    return {word: search(visible, word).count() / total for word in SEARCH_WORDS}


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
    turn, so that both sizes are measured in the same minutes: on a shared
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
