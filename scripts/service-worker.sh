#!/usr/bin/env bash
# Writes DIST/sw.js, the residents' service worker (src-ui/sw.js), for the build in DIST: the
# build's version (a hash of every shell file's content) and the list of files it precaches,
# by the hashed names trunk just emitted. Run by scripts/build-web.sh after trunk, before the
# precompression; the worker is counted in the size budget (scripts/bench-web-size.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
dist=${1:-src-ui/dist}

shell=()
for file in "$dist"/index.html "$dist"/*.js "$dist"/*.wasm "$dist"/*.css \
    "$dist"/manifest.webmanifest "$dist"/*.png; do
    [ -e "$file" ] || continue
    name=$(basename "$file")
    [ "$name" = sw.js ] && continue
    shell+=("$name")
done
[ ${#shell[@]} -gt 0 ] || { echo "no web build in $dist" >&2; exit 1; }

version=$(cd "$dist" && sha256sum "${shell[@]}" | sha256sum | cut -c1-16)
list=$(printf '"/%s",' "${shell[@]}")
list="[${list%,}]"
# The source's comments (whole lines) and indentation are left out of what browsers download:
# 1,225 bytes gzipped with them, about 650 without (BENCHMARKS.md). sw.js has no template
# strings or line comments after code, so no line's meaning depends on either.
sed -e "s|__PERMITS_BUILD__|$version|" -e "s|__PERMITS_SHELL__|$list|" \
    -e '/^[[:space:]]*\/\//d' -e 's/^[[:space:]]*//' src-ui/sw.js >"$dist/sw.js"
echo "service worker for build $version: ${#shell[@]} files precached" >&2
