"""make bench: the verdict lines, the paired measurement and the clean-up of its databases."""

import signal
import subprocess

import pytest

from bench import run as bench_run
from bench.measure import page_queries, serve
from bench.run import measure_paired, targets
from tests.offers.factories import OfferFactory


def run(vendor, size, search_ms, cached_ms=5.0, p95_ms=None):
    rows = [
        {"key": "search", "median_ms": search_ms, "p95_ms": p95_ms or search_ms * 1.5},
        {"key": "search_cached", "median_ms": cached_ms, "p95_ms": cached_ms * 1.5},
    ]
    return {"vendor": vendor, "size": size, "scenarios": rows}


def paired(vendor, medians, p95s=None, cached=None):
    """A paired measurement: {size: median ms}, optionally p95s and a cache hit at the largest."""
    p95s = p95s or {size: median * 1.5 for size, median in medians.items()}
    result = {
        "vendor": vendor,
        "rounds": 10,
        "per_round": 10,
        "sizes": {
            size: {"median_ms": median, "p95_ms": p95s[size], "round_min": 1, "round_max": 2}
            for size, median in medians.items()
        },
    }
    if cached is not None:
        result["cached"] = {"size": max(medians), "median_ms": cached, "p95_ms": cached * 2}
    return result


def line(lines, start):
    return next(text for text in lines if start in text)


def test_the_verdicts_follow_the_paired_measurement_not_the_table():
    runs = [run("postgresql", 1_000, 10.0), run("postgresql", 10_000, 30.0)]  # 3x minutes apart

    lines = targets(runs, {"postgresql": paired("postgresql", {1_000: 20.0, 10_000: 28.0})})

    mid = line(lines, "10.000 gegenüber 1.000")
    assert mid.startswith("erreicht: PostgreSQL")
    assert "28,0 ms / 20,0 ms = 1,40-fach, abwechselnd gemessen (Ziel ≤ 1,50-fach)" in mid


def test_without_a_paired_measurement_the_table_decides_and_says_so():
    runs = [run("postgresql", 1_000, 10.0), run("postgresql", 10_000, 16.0)]

    mid = line(targets(runs), "PostgreSQL, q + 2 Facetten ungecacht, 10.000")

    assert mid.startswith("NICHT erreicht") and "nacheinander gemessen" in mid


@pytest.mark.parametrize(
    ("big_median", "big_p95", "median_met", "p95_met"),
    [(40.0, 80.0, True, True), (41.0, 80.0, False, True), (40.0, 121.0, True, False)],
)
def test_the_largest_catalogue_is_judged_at_the_median_and_at_p95(
    big_median, big_p95, median_met, p95_met
):
    measured = paired(
        "postgresql", {1_000: 10.0, 100_000: big_median}, p95s={1_000: 15.0, 100_000: big_p95}
    )

    lines = targets([], {"postgresql": measured})

    median = line(lines, "100.000 gegenüber 1.000 Angeboten, Median")
    p95 = line(lines, "100.000 gegenüber 1.000 Angeboten, 95. Perzentil")
    assert median.startswith("erreicht" if median_met else "NICHT erreicht")
    assert p95.startswith("erreicht" if p95_met else "NICHT erreicht")


def test_a_cache_hit_is_compared_with_the_uncached_median_at_1000():
    met = paired("postgresql", {1_000: 20.0, 100_000: 60.0}, cached=5.8)
    missed = paired("postgresql", {1_000: 20.0, 100_000: 60.0}, cached=6.2)

    assert line(targets([], {"postgresql": met}), "Cache-Treffer").startswith("erreicht")
    assert line(targets([], {"postgresql": missed}), "Cache-Treffer").startswith("NICHT")


def test_sqlite_is_judged_on_its_own_pair():
    runs = [run("sqlite", 1_000, 10.0)]
    measured = {"sqlite": paired("sqlite", {1_000: 10.0, 10_000: 21.0})}

    sqlite = line(targets(runs, measured), "SQLite")

    assert sqlite.startswith("NICHT erreicht") and "2,10-fach" in sqlite


def test_throughput_is_a_share_of_the_static_rate():
    rates = {"server": "PostgreSQL 15", "size": 100_000, "static_rps": 1000.0}
    rates.update(catalogue_rps=260.0, mix_rps=29.0)

    lines = targets([], None, rates)

    repeated = line(lines, "wiederholte Katalogabrufe")
    assert repeated.startswith("erreicht") and "26,0 % (Ziel ≥ 25,0 %)" in repeated
    assert line(lines, "Mischung verschiedener Suchen").startswith("NICHT erreicht")


def test_a_target_without_its_sizes_is_reported_as_not_measured():
    lines = targets([run("postgresql", 100_000, 29.0)])

    assert len(lines) == 7
    assert all(text.startswith("nicht gemessen") for text in lines)


@pytest.mark.django_db
def test_a_serving_worker_answers_each_request_line_with_that_many_timings():
    OfferFactory.create_batch(3, title="Beteiligung und Planung im Sozialraum")
    replies = []

    serve(["search 0 2\n", "detail 5 3\n"], replies.append, warmup=1)

    assert replies[0] == {"ready": True}
    assert [len(reply["timings"]) for reply in replies[1:]] == [2, 3]
    assert all(t > 0 for reply in replies[1:] for t in reply["timings"])


def test_the_cache_backends_own_statements_are_not_counted_as_page_queries(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "kommune360_cache",
        }
    }
    captured = [
        {"sql": 'SELECT "token" FROM "offers_catalogueversion" LIMIT 1'},
        {"sql": 'SELECT "cache_key" FROM "kommune360_cache" WHERE "cache_key" IN (%s)'},
        {"sql": "BEGIN"},
        {"sql": 'INSERT INTO "kommune360_cache" ("cache_key") VALUES (%s)'},
        {"sql": "COMMIT"},
        {"sql": 'SELECT "offers_offer"."id" FROM "offers_offer" ORDER BY 1 LIMIT 20'},
    ]

    assert page_queries(captured) == 2


class FakeWorker:
    """Stands in for a serving worker: 1 ms per 1,000 offers, 2 ms for a cache hit."""

    calls = []

    def __init__(self, size, database_url):
        self.size = size
        assert database_url == f"postgres://pg/k360_bench_{size}"

    def timings(self, key, start, count):
        FakeWorker.calls.append((self.size, key, start, count))
        if key == "search_cached":
            return [0.002] * count
        return [self.size / 1_000_000] * count

    def close(self):
        FakeWorker.calls.append((self.size, "closed"))


def test_the_paired_measurement_alternates_the_sizes_over_the_same_search_words(monkeypatch):
    FakeWorker.calls = []
    monkeypatch.setattr(bench_run, "ServingWorker", FakeWorker)
    sizes = (1_000, 10_000, 100_000)
    urls = {size: f"postgres://pg/k360_bench_{size}" for size in sizes}

    result = measure_paired("postgresql", urls, rounds=2, per_round=10, cached_size=100_000)

    asked = [call for call in FakeWorker.calls if call[1] != "closed"]
    assert asked == [
        (1_000, "search", 0, 10),
        (10_000, "search", 0, 10),
        (100_000, "search", 0, 10),
        (100_000, "search_cached", 0, 10),
        (100_000, "search", 10, 10),
        (100_000, "search_cached", 10, 10),
        (10_000, "search", 10, 10),
        (1_000, "search", 10, 10),
    ]
    assert FakeWorker.calls[-3:] == [(size, "closed") for size in sizes]
    assert result["sizes"][1_000]["median_ms"] == pytest.approx(1.0)
    assert result["sizes"][100_000]["median_ms"] == pytest.approx(100.0)
    assert result["sizes"][10_000]["round_max"] == pytest.approx(10.0)
    assert result["cached"] == {"size": 100_000, "median_ms": 2.0, "p95_ms": 2.0}


@pytest.fixture
def fake_bench(monkeypatch, tmp_path):
    """main() with the PostgreSQL admin calls recorded and the workers faked."""
    statements = []
    monkeypatch.setattr(bench_run, "pg_admin", lambda url, *sql: statements.extend(sql))
    previous = signal.getsignal(signal.SIGTERM)

    def fake_run(label, size, database_url, args, workdir):
        row = {"label": "x", "median_ms": 20.0, "p95_ms": 30.0, "queries": 6, "hits": 1}
        row["requests"] = 50
        keys = ("catalogue", "search", "search_cached", "detail")
        return {
            "vendor": label,
            "server": "PostgreSQL 15",
            "size": size,
            "generate_seconds": 1.0,
            "word_shares": {"Planung": 0.3},
            "scenarios": [dict(row, key=key) for key in keys],
        }

    def fake_paired(vendor, urls, cached_size=None):
        return paired(vendor, {size: size / 1_000 for size in urls}, cached=0.2)

    monkeypatch.setattr(bench_run, "run_worker", fake_run)
    monkeypatch.setattr(bench_run, "measure_paired", fake_paired)
    argv = ["--sizes=1000,10000,100000", "--pg-url=postgres://pg", "--no-sqlite"]
    argv.append("--no-throughput")
    yield statements, argv + [f"--output={tmp_path / 'results.md'}"]
    signal.signal(signal.SIGTERM, previous)


def drops(statements):
    return [sql for sql in statements if sql.startswith("DROP")]


def test_the_paired_databases_stay_until_the_end_and_are_dropped_then(fake_bench, tmp_path):
    statements, argv = fake_bench

    assert bench_run.main(argv) == 0

    # Each is dropped before its creation, and all three only after the paired phase.
    names = [sql.split('"')[1] for sql in drops(statements)]
    sizes = ["k360_bench_1000", "k360_bench_10000", "k360_bench_100000"]
    assert names[:3] == sizes
    assert sorted(names[3:]) == sizes
    results = (tmp_path / "results.md").read_text()
    assert "100,0 ms / 1,0 ms = 100,00-fach, abwechselnd gemessen" in results
    assert "Zum Vergleich" in results  # the old engine's figures stay beside the new


@pytest.mark.parametrize(
    "failure", [subprocess.CalledProcessError(1, "worker"), KeyboardInterrupt(), SystemExit(143)]
)
def test_a_failed_or_interrupted_run_drops_the_kept_databases(fake_bench, monkeypatch, failure):
    statements, argv = fake_bench

    def fail(vendor, urls, cached_size=None):
        raise failure

    monkeypatch.setattr(bench_run, "measure_paired", fail)

    if isinstance(failure, subprocess.CalledProcessError):
        assert bench_run.main(argv) == 1
    else:
        with pytest.raises(type(failure)):
            bench_run.main(argv)

    last = [sql.split('"')[1] for sql in drops(statements)][-3:]
    assert sorted(last) == ["k360_bench_1000", "k360_bench_10000", "k360_bench_100000"]


def test_keep_leaves_every_database(fake_bench):
    statements, argv = fake_bench

    assert bench_run.main([*argv, "--keep"]) == 0

    # Only the drop before each creation.
    assert len(drops(statements)) == 3
    assert all(sql.startswith(("DROP", "CREATE")) for sql in statements)


def test_without_wrk_the_throughput_is_reported_as_not_measured(fake_bench, monkeypatch, tmp_path):
    statements, argv = fake_bench
    monkeypatch.setattr(bench_run.shutil, "which", lambda name: None)
    monkeypatch.setattr(bench_run, "run_throughput", pytest.fail)

    assert bench_run.main([arg for arg in argv if arg != "--no-throughput"]) == 0

    results = (tmp_path / "results.md").read_text()
    assert "nicht gemessen: gunicorn, 2 Worker, wiederholte Katalogabrufe" in results
