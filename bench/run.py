"""Drive the benchmark over sizes and databases; print and save the table.

    python -m bench.run [--sizes 1000,10000,100000] [--pg-url postgres://postgres@HOST:PORT]

`make bench` calls this through bench/bench.sh, which finds or starts a
PostgreSQL server the way `make test` does. Every run uses its own databases:
SQLite files in a temporary directory and PostgreSQL databases
`k360_bench_<size>`; both are removed afterwards (unless --keep). The
project's db.sqlite3 and the test databases are never touched.
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

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.md"
SETTINGS = "kommune360.settings_test"
TARGET_MEDIAN_MS = 50.0
TARGET_SCALING = 3.0
TARGET_SCENARIO = "search"
SMALL, BIG = 1_000, 100_000
# Paired measurement of the scaling target: both sizes in turn, this many rounds of
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


def targets(runs, paired=None):
    """PASS/FAIL lines for the two PostgreSQL targets ("nicht gemessen" when a size is missing).

    The scaling verdict uses the paired measurement when there is one; the ratio
    of the table's medians, taken minutes apart, is shown beside it.
    """
    pg = {run["size"]: run for run in runs if run["vendor"] == "postgresql"}
    lines = []
    if BIG in pg:
        median = scenario(pg[BIG], TARGET_SCENARIO)["median_ms"]
        verdict = "PASS" if median <= TARGET_MEDIAN_MS else "FAIL"
        lines.append(
            f"{verdict}: PostgreSQL, 100.000 Angebote, q + 2 Facetten: Median {fmt_ms(median)} ms "
            f"(Ziel ≤ {TARGET_MEDIAN_MS:.0f} ms)"
        )
    else:
        lines.append("nicht gemessen: PostgreSQL mit 100.000 Angeboten (Ziel Median ≤ 50 ms)")
    if BIG in pg and SMALL in pg:
        big = scenario(pg[BIG], TARGET_SCENARIO)["median_ms"]
        small = scenario(pg[SMALL], TARGET_SCENARIO)["median_ms"]
        sequential = f"{fmt_ms(big)} ms / {fmt_ms(small)} ms = {ratio_text(big / small)}-fach"
        if paired:
            ratio = paired["ratio"]
            measured = (
                f"abwechselnd gemessen {fmt_ms(paired['big_ms'])} ms / "
                f"{fmt_ms(paired['small_ms'])} ms = {ratio_text(ratio)}-fach "
                f"(Runden {ratio_text(paired['round_min'])}–{ratio_text(paired['round_max'])}); "
                f"nacheinander laut Tabelle {sequential}"
            )
        else:
            ratio = big / small
            measured = sequential
        verdict = "PASS" if ratio <= TARGET_SCALING else "FAIL"
        lines.append(
            f"{verdict}: PostgreSQL, q + 2 Facetten, 100.000 gegenüber 1.000 Angeboten: "
            f"{measured} (Ziel ≤ {TARGET_SCALING:.0f}-fach)"
        )
    else:
        lines.append("nicht gemessen: PostgreSQL mit 1.000 und 100.000 Angeboten (Ziel ≤ 3-fach)")
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


def measure_paired(pg_url, rounds=PAIRED_ROUNDS, per_round=PAIRED_REQUESTS):
    """q + 2 facets on the 1,000 and 100,000 catalogues in turn, in the same minutes."""
    print(f"==> postgresql, {SMALL:,} and {BIG:,} offers in turn ({rounds} rounds)", flush=True)
    workers = {}
    timings = {SMALL: [], BIG: []}
    round_ratios = []
    try:
        for size in (SMALL, BIG):
            workers[size] = ServingWorker(size, f"{pg_url}/{pg_database(size)}")
        for number in range(rounds):
            medians = {}
            for size in (SMALL, BIG) if number % 2 == 0 else (BIG, SMALL):
                got = workers[size].timings(TARGET_SCENARIO, number * per_round, per_round)
                timings[size] += got
                medians[size] = statistics.median(got)
            round_ratios.append(medians[BIG] / medians[SMALL])
    finally:
        for worker in workers.values():
            worker.close()
    small_ms = statistics.median(timings[SMALL]) * 1000
    big_ms = statistics.median(timings[BIG]) * 1000
    print(
        f"    median {small_ms:.1f} ms / {big_ms:.1f} ms = {big_ms / small_ms:.2f}x "
        f"(rounds {min(round_ratios):.2f}–{max(round_ratios):.2f})",
        flush=True,
    )
    return {
        "small_ms": small_ms,
        "big_ms": big_ms,
        "ratio": big_ms / small_ms,
        "round_min": min(round_ratios),
        "round_max": max(round_ratios),
        "rounds": rounds,
        "per_round": per_round,
    }


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


def report(runs, generation, took, paired=None):
    lines = [
        "# Benchmark-Ergebnisse",
        "",
        f"`make bench`, {date.today().isoformat()}, {machine()}. Serverzeit je Anfrage "
        "im Prozess (Django-Testclient, ganzer Middleware- und Template-Stapel): Median und "
        "95. Perzentil; Queries je Anfrage; Treffer = Ergebniszahl der Seite (Median).",
        "",
        table(runs),
        "",
        word_line(runs),
        "",
        "Erzeugung (Angebote samt 5 % unsichtbaren, m2m-Zeilen, Schlagworte, Suchindex):",
        "",
    ]
    lines += [f"- {line}" for line in generation]
    lines += [
        "",
        "Facettenindex neu aufbauen (jeder Prozess nach jeder Änderung am Katalog, Median aus 3):",
        "",
    ]
    lines += [
        f"- {run['server']}, {fmt_int(run['size'])} Angebote: {fmt_ms(run['index_build_ms'])} ms"
        for run in runs
    ]
    if paired:
        lines += [
            "",
            f"Abwechselnd gemessen: q + 2 Facetten auf PostgreSQL mit 1.000 und 100.000 "
            f"Angeboten, je ein Prozess pro Katalog, {paired['rounds']} Runden mit je "
            f"{paired['per_round']} Anfragen (jedes Suchwort einmal), die Reihenfolge wechselt "
            "jede Runde; verglichen werden die Mediane aller Anfragen je Größe. So fallen "
            "beide Größen in dieselben Minuten; die Tabelle misst sie "
            "Minuten auseinander, und die geteilte Maschine schwankt in dieser Zeit um bis "
            "zum Doppelten.",
        ]
    lines += ["", "Ziele:", ""]
    lines += [f"- {line}" for line in targets(runs, paired)]
    minutes = f"{took / 60:.1f}".replace(".", ",")
    lines += ["", f"Gesamtlaufzeit: {minutes} min.", ""]
    return "\n".join(lines)


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
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="k360-bench."))
    workdir.mkdir(parents=True, exist_ok=True)
    pg_url = args.pg_url.rstrip("/")
    paired_sizes = {SMALL, BIG} if pg_url and {SMALL, BIG} <= set(sizes) else set()
    runs, generation, paired = [], [], None
    try:
        for size in sizes:
            if not args.no_sqlite:
                path = workdir / f"bench-{size}.sqlite3"
                if not args.reuse:
                    path.unlink(missing_ok=True)
                try:
                    runs.append(run_worker("sqlite", size, f"sqlite:///{path}", args, workdir))
                finally:
                    if not args.keep:
                        path.unlink(missing_ok=True)
            if pg_url:
                name = pg_database(size)
                if args.reuse:
                    pg_create_missing(pg_url, name)
                else:
                    pg_admin(pg_url, drop_statement(name), f'CREATE DATABASE "{name}"')
                try:
                    runs.append(run_worker("postgresql", size, f"{pg_url}/{name}", args, workdir))
                finally:
                    if not args.keep and size not in paired_sizes:
                        pg_drop_after_run(pg_url, name)
        if paired_sizes:
            paired = measure_paired(pg_url)
    except (subprocess.CalledProcessError, RuntimeError) as error:
        print(f"ERROR: a benchmark run failed ({error}), see above.")
        return 1
    finally:
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
        if not args.keep:
            for size in paired_sizes:
                pg_drop_after_run(pg_url, pg_database(size))
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
    for line in targets(runs, paired):
        print(line)
    print(word_line(runs))
    print(f"\nWhole run: {took / 60:.1f} min. Table written to {args.output}")
    Path(args.output).write_text(report(runs, generation, took, paired), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
