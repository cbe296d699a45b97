#!/usr/bin/env bash
# Benchmark: ballot submission through the real HTTP API with `minping loadtest`, release
# build, on SQLite and PostgreSQL, at 1, 16, 64 and 256 concurrent clients, then two and
# three `minping serve` processes on one PostgreSQL database. Prints the load generator's
# report (ballots/s, latency percentiles, errors, server count check) and the server's
# peak RSS during each run.
# Usage: scripts/bench-ballots.sh [seconds per run (60)] [databases ("sqlite pg")] [clients ("1 16 64 256")]
#        MULTI=0 skips the two- and three-process runs.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
dbs=${2:-sqlite pg}
levels=${3:-1 16 64 256}
echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m); $(date -u +%F)"

# Peak resident memory of the processes in $@ while the caller's command runs.
watch_rss() {
  local peak=0 rss
  while :; do
    for p in "$@"; do
      rss=$(awk '/VmRSS/{print $2}' "/proc/$p/status" 2>/dev/null || echo 0)
      [ "${rss:-0}" -gt "$peak" ] && peak=$rss
    done
    echo "$peak" > "$rss_file"
    sleep 0.5
  done
}

# CPU seconds (user + system) used so far by the processes in $@.
cpu_secs() {
  local t=0
  for p in "$@"; do t=$(( t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0) )); done
  python3 -c "print($t / $(getconf CLK_TCK))"
}

run_level() { # clients, urls...
  local c=$1; shift
  local args=()
  for u in "$@"; do args+=(--url "$u"); done
  # Enough codes for the run at up to 6,000 ballots/s.
  local codes=$(( secs * 6000 ))
  rss_file=$(mktemp)
  watch_rss "${pids[@]}" & local watcher=$!
  local cpu0; cpu0=$(cpu_secs "${pids[@]}")
  printf 'bench password 123' | "${LOAD_BIN:-$bin}" loadtest "${args[@]}" --username bench --password-stdin \
    --setup "$codes" --duration "$secs" --concurrency "$c" --no-progress
  local cpu1; cpu1=$(cpu_secs "${pids[@]}")
  kill $watcher 2>/dev/null; wait $watcher 2>/dev/null || true
  echo "server peak RSS during the run: $(( $(cat "$rss_file") / 1024 )) MB"
  echo "server CPU during setup and run: $(python3 -c "print(round($cpu1 - $cpu0, 1))") s (the machine has $(nproc) cores; the load generator and the database share them)"
  rm -f "$rss_file"
}

for db in $dbs; do
  (
    export BENCH_DB=$db
    source scripts/bench-server.sh
    bench_server 3195
    pids=("$pid")
    for c in $levels; do
      echo; echo "== $db, 1 server process, $c clients, ${secs} s"
      run_level "$c" "$B"
    done
  )
done

if [[ " $dbs " == *" pg "* ]] && [ "${MULTI:-1}" = 1 ]; then
  for n in 2 3; do
    (
      export BENCH_DB=pg
      source scripts/bench-server.sh
      bench_server 3195
      pids=("$pid"); urls=("$B")
      for k in $(seq 2 "$n"); do
        port=$((3195 + k - 1))
        MINPING_ADDR="127.0.0.1:$port" "$bin" serve >/dev/null 2>&1 &
        pids+=("$!"); urls+=("http://127.0.0.1:$port")
        for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
      done
      trap 'kill ${pids[*]} 2>/dev/null || true' EXIT
      # Shared state: the session made on the first process is valid on the last.
      who=$(curl -sf -b "$C" "${urls[-1]}/api/v1/session")
      echo; echo "== pg, $n server processes (${urls[*]}); the first process's session on the last: $who"
      run_level 64 "${urls[@]}"
    )
  done
fi
