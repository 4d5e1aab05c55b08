#!/usr/bin/env bash
# Builds the release web apps: the residents' UI into src-ui/dist (served at /) and the
# council's back office into src-office/dist (served at /office/), what the browser tests and
# the size benchmark use. `build-web.sh src-ui` (or `src-office`) builds only that one.
# `build-web.sh app` builds the residents' UI the Tauri app embeds (tauri.conf.json's
# frontendDist): the same sources with permit-ui's `app` feature (the Tauri transport, which
# the web build leaves out), into src-ui/dist-app, with no service worker and no
# precompressed copies (Tauri compresses what it embeds; the app never registers a worker).
# Installs trunk, wasm-bindgen-cli and wasm-opt when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

need_rust
need_web_tools
need_js_minifier
# brotli and gzip copies of each asset, which the server sends to browsers that accept them;
# the gzip copies are written by zopfli (below).
need_apt brotli zopfli
# Size over speed for the wasm only (these variables reach this one cargo run): 35% smaller
# than the workspace's release profile. trunk then runs binaryen 132's wasm-opt -Os
# (src-ui/index.html, Trunk.toml), which also drops the names section: 1.4 MB of the wasm.
# `--cfg erase_components` (Leptos 0.8's own switch) type-erases each component's view instead
# of building one nested generic type per page: 39 KB less gzipped wasm (BENCHMARKS.md). With
# --target (which trunk passes) RUSTFLAGS reaches only the wasm, not build scripts or macros.
# Panic locations name their source files, and a dependency's path is this machine's cargo
# registry folder (/root/.cargo/registry/src/index.crates.io-<hash>/...): written relative to
# it, the wasm is smaller and the same on every machine.
remap=""
for registry in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/; do
    [ -d "$registry" ] && remap="$remap --remap-path-prefix=$registry="
done
apps=("$@")
[ ${#apps[@]} -gt 0 ] || apps=(src-ui src-office)
root=$PWD
for app in "${apps[@]}"; do
    dir=$app
    trunk_args=()
    if [ "$app" = app ]; then
        dir=src-ui
        trunk_args=(--features app --dist dist-app)
    fi
    log "release web build of $app (trunk, offline)"
    cd "$root/$dir"
    RUSTFLAGS="${RUSTFLAGS:-} --cfg erase_components$remap" \
        CARGO_PROFILE_RELEASE_OPT_LEVEL=z CARGO_PROFILE_RELEASE_LTO=true \
        CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 trunk build --release --offline "${trunk_args[@]}"
    cd "$root"
    [ "$app" != app ] || continue
    # The residents' app is installable and opens offline (issue 19): its service worker
    # precaches exactly the files this build just emitted, under this build's version, so the
    # glue is minified (and index.html's hash of it rewritten) first. The back office, under its
    # budget, still ships trunk's glue as it is.
    if [ "$app" = src-ui ]; then
        bash scripts/minify-glue.sh src-ui/dist
        bash scripts/service-worker.sh src-ui/dist
    fi
    cd "$root/$app"

    # Precompressed copies beside each asset (the server picks one by Accept-Encoding): a phone on
    # a slow connection downloads about a quarter of the bytes. Highest settings: it runs once per
    # build, not per request. The .gz copies come from zopfli, a slower deflate encoder whose
    # output any gzip reader takes: 4.6% smaller than `gzip -9` on the wasm (BENCHMARKS.md), a
    # few seconds per build. Its header has no name and no time, so builds stay byte-identical.
    log "precompressing $app's build (brotli, gzip by zopfli)"
    find dist -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' \
        -o -name '*.json' -o -name '*.svg' -o -name '*.webmanifest' \) -print0 |
        while IFS= read -r -d '' file; do
            zopfli --gzip -c "$file" >"$file.gz"
            brotli -q 11 -k -f "$file"
        done
done
