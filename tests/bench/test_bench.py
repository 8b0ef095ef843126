"""make bench: the verdict lines, the paired measurement and the clean-up of its databases."""

import signal
import subprocess

import pytest

from bench import run as bench_run
from bench.measure import serve
from bench.run import measure_paired, targets
from tests.offers.factories import OfferFactory


def run(size, search_ms):
    return {
        "vendor": "postgresql",
        "size": size,
        "scenarios": [{"key": "search", "median_ms": search_ms}],
    }


def paired(small_ms, big_ms):
    return {
        "small_ms": small_ms,
        "big_ms": big_ms,
        "ratio": big_ms / small_ms,
        "round_min": big_ms / small_ms - 0.2,
        "round_max": big_ms / small_ms + 0.2,
        "rounds": 10,
        "per_round": 10,
    }


def test_the_scaling_verdict_follows_the_paired_measurement_and_shows_the_table_ratio():
    runs = [run(1_000, 10.0), run(100_000, 40.0)]  # 4x when measured minutes apart

    median, scaling = targets(runs, paired(16.0, 32.0))

    assert median.startswith("PASS") and "40,0 ms" in median
    assert scaling.startswith("PASS")
    assert "abwechselnd gemessen 32,0 ms / 16,0 ms = 2,00-fach" in scaling
    assert "nacheinander laut Tabelle 40,0 ms / 10,0 ms = 4,00-fach" in scaling


def test_a_paired_ratio_above_three_fails():
    runs = [run(1_000, 20.0), run(100_000, 40.0)]

    assert targets(runs, paired(10.0, 31.0))[1].startswith("FAIL")


def test_without_a_paired_measurement_the_table_ratio_decides():
    assert targets([run(1_000, 10.0), run(100_000, 31.0)])[1].startswith("FAIL")
    assert targets([run(1_000, 10.0), run(100_000, 29.0)])[1].startswith("PASS")
    assert targets([run(100_000, 29.0)])[1].startswith("nicht gemessen")


@pytest.mark.django_db
def test_a_serving_worker_answers_each_request_line_with_that_many_timings():
    OfferFactory.create_batch(3, title="Beteiligung und Planung im Sozialraum")
    replies = []

    serve(["search 0 2\n", "detail 5 3\n"], replies.append, warmup=1)

    assert replies[0] == {"ready": True}
    assert [len(reply["timings"]) for reply in replies[1:]] == [2, 3]
    assert all(t > 0 for reply in replies[1:] for t in reply["timings"])


class FakeWorker:
    """Stands in for a serving worker: 1,000 offers take 10 ms, 100,000 take 25 ms."""

    calls = []

    def __init__(self, size, database_url):
        self.size = size
        assert database_url == f"postgres://pg/k360_bench_{size}"

    def timings(self, key, start, count):
        FakeWorker.calls.append((self.size, key, start, count))
        return [0.010 if self.size == 1_000 else 0.025] * count

    def close(self):
        FakeWorker.calls.append((self.size, "closed"))


def test_the_paired_measurement_alternates_the_sizes_over_the_same_search_words(monkeypatch):
    FakeWorker.calls = []
    monkeypatch.setattr(bench_run, "ServingWorker", FakeWorker)

    result = measure_paired("postgres://pg", rounds=4, per_round=10)

    asked = [call for call in FakeWorker.calls if call[1] != "closed"]
    assert [size for size, *_ in asked] == [1_000, 100_000, 100_000, 1_000] * 2
    assert [(start, count) for *_, start, count in asked] == [
        (start, 10) for start in (0, 0, 10, 10, 20, 20, 30, 30)
    ]
    assert {call[1] for call in asked} == {"search"}
    assert FakeWorker.calls[-2:] == [(1_000, "closed"), (100_000, "closed")]
    assert result["small_ms"] == pytest.approx(10.0)
    assert result["big_ms"] == pytest.approx(25.0)
    assert result["ratio"] == pytest.approx(2.5)


@pytest.fixture
def fake_bench(monkeypatch, tmp_path):
    """main() with the PostgreSQL admin calls recorded and the workers faked."""
    statements = []
    monkeypatch.setattr(bench_run, "pg_admin", lambda url, *sql: statements.extend(sql))
    previous = signal.getsignal(signal.SIGTERM)

    def fake_run(label, size, database_url, args, workdir):
        row = {"label": "x", "median_ms": 20.0, "p95_ms": 30.0, "queries": 6, "hits": 1}
        row["requests"] = 50
        return {
            "vendor": label,
            "server": "PostgreSQL 15",
            "size": size,
            "generate_seconds": 1.0,
            "index_build_ms": 1.0,
            "word_shares": {"Planung": 0.3},
            "scenarios": [dict(row, key=key) for key in ("catalogue", "search", "detail")],
        }

    monkeypatch.setattr(bench_run, "run_worker", fake_run)
    monkeypatch.setattr(bench_run, "measure_paired", lambda url: paired(10.0, 20.0))
    argv = ["--sizes=1000,10000,100000", "--pg-url=postgres://pg", "--no-sqlite"]
    yield statements, argv + [f"--output={tmp_path / 'results.md'}"]
    signal.signal(signal.SIGTERM, previous)


def drops(statements):
    return [sql for sql in statements if sql.startswith("DROP")]


def test_the_paired_databases_stay_until_the_end_and_are_dropped_then(fake_bench, tmp_path):
    statements, argv = fake_bench

    assert bench_run.main(argv) == 0

    # 10,000 is dropped right after its run; 1,000 and 100,000 only after the paired phase.
    names = [sql.split('"')[1] for sql in drops(statements)]
    assert names[:3] == ["k360_bench_1000", "k360_bench_10000", "k360_bench_10000"]
    assert names[3] == "k360_bench_100000"  # before its creation
    assert sorted(names[4:]) == ["k360_bench_1000", "k360_bench_100000"]
    assert "abwechselnd gemessen 20,0 ms / 10,0 ms" in (tmp_path / "results.md").read_text()


@pytest.mark.parametrize(
    "failure", [subprocess.CalledProcessError(1, "worker"), KeyboardInterrupt(), SystemExit(143)]
)
def test_a_failed_or_interrupted_run_drops_the_kept_databases(fake_bench, monkeypatch, failure):
    statements, argv = fake_bench

    def fail(url):
        raise failure

    monkeypatch.setattr(bench_run, "measure_paired", fail)

    if isinstance(failure, subprocess.CalledProcessError):
        assert bench_run.main(argv) == 1
    else:
        with pytest.raises(type(failure)):
            bench_run.main(argv)

    last = [sql.split('"')[1] for sql in drops(statements)][-2:]
    assert sorted(last) == ["k360_bench_1000", "k360_bench_100000"]


def test_keep_leaves_every_database(fake_bench):
    statements, argv = fake_bench

    assert bench_run.main([*argv, "--keep"]) == 0

    # Only the drop before each creation.
    assert len(drops(statements)) == 3
    assert all(sql.startswith(("DROP", "CREATE")) for sql in statements)
