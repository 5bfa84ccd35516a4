#!/usr/bin/env python3
"""Check the expectations of testcases/*.t against the running kernel (needs root and a build).

usage: tools/verify_testcases.py BPFVET TESTCASES_DIR [FILTER]
Assembles each asm/raw case with `bpfvet dump --format raw`, loads it with the kernel verifier
(tools/kload.py's loader) and reports cases whose expected verdict or message the kernel does not
produce. ELF and bad-input cases are skipped. A development aid, not part of the test suite.
"""
import os, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kload  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "e2e"))
import run_testcases  # noqa: E402


def main():
    bpfvet, root = sys.argv[1], sys.argv[2]
    filt = sys.argv[3] if len(sys.argv) > 3 else ""
    bad = 0
    for d, _, fs in sorted(os.walk(root)):
        for f in sorted(fs):
            path = os.path.join(d, f)
            if not f.endswith(".t") or filt not in path:
                continue
            sections, meta, expect = run_testcases.parse(path)
            if "verdict" not in expect or not ("asm" in sections or "raw" in sections):
                continue
            m = dict(meta)
            with tempfile.TemporaryDirectory() as tmp:
                src = os.path.join(tmp, "c.s" if "asm" in sections else "c.bin")
                if "asm" in sections:
                    open(src, "w").write("\n".join(sections["asm"]) + "\n")
                else:
                    open(src, "wb").write(bytes.fromhex("".join("".join(sections["raw"]).split())))
                args = [bpfvet, "dump", "--format", "raw", "-o", os.path.join(tmp, "o.bin")]
                args += ["--type", m.get("type", "socket_filter")]
                for k, v in meta:
                    if k == "map":
                        args += ["--map", v]
                p = subprocess.run(args + [src], capture_output=True)
                if p.returncode:
                    print("SKIP %s: cannot assemble: %s" % (path, p.stderr.decode().strip()))
                    continue
                insns = bytearray(open(os.path.join(tmp, "o.bin"), "rb").read())
            maps = []
            for k, v in meta:
                if k == "map":
                    t, ks, vs, e = v.split(":")[:4]
                    maps.append(kload.map_create(kload.MAP_TYPES.index(t), int(ks), int(vs), int(e)))
            for i in range(len(insns) // 8):
                if insns[8 * i] == 0x18 and (insns[8 * i + 1] >> 4) in (1, 2):
                    idx = int.from_bytes(insns[8 * i + 4:8 * i + 8], "little", signed=True)
                    if 0 <= idx < len(maps):
                        insns[8 * i + 4:8 * i + 8] = maps[idx].to_bytes(4, "little")
            flags = 0
            for name in filter(None, m.get("flags", "").split(",")):
                flags |= {"strict_alignment": 1, "any_alignment": 2, "test_state_freq": 8}[name]
            if "--unpriv" in m.get("args", ""):
                print("SKIP %s: unprivileged case (check by hand)" % path)
                continue
            fd, err, log = kload.load(bytes(insns), kload.PROG_TYPES.index(m.get("type", "socket_filter")), flags)
            verdict = "accept" if fd >= 0 else "reject"
            lines = [l for l in log.splitlines() if l.strip()]
            problems = []
            if verdict != expect["verdict"]:
                problems.append("kernel %s" % verdict)
            if "message" in expect and expect["message"] not in log:
                problems.append("message not in kernel log")
            if problems:
                bad += 1
                print("MISMATCH %s: %s\n    kernel says: %s" % (path, ", ".join(problems),
                                                            " | ".join(lines[-4:])))
    print("%d mismatches" % bad)


if __name__ == "__main__":
    main()
