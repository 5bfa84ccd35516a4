#!/usr/bin/env bash
# The helper table against the kernel's own prototypes (tools/check_helpers.py), when the Linux
# 6.12 source (Debian package linux-source-6.12) is on this machine; skipped (77) otherwise.
set -euo pipefail
root=$1
src=/usr/src/linux-source-6.12
if [ ! -d "$src/kernel/bpf" ]; then
	tarball=/usr/src/linux-source-6.12.tar.xz
	[ -f "$tarball" ] || { echo "linux-source-6.12 not installed: skipped"; exit 77; }
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	tar -C "$tmp" -xf "$tarball" linux-source-6.12/kernel linux-source-6.12/net \
		linux-source-6.12/include
	src=$tmp/linux-source-6.12
fi
exec python3 "$root/tools/check_helpers.py" "$src"
