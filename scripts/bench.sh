#!/usr/bin/env bash
# The benchmark (issue 8): the release server on loopback with a generated council-sized data
# set (50,000 households, 500,000 stays, 100,000 permits), measured with wrk on SQLite and on
# PostgreSQL, then the web build's size and the desktop app's binary and cold start. Prints a
# Markdown report (what BENCHMARKS.md keeps) and saves it under $CARGO_TARGET_DIR/bench/.
# Not part of the test suite: run it on a quiet machine.
#
#   bash scripts/bench.sh [--quick] [--no-postgres] [--no-web] [--no-desktop]
#
# --quick: 5-second runs and a tenth of the data set, to try the script itself.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

seconds=15
households=50000 stays=500000 permits=100000
postgres=1 web=1 desktop=1
for arg in "$@"; do
    case "$arg" in
        --quick) seconds=5 households=5000 stays=50000 permits=10000 ;;
        --no-postgres) postgres=0 ;;
        --no-web) web=0 ;;
        --no-desktop) desktop=0 ;;
        *) echo "unknown argument $arg (see the top of $0)" >&2; exit 2 ;;
    esac
done

need_rust
need_apt wrk curl python3
target="${CARGO_TARGET_DIR:-$PWD/target}"
log "release build of the server and the data generator"
cargo build --release -p permit-server -p permit-bench >&2
server_bin="$target/release/permit-server"
bench_bin="$target/release/permit-bench"
lua="$PWD/crates/bench/wrk/requests.lua"

work="$(mktemp -d)"
server_pid=""
stop_server() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=""
    fi
}
trap 'stop_server; rm -rf "$work"' EXIT

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_server DATABASE_URL DATA_DIR: the release binary as deployed, default logging; it pays
# with the sandbox's test cards (the test setting), as no council has a real provider here. It
# sends no message, but a server outside --demo needs its PIN channels named.
start_server() {
    port="$(free_port)"
    PERMITS_DATABASE_URL="$1" PERMITS_GAZETTEER_DIR="$2/gazetteer" PERMITS_BIND="127.0.0.1:$port" \
        PERMITS_ENFORCEMENT_KEYS="$(cat "$2/enforcement-keys.txt")" PERMITS_PAYMENTS_SANDBOX=1 \
        PERMITS_SMTP_URL="smtp://127.0.0.1:9" PERMITS_SMS_GATEWAY_URL="http://127.0.0.1:9/sms" \
        "$server_bin" >"$2/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 240); do
        curl -sf "http://127.0.0.1:$port/health/live" >/dev/null && return 0
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.5
    done
    tail -n 20 "$2/server.log" >&2
    echo "the server did not start" >&2
    exit 1
}

kib() { awk -v k="$1" 'BEGIN { printf "%.0f MiB", k / 1024 }'; }
rss_now() { awk '/^VmRSS/ { print $2 }' "/proc/$server_pid/status"; }
rss_peak() { awk '/^VmHWM/ { print $2 }' "/proc/$server_pid/status"; }

# wrk_run NAME MODE FILE CONNECTIONS DELAY_MS [PATH]: one measured run; appends a table row.
ceiling_rps=0
rows=""
wrk_run() {
    local name="$1" mode="$2" file="$3" conns="$4" delay="$5" path="${6:-/}"
    local out line
    out="$(BENCH_MODE="$mode" BENCH_FILE="$file" BENCH_THREADS=2 BENCH_DELAY_MS="$delay" \
        wrk -t2 -c"$conns" -d"${seconds}s" --timeout 10s -s "$lua" "http://127.0.0.1:$port$path")"
    line="$(echo "$out" | grep '^BENCH ')"
    local requests duration p50 p99 non2xx errors
    requests=$(echo "$line" | sed -E 's/.*requests=([0-9]+).*/\1/')
    duration=$(echo "$line" | sed -E 's/.*duration_us=([0-9]+).*/\1/')
    p50=$(echo "$line" | sed -E 's/.*p50_us=([0-9]+).*/\1/')
    p99=$(echo "$line" | sed -E 's/.*p99_us=([0-9]+).*/\1/')
    non2xx=$(echo "$line" | sed -E 's/.*non2xx=([0-9]+).*/\1/')
    errors=$(echo "$line" | sed -E 's/.*socket_errors=([0-9]+).*/\1/')
    local rps
    rps=$(awk -v n="$requests" -v d="$duration" 'BEGIN { printf "%.0f", n / (d / 1e6) }')
    if [ "$mode" = plain ]; then ceiling_rps="$rps"; fi
    local ratio
    ratio=$(awk -v r="$rps" -v c="$ceiling_rps" 'BEGIN { if (c > 0) printf "%.1f%%", 100 * r / c; else print "-" }')
    row="| $name | $conns | $rps | $(awk -v u="$p50" 'BEGIN { printf "%.2f", u / 1000 }') | $(awk -v u="$p99" 'BEGIN { printf "%.2f", u / 1000 }') | $ratio | $non2xx | $errors |"
    echo "$row" >&2
    rows+="$row"$'\n'
}

# bench_database LABEL URL: seed, start, warm up, measure every endpoint, verify.
bench_database() {
    local label="$1" url="$2" dir="$work/$1"
    mkdir -p "$dir"
    log "$label: generating $households households, $stays stays, $permits permits"
    "$bench_bin" seed --database-url "$url" --out "$dir" \
        --households "$households" --stays "$stays" --permits "$permits" >&2
    start_server "$url" "$dir"
    local rest
    rest="$(rss_now)"
    log "$label: server up on port $port, RSS $(kib "$rest") at rest"
    rows+="| **$label** | | | | | | | |"$'\n'
    local permitted
    permitted=$(head -n 200 "$dir/enforcement.tsv" | while IFS=$'\t' read -r key path; do
        curl -s -H "X-Api-Key: $key" "http://127.0.0.1:$port$path"; echo; done | grep -c '"permitted":true' || true)
    log "$label: $permitted of the first 200 enforcement queries are of permitted vehicles"
    # Warm-up (not recorded): page cache, connection pools, prepared statements.
    BENCH_MODE=enforcement BENCH_FILE="$dir/enforcement.tsv" BENCH_THREADS=2 \
        wrk -t2 -c16 -d3s -s "$lua" "http://127.0.0.1:$port/" >/dev/null
    BENCH_MODE=stays BENCH_FILE="$dir/tokens.tsv" BENCH_THREADS=2 \
        wrk -t2 -c16 -d3s -s "$lua" "http://127.0.0.1:$port/" >/dev/null
    wrk_run "trivial endpoint \`GET /health/live\` (the ceiling)" plain "" 16 0 /health/live
    wrk_run "enforcement check, random plates, half permitted" enforcement "$dir/enforcement.tsv" 16 0
    # 25 connections, each pausing 10 ms after every answer: about 2,000 requests/s when answers take 2.5 ms.
    wrk_run "enforcement check, paced to about 2,000 requests/s" enforcement "$dir/enforcement.tsv" 25 10
    wrk_run "upcoming stays of a resident \`GET /api/v1/stays\`" stays "$dir/tokens.tsv" 16 0
    local before after
    before=$("$bench_bin" verify --database-url "$url" | sed -E 's/stays=([0-9]+).*/\1/')
    wrk_run "book a stay \`POST /api/v1/stays\` (allowance checks, one permit each)" bookings "$dir/bookings.tsv" 16 0
    after=$("$bench_bin" verify --database-url "$url" | sed -E 's/stays=([0-9]+).*/\1/')
    log "$label: $((after - before)) stays booked; every bundle's spent permits equal its live stays"
    verified+="- $label: $permitted of 200 sampled enforcement queries were of permitted vehicles; the booking run added $((after - before)) stays, and afterwards every bundle's spent permits equalled its live stays, none below zero, none beyond 14 days (\`permit-bench verify\`)."$'\n'
    rss+="| server RSS on $label: at rest after start / peak under load | $(kib "$rest") / $(kib "$(rss_peak)") |"$'\n'
    stop_server
}

verified=""
rss=""
bench_database SQLite "sqlite://$work/sqlite.db"
if [ "$postgres" = 1 ]; then
    pg_admin="$(bash scripts/pg-start.sh)"
    psql -q "$pg_admin" -c 'DROP DATABASE IF EXISTS permits_bench' -c 'CREATE DATABASE permits_bench' >&2
    bench_database PostgreSQL "${pg_admin%/*}/permits_bench"
    psql -q "$pg_admin" -c 'DROP DATABASE IF EXISTS permits_bench' >&2
fi

web_table=""
if [ "$web" = 1 ]; then
    log "web build size"
    web_table="$(bash scripts/bench-web-size.sh)"
fi
desktop_table=""
if [ "$desktop" = 1 ]; then
    log "desktop binary and cold start"
    desktop_table="$(bash scripts/bench-desktop.sh | sed -n '/^| measure/,$p')"
fi

report="$(
    echo "## Load and size benchmark, $(date -u +%Y-%m-%d)"
    echo
    echo "- Command: \`bash scripts/bench.sh${*:+ $*}\`, commit $(git rev-parse --short HEAD)."
    echo "- Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), load average before the run $(cut -d' ' -f1-3 /proc/loadavg); $(rustc --version | cut -d' ' -f1-2), wrk $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f2)."
    echo "- Data: $households households over the four councils' files, $stays stays, $permits vehicle permits, a session per household. Each run: wrk, 2 threads, ${seconds} s, server and wrk on the same 2 cores."
    echo
    echo "| endpoint | connections | requests/s | p50 ms | p99 ms | of the ceiling | non-2xx | socket errors |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    printf '%s' "$rows"
    echo
    printf '%s' "$verified"
    echo
    echo "| measure | value |"
    echo "|---|---:|"
    printf '%s' "$rss"
    if [ -n "$web_table" ]; then echo; echo "Web build (wasm + js + css):"; echo; echo "$web_table"; fi
    if [ -n "$desktop_table" ]; then echo; echo "Desktop app:"; echo; echo "$desktop_table"; fi
)"
mkdir -p "$target/bench"
echo "$report" | tee "$target/bench/report-$(date -u +%Y%m%dT%H%M%S).md"
