# byte 14 was not covered by the check
-- meta
type: xdp
-- asm
r0 = 2
r2 = *(u32 *)(r1 +0)
r3 = *(u32 *)(r1 +4)
r4 = r2
r4 += 14
if r4 > r3 goto pc+1
r5 = *(u8 *)(r2 +14)
exit
-- expect
verdict: reject
insn: 6
message: invalid access to packet
