#!/usr/bin/env bash
# Builds the release web builds (unless --no-build) and prints one app's size (wasm + js + css,
# the residents' service worker sw.js and web app manifest included), raw, `gzip -9` and as the
# precompressed .gz copy the server sends a browser that takes gzip (build-web.sh writes it with
# zopfli), as the Markdown table recorded in BENCHMARKS.md: the residents' src-ui, or the app
# named after the options (`bench-web-size.sh --no-build src-office`), then the served gzip total
# against the 400 KB gzip budget (issues 8, 17, 18, 19), and the `gzip -9` total beside it.
# `--check` also exits non-zero when the build is over it.
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
if ! compgen -G "$dist/*.wasm" >/dev/null; then
    echo "no web build in $dist (build it with scripts/build-web.sh $app)" >&2
    exit 1
fi
total_raw=0
total_gz9=0
total_served=0
missing=0
printf '| file | raw bytes | gzip -9 bytes | served .gz bytes (zopfli) |\n|---|---:|---:|---:|\n'
for ext in wasm js css webmanifest; do
    for file in "$dist"/*."$ext"; do
        [ -e "$file" ] || continue
        raw=$(stat -c %s "$file")
        gz9=$(gzip -9 -c "$file" | wc -c)
        # What the server sends for Accept-Encoding: gzip. Without a copy (a build made another
        # way) the server would compress nothing: counted at gzip -9 and said so.
        if [ -f "$file.gz" ]; then
            served=$(stat -c %s "$file.gz")
        else
            served=$gz9
            missing=$((missing + 1))
        fi
        total_raw=$((total_raw + raw))
        total_gz9=$((total_gz9 + gz9))
        total_served=$((total_served + served))
        printf '| %s | %d | %d | %d |\n' "$(basename "$file" | sed -E 's/-[0-9a-f]{8,}(_bg)?\./\1./')" \
            "$raw" "$gz9" "$served"
    done
done
awk -v raw="$total_raw" -v gz9="$total_gz9" -v served="$total_served" \
    'BEGIN { printf "| **total** | **%d** (%.0f KiB) | **%d** (%.0f KiB) | **%d** (%.0f KiB) |\n", raw, raw / 1024, gz9, gz9 / 1024, served, served / 1024 }'
[ "$missing" = 0 ] || echo "($missing files have no .gz copy in $dist: counted at gzip -9)"
if [ "$total_served" -le "$budget" ]; then
    echo "$app: $total_served bytes gzip as served ($total_gz9 at gzip -9), under the $budget-byte budget by $((budget - total_served))"
else
    echo "$app: $total_served bytes gzip as served ($total_gz9 at gzip -9), OVER the $budget-byte budget by $((total_served - budget))"
    [ "$check" = no ] || exit 1
fi
