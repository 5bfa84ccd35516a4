/* Instruction encoding checks: the kernel's opcode table and the "uses reserved fields" family.
 *
 * The kernel checks encodings in two places, and which one reports an error matters:
 *  - up front, for every instruction whether reachable or not (resolve_pseudo_ldimm64(), before
 *    check_cfg()): the opcode table ("unknown opcode %02x"), "BPF_LDX uses reserved fields", the
 *    ld_imm64 pair ("invalid bpf_ld_imm64 insn", "unrecognized bpf_ld_imm64 insn"). cfg_build()
 *    performs these; the engine never needs to.
 *  - inside do_check(), only on paths the abstract interpreter reaches, in path order, and
 *    interleaved with register checks. Those are the functions below, each documented with the
 *    exact point of the kernel's per-instruction processing where it belongs. They return 0, or
 *    -EINVAL after result_set(r, VERDICT_REJECT, idx, <kernel message>).
 */
#ifndef BPFVET_INSN_CHECK_H
#define BPFVET_INSN_CHECK_H

#include "prog.h"
#include "result.h"

/* bpf_opcode_in_insntable() of the kernel modelled (6.18: includes the 8/16-bit
 * load-acquire/store-release encodings BPF_STX|BPF_ATOMIC|BPF_B/H). */
bool insn_opcode_valid(u8 code);

/* The checks do_check() makes first thing for an instruction, before it reads any register:
 * BPF_STX (non-atomic) / BPF_ST / BPF_CALL / BPF_JA / BPF_EXIT reserved fields, BPF_NEG / BPF_END /
 * BPF_MOV / other ALU reserved fields (check_alu_op()), addr_space_cast's imm, BPF_ATOMIC's
 * opcode and operand size (check_atomic()), may_goto's fields, BPF_LD_IMM64 off and size
 * (check_ld_imm()), BPF_LD modes. Call it at the start of every instruction do_check() processes.
 * Not included because the kernel checks them later: the ones below. */
int insn_check_fields(const struct program *prog, u32 idx, struct result *r);

/* check_alu_op(), ALU ops other than MOV/NEG/END with a constant operand: "div by zero" and
 * "invalid shift %d". The kernel checks them after the destination register is found readable
 * (check_reg_arg(dst, SRC_OP)) and before computing the result. */
int insn_check_alu_const(const struct program *prog, u32 idx, struct result *r);

/* check_cond_jmp_op(): "BPF_JMP/JMP32 uses reserved fields" (imm != 0 for BPF_X, src_reg != 0
 * for BPF_K). Checked after the destination register is found readable, before the source. */
int insn_check_jmp_fields(const struct program *prog, u32 idx, struct result *r);

/* check_ld_abs(): "BPF_LD_[ABS|IND] uses reserved fields". Checked after the program-type check
 * ("BPF_LD_[ABS|IND] instructions not allowed for this program type") and the callback check,
 * before R6 is read. */
int insn_check_ld_abs_fields(const struct program *prog, u32 idx, struct result *r);

#endif
