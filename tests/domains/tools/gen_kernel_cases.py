#!/usr/bin/env python3
"""Regenerate kernel_cases.h: run small programs through the live kernel's verifier (needs root
and a kernel with BPF; the recorded file came from 6.18.44) and record the register states of its
level-2 log, for test_scalar.c to compare the domains with. Usage: gen_kernel_cases.py > ../kernel_cases.h
The random programs come from a fixed seed list, so a rerun on the same kernel gives the same file."""
import os, random, re, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bpfload import *

INTERESTING = [0, 1, 2, 3, 7, 8, 15, 16, 31, 32, 33, 63, 64, 255, 256, 0x7fff, 0x8000, 0xffff,
               0x10000, 0x7fffffff, -0x80000000, -1, -2, -3, -128, -255, -256, 0x12345678]
REGS = [6, 7, 8]

def rimm():
    r = random.random()
    if r < 0.6: return random.choice(INTERESTING)
    if r < 0.8: return random.randint(-300, 300)
    return random.randint(-2**31, 2**31 - 1)

def rbig():
    return random.choice([0, 1, 0xffffffff, 0x100000000, 0xffffffff00000000, 1 << 63, (1 << 63) - 1,
                          0x80000000, 0xffffffff80000000, random.getrandbits(64),
                          random.getrandbits(40), (1 << 64) - random.randint(1, 300)])

def gen(nbody):
    body = [rnd(r) for r in REGS]
    for _ in range(nbody):
        k = random.random(); d = random.choice(REGS); s = random.choice(REGS)
        w = random.choice([64, 32])
        if k < 0.45:
            op = random.choice(['add', 'sub', 'mul', 'or_', 'and_', 'xor', 'lsh', 'rsh', 'arsh',
                                'and_', 'and_', 'or_', 'div', 'mod'])
            if random.random() < 0.5:
                imm = rimm()
                if op in ('lsh', 'rsh', 'arsh'): imm = random.randrange(w)
                if op in ('div', 'mod') and imm == 0: imm = 3
                off = 1 if op in ('div', 'mod') and random.random() < 0.3 else 0
                body.append(alu(op, d, imm=imm, w=w, off=off))
            else:
                body.append(alu(op, d, s, w=w))
        elif k < 0.5: body.append(ld64(d, rbig()))
        elif k < 0.55: body.append(alu('neg', d, w=w))
        elif k < 0.6:
            body.append(ins(random.choice([0xd4, 0xdc, 0xd7]), d, 0, 0, random.choice([16, 32, 64])))
        elif k < 0.66:
            if random.random() < 0.5: body.append(ins(0xbc, d, d, 0, 0))
            elif w == 64: body.append(ins(0xbf, d, d, random.choice([8, 16, 32]), 0))
            else: body.append(ins(0xbc, d, d, random.choice([8, 16]), 0))
        elif k < 0.68: body.append(alu('mov', d, imm=rimm(), w=w))
        else:
            op = random.choice(['jeq', 'jne', 'jgt', 'jge', 'jlt', 'jle', 'jsgt', 'jsge', 'jslt',
                                'jsle', 'jset'])
            if random.random() < 0.6: body.append(('J', op, d, None, rimm(), w))
            else: body.append(('J', op, d, random.choice(REGS), 0, w))
    out, fix = [], []
    for b in body:
        if isinstance(b, tuple): fix.append(len(out)); out.append(b)
        else: out += [b[i:i + 8] for i in range(0, len(b), 8)]
    end = len(out)
    out += [alu('mov', 0, imm=0), exit_()]
    for i in fix:
        _, op, d, s, imm, w = out[i]
        out[i] = jmp(op, d, s, imm=imm, off=end - i - 1, w=w)
    return out

def finish(body):
    return body + [alu('mov', 0, imm=0), exit_()]

HAND = {
    'neg64': [rnd(1), alu('and_', 1, imm=0xff), alu('neg', 1), alu('mov', 2, imm=0), alu('neg', 2, w=32)],
    'neg32': [rnd(1), alu('and_', 1, imm=0xff), alu('neg', 1, w=32)],
    'bswap': [rnd(1), alu('and_', 1, imm=0xff), ins(0xdc, 1, 0, 0, 16), rnd(2), alu('and_', 2, imm=0xff),
              ins(0xd4, 2, 0, 0, 16), ins(0xd4, 2, 0, 0, 64)],
    'end_forms': [rnd(6), ld64(1, 0x100000fff), alu('and_', 6, 1), alu('mov', 7, 6), alu('mov', 8, 6),
                  ins(0xd4, 6, 0, 0, 64), ins(0xdc, 7, 0, 0, 64), ins(0xdc, 8, 0, 0, 32), alu('mov', 1, 8),
                  ins(0xd7, 1, 0, 0, 32), ins(0xd7, 1, 0, 0, 16), alu('mov', 2, 7), ins(0xd4, 2, 0, 0, 32)],
    'div_mod_unknown': [rnd(6), alu('and_', 6, imm=0xff), alu('div', 6, imm=3), rnd(7), alu('and_', 7, imm=0xff),
                        alu('div', 7, 6), rnd(8), alu('and_', 8, imm=0xff), alu('div', 8, imm=3, w=32),
                        alu('mod', 8, imm=-5, off=1)],
    'add_wraps_all': [rnd(0), alu('and_', 0, imm=3), jmp('jgt', 0, imm=2, off=4), alu('sub', 0, imm=3),
                      ld64(1, 1 << 63), alu('add', 0, 1)],
    'mul_signed': [rnd(6), alu('and_', 6, imm=3), alu('sub', 6, imm=2), alu('mul', 6, imm=3), rnd(7),
                   alu('and_', 7, imm=3), alu('sub', 7, imm=2, w=32), alu('mul', 7, imm=3, w=32)],
    'single_value': [rnd(1), alu('and_', 1, imm=0x101), jmp('jlt', 1, imm=2, off=2),
                     jmp('jgt', 1, imm=256, off=1), alu('mov', 2, 1)],
    'single_value_32_not': [rnd(1), ld64(2, 0xffffffff00000101), alu('and_', 1, 2), jmp('jlt', 1, imm=2, off=2, w=32),
                            jmp('jgt', 1, imm=256, off=1, w=32), alu('mov', 2, 1)],
    'fork_and': [rnd(1), alu('and_', 1, imm=1), alu('neg', 1), alu('and_', 1, imm=5)],
    'shift_unsafe32': [rnd(6), rnd(7), alu('lsh', 6, 7, w=32)],
    'sext_idiom': [rnd(2), alu('mov', 2, 2, w=32), alu('lsh', 2, imm=32), alu('arsh', 2, imm=32),
                   jmp('jsgt', 2, imm=5, off=0)],
    'u8_load_like': [rnd(2), alu('and_', 2, imm=0xff), alu('lsh', 2, imm=3), alu('or_', 2, imm=1),
                     alu('rsh', 2, imm=1), alu('xor', 2, imm=0x10), alu('arsh', 2, imm=2)],
    'jset': [rnd(6), alu('and_', 6, imm=0xf), jmp('jset', 6, imm=4, off=0), jmp('jset', 6, imm=1, off=1),
             alu('mov', 7, imm=0), rnd(8), jmp('jset', 8, imm=0x80000000, off=1, w=32), alu('mov', 7, imm=1)],
    'jmp32_on_64': [rnd(6), jmp('jgt', 6, imm=0x1000, off=3, w=32), jmp('jlt', 6, imm=0x10, off=2, w=32),
                    jmp('jsgt', 6, imm=-1, off=1), alu('mov', 7, imm=0)],
    'cve_2021_31440': [rnd(6), jmp('jlt', 6, imm=1, off=2), jmp('jgt', 6, imm=1, off=1, w=32), alu('mov', 7, imm=0)],
    'same_reg_jumps': [rnd(6), alu('and_', 6, imm=10), jmp('jlt', 6, 6, off=0), jmp('jle', 6, 6, off=0),
                       jmp('jeq', 6, 6, off=0), jmp('jne', 6, 6, off=0), jmp('jset', 6, 6, off=0),
                       jmp('jgt', 6, 6, off=0, w=32)],
    'dead_branch_repair': [rnd(8), alu('and_', 8, imm=64), jmp('jsle', 8, 8, off=1, w=32), alu('lsh', 8, 8, w=32)],
    'cve_2017_16995': [alu('mov', 6, imm=-1, w=32), jmp('jeq', 6, imm=-1, off=1), alu('mov', 7, imm=0)],
}

def parse_state(txt):
    res = {}; i = 0
    while i < len(txt):
        m = re.match(r'\s*R(\d+)=', txt[i:])
        if not m:
            j = txt.find(' ', i + 1)
            if j < 0: break
            i = j; continue
        i += m.end(); depth = 0; st = i
        while i < len(txt) and not (txt[i] == ' ' and depth == 0):
            depth += {'(': 1, ')': -1}.get(txt[i], 0); i += 1
        v = txt[st:i]
        if v.startswith('P'): v = v[1:]
        res[int(m.group(1))] = re.sub(r'id=\d+([+-]\d+)?,?', '', v).replace(',)', ')')
    return res

def record(name, prog, regs):
    fd, err, log = load(prog)
    if fd < 0:
        return None
    lines = []
    for l in log.splitlines():
        if l.startswith('from '): break
        m = re.match(r'^(\d+): (\([0-9a-f]{2}\) .*?)\s*;(.*)$', l)
        if not m or '(85) call' in m.group(2) or 'r9' in m.group(2): continue
        st = parse_state(m.group(3))
        for r in sorted(st):
            if r in regs:
                lines.append((int(m.group(1)), r, st[r], m.group(2)))
    return name, b''.join(prog).hex(), lines

def cstr(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'

def main():
    progs = []
    for name, body in HAND.items():
        r = record(name, finish(body), set(range(0, 10)))
        if r: progs.append(r)
    for seed in range(100, 160):
        random.seed(seed)
        r = record('random_%d' % seed, gen(14), set(REGS))
        if r: progs.append(r)
    for seed in range(1000, 1030):  # longer: more branches, more dead-branch repairs
        random.seed(seed)
        r = record('random_long_%d' % seed, gen(40), set(REGS))
        if r: progs.append(r)
    print('/* Generated by tools/gen_kernel_cases.py from the live kernel (%s): register states of'
          % os.uname().release)
    print(' * the level-2 verifier log along the first explored path (ids and precision marks'
          ' stripped). */')
    print('struct kcase_line {\n\tint idx, reg;\n\tconst char *text;\n};\n')
    print('struct kcase {\n\tconst char *name, *hex;\n\tconst struct kcase_line *lines;\n\tint nlines;\n};\n')
    for i, (name, hexs, lines) in enumerate(progs):
        print('static const struct kcase_line kl_%d[] = {' % i)
        for idx, reg, text, insn in lines:
            print('\t{%d, %d, %s}, /* %s */' % (idx, reg, cstr(text), insn.replace('*/', '* /')))
        print('};\n')
    print('static const struct kcase kernel_cases[] = {')
    for i, (name, hexs, lines) in enumerate(progs):
        print('\t{%s,' % cstr(name))
        for j in range(0, len(hexs), 96):
            print('\t %s' % cstr(hexs[j:j + 96]))
        print('\t , kl_%d, %d},' % (i, len(lines)))
    print('};')

if __name__ == '__main__':
    main()
