# after "if data + 14 > data_end goto" the first 14 bytes are readable
-- meta
type: xdp
-- asm
r0 = 2
r2 = *(u32 *)(r1 +0)
r3 = *(u32 *)(r1 +4)
r4 = r2
r4 += 14
if r4 > r3 goto pc+1
r5 = *(u8 *)(r2 +13)
exit
-- expect
verdict: accept
