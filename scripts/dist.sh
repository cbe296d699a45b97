#!/usr/bin/env bash
# `make dist`: target/dist/minping-VERSION-ARCH.tar.gz for hosts without dpkg — the same
# files as the Debian package (binary with its site inside, systemd unit, settings, docs)
# and install.sh, which copies them into place and creates the minping user.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/minping
[ -x "$bin" ] || { echo "no $bin: run make build" >&2; exit 1; }
version=$("$bin" --version | awk '{print $2}')
arch=$(uname -m)
name="minping-$version-$arch"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root="$stage/$name"
install -D -m 0755 "$bin" "$root/usr/bin/minping"
strip "$root/usr/bin/minping" 2>/dev/null || true
install -D -m 0644 packaging/minping.service "$root/lib/systemd/system/minping.service"
install -D -m 0640 packaging/minping.env "$root/etc/minping/minping.env"
install -D -m 0644 README.md "$root/usr/share/doc/minping/README.md"
for f in ARCHITECTURE RULES RELIABILITY BENCHMARKS; do install -m 0644 "docs/$f.md" "$root/usr/share/doc/minping/"; done
install -m 0755 packaging/install.sh "$root/install.sh"
mkdir -p target/dist
tar -C "$stage" -czf "target/dist/$name.tar.gz" "$name"
echo "target/dist/$name.tar.gz ($(du -h "target/dist/$name.tar.gz" | cut -f1))"
