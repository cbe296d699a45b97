#!/usr/bin/env bash
# Benchmark (issue 16): a hall of phones opening their sheets at once — `GET /v/<code>` of
# a unit's sheet (a body and 8 cadres on the annual two-scale sheet, 5–6 items) with wrk
# at 32 connections, brotli-compressed (as phones ask) and plain, and in large text
# (the cookie a phone keeps). Runs each binary given in turn on a fresh SQLite database,
# so a before/after is one command:
#   scripts/bench-hall.sh SECS BIN...   e.g. scripts/bench-hall.sh 20 /tmp/baseline-target/release/minping target/release/minping
# wrk comes from Debian's package (installed here when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}
shift || true
bins=("$@")
[ ${#bins[@]} -gt 0 ] || bins=(target/release/minping)
command -v wrk >/dev/null || { echo "installing wrk (Debian package)"; apt-get install -y -qq wrk >/dev/null; }
echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo); wrk -t2 -c32 -d${secs}s on the same cores"
printf '%-44s %12s %12s %12s %10s\n' binary "br pages/s" "plain /s" "br+large /s" "br bytes"
for b in "${bins[@]}"; do
  (
    BENCH_BIN=$b
    source scripts/bench-server.sh
    bench_server 3193
    id=$(curl -sf -b "$C" -H "$J" -d "$(python3 scripts/bench-campaign-round.py 1 8)" "$B/api/v1/rounds" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
    code=$(curl -sf -b "$C" -H "$J" -d '{"plan":[{"unit":"u00","category":"masses","count":1}]}' "$B/api/v1/rounds/$id/codes/plan" | python3 -c 'import json,sys; print(json.load(sys.stdin)["batches"][0]["codes"][0])')
    curl -sf -b "$C" -H "$J" -X POST "$B/api/v1/rounds/$id/open" >/dev/null
    url="$B/v/$code"
    bytes=$(curl -sf -H 'accept-encoding: br' -o /dev/null -w '%{size_download}' "$url")
    rate() { wrk -t2 -c32 -d"${secs}s" "$@" "$url" | awk '/Requests\/sec/{printf "%.0f", $2}'; }
    wrk -t2 -c32 -d3s -H 'Accept-Encoding: br' "$url" >/dev/null # warm up
    br=$(rate -H 'Accept-Encoding: br')
    plain=$(rate)
    large=$(rate -H 'Accept-Encoding: br' -H 'Cookie: minping_text=large')
    printf '%-44s %12s %12s %12s %10s\n' "$b" "$br" "$plain" "$large" "$bytes"
  )
done
