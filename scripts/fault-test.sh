#!/usr/bin/env bash
# Faults survived (issue 31), against the release server under `minping loadtest` (16
# clients, receipts kept):
# 1. PostgreSQL restarted under load: a private cluster (initdb in a temp dir, port 5499,
#    so that the machine's own server and other tests are untouched) is restarted with
#    `pg_ctl restart -m fast` in the middle of the run.
# 2. SQLite on a full disk: the database lives on a tmpfs of 64 MiB that the script
#    mounts; a filler file takes every free byte in the middle of the run until the
#    writer has failed a batch (3–12 s), then goes.
# Each time: every refusal is `503 unavailable` (never a 500) — on the full disk there is
# at least one (the fault was felt; PostgreSQL's restart may be ridden out by waiting for
# a connection, and the script prints the slowest ballot); every ballot that got a 201 is
# stored; ballots = receipts = used
# codes (nothing half-stored); SQLite's integrity check says ok; the running tallies
# equal a full recount; and a second run right after, with nobody restarting anything,
# has no error at all (serving again by itself).
# Usage: scripts/fault-test.sh [pg|sqlite|all]   (needs target/release/minping)
# Where the machine refuses what a part needs (a tmpfs mount, PostgreSQL's initdb), that
# part says so and is SKIPPED; it never passes silently.
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-all}
status=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Checks a run: its loadtest output ($1), acknowledged receipts ($2), whether
# a refusal is required ($3: "refused"), and a query function q. (The callers run in a
# subshell tested with `||`, where `set -e` is off: every check returns explicitly.)
check_run() {
  local out=$1 receipts=$2
  cat "$out"
  local errors; errors=$(grep '^errors: ' "$out" || true)
  if [ "${3:-}" = refused ] && grep -q '^errors: none' <<<"$errors"; then
    echo "FAIL: no ballot was refused: the fault was not felt"; return 1
  fi
  if grep -v ' × 503 unavailable$' <<<"$errors" | grep -q .; then
    echo "FAIL: a refusal other than 503 unavailable"; return 1
  fi
  q "SELECT id FROM receipts" > "$work/stored.txt" || return 1
  scripts/check-receipts.py "$receipts" "$work/stored.txt" || { echo "FAIL: an acknowledged ballot is missing"; return 1; }
  local ballots receipts_n used
  ballots=$(q "SELECT COUNT(*) FROM ballots"); receipts_n=$(q "SELECT COUNT(*) FROM receipts")
  used=$(q "SELECT COUNT(*) FROM codes WHERE state = 'used'")
  echo "ballots $ballots, receipts $receipts_n, used codes $used"
  [ "$ballots" = "$receipts_n" ] && [ "$ballots" = "$used" ] || { echo "FAIL: something half-stored"; return 1; }
}

# A second run with no fault: no error at all.
serving_again() {
  printf 'bench password 123' | "$bin" loadtest --url "$B" --username bench --password-stdin \
    --setup 2000 --duration 3 --concurrency 8 --no-progress > "$work/again.out" 2>&1 || true
  if grep -q '^errors: none' "$work/again.out"; then
    echo "serving again by itself: $(grep -m1 'ballots/s' "$work/again.out" || echo 'a clean run')"
  else
    cat "$work/again.out"; echo "FAIL: the run after the fault had errors"; return 1
  fi
}

# Starts the load in the background (sets lt) and waits for its first receipt. Its files
# are kept in $work, off the database's disk (a full disk must not eat a receipt).
start_load() {
  receipts="$work/receipts.txt"; : > "$receipts"
  printf 'bench password 123' | "$bin" loadtest --url "$B" --username bench --password-stdin \
    --setup 100000 --duration "$1" --concurrency 16 --receipts "$receipts" --retry-secs 30 --no-progress \
    > "$work/loadtest.out" 2>&1 &
  lt=$!
  until [ -s "$receipts" ]; do sleep 0.2; done
}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_part() {
  local pgbin; pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
  if [ -z "$pgbin" ]; then echo "PostgreSQL restart: SKIPPED (no PostgreSQL server binaries on this machine)"; return 0; fi
  local cluster; cluster=$(mktemp -d)
  [ "$(id -u)" = 0 ] && chown postgres "$cluster"
  if ! as_postgres "$pgbin/initdb" -D "$cluster/data" -A trust -U postgres >"$cluster/initdb.log" 2>&1; then
    cat "$cluster/initdb.log"; echo "PostgreSQL restart: SKIPPED (initdb refused on this machine)"; rm -rf "$cluster"; return 0
  fi
  local ctl=("$pgbin/pg_ctl" -D "$cluster/data" -o "-p 5499 -k $cluster -c listen_addresses=127.0.0.1" -l "$cluster/server.log" -w)
  as_postgres "${ctl[@]}" start >/dev/null
  (
    set -euo pipefail
    export BENCH_DB=pg BENCH_PG=postgres://postgres@127.0.0.1:5499
    source scripts/bench-server.sh
    bench_server 3197
    trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
    q() { $PG -Atc "$1"; }
    start_load 10
    sleep 3
    before=$(head -n1 "$cluster/data/postmaster.pid"); t0=$(date +%s.%N)
    as_postgres "${ctl[@]}" restart -m fast >/dev/null || exit 1
    [ "$(head -n1 "$cluster/data/postmaster.pid")" != "$before" ] || { echo "FAIL: PostgreSQL did not restart"; exit 1; }
    echo "PostgreSQL restarted in $(python3 -c "import sys; print(round(float(sys.argv[2]) - float(sys.argv[1]), 2))" "$t0" "$(date +%s.%N)") s"
    wait "$lt" || true
    check_run "$work/loadtest.out" "$receipts" || exit 1
    serving_again || exit 1
    "$bin" recount || exit 1
  ) || status=1
  as_postgres "${ctl[@]}" stop -m fast >/dev/null || true
  rm -rf "$cluster"
}

sqlite_part() {
  local fs; fs=$(mktemp -d)
  if ! mount -t tmpfs -o size=64m tmpfs "$fs" 2>"$fs.err"; then
    echo "SQLite on a full disk: SKIPPED (the machine refuses a tmpfs mount: $(cat "$fs.err"))"
    rm -rf "$fs" "$fs.err"; return 0
  fi
  (
    set -euo pipefail
    export BENCH_DB=sqlite BENCH_DIR=$fs BENCH_LOG=$work/server.log
    source scripts/bench-server.sh
    bench_server 3198
    trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT
    q() { python3 -c "import sqlite3,sys; print('\n'.join(str(r[0]) for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2])))" "$dir/bench.db" "$1"; }
    start_load 20
    sleep 2
    dd if=/dev/zero of="$dir/filler" bs=64k status=none 2>/dev/null || true
    echo "disk full: $(df -h "$dir" | tail -n1 | awk '{print $4}') free"
    # Full until the writer has failed a batch (SQLite may first fill the room its WAL
    # file already has), at least 3 s and at most 12 s.
    for i in $(seq 1 120); do
      [ "$i" -gt 30 ] && grep -q "a ballot batch failed" "$work/server.log" && break
      sleep 0.1
    done
    echo "kept full for $(( i / 10 )) s"
    rm -f "$dir/filler"
    echo "disk freed: $(df -h "$dir" | tail -n1 | awk '{print $4}') free"
    wait "$lt" || true
    check_run "$work/loadtest.out" "$receipts" refused || exit 1
    integrity=$(q "PRAGMA integrity_check"); echo "integrity: $integrity"; [ "$integrity" = ok ] || exit 1
    serving_again || exit 1
    "$bin" recount || exit 1
  ) || status=1
  umount "$fs" 2>/dev/null || true
  rm -rf "$fs" "$fs.err"
}

case "$which" in
  pg) pg_part ;;
  sqlite) sqlite_part ;;
  all) pg_part; sqlite_part ;;
  *) echo "usage: scripts/fault-test.sh [pg|sqlite|all]" >&2; exit 2 ;;
esac
exit $status
