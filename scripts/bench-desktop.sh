#!/usr/bin/env bash
# The desktop app's numbers for BENCHMARKS.md: the release binary's size, and the cold start
# from launch to the cached stays on screen while the backend is down, measured through the
# WebDriver session of the desktop test (scripts/test-desktop.sh) run on the release binary.
set -euo pipefail
cd "$(dirname "$0")/.."

target="${CARGO_TARGET_DIR:-$PWD/target}"
binary="$target/release/permit-app"
# What `cargo tauri build` compiles (scripts/package-desktop.sh), without the bundling. The UI
# (src-ui/dist-app, built here first) is embedded at compile time and cargo does not see a new
# one: touching the app's source makes it embed the current one.
bash scripts/build-web.sh app >&2
echo "==> release build of the app (UI embedded)" >&2
touch src-tauri/src/lib.rs
cargo build --release -p permit-app --features custom-protocol >&2

out="$(mktemp)"
trap 'rm -f "$out"' EXIT
PERMIT_APP_BINARY="$binary" bash scripts/test-desktop.sh >"$out" 2>&1 || {
    tail -n 40 "$out" >&2
    exit 1
}
# The test prints "desktop-cold-start: menu N ms, cached stays M ms (...)".
line="$(grep -o 'desktop-cold-start: .*' "$out" | head -n 1)"
menu="$(echo "$line" | sed -E 's/.*menu ([0-9]+) ms.*/\1/')"
stays="$(echo "$line" | sed -E 's/.*cached stays ([0-9]+) ms.*/\1/')"

echo "- Date: $(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD)."
echo "- Command: \`bash scripts/bench-desktop.sh\`"
echo "- Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), load average $(cut -d' ' -f1-3 /proc/loadavg), $(rustc --version)."
echo
echo "| measure | value |"
echo "|---|---:|"
echo "| release binary (\`$(basename "$binary")\`, UI embedded) | $(stat -c %s "$binary") bytes ($(awk -v b="$(stat -c %s "$binary")" 'BEGIN { printf "%.1f", b / 1048576 }') MiB) |"
echo "| cold start to the menu, from saved data (backend down) | $menu ms |"
echo "| cold start to the cached stays on screen (one click from the menu) | $stays ms |"
