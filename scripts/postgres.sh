#!/usr/bin/env bash
# Find or start a PostgreSQL server for the test suite.
#
# As a library (source it): pg_ensure sets PG_HOST, PG_PORT and PG_KIND
# ("existing" or "own"); pg_stop_own stops a cluster that pg_ensure started.
# As a command:  scripts/postgres.sh run CMD [ARG...]
#   runs CMD with K360_PG_URL=postgres://postgres@HOST:PORT set and stops an
#   own cluster afterwards.
#
# Order: a server that answers on $K360_PG_HOST:$K360_PG_PORT (default
# 127.0.0.1:5432) and lets user postgres in without a password; otherwise an
# own, throw-away cluster on a free port on 127.0.0.1, in $K360_PG_DIR
# (default .pgdata in the project), run as OS user postgres when we are root
# (postgres refuses to run as root). Binaries come from /usr/lib/postgresql;
# when there are none, apt-get installs postgresql (root only).
# shellcheck shell=bash

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

K360_PG_HOST="${K360_PG_HOST:-127.0.0.1}"
K360_PG_PORT="${K360_PG_PORT:-5432}"
PG_HOST=""
PG_PORT=""
PG_KIND=""
PG_PROBLEM=""
_pg_own_dir=""
_pg_bindir=""
_pg_runas=()

_pg_answers() {  # host port
    if command -v pg_isready >/dev/null 2>&1; then
        pg_isready -q -h "$1" -p "$2" -t 3
    else
        python3 -c 'import socket, sys; socket.create_connection((sys.argv[1], int(sys.argv[2])), 3).close()' "$1" "$2" 2>/dev/null
    fi
}

_pg_can_login() {  # host port: user postgres gets in without a password
    if command -v psql >/dev/null 2>&1; then
        PGCONNECT_TIMEOUT=5 psql -X -w -q -h "$1" -p "$2" -U postgres -d postgres -Atc 'select 1' >/dev/null 2>&1
    elif [[ -x "$VENV/bin/python" ]]; then
        "$VENV/bin/python" -c 'import psycopg, sys; psycopg.connect(host=sys.argv[1], port=sys.argv[2], user="postgres", dbname="postgres", connect_timeout=5).close()' "$1" "$2" >/dev/null 2>&1
    else
        return 0  # cannot tell; the tests will say so
    fi
}

_pg_find_bindir() {
    local dir
    while read -r dir; do
        if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
            echo "$dir"
            return 0
        fi
    done < <(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r)
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
        return 0
    fi
    return 1
}

_pg_as_owner() {  # run a command as the cluster owner, from a directory it can read
    (cd / && "${_pg_runas[@]}" "$@")
}

_pg_start_own() {
    if ! _pg_bindir="$(_pg_find_bindir)"; then
        say "No PostgreSQL server binaries found; installing postgresql"
        if ! apt_install postgresql || ! _pg_bindir="$(_pg_find_bindir)"; then
            PG_PROBLEM="PostgreSQL is not installed and could not be installed (needs root and apt-get: apt-get install postgresql)."
            return 1
        fi
    fi

    _pg_runas=()
    local owner
    owner="$(id -un)"
    if is_root; then
        if ! id postgres >/dev/null 2>&1; then
            PG_PROBLEM="Running as root but there is no OS user 'postgres' to run the server (PostgreSQL refuses to run as root)."
            return 1
        fi
        owner=postgres
        if command -v runuser >/dev/null 2>&1; then
            _pg_runas=(runuser -u postgres --)
        else
            _pg_runas=(su postgres -s /bin/sh -c '"$0" "$@"')
        fi
    fi

    local dir="${K360_PG_DIR:-$K360_ROOT/.pgdata}"
    if [[ -f "$dir/data/postmaster.pid" ]]; then
        # Left over by a killed run: stop it before starting afresh.
        _pg_own_dir="$dir"
        _pg_as_owner "$_pg_bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    if [[ -d "$dir" && -n "$(ls -A "$dir")" && ! -e "$dir/initdb.log" ]]; then
        PG_PROBLEM="$dir exists and does not look like a cluster made by this script; not touching it."
        return 1
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    if is_root; then
        chown postgres: "$dir"
        if ! _pg_as_owner test -w "$dir"; then
            # The project lies where user postgres cannot reach (e.g. under /root).
            rm -rf "$dir"
            dir="$(mktemp -d /tmp/k360-pgdata.XXXXXX)"
            chown postgres: "$dir"
        fi
    fi
    _pg_own_dir="$dir"

    local port
    port="$(free_port)"
    say "Starting an own PostgreSQL cluster ($_pg_bindir) as $owner in $dir on 127.0.0.1:$port"
    if ! _pg_as_owner "$_pg_bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 \
        --locale=C.UTF-8 >"$dir/initdb.log" 2>&1; then
        rm -rf "$dir/data"
        if ! _pg_as_owner "$_pg_bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 \
            --no-locale >>"$dir/initdb.log" 2>&1; then
            PG_PROBLEM="initdb failed, see $dir/initdb.log: $(tail -n 5 "$dir/initdb.log")"
            return 1
        fi
    fi
    # Throw-away test data: durability settings off for speed. No Unix socket,
    # so nothing depends on /var/run/postgresql.
    _pg_as_owner sh -c 'cat >>"$1"' sh "$dir/data/postgresql.conf" <<CONF

# Added by scripts/postgres.sh for a throw-away test cluster
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
    if ! _pg_as_owner "$_pg_bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null; then
        PG_PROBLEM="The own PostgreSQL cluster did not start, see $dir/server.log: $(tail -n 5 "$dir/server.log" 2>/dev/null)"
        return 1
    fi
    PG_HOST=127.0.0.1
    PG_PORT="$port"
    PG_KIND=own
    ok "Own PostgreSQL cluster runs on 127.0.0.1:$port"
}

# Stop and remove the cluster that pg_ensure started (no-op otherwise).
pg_stop_own() {
    [[ -n "$_pg_own_dir" ]] || return 0
    if [[ -f "$_pg_own_dir/data/postmaster.pid" ]]; then
        say "Stopping the own PostgreSQL cluster in $_pg_own_dir"
        _pg_as_owner "$_pg_bindir/pg_ctl" -D "$_pg_own_dir/data" -m fast -w -t 60 stop >/dev/null ||
            echo "WARNING: pg_ctl stop failed for $_pg_own_dir" >&2
    fi
    rm -rf "$_pg_own_dir"
    _pg_own_dir=""
}

pg_ensure() {
    PG_PROBLEM=""
    if _pg_answers "$K360_PG_HOST" "$K360_PG_PORT"; then
        if _pg_can_login "$K360_PG_HOST" "$K360_PG_PORT"; then
            PG_HOST="$K360_PG_HOST"
            PG_PORT="$K360_PG_PORT"
            PG_KIND=existing
            ok "Using the PostgreSQL server on $PG_HOST:$PG_PORT"
            return 0
        fi
        say "A server answers on $K360_PG_HOST:$K360_PG_PORT but user postgres cannot log in without a password; starting an own cluster instead"
    else
        say "No PostgreSQL server answers on $K360_PG_HOST:$K360_PG_PORT"
    fi
    _pg_start_own
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    set -euo pipefail
    [[ "${1:-}" == run && $# -ge 2 ]] || die "usage: scripts/postgres.sh run CMD [ARG...]"
    shift
    trap pg_stop_own EXIT
    trap 'exit 130' INT TERM
    pg_ensure || die "$PG_PROBLEM"
    K360_PG_URL="postgres://postgres@$PG_HOST:$PG_PORT" "$@"
fi
