# helper ids are bounded
-- asm
call 999999
r0 = 0
exit
-- expect
verdict: reject
insn: 0
message: invalid func unknown#999999
