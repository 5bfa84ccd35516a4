# a pointer spilled to the stack comes back as the same pointer
-- meta
type: xdp
-- asm
*(u64 *)(r10 -8) = r1
r1 = *(u64 *)(r10 -8)
r0 = *(u32 *)(r1 +0)
r0 = 2
exit
-- expect
verdict: accept
