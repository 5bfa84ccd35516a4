#!/usr/bin/env bash
# Install what bpfvet needs to build and test on Debian 12 (as root, or with sudo), once.
set -euo pipefail
pkgs=(meson ninja-build pkg-config gcc libelf-dev libjansson-dev check libbpf-dev
      libgraphviz-dev zlib1g-dev python3)
missing=()
for p in "${pkgs[@]}"; do
	dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	echo "installing: ${missing[*]}"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# Optional: the kernel source the helper table is checked against (the test skips without it).
if ! dpkg -s linux-source-6.12 >/dev/null 2>&1; then
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq linux-source-6.12 >/dev/null 2>&1 ||
		echo "linux-source-6.12 not available: the helper-table source check will be skipped"
fi
