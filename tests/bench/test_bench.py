"""make bench: the verdict lines and the paired (serving) mode of a worker."""

import pytest

from bench.measure import serve
from bench.run import targets
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
