# every instruction must be reachable
-- asm
r0 = 0
exit
r0 = 1
exit
-- expect
verdict: reject
message: unreachable insn 2
