#!/usr/bin/env bash
# make bench: the catalogue benchmark on SQLite and, when there is one, PostgreSQL.
#   bench/bench.sh [SIZES]        SIZES like 1000,10000,100000 (the default)
# PostgreSQL comes from scripts/postgres.sh, as for make test: the server on
# 127.0.0.1:5432, otherwise an own throw-away cluster that is stopped afterwards.
# Without any, only SQLite is measured (with CI=true that is an error).
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/postgres.sh"
cd "$K360_ROOT"
trap pg_stop_own EXIT
trap 'exit 130' INT TERM

args=(--sizes "${1:-1000,10000,100000}")
if pg_ensure; then
    args+=(--pg-url "postgres://postgres@$PG_HOST:$PG_PORT")
elif is_ci; then
    die "CI=true: no PostgreSQL server for the benchmark: $PG_PROBLEM"
else
    warn_loud "No PostgreSQL server: $PG_PROBLEM" "Benchmarking SQLite only."
fi
"$VENV/bin/python" -m bench.run "${args[@]}"
