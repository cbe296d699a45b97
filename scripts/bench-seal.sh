#!/usr/bin/env bash
# Benchmark: sealing a closed round of N ballots (default 1,000,000) — anonymity rule 8,
# `app/src/ssr/seal.rs` — on SQLite, or on PostgreSQL with BENCH_DB=pg; release build.
# The round (50 targets × 6 items, 4 categories) gets N ballots, N used codes and N
# receipts written straight into the database, its running tallies rebuilt by
# `minping recount --repair`; then the server is stopped, the round marked closed, and
# `minping seal --round ID` is timed as a whole process (it prints its three steps).
# Usage: scripts/bench-seal.sh [ballots]   (needs target/release/minping: `make build`)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
source scripts/bench-server.sh
bench_server 3193
round=$(python3 - <<'PY'
import json
targets = [{"key": f"b{i}", "name": f"第{i+1}单位领导班子", "kind": "body"} for i in range(25)]
targets += [{"key": f"c{i}", "name": f"干部{i+1:02d}", "kind": "cadre", "parent": f"b{i}"} for i in range(25)]
items = [{"key": "overall", "title": "总体评价", "overall": True}] + [{"key": f"i{k}", "title": f"测评项目{k}"} for k in range(1, 6)]
cats = [{"key": k, "name": n} for k, n in [("masses", "群众代表"), ("two_reps_one_member", "两代表一委员"), ("subordinate_heads", "下属单位负责人"), ("service_clients", "服务对象")]]
print(json.dumps({"title": "百万票封存", "categories": cats, "items": items, "targets": targets}, ensure_ascii=False))
PY
)
id=$(curl -sf -b "$C" -H "$J" -d "$round" "$B/api/v1/rounds" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
curl -sf -b "$C" -H "$J" -d '{"category":"masses","count":10}' "$B/api/v1/rounds/$id/codes" >/dev/null
curl -sf -b "$C" -H "$J" -X POST "$B/api/v1/rounds/$id/open" >/dev/null
kill "$pid"; wait "$pid" 2>/dev/null || true
echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m); $n ballots, $n used codes, $n receipts (${BENCH_DB:-sqlite})"
gen=$(cat <<'PY'
import random, sys
# Rows of one table as CSV: ballots (id, round, category, answers, opinion 1 in 10),
# codes (id, round, category, hash, 'used', batch), receipts (id, round).
table, rid, n, cats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), [int(c) for c in sys.argv[4].split(",")]
rng = random.Random(table)
out = sys.stdout
if table == "ballots":
    pool = ["".join(rng.choice("0000111223") if s % 6 == 0 else rng.choice("000011122.") for s in range(300)) for _ in range(5000)]
    for i in range(n):
        opinion = f"意见建议第{i}条：希望进一步改进工作作风。" if i % 10 == 0 else ""
        out.write(f"{rng.getrandbits(62)},{rid},{cats[i % 4]},{pool[rng.randrange(5000)]},{opinion}\n")
elif table == "codes":
    for i in range(n):
        out.write(f"{1000 + i},{rid},{cats[i % 4]},{rng.getrandbits(256):064x},used,2\n")
else:
    for i in range(n):
        out.write(f"{rng.getrandbits(50)},{rid}\n")
PY
)
t0=$(date +%s.%N)
if [ -n "$PG" ]; then
  cats=$($PG -Atc "SELECT string_agg(id::text, ',' ORDER BY position) FROM round_categories WHERE round_id = $id")
  python3 -c "$gen" ballots "$id" "$n" "$cats" | $PG -c "COPY ballots (id, round_id, category_id, answers, opinion) FROM STDIN WITH (FORMAT csv)"
  $PG -c "UPDATE ballots SET opinion = NULL WHERE opinion = ''" >/dev/null
  python3 -c "$gen" codes "$id" "$n" "$cats" | $PG -c "COPY codes (id, round_id, category_id, hash, state, batch) FROM STDIN WITH (FORMAT csv)"
  python3 -c "$gen" receipts "$id" "$n" "$cats" | $PG -c "COPY receipts (id, round_id) FROM STDIN WITH (FORMAT csv)"
  $PG -c "ANALYZE" >/dev/null
else
  db="$dir/bench.db"
  cats=$(python3 -c "import sqlite3,sys; print(','.join(str(r[0]) for r in sqlite3.connect(sys.argv[1]).execute('SELECT id FROM round_categories WHERE round_id = ? ORDER BY position', (int(sys.argv[2]),))))" "$db" "$id")
  for table in ballots codes receipts; do
    python3 -c "$gen" "$table" "$id" "$n" "$cats" | python3 -c "
import csv, sqlite3, sys
table = sys.argv[2]
con = sqlite3.connect(sys.argv[1]); con.execute('PRAGMA journal_mode=WAL')
sql = {'ballots': 'INSERT INTO ballots (id, round_id, category_id, scope, answers, opinion) VALUES (?, ?, ?, NULL, ?, ?)',
       'codes': 'INSERT INTO codes (id, round_id, category_id, hash, state, scope, batch) VALUES (?, ?, ?, ?, ?, NULL, ?)',
       'receipts': 'INSERT OR IGNORE INTO receipts (id, round_id) VALUES (?, ?)'}[table]
conv = {'ballots': lambda r: (int(r[0]), int(r[1]), int(r[2]), r[3], r[4] or None),
        'codes': lambda r: (int(r[0]), int(r[1]), int(r[2]), r[3], r[4], int(r[5])),
        'receipts': lambda r: (int(r[0]), int(r[1]))}[table]
con.executemany(sql, (conv(r) for r in csv.reader(sys.stdin)))
con.commit()" "$db" "$table"
  done
fi
t1=$(date +%s.%N)
echo "wrote the round straight into the database: $(python3 -c "print(round($t1-$t0,1))") s"
"$bin" recount --round "$id" --repair >/dev/null
if [ -n "$PG" ]; then
  $PG -c "UPDATE rounds SET status = 'closed' WHERE id = $id" >/dev/null
else
  python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('UPDATE rounds SET status = ? WHERE id = ?', ('closed', int(sys.argv[2]))); c.commit()" "$dir/bench.db" "$id"
fi
/usr/bin/time -f "minping seal of $n ballots (whole process): %e s, max RSS %M KB" "$bin" seal --round "$id"
"$bin" recount --round "$id" | sed 's/^/after sealing: /'
