# a loop with a bounded trip count verifies by exploration
-- asm
r0 = 0
r1 = 0
r1 += 1
if r1 < 10 goto pc-2
exit
-- expect
verdict: accept
