#!/usr/bin/env bash
# Runs the whole test suite. Installs what it needs first (skipping what is present), then:
# formatting, every crate's tests on SQLite, the server's suite again on PostgreSQL, and the
# rules crate built for wasm32 (the UI runs the same rules in the browser).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

need_rust
need_apt ca-certificates pkg-config
need_rust_target wasm32-unknown-unknown

log "formatting"
cargo fmt --all -- --check

log "rules crate for wasm32-unknown-unknown"
cargo build -p permit-rules --target wasm32-unknown-unknown

log "all tests (SQLite)"
cargo test --workspace

log "server tests on PostgreSQL"
PERMITS_TEST_PG_URL="$(bash scripts/pg-start.sh)"
export PERMITS_TEST_PG_URL
cargo test -p permit-server
