#!/usr/bin/env bash
# Benchmark: the ballot write path before and after a change, in one run. Alternates the
# two release binaries (BEFORE, then this tree's target/release/minping) ROUNDS times, each
# time 64 clients for SECONDS on SQLite and on PostgreSQL, with this tree's load generator
# for both; prints every run's ballots/s and p99, then the medians side by side.
# Usage: scripts/bench-write-path.sh BEFORE_BINARY [seconds (30)] [rounds (3)]   (DBS="pg" for one database)
# (build the baseline with e.g. `git worktree add /tmp/baseline <commit> &&
#  CARGO_TARGET_DIR=/tmp/baseline-target cargo build --release -p server`)
set -euo pipefail
cd "$(dirname "$0")/.."
before=${1:?the release binary to compare with}
secs=${2:-30}
rounds=${3:-3}
after=target/release/minping
out=$(mktemp)
for r in $(seq 1 "$rounds"); do
  for which in before after; do
    bin=$before; [ "$which" = after ] && bin=$after
    for db in ${DBS:-sqlite pg}; do
      line=$(BENCH_BIN=$bin LOAD_BIN=$after MULTI=0 scripts/bench-ballots.sh "$secs" "$db" 64 2>&1 \
        | awk '/ballots\/s/ && /accepted|ballots/{tp=$0} /p99/{lat=$0} END{print tp " | " lat}')
      tps=$(grep -o '[0-9,]* ballots/s' <<<"$line" | head -n1 | tr -d ', ballots/s')
      p99=$(grep -o 'p99 [0-9.]* ms' <<<"$line" | head -n1 | awk '{print $2}')
      echo "round $r, $which, $db: ${tps:-?} ballots/s, p99 ${p99:-?} ms"
      echo "$which $db ${tps:-0} ${p99:-0}" >> "$out"
    done
  done
done
python3 - "$out" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
print("\nmedians (64 clients):")
for db in sorted({r[1] for r in rows}, reverse=True):
    for which in ("before", "after"):
        tps = [float(r[2]) for r in rows if r[0] == which and r[1] == db]
        p99 = [float(r[3]) for r in rows if r[0] == which and r[1] == db]
        print(f"  {db:6} {which:6}: {statistics.median(tps):8.0f} ballots/s (runs {', '.join(f'{t:.0f}' for t in tps)}), p99 {statistics.median(p99):.1f} ms")
PY
rm -f "$out"
