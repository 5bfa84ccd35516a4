/* ALU / ALU64 instructions and ld_imm64 (the kernel's check_alu_op, adjust_reg_min_max_vals,
 * adjust_ptr_min_max_vals, check_reg_sane_offset and check_ld_imm): scalars go through the
 * domains, pointers follow the per-type arithmetic rules with the kernel's messages. */
#include <string.h>

#include "btf_int.h"
#include "engine_int.h"

static const char *const alu_str[16] = {
	"+=",  "-=", "*=", "/=", "|=",	 "&=",	   "<<=", ">>=",
	"neg", "%=", "^=", "=",	 "s>>=", "endian", "?",	  "?",
};

/* check_reg_sane_offset() */
static bool reg_sane_offset(struct engine *e, const struct reg *r, u32 type)
{
	bool known = tnum_is_const(r->s.var_off);
	s64 val = (s64)r->s.var_off.value;
	s64 smin = r->s.smin;
	char tb[64];

	if (known && (val >= BPF_MAX_VAR_OFF || val <= -BPF_MAX_VAR_OFF)) {
		verr(e, "math between %s pointer and %lld is not allowed",
		     regtype_str(type, tb, sizeof(tb)), (long long)val);
		return false;
	}
	if (r->off >= BPF_MAX_VAR_OFF || r->off <= -BPF_MAX_VAR_OFF) {
		verr(e, "%s pointer offset %d is not allowed", regtype_str(type, tb, sizeof(tb)),
		     r->off);
		return false;
	}
	if (smin == INT64_MIN) {
		verr(e,
		     "math between %s pointer and register with unbounded min value is not "
		     "allowed",
		     regtype_str(type, tb, sizeof(tb)));
		return false;
	}
	if (smin >= BPF_MAX_VAR_OFF || smin <= -BPF_MAX_VAR_OFF) {
		verr(e, "value %lld makes %s pointer be out of bounds", (long long)smin,
		     regtype_str(type, tb, sizeof(tb)));
		return false;
	}
	return true;
}

static bool add_overflows(s64 a, s64 b, s64 *res)
{
	return __builtin_add_overflow(a, b, res);
}

static bool sub_overflows(s64 a, s64 b, s64 *res)
{
	return __builtin_sub_overflow(a, b, res);
}

/* adjust_ptr_min_max_vals(): dst = ptr OP off (dst may alias ptr or off). */
static int ptr_alu(struct engine *e, const struct insn *in, struct reg *dst,
		   const struct reg *ptr_in, const struct reg *off_in)
{
	struct reg ptr = *ptr_in, offr = *off_in;
	u8 op = BPF_OP(in->code);
	bool known = tnum_is_const(offr.s.var_off);
	s64 smin_val = offr.s.smin, smax_val = offr.s.smax;
	u64 umin_val = offr.s.umin, umax_val = offr.s.umax;
	bool off_is_dst = off_in == dst;
	struct reg out;

	if (BPF_CLASS(in->code) != BPF_ALU64) {
		if (op == BPF_SUB && e->allow_ptr_leaks) {
			reg_mark_unknown(dst);
			return 0;
		}
		verr(e, "R%d 32-bit pointer arithmetic prohibited", in->dst);
		return ERR_REJECT;
	}
	if (ptr.type & PTR_MAYBE_NULL) {
		verr(e, "R%d pointer arithmetic on %s prohibited, null-check it first", in->dst,
		     type_str(e, ptr.type));
		return ERR_REJECT;
	}
	switch (base_type(ptr.type)) {
	case PTR_TO_CTX:
	case PTR_TO_MAP_VALUE:
	case PTR_TO_MAP_KEY:
	case PTR_TO_STACK:
	case PTR_TO_PACKET_META:
	case PTR_TO_PACKET:
	case PTR_TO_TP_BUFFER:
	case PTR_TO_BTF_ID:
	case PTR_TO_MEM:
	case PTR_TO_BUF:
	case PTR_TO_FUNC:
	case CONST_PTR_TO_DYNPTR:
		break;
	case PTR_TO_FLOW_KEYS:
		if (known)
			break;
		/* fall through */
	case CONST_PTR_TO_MAP:
		if (known && smin_val == 0 && op == BPF_ADD)
			break;
		/* fall through */
	default:
		verr(e, "R%d pointer arithmetic on %s prohibited", in->dst, type_str(e, ptr.type));
		return ERR_REJECT;
	}
	if ((known && (smin_val != smax_val || umin_val != umax_val)) || smin_val > smax_val ||
	    umin_val > umax_val) {
		reg_mark_unknown(dst);
		return 0;
	}
	out = ptr;
	out.precise = false;
	if (!reg_sane_offset(e, &offr, ptr.type) || !reg_sane_offset(e, &ptr, ptr.type))
		return ERR_REJECT;
	switch (op) {
	case BPF_ADD:
		if (known && (s64)ptr.off + smin_val == (s64)(s32)(ptr.off + smin_val)) {
			out.off = ptr.off + (s32)smin_val;
			break;
		}
		if (add_overflows(ptr.s.smin, smin_val, &out.s.smin) ||
		    add_overflows(ptr.s.smax, smax_val, &out.s.smax)) {
			out.s.smin = INT64_MIN;
			out.s.smax = INT64_MAX;
		}
		if (ptr.s.umin + umin_val < umin_val || ptr.s.umax + umax_val < umax_val) {
			out.s.umin = 0;
			out.s.umax = UINT64_MAX;
		} else {
			out.s.umin = ptr.s.umin + umin_val;
			out.s.umax = ptr.s.umax + umax_val;
		}
		out.s.var_off = tnum_add(ptr.s.var_off, offr.s.var_off);
		if (reg_is_pkt(&ptr)) {
			out.id = ++e->id_gen;
			out.range = 0;
		}
		break;
	case BPF_SUB:
		if (off_is_dst) {
			verr(e, "R%d tried to subtract pointer from scalar", in->dst);
			return ERR_REJECT;
		}
		if (ptr.type == PTR_TO_STACK) {
			verr(e, "R%d subtraction from stack pointer prohibited", in->dst);
			return ERR_REJECT;
		}
		if (known && (s64)ptr.off - smin_val == (s64)(s32)(ptr.off - smin_val)) {
			out.off = ptr.off - (s32)smin_val;
			break;
		}
		if (sub_overflows(ptr.s.smin, smax_val, &out.s.smin) ||
		    sub_overflows(ptr.s.smax, smin_val, &out.s.smax)) {
			out.s.smin = INT64_MIN;
			out.s.smax = INT64_MAX;
		}
		if (ptr.s.umin < umax_val) {
			out.s.umin = 0;
			out.s.umax = UINT64_MAX;
		} else {
			out.s.umin = ptr.s.umin - umax_val;
			out.s.umax = ptr.s.umax - umin_val;
		}
		out.s.var_off = tnum_sub(ptr.s.var_off, offr.s.var_off);
		if (reg_is_pkt(&ptr)) {
			out.id = ++e->id_gen;
			if (smin_val < 0)
				out.range = 0;
		}
		break;
	case BPF_AND:
	case BPF_OR:
	case BPF_XOR:
		verr(e, "R%d bitwise operator %s on pointer prohibited", in->dst, alu_str[op >> 4]);
		return ERR_REJECT;
	default:
		verr(e, "R%d pointer arithmetic with %s operator prohibited", in->dst,
		     alu_str[op >> 4]);
		return ERR_REJECT;
	}
	/* pointers carry no 32-bit bounds */
	scalar_unbound32(&out.s);
	if (!reg_sane_offset(e, &out, ptr.type))
		return ERR_REJECT;
	scalar_sync(&out.s);
	*dst = out;
	return 0;
}

/* prog->aux->arena: some ld_imm64 of the program names an arena map */
static bool prog_has_arena(struct engine *e)
{
	for (u32 i = 0; i + 1 < e->insn_cnt; i++) {
		const struct insn *in = &e->insns[i];

		if (in->code == (BPF_LD | BPF_IMM | BPF_DW) && in->src >= BPF_PSEUDO_MAP_FD &&
		    in->src != BPF_PSEUDO_BTF_ID && in->src != BPF_PSEUDO_FUNC && in->imm >= 0 &&
		    (u32)in->imm < e->obj->map_cnt &&
		    e->obj->maps[in->imm].type == BPF_MAP_TYPE_ARENA)
			return true;
	}
	return false;
}

/* BPF_END on a scalar (6.18 tracks it): swap the tnum's bytes when the insn swaps on this
 * (little-endian) target, forget the ranges, truncate 16/32-bit forms */
static void byte_swap(struct reg *r, const struct insn *in)
{
	bool alu64 = BPF_CLASS(in->code) == BPF_ALU64;
	bool to_le = BPF_SRC(in->code) == BPF_TO_LE;
	struct tnum t = r->s.var_off;

	if (!alu64 && to_le && in->imm == 64)
		return; /* le64 on a little-endian target changes nothing */
	r->id = 0;
	r->off = 0;
	r->precise = false;
	if (alu64 || !to_le) {
		switch (in->imm) {
		case 16:
			t = TNUM(__builtin_bswap16((u16)t.value), __builtin_bswap16((u16)t.mask));
			break;
		case 32:
			t = TNUM(__builtin_bswap32((u32)t.value), __builtin_bswap32((u32)t.mask));
			break;
		default:
			t = TNUM(__builtin_bswap64(t.value), __builtin_bswap64(t.mask));
			break;
		}
		r->s = scalar_unknown();
		r->s.var_off = t;
	}
	if (in->imm == 16 || in->imm == 32)
		scalar_zext(&r->s, (u8)(in->imm / 8));
	scalar_sync(&r->s);
}

/* adjust_reg_min_max_vals() */
static int alu_binop(struct engine *e, const struct insn *in)
{
	struct reg *regs = cur_regs(e);
	struct reg *dst = &regs[in->dst];
	struct reg srcv, *src;
	u8 op = BPF_OP(in->code);
	bool alu32 = BPF_CLASS(in->code) == BPF_ALU;
	bool dst_was_u32;
	int err;

	if (BPF_SRC(in->code) == BPF_X) {
		src = &regs[in->src];
		if (src->type != SCALAR_VALUE) {
			if (dst->type != SCALAR_VALUE) {
				if (op == BPF_SUB && e->allow_ptr_leaks) {
					reg_mark_unknown(dst);
					return 0;
				}
				verr(e, "R%d pointer %s pointer prohibited", in->dst,
				     alu_str[op >> 4]);
				return ERR_REJECT;
			}
			dst->needed = true;
			if ((err = mark_precise(e, in->dst)))
				return err;
			return ptr_alu(e, in, dst, src, dst);
		}
		if (dst->type != SCALAR_VALUE) {
			src->needed = true;
			if ((err = mark_precise(e, in->src)))
				return err;
			return ptr_alu(e, in, dst, dst, src);
		}
		srcv = *src;
	} else {
		memset(&srcv, 0, sizeof(srcv));
		srcv.type = SCALAR_VALUE;
		srcv.s = scalar_const((u64)(s64)in->imm);
		if (dst->type != SCALAR_VALUE)
			return ptr_alu(e, in, dst, dst, &srcv);
	}
	if ((op == BPF_AND || op == BPF_OR) && tnum_is_const(srcv.s.var_off)) {
		/* maybe_fork_scalars() (6.18): dst in [-1, 0] is explored as -1 here and as 0 by
		 * a branch that runs this insn again */
		int w = scalar_fork_width(&dst->s);

		if (w) {
			struct vstate *b;
			struct reg *bd;

			if ((err = push_branch(e, e->cur->insn_idx, (s32)e->cur->insn_idx, &b)))
				return err;
			/* the branch records this insn when it runs it */
			if (b->hist_end > b->hist_start)
				b->hist_end--;
			bd = &cur_frame(b)->regs[in->dst];
			if (w == 64) {
				reg_mark_known(bd, 0);
				reg_mark_known(dst, ~0ull);
			} else {
				scalar_mark_known32(&bd->s, 0);
				scalar_mark_known32(&dst->s, 0xffffffffu);
			}
		}
	}
	dst_was_u32 = dst->s.umax <= UINT32_MAX;
	scalar_alu(&dst->s, &srcv.s, op, alu32, in->off);
	dst->btf_unknown = dst->btf_unknown || srcv.btf_unknown;
	dst->precise = false;
	/* r1 = r2; r1 += K keeps r1 linked to r2 with a delta (BPF_ADD_CONST) */
	if (e->priv && (op == BPF_ADD || op == BPF_SUB) && dst->id &&
	    tnum_is_const(alu32 ? tnum_subreg(srcv.s.var_off) : srcv.s.var_off) &&
	    !(BPF_SRC(in->code) == BPF_X && in->src == in->dst)) {
		u64 val = alu32 ? (u32)srcv.s.var_off.value : srcv.s.var_off.value;
		s32 off = (s32)val;
		bool ok = true;

		if (!alu32 && ((s64)val < INT32_MIN || (s64)val > INT32_MAX))
			ok = false;
		/* a 32-bit delta links only values that were 32-bit to begin with */
		if (alu32 && !dst_was_u32)
			ok = false;
		if (op == BPF_SUB) {
			if (off == INT32_MIN)
				ok = false;
			off = -off;
		}
		if (dst->id & ID_ADD_CONST)
			ok = false;
		if (ok) {
			dst->id |= alu32 ? ID_ADD_CONST32 : ID_ADD_CONST64;
			dst->off = off;
		} else {
			dst->id = 0;
			dst->off = 0;
		}
	} else {
		dst->id = 0;
		dst->off = 0;
	}
	return 0;
}

int xfer_alu(struct engine *e, const struct insn *in)
{
	struct reg *regs = cur_regs(e);
	u8 op = BPF_OP(in->code);
	bool alu64 = BPF_CLASS(in->code) == BPF_ALU64;
	int err;

	if (op == BPF_END || op == BPF_NEG) {
		if (op == BPF_NEG) {
			if (BPF_SRC(in->code) != BPF_K || in->src || in->off || in->imm) {
				verr(e, "BPF_NEG uses reserved fields");
				return ERR_REJECT;
			}
		} else if (in->src || in->off ||
			   (in->imm != 16 && in->imm != 32 && in->imm != 64) ||
			   (alu64 && BPF_SRC(in->code) != BPF_TO_LE)) {
			verr(e, "BPF_END uses reserved fields");
			return ERR_REJECT;
		}
		if ((err = check_reg_read(e, in->dst)))
			return err;
		if (is_pointer_value(e, &regs[in->dst])) {
			verr(e, "R%d pointer arithmetic prohibited", in->dst);
			return ERR_REJECT;
		}
		if ((err = check_reg_write(e, in->dst)))
			return err;
		if (op == BPF_NEG && regs[in->dst].type == SCALAR_VALUE) {
			struct scalar zero = scalar_const(0);
			struct scalar v = regs[in->dst].s;

			/* -x computed as 0 - x, which is what the kernel's NEG transfer yields */
			scalar_alu(&zero, &v, BPF_SUB, !alu64, 0);
			regs[in->dst].s = zero;
			regs[in->dst].id = 0;
			regs[in->dst].precise = false;
		} else if (op == BPF_END && regs[in->dst].type == SCALAR_VALUE) {
			byte_swap(&regs[in->dst], in);
		} else {
			reg_mark_unknown(&regs[in->dst]);
		}
		return 0;
	}
	if (op == BPF_MOV) {
		struct reg *dst = &regs[in->dst];

		if (BPF_SRC(in->code) == BPF_X) {
			if (!alu64) {
				if ((in->off != 0 && in->off != 8 && in->off != 16) || in->imm) {
					verr(e, "BPF_MOV uses reserved fields");
					return ERR_REJECT;
				}
			} else if (in->off == BPF_ADDR_SPACE_CAST) {
				if (in->imm != 1 && in->imm != 1 << 16) {
					verr(e, "addr_space_cast insn can only convert between "
						"address "
						"space 1 and 0");
					return ERR_REJECT;
				}
				if (!prog_has_arena(e)) {
					verr(e, "addr_space_cast insn can only be used in a "
						"program that has "
						"an associated arena");
					return ERR_REJECT;
				}
				if ((err = check_reg_read(e, in->src)))
					return err;
				if ((err = check_reg_write(e, in->dst)))
					return err;
				/* as(1) -> as(0) yields an arena pointer (32-bit), the reverse a scalar */
				reg_mark_unknown(dst);
				if (in->imm == 1)
					dst->type = PTR_TO_ARENA;
				return 0;
			} else if ((in->off != 0 && in->off != 8 && in->off != 16 &&
				    in->off != 32) ||
				   in->imm) {
				verr(e, "BPF_MOV uses reserved fields");
				return ERR_REJECT;
			}
			if ((err = check_reg_read(e, in->src)))
				return err;
		} else if (in->src || in->off) {
			verr(e, "BPF_MOV uses reserved fields");
			return ERR_REJECT;
		}
		if ((err = check_reg_write(e, in->dst)))
			return err;
		if (BPF_SRC(in->code) == BPF_X) {
			struct reg *src = &regs[in->src];

			if (alu64) {
				if (in->off == 0) {
					assign_scalar_id_before_mov(e, src);
					*dst = *src;
				} else if (is_pointer_value(e, src)) {
					verr(e, "R%d sign-extension part of pointer", in->src);
					return ERR_REJECT;
				} else if (src->type == SCALAR_VALUE) {
					bool no_sext = src->s.umax < (1ULL << (in->off - 1));

					if (no_sext)
						assign_scalar_id_before_mov(e, src);
					*dst = *src;
					if (!no_sext)
						dst->id = 0;
					dst->precise = false;
					scalar_sext(&dst->s, (u8)(in->off >> 3));
				} else {
					reg_mark_unknown(dst);
				}
			} else {
				if (is_pointer_value(e, src)) {
					verr(e, "R%d partial copy of pointer", in->src);
					return ERR_REJECT;
				} else if (src->type == SCALAR_VALUE) {
					if (in->off == 0) {
						bool is_u32 = src->s.umax <= UINT32_MAX;

						if (is_u32)
							assign_scalar_id_before_mov(e, src);
						*dst = *src;
						if (!is_u32)
							dst->id = 0;
						scalar_mov32(&dst->s);
					} else {
						bool no_sext =
							src->s.umax < (1ULL << (in->off - 1));

						if (no_sext)
							assign_scalar_id_before_mov(e, src);
						*dst = *src;
						if (!no_sext)
							dst->id = 0;
						scalar_sext32(&dst->s, (u8)(in->off >> 3));
					}
					dst->precise = false;
				} else {
					reg_mark_unknown(dst);
					scalar_mov32(&dst->s);
				}
			}
		} else {
			reg_mark_known(dst, alu64 ? (u64)(s64)in->imm : (u64)(u32)in->imm);
		}
		return 0;
	}
	if (op > BPF_END) {
		verr(e, "invalid BPF_ALU opcode %x", op);
		return ERR_REJECT;
	}
	if (BPF_SRC(in->code) == BPF_X) {
		if (in->imm != 0 || (in->off != 0 && in->off != 1) ||
		    (in->off == 1 && op != BPF_MOD && op != BPF_DIV)) {
			verr(e, "BPF_ALU uses reserved fields");
			return ERR_REJECT;
		}
		if ((err = check_reg_read(e, in->src)))
			return err;
	} else if (in->src != 0 || (in->off != 0 && in->off != 1) ||
		   (in->off == 1 && op != BPF_MOD && op != BPF_DIV)) {
		verr(e, "BPF_ALU uses reserved fields");
		return ERR_REJECT;
	}
	if ((err = check_reg_read(e, in->dst)))
		return err;
	if ((op == BPF_MOD || op == BPF_DIV) && BPF_SRC(in->code) == BPF_K && in->imm == 0) {
		verr(e, "div by zero");
		return ERR_REJECT;
	}
	if ((op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH) && BPF_SRC(in->code) == BPF_K) {
		int size = alu64 ? 64 : 32;

		if (in->imm < 0 || in->imm >= size) {
			verr(e, "invalid shift %d", in->imm);
			return ERR_REJECT;
		}
	}
	if ((err = check_reg_write(e, in->dst)))
		return err;
	return alu_binop(e, in);
}

/* check_ld_imm() */
int xfer_ldimm64(struct engine *e, u32 idx)
{
	const struct insn *in = &e->insns[idx];
	struct reg *dst;
	int err;

	if (BPF_SIZE(in->code) != BPF_DW) {
		verr(e, "invalid BPF_LD_IMM insn");
		return ERR_REJECT;
	}
	if (in->off != 0) {
		verr(e, "BPF_LD_IMM64 uses reserved fields");
		return ERR_REJECT;
	}
	if ((err = check_reg_write(e, in->dst)))
		return err;
	if (idx + 1 >= e->insn_cnt) {
		verr(e, "invalid bpf_ld_imm64 insn");
		return ERR_REJECT;
	}
	dst = &cur_regs(e)[in->dst];
	switch (in->src) {
	case 0:
		reg_mark_known(dst, ((u64)(u32)e->insns[idx + 1].imm << 32) | (u32)in->imm);
		return 0;
	case BPF_PSEUDO_MAP_FD:
	case BPF_PSEUDO_MAP_IDX:
	case BPF_PSEUDO_MAP_VALUE:
	case BPF_PSEUDO_MAP_IDX_VALUE: {
		const struct map_def *m;

		if (in->imm < 0 || (u32)in->imm >= e->obj->map_cnt)
			return unsupported(e, "ld_imm64 of an unknown map");
		m = &e->obj->maps[in->imm];
		reg_mark_ptr(dst, CONST_PTR_TO_MAP);
		dst->map = in->imm;
		if (in->src == BPF_PSEUDO_MAP_VALUE || in->src == BPF_PSEUDO_MAP_IDX_VALUE) {
			if (m->type == BPF_MAP_TYPE_ARENA) {
				reg_mark_unknown(dst);
				return 0;
			}
			dst->type = PTR_TO_MAP_VALUE;
			dst->off = e->insns[idx + 1].imm;
		}
		return 0;
	}
	case BPF_PSEUDO_FUNC: {
		s64 t = (s64)idx + in->imm + 1;
		u32 sp;

		if (!e->prog->func_cnt) {
			verr(e, "missing btf func_info");
			return ERR_REJECT;
		}
		if (t < 0 || t >= e->insn_cnt)
			return unsupported(e, "ld_imm64 of a function outside the program");
		sp = cfg_subprog_of(&e->cfg, (u32)t);
		if (e->subprogs[sp].is_global) {
			verr(e, "callback function not static");
			return ERR_REJECT;
		}
		reg_mark_ptr(dst, PTR_TO_FUNC);
		dst->map = (s32)sp;
		return 0;
	}
	case BPF_PSEUDO_BTF_ID:
		return xbtf_ld_ksym(e, dst, in->imm);
	default:
		verr(e, "bpf verifier is confused");
		return ERR_REJECT;
	}
}
