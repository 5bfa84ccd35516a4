# a privileged loader (CAP_PERFMON) may read uninitialised stack
-- asm
r0 = *(u64 *)(r10 -8)
r0 = 0
exit
-- expect
verdict: accept
