#!/usr/bin/env bash
# Idempotent setup: installs what a fresh machine lacks to build, run and test Minping.
# Only the package registries are used (crates.io, npm, Debian); nothing is downloaded
# at run time from anywhere else. Safe to run again: each step checks and skips.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.11
export PATH="$HOME/.cargo/bin:$PATH"
say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

# Unpack a crate's published source from cargo's registry cache into a temp dir.
crate_src() {
  local name=$1 version=$2 dir
  cargo info "$name@$version" >/dev/null 2>&1 || true
  dir=$(mktemp -d)
  local cache
  cache=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/cache/*/ | head -n1)
  tar -xzf "$cache/$name-$version.crate" -C "$dir"
  echo "$dir/$name-$version"
}

want_apt=()
command -v chromium >/dev/null 2>&1 || want_apt+=(chromium)
fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || want_apt+=(fonts-noto-cjk)
command -v pkg-config >/dev/null 2>&1 || want_apt+=(pkg-config)
command -v npm >/dev/null 2>&1 || want_apt+=(nodejs npm)
command -v psql >/dev/null 2>&1 || want_apt+=(postgresql-client)
# The DOCX report's test converts it to PDF and reads its text back.
command -v soffice >/dev/null 2>&1 || want_apt+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null 2>&1 || want_apt+=(poppler-utils)
if [ ${#want_apt[@]} -gt 0 ]; then
  say "installing Debian packages: ${want_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${want_apt[@]}" fontconfig >/dev/null
fi

for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "adding the $component component (make test checks formatting and lints)"
    rustup component add "$component"
  fi
done

if ! rustup target list --installed | grep -q wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
  say "building cargo-leptos $CARGO_LEPTOS_VERSION from crates.io source (about 13 minutes on 2 cores, once per machine)"
  src=$(crate_src cargo-leptos "$CARGO_LEPTOS_VERSION")
  # Its lock pins cargo-util-schemas 0.14.2, which needs a newer rustc than ours.
  (cd "$src" && cargo update -q -p cargo-util-schemas --precise 0.14.1 \
     && cargo install -q --path . --locked --features no_downloads)
  rm -rf "$(dirname "$src")"
fi

# wasm-bindgen-cli must equal the wasm-bindgen version in Cargo.lock exactly.
if [ -f Cargo.lock ]; then
  wb=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
  if [ -n "$wb" ] && [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wb" ]; then
    say "building wasm-bindgen-cli $wb (about 2 minutes)"
    src=$(crate_src wasm-bindgen-cli "$wb")
    # Some published locks pin a webpki-roots release the registry no longer serves.
    (cd "$src" && { cargo update -q -p webpki-roots --precise 1.0.10 2>/dev/null || true; } \
       && cargo install -q --path . --locked)
    rm -rf "$(dirname "$src")"
  fi
fi

# cargo-fuzz for `make fuzz` (and the short fuzz run of `make test`); the fuzz targets
# build with the nightly toolchain that these machines carry beside stable.
CARGO_FUZZ_VERSION=0.13.2
if [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" != "$CARGO_FUZZ_VERSION" ]; then
  say "building cargo-fuzz $CARGO_FUZZ_VERSION (about 3 minutes)"
  cargo install -q cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi
if ! rustup toolchain list | grep -q '^nightly'; then
  say "no nightly toolchain: fuzzing needs one (rustup toolchain install nightly); the fuzz stage will be skipped"
fi

# cargo-deb for `make deb` (and the package stage of `make test`).
CARGO_DEB_VERSION=3.8.0
if [ "$(cargo deb --version 2>/dev/null | awk '{print $2}')" != "$CARGO_DEB_VERSION" ]; then
  say "building cargo-deb $CARGO_DEB_VERSION (about 3 minutes)"
  cargo install -q cargo-deb --version "$CARGO_DEB_VERSION" --locked
fi

# schemathesis (PyPI) in its own virtual environment, for the API-against-its-schema stage.
SCHEMATHESIS_VERSION=4.32.5
if [ "$(.tools/schemathesis/bin/st --version 2>/dev/null | awk '{print $3}')" != "$SCHEMATHESIS_VERSION" ]; then
  say "installing schemathesis $SCHEMATHESIS_VERSION into .tools/schemathesis"
  python3 -m venv .tools/schemathesis
  .tools/schemathesis/bin/pip install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

# sass, wasm-opt (binaryen) and Playwright, pinned in end2end/package-lock.json.
lock_sum=$(sha256sum end2end/package-lock.json | cut -d' ' -f1)
if [ "$(cat end2end/node_modules/.minping-lock 2>/dev/null)" != "$lock_sum" ]; then
  say "installing end2end npm packages (no browser download)"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" > end2end/node_modules/.minping-lock
fi
say "tools ready"
