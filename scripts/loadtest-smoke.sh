#!/usr/bin/env bash
# Part of `make test`: a short `minping loadtest` against the release server — 200
# ballots from 16 clients, on SQLite and (when it runs) PostgreSQL. It asserts
# correctness only: every ballot acknowledged, none refused, and the server's count
# equal to the 201s received (`--strict` exits non-zero otherwise). Never speed.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
for db in sqlite pg; do
  if [ "$db" = pg ] && ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    echo "loadtest smoke on PostgreSQL skipped: no server at 127.0.0.1:5432"
    continue
  fi
  (
    export BENCH_DB=$db
    source scripts/bench-server.sh
    bench_server 3194
    printf 'bench password 123' | "$bin" loadtest --url "$B" --username bench --password-stdin \
      --setup 200 --count 200 --concurrency 16 --strict --no-progress
  ) || status=1
done
exit $status
