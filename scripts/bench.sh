#!/usr/bin/env bash
# The benchmark (issues 8 and 20): the release server on loopback with a generated council-sized
# data set, measured with wrk on SQLite and on PostgreSQL at two sizes: 1x (50,000 households,
# 500,000 stays, 100,000 permits) and 10x (500,000 households, 5 million stays, 1 million
# permits), each endpoint side by side with the trivial endpoint's rate on the same server (the
# ceiling); then issue 20's targets against those figures, the group commits' batch sizes, and
# the web build's size and the desktop app's binary and cold start. Prints a Markdown report
# (what BENCHMARKS.md keeps) and saves it under $CARGO_TARGET_DIR/bench/.
# Not part of the test suite: run it on a quiet machine.
#
#   bash scripts/bench.sh [--quick] [--scale N] [--no-scale] [--no-postgres] [--no-web] [--no-desktop]
#
# --quick: 5-second runs and a tenth of the data set (the large run a tenth of its size too),
#          to try the script itself.
# --scale N: the large run is N times the data set (default 10); --no-scale skips it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

seconds=15
households=50000 stays=500000 permits=100000
scale=10
postgres=1 web=1 desktop=1
args=("$@")
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) seconds=5 households=5000 stays=50000 permits=10000 ;;
        --scale) scale="${2:?--scale needs a number}"; shift ;;
        --no-scale) scale=1 ;;
        --no-postgres) postgres=0 ;;
        --no-web) web=0 ;;
        --no-desktop) desktop=0 ;;
        *) echo "unknown argument $1 (see the top of $0)" >&2; exit 2 ;;
    esac
    shift
done

need_rust
need_apt wrk curl python3
target="${CARGO_TARGET_DIR:-$PWD/target}"
log "release build of the server and the data generator"
cargo build --release -p permit-server -p permit-bench >&2
# PERMITS_BENCH_SERVER: another build of the server to measure (a before/after comparison).
server_bin="${PERMITS_BENCH_SERVER:-$target/release/permit-server}"
bench_bin="$target/release/permit-bench"
lua="$PWD/crates/bench/wrk/requests.lua"

source scripts/bench-server.sh

kib() { awk -v k="$1" 'BEGIN { printf "%.0f MiB", k / 1024 }'; }
rss_now() { awk '/^VmRSS/ { print $2 }' "/proc/$server_pid/status"; }
rss_peak() { awk '/^VmHWM/ { print $2 }' "/proc/$server_pid/status"; }
load_now() { cut -d' ' -f1-3 /proc/loadavg; }
pct() { awk -v r="$1" -v c="$2" 'BEGIN { if (c > 0) printf "%.1f", 100 * r / c; else print 0 }'; }

# Every figure by key ("SQLite 1x enforcement rps"), for the targets table at the end.
declare -A got
rows=""

# wrk_run KEY NAME MODE FILE CONNECTIONS DELAY_MS [PATH]: one measured run; appends a table
# row and records requests/s, p99 and non-2xx under KEY.
wrk_run() {
    local key="$1" name="$2" mode="$3" file="$4" conns="$5" delay="$6" path="${7:-/}"
    local out line load
    load="$(load_now)"
    if [ "$mode" = purchases ]; then
        # A purchase is three requests in turn, which wrk cannot chain: permit-bench makes them.
        out="$("$bench_bin" purchases --url "http://127.0.0.1:$port" --file "$file" \
            --connections "$conns" --seconds "$seconds")"
    else
        out="$(BENCH_MODE="$mode" BENCH_FILE="$file" BENCH_THREADS=2 BENCH_DELAY_MS="$delay" \
            wrk -t2 -c"$conns" -d"${seconds}s" --timeout 10s -s "$lua" "http://127.0.0.1:$port$path")"
    fi
    line="$(echo "$out" | grep '^BENCH ')"
    field() { echo "$line" | sed -E "s/.*$1=([0-9]+).*/\1/"; }
    local rps p50 p99 non2xx errors ceiling
    rps=$(awk -v n="$(field requests)" -v d="$(field duration_us)" 'BEGIN { printf "%.0f", n / (d / 1e6) }')
    p50=$(awk -v u="$(field p50_us)" 'BEGIN { printf "%.2f", u / 1000 }')
    p99=$(awk -v u="$(field p99_us)" 'BEGIN { printf "%.2f", u / 1000 }')
    non2xx=$(field non2xx) errors=$(field socket_errors)
    if [ "$mode" = plain ]; then got["$prefix ceiling rps"]="$rps"; fi
    ceiling="${got["$prefix ceiling rps"]:-0}"
    got["$prefix $key rps"]="$rps" got["$prefix $key p99"]="$p99"
    got["$prefix $key pct"]="$(pct "$rps" "$ceiling")" got["$prefix $key non2xx"]="$((non2xx + errors))"
    row="| $name | $conns | $rps | $p50 | $p99 | $(pct "$rps" "$ceiling")% | $non2xx | $errors | $load |"
    echo "$row" >&2
    rows+="$row"$'\n'
}

# bench_database LABEL URL SCALE: seed SCALE times the data set, start, warm up, measure every
# endpoint, verify, and note the sizes and the group commits' batch sizes.
bench_database() {
    local label="$1" url="$2" n="$3"
    local dir="$work/$label-$n"
    local h=$((households * n)) st=$((stays * n)) pe=$((permits * n))
    prefix="$label ${n}x"
    mkdir -p "$dir"
    log "$prefix: generating $h households, $st stays, $pe permits"
    local seeded=$SECONDS
    "$bench_bin" seed --database-url "$url" --out "$dir" \
        --households "$h" --stays "$st" --permits "$pe" 2>"$dir/seed.log"
    cat "$dir/seed.log" >&2
    local load_seconds=$((SECONDS - seeded)) inserted
    inserted="$(sed -n 's/^inserted in //p' "$dir/seed.log")"
    local size
    case "$url" in
        sqlite:*) size=$(du -cb "${url#sqlite://}"* | tail -n 1 | cut -f1) ;;
        *) size=$(psql -tA "$url" -c "SELECT pg_database_size(current_database())") ;;
    esac
    # The seed's writes reach the disk before anything is measured: at 10x the disk was still
    # writing back 2 GB during the first runs (session 9: enforcement 7,138/s straight after the
    # seed, 10,053-12,859/s on a copy written earlier).
    local synced=$SECONDS
    sync
    log "$prefix: seed written to disk in $((SECONDS - synced)) s (sync)"
    start_server "$url" "$dir"
    local rest
    rest="$(rss_now)"
    log "$prefix: server up on port $port after ${startup_seconds}s, RSS $(kib "$rest") at rest"
    rows+="| **$label, ${n}x: $h households, $st stays** | | | | | | | | |"$'\n'
    local permitted
    permitted=$(head -n 200 "$dir/enforcement.tsv" | while IFS=$'\t' read -r key path; do
        curl -s -H "X-Api-Key: $key" "http://127.0.0.1:$port$path"; echo; done | grep -c '"permitted":true' || true)
    log "$prefix: $permitted of the first 200 enforcement queries are of permitted vehicles"
    # Warm-up (not recorded): page cache, connection pools, prepared statements.
    BENCH_MODE=enforcement BENCH_FILE="$dir/enforcement.tsv" BENCH_THREADS=2 \
        wrk -t2 -c16 -d3s -s "$lua" "http://127.0.0.1:$port/" >/dev/null
    BENCH_MODE=stays BENCH_FILE="$dir/tokens.tsv" BENCH_THREADS=2 \
        wrk -t2 -c16 -d3s -s "$lua" "http://127.0.0.1:$port/" >/dev/null
    wrk_run ceiling "trivial endpoint \`GET /health/live\` (the ceiling)" plain "" 16 0 /health/live
    wrk_run enforcement "enforcement check, random plates, half permitted" enforcement "$dir/enforcement.tsv" 16 0
    # 25 connections, each pausing 10 ms after every answer: about 2,000 requests/s when answers take 2.5 ms.
    wrk_run paced "enforcement check, paced to about 2,000 requests/s" enforcement "$dir/enforcement.tsv" 25 10
    wrk_run stays "upcoming stays of a resident \`GET /api/v1/stays\`" stays "$dir/tokens.tsv" 16 0
    local before after broken=0
    before=$("$bench_bin" verify --database-url "$url" | sed -E 's/stays=([0-9]+).*/\1/')
    wrk_run bookings "book a stay \`POST /api/v1/stays\` (allowance checks, one permit each)" bookings "$dir/bookings.tsv" 16 0
    after=$("$bench_bin" verify --database-url "$url" | sed -E 's/stays=([0-9]+).*/\1/') || broken=1
    wrk_run purchases "buy visitor permits: order, sandbox page, return (purchases/s)" purchases "$dir/purchases.tsv" 16 0
    got["$prefix verify"]=$([ "$broken" = 0 ] && echo clean || echo BROKEN)
    log "$prefix: $((after - before)) stays booked; verify ${got["$prefix verify"]}"
    verified+="- $prefix: $permitted of 200 sampled enforcement queries were of permitted vehicles; the booking run added $((after - before)) stays; \`permit-bench verify\` afterwards: ${got["$prefix verify"]} (every bundle's spent permits equal its live stays, none below zero, none beyond 14 days)."$'\n'
    got["$prefix rest"]="$rest"
    sizes+="| $label | ${n}x | $h | $st | ${load_seconds} s (insert ${inserted:-?}) | $(awk -v b="$size" 'BEGIN { printf "%.0f MiB", b / 1048576 }') | ${startup_seconds} s | $(kib "$rest") | $(kib "$(rss_peak)") |"$'\n'
    stop_server
    local line
    for what in "the enforcement log" "SQLite's inline writes" "SQLite's records"; do
        line="$(sed 's/\x1b\[[0-9;]*m//g' "$dir/server.log" | grep -o "group commit of $what[^:]*: .*" | tail -n 1 || true)"
        [ -n "$line" ] && batches+="- $prefix, ${line#group commit of }"$'\n'
    done
    line="$(sed 's/\x1b\[[0-9;]*m//g' "$dir/server.log" | grep -o "checkpoints of SQLite's log[^:]*: .*" | tail -n 1 || true)"
    [ -n "$line" ] && batches+="- $prefix, $line"$'\n'
    return 0
}

# bench_all SCALE: every database at SCALE times the data set.
bench_all() {
    bench_database SQLite "sqlite://$work/sqlite-$1.db" "$1"
    if [ "$postgres" = 1 ]; then
        psql -q "$pg_admin" -c 'DROP DATABASE IF EXISTS permits_bench' -c 'CREATE DATABASE permits_bench' >&2
        bench_database PostgreSQL "${pg_admin%/*}/permits_bench" "$1"
        psql -q "$pg_admin" -c 'DROP DATABASE IF EXISTS permits_bench' >&2
    fi
}

# What one durable commit costs on this disk: every booking and every batch of enforcement log
# lines waits for one (SQLite syncs its log at each commit), so it bounds both.
fsync_ms() {
    python3 - "$work" <<'PY'
import os, statistics, sys, time
path = os.path.join(sys.argv[1], "fsync-probe")
fd = os.open(path, os.O_WRONLY | os.O_CREAT)
took = []
for _ in range(200):
    start = time.perf_counter()
    os.write(fd, b"x" * 4096)
    os.fsync(fd)
    took.append((time.perf_counter() - start) * 1000)
os.close(fd)
os.unlink(path)
took.sort()
print(f"median {statistics.median(took):.2f} ms, p99 {took[int(len(took) * 0.99) - 1]:.2f} ms")
PY
}

verified="" sizes="" batches=""
load_before="$(load_now)"
fsync_before="$(fsync_ms)"
log "a 4 KiB write and fsync in $work: $fsync_before"
if [ "$postgres" = 1 ]; then pg_admin="$(bash scripts/pg-start.sh)"; fi
bench_all 1
if [ "$scale" != 1 ]; then bench_all "$scale"; fi

# target_row TEXT MEASURED MET: one line of the targets table.
targets=""
target_row() { targets+="| $1 | $2 | $([ "$3" = 1 ] && echo met || echo missed) |"$'\n'; }
at_least() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }' && echo 1 || echo 0; }
within() { awk -v big="$1" -v one="$2" -v p="$3" 'BEGIN { exit !(one > 0 && big >= one * (1 - p / 100)) }' && echo 1 || echo 0; }
dbs="SQLite"; [ "$postgres" = 1 ] && dbs="SQLite PostgreSQL"
for db in $dbs; do
    one="$db 1x"
    share=50; [ "$db" = PostgreSQL ] && share=35
    want_bookings=2000; [ "$db" = PostgreSQL ] && want_bookings=3000
    target_row "$db: enforcement check at least $share% of the ceiling" \
        "${got["$one enforcement pct"]}% (${got["$one enforcement rps"]} of ${got["$one ceiling rps"]} requests/s)" \
        "$(at_least "${got["$one enforcement pct"]}" "$share")"
    target_row "$db: paced about 2,000 checks/s, p99 under 5 ms" \
        "${got["$one paced p99"]} ms at ${got["$one paced rps"]} requests/s" \
        "$(awk -v p="${got["$one paced p99"]}" 'BEGIN { exit !(p < 5) }' && echo 1 || echo 0)"
    target_row "$db: at least $want_bookings bookings/s, \`permit-bench verify\` clean" \
        "${got["$one bookings rps"]}/s, verify ${got["$one verify"]}, ${got["$one bookings non2xx"]} non-2xx" \
        "$([ "$(at_least "${got["$one bookings rps"]}" "$want_bookings")" = 1 ] && [ "${got["$one verify"]}" = clean ] && echo 1 || echo 0)"
    if [ "$scale" != 1 ]; then
        big="$db ${scale}x"
        for what in enforcement bookings; do
            target_row "$db at ${scale}x: $what within 20% of 1x" \
                "${got["$big $what rps"]} against ${got["$one $what rps"]} requests/s" \
                "$(within "${got["$big $what rps"]}" "${got["$one $what rps"]}" 20)"
        done
        target_row "$db at ${scale}x: server RSS at rest under 250 MiB" "$(kib "${got["$big rest"]}")" \
            "$(awk -v k="${got["$big rest"]}" 'BEGIN { exit !(k < 250 * 1024) }' && echo 1 || echo 0)"
    fi
done

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
    echo "- Command: \`bash scripts/bench.sh${args[*]:+ ${args[*]}}\`, commit $(git rev-parse --short HEAD)${PERMITS_BENCH_SERVER:+, server binary $PERMITS_BENCH_SERVER}."
    echo "- Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), load average before the run $load_before, after it $(load_now); $(rustc --version | cut -d' ' -f1-2), wrk $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f2)."
    echo "- Disk: a 4 KiB write and fsync where the SQLite file lives took $fsync_before before the run, $(fsync_ms) after it (200 of each; SQLite syncs at every commit, and PostgreSQL runs with fsync off here, scripts/pg-start.sh)."
    echo "- Data at 1x: $households households over the four councils' files, $stays stays, $permits vehicle permits, a session per household; ${scale}x is $scale times each. Each run: wrk, 2 threads, ${seconds} s, server and wrk on the same 2 cores; the last column is the load average as the run started."
    echo
    echo "| endpoint | connections | requests/s | p50 ms | p99 ms | of the ceiling | non-2xx | socket errors | load |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---|"
    printf '%s' "$rows"
    echo
    printf '%s' "$verified"
    echo
    echo "Against issue 20's targets:"
    echo
    echo "| target | measured | |"
    echo "|---|---|---|"
    printf '%s' "$targets"
    echo
    echo "| database | size | households | stays | seed (generate, write files, insert) | database size | server start | RSS at rest | RSS peak |"
    echo "|---|---|---:|---:|---|---:|---:|---:|---:|"
    printf '%s' "$sizes"
    echo
    echo "Group commits, batch sizes (from the server's log at shutdown):"
    echo
    printf '%s' "${batches:-- none logged (a server built before they were counted)}"$'\n'
    if [ -n "$web_table" ]; then echo; echo "Web build (wasm + js + css):"; echo; echo "$web_table"; fi
    if [ -n "$desktop_table" ]; then echo; echo "Desktop app:"; echo; echo "$desktop_table"; fi
)"
mkdir -p "$target/bench"
echo "$report" | tee "$target/bench/report-$(date -u +%Y%m%dT%H%M%S).md"
