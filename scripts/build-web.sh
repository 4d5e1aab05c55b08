#!/usr/bin/env bash
# Builds the release web UI into src-ui/dist (what the server serves at / and what the browser
# tests and the size benchmark use). Installs trunk and wasm-bindgen-cli when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

need_rust
need_web_tools
# Size over speed for the wasm only (these variables reach this one cargo run): 35% smaller
# than the workspace's release profile. trunk's wasm-opt stays off (src-ui/index.html):
# Debian's binaryen 108 breaks wasm-bindgen 0.2.130's externref table.
log "release web build (trunk, offline)"
cd src-ui
CARGO_PROFILE_RELEASE_OPT_LEVEL=z CARGO_PROFILE_RELEASE_LTO=true \
    CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 trunk build --release --offline
