#!/usr/bin/env bash
# Benchmark: issue 100,000 codes in one API call, and render a slip sheet of 1,000 codes,
# against the release server on a fresh SQLite database. Prints wall-clock seconds.
# Usage: scripts/bench-codes.sh [runs]   (needs target/release/minping: `make build`)
# KEEP_SHEET=path keeps the last slip sheet (for scripts/bench-sheet-render.js).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
source scripts/bench-server.sh
bench_server 3190
trap 'kill $pid 2>/dev/null; [ -n "${KEEP_SHEET:-}" ] && cp "$dir/sheet.html" "$KEEP_SHEET"; rm -rf "$dir"' EXIT
round='{"title":"bench","categories":[{"key":"masses","name":"群众代表","weight":1}],
  "items":[{"key":"overall","title":"总体评价","overall":true}],
  "targets":[{"key":"a","name":"甲","kind":"body"}]}'
id=$(curl -sf -b "$C" -H "$J" -d "$round" "$B/api/v1/rounds" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m)"
for i in $(seq 1 "$runs"); do
  t=$(curl -sf -b "$C" -H "$J" -o "$dir/codes.json" -w '%{time_total}' -d '{"category":"masses","count":100000}' "$B/api/v1/rounds/$id/codes")
  n=$(python3 -c "import json; print(len(json.load(open('$dir/codes.json'))['codes']))")
  echo "issue 100000 codes (API): ${t}s  ($n codes returned)"
done
for i in $(seq 1 "$runs"); do
  t=$(curl -sf -b "$C" -o "$dir/sheet.html" -w '%{time_total}' --data 'category=masses&count=1000' "$B/rounds/$id/codes")
  echo "slip sheet of 1000 codes (HTML with QR codes): ${t}s  ($(grep -o 'data-code' "$dir/sheet.html" | wc -l) slips, $(du -k "$dir/sheet.html" | cut -f1) KiB)"
done
