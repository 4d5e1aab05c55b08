#!/usr/bin/env bash
# The desktop app end to end: the real app binary (UI embedded) in a window under Xvfb,
# driven by tauri-driver and WebKitWebDriver, against the real backend, with the session in a
# real Secret Service (gnome-keyring on a private D-Bus session). Installs only what is
# missing. Screenshots land in $CARGO_TARGET_DIR/screenshots/desktop-*.png (target/...).
# Called by scripts/test.sh after the other suites; runnable alone from the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

need_rust
need_apt pkg-config libssl-dev libwebkit2gtk-4.1-dev libgtk-3-dev libayatana-appindicator3-dev \
    librsvg2-dev libdbus-1-dev xvfb webkit2gtk-driver dbus-x11 gnome-keyring imagemagick

if ! command -v tauri-driver >/dev/null 2>&1; then
    log "installing tauri-driver 2.1.0"
    cargo install tauri-driver --version 2.1.0 --locked
fi

# generate_context! embeds src-ui/dist-app (tauri.conf.json's frontendDist: the UI built with
# its Tauri transport, which the web build leaves out) when the app is compiled, and cargo does
# not notice a changed folder: the UI is built first, each run, from these sources. A caller
# that passes its own PERMIT_APP_BINARY (bench-desktop.sh) built that UI into it already.
if [ -z "${PERMIT_APP_BINARY:-}" ]; then
    log "building the app's UI (src-ui/dist-app)"
    bash scripts/build-web.sh app
fi

log "the app binary with the UI embedded (custom-protocol)"
# generate_context! (src-tauri/src/lib.rs) reads dist/ when that file is compiled: touching it
# makes a kept build folder (CI's) embed this run's UI, not an older one.
touch src-tauri/src/lib.rs
cargo build -p permit-app --features custom-protocol
# `--workspace --test NAME` keeps the workspace's feature set, so the build test.sh already
# made is reused (as test-ui.sh and test-app.sh do).
cargo test --workspace --test desktop --no-run

log "desktop end-to-end test (Xvfb, tauri-driver, WebKitWebDriver, gnome-keyring)"
target="${CARGO_TARGET_DIR:-$PWD/target}"
# Only this run's screenshots are listed at the end.
rm -f "$target"/screenshots/desktop-*.png
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
# A fresh XDG_DATA_HOME each run: the keyring and the app's saved data start empty, and
# unlocking an old keyring with another password fails (SETUP.md).
PERMIT_APP_BINARY="${PERMIT_APP_BINARY:-$target/debug/permit-app}" \
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash -c '
    set -euo pipefail
    XDG_DATA_HOME="$(mktemp -d)"
    export XDG_DATA_HOME
    trap "rm -rf \"$XDG_DATA_HOME\"" EXIT
    echo -n test-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    cargo test --workspace --test desktop -- --ignored --nocapture
' 2>&1 | tee "$out"

# A filter that matched nothing would pass with 0 tests: insist the journey ran and passed.
if ! grep -q "^test journey::.* \.\.\. ok$" "$out"; then
    echo "the desktop test did not run and pass" >&2
    exit 1
fi
log "screenshots: $(ls "$target"/screenshots/desktop-*.png | tr '\n' ' ')"
