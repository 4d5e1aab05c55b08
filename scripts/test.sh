#!/usr/bin/env bash
# Runs the whole test suite. Installs what it needs first (skipping what is present), then:
# formatting, every crate's tests on SQLite, the server's suite again on PostgreSQL, and the
# rules crate built for wasm32 (the UI runs the same rules in the browser).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

need_rust
need_apt ca-certificates pkg-config

# Every test runner's output also goes to one log, summed up in the closing line.
results=$(mktemp)
trap 'rm -f "$results"' EXIT
run_tests() {
    "$@" 2>&1 | tee -a "$results"
}

need_rust_target wasm32-unknown-unknown

log "formatting"
cargo fmt --all -- --check

log "rules crate for wasm32-unknown-unknown"
cargo build -p permit-rules --target wasm32-unknown-unknown

log "all tests (SQLite)"
run_tests cargo test --workspace

log "server tests on PostgreSQL"
PERMITS_TEST_PG_URL="$(bash scripts/pg-start.sh)"
export PERMITS_TEST_PG_URL
run_tests cargo test -p permit-server

# One closing line for the whole suite (cargo's own last line is often a doc-test run of 0).
awk '/^test result:/ { p += $4; f += $6 } END { printf "total: %d passed, %d failed\n", p, f }' "$results"
