#!/usr/bin/env python3
"""Run every testcases/**/*.t through the bpfvet binary and compare with the expected outcome.

usage: run_testcases.py BPFVET TESTCASES_DIR [NAME_FILTER]
Prints one line per failing case and ends with 'N passed, N failed'. Exit 1 on any failure.
"""
import json, os, subprocess, sys, tempfile


def parse(path):
    sections, cur = {}, None
    for line in open(path, encoding="utf-8"):
        if line.startswith("-- "):
            cur = line[3:].strip()
            sections[cur] = []
        elif cur is not None:
            sections[cur].append(line.rstrip("\n"))
    kv = lambda name: [tuple(x.strip() for x in l.split(":", 1))
                       for l in sections.get(name, []) if ":" in l and not l.lstrip().startswith("#")]
    return sections, kv("meta"), dict(kv("expect"))


SKIP = "skip"
KERNEL_BTF = "/sys/kernel/btf/vmlinux"


def run_case(bpfvet, root, path, tmp):
    sections, meta, expect = parse(path)
    for k, v in meta:
        # cases about kfuncs and kernel types need the machine's kernel BTF (bpfvet reads it
        # like libbpf); where it is absent they are skipped, not failed
        if k == "requires" and v == "kernel-btf" and not os.access(KERNEL_BTF, os.R_OK):
            return SKIP
    args = [bpfvet, "check", "--format", "json"]
    for k, v in meta:
        if k == "type":
            args += ["--type", v]
        elif k == "map":
            args += ["--map", v]
        elif k == "flags":
            args += ["--prog-flags", v]
        elif k == "program":
            args += ["--program", v]
        elif k == "requires":
            pass
        elif k == "args":
            args += v.split()
    if "asm" in sections:
        f = os.path.join(tmp, "case.s")
        open(f, "w").write("\n".join(sections["asm"]) + "\n")
    elif "raw" in sections:
        f = os.path.join(tmp, "case.bin")
        hexs = "".join("".join(sections["raw"]).split())
        open(f, "wb").write(bytes.fromhex(hexs))
        if not any(k == "type" for k, _ in meta):
            args += ["--type", "socket_filter"]
    elif "file" in sections:
        f = os.path.join(root, sections["file"][0].strip())
    else:
        return "no -- asm, -- raw or -- file section"
    args.append(f)
    p = subprocess.run(args, capture_output=True, timeout=60)
    if p.returncode < 0:
        return "bpfvet died with signal %d" % -p.returncode
    if "exit" in expect:
        if p.returncode != int(expect["exit"]):
            return "exit %d, expected %s; stderr: %s" % (p.returncode, expect["exit"],
                                                        p.stderr.decode()[-300:])
        if "stderr" in expect or "message" in expect:
            want = expect.get("stderr") or expect.get("message")
            out = p.stderr.decode() + p.stdout.decode()
            if want not in out:
                return "output lacks %r: %s" % (want, out[-300:])
        return None
    try:
        doc = json.loads(p.stdout)
    except ValueError:
        return "bad JSON (exit %d): %s" % (p.returncode, p.stderr.decode()[-300:])
    progs = [q for fobj in doc["files"] for q in fobj["programs"]]
    if not progs:
        errs = [fobj.get("error") for fobj in doc["files"]]
        return "no program in output: %s" % errs
    prog = progs[0]
    got = prog["verdict"]
    msg = (prog.get("error") or {}).get("message") or ""
    if got != expect.get("verdict"):
        return "verdict %s, expected %s (%s)" % (got, expect.get("verdict"), msg)
    if "insn" in expect and str((prog.get("error") or {}).get("insn")) != expect["insn"]:
        return "insn %s, expected %s (%s)" % ((prog.get("error") or {}).get("insn"),
                                              expect["insn"], msg)
    if "message" in expect and expect["message"] not in msg:
        return "message %r lacks %r" % (msg, expect["message"])
    want_exit = {"accept": 0}.get(got, 1)
    if p.returncode != want_exit:
        return "exit %d for verdict %s" % (p.returncode, got)
    return None


def main():
    bpfvet, root = sys.argv[1], sys.argv[2]
    filt = sys.argv[3] if len(sys.argv) > 3 else ""
    cases = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs
                   if f.endswith(".t") and filt in os.path.join(d, f))
    passed = failed = skipped = 0
    with tempfile.TemporaryDirectory() as tmp:
        for c in cases:
            try:
                why = run_case(bpfvet, root, c, tmp)
            except Exception as e:  # a broken case file is a failure, not a crash of the runner
                why = "runner error: %s" % e
            if why == SKIP:
                skipped += 1
            elif why:
                failed += 1
                print("FAIL %s: %s" % (os.path.relpath(c, root), why))
            else:
                passed += 1
    print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    sys.exit(1 if failed or not cases else 0)


if __name__ == "__main__":
    main()
