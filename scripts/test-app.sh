#!/usr/bin/env bash
# The resident app's tests that need the OS: the session in a real Secret Service
# (gnome-keyring on a private D-Bus session) and in the kernel keyutils session keyring, plus
# the app crates' own tests and the Android `cargo check`. Installs what it needs first.
# Called by scripts/test.sh; runnable alone from the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

need_rust
need_apt pkg-config libssl-dev libwebkit2gtk-4.1-dev libgtk-3-dev libayatana-appindicator3-dev \
    librsvg2-dev gnome-keyring dbus-x11 libdbus-1-dev keyutils \
    clang llvm libc6-dev-arm64-cross mingw-w64-x86-64-dev
need_rust_target aarch64-linux-android
need_rust_target x86_64-pc-windows-gnu

# The app's mock-keyring and Tauri mock-runtime tests run in test.sh's `cargo test --workspace`.
# `--workspace --test NAME` picks one test target while keeping the workspace's feature set,
# so nothing already built is compiled again.
if [ "${1:-}" = "--all" ]; then
    log "app core and Tauri commands (mock keyring, real backend on port 0)"
    cargo test -p permit-app-core -p permit-app
fi

log "session in the kernel keyutils keyring (no D-Bus: the app's fallback)"
keyctl session - env -u DBUS_SESSION_BUS_ADDRESS -u DISPLAY \
    cargo test --workspace --test os_keyring -- --ignored keyutils::

log "session in the Secret Service (gnome-keyring on a private D-Bus session)"
# A fresh XDG_DATA_HOME each run: unlocking an old keyring with another password fails.
dbus-run-session -- bash -c '
    set -euo pipefail
    XDG_DATA_HOME="$(mktemp -d)"
    export XDG_DATA_HOME
    trap "rm -rf \"$XDG_DATA_HOME\"" EXIT
    echo -n test-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    cargo test --workspace --test os_keyring -- --ignored secret_service::
'

log "mobile readiness: cargo check for aarch64-linux-android (linking needs the NDK)"
# Check only, nothing is linked. ring (TLS, via reqwest) compiles some C in its build script;
# without the NDK, clang targets Android with Debian's aarch64 C headers standing in for
# bionic's. The Rust code, Android keyring store and Tauri mobile entry point are checked.
CC_aarch64_linux_android=clang \
AR_aarch64_linux_android=llvm-ar \
CFLAGS_aarch64_linux_android="--target=aarch64-linux-android24 -isystem /usr/aarch64-linux-gnu/include" \
    cargo check --target aarch64-linux-android -p permit-app -p permit-app-core -p permit-rules

log "mobile readiness: cargo check for aarch64-apple-ios, as far as it goes here"
# The iOS standard library comes from rustup's own server, which is out of reach on some
# machines: try for a minute, and skip (never fail) without it. Even with it, only the pure
# crates are checked: ring's C (TLS, for permit-app-core and the app) needs Apple's SDK
# headers, which only a Mac with Xcode has (src-tauri/README.md, Mobile).
if rustup target list --installed 2>/dev/null | grep -qx aarch64-apple-ios ||
    timeout 60 rustup target add aarch64-apple-ios >/dev/null 2>&1; then
    cargo check --target aarch64-apple-ios -p permit-rules -p permit-api-types
else
    log "SKIPPED the iOS check: the aarch64-apple-ios target could not be installed here (no network to rustup's server); on a Mac: rustup target add aarch64-apple-ios"
fi

log "Windows keyring path: cargo check of permit-app-core for x86_64-pc-windows-gnu"
# Same stand-in as above with MinGW's headers; only the app core (the Tauri crate's Windows
# build needs a resource compiler). macOS/iOS are not checked: ring needs Apple's SDK headers.
CC_x86_64_pc_windows_gnu=clang \
AR_x86_64_pc_windows_gnu=llvm-ar \
CFLAGS_x86_64_pc_windows_gnu="--target=x86_64-w64-windows-gnu -isystem /usr/x86_64-w64-mingw32/include" \
    cargo check --target x86_64-pc-windows-gnu -p permit-app-core
