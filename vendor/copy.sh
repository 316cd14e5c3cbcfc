#!/bin/sh
# Copies the pinned browser libraries from vendor/node_modules (npm ci from package-lock.json) into
# static/vendor/<lib>/, each with its licence. Run by `make vendor`; commit what changes.
set -eu
cd "$(dirname "$0")"
NM=node_modules
OUT=../static/vendor
rm -rf "$OUT"
mkdir -p "$OUT/markdown-it" "$OUT/markdown-it-task-lists" "$OUT/markdown-it-texmath" "$OUT/katex/fonts" \
  "$OUT/highlight" "$OUT/dompurify" "$OUT/axe-core"

cp $NM/markdown-it/dist/markdown-it.min.js $NM/markdown-it/LICENSE "$OUT/markdown-it/"
cp $NM/markdown-it-task-lists/dist/markdown-it-task-lists.min.js $NM/markdown-it-task-lists/LICENSE "$OUT/markdown-it-task-lists/"
cp $NM/markdown-it-texmath/texmath.js "$OUT/markdown-it-texmath/"
cp $NM/markdown-it-texmath/license.txt "$OUT/markdown-it-texmath/LICENSE"
cp $NM/katex/dist/katex.min.js $NM/katex/dist/katex.min.css $NM/katex/LICENSE "$OUT/katex/"
cp $NM/katex/dist/fonts/*.woff2 $NM/katex/dist/fonts/*.woff $NM/katex/dist/fonts/*.ttf "$OUT/katex/fonts/"
cp $NM/@highlightjs/cdn-assets/highlight.min.js $NM/@highlightjs/cdn-assets/LICENSE "$OUT/highlight/"
cp $NM/@highlightjs/cdn-assets/styles/github-dark.min.css "$OUT/highlight/"
cp $NM/dompurify/dist/purify.min.js $NM/dompurify/LICENSE "$OUT/dompurify/"
cp $NM/axe-core/axe.min.js $NM/axe-core/LICENSE $NM/axe-core/LICENSE-3RD-PARTY.txt "$OUT/axe-core/"

# What was copied, at which version: static/vendor/VERSIONS.
node -e '
const lock = require("./package-lock.json");
const lines = Object.entries(lock.packages).filter(([k]) => k.split("node_modules/").length === 2)
  .map(([k, v]) => k.replace("node_modules/", "") + " " + v.version + " " + (v.license || ""));
process.stdout.write(lines.join("\n") + "\n");' > "$OUT/VERSIONS"
# Source maps are not shipped: drop the comments that point at them.
sed -i '/^\/\/# sourceMappingURL=/d' "$OUT"/*/*.js
echo "static/vendor refreshed:"; cat "$OUT/VERSIONS"
