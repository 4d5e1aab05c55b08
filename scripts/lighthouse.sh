#!/usr/bin/env bash
# Lighthouse at its mobile preset (simulated slow 4G, 4x CPU slowdown) against the residents'
# release web build served by the real server (issue 19). Lighthouse 11, the last version with
# the PWA category, from npm into the tools folder, run on the local Chromium.
#
# Fails when the app is not installable (the `installable-manifest` audit), or accessibility or
# best practices score under 90. Performance is a timing, so it is printed for BENCHMARKS.md and
# never asserted here (it varies with the machine's load).
# Needs the release web build (scripts/build-web.sh) and the server built by the test run.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

need_apt chromium curl python3
command -v npm >/dev/null 2>&1 || need_apt nodejs npm
version=11.7.1
dir="${PERMITS_TOOLS_DIR:-$HOME/.cache/permit-tools}/lighthouse-$version"
if [ ! -x "$dir/node_modules/.bin/lighthouse" ]; then
    log "installing Lighthouse $version into $dir"
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error "lighthouse@$version"
fi

target="${CARGO_TARGET_DIR:-target}"
cargo build -q -p permit-server
work=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
PERMITS_WEB_DIR="$PWD/src-ui/dist" PERMITS_BIND="127.0.0.1:$port" \
    PERMITS_DATABASE_URL="sqlite://$work/lighthouse.db" \
    "$target/debug/permit-server" --demo >"$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && break
    sleep 0.2
done

log "Lighthouse $version, mobile preset, http://127.0.0.1:$port/"
report="$target/lighthouse/report.json"
mkdir -p "$(dirname "$report")"
CHROME_PATH="${CHROMIUM:-/usr/bin/chromium}" "$dir/node_modules/.bin/lighthouse" \
    "http://127.0.0.1:$port/" --quiet --form-factor=mobile \
    --only-categories=performance,accessibility,best-practices,pwa \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --user-data-dir=$work/profile" \
    --output=json --output-path="$report"

python3 - "$report" <<'EOF'
import json, sys
report = json.load(open(sys.argv[1]))
scores = {key: round(c["score"] * 100) for key, c in report["categories"].items()}
installable = report["audits"]["installable-manifest"]["score"] == 1
lcp = report["audits"]["largest-contentful-paint"]["displayValue"]
print("| Lighthouse (mobile) | performance | accessibility | best practices | PWA installable |")
print("|---|---:|---:|---:|---|")
print(f"| residents' app | {scores['performance']} | {scores['accessibility']} | "
      f"{scores['best-practices']} | {'yes' if installable else 'NO'} |")
print(f"largest contentful paint {lcp}; full report: {sys.argv[1]}")
failed = [name for name, ok in [
    ("installable (installable-manifest audit)", installable),
    ("accessibility at least 90", scores["accessibility"] >= 90),
    ("best practices at least 90", scores["best-practices"] >= 90),
] if not ok]
if failed:
    sys.exit("Lighthouse: not " + "; not ".join(failed))
EOF
