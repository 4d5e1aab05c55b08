#!/usr/bin/env bash
# Builds the release web UI into src-ui/dist (what the server serves at / and what the browser
# tests and the size benchmark use). Installs trunk, wasm-bindgen-cli and wasm-opt when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

need_rust
need_web_tools
# Size over speed for the wasm only (these variables reach this one cargo run): 35% smaller
# than the workspace's release profile. trunk then runs binaryen 132's wasm-opt -Os
# (src-ui/index.html, Trunk.toml), which also drops the names section: 1.4 MB of the wasm.
log "release web build (trunk, offline)"
cd src-ui
CARGO_PROFILE_RELEASE_OPT_LEVEL=z CARGO_PROFILE_RELEASE_LTO=true \
    CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 trunk build --release --offline
