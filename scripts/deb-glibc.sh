#!/usr/bin/env bash
# Usage: scripts/deb-glibc.sh PACKAGE.deb [OBJDUMP]
# Checks that the package's `Depends: libc6 (>= X)` is no older than the newest glibc
# symbol version its /usr/bin/minping asks for. Declared older, dpkg installs a binary
# that then fails to start ("version `GLIBC_2.34' not found"); so that fails here. Declared
# newer, dpkg refuses hosts that could run it: a warning. Prints the two versions.
set -euo pipefail
deb=${1:?usage: scripts/deb-glibc.sh PACKAGE.deb [OBJDUMP]}
objdump=${2:-objdump}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
dpkg -x "$deb" "$dir"
needs=$("$objdump" -T "$dir/usr/bin/minping" | grep -oE 'GLIBC_[0-9.]+' | sed 's/GLIBC_//' | sort -uV | tail -n1)
[ -n "$needs" ] || { echo "deb-glibc: $deb: no glibc symbol versions in usr/bin/minping" >&2; exit 1; }
declared=$(dpkg-deb -f "$deb" Depends | sed -n 's/.*libc6 (>= \([0-9.]*\)).*/\1/p')
[ -n "$declared" ] || { echo "deb-glibc: $deb: Depends names no libc6 (>= version): $(dpkg-deb -f "$deb" Depends)" >&2; exit 1; }
if ! dpkg --compare-versions "$declared" ge "$needs"; then
  echo "deb-glibc: $deb says libc6 (>= $declared) but its binary needs glibc $needs: it would install on hosts where it cannot start; set depends in server/Cargo.toml [package.metadata.deb] (or build with MINPING_GLIBC)" >&2
  exit 1
fi
dpkg --compare-versions "$declared" eq "$needs" ||
  echo "deb-glibc: note: $deb says libc6 (>= $declared) but its binary would start on glibc $needs" >&2
echo "Depends: libc6 (>= $declared); the binary needs glibc >= $needs"
