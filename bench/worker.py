"""One benchmark run: migrate the database in DATABASE_URL, generate, measure, write JSON.

Started by `bench.run` with its own environment (settings, database URL);
not meant to be called by hand:

    python -m bench.worker --size 1000 --out result.json [--reuse]
    python -m bench.worker --size 1000 --serve    # paired mode, see measure.serve
    python -m bench.worker --size 1000 --out rates.json --throughput   # bench/throughput.py
"""

import argparse
import json
import os
import sys
import time


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--out")
    parser.add_argument(
        "--serve",
        action="store_true",
        help="measure on request from stdin, answer on stdout (catalogue must exist)",
    )
    parser.add_argument(
        "--throughput",
        action="store_true",
        help="requests per second through gunicorn (catalogue must exist)",
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--budget", type=float, default=45.0, help="seconds per scenario")
    parser.add_argument(
        "--reuse", action="store_true", help="keep an existing catalogue of this size"
    )
    args = parser.parse_args(argv)
    if not args.serve and not args.out:
        parser.error("--out is required unless --serve")

    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection

    from offers.models import Offer

    from .generate import generate
    from .measure import measure, serve, word_shares

    if (args.serve or args.throughput) and Offer.objects.visible().count() != args.size:
        raise SystemExit(f"the database holds no catalogue of {args.size:,} offers")

    if args.serve:
        # The protocol gets its own copy of stdout; anything else printed goes to stderr.
        protocol = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
        os.dup2(sys.stderr.fileno(), sys.stdout.fileno())

        def reply(message):
            protocol.write(json.dumps(message) + "\n")
            protocol.flush()

        serve(sys.stdin, reply)
        return 0

    def log(message):
        print(f"    {message}", flush=True)

    if args.throughput:
        from . import throughput

        rates = throughput.measure(duration=args.duration, log=log)
        rates.update(server=server_name(connection), size=args.size)
        with open(args.out, "w", encoding="utf-8") as handle:
            json.dump(rates, handle)
        return 0

    call_command("migrate", verbosity=0, interactive=False)

    generate_seconds = None
    if args.reuse and Offer.objects.visible().count() == args.size:
        log(f"reusing the existing catalogue of {args.size:,} offers")
    else:
        if args.reuse and Offer.objects.exists():
            raise SystemExit("--reuse: the database holds a catalogue of another size")
        log(f"generating {args.size:,} offers …")
        t0 = time.perf_counter()
        total = generate(args.size, log=log)
        generate_seconds = time.perf_counter() - t0
        log(f"generated {total:,} offers ({args.size:,} visible) in {generate_seconds:.1f} s")

    log("measuring …")
    results = measure(requests=args.requests, budget_seconds=args.budget)
    for row in results:
        log(
            f"{row['label']:<30} median {row['median_ms']:8.1f} ms   p95 {row['p95_ms']:8.1f} ms"
            f"   {row['queries']:2d} queries   ({row['requests']} requests)"
        )
    server = server_name(connection)
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(
            {
                "vendor": connection.vendor,
                "server": server,
                "size": args.size,
                "generate_seconds": generate_seconds,
                "scenarios": results,
                "word_shares": word_shares(),
            },
            handle,
        )
    return 0


def server_name(connection):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


if __name__ == "__main__":
    sys.exit(main())
