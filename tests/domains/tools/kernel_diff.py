#!/usr/bin/env python3
"""Differential test of the domains against the live kernel verifier (needs root and BPF).

Generates random straight-line programs of scalar ALU ops and conditional jumps on r6-r8 (the
generator of gen_kernel_cases.py), loads each with log level 2, and compares every register
state the kernel prints on its first explored path with the domain-replay executable's output.

usage: kernel_diff.py BUILD/tests/domains/domain-replay COUNT [LENGTH [FIRST_SEED]]
"""
import os, random, re, subprocess, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_kernel_cases as g
from bpfload import load


def run_one(replay, seed, length):
    random.seed(seed)
    prog = g.gen(length)
    fd, err, log = load(prog)
    if fd < 0:
        return 'kernel-rejected', log.splitlines()[-2:]
    kern, kbugs = [], []
    for l in log.splitlines():
        if l.startswith('from '):
            break
        if l.startswith('verifier bug:'):
            kbugs.append(l)
        m = re.match(r'^(\d+): \([0-9a-f]{2}\) .*?;(.*)$', l)
        if m:
            kern.append((int(m.group(1)), g.parse_state(m.group(2)), l))
    out = subprocess.run([replay], input=b''.join(prog).hex(), capture_output=True,
                         text=True).stdout
    mine, mbugs = [], []
    for l in out.splitlines():
        if l.startswith('verifier bug:'):
            mbugs.append(l)
            continue
        idx, _, rest = l.partition(' ')
        regs = {}
        for t in rest.split('|'):
            if t.strip():
                k, v = t.strip().split('=', 1)
                regs[int(k[1:])] = v
        mine.append((int(idx), regs))
    i = 0
    for idx, st, raw in kern:
        while i < len(mine) and mine[i][0] != idx:
            i += 1
        if i >= len(mine):
            return 'path-differs', raw
        for r in g.REGS:
            if r in st and st[r] != mine[i][1].get(r):
                return 'state-differs', '%s\n  kernel R%d=%s\n  bpfvet R%d=%s' % (
                    raw, r, st[r], r, mine[i][1].get(r))
        i += 1
    # invariant-violation lines on the first path (the replay may run past the kernel's last
    # printed state, so compare the kernel's lines with a prefix of ours)
    if kbugs != mbugs[:len(kbugs)]:
        return 'violation-differs', '\n  kernel %s\n  bpfvet %s' % (kbugs, mbugs[:len(kbugs)])
    return 'ok', None


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    replay, count = sys.argv[1], int(sys.argv[2])
    length = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    first = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    stats, shown = {}, 0
    for seed in range(first, first + count):
        res, info = run_one(replay, seed, length)
        stats[res] = stats.get(res, 0) + 1
        if res != 'ok' and shown < 10:
            shown += 1
            print('seed %d: %s: %s' % (seed, res, info))
    print(stats)
    return 0 if set(stats) <= {'ok'} else 1


if __name__ == '__main__':
    sys.exit(main())
