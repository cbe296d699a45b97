#!/usr/bin/env bash
# Benchmark: the ballot page on a throttled phone network (1.6 Mbps down, 750 kbps up,
# 150 ms round trip), in Chromium on a Pixel 7 viewport, against the release server.
# Prints bytes transferred (compressed) and the time until the form can be tapped:
# with JavaScript off (plain HTML form) and on (hydrated), cold cache each run.
# Usage: scripts/bench-ballot-page.sh [runs]   (needs target/release/minping: `make build`)
# SHEET=unit measures a unit's sheet of the annual two-kind round instead: a body and 8
# cadres × 5–6 items, on two scales (scripts/bench-campaign-round.py).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
source scripts/bench-server.sh
bench_server 3191
# A realistic sheet: 8 targets (4 bodies, 4 cadres) × 5 items.
round=$(python3 - <<'PY'
import json
targets = [{"key": f"b{i}", "name": n, "kind": "body"} for i, n in enumerate(["区教育局领导班子", "区卫生健康局领导班子", "区民政局领导班子", "区住房和城乡建设局领导班子"])]
targets += [{"key": f"c{i}", "name": n, "kind": "cadre", "parent": f"b{i}"} for i, n in enumerate(["张建国", "李秀英", "王志强", "刘海燕"])]
print(json.dumps({"title": "2026 年度领导班子和领导干部民主测评", "categories": [{"key": "masses", "name": "群众代表", "weight": 1}], "targets": targets,
  "items": [{"key": "overall", "title": "总体评价", "overall": True}, {"key": "learning", "title": "学习教育、听取意见"},
            {"key": "criticism", "title": "查摆问题、开展批评"}, {"key": "rectification", "title": "整改落实、建章立制"},
            {"key": "four_winds", "title": "反对“四风”（形式主义、官僚主义、享乐主义、奢靡之风）"}]}, ensure_ascii=False))
PY
)
[ "${SHEET:-}" = unit ] && round=$(python3 scripts/bench-campaign-round.py 1 8)
id=$(curl -sf -b "$C" -H "$J" -d "$round" "$B/api/v1/rounds" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
codes=$(curl -sf -b "$C" -H "$J" -d "{\"category\":\"masses\",\"count\":$((2 * runs + 2))}" "$B/api/v1/rounds/$id/codes" | python3 -c 'import json,sys; print(" ".join(json.load(sys.stdin)["codes"]))')
curl -sf -b "$C" -H "$J" -X POST "$B/api/v1/rounds/$id/open" >/dev/null
sleep 3 # let the server finish precompressing the assets
echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m); network: 1.6 Mbps / 750 kbps / 150 ms RTT"
node scripts/bench-ballot-page.js "$B" "$runs" $codes
