#!/usr/bin/env bash
# `make build` and `make run`: the release build of the WebAssembly front end into
# target/site (precompressed), then of the server, which carries that site inside it.
# Skipped when target/release/minping is newer than every file it is built from (the
# sources of the workspace, the styles and assets, the manifests and the lock file): a
# build with nothing changed still runs wasm-bindgen, wasm-opt and the compression again,
# which rewrites target/site and so re-links the server (about 3 minutes on 2 cores).
# FORCE=1 builds anyway.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/minping
inputs=(app server domain i18n migrations style public Cargo.toml Cargo.lock rust-toolchain.toml)
present=()
for p in "${inputs[@]}"; do [ -e "$p" ] && present+=("$p"); done
if [ -z "${FORCE:-}" ] && [ -x "$bin" ] && [ -d target/site/pkg ] \
  && [ -z "$(find "${present[@]}" -newer "$bin" -type f -not -path '*/target/*' -print -quit)" ]; then
  echo "build: target/release/minping is newer than every source: nothing to build (FORCE=1 builds anyway)"
  exit 0
fi
cargo leptos build --release --precompress
