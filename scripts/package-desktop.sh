#!/usr/bin/env bash
# The installable desktop app: the release binary and a .deb, built by the Tauri CLI from the
# root tauri.conf.json (product name, identifier and icons from assets/icons). Long: tauri-cli
# takes minutes to install and the release build of the whole app more;
# not part of the test suite. Prints where the .deb is.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

need_rust
need_apt pkg-config libssl-dev libwebkit2gtk-4.1-dev libgtk-3-dev libayatana-appindicator3-dev \
    librsvg2-dev

if ! cargo tauri --version >/dev/null 2>&1; then
    log "installing tauri-cli (debug build: several times faster to build, packages the same)"
    # In a folder of its own (not CARGO_TARGET_DIR): it would hold that folder's build lock.
    env -u CARGO_TARGET_DIR cargo install tauri-cli --version "^2" --locked --debug
fi

# generate_context! embeds src-ui/dist-app at compile time (the UI with its Tauri transport):
# built first, from these sources.
log "building the app's UI (src-ui/dist-app)"
bash scripts/build-web.sh app

log "release build and .deb (cargo tauri build)"
# The CLI wants the app crate's folder; the config is the root file it links to.
TAURI_APP_PATH=src-tauri cargo tauri build --ci

target="${CARGO_TARGET_DIR:-target}"
deb="$(ls -t "$target"/release/bundle/deb/*.deb 2>/dev/null | head -n 1 || true)"
if [ -z "$deb" ]; then
    echo "no .deb under $target/release/bundle/deb" >&2
    exit 1
fi
log "release binary: $target/release/permit-app ($(stat -c %s "$target/release/permit-app") bytes)"
log "package: $deb"
dpkg-deb --info "$deb" | sed -n '/Package:/,/Description:/p'
