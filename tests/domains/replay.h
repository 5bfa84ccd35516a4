/* A minimal straight-line replay of BPF instructions on scalar registers, following the path the
 * kernel verifier explores first (branch fall-throughs), used to compare the domains with the
 * kernel's level-2 log on recorded programs. Knows only what those programs use: ALU/ALU64 ops,
 * MOV/MOVSX, NEG, BPF_END, LD_IMM64, calls (r0 unknown, r1-r5 dead), conditional jumps, exit. */
#ifndef BPFVET_TESTS_REPLAY_H
#define BPFVET_TESTS_REPLAY_H

#include "scalar.h"

/* Replay the program (hex text, 16 hex digits per instruction, as the bytes appear in memory)
 * until instruction idx has executed, then print register reg as the kernel's log does into
 * out. Returns 0, or -1 when idx is not reached or reg is not initialised. */
int replay_reg_at(const char *hex, int idx, int reg, struct strbuf *out);
/* Replay the whole program, appending after each instruction a line
 * "<idx> R<n>=<value>|R<m>=<value>|..." for the initialised registers, preceded by the
 * "verifier bug: REG INVARIANTS VIOLATION ..." lines the kernel would print there (used by
 * tools/kernel_diff.py through the domain-replay executable). Returns 0 or -1 on bad input. */
int replay_trace(const char *hex, struct strbuf *trace);

#endif
