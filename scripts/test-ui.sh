#!/usr/bin/env bash
# The web UI's checks: installs only what is missing (Chromium, chromedriver, binaryen, the
# wasm32 target, trunk 0.21.14, and wasm-bindgen-cli at the Cargo.lock version), builds the
# release web build with trunk (offline), then runs the browser end-to-end tests against the
# real backend. Screenshots land in $CARGO_TARGET_DIR/screenshots (target/screenshots).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

need_rust
need_apt ca-certificates pkg-config chromium chromium-driver binaryen
need_rust_target wasm32-unknown-unknown

# The wasm-bindgen CLI must be the very version of the wasm-bindgen crate the UI links.
wasm_bindgen_version() {
    awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}
WBG="$(wasm_bindgen_version)"
if [ -z "$WBG" ]; then
    echo "wasm-bindgen is not in Cargo.lock" >&2
    exit 1
fi

if ! trunk --version 2>/dev/null | grep -q "0.21.14"; then
    log "installing trunk 0.21.14 (debug build: several times faster to build, works the same)"
    cargo install trunk --version 0.21.14 --locked --debug
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WBG\$"; then
    log "installing wasm-bindgen-cli $WBG"
    # Not --locked: its lockfile pins a crate version the registry here lacks (SETUP.md).
    cargo install wasm-bindgen-cli --version "$WBG" --debug --force
fi

log "release web build (trunk, offline) and its size"
bash scripts/bench-web-size.sh

log "browser end-to-end tests (headless Chromium)"
# The browser tests are #[ignore]d in a plain `cargo test` (they need all of the above).
cargo test --locked -p permit-e2e-browser -- --ignored --test-threads=2
