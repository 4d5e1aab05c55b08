#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the server's PostgreSQL test run and prints a
# superuser URL on stdout (everything else goes to stderr), so callers can write
#   PERMITS_TEST_PG_URL=$(scripts/pg-start.sh) cargo test -p permit-server
# Idempotent: a cluster that is already running is reused.
set -euo pipefail

PORT="${PERMITS_PG_PORT:-55432}"
DATA_ROOT="${PERMITS_PG_DIR:-$HOME/.cache/permits-pg}"
PGDATA="$DATA_ROOT/data"
PASSWORD="permits"
URL="postgres://postgres:${PASSWORD}@127.0.0.1:${PORT}/postgres"

log() { echo "pg-start: $*" >&2; }

find_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

BIN=$(find_bin || true)
if [ -z "$BIN" ]; then
    log "installing postgresql from Debian packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
    BIN=$(find_bin)
fi

# The server binaries refuse to run as root: everything runs as the postgres user.
as_pg() {
    if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

mkdir -p "$DATA_ROOT"
if [ "$(id -u)" = "0" ]; then chown postgres:postgres "$DATA_ROOT"; fi
# $HOME may be unreadable to the postgres user; give it just enough to reach the cluster.
if [ "$(id -u)" = "0" ]; then
    d="$DATA_ROOT"
    while [ "$d" != "/" ]; do chmod o+x "$d" 2>/dev/null || true; d=$(dirname "$d"); done
fi

if [ ! -f "$PGDATA/PG_VERSION" ]; then
    log "initialising cluster in $PGDATA"
    pwfile=$(mktemp)
    echo "$PASSWORD" >"$pwfile"
    chmod 644 "$pwfile"
    as_pg "$BIN/initdb" -D "$PGDATA" -U postgres --auth=scram-sha-256 --pwfile="$pwfile" \
        --encoding=UTF8 --locale=C.UTF-8 >&2
    rm -f "$pwfile"
fi

if ! as_pg "$BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
    log "starting on 127.0.0.1:$PORT"
    # Tests create a database each; fsync off keeps a throwaway cluster fast.
    as_pg "$BIN/pg_ctl" -D "$PGDATA" -l "$DATA_ROOT/server.log" -w -t 60 start \
        -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DATA_ROOT -c fsync=off -c max_connections=300" >&2
fi

# Each test creates a database named test_<random>; drop those of earlier runs so a reused
# cluster does not grow by a few hundred MB per run. A database still in use (a run going on
# elsewhere) refuses to be dropped and is left alone. In parallel: each drop waits for a
# checkpoint, and concurrent drops share them.
drop_old_test_databases() {
    export PGPASSWORD="$PASSWORD"
    local psql="$BIN/psql -h 127.0.0.1 -p $PORT -U postgres -d postgres -Atq"
    $psql -c "SELECT datname FROM pg_database WHERE datname LIKE 'test\_%'" |
        xargs -r -P 16 -I{} sh -c "$psql -c 'DROP DATABASE IF EXISTS \"{}\"' >/dev/null 2>&1 || true"
}

for _ in $(seq 1 60); do
    if as_pg "$BIN/pg_isready" -h 127.0.0.1 -p "$PORT" -q; then
        drop_old_test_databases
        echo "$URL"
        exit 0
    fi
    sleep 0.5
done
log "PostgreSQL did not become ready; see $DATA_ROOT/server.log"
exit 1
