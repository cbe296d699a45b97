#!/usr/bin/env bash
# make deb: the Debian package of the release binary that `make build` made (cargo-deb),
# target/debian/minping_VERSION_ARCH.deb; its binary needs the glibc symbol versions the
# build machine's gcc linked against (2.34 on Debian 12), and its Depends says so.
#
# MINPING_GLIBC=2.28 relinks the server with cargo-zigbuild (zig and cargo-zigbuild from
# PyPI, installed when missing) against glibc 2.28's symbols and packages it with the
# `glibc228` variant (Depends: libc6 (>= 2.28)), for Kylin V10, UOS 20, Debian 10 and 11:
# target/x86_64-unknown-linux-gnu/debian/minping_VERSION_amd64.deb. The site comes from
# target/site as `make build` left it. Either way, scripts/deb-glibc.sh checks the
# Depends against the binary. Prints the package's path last.
set -euo pipefail
cd "$(dirname "$0")/.."
fail() { echo "deb: $*" >&2; exit 1; }
case "${MINPING_GLIBC:-}" in
  "")
    cargo deb -p server --no-build >&2
    deb=$(ls -t target/debian/minping_*.deb | head -n1) ;;
  2.28)
    [ -f target/site/pkg/minping.wasm ] || fail "target/site/pkg/minping.wasm is missing; run 'make build' first"
    if ! command -v cargo-zigbuild >/dev/null; then
      echo "installing cargo-zigbuild and zig (PyPI)" >&2
      python3 -m pip install -q ziglang cargo-zigbuild
    fi
    triple=$(rustc -vV | sed -n 's/^host: //p')
    # As cargo-leptos builds the server (bin-features = ["ssr"]); the server crate is
    # recompiled so that it embeds target/site as it is now (rust-embed, server/src/site.rs).
    rm -rf "target/$triple/release/.fingerprint"/server-*
    LEPTOS_OUTPUT_NAME=minping cargo zigbuild --release --target "$triple.$MINPING_GLIBC" \
      -p server --bin minping --no-default-features --features ssr >&2
    cargo deb -p server --no-build --target "$triple" --variant glibc228 >&2
    deb=$(ls -t "target/$triple/debian"/minping_*.deb | head -n1) ;;
  *) fail "MINPING_GLIBC=$MINPING_GLIBC: only 2.28 has a package variant (server/Cargo.toml)" ;;
esac
scripts/deb-glibc.sh "$deb" >&2
echo "$deb"
