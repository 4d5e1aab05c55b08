#!/usr/bin/env bash
# The web UI's first load on a throttled phone profile (1.6 Mbps, 150 ms RTT, through Chromium's
# DevTools protocol), served by the release server as deployed: bytes on the wire and the time
# to the login page's heading, median of 3 runs, as the Markdown table kept in BENCHMARKS.md.
# Not part of the test suite. Usage: bash scripts/bench-first-load.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

need_rust
need_apt chromium
command -v npm >/dev/null 2>&1 || need_apt nodejs npm
target="${CARGO_TARGET_DIR:-$PWD/target}"

if [ "${1:-}" != "--no-build" ]; then
    bash scripts/build-web.sh >&2
    cargo build --release -p permit-server >&2
fi

# puppeteer-core (drives the installed Chromium; downloads no browser), outside the repository.
tools="${PERMITS_TOOLS_DIR:-$HOME/.cache/permit-tools}/first-load"
if [ ! -d "$tools/node_modules/puppeteer-core" ]; then
    log "installing puppeteer-core into $tools"
    mkdir -p "$tools"
    cp scripts/first-load/package.json "$tools/"
    npm install --prefix "$tools" --no-save --no-audit --no-fund --loglevel=error
fi
cp scripts/first-load/measure.mjs "$tools/"

data=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
PERMITS_DATABASE_URL="sqlite://$data/permits.db" PERMITS_BIND="127.0.0.1:$port" \
    PERMITS_WEB_DIR="$PWD/src-ui/dist" "$target/release/permit-server" --demo >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$port/health/live" >/dev/null 2>&1 && break
    sleep 0.1
done
log "first load of http://127.0.0.1:$port/login, throttled to 1.6 Mbps / 150 ms"
node "$tools/measure.mjs" "http://127.0.0.1:$port" 3
