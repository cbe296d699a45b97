#!/usr/bin/env bash
# Benchmark: results of a round of N ballots (default 1,000,000) × 50 targets × 6 items on
# SQLite (or PostgreSQL with BENCH_DB=pg), release build. The ballots are written straight into the database (the write
# path has its own benchmark); `minping recount --repair` then rebuilds the running
# tallies from them, which is the full recount being timed. Then the results API, the
# results page (all charts), the XLSX export, the indicators of coached voting and the
# Word report are timed with curl.
# Usage: scripts/bench-results.sh [ballots] [runs]   (needs target/release/minping: `make build`)
# SHAPE=campaign: a campaign instead — 60 units of a body and 5 cadres (360 targets) on the
# annual two-kind sheet (scripts/bench-campaign-round.py), each ballot scoped to one unit.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
runs=${2:-5}
source scripts/bench-server.sh
bench_server 3192
round=$(python3 - <<'PY'
import json
targets = [{"key": f"b{i}", "name": f"第{i+1}单位领导班子", "kind": "body"} for i in range(25)]
targets += [{"key": f"c{i}", "name": f"干部{i+1:02d}", "kind": "cadre", "parent": f"b{i}"} for i in range(25)]
items = [{"key": "overall", "title": "总体评价", "overall": True}] + [{"key": f"i{k}", "title": f"测评项目{k}"} for k in range(1, 6)]
cats = [{"key": k, "name": n, "weight": w} for k, n, w in [("masses", "群众代表", 4), ("two_reps_one_member", "两代表一委员", 3), ("subordinate_heads", "下属单位负责人", 2), ("service_clients", "服务对象", 1)]]
print(json.dumps({"title": "百万票测评", "categories": cats, "items": items, "targets": targets}, ensure_ascii=False))
PY
)
[ "${SHAPE:-}" = campaign ] && round=$(python3 scripts/bench-campaign-round.py 60 5)
id=$(curl -sf -b "$C" -H "$J" -d "$round" "$B/api/v1/rounds" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
curl -sf -b "$C" -H "$J" -d '{"category":"masses","count":1000}' "$B/api/v1/rounds/$id/codes" >/dev/null
curl -sf -b "$C" -H "$J" -X POST "$B/api/v1/rounds/$id/open" >/dev/null
curl -sf -b "$C" -H "$J" -X POST "$B/api/v1/rounds/$id/close" >/dev/null
shape="50 targets × 6 items"; [ "${SHAPE:-}" = campaign ] && shape="60 units × (1 body + 5 cadres), 5 + 6 items, unit-scoped ballots"
echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m); $n ballots, $shape"
t0=$(date +%s.%N)
gen=$(cat <<'PY'
import random, sys
# Prints n ballots as CSV rows: id, round_id, category_id, scope (empty: NULL), answers.
rid, n, cats = int(sys.argv[1]), int(sys.argv[2]), [int(c) for c in sys.argv[3].split(",")]
rng = random.Random(1)
# Slot symbols: 0 satisfied, 1 basically, 2 dissatisfied, 3 don't know, . blank (overall never blank)
pool = ["".join(rng.choice("0000111223") if s % 6 == 0 else rng.choice("000011122.") for s in range(300)) for _ in range(5000)]
out = sys.stdout
for i in range(n):
    out.write(f"{rng.getrandbits(62)},{rid},{cats[i % 10 % 4]},,{pool[rng.randrange(5000)]}\n")
PY
)
# The campaign's ballots: each scoped to one unit (its keys as codes store them), its
# answers the unit's 6 targets × 11 items, each target only on its kind's items.
[ "${SHAPE:-}" = campaign ] && gen=$(cat <<'PY'
import json, random, sys
rid, n, cats = int(sys.argv[1]), int(sys.argv[2]), [int(c) for c in sys.argv[3].split(",")]
rng = random.Random(1)
def sheet():
    out = []
    for t in range(6):
        for i in range(11):
            body_item = i < 5
            if (t == 0) != body_item:
                out.append(".")
            elif i in (0, 5):
                out.append(rng.choice("0000111224"))
            else:
                out.append(rng.choice("000011122."))
    return "".join(out)
pool = [sheet() for _ in range(5000)]
scopes = [json.dumps([f"u{u:02d}"] + [f"u{u:02d}-{c:02d}" for c in range(5)], separators=(",", ":")) for u in range(60)]
out = sys.stdout
for i in range(n):
    scope = scopes[rng.randrange(60)].replace('"', '""')
    out.write(f'{rng.getrandbits(62)},{rid},{cats[i % 10 % 4]},"{scope}",{pool[rng.randrange(5000)]}\n')
PY
)
if [ -n "$PG" ]; then
  cats=$($PG -Atc "SELECT string_agg(id::text, ',' ORDER BY position) FROM round_categories WHERE round_id = $id")
  python3 -c "$gen" "$id" "$n" "$cats" | $PG -c "COPY ballots (id, round_id, category_id, scope, answers) FROM STDIN WITH (FORMAT csv)"
  $PG -c "ANALYZE ballots" >/dev/null
else
  cats=$(python3 -c "import sqlite3,sys; print(','.join(str(r[0]) for r in sqlite3.connect(sys.argv[1]).execute('SELECT id FROM round_categories WHERE round_id = ? ORDER BY position', (int(sys.argv[2]),))))" "$dir/bench.db" "$id")
  python3 -c "$gen" "$id" "$n" "$cats" | python3 -c "
import csv, sqlite3, sys
con = sqlite3.connect(sys.argv[1]); con.execute('PRAGMA journal_mode=WAL')
rows = ((int(r[0]), int(r[1]), int(r[2]), r[3] or None, r[4], None) for r in csv.reader(sys.stdin))
con.executemany('INSERT INTO ballots (id, round_id, category_id, scope, answers, opinion) VALUES (?, ?, ?, ?, ?, ?)', rows)
con.commit()" "$dir/bench.db"
fi
t1=$(date +%s.%N)
echo "wrote $n ballots straight into the database (${BENCH_DB:-sqlite}): $(python3 -c "print(round($t1-$t0,1))") s"
for i in $(seq 1 "$runs"); do
  /usr/bin/time -f "recount of $n ballots (minping recount --repair, whole process): %e s, max RSS %M KB" "$bin" recount --round "$id" --repair >/dev/null
done
for i in $(seq 1 "$runs"); do
  curl -sf -b "$C" -o /dev/null -w "results API: %{time_total} s (%{size_download} bytes)\n" "$B/api/v1/rounds/$id/results"
done
for i in $(seq 1 "$runs"); do
  curl -sf -b "$C" -o /dev/null -w "results page with charts: %{time_total} s (%{size_download} bytes)\n" "$B/rounds/$id/results"
done
for i in $(seq 1 "$runs"); do
  curl -sf -b "$C" -o /dev/null -w "results.xlsx: %{time_total} s (%{size_download} bytes)\n" "$B/api/v1/rounds/$id/results.xlsx"
done
for i in $(seq 1 "$runs"); do
  curl -sf -b "$C" -o /dev/null -w "indicators API (one pass over every ballot): %{time_total} s (%{size_download} bytes)\n" "$B/api/v1/rounds/$id/indicators"
done
for i in $(seq 1 "$runs"); do
  curl -sf -b "$C" -o "$dir/report.docx" -w "report.docx (every section, every chart as PNG): %{time_total} s (%{size_download} bytes)\n" "$B/api/v1/rounds/$id/report.docx"
done
for key in bars heatmap bars_cadre heatmap_cadre categories turnout; do
  curl -s -b "$C" -o /dev/null -w "chart $key.png (2x): %{time_total} s (%{size_download} bytes, HTTP %{http_code})\n" "$B/api/v1/rounds/$id/charts/$key.png"
done
