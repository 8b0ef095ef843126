"""`make bench`: synthetic catalogues and server-time measurements.

- `bench.pools` holds the German word pools and distributions.
- `bench.generate` fills an empty database with N published offers (plus 5 %
  invisible ones) whose texts are composed from those pools.
- `bench.measure` times the catalogue, a search with two facets (uncached
  and as a cache hit) and detail pages in-process with Django's test client
  and counts their queries.
- `bench.throughput` measures requests per second through gunicorn with
  `wrk`, as a share of a static file's rate.
- `bench.worker` does these for one database and one size (one process each,
  so every run gets its own `DATABASE_URL`).
- `bench.run` drives the workers over sizes and databases, prints the table
  and writes `bench/results.md`; `bench/bench.sh` (what `make bench` calls)
  finds or starts PostgreSQL first, like `make test`.
"""
