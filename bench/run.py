"""Drive the benchmark over sizes and databases; print and save the table and the verdicts.

    python -m bench.run [--sizes 1000,10000,100000] [--pg-url postgres://postgres@HOST:PORT]

`make bench` calls this through bench/bench.sh, which finds or starts a
PostgreSQL server the way `make test` does. Every run uses its own databases:
SQLite files in a temporary directory and PostgreSQL databases
`k360_bench_<size>`; both are removed afterwards (unless --keep). The
project's db.sqlite3 and the test databases are never touched.

Three phases: each size and database on its own (the table); then q + 2
facets on 1,000, 10,000 and 100,000 offers in turn, one process per
catalogue (the ratios that issue 14's targets judge); then the throughput
through gunicorn on the largest kept catalogue (bench/throughput.py, needs
`wrk`). The old engine's figures (bench/baseline_2026-12-03.md) are
appended to bench/results.md.
"""

import argparse
import contextlib
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from .stats import summary_ms

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.md"
# The old engine's figures, appended to every report so the trade stays visible.
BASELINE = ROOT / "bench" / "baseline_2026-12-03.md"
SETTINGS = "kommune360.settings_test"
TARGET_SCENARIO = "search"
CACHED_SCENARIO = "search_cached"
SMALL, MID, BIG = 1_000, 10_000, 100_000
# Issue 14's targets, all ratios within one run (the machine's speed varies by up to 2x).
PG_MID_MAX = 1.5  # PostgreSQL, q + 2 facets uncached, 10,000 vs 1,000 offers, medians
PG_BIG_MAX = 4.0  # 100,000 vs 1,000, medians
PG_BIG_P95_MAX = 8.0  # 100,000 vs 1,000, 95th percentiles
CACHE_HIT_MAX = 0.3  # a cache hit at 100,000 vs the uncached median at 1,000
SQLITE_MID_MAX = 2.0  # SQLite, 10,000 vs 1,000 offers, medians
REPEATED_MIN = 0.25  # gunicorn: repeated catalogue requests, share of a static file's rate
MIX_MIN = 0.03  # gunicorn: distinct searches, share of a static file's rate
# Paired measurement of the scaling targets: all sizes in turn, this many rounds of
# this many requests each (10 requests = each search word once).
PAIRED_ROUNDS = 10
PAIRED_REQUESTS = 10
# The caller's configuration must not leak into the runs (the same list as scripts/test.sh).
SCRUBBED_PREFIXES = ("DJANGO_", "DATABASE_", "EMAIL_")
SCRUBBED = {
    "TEST_DATABASE_NAME",
    "REDIS_URL",
    "DEFAULT_FROM_EMAIL",
    "TEAM_EMAIL",
    "SITE_URL",
    "FORM_MIN_FILL_SECONDS",
    "CATALOGUE_PAGE_SIZE",
}


def pg_database(size):
    return f"k360_bench_{size}"


def pg_admin(pg_url, *statements):
    import psycopg

    with psycopg.connect(f"{pg_url}/postgres", autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def drop_statement(name):
    return f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'


def pg_drop_after_run(pg_url, name):
    """Drop a benchmark database at the end; a failure here must not hide the results."""
    import psycopg

    try:
        pg_admin(pg_url, drop_statement(name))
    except psycopg.Error as error:
        print(f"WARNING: could not drop the database {name}: {error}", flush=True)


def pg_create_missing(pg_url, name):
    import psycopg

    with psycopg.connect(f"{pg_url}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def worker_env(database_url):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(SCRUBBED_PREFIXES) and key not in SCRUBBED
    }
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        DJANGO_ALLOWED_HOSTS="testserver",
        DATABASE_URL=database_url,
        # Generating 100,000 offers runs statements longer than a web request may.
        DATABASE_STATEMENT_TIMEOUT="0",
        PYTHONPATH=str(ROOT),
    )
    return env


def run_worker(label, size, database_url, args, workdir):
    out = workdir / f"{label}-{size}.json"
    command = [
        sys.executable,
        "-m",
        "bench.worker",
        f"--size={size}",
        f"--out={out}",
        f"--requests={args.requests}",
        f"--budget={args.budget}",
    ]
    if args.reuse:
        command.append("--reuse")
    print(f"==> {label}, {size:,} offers", flush=True)
    # Our own interpreter and module with arguments built here, no shell.
    subprocess.run(command, check=True, cwd=ROOT, env=worker_env(database_url))  # noqa: S603
    return json.loads(out.read_text(encoding="utf-8"))


def run_throughput(size, database_url, args, workdir):
    """Requests per second through gunicorn on a kept catalogue (bench/throughput.py)."""
    out = workdir / f"throughput-{size}.json"
    command = [
        sys.executable,
        "-m",
        "bench.worker",
        f"--size={size}",
        f"--out={out}",
        "--throughput",
        f"--duration={args.duration}",
    ]
    print(f"==> throughput through gunicorn, {size:,} offers", flush=True)
    # Our own interpreter and module with arguments built here, no shell.
    subprocess.run(command, check=True, cwd=ROOT, env=worker_env(database_url))  # noqa: S603
    return json.loads(out.read_text(encoding="utf-8"))


def fmt_ms(value):
    return f"{value:.1f}".replace(".", ",")


def fmt_int(value):
    return "–" if value is None else f"{value:,}".replace(",", ".")


def table(runs):
    lines = [
        "| Datenbank | Angebote | Szenario | Median (ms) | p95 (ms) | Queries | Treffer | Anfragen |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for run in runs:
        for row in run["scenarios"]:
            lines.append(
                f"| {run['server']} | {fmt_int(run['size'])} | {row['label']} | "
                f"{fmt_ms(row['median_ms'])} | {fmt_ms(row['p95_ms'])} | {row['queries']} | "
                f"{fmt_int(row['hits'])} | {row['requests']} |"
            )
    return "\n".join(lines)


def scenario(run, key):
    return next(row for row in run["scenarios"] if row["key"] == key)


def ratio_text(value):
    return f"{value:.2f}".replace(".", ",")


def share_text(value):
    return f"{value * 100:.1f} %".replace(".", ",")


def verdict(met):
    return "erreicht" if met else "NICHT erreicht"


def compared(runs, paired, vendor, size, stat, key=TARGET_SCENARIO):
    """(value at `size`, uncached value at 1,000, how measured) of `stat`, or None.

    The paired measurement (all sizes in turn) is preferred; without it the
    table's rows, measured minutes apart, stand in and say so.
    """
    measured = (paired or {}).get(vendor)
    if measured and SMALL in measured["sizes"]:
        small = measured["sizes"][SMALL][stat]
        if key == CACHED_SCENARIO and measured.get("cached", {}).get("size") == size:
            return measured["cached"][stat], small, "abwechselnd gemessen"
        if key == TARGET_SCENARIO and size in measured["sizes"]:
            return measured["sizes"][size][stat], small, "abwechselnd gemessen"
    by_size = {run["size"]: run for run in runs if run["vendor"] == vendor}
    if size in by_size and SMALL in by_size:
        big = scenario(by_size[size], key)[stat]
        return big, scenario(by_size[SMALL], TARGET_SCENARIO)[stat], "nacheinander gemessen"
    return None


def ratio_line(what, found, limit):
    if found is None:
        return f"nicht gemessen: {what} (Ziel ≤ {ratio_text(limit)}-fach)"
    value, small, how = found
    ratio = value / small
    return (
        f"{verdict(ratio <= limit)}: {what}: {fmt_ms(value)} ms / {fmt_ms(small)} ms = "
        f"{ratio_text(ratio)}-fach, {how} (Ziel ≤ {ratio_text(limit)}-fach)"
    )


def share_line(what, rate, static, limit):
    if rate is None:
        return f"nicht gemessen: {what} (Ziel ≥ {share_text(limit)})"
    share = rate / static
    return (
        f"{verdict(share >= limit)}: {what}: {rate:.0f} / {static:.0f} Anfragen/s = "
        f"{share_text(share)} (Ziel ≥ {share_text(limit)})"
    )


def targets(runs, paired=None, throughput=None):
    """One line per target of issue 14: "erreicht", "NICHT erreicht" or "nicht gemessen"."""
    q = "q + 2 Facetten ungecacht"
    lines = [
        ratio_line(
            f"PostgreSQL, {q}, 10.000 gegenüber 1.000 Angeboten, Median",
            compared(runs, paired, "postgresql", MID, "median_ms"),
            PG_MID_MAX,
        ),
        ratio_line(
            f"PostgreSQL, {q}, 100.000 gegenüber 1.000 Angeboten, Median",
            compared(runs, paired, "postgresql", BIG, "median_ms"),
            PG_BIG_MAX,
        ),
        ratio_line(
            f"PostgreSQL, {q}, 100.000 gegenüber 1.000 Angeboten, 95. Perzentil",
            compared(runs, paired, "postgresql", BIG, "p95_ms"),
            PG_BIG_P95_MAX,
        ),
        ratio_line(
            "PostgreSQL, Cache-Treffer bei 100.000 gegenüber ungecacht bei 1.000 Angeboten, Median",
            compared(runs, paired, "postgresql", BIG, "median_ms", key=CACHED_SCENARIO),
            CACHE_HIT_MAX,
        ),
        ratio_line(
            f"SQLite, {q}, 10.000 gegenüber 1.000 Angeboten, Median",
            compared(runs, paired, "sqlite", MID, "median_ms"),
            SQLITE_MID_MAX,
        ),
    ]
    rates = throughput or {}
    where = (
        f"gunicorn, 2 Worker, {rates['server']}, {fmt_int(rates['size'])} Angebote"
        if throughput
        else "gunicorn, 2 Worker"
    )
    lines += [
        share_line(
            f"{where}, wiederholte Katalogabrufe, Anteil der Rate einer statischen Datei",
            rates.get("catalogue_rps"),
            rates.get("static_rps"),
            REPEATED_MIN,
        ),
        share_line(
            f"{where}, Mischung verschiedener Suchen, Anteil der Rate einer statischen Datei",
            rates.get("mix_rps"),
            rates.get("static_rps"),
            MIX_MIN,
        ),
    ]
    return lines


class ServingWorker:
    """A `bench.worker --serve` process on one catalogue, asked for timings in turn."""

    def __init__(self, size, database_url):
        command = [sys.executable, "-m", "bench.worker", f"--size={size}", "--serve"]
        # Our own interpreter and module with arguments built here, no shell.
        self.process = subprocess.Popen(  # noqa: S603
            command,
            cwd=ROOT,
            env=worker_env(database_url),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self._read()  # {"ready": true} after the warm-up

    def _read(self):
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the benchmark worker ended (exit code {self.process.wait()})")
        try:
            return json.loads(line)
        except ValueError as error:
            raise RuntimeError(f"the benchmark worker answered {line!r}") from error

    def timings(self, key, start, count):
        try:
            self.process.stdin.write(f"{key} {start} {count}\n")
            self.process.stdin.flush()
        except OSError as error:
            raise RuntimeError(f"the benchmark worker is gone ({error})") from error
        reply = self._read()
        if "timings" not in reply:
            raise RuntimeError(f"the benchmark worker answered {reply!r}")
        return reply["timings"]

    def close(self):
        with contextlib.suppress(OSError):  # the worker is gone already; wait() collects it
            self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()


def measure_paired(vendor, urls, rounds=PAIRED_ROUNDS, per_round=PAIRED_REQUESTS, cached_size=None):
    """q + 2 facets on every catalogue of `urls` ({size: database URL}) in turn.

    One serving process per catalogue; each round asks every size for the same
    search words, the order reversed every other round, so all sizes fall into
    the same minutes. The catalogue of `cached_size` also answers the same
    requests from the page cache in each round.
    """
    sizes = sorted(urls)
    named = " and ".join(f"{size:,}" for size in sizes)
    print(f"==> {vendor}, {named} offers in turn ({rounds} rounds)", flush=True)
    workers = {}
    timings = {size: [] for size in sizes}
    cached = []
    ratios = {size: [] for size in sizes}
    try:
        for size in sizes:
            workers[size] = ServingWorker(size, urls[size])
        for number in range(rounds):
            medians = {}
            for size in sizes if number % 2 == 0 else sizes[::-1]:
                start = number * per_round
                got = workers[size].timings(TARGET_SCENARIO, start, per_round)
                timings[size] += got
                medians[size] = statistics.median(got)
                if size == cached_size:
                    cached += workers[size].timings(CACHED_SCENARIO, start, per_round)
            for size in sizes:
                ratios[size].append(medians[size] / medians[sizes[0]])
    finally:
        for worker in workers.values():
            worker.close()
    result = {"vendor": vendor, "rounds": rounds, "per_round": per_round, "sizes": {}}
    for size in sizes:
        result["sizes"][size] = {
            **summary_ms(timings[size]),
            "round_min": min(ratios[size]),
            "round_max": max(ratios[size]),
        }
        row = result["sizes"][size]
        print(
            f"    {size:>7,} offers: median {row['median_ms']:.1f} ms, p95 {row['p95_ms']:.1f} ms"
            f" ({row['round_min']:.2f}–{row['round_max']:.2f}x per round)",
            flush=True,
        )
    if cached:
        result["cached"] = {"size": cached_size, **summary_ms(cached)}
        print(
            f"    {cached_size:>7,} offers, cache hit: median "
            f"{result['cached']['median_ms']:.1f} ms",
            flush=True,
        )
    return result


def word_line(runs):
    """How common the search words are, from the largest run (PostgreSQL preferred)."""
    if not runs:
        return ""
    run = max(runs, key=lambda r: (r["size"], r["vendor"] == "postgresql"))
    shares = ", ".join(f"{word} {share * 100:.0f} %" for word, share in run["word_shares"].items())
    return (
        f"Suchwörter, je Anfrage reihum eines ({run['server']}, {fmt_int(run['size'])} Angebote, "
        f"Anteil der Angebote, die das Wort allein findet): {shares}."
    )


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} Kerne ({cpu}), Python {platform.python_version()}"


def paired_text(measured):
    vendor = "PostgreSQL" if measured["vendor"] == "postgresql" else "SQLite"
    sizes = " und ".join(fmt_int(size) for size in measured["sizes"])
    rows = [
        f"{fmt_int(size)} Angebote: Median {fmt_ms(row['median_ms'])} ms, "
        f"p95 {fmt_ms(row['p95_ms'])} ms"
        for size, row in measured["sizes"].items()
    ]
    if "cached" in measured:
        cached = measured["cached"]
        rows.append(
            f"Cache-Treffer bei {fmt_int(cached['size'])} Angeboten: Median "
            f"{fmt_ms(cached['median_ms'])} ms, p95 {fmt_ms(cached['p95_ms'])} ms"
        )
    return f"{vendor} mit {sizes} Angeboten: " + "; ".join(rows) + "."


def throughput_text(rates):
    return (
        f"Durchsatz über gunicorn (2 Worker, Produktionseinstellungen, whitenoise), "
        f"{rates['server']}, {fmt_int(rates['size'])} Angebote, je {rates['duration']} s "
        f"`wrk` mit {rates['connections']} Verbindungen über 127.0.0.1: statische Datei "
        f"{rates['static_rps']:.0f} Anfragen/s; `/angebote/` wiederholt "
        f"{rates['catalogue_rps']:.0f}/s; Mischung verschiedener Suchen "
        f"{rates['mix_rps']:.0f}/s ({fmt_int(rates['mix_requests'])} Anfragen über "
        f"{fmt_int(rates['mix_urls'])} verschiedene Adressen, jede höchstens einmal, "
        "solange die Liste reicht; Lastgenerator auf derselben Maschine)."
    )


def report(runs, generation, took, paired=None, throughput=None, load=""):
    lines = [
        "# Benchmark-Ergebnisse",
        "",
        f"`make bench`, {date.today().isoformat()}, {machine()}{load}. Serverzeit je Anfrage "
        "im Prozess (Django-Testclient, ganzer Middleware- und Template-Stapel samt "
        "`public_page`): Median und 95. Perzentil; Queries je Anfrage (ohne die der "
        "Cache-Tabelle); Treffer = Ergebniszahl der Seite (Median). Ungecacht heißt: Djangos "
        "Cache wird vor jeder Anfrage geleert (außerhalb der Zeitmessung), die Seite wird "
        "gerendert und gespeichert wie die erste Anfrage nach einer Änderung. Cache-Treffer: "
        "dieselben Adressen noch einmal, ohne Änderung dazwischen (Cache: die Datenbanktabelle, "
        "die Voreinstellung ohne `REDIS_URL`).",
        "",
        table(runs),
        "",
        word_line(runs),
        "",
        "Erzeugung (Angebote samt 5 % unsichtbaren, m2m-Zeilen, Schlagworte, Suchindex):",
        "",
    ]
    lines += [f"- {line}" for line in generation]
    measured = [value for value in (paired or {}).values() if value]
    if measured:
        first = measured[0]
        lines += [
            "",
            f"Abwechselnd gemessen, q + 2 Facetten: je ein Prozess pro Katalog, "
            f"{first['rounds']} Runden mit je {first['per_round']} Anfragen (jedes Suchwort "
            "einmal), die Reihenfolge wechselt jede Runde. So fallen alle Größen in dieselben "
            "Minuten; die Tabelle misst sie Minuten auseinander, und die geteilte Maschine "
            "schwankt in dieser Zeit um bis zum Doppelten. Die Ziele vergleichen diese Werte.",
            "",
        ]
        lines += [f"- {paired_text(value)}" for value in measured]
    if throughput:
        lines += ["", throughput_text(throughput)]
    lines += ["", "Ziele (Issue 14, Verhältnisse innerhalb dieses Laufs):", ""]
    lines += [f"- {line}" for line in targets(runs, paired, throughput)]
    minutes = f"{took / 60:.1f}".replace(".", ",")
    lines += ["", f"Gesamtlaufzeit: {minutes} min.", ""]
    if BASELINE.exists():
        lines += [BASELINE.read_text(encoding="utf-8").rstrip(), ""]
    return "\n".join(lines)


def load_text():
    """The machine's load averages, for the report (a shared machine's speed varies)."""
    try:
        one, five, _fifteen = os.getloadavg()
    except OSError:
        return ""
    return f", Last {one:.1f} / {five:.1f} (1 / 5 min) beim Start".replace(".", ",")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument(
        "--pg-url",
        default="",
        help="postgres://user@host:port of a server to create k360_bench_* databases on",
    )
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--budget", type=float, default=45.0, help="seconds per scenario")
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    parser.add_argument(
        "--reuse", action="store_true", help="reuse kept databases (implies --keep)"
    )
    parser.add_argument("--workdir", default="", help="directory for SQLite files and results")
    parser.add_argument("--output", default=str(RESULTS))
    parser.add_argument(
        "--no-throughput", dest="throughput", action="store_false", help="skip gunicorn and wrk"
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    args = parser.parse_args(argv)
    args.keep = args.keep or args.reuse
    try:
        sizes = [int(size.replace("_", "")) for size in args.sizes.split(",") if size.strip()]
    except ValueError:
        parser.error(f"--sizes must be numbers separated by commas, got {args.sizes!r}")
    if not sizes or min(sizes) < 1:
        parser.error("--sizes needs at least one positive number")

    # SIGTERM unwinds like Ctrl+C, so that the databases are dropped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    started = time.perf_counter()
    load = load_text()
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="k360-bench."))
    workdir.mkdir(parents=True, exist_ok=True)
    pg_url = args.pg_url.rstrip("/")
    # The sizes of the paired measurement: their databases stay until the end.
    kept = {
        "postgresql": paired_sizes(sizes, (SMALL, MID, BIG)) if pg_url else [],
        "sqlite": paired_sizes(sizes, (SMALL, MID)) if not args.no_sqlite else [],
    }
    urls = {"postgresql": {}, "sqlite": {}}
    runs, generation, paired, throughput = [], [], {}, None
    try:
        for size in sizes:
            if not args.no_sqlite:
                path = workdir / f"bench-{size}.sqlite3"
                urls["sqlite"][size] = f"sqlite:///{path}"
                if not args.reuse:
                    path.unlink(missing_ok=True)
                try:
                    runs.append(run_worker("sqlite", size, urls["sqlite"][size], args, workdir))
                finally:
                    if not args.keep and size not in kept["sqlite"]:
                        path.unlink(missing_ok=True)
            if pg_url:
                name = pg_database(size)
                urls["postgresql"][size] = f"{pg_url}/{name}"
                if args.reuse:
                    pg_create_missing(pg_url, name)
                else:
                    pg_admin(pg_url, drop_statement(name), f'CREATE DATABASE "{name}"')
                try:
                    runs.append(
                        run_worker("postgresql", size, urls["postgresql"][size], args, workdir)
                    )
                finally:
                    if not args.keep and size not in kept["postgresql"]:
                        pg_drop_after_run(pg_url, name)
        for vendor, chosen in kept.items():
            if chosen:
                paired[vendor] = measure_paired(
                    vendor,
                    {size: urls[vendor][size] for size in chosen},
                    cached_size=BIG if BIG in chosen else None,
                )
        if args.throughput:
            vendor = "postgresql" if kept["postgresql"] else "sqlite"
            if not shutil.which("wrk"):
                print("WARNING: throughput not measured: wrk is missing (apt-get install wrk)")
            elif kept[vendor]:
                size = max(kept[vendor])
                throughput = run_throughput(size, urls[vendor][size], args, workdir)
            else:
                print("==> throughput: not measured (no catalogue kept for it)", flush=True)
    except (subprocess.CalledProcessError, RuntimeError) as error:
        print(f"ERROR: a benchmark run failed ({error}), see above.")
        return 1
    finally:
        if not args.keep:
            for size in kept["sqlite"]:
                (workdir / f"bench-{size}.sqlite3").unlink(missing_ok=True)
            for size in kept["postgresql"]:
                pg_drop_after_run(pg_url, pg_database(size))
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    for run in runs:
        if run["generate_seconds"] is not None:
            generation.append(
                f"{run['server']}, {fmt_int(run['size'])} Angebote: "
                f"{fmt_ms(run['generate_seconds'])} s"
            )

    took = time.perf_counter() - started
    print()
    print(table(runs))
    print()
    if throughput:
        print(throughput_text(throughput))
        print()
    for line in targets(runs, paired, throughput):
        print(line)
    print(word_line(runs))
    print(f"\nWhole run: {took / 60:.1f} min. Table written to {args.output}")
    text = report(runs, generation, took, paired, throughput, load)
    Path(args.output).write_text(text, encoding="utf-8")
    return 0


def paired_sizes(sizes, candidates):
    """The sizes measured in turn: those of `candidates` in the run, if 1,000 and another are."""
    chosen = [size for size in candidates if size in sizes]
    return chosen if SMALL in chosen and len(chosen) > 1 else []


if __name__ == "__main__":
    sys.exit(main())
