# packet data must be bounds-checked against data_end before it is read
-- meta
type: xdp
-- asm
r2 = *(u32 *)(r1 +0)
r3 = *(u32 *)(r1 +4)
r0 = *(u8 *)(r2 +0)
r0 = 2
exit
-- expect
verdict: reject
insn: 2
message: invalid access to packet, off=0 size=1, R2(id=0,off=0,r=0)
