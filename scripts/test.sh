#!/usr/bin/env bash
# `make test`: every test, in order of cost. With an argument, only that stage:
#   lint  — rustfmt (check), the layers of docs/ARCHITECTURE.md (scripts/check-layers.py:
#           no import circle in app/src/ssr, nothing below points up, files ≤ 400
#           lines) and clippy with warnings as errors
#   unit  — cargo test over the workspace (unit tests + integration tests on SQLite)
#   pg    — the integration tests again on PostgreSQL (127.0.0.1:5432, database test)
#   fuzz  — a short run (10 s) of every cargo-fuzz target on its committed corpus
#   e2e   — release build, then Playwright in the machine's Chromium, schemathesis over
#           the API's OpenAPI document, a short `minping loadtest` smoke (correctness
#           only), the crash test, the fault test (PostgreSQL restarted, SQLite on a full
#           disk, under load), and the Debian package (built, unpacked with dpkg -x,
#           its binary serving the ballot page from an empty directory)
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
PG_URL=${MINPING_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}
stage=${1:-all}
# CI builds from a clean clone: incremental caches only cost disk there.
[ "${CI:-}" = true ] && export CARGO_INCREMENTAL=0
declare -A result

banner() { printf '\n\033[1;34m==== %s ====\033[0m\n' "$*"; }
loud() { printf '\n\033[1;33m!!!! %s !!!!\033[0m\n' "$*"; }

run_lint() {
  banner "lint: rustfmt, layers, clippy"
  cargo fmt --all -- --check && python3 scripts/check-layers.py \
    && cargo clippy --workspace --all-targets -- -D warnings && result[lint]=passed || result[lint]=FAILED
}

run_unit() {
  banner "unit tests + integration tests on SQLite"
  cargo test --workspace && result[sqlite]=passed || result[sqlite]=FAILED
}

pg_up() {
  command -v pg_isready >/dev/null || return 1
  pg_isready -q -h 127.0.0.1 -p 5432 && return 0
  command -v pg_ctlcluster >/dev/null || return 1
  echo "PostgreSQL is down: starting the cluster"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || return 1
  for _ in $(seq 1 20); do pg_isready -q -h 127.0.0.1 -p 5432 && return 0; sleep 0.5; done
  return 1
}

run_pg() {
  banner "integration tests on PostgreSQL"
  if ! pg_up; then
    loud "PostgreSQL SKIPPED: no server at 127.0.0.1:5432 and none could be started"
    result[postgres]=SKIPPED
    return
  fi
  # Leftover schemas of killed runs (each test drops its own when it ends).
  psql "$PG_URL" -qAtc "SELECT 'DROP SCHEMA \"' || nspname || '\" CASCADE;' FROM pg_namespace WHERE nspname LIKE 'test\_%'" \
    | psql "$PG_URL" -q >/dev/null 2>&1 || true
  # --workspace keeps the features of the first stage: no rebuild
  MINPING_TEST_DATABASE_URL="$PG_URL" cargo test --workspace --test api && result[postgres]=passed || result[postgres]=FAILED
}

run_fuzz() {
  banner "fuzzing: every cargo-fuzz target for 10 s (make fuzz runs 60 s each)"
  if ! rustup toolchain list | grep -q '^nightly'; then
    loud "fuzzing SKIPPED: no nightly toolchain"
    result[fuzz]=SKIPPED
    return
  fi
  scripts/fuzz.sh 10 && result[fuzz]=passed || result[fuzz]=FAILED
}

run_e2e() {
  banner "release build + Playwright in Chromium"
  if ! cargo leptos build --release --precompress; then result[playwright]="FAILED (build)"; return; fi
  (cd end2end && npx playwright test) && result[playwright]=passed || result[playwright]=FAILED
  banner "schemathesis: every API operation against the OpenAPI document"
  scripts/schemathesis.sh && result[schemathesis]=passed || result[schemathesis]=FAILED
  banner "minping loadtest smoke (200 ballots, 16 clients; correctness only)"
  scripts/loadtest-smoke.sh && result[loadtest]=passed || result[loadtest]=FAILED
  banner "crash safety: SIGKILL the server 10 times under load, then check every ballot"
  scripts/crash-test.sh 10 && result[crash]=passed || result[crash]=FAILED
  banner "faults: PostgreSQL restarted and SQLite on a full disk, under load"
  scripts/fault-test.sh && result[faults]=passed || result[faults]=FAILED
  banner "the Debian package: build, unpack, serve from an empty directory"
  cargo deb -p server --no-build -q && scripts/deb-test.sh && result[deb]=passed || result[deb]=FAILED
}

case "$stage" in
  lint) run_lint ;;
  unit) run_unit ;;
  pg) run_pg ;;
  fuzz) run_fuzz ;;
  e2e) run_e2e ;;
  all)
    run_lint; run_unit; run_pg; run_fuzz
    # On CI the debug build is done with once both database stages ran: free its
    # disk before the release build (a small CI disk once filled up right here).
    if [ "${CI:-}" = true ]; then df -h . | tail -n1; rm -rf target/debug fuzz/target; fi
    run_e2e ;;
  *) echo "usage: scripts/test.sh [lint|unit|pg|fuzz|e2e]" >&2; exit 2 ;;
esac

banner "summary"
status=0
for k in lint sqlite postgres fuzz playwright schemathesis loadtest crash faults deb; do
  [ -n "${result[$k]:-}" ] || continue
  printf '  %-11s %s\n' "$k" "${result[$k]}"
  case "${result[$k]}" in passed|SKIPPED) ;; *) status=1 ;; esac
done
[ "${result[postgres]:-}" = SKIPPED ] && loud "PostgreSQL did not run: only SQLite was tested"
exit $status
