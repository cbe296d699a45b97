#!/bin/sh
# Installs Minping from this tarball on a host without dpkg (run as root): the binary,
# the systemd unit, the settings (kept if present) and the docs; creates the minping user.
# Then: edit /etc/minping/minping.env, `systemctl enable --now minping`.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
prefix=${DESTDIR:-}
install -D -m 0755 "$here/usr/bin/minping" "$prefix/usr/bin/minping"
install -D -m 0644 "$here/lib/systemd/system/minping.service" "$prefix/lib/systemd/system/minping.service"
if [ ! -f "$prefix/etc/minping/minping.env" ]; then
    install -D -m 0640 "$here/etc/minping/minping.env" "$prefix/etc/minping/minping.env"
else
    echo "kept the existing $prefix/etc/minping/minping.env"
fi
mkdir -p "$prefix/usr/share/doc/minping"
cp -R "$here/usr/share/doc/minping/." "$prefix/usr/share/doc/minping/"
if [ -z "$prefix" ]; then
    if ! getent passwd minping >/dev/null; then
        useradd --system --user-group --home-dir /var/lib/minping --no-create-home --shell /usr/sbin/nologin minping
    fi
    chown root:minping /etc/minping/minping.env
    command -v systemctl >/dev/null && systemctl daemon-reload || true
fi
echo "Minping $("$prefix/usr/bin/minping" --version | awk '{print $2}') installed. Next: edit /etc/minping/minping.env, then systemctl enable --now minping"
