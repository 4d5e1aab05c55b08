#!/usr/bin/env bash
# Runs the product for a demo: the web UI and the API at http://127.0.0.1:8080 (PERMITS_BIND
# to change), on SQLite, with the four councils, their demo properties and a demo resident
# each, and the council's back office at /office/. It prints how to log in as each council's
# demo resident and demo staff; PINs and staff codes appear in its output (the dev outbox).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

need_rust
need_apt ca-certificates pkg-config

bash scripts/build-web.sh
log "building and starting the server (the first build takes several minutes)"
export PERMITS_WEB_DIR="$PWD/src-ui/dist"
# The council's back office at /office/ (the demo staff it prints log in there with their code).
export PERMITS_OFFICE_DIR="$PWD/src-office/dist"
exec cargo run --release -p permit-server -- --demo "$@"
