#!/usr/bin/env bash
# Fuzzing with cargo-fuzz (libFuzzer, nightly toolchain): scripts/fuzz.sh SECONDS [grow]
#   every target in fuzz/fuzz_targets runs SECONDS seconds on its corpus (what earlier runs
#   found, minimized; committed as the one archive fuzz/corpus.tar.gz and unpacked into
#   fuzz/corpus/) and its hand-written seeds (fuzz/seeds, read only); `grow` (make fuzz)
#   keeps the new inputs it finds, minimizes the corpus and writes the archive again;
#   without it (make test) the corpus is copied and left as committed. A panic, a failed assertion,
#   a hang (> 10 s on one input) or more than 2 GiB of memory fails the run and leaves the
#   input in fuzz/artifacts/TARGET/. Prints the executions of each target.
set -uo pipefail
cd "$(dirname "$0")/../fuzz"
export PATH="$HOME/.cargo/bin:$PATH"
secs=${1:-60}
grow=${2:-}
targets=(ballot code import redirect)
# Coverage instrumentation only: the code under test is safe Rust (no sanitizer needed),
# and debug assertions stay on (overflow checks, debug_assert).
FUZZ=(cargo +nightly fuzz)
OPTS=(--sanitizer none --debug-assertions)
"${FUZZ[@]}" build "${OPTS[@]}" || exit 1
# The committed corpus is one archive (a small git tree); unpack it when it is newer.
if [ corpus.tar.gz -nt corpus/.unpacked ] || [ ! -d corpus ]; then
  rm -rf corpus && tar -xzf corpus.tar.gz && touch corpus/.unpacked
fi
status=0
for t in "${targets[@]}"; do
  corpus=corpus/$t
  if [ "$grow" != grow ]; then
    work=$(mktemp -d); cp -r "corpus/$t/." "$work/" 2>/dev/null; corpus=$work
  fi
  log=$(mktemp)
  mkdir -p "$corpus"
  "${FUZZ[@]}" run "${OPTS[@]}" "$t" "$corpus" "seeds/$t" -- -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -close_fd_mask=3 >"$log" 2>&1
  rc=$?
  execs=$(awk '/stat::number_of_executed_units/{print $2}' "$log")
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n1)
  if [ $rc -eq 0 ]; then
    printf '  %-7s passed: %s executions in %s s, %s, corpus %s inputs\n' "$t" "${execs:-?}" "$secs" "${cov:-cov: ?}" "$(ls "$corpus" | wc -l)"
  else
    printf '  %-7s FAILED (exit %s); the failing input is in fuzz/artifacts/%s/\n' "$t" "$rc" "$t"
    tail -n 40 "$log"
    status=1
  fi
  rm -f "$log"
  [ "$grow" != grow ] && rm -rf "$corpus"
done
if [ "$grow" = grow ] && [ $status -eq 0 ]; then
  for t in "${targets[@]}"; do "${FUZZ[@]}" cmin "${OPTS[@]}" "$t" "corpus/$t" >/dev/null 2>&1 || true; done
  tar --sort=name --owner=0 --group=0 --mtime=@0 --exclude=corpus/.unpacked -czf corpus.tar.gz corpus && touch corpus/.unpacked
  echo "  corpus archived: fuzz/corpus.tar.gz ($(du -h corpus.tar.gz | cut -f1)); commit it to keep what was found"
fi
exit $status
