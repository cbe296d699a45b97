#!/usr/bin/env bash
# The Debian package (issue 19), as `make test` checks it: `make deb` has built it (or
# pass its path: scripts/deb-test.sh PACKAGE.deb). This checks its libc6 dependency
# against the binary (scripts/deb-glibc.sh), unpacks it into a scratch root (`dpkg -x`,
# no root needed), checks its files, conffile and unit, then runs the installed binary
# from an empty directory — migrate, demo, serve — and fetches a ballot page and its
# WebAssembly, which come from inside the binary (there is no site on disk there); then
# the same for the tarball of `make dist`.
set -euo pipefail
cd "$(dirname "$0")/.."
OLDPWD_ROOT=$PWD
deb=${1:-$(ls -t target/debian/minping_*.deb 2>/dev/null | head -n1)}
[ -n "$deb" ] || { echo "no package under target/debian: run make deb" >&2; exit 1; }
root=$(mktemp -d) work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$root" "$work"; }
trap cleanup EXIT
say() { printf '\033[1;34m[deb]\033[0m %s\n' "$*"; }
fail() { echo "deb-test: $*" >&2; exit 1; }

dpkg-deb --field "$deb" Package | grep -qx minping || fail "the package is not named minping"
dpkg -x "$deb" "$root"
dpkg-deb -e "$deb" "$work/control"
unit=$(find "$root" -name minping.service | head -n1)
for f in usr/bin/minping etc/minping/minping.env usr/share/doc/minping/README.md usr/share/doc/minping/RULES.md; do
  [ -e "$root/$f" ] || fail "$f is not in the package"
done
[ -n "$unit" ] || fail "the systemd unit is not in the package"
grep -qx /etc/minping/minping.env "$work/control/conffiles" || fail "minping.env is not a conffile (it would be overwritten on upgrade)"
for line in "User=minping" "StateDirectory=minping" "Restart=on-failure" "ExecStartPre=/usr/bin/minping migrate" "NoNewPrivileges=yes" "ProtectSystem=strict"; do
  grep -qx "$line" "$unit" || fail "the unit lacks $line"
done
grep -q adduser "$work/control/postinst" || fail "postinst does not create the minping user"
say "$(basename "$deb"): files, conffile, unit and maintainer scripts are in place"
glibc=$(scripts/deb-glibc.sh "$deb") || fail "the package's libc6 dependency does not match its binary"
say "$(basename "$deb"): $glibc"

cd "$work"
mkdir empty && cd empty
export DATABASE_URL="sqlite://$work/minping.db?mode=rwc" MINPING_DATA_DIR="$work/data" MINPING_ADDR=127.0.0.1:3197 RUST_LOG=warn
unset LEPTOS_SITE_ROOT
[ ! -e target/site ] || fail "the scratch directory has a site"
"$root/usr/bin/minping" migrate >/dev/null
code=$("$root/usr/bin/minping" demo | grep -oE '[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}' | head -n1)
[ -n "$code" ] || fail "the demo printed no code"
"$root/usr/bin/minping" serve > "$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 50); do curl -sf http://127.0.0.1:3197/healthz >/dev/null && break; sleep 0.2; done
page=$(curl -sf "http://127.0.0.1:3197/v/$code") || fail "the ballot page did not load: $(tail -5 "$work/serve.log")"
grep -q 'minping.wasm\|/pkg/minping' <<<"$page" || fail "the ballot page does not load the WebAssembly"
headers=$(curl -sf -D - -o "$work/wasm.br" -H 'accept-encoding: br' http://127.0.0.1:3197/pkg/minping.wasm) || fail "/pkg/minping.wasm is missing"
grep -qi '^content-encoding: br' <<<"$headers" || fail "the WebAssembly was not served precompressed: $headers"
grep -qi '^content-type: application/wasm' <<<"$headers" || fail "the WebAssembly has the wrong type: $headers"
curl -sf -o /dev/null http://127.0.0.1:3197/pkg/minping.css || fail "/pkg/minping.css is missing"
say "the installed binary serves the ballot page and its WebAssembly ($(stat -c %s "$work/wasm.br") bytes, brotli) from an empty directory"
kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; pid=

# The tarball of `make dist` for hosts without dpkg: install.sh into a scratch prefix puts
# the same files in place, and a second run keeps the settings an IT office edited.
cd "$OLDPWD_ROOT"
tarball=$(scripts/dist.sh | awk '{print $1}')
mkdir -p "$work/dist" && tar -xzf "$tarball" -C "$work/dist"
inst=$(ls -d "$work"/dist/minping-*/)
DESTDIR="$work/prefix" sh "$inst/install.sh" >/dev/null
for f in usr/bin/minping lib/systemd/system/minping.service etc/minping/minping.env usr/share/doc/minping/README.md; do
  [ -e "$work/prefix/$f" ] || fail "install.sh did not install $f"
done
echo "MINPING_ORGANIZER=edited" >> "$work/prefix/etc/minping/minping.env"
again=$(DESTDIR="$work/prefix" sh "$inst/install.sh")
grep -q "kept the existing" <<<"$again" || fail "install.sh did not say it kept the settings: $again"
grep -q "MINPING_ORGANIZER=edited" "$work/prefix/etc/minping/minping.env" || fail "install.sh overwrote the settings"
"$work/prefix/usr/bin/minping" --version >/dev/null || fail "the installed binary does not run"
say "$(basename "$tarball"): install.sh installs the same files and keeps edited settings"
