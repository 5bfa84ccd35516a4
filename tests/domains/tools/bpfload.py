# tiny BPF assembler + loader for probing the live verifier (log level 2)
import ctypes, struct, sys, os
libc = ctypes.CDLL(None, use_errno=True)
NR_bpf = 321
def ins(code, dst=0, src=0, off=0, imm=0):
    imm = imm - (1<<32) if imm >= (1<<31) else imm
    return struct.pack("<BBhi", code, (src << 4) | dst, off, imm)
# helpers
ALU64, ALU, JMP, JMP32 = 0x07, 0x04, 0x05, 0x06
K, X = 0x00, 0x08
OPS = dict(add=0x00, sub=0x10, mul=0x20, div=0x30, or_=0x40, and_=0x50, lsh=0x60, rsh=0x70,
           neg=0x80, mod=0x90, xor=0xa0, mov=0xb0, arsh=0xc0, end=0xd0)
JOPS = dict(ja=0x00, jeq=0x10, jgt=0x20, jge=0x30, jset=0x40, jne=0x50, jsgt=0x60, jsge=0x70,
            call=0x80, exit=0x90, jlt=0xa0, jle=0xb0, jslt=0xc0, jsle=0xd0)
def alu(op, dst, src=None, imm=0, w=64, off=0):
    cls = ALU64 if w == 64 else ALU
    if src is None:
        return ins(cls | OPS[op] | K, dst, 0, off, imm)
    return ins(cls | OPS[op] | X, dst, src, off, 0)
def jmp(op, dst, src=None, imm=0, off=0, w=64):
    cls = JMP if w == 64 else JMP32
    if src is None:
        return ins(cls | JOPS[op] | K, dst, 0, off, imm)
    return ins(cls | JOPS[op] | X, dst, src, off, 0)
def ld64(dst, v):
    return ins(0x18, dst, 0, 0, v & 0xffffffff) + ins(0, 0, 0, 0, (v >> 32) & 0xffffffff)
def call(n): return ins(0x85, 0, 0, 0, n)
def exit_(): return ins(0x95)
def rnd(reg):  # reg = random u64 (via two prandom calls), clobbers r0
    out = call(7) + alu("mov", 9, 0) + alu("lsh", 9, imm=32) + call(7) + alu("or_", 9, 0)
    if reg != 9: out += alu("mov", reg, 9)
    return out
def load(prog, ptype=1):
    buf = b''.join(prog) if isinstance(prog, list) else prog
    insns = ctypes.create_string_buffer(buf, len(buf))
    lic = ctypes.create_string_buffer(b'GPL')
    log = ctypes.create_string_buffer(1 << 22)
    attr = struct.pack('<IIQQIIQI', ptype, len(buf) // 8, ctypes.addressof(insns),
                       ctypes.addressof(lic), 2, len(log), ctypes.addressof(log), 0)
    attr = attr + b'\0' * (144 - len(attr))
    a = ctypes.create_string_buffer(attr, len(attr))
    fd = libc.syscall(NR_bpf, 5, a, len(attr))
    err = ctypes.get_errno()
    if fd >= 0: os.close(fd)
    return fd, err, log.value.decode()
