#!/usr/bin/env bash
# Per-request cost of one endpoint of the release server, in figures that a busy machine does
# not move much (issue 20): CPU time and context switches per request (perf stat's software
# counters on the server process), and with --callgrind the instructions per request
# (valgrind's callgrind, which counts them whatever the load). Each on a small SQLite data set
# (5,000 households; --households N for another size, with ten stays and two permits per
# household) under 16 connections of wrk, after a warm-up; a before/after comparison runs it
# once per build (--server). Requests answered other than 2xx are counted in their own column:
# a booking refused (the file's lines run out and repeat) costs less than one made, so compare
# bookings only where that column is 0.
#
#   bash scripts/bench-profile.sh [--callgrind] [--server BIN] [--seconds N] [--households N] MODE...
#
# MODE: plain (GET /health/live), enforcement, stays, bookings.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

callgrind=0 seconds=10 households=5000 modes=()
target="${CARGO_TARGET_DIR:-$PWD/target}"
server_bin="$target/release/permit-server"
while [ $# -gt 0 ]; do
    case "$1" in
        --callgrind) callgrind=1 ;;
        --server) server_bin="${2:?--server needs a path}"; shift ;;
        --seconds) seconds="${2:?--seconds needs a number}"; shift ;;
        --households) households="${2:?--households needs a number}"; shift ;;
        plain | enforcement | stays | bookings) modes+=("$1") ;;
        *) echo "unknown argument $1 (see the top of $0)" >&2; exit 2 ;;
    esac
    shift
done
[ ${#modes[@]} -gt 0 ] || modes=(plain enforcement stays bookings)

need_apt wrk curl python3 linux-perf
[ "$callgrind" = 0 ] || need_apt valgrind
cargo build --release -p permit-bench >&2
bench_bin="$target/release/permit-bench"
lua="$PWD/crates/bench/wrk/requests.lua"

source scripts/bench-server.sh
"$bench_bin" seed --database-url "sqlite://$work/db.sqlite" --out "$work" \
    --households "$households" --stays "$((households * 10))" --permits "$((households * 2))" 2>/dev/null
wrap=()
if [ "$callgrind" = 1 ]; then
    wrap=(valgrind --tool=callgrind --instr-atstart=no "--callgrind-out-file=$work/callgrind.out")
fi
start_server "sqlite://$work/db.sqlite" "$work" "${wrap[@]}"

file_of() {
    case "$1" in
        enforcement) echo "$work/enforcement.tsv" ;;
        stays) echo "$work/tokens.tsv" ;;
        bookings) echo "$work/bookings.tsv" ;;
        *) echo "" ;;
    esac
}
path_of() { [ "$1" = plain ] && echo /health/live || echo /; }
load() {
    BENCH_MODE="$1" BENCH_FILE="$(file_of "$1")" BENCH_THREADS=2 \
        wrk -t2 -c16 -d"$2s" --timeout 30s -s "$lua" "http://127.0.0.1:$port$(path_of "$1")" |
        grep '^BENCH ' | sed -E 's/.*requests=([0-9]+).*non2xx=([0-9]+).*/\1 \2/'
}

echo "| endpoint | requests | non-2xx | CPU ms per request | context switches per request | instructions per request | load |"
echo "|---|---:|---:|---:|---:|---:|---|"
for mode in "${modes[@]}"; do
    # Not for bookings: wrk starts at the top of the file on every run, so the measured run
    # would book the warm-up's stays again and be refused.
    [ "$mode" = bookings ] || load "$mode" 3 >/dev/null
    loadavg="$(cut -d' ' -f1-3 /proc/loadavg)"
    if [ "$callgrind" = 1 ]; then
        callgrind_control -z "$server_pid" >/dev/null
        callgrind_control -i on "$server_pid" >/dev/null
        read -r requests refused < <(load "$mode" "$seconds")
        callgrind_control -i off "$server_pid" >/dev/null
        callgrind_control -d "$server_pid" >/dev/null
        sleep 1
        # The dump's count is its "totals:" line; "summary:" is only in the file written at
        # start (0 here: instrumentation starts off), so summing it printed 0.
        total=$(cat "$work"/callgrind.out* | awk '/^totals:/ { s += $2 } END { print s + 0 }')
        rm -f "$work"/callgrind.out*
        echo "| $mode | $requests | $refused | - | - | $((total / requests)) | $loadavg |"
    else
        perf stat -x, -e task-clock,context-switches -p "$server_pid" -o "$work/perf.csv" \
            -- sleep "$((seconds + 1))" &
        perf_pid=$!
        read -r requests refused < <(load "$mode" "$seconds")
        wait "$perf_pid"
        ms=$(awk -F, '/task-clock/ { print $1 }' "$work/perf.csv")
        switches=$(awk -F, '/context-switches/ { print $1 }' "$work/perf.csv")
        echo "| $mode | $requests | $refused | $(awk -v m="$ms" -v n="$requests" 'BEGIN { printf "%.3f", m / n }') | $(awk -v s="$switches" -v n="$requests" 'BEGIN { printf "%.2f", s / n }') | - | $loadavg |"
    fi
done
