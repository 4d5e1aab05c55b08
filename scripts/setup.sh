# Shared by run.sh and test.sh: install what the project needs on a fresh Debian machine,
# skipping whatever is already there. Sourced, not run.

log() { echo "==> $*" >&2; }

# Debian packages, installed only when missing (apt-get update once, and only if needed).
need_apt() {
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing Debian packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" = "0" ] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

need_rust() {
    if ! command -v cargo >/dev/null 2>&1; then
        echo "cargo is not on PATH: install Rust with rustup (stable, 1.95 or newer) first." >&2
        exit 1
    fi
}

need_rust_target() {
    rustup target list --installed 2>/dev/null | grep -qx "$1" || {
        log "adding Rust target $1"
        rustup target add "$1"
    }
}

# The web UI's build tools: trunk 0.21.14 (0.22 needs a newer rustc) and a wasm-bindgen CLI of
# exactly the wasm-bindgen version in Cargo.lock; trunk must find both and download nothing.
need_web_tools() {
    need_rust_target wasm32-unknown-unknown
    local wbg
    wbg=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
    if [ -z "$wbg" ]; then
        echo "wasm-bindgen is not in Cargo.lock" >&2
        exit 1
    fi
    if ! trunk --version 2>/dev/null | grep -q "0.21.14"; then
        log "installing trunk 0.21.14 (debug build: several times faster to build, works the same)"
        cargo install trunk --version 0.21.14 --locked --debug
    fi
    if ! wasm-bindgen --version 2>/dev/null | grep -q " $wbg\$"; then
        log "installing wasm-bindgen-cli $wbg"
        # Not --locked: its lockfile pins a crate version the registry here lacks (SETUP.md).
        cargo install wasm-bindgen-cli --version "$wbg" --debug --force
    fi
    # wasm-opt from binaryen 132 (npm's build runs on Node): Debian's binaryen 108 breaks
    # wasm-bindgen 0.2.130's externref table. Kept outside the repository and put first on PATH,
    # where trunk looks for it (src-ui/Trunk.toml asks for exactly this version, offline).
    need_npm_tool binaryen 132.0.0 wasm-opt "version 132 "
}

# An npm package at exactly VERSION in the tools folder (outside the repository), its commands
# put first on PATH: need_npm_tool PACKAGE VERSION COMMAND TEXT (TEXT is in `COMMAND --version`'s
# answer when the right version is there).
need_npm_tool() {
    local package=$1 version=$2 command=$3 text=$4
    local dir="${PERMITS_TOOLS_DIR:-$HOME/.cache/permit-tools}/$package-$version"
    if ! "$dir/node_modules/.bin/$command" --version 2>/dev/null | grep -qF "$text"; then
        # Debian's nodejs and npm only where no npm is on PATH (a NodeSource nodejs has its own).
        command -v npm >/dev/null 2>&1 || need_apt nodejs npm
        log "installing $command ($package $version from npm) into $dir"
        mkdir -p "$dir"
        npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error \
            "$package@$version"
    fi
    export PATH="$dir/node_modules/.bin:$PATH"
}

# terser 5.51.2 (npm, run on Node), kept beside wasm-opt: it minifies wasm-bindgen's JavaScript
# glue after trunk, whose own minifier fails on wasm-bindgen 0.2.130's
# `export { ..., __wbg_init as default }` and leaves the glue as it is (scripts/build-web.sh).
need_js_minifier() {
    need_npm_tool terser 5.51.2 terser "terser 5.51.2"
}
