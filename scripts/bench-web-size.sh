#!/usr/bin/env bash
# Builds the release web builds (unless --no-build) and prints one app's size (wasm + js + css,
# the residents' service worker sw.js and web app manifest included), raw and gzipped, as the
# Markdown table recorded in BENCHMARKS.md: the residents' src-ui, or the app named after the
# options (`bench-web-size.sh --no-build src-office`), then the total against the 400 KB gzip
# budget (issues 8, 17, 18, 19). `--check` also exits non-zero when the build is over it.
# scripts/test-ui.sh builds the UIs through this script, so the tests run against exactly what
# is measured.
set -euo pipefail
cd "$(dirname "$0")/.."

build=yes
check=no
while [ $# -gt 0 ]; do
    case $1 in
    --no-build) build=no ;;
    --check) check=yes ;;
    *) break ;;
    esac
    shift
done
budget=400000
app=${1:-src-ui}
if [ "$build" = yes ]; then
    bash scripts/build-web.sh >&2
fi

dist=$app/dist
total_raw=0
total_gz=0
printf '| file | raw bytes | gzip -9 bytes |\n|---|---:|---:|\n'
for ext in wasm js css webmanifest; do
    for file in "$dist"/*."$ext"; do
        [ -e "$file" ] || continue
        raw=$(stat -c %s "$file")
        gz=$(gzip -9 -c "$file" | wc -c)
        total_raw=$((total_raw + raw))
        total_gz=$((total_gz + gz))
        printf '| %s | %d | %d |\n' "$(basename "$file" | sed -E 's/-[0-9a-f]{8,}(_bg)?\./\1./')" "$raw" "$gz"
    done
done
awk -v raw="$total_raw" -v gz="$total_gz" \
    'BEGIN { printf "| **total** | **%d** (%.0f KiB) | **%d** (%.0f KiB) |\n", raw, raw / 1024, gz, gz / 1024 }'
if [ "$total_gz" -le "$budget" ]; then
    echo "$app: $total_gz bytes gzip, under the $budget-byte budget by $((budget - total_gz))"
else
    echo "$app: $total_gz bytes gzip, OVER the $budget-byte budget by $((total_gz - budget))"
    [ "$check" = no ] || exit 1
fi
