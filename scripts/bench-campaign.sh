#!/usr/bin/env bash
# Benchmark of a campaign (issue 15), against the release server on a fresh SQLite database
# (or PostgreSQL with BENCH_DB=pg):
#  1. a round of 60 units — a body and 5 cadres each, 300 cadres — on the annual two-kind
#     sheet (body 5 items, cadres 6), and 30,000 codes issued through one plan call
#     (60 units × 4 categories × 125), RUNS times (each adds 30,000);
#  2. the plan form's answer for the same 30,000 codes: the cover and 240 unit sheets;
#  3. the server's render of one unit's sheet, a body and 8 cadres × 5–6 items
#     (`GET /v/{code}`, 50 times: median and 95th percentile), and its compressed size.
# Usage: scripts/bench-campaign.sh [runs (3)]   (needs target/release/minping: `make build`)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
source scripts/bench-server.sh
bench_server 3193
round() { python3 scripts/bench-campaign-round.py "$1" "$2"; }
plan_json() {
  python3 -c 'import json; print(json.dumps({"plan": [{"unit": f"u{u:02d}", "category": c, "count": 125} for u in range(60) for c in ["masses", "two_reps_one_member", "subordinate_heads", "service_clients"]]}))'
}
new_round() { curl -sf -b "$C" -H "$J" -d "$1" "$B/api/v1/rounds" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'; }
echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m); database: ${BENCH_DB:-sqlite}"

id=$(new_round "$(round 60 5)")
plan_json > "$dir/plan.json"
for i in $(seq 1 "$runs"); do
  t=$(curl -sf -b "$C" -H "$J" -o "$dir/batches.json" -w '%{time_total}' -d @"$dir/plan.json" "$B/api/v1/rounds/$id/codes/plan")
  n=$(python3 -c "import json; b=json.load(open('$dir/batches.json'))['batches']; print(len(b), sum(len(x['codes']) for x in b))")
  echo "plan of 60 units x 4 categories (API): ${t}s  (batches, codes: $n)"
done
python3 -c 'print("单位编码,类别,份数"); [print(f"u{u:02d},{c},125") for u in range(60) for c in ["masses", "two_reps_one_member", "subordinate_heads", "service_clients"]]' > "$dir/plan.csv"
t=$(curl -sf -b "$C" -o "$dir/sheet.html" -w '%{time_total}' -F "file=@$dir/plan.csv;type=text/csv" "$B/rounds/$id/codes/plan")
echo "plan form, 30000 codes (cover + 240 unit sheets, HTML): ${t}s  ($(grep -o 'data-code' "$dir/sheet.html" | wc -l) slips, $(du -m "$dir/sheet.html" | cut -f1) MiB)"

unit=$(new_round "$(round 1 8)")
code=$(curl -sf -b "$C" -H "$J" -d '{"plan":[{"unit":"u00","category":"masses","count":1}]}' "$B/api/v1/rounds/$unit/codes/plan" | python3 -c 'import json,sys; print(json.load(sys.stdin)["batches"][0]["codes"][0])')
curl -sf -b "$C" -H "$J" -X POST "$B/api/v1/rounds/$unit/open" >/dev/null
sleep 2
for i in $(seq 1 50); do curl -sf -o /dev/null -w '%{time_total}\n' "$B/v/$code"; done > "$dir/times"
python3 - "$dir/times" <<'PY'
import statistics, sys
ts = sorted(float(l) * 1000 for l in open(sys.argv[1]))
print(f"sheet of a body and 8 cadres (GET /v/CODE, 50 runs): median {statistics.median(ts):.1f} ms, p95 {ts[int(len(ts) * 0.95) - 1]:.1f} ms")
PY
html_br=$(curl -sf -H 'accept-encoding: br' -o /dev/null -w '%{size_download}' "$B/v/$code")
html=$(curl -sf -o /dev/null -w '%{size_download}' "$B/v/$code")
css=$(curl -sf -H 'accept-encoding: br' -o /dev/null -w '%{size_download}' "$B/pkg/minping.css")
echo "sheet HTML: $html bytes, $html_br compressed (br); CSS $css compressed"
