#!/usr/bin/env python3
"""Speed of bpfvet against the kernel's own verifier, on the corpora that record the kernel's
verification time (test_verifier: kernel.verify_ms; kselftests: kernel.verif_time_us).

usage: tools/bench.py BPFVET CORPUS... [--min-us N]
For every program where bpfvet and the kernel agree on the verdict, compares bpfvet's own
analysis time (stats.time_us, the library's time without process start-up) with the kernel's,
and prints the totals and the ratio (kernel time / bpfvet time: above 1 means bpfvet is faster),
also per size class of processed instructions. The kernel's times come from a 2-vCPU VM with
logging on (see the corpus READMEs), so the ratio is a magnitude, not a precise figure.
"""
import json, os, subprocess, sys
from collections import defaultdict


def run(bpfvet, args):
    p = subprocess.run([bpfvet, "check", "--format", "json", *args], capture_output=True)
    try:
        return [q for f in json.loads(p.stdout)["files"] for q in f["programs"]]
    except ValueError:
        return []


def main():
    bpfvet = sys.argv[1]
    corpora = [a for a in sys.argv[2:] if not a.startswith("--")]
    rows = []
    for c in corpora:
        if os.path.exists(os.path.join(c, "cases.jsonl")):
            for line in open(os.path.join(c, "cases.jsonl")):
                k = json.loads(line)
                kt = (k.get("kernel") or {}).get("verify_ms")
                if kt is None or k["kernel"]["verdict"] not in ("accept", "reject"):
                    continue
                progs = run(bpfvet, ["--spec", os.path.join(c, k["name"] + ".json"),
                                     os.path.join(c, k["name"] + ".bin")])
                if progs and progs[0]["verdict"] == k["kernel"]["verdict"]:
                    rows.append((kt * 1000.0, progs[0]["stats"]["time_us"],
                                 progs[0]["stats"]["processed_insns"]))
        else:
            by_obj = defaultdict(list)
            for line in open(os.path.join(c, "manifest.jsonl")):
                m = json.loads(line)
                if m["kernel"]["verdict"] in ("accept", "reject") and m["kernel"].get("verif_time_us"):
                    by_obj[m["object"]].append(m)
            for obj, ms in by_obj.items():
                progs = {q["name"]: q for q in run(bpfvet, [os.path.join(c, obj)])}
                for m in ms:
                    q = progs.get(m["program"])
                    if q and q["verdict"] == m["kernel"]["verdict"]:
                        rows.append((float(m["kernel"]["verif_time_us"]), q["stats"]["time_us"],
                                     q["stats"]["processed_insns"]))
    if not rows:
        sys.exit("bench: no comparable programs")
    classes = [(0, 100), (100, 10000), (10000, 10 ** 9)]
    print("%-22s %8s %14s %14s %8s" % ("processed insns", "programs", "kernel us", "bpfvet us", "ratio"))
    for lo, hi in classes:
        sel = [r for r in rows if lo <= r[2] < hi]
        if sel:
            k, b = sum(r[0] for r in sel), sum(r[1] for r in sel)
            print("%-22s %8d %14.0f %14.0f %8.2f" % ("[%d, %d)" % (lo, hi), len(sel), k, b,
                                                   k / max(b, 1)))
    k, b = sum(r[0] for r in rows), sum(r[1] for r in rows)
    print("bench: %d programs, kernel %.0f us, bpfvet %.0f us, ratio %.2f" % (len(rows), k, b,
                                                                               k / max(b, 1)))


if __name__ == "__main__":
    main()
