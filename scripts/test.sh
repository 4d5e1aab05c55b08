#!/usr/bin/env bash
# Runs the whole test suite. Installs what it needs first (skipping what is present), then the
# fast suites before the slow ones: formatting; the rules crate for wasm32 (the UI runs the same
# rules in the browser); every crate's tests on SQLite; the server's suite again on PostgreSQL;
# the API against its OpenAPI contract (schemathesis); the app against real OS keyrings; the
# web UI in headless Chromium; the desktop app in a real window.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

need_rust
# The workspace includes the Tauri app, which links against the system webview libraries.
need_apt ca-certificates pkg-config libssl-dev libwebkit2gtk-4.1-dev libgtk-3-dev \
    libayatana-appindicator3-dev librsvg2-dev
need_rust_target wasm32-unknown-unknown

# Every test runner's output also goes to one log, summed up in the closing line.
results=$(mktemp)
run_tests() {
    "$@" 2>&1 | tee -a "$results"
}
total() {
    awk '/^test result:/ { p += $4; f += $6 } END { printf "total: %d passed, %d failed\n", p, f }' "$results"
}

# A failing stage ends the run (set -e); say which, with the tests counted until then, so the
# log's last lines tell why it stopped without searching the stage's own output.
stage="installing tools"
step() {
    stage="$1"
    log "$1"
}
finish() {
    local status=$?
    if [ "$status" -ne 0 ]; then
        echo "test suite stopped: the stage \"$stage\" failed (exit $status)" >&2
        echo "until then: $(total)" >&2
    fi
    rm -f "$results"
}
trap finish EXIT

step "formatting"
cargo fmt --all -- --check

step "rules crate for wasm32-unknown-unknown"
cargo build -p permit-rules --target wasm32-unknown-unknown

step "all tests (SQLite)"
run_tests cargo test --workspace

step "server tests on PostgreSQL"
PERMITS_TEST_PG_URL="$(bash scripts/pg-start.sh)"
export PERMITS_TEST_PG_URL
# --workspace keeps the feature set of the run above, so nothing is compiled again.
run_tests cargo test --workspace --test api
unset PERMITS_TEST_PG_URL

step "API contract: schemathesis against the server in test mode"
run_tests bash scripts/test-api-contract.sh

step "app: OS keyrings, mobile and Windows checks"
run_tests bash scripts/test-app.sh

step "web UI: release build and browser tests"
run_tests bash scripts/test-ui.sh

step "desktop app in a real window (Xvfb, tauri-driver, gnome-keyring)"
run_tests bash scripts/test-desktop.sh

# One closing line for the whole suite (cargo's own last line is often a doc-test run of 0).
total
