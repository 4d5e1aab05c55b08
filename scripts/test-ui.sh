#!/usr/bin/env bash
# The web UI's checks: installs only what is missing (Chromium and chromedriver here; trunk
# and wasm-bindgen-cli through scripts/build-web.sh), builds the release web build, then runs
# the browser end-to-end tests against the real backend. Screenshots land in $CARGO_TARGET_DIR/screenshots (target/screenshots).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

need_rust
need_apt ca-certificates pkg-config chromium chromium-driver

log "release web build (trunk, offline) and its size"
bash scripts/bench-web-size.sh

log "browser end-to-end tests (headless Chromium)"
# The browser tests are #[ignore]d in a plain `cargo test` (they need all of the above).
cargo test --workspace --test browser -- --ignored --test-threads=2
