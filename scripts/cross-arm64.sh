#!/usr/bin/env bash
# The Debian package for ARM servers (Kunpeng, Phytium; Kylin, UOS), cross-built on an
# x86_64 Debian machine: installs what is missing (rustup target, Debian's aarch64 gcc and
# libc, qemu-user), builds the release `minping` for aarch64 with the site from
# target/site inside it, packages it with cargo-deb, then unpacks the package and runs
# the aarch64 binary under qemu: migrate, demo, serve, a ballot page and its WebAssembly.
# The site (WebAssembly, CSS) does not depend on the server's architecture, so this reuses
# the one `make build` made and never runs cargo-leptos itself.
# Result: target/aarch64-unknown-linux-gnu/debian/minping_VERSION_arm64.deb
#
# MINPING_GLIBC=2.28 links against glibc 2.28's symbols (cargo-zigbuild and zig, both from
# PyPI) instead of Debian 12's 2.36: the default binary needs GLIBC_2.34 and so does not
# start on UOS 20 or Kylin V10 (glibc 2.28, 2.31) nor on Debian 11.
set -euo pipefail
cd "$(dirname "$0")/.."
TRIPLE=aarch64-unknown-linux-gnu
GLIBC=${MINPING_GLIBC:-}
PORT=${MINPING_ARM64_PORT:-3198}   # not deb-test's 3197, so both can run at once
ok()   { printf '\033[1;32mPASS\033[0m %s\n' "$*"; }
fail() { printf '\033[1;31mFAIL\033[0m %s\n' "$*" >&2; exit 1; }

# The package's Depends follows the glibc the binary is linked for (server/Cargo.toml).
variant=()
case "$GLIBC" in
  "") ;;
  2.28) variant=(--variant glibc228) ;;   # Depends: libc6 (>= 2.28)
  *) fail "MINPING_GLIBC=$GLIBC: only 2.28 has a package variant (server/Cargo.toml)" ;;
esac

# The binary embeds target/site when it is compiled (rust-embed, server/src/site.rs);
# without it the package would serve pages without WebAssembly or CSS.
[ -f target/site/pkg/minping.wasm ] ||
  fail "site: target/site/pkg/minping.wasm is missing; run 'make build' (cargo leptos build --release --precompress) first"
ls target/site/pkg/*.br >/dev/null 2>&1 || fail "site: target/site is not precompressed; run 'make build' first"
ok "site: target/site is built and precompressed"

# Toolchain, installed only when missing (apt-get update only then, too).
rustup target list --installed | grep -qx "$TRIPLE" || rustup target add "$TRIPLE"
want=()
for p in gcc-aarch64-linux-gnu libc6-dev-arm64-cross; do dpkg -s "$p" >/dev/null 2>&1 || want+=("$p"); done
command -v qemu-aarch64 >/dev/null || command -v qemu-aarch64-static >/dev/null || want+=(qemu-user)
if [ ${#want[@]} -gt 0 ]; then
  sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
  echo "installing Debian packages: ${want[*]}"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
fi
if [ -n "$GLIBC" ] && ! command -v cargo-zigbuild >/dev/null; then
  echo "installing cargo-zigbuild and zig (PyPI)"
  python3 -m pip install -q ziglang cargo-zigbuild
fi
cargo deb --version >/dev/null 2>&1 || fail "toolchain: cargo-deb is missing; run 'make setup'"
QEMU=$(command -v qemu-aarch64 || command -v qemu-aarch64-static)
ok "toolchain: $TRIPLE target, $(aarch64-linux-gnu-gcc -dumpversion | sed 's/^/aarch64-linux-gnu-gcc /'), $(basename "$QEMU"), $(cargo deb --version)"

# Cross build. The C parts (ring, bundled SQLite) are compiled by the cc crate with the
# aarch64 gcc, which also links (or with zig for MINPING_GLIBC). Features as cargo-leptos
# uses them for the host build (bin-features = ["ssr"], bin-default-features = false);
# LEPTOS_OUTPUT_NAME as it sets it.
export LEPTOS_OUTPUT_NAME=minping
if [ -n "$GLIBC" ]; then
  build=(cargo zigbuild --target "$TRIPLE.$GLIBC")
else
  export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
  export CC_aarch64_unknown_linux_gnu=aarch64-linux-gnu-gcc AR_aarch64_unknown_linux_gnu=aarch64-linux-gnu-ar
  build=(cargo build --target "$TRIPLE")
fi
# rust-embed notices changed files of target/site but not added ones (the .br copies of a
# first build without --precompress, say): forget the server crate's own fingerprint so
# that it alone is recompiled and embeds the site as it is now.
rm -rf target/$TRIPLE/release/.fingerprint/server-*
start=$SECONDS
nice -n 19 "${build[@]}" --release -p server --bin minping --no-default-features --features ssr ||
  fail "build: ${build[*]}"
bin=target/$TRIPLE/release/minping
file -b "$bin" | grep -q 'ARM aarch64' || fail "build: $bin is not an aarch64 executable: $(file -b "$bin")"
ok "build: $bin in $(( (SECONDS - start) / 60 )) min $(( (SECONDS - start) % 60 )) s"

# Package. cargo-deb takes target/release/minping from target/$TRIPLE/release with
# --target, strips it with aarch64-linux-gnu-strip and names the architecture arm64.
nice -n 19 cargo deb -p server --no-build --target "$TRIPLE" "${variant[@]}" >/dev/null || fail "deb: cargo deb --target $TRIPLE ${variant[*]}"
deb=$(ls -t target/$TRIPLE/debian/minping_*_arm64.deb 2>/dev/null | head -n1)
[ -n "$deb" ] || fail "deb: no target/$TRIPLE/debian/minping_*_arm64.deb"
arch=$(dpkg-deb -f "$deb" Architecture)
[ "$arch" = arm64 ] || fail "deb: Architecture is $arch, not arm64"
files=$(dpkg-deb -c "$deb" | awk '{print $NF}')
for f in ./usr/bin/minping ./etc/minping/minping.env; do grep -qx "$f" <<<"$files" || fail "deb: $f is not in the package"; done
grep -q '/systemd/system/minping.service$' <<<"$files" || fail "deb: the systemd unit is not in the package"
# The package's libc6 dependency must name no older glibc than the binary needs (with
# MINPING_GLIBC=2.28 the variant says 2.28, so this also checks what zig linked against).
glibc=$(scripts/deb-glibc.sh "$deb" aarch64-linux-gnu-objdump) || fail "deb: its libc6 dependency does not match the binary"
ok "deb: $glibc"
ok "deb: $deb ($(du -h "$deb" | cut -f1), Architecture: $arch, binary, unit and settings inside)"

# Smoke test under qemu, as scripts/deb-test.sh does for the host package: the unpacked
# binary, from an empty directory (so the site can only come from inside the binary),
# SQLite in a scratch directory, listening on loopback only.
work=$(mktemp -d)
pid=
cleanup() { [ -z "$pid" ] || { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; }; rm -rf "$work"; }
trap cleanup EXIT
dpkg -x "$deb" "$work/root"
file -b "$work/root/usr/bin/minping" | grep -q 'ARM aarch64' || fail "unpack: the packaged binary is not aarch64"
# An array, not a function: `minping serve &` must give the pid of qemu itself, not of a
# subshell whose killing would leave the server running.
minping=("$QEMU" -L /usr/aarch64-linux-gnu "$work/root/usr/bin/minping")
mkdir "$work/empty" && cd "$work/empty"
export DATABASE_URL="sqlite://$work/minping.db?mode=rwc" MINPING_DATA_DIR="$work/data" MINPING_ADDR=127.0.0.1:$PORT RUST_LOG=warn
unset LEPTOS_SITE_ROOT
version=$("${minping[@]}" --version) || fail "qemu: minping --version"
ok "qemu: $version"
"${minping[@]}" migrate >/dev/null || fail "qemu: minping migrate"
code=$("${minping[@]}" demo | grep -oE '[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}' | sed -n 1p || true)
[ -n "$code" ] || fail "qemu: minping demo printed no ballot code"
ok "qemu: migrate and demo (SQLite in $work)"
"${minping[@]}" serve >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null || fail "qemu: serve did not answer /healthz within 60 s: $(tail -5 "$work/serve.log")"
ok "qemu: serve answers /healthz on 127.0.0.1:$PORT"
status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/v")
[ "$status" = 200 ] || fail "qemu: GET /v returned $status"
page=$(curl -sf "http://127.0.0.1:$PORT/v/$code") || fail "qemu: the ballot page /v/<code> did not load: $(tail -5 "$work/serve.log")"
grep -q 'minping.wasm\|/pkg/minping' <<<"$page" || fail "qemu: the ballot page does not load the WebAssembly"
ok "qemu: GET /v 200, ballot page /v/<code> 200 and loads /pkg/minping"
headers=$(curl -sf -D - -o "$work/wasm.br" -H 'accept-encoding: br' "http://127.0.0.1:$PORT/pkg/minping.wasm") || fail "qemu: /pkg/minping.wasm is missing"
grep -qi '^content-type: application/wasm' <<<"$headers" || fail "qemu: the WebAssembly has the wrong type: $headers"
grep -qi '^content-encoding: br' <<<"$headers" || fail "qemu: the WebAssembly was not served precompressed: $headers"
curl -sf -o "$work/wasm" "http://127.0.0.1:$PORT/pkg/minping.wasm" || fail "qemu: /pkg/minping.wasm without compression is missing"
magic=$(head -c4 "$work/wasm" | od -An -tx1 | tr -d ' ')
[ "$magic" = 0061736d ] || fail "qemu: /pkg/minping.wasm without compression is not WebAssembly (starts $magic)"
ok "qemu: /pkg/minping.wasm 200, application/wasm, brotli ($(stat -c %s "$work/wasm.br") bytes), plain copy starts with \\0asm"
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
ok "qemu: server stopped; $deb is ready for an aarch64 server"
