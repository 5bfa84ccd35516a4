# a loop that never changes its state
-- asm
r0 = 0
goto pc-1
-- expect
verdict: reject
message: infinite loop detected at insn 1
