/* Instruction text exactly as the kernel's verifier log prints it (kernel/bpf/disasm.c
 * print_bpf_insn(), as driven by the verifier): "r1 = *(u32 *)(r2 +4)", "if r1 > 0x10 goto pc+3",
 * "call bpf_map_lookup_elem#1", "r1 = 0x1234" (ld_imm64, no "ll"); the "(85)"
 * opcode prefix and index are added by disasm_insn_log(). */
#ifndef BPFVET_DISASM_H
#define BPFVET_DISASM_H

#include "prog.h"
#include "strbuf.h"

/* The instruction's text without index or opcode, e.g. "r0 = 0". For ld_imm64 it reads insns[i+1]
 * (when present). prog may be NULL (map names then unknown). */
void disasm_insn(const struct program *prog, const struct insn *insns, u32 cnt, u32 i,
		 struct strbuf *sb);
/* The kernel log line "i: (op) text", without newline, e.g. "0: (b7) r0 = 0". */
void disasm_insn_log(const struct program *prog, const struct insn *insns, u32 cnt, u32 i,
		     struct strbuf *sb);
/* Name of helper func_id as the kernel prints it ("bpf_map_lookup_elem"), or NULL if unknown. */
const char *helper_name(s32 func_id);

#endif
