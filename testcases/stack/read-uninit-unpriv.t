# an unprivileged loader may not read uninitialised stack
-- meta
args: --unpriv
-- asm
r0 = *(u64 *)(r10 -8)
r0 = 0
exit
-- expect
verdict: reject
insn: 0
message: invalid read from stack
