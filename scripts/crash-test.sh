#!/usr/bin/env bash
# Crash safety (issue 8): under load from `minping loadtest` (16 clients), the release
# server is killed with SIGKILL at random moments and restarted, KILLS times. Then:
# every ballot that got a 201 (or whose retry was confirmed by its receipt) is stored
# (its receipt is in the database), none twice (ballots = receipts), no code is used
# without its ballot (used codes = ballots), SQLite's integrity check says ok, and the
# running tallies equal a full recount (`minping recount`). On SQLite and PostgreSQL.
# Usage: scripts/crash-test.sh [kills (10)] [databases ("sqlite pg")]
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${1:-10}
dbs=${2:-sqlite pg}
status=0
for db in $dbs; do
  if [ "$db" = pg ] && ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    echo "crash test on PostgreSQL skipped: no server at 127.0.0.1:5432"; continue
  fi
  (
    set -euo pipefail
    export BENCH_DB=$db
    source scripts/bench-server.sh
    bench_server 3196
    receipts="$dir/receipts.txt"; : > "$receipts"
    printf 'bench password 123' | "$bin" loadtest --url "$B" --username bench --password-stdin \
      --setup 100000 --duration $(( kills * 3 + 5 )) --concurrency 16 --receipts "$receipts" --retry-secs 30 --no-progress \
      > "$dir/loadtest.out" 2>&1 &
    lt=$!
    until [ -s "$receipts" ]; do sleep 0.2; done
    for k in $(seq 1 "$kills"); do
      sleep "$(python3 -c 'import random; print(round(random.uniform(0.3, 2.5), 2))')"
      kill -9 "$pid"; wait "$pid" 2>/dev/null || true
      "$bin" serve >/dev/null 2>&1 & pid=$!
      for _ in $(seq 1 100); do curl -sf "$B/healthz" >/dev/null && break; sleep 0.1; done
    done
    wait "$lt" || true
    cat "$dir/loadtest.out"
    kill "$pid"; wait "$pid" 2>/dev/null || true
    if [ -n "$PG" ]; then
      q() { $PG -Atc "$1"; }
      q "SELECT id FROM receipts" > "$dir/stored.txt"
      integrity="ok (PostgreSQL: constraints checked on every commit)"
    else
      q() { python3 -c "import sqlite3,sys; print('\n'.join(str(r[0]) for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2])))" "$dir/bench.db" "$1"; }
      q "SELECT id FROM receipts" > "$dir/stored.txt"
      integrity=$(q "PRAGMA integrity_check")
    fi
    # This subshell runs under `|| status=1`, where bash ignores `set -e`: every check
    # ends it explicitly.
    scripts/check-receipts.py "$receipts" "$dir/stored.txt" || exit 1
    ballots=$(q "SELECT COUNT(*) FROM ballots"); stored_receipts=$(q "SELECT COUNT(*) FROM receipts")
    used=$(q "SELECT COUNT(*) FROM codes WHERE state = 'used'")
    echo "crashes survived: $kills; ballots $ballots, receipts $stored_receipts, used codes $used; integrity: $integrity"
    [ "$ballots" = "$stored_receipts" ] && [ "$ballots" = "$used" ] && [[ "$integrity" == ok* ]] || exit 1
    "$bin" recount
  ) || status=1
done
exit $status
