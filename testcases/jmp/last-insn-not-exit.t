# control must not fall off the end
-- asm
r0 = 0
-- expect
verdict: reject
message: last insn is not an exit or jmp
