#!/usr/bin/env bash
# What PostgreSQL does per ballot: runs a release binary on a fresh database of its own,
# casts ballots for SECONDS with 64 clients (this tree's load generator), and prints how
# much the database's and each table's counters grew (pg_stat_database: commits,
# rollbacks, tuples returned, fetched, inserted, updated, blocks; pg_stat_user_tables:
# sequential scans, index scans, rows inserted, updated, HOT-updated) over the run.
# Usage: scripts/pg-ballot-stats.sh [BINARY (target/release/minping)] [SECONDS (10)]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${2:-10}
export BENCH_DB=pg BENCH_BIN=${1:-target/release/minping}
source scripts/bench-server.sh
bench_server 3197
load=target/release/minping
q() { psql -qAt "$DATABASE_URL" -c "$1"; }
snapshot() {
  q "SELECT 'database', xact_commit, xact_rollback, tup_returned, tup_fetched, tup_inserted, tup_updated, blks_hit + blks_read
     FROM pg_stat_database WHERE datname = current_database()"
  q "SELECT relname, coalesce(seq_scan, 0), coalesce(idx_scan, 0), n_tup_ins, n_tup_upd, n_tup_hot_upd
     FROM pg_stat_user_tables ORDER BY relname"
}
# A first, one-second run leaves a second open round beside the measured one. The measured
# run's own setup (its round and codes) is counted too: compare binaries, not absolutes.
printf 'bench password 123' | "$load" loadtest --url "$B" --username bench --password-stdin \
  --setup $((secs * 6000)) --duration 1 --concurrency 4 --no-progress >/dev/null
sleep 1 # the statistics collector lags a little
before=$(snapshot)
printf 'bench password 123' | "$load" loadtest --url "$B" --username bench --password-stdin \
  --setup $((secs * 6000)) --duration "$secs" --concurrency 64 --no-progress | grep -E 'ballots/s' | head -n1
sleep 1
after=$(snapshot)
python3 - "$before" "$after" <<'PY'
import sys
before = [l.split("|") for l in sys.argv[1].splitlines()]
after = [l.split("|") for l in sys.argv[2].splitlines()]
print("growth over the run (database: commits, rollbacks, tuples returned, fetched, inserted, updated, blocks;")
print("                     tables: seq scans, index scans, inserted, updated, HOT-updated)")
for a, b in zip(before, after):
    d = [int(y) - int(x) for x, y in zip(a[1:], b[1:])]
    if any(d):
        print(f"  {a[0]:20} {d}")
PY
