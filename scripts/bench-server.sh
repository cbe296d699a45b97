# Sourced by the benchmark scripts: starts the release server on a fresh database — SQLite
# in $dir (a temp dir, or $BENCH_DIR to keep it), or with BENCH_DB=pg a fresh PostgreSQL
# database `minping_bench` on 127.0.0.1:5432 ($BENCH_PG, trust auth) — on port $1,
# creates an admin and signs in. Sets $PG (psql command) when on PostgreSQL.
# Sets: bin, dir, pid, B (base URL), J (JSON header), C (cookie jar). Stops the server and
# removes the temp dir on exit.
bench_server() {
  local port=$1
  dir=${BENCH_DIR:-$(mktemp -d)}
  export DATABASE_URL="sqlite://$dir/bench.db?mode=rwc" MINPING_DATA_DIR="$dir" MINPING_ADDR="127.0.0.1:$port" RUST_LOG=${BENCH_RUST_LOG:-warn}
  PG=
  if [ "${BENCH_DB:-sqlite}" = pg ]; then
    local base=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
    psql -q "$base/postgres" -c 'DROP DATABASE IF EXISTS minping_bench' -c 'CREATE DATABASE minping_bench' >/dev/null
    export DATABASE_URL="$base/minping_bench"
    PG="psql -q -v ON_ERROR_STOP=1 $DATABASE_URL"
  fi
  export LEPTOS_SITE_ROOT=target/site
  bin=${BENCH_BIN:-target/release/minping}
  [ -x "$bin" ] || { echo "bench: $bin is missing: run 'make build' first" >&2; exit 1; }
  "$bin" migrate >/dev/null
  printf 'bench password 123' | "$bin" admin create --username bench --password-stdin >/dev/null
  "$bin" serve >/dev/null 2>"${BENCH_LOG:-/dev/null}" &
  pid=$!
  trap 'kill $pid 2>/dev/null || true; [ -n "${BENCH_DIR:-}" ] || rm -rf "$dir"' EXIT
  for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  B="http://127.0.0.1:$port"; J='content-type: application/json'; C="$dir/cookies"
  curl -sf -c "$C" -H "$J" -d '{"username":"bench","password":"bench password 123"}' "$B/api/v1/session" >/dev/null
}
