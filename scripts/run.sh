#!/usr/bin/env bash
# Runs the product for a demo: the backend on SQLite with the four councils, their demo
# properties and a demo resident each, at http://127.0.0.1:8080 (PERMITS_BIND to change).
# It prints how to log in; PINs appear in its output (the dev outbox).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

need_rust
need_apt ca-certificates pkg-config

log "building and starting the server (first build takes a few minutes)"
exec cargo run --release -p permit-server -- --demo "$@"
