#!/usr/bin/env bash
# Minifies the wasm-bindgen JavaScript glue of the web build in DIST (DIST/<crate>-<hash>.js, the
# file index.html's loader imports) with terser, and writes its new SRI hash into index.html in
# place of the one trunk wrote. trunk's own minifier fails on wasm-bindgen 0.2.130's
# `export { initSync, __wbg_init as default }` and ships the glue unminified: 54 KB, 2 KB more
# gzipped than minified (BENCHMARKS.md). Run by scripts/build-web.sh after trunk, before the
# service worker (which hashes the files it precaches) and the precompression.
# Needs terser on PATH (scripts/setup.sh, need_js_minifier).
set -euo pipefail
dist=${1:?usage: minify-glue.sh DIST}
index=$dist/index.html
# The glue is the module index.html's loader imports: `import init, * as bindings from '/x.js'`.
glue=$(grep -o "import init, \* as bindings from '[^']*'" "$index" | sed -E "s|.*'(.*)'|\1|")
[ -n "$glue" ] || { echo "no wasm-bindgen glue imported by $index" >&2; exit 1; }
file=$dist/${glue##*/}
sri() { echo "sha384-$(openssl dgst -sha384 -binary "$1" | base64 -w0)"; }
old=$(sri "$file")
grep -q "integrity=$old " "$index" || { echo "$index has no integrity=$old for $file" >&2; exit 1; }
# An ES module: terser may rename its own top-level names, never its exports (the loader's
# `init` and the `bindings` it keeps) nor the property names the wasm imports by.
terser "$file" --module --compress --mangle -o "$file.min"
mv "$file.min" "$file"
new=$(sri "$file")
sed -i "s|integrity=$old |integrity=$new |" "$index"
echo "minified $(basename "$file"): integrity $new" >&2
