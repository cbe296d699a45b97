#!/usr/bin/env bash
# Benchmark: issue 100,000 codes in one API call, and render a slip sheet of 1,000 codes,
# against the release server on a fresh SQLite database. Prints wall-clock seconds.
# Usage: scripts/bench-codes.sh [runs]   (needs target/release/minping: `make build`)
# KEEP_SHEET=path keeps the last slip sheet (for scripts/bench-sheet-render.js).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
port=3190
dir=$(mktemp -d)
export DATABASE_URL="sqlite://$dir/bench.db?mode=rwc" MINPING_DATA_DIR="$dir" MINPING_ADDR="127.0.0.1:$port" RUST_LOG=warn
bin=target/release/minping
"$bin" migrate >/dev/null
printf 'bench password 123' | "$bin" admin create --username bench --password-stdin >/dev/null
"$bin" serve >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; [ -n "${KEEP_SHEET:-}" ] && cp "$dir/sheet.html" "$KEEP_SHEET"; rm -rf "$dir"' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
B="http://127.0.0.1:$port"; J='content-type: application/json'; C="$dir/cookies"
curl -sf -c "$C" -H "$J" -d '{"username":"bench","password":"bench password 123"}' "$B/api/v1/session" >/dev/null
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
