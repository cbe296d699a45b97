#!/usr/bin/env bash
# Starts the release server for Playwright on a fresh SQLite database with known
# test accounts. Run from end2end/ by playwright.config.ts (webServer).
set -euo pipefail
cd "$(dirname "$0")/.."
port=${1:-3100}
bin=target/release/minping
[ -x "$bin" ] || { echo "e2e: $bin is missing: run 'make build' first" >&2; exit 1; }

data=end2end/.e2e-data
rm -rf "$data"
mkdir -p "$data"
export DATABASE_URL="sqlite://$data/minping.db?mode=rwc"
export MINPING_DATA_DIR="$data"
export MINPING_ADDR="127.0.0.1:$port"
export MINPING_LOGIN_PER_MINUTE=1000
export LEPTOS_SITE_ROOT=target/site
export RUST_LOG=${RUST_LOG:-warn}

"$bin" migrate >/dev/null
printf 'e2e admin password' | "$bin" admin create --username e2e-admin --password-stdin --role admin >/dev/null
printf 'e2e steering password' | "$bin" admin create --username e2e-duban --password-stdin --role steering >/dev/null
printf 'e2e clerk password' | "$bin" admin create --username e2e-luru --password-stdin --role clerk >/dev/null
exec "$bin" serve
