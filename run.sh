#!/usr/bin/env bash
# Build bpfvet (installing missing packages) and verify the bundled example objects.
set -euo pipefail
cd "$(dirname "$0")"
scripts/deps.sh
[ -d build ] || meson setup build >/dev/null
ninja -C build >/dev/null
set +e
build/src/bpfvet check examples/*.bpf.o
echo "(exit status $?: 0 all accepted, 1 some program rejected, 2 bad input)"
