#!/bin/bash
# Rebuild the held-out corpus: BPF objects that bpfvet was never tuned on, with the running kernel's
# verdicts.  Sources: the Linux 6.12 BPF selftests (tools/testing/selftests/bpf/progs/*.c) EXCEPT
# verifier_*.c (those are in /work/shared/corpus/kselftests), plus samples/bpf and the tools/bpf
# skeleton programs of the same tree.  Every program of every object is loaded on its own into the
# running kernel by kload (kload.c beside this script, linked with the libbpf of the same tree) and
# described by one line of manifest.jsonl, in the format of shared/corpus/kselftests, so that
# shared/tools/conformance.py reads the output folder directly.
#
# Usage (as root):  tools/heldout/build.sh [OUTDIR]        (default /work/heldout)
# Environment:      CLANG (default clang-19, else clang), JOBS (default nproc),
#                   REUSE_OBJ=1 (only reload), SRC_TAR (default /usr/src/linux-source-6.12.tar.xz)
# Needs: clang (19 compiles the most selftests; Debian 12: apt-get install clang-19 llvm-19),
#        bpftool, libelf-dev, zlib1g-dev, libjansson-dev, make, python3.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:-/work/heldout}
B=$OUT/build
SRC_TAR=${SRC_TAR:-/usr/src/linux-source-6.12.tar.xz}
JOBS=${JOBS:-$(nproc)}
if [ -z "${CLANG:-}" ]; then
	CLANG=clang
	for c in clang-19 clang-18 clang-17 clang-16 clang-15; do
		if command -v $c >/dev/null; then CLANG=$c; break; fi
	done
fi
STRIP=llvm-strip-${CLANG#clang-}
command -v "$STRIP" >/dev/null || STRIP=llvm-strip
mkdir -p "$B" "$OUT/logs"

# 1. the 6.12 tree's tools/, samples/bpf and the uapi headers (no kernel source is kept in the repo)
K=$B/src/linux-source-6.12
if [ ! -d "$K/tools/testing/selftests/bpf/progs" ]; then
	mkdir -p "$B/src"
	tar -C "$B/src" -xJf "$SRC_TAR" --wildcards 'linux-source-6.12/tools/*' \
		'linux-source-6.12/samples/bpf/*' 'linux-source-6.12/scripts/bpf_doc.py' \
		'linux-source-6.12/include/uapi/*' || exit 1
fi
ST=$K/tools/testing/selftests/bpf

# 2. headers: vmlinux.h of the running kernel, bpf_helper_defs.h of the tree, libbpf headers
INC=$B/include
mkdir -p "$INC/bpf"
[ -s "$INC/vmlinux.h" ] || bpftool btf dump file /sys/kernel/btf/vmlinux format c > "$INC/vmlinux.h" || exit 1
cp "$K"/tools/lib/bpf/*.h "$INC/bpf/"
[ -s "$INC/bpf/bpf_helper_defs.h" ] || python3 "$K/scripts/bpf_doc.py" --header \
	--file "$K/tools/include/uapi/linux/bpf.h" > "$INC/bpf/bpf_helper_defs.h" || exit 1

# 3. libbpf of the tree (static) and the loader
if [ ! -s "$B/libbpf/libbpf.a" ]; then
	mkdir -p "$B/libbpf"
	make -s -C "$K/tools/lib/bpf" OUTPUT="$B/libbpf/" BUILD_STATIC_ONLY=1 -j"$JOBS" \
		"$B/libbpf/libbpf.a" >"$B/libbpf.log" 2>&1 || { cat "$B/libbpf.log"; exit 1; }
fi
cc -O2 -g -Wall -Wextra -o "$B/kload" "$HERE/kload.c" -I"$INC" "$B/libbpf/libbpf.a" \
	-lelf -lz -ljansson || exit 1

# 4. compile: selftests flags (Makefile BPF_CFLAGS + CLANG_SYS_INCLUDES), no -Werror
SYSINC=$($CLANG -v -E - </dev/null 2>&1 | sed -n '/<...> search starts here:/,/End of search list./{ s| \(/.*\)|-idirafter \1|p }')
CFLAGS="-g -O2 --target=bpf -mcpu=v3 -Wall -D__TARGET_ARCH_x86 -mlittle-endian -I$INC -I$ST \
-I$K/tools/include/uapi -I$K/tools/include -Wno-compare-distinct-pointer-types \
-DENABLE_ATOMICS_TESTS $SYSINC"
export CLANG CFLAGS STRIP ST K OUT B
compile_one() {	# $1 = source, $2 = object name, $3 = source label
	local src=$1 obj=$2 extra=""
	case "$(basename "$src")" in
	bind4_prog.c|bind6_prog.c|dynptr_fail.c|linked_list_fail.c|map_kptr_fail.c|syscall.c|\
	test_pkt_md_access.c|test_sk_lookup.c|timer_crash.c|test_global_func9.c)
		extra=-fno-strict-aliasing ;;
	test_l4lb_noinline.c|test_xdp_noinline.c) extra=-fno-inline ;;
	esac
	mkdir -p "$B/obj"
	if (cd "$(dirname "$src")" && $CLANG $CFLAGS $extra -I"$(dirname "$src")" -c "$src" \
		-o "$B/obj/$obj") >"$B/obj/$obj.err" 2>&1; then
		echo "ok $obj $3"
	else
		rm -f "$B/obj/$obj"
		echo "fail $obj $3"
	fi
}
export -f compile_one
if [ "${REUSE_OBJ:-0}" != 1 ]; then
	rm -rf "$B/obj" "$OUT"/*.bpf.o
	{
		for f in "$ST"/progs/*.c; do
			n=$(basename "$f" .c)
			case "$n" in verifier_*) continue ;; esac
			echo "$f $n.bpf.o progs/$n.c"
		done
		for f in "$K"/samples/bpf/*_kern.c "$K"/samples/bpf/*.bpf.c; do
			[ -e "$f" ] || continue
			n=$(basename "$f" .c); n=${n%.bpf}
			echo "$f samples_$n.bpf.o samples/bpf/$(basename "$f")"
		done
		for f in "$K"/tools/bpf/bpftool/skeleton/*.bpf.c "$K"/tools/bpf/runqslower/*.bpf.c; do
			[ -e "$f" ] || continue
			n=$(basename "$f" .bpf.c)
			echo "$f tools_$n.bpf.o tools/bpf/${f#"$K"/tools/bpf/}"
		done
	} | xargs -P "$JOBS" -n 3 bash -c 'compile_one "$@"' _ > "$B/compile.txt"
	# multi-file programs, linked as the selftests Makefile does
	link() {	# $1 = result name, rest = parts
		local name=$1; shift
		local parts=() p label
		label="link:$(IFS=+; echo "$*")"
		for p in "$@"; do
			[ -s "$B/obj/$p.bpf.o" ] || { echo "fail $name.linked.bpf.o $label" >> "$B/compile.txt"; return; }
			parts+=("$B/obj/$p.bpf.o")
		done
		if "$B/kload" --link "$B/obj/$name.linked.bpf.o" "${parts[@]}" \
			>"$B/obj/$name.linked.bpf.o.err" 2>&1; then
			echo "ok $name.linked.bpf.o $label" >> "$B/compile.txt"
		else
			rm -f "$B/obj/$name.linked.bpf.o"
			echo "fail $name.linked.bpf.o $label" >> "$B/compile.txt"
		fi
	}
	link test_static_linked test_static_linked1 test_static_linked2
	link linked_funcs linked_funcs1 linked_funcs2
	link linked_vars linked_vars1 linked_vars2
	link linked_maps linked_maps1 linked_maps2
	link test_subskeleton test_subskeleton_lib2 test_subskeleton_lib test_subskeleton
	link test_subskeleton_lib test_subskeleton_lib2 test_subskeleton_lib
	link test_usdt test_usdt test_usdt_multispec
	# keep BTF/BTF.ext, drop DWARF (the objects carry no kernel source beyond BTF line info)
	for o in "$B"/obj/*.bpf.o; do
		"$STRIP" -g -o "$OUT/$(basename "$o")" "$o" || cp "$o" "$OUT/"
	done
fi
echo "compiled: $(grep -c '^ok' "$B/compile.txt") ok, $(grep -c '^fail' "$B/compile.txt") failed ($CLANG)"

[ "${STOP_AFTER_COMPILE:-0}" = 1 ] && exit 0

# 5. load every program of every object, one at a time
rm -rf "$OUT/logs"; mkdir -p "$OUT/logs"
: > "$OUT/manifest.jsonl.tmp"
: > "$OUT/objects.jsonl"
: > "$B/kload.err"
for o in "$OUT"/*.bpf.o; do
	n=$(basename "$o")
	src=$(awk -v n="$n" '$2 == n { print $3 }' "$B/compile.txt")
	timeout 900 "$B/kload" --logs "$OUT/logs" --objects "$OUT/objects.jsonl" --source "${src:-?}" \
		"$o" >> "$OUT/manifest.jsonl.tmp" \
		2>>"$B/kload.err" || echo "kload: $n exit $?" >> "$B/kload.err"
done
mv "$OUT/manifest.jsonl.tmp" "$OUT/manifest.jsonl"
# sources that did not compile, for the record
grep '^fail' "$B/compile.txt" | while read -r _ obj src; do
	err=$(grep -m1 'error' "$B/obj/$obj.err" 2>/dev/null | sed 's/\\/\\\\/g; s/"/\\"/g' | cut -c1-300)
	printf '{"object":"%s","source_file":"%s","status":"not_compiled","n_programs":0,"programs":[],"compile_error":"%s"}\n' \
		"$obj" "$src" "$err" >> "$OUT/objects.jsonl"
done
python3 - "$OUT" <<'EOF'
import json, sys, collections
out = sys.argv[1]
c = collections.Counter(json.loads(l)["kernel"]["verdict"] for l in open(out + "/manifest.jsonl"))
o = collections.Counter(json.loads(l)["status"] for l in open(out + "/objects.jsonl"))
print("manifest: %d programs, %s; objects: %s" % (sum(c.values()), dict(c), dict(o)))
EOF
