#!/usr/bin/env bash
# `make run`: migrate data/minping.db (SQLite, WAL), load the demo round on first start,
# and serve on 127.0.0.1:3000.
# On first start the server creates the admin account and prints its password once.
set -euo pipefail
cd "$(dirname "$0")/.."
export LEPTOS_SITE_ROOT=${LEPTOS_SITE_ROOT:-target/site}
bin=target/release/minping
"$bin" migrate
# First start only: a demo round of a district, opened, with codes (skipped once any round exists).
"$bin" demo
exec "$bin" serve
