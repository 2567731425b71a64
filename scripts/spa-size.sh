#!/usr/bin/env bash
# What the browser downloads for the SPA: raw and gzip-compressed bytes of every file in
# web-ui/dist, the wasm + JS total (goal: under 500 KB gzip) and the total of all files.
# Exits 1 when the wasm + JS goal is exceeded. Build first with web-ui/build.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
dist=web-ui/dist
goal=$((500 * 1024))
[ -f "$dist/index.html" ] || { echo "no $dist/index.html: run web-ui/build.sh first" >&2; exit 1; }

printf '%-44s %10s %10s\n' file raw gzip
code_raw=0 code_gz=0 all_raw=0 all_gz=0
for f in "$dist"/*; do
  [ -f "$f" ] || continue
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  printf '%-44s %10d %10d\n' "$(basename "$f")" "$raw" "$gz"
  all_raw=$((all_raw + raw)) all_gz=$((all_gz + gz))
  case "$f" in
    *.wasm | *.js) code_raw=$((code_raw + raw)) code_gz=$((code_gz + gz)) ;;
  esac
done
printf '%-44s %10d %10d\n' "wasm + JS" "$code_raw" "$code_gz"
printf '%-44s %10d %10d\n' "all files" "$all_raw" "$all_gz"
if [ "$code_gz" -le "$goal" ]; then
  echo "wasm + JS: $((code_gz / 1024)) KB gzip, within the 500 KB goal"
else
  echo "wasm + JS: $((code_gz / 1024)) KB gzip, OVER the 500 KB goal" >&2
  exit 1
fi
