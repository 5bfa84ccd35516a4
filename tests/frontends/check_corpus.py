#!/usr/bin/env python3
"""Compare the ELF frontend with a kselftests-style corpus manifest (not a unit test: the corpus
is not available on CI machines).

usage: check_corpus.py [--libbpf LIBBPF_INSNS] ELF_DUMP [CORPUS_DIR]
       (CORPUS_DIR defaults to /work/shared/corpus/kselftests)

ELF_DUMP is the tests/frontends/elf-dump driver built by meson. For every object named in
manifest.jsonl the loader must list exactly the manifest's programs (section, name), and for each
program insn_cnt == insns_loaded (where not null), main_insn_cnt == insns, and the program type and
expected attach type are the manifest's. Prints the numbers
and the first mismatches; exit status 1 if anything differs."""
import collections
import json
import os
import re
import subprocess
import sys


def parse_insns(text, header):
    """Instruction listings of `elf-dump -v` (header '{') or libbpf-insns (header 'PROG')."""
    progs, cur = {}, None
    for line in text.splitlines():
        if line.startswith(header):
            if header == 'PROG':
                f = line.split()
                cur = []
                progs[f[2]] = (int(f[4].split('=')[1]), cur)
            else:
                j = json.loads(line)
                cur = [] if 'program' in j else None
                if cur is not None:
                    progs[j['program']] = (0, cur)
        elif cur is not None and re.match(r'\s+\d+: ', line):
            f = line.split()
            cur.append([int(f[1], 16), int(f[2], 16), int(f[3], 16), int(f[4]), int(f[5])])
    return progs


def mask(insns):
    """Hide loader-specific numbers: map fds, BTF ids and BTF object fds."""
    out = [list(x) for x in insns]
    for i, x in enumerate(out):
        if x[0] == 0x18 and i + 1 < len(out):
            if x[2] in (1, 2, 3):
                x[4] = 0
            if x[2] == 3:
                out[i + 1][4] = 0
        if x[0] == 0x85 and x[2] == 2:
            x[3] = x[4] = 0
    return out


def compare_libbpf(tool, dump, path, stats, problems):
    lib = parse_insns(subprocess.run(['timeout', '120', tool, path], capture_output=True,
                                     text=True).stdout, 'PROG')
    ours = parse_insns(subprocess.run([dump, '-v', path], capture_output=True,
                                      text=True).stdout, '{')
    for name, (_, insns) in ours.items():
        if name not in lib:
            stats['libbpf_missing'] += 1
            continue
        err, theirs = lib[name]
        if mask(theirs) == mask(insns):
            stats['libbpf_same'] += 1
        elif err:
            stats['libbpf_failed_differs'] += 1
        else:
            stats['libbpf_differs'] += 1
            problems.append(f'{os.path.basename(path)}: {name}: instructions differ from libbpf')


def main():
    args = sys.argv[1:]
    libbpf = None
    if len(args) >= 2 and args[0] == '--libbpf':
        libbpf, args = args[1], args[2:]
    if not args:
        print(__doc__)
        return 2
    dump = args[0]
    corpus = args[1] if len(args) > 1 else '/work/shared/corpus/kselftests'
    want = collections.defaultdict(dict)
    for line in open(os.path.join(corpus, 'manifest.jsonl')):
        j = json.loads(line)
        want[j['object']][(j['section'], j['program'])] = j
    stats = collections.Counter()
    problems = []
    for obj in sorted(want):
        path = os.path.join(corpus, obj)
        out = subprocess.run([dump, path], capture_output=True, text=True)
        if out.returncode not in (0, 1) or out.stderr:
            problems.append(f'{obj}: driver exit {out.returncode} stderr {out.stderr[:200]!r}')
        got = {}
        for line in out.stdout.splitlines():
            j = json.loads(line)
            if 'error' in j:
                problems.append(f'{obj}: load error: {j["error"]}')
                stats['object_errors'] += 1
                continue
            got[(j['section'], j['program'])] = j
        stats['objects'] += 1
        for key, m in want[obj].items():
            stats['programs'] += 1
            g = got.get(key)
            if not g:
                problems.append(f'{obj}: missing program {key}')
                stats['missing'] += 1
                continue
            ok = True
            if g['main_insns'] != m['insns']:
                problems.append(f'{obj}: {key}: main_insn_cnt {g["main_insns"]} != insns {m["insns"]}')
                ok = False
            if m['insns_loaded'] is not None and g['insns'] != m['insns_loaded']:
                problems.append(f'{obj}: {key}: insn_cnt {g["insns"]} != insns_loaded {m["insns_loaded"]}')
                ok = False
            if g['prog_type_name'] != m['prog_type']:
                problems.append(f'{obj}: {key}: prog_type {g["prog_type_name"]} != {m["prog_type"]}')
                ok = False
            want_at = m['expected_attach_type']
            if want_at is not None and g['attach_type_name'] != want_at:
                problems.append(f'{obj}: {key}: expected_attach_type {g["attach_type_name"]} != {want_at}')
                ok = False
            if want_at is None and g['attach_type'] != 0:
                problems.append(f'{obj}: {key}: expected_attach_type {g["attach_type_name"]} != none')
                ok = False
            if g['load_error']:
                stats['load_error'] += 1
                problems.append(f'{obj}: {key}: load_error {g["load_error"]}')
            if g['loader_reject']:
                stats['loader_reject'] += 1
            stats['match' if ok else 'mismatch'] += 1
        if libbpf:
            compare_libbpf(libbpf, dump, path, stats, problems)
        for key in got:
            if key not in want[obj]:
                problems.append(f'{obj}: extra program {key}')
                stats['extra'] += 1
    for p in problems[:60]:
        print(p)
    if len(problems) > 60:
        print(f'... {len(problems) - 60} more')
    print(json.dumps(dict(stats), sort_keys=True))
    bad = stats['missing'] + stats['extra'] + stats['mismatch'] + stats['object_errors'] + \
        stats['libbpf_differs']
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
