/* Loads, stores, atomics and legacy packet loads (the kernel's check_mem_access and what it
 * dispatches to: stack spill/fill per byte, context fields through the program-type tables,
 * packet range checks, map values incl. read-only constants, memory regions), alignment
 * (check_ptr_alignment) and save_aux_ptr_type. */
#include <stdio.h>
#include <string.h>

#include "btf_int.h"
#include "engine_int.h"
#include "xfer_dynptr.h"
#include "progtype.h"

static int size_bytes(u8 sz)
{
	switch (sz) {
	case BPF_B:
		return 1;
	case BPF_H:
		return 2;
	case BPF_W:
		return 4;
	default:
		return 8;
	}
}

static void tnum_text(struct tnum t, char *buf, size_t len)
{
	struct strbuf sb = STRBUF_INIT;

	tnum_fmt(t, &sb);
	snprintf(buf, len, "%s", strbuf_str(&sb));
	strbuf_free(&sb);
}

/* check_ptr_alignment() */
int check_ptr_alignment(struct engine *e, const struct reg *r, s32 off, int size, bool strict_once)
{
	bool strict = e->strict_alignment || strict_once;
	const char *desc = "";
	char tn[64];
	struct tnum ro;

	switch (r->type) {
	case PTR_TO_PACKET:
	case PTR_TO_PACKET_META:
		if (!strict || size == 1)
			return 0;
		ro = tnum_add(r->s.var_off, tnum_const((u64)(s64)(2 + r->off + off)));
		if (!tnum_is_aligned(ro, size)) {
			tnum_text(r->s.var_off, tn, sizeof(tn));
			verr(e, "misaligned packet access off %d+%s+%d+%d size %d", 2, tn, r->off,
			     off, size);
			return ERR_REJECT;
		}
		return 0;
	case PTR_TO_FLOW_KEYS:
		desc = "flow keys ";
		break;
	case PTR_TO_MAP_KEY:
		desc = "key ";
		break;
	case PTR_TO_MAP_VALUE:
		desc = "value ";
		break;
	case PTR_TO_CTX:
		desc = "context ";
		break;
	case PTR_TO_STACK:
		desc = "stack ";
		strict = true;
		break;
	case PTR_TO_SOCKET:
		desc = "sock ";
		break;
	case PTR_TO_SOCK_COMMON:
		desc = "sock_common ";
		break;
	case PTR_TO_TCP_SOCK:
		desc = "tcp_sock ";
		break;
	case PTR_TO_XDP_SOCK:
		desc = "xdp_sock ";
		break;
	case PTR_TO_ARENA:
		return 0;
	default:
		break;
	}
	if (!strict || size == 1)
		return 0;
	ro = tnum_add(r->s.var_off, tnum_const((u64)(s64)(r->off + off)));
	if (!tnum_is_aligned(ro, size)) {
		tnum_text(r->s.var_off, tn, sizeof(tn));
		verr(e, "misaligned %saccess off %s+%d+%d size %d", desc, tn, r->off, off, size);
		return ERR_REJECT;
	}
	return 0;
}

/* __check_ptr_off_reg() */
int check_ptr_off_reg(struct engine *e, const struct reg *r, u32 regno, bool fixed_off_ok)
{
	char tn[64];

	if (r->off < 0) {
		verr(e, "negative offset %s ptr R%u off=%d disallowed", type_str(e, r->type), regno,
		     r->off);
		return ERR_REJECT;
	}
	if (!fixed_off_ok && r->off) {
		verr(e, "dereference of modified %s ptr R%u off=%d disallowed",
		     type_str(e, r->type), regno, r->off);
		return ERR_REJECT;
	}
	if (!tnum_is_const(r->s.var_off) || r->s.var_off.value) {
		tnum_text(r->s.var_off, tn, sizeof(tn));
		verr(e, "variable %s access var_off=%s disallowed", type_str(e, r->type), tn);
		return ERR_REJECT;
	}
	return 0;
}

/* __check_mem_access() */
static int mem_access_ok(struct engine *e, u32 regno, s64 off, int size, u64 mem_size, bool zero_ok)
{
	const struct reg *r = &cur_regs(e)[regno];
	bool size_ok = size > 0 || (size == 0 && zero_ok);

	if (off >= 0 && size_ok && (u64)off + size <= mem_size)
		return 0;
	switch (base_type(r->type)) {
	case PTR_TO_MAP_KEY:
		verr(e, "invalid access to map key, key_size=%d off=%d size=%d", (int)mem_size,
		     (int)off, size);
		break;
	case PTR_TO_MAP_VALUE:
		verr(e, "invalid access to map value, value_size=%d off=%d size=%d", (int)mem_size,
		     (int)off, size);
		break;
	case PTR_TO_PACKET:
	case PTR_TO_PACKET_META:
	case PTR_TO_PACKET_END:
		verr(e, "invalid access to packet, off=%d size=%d, R%u(id=%u,off=%d,r=%d)",
		     (int)off, size, regno, r->id, (int)off, (int)mem_size);
		break;
	default:
		verr(e, "invalid access to memory, mem_size=%d off=%d size=%d", (int)mem_size,
		     (int)off, size);
	}
	return ERR_REJECT;
}

/* check_mem_region_access() */
static int mem_region_access(struct engine *e, u32 regno, s32 off, int size, u64 mem_size,
			     bool zero_ok)
{
	const struct reg *r = &cur_regs(e)[regno];
	s64 smin = r->s.smin;

	if (smin < 0 &&
	    (smin == INT64_MIN || (s64)off + smin != (s64)(s32)(off + smin) || smin + off < 0)) {
		verr(e,
		     "R%u min value is negative, either use unsigned index or do a if (index "
		     ">=0) check.",
		     regno);
		return ERR_REJECT;
	}
	if (mem_access_ok(e, regno, smin + off, size, mem_size, zero_ok)) {
		verr(e, "R%u min value is outside of the allowed memory range", regno);
		return ERR_REJECT;
	}
	if (r->s.umax >= BPF_MAX_VAR_OFF) {
		verr(e, "R%u unbounded memory access, make sure to bounds check any such access",
		     regno);
		return ERR_REJECT;
	}
	if (mem_access_ok(e, regno, (s64)r->s.umax + off, size, mem_size, zero_ok)) {
		verr(e, "R%u max value is outside of the allowed memory range", regno);
		return ERR_REJECT;
	}
	return 0;
}

/* check_packet_access() */
static int packet_access(struct engine *e, u32 regno, s32 off, int size, bool zero_ok)
{
	const struct reg *r = &cur_regs(e)[regno];

	if (r->s.smin < 0) {
		verr(e,
		     "R%u min value is negative, either use unsigned index or do a if (index "
		     ">=0) check.",
		     regno);
		return ERR_REJECT;
	}
	if (r->range < 0 || mem_access_ok(e, regno, off, size, (u64)(u32)r->range, zero_ok)) {
		verr(e, "R%u offset is outside of the packet", regno);
		return ERR_REJECT;
	}
	return 0;
}

/* check_stack_access_within_bounds(); grows the frame's stack like the kernel. */
static int stack_bounds(struct engine *e, u32 regno, s32 off, int size, int kind)
{
	const struct reg *r = &cur_regs(e)[regno];
	struct frame *f = reg_frame(e, r);
	const char *extra = kind == 2	? " indirect access to"
			    : kind == 1 ? " write to"
					: " read from";
	s64 min_off, max_off;
	bool bad = false;
	char tn[64];

	if (tnum_is_const(r->s.var_off)) {
		min_off = (s64)r->s.var_off.value + off;
		max_off = min_off + size;
	} else {
		if (r->s.smax >= BPF_MAX_VAR_OFF || r->s.smin <= -BPF_MAX_VAR_OFF) {
			verr(e, "invalid unbounded variable-offset%s stack R%u", extra, regno);
			return ERR_REJECT;
		}
		min_off = r->s.smin + off;
		max_off = r->s.smax + off + size;
	}
	if (kind == 1 || kind == 2 || e->allow_uninit_stack) {
		if (min_off < -MAX_BPF_STACK || min_off > -1)
			bad = true;
	} else if (min_off < -(s64)(f->nslots * BPF_REG_SIZE) || min_off > -1) {
		bad = true;
	}
	if (!bad && max_off > 0)
		bad = true;
	if (!bad && size < 0)
		bad = true;
	if (bad) {
		if (tnum_is_const(r->s.var_off)) {
			verr(e, "invalid%s stack R%u off=%d size=%d", extra, regno, off, size);
		} else {
			tnum_text(r->s.var_off, tn, sizeof(tn));
			verr(e, "invalid variable-offset%s stack R%u var_off=%s off=%d size=%d",
			     extra, regno, tn, off, size);
		}
		return ERR_REJECT;
	}
	if (frame_grow(f, (u32)((-min_off + 7) / 8)))
		return ERR_NOMEM;
	update_stack_depth(e, f, (s32)min_off);
	return 0;
}

static bool slot_special(const struct stack_slot *s)
{
	u8 t = s->type[BPF_REG_SIZE - 1];

	return t == STACK_SPILL || t == STACK_DYNPTR || t == STACK_ITER || t == STACK_IRQ_FLAG;
}

static void scrub_special(struct stack_slot *s)
{
	s->spill.type = NOT_INIT;
	if (slot_special(s))
		for (int i = 0; i < BPF_REG_SIZE; i++)
			if (s->type[i] != STACK_INVALID)
				s->type[i] = STACK_MISC;
}

static bool is_spillable(u32 t)
{
	switch (base_type(t)) {
	case PTR_TO_MAP_VALUE:
	case PTR_TO_STACK:
	case PTR_TO_CTX:
	case PTR_TO_PACKET:
	case PTR_TO_PACKET_META:
	case PTR_TO_PACKET_END:
	case PTR_TO_FLOW_KEYS:
	case CONST_PTR_TO_MAP:
	case PTR_TO_SOCKET:
	case PTR_TO_SOCK_COMMON:
	case PTR_TO_TCP_SOCK:
	case PTR_TO_XDP_SOCK:
	case PTR_TO_BTF_ID:
	case PTR_TO_BUF:
	case PTR_TO_MEM:
	case PTR_TO_FUNC:
	case PTR_TO_MAP_KEY:
	case PTR_TO_ARENA:
		return true;
	default:
		return false;
	}
}

static int fls64(u64 v)
{
	return v ? 64 - __builtin_clzll(v) : 0;
}

static void save_spill(struct stack_slot *s, const struct reg *r, int size)
{
	int i;

	s->spill = *r;
	for (i = BPF_REG_SIZE; i > BPF_REG_SIZE - size; i--)
		s->type[i - 1] = STACK_SPILL;
	for (; i; i--)
		if (s->type[i - 1] != STACK_ZERO && s->type[i - 1] != STACK_INVALID)
			s->type[i - 1] = STACK_MISC;
}

/* check_stack_write_fixed_off() */
static int stack_write_fixed(struct engine *e, struct frame *f, s32 off, int size, s32 value_regno,
			     const struct insn *in)
{
	int slot = -off - 1, spi = slot / BPF_REG_SIZE;
	struct stack_slot *s = &f->stack[spi];
	struct frame *cur = cur_frame(e->cur);

	mark_stack_scratched(e, spi);
	struct reg *r = value_regno >= 0 ? &cur->regs[value_regno] : NULL;
	bool is_st = BPF_CLASS(in->code) == BPF_ST;

	if (!e->allow_ptr_leaks && s->type[BPF_REG_SIZE - 1] == STACK_SPILL &&
	    s->spill.type != SCALAR_VALUE && size != BPF_REG_SIZE) {
		verr(e, "attempt to corrupt spilled pointer on stack");
		return ERR_REJECT;
	}
	if (s->type[BPF_REG_SIZE - 1] == STACK_DYNPTR) {
		int derr = dynptr_destroy_slot(e, f, spi);

		if (derr)
			return derr;
	}
	if (s->type[BPF_REG_SIZE - 1] == STACK_DYNPTR || s->type[BPF_REG_SIZE - 1] == STACK_ITER)
		return unsupported(e, "write over a dynptr/iterator stack slot");
	if (r && !(off % BPF_REG_SIZE) && r->type == SCALAR_VALUE && e->priv) {
		bool fits = fls64(r->s.umax) <= 8 * size;

		if (fits)
			assign_scalar_id_before_mov(e, r);
		save_spill(s, r, size);
		if (!fits)
			s->spill.id = 0;
		prec_note_stack(e, f->frameno, spi);
	} else if (!r && !(off % BPF_REG_SIZE) && is_st && e->priv) {
		struct reg tmp;

		reg_mark_known(&tmp, (u64)(s64)in->imm);
		save_spill(s, &tmp, size);
		prec_note_stack(e, f->frameno, spi);
	} else if (r && is_spillable(r->type)) {
		if (size != BPF_REG_SIZE) {
			verr(e, "invalid size of register spill");
			return ERR_REJECT;
		}
		if (f != cur && r->type == PTR_TO_STACK) {
			verr(e, "cannot spill pointers to stack into stack frame of the caller");
			return ERR_REJECT;
		}
		save_spill(s, r, size);
		prec_note_stack(e, f->frameno, spi);
	} else {
		u8 type = STACK_MISC;

		scrub_special(s);
		if ((r && reg_is_null(r)) || (!r && is_st && in->imm == 0)) {
			int err;

			/* STACK_ZERO holds only while the stored register is 0 */
			if ((err = mark_precise(e, value_regno)))
				return err;
			type = STACK_ZERO;
		}
		for (int i = 0; i < size; i++)
			s->type[(slot - i) % BPF_REG_SIZE] = type;
	}
	return 0;
}

/* check_stack_write_var_off() */
static int stack_write_var(struct engine *e, struct frame *f, const struct reg *ptr, s32 off,
			   int size, s32 value_regno, const struct insn *in, u32 insn_idx)
{
	s64 min_off = ptr->s.smin + off, max_off = ptr->s.smax + off + size;
	struct reg *vr = value_regno >= 0 ? &cur_regs(e)[value_regno] : NULL;
	bool writing_zero =
		(vr && reg_is_null(vr)) || (!vr && BPF_CLASS(in->code) == BPF_ST && in->imm == 0);
	bool zero_used = false;

	/* a write anywhere into a dynptr destroys it (or is refused for a referenced one) */
	for (s64 i = min_off; i < max_off; i++) {
		int derr = dynptr_destroy_slot(e, f, (int)(-i - 1) / BPF_REG_SIZE);

		if (derr)
			return derr;
	}
	for (s64 i = min_off; i < max_off; i++) {
		int slot = (int)(-i - 1), spi = slot / BPF_REG_SIZE;
		u8 *t = &f->stack[spi].type[slot % BPF_REG_SIZE];
		u8 nt;

		mark_stack_scratched(e, spi);
		if (!e->allow_ptr_leaks && *t != STACK_MISC && *t != STACK_ZERO) {
			verr(e,
			     "spilled ptr in range of var-offset stack write; insn %u, ptr off: %d",
			     insn_idx, (int)i);
			return ERR_REJECT;
		}
		if (writing_zero && *t == STACK_SPILL && f->stack[spi].spill.type == SCALAR_VALUE &&
		    tnum_equals_const(f->stack[spi].spill.s.var_off, 0)) {
			zero_used = true;
			continue;
		}
		scrub_special(&f->stack[spi]);
		nt = STACK_MISC;
		if (writing_zero && *t == STACK_ZERO) {
			nt = STACK_ZERO;
			zero_used = true;
		}
		if (*t == STACK_INVALID && !e->allow_uninit_stack) {
			verr(e,
			     "uninit stack in range of var-offset write prohibited for !root; insn "
			     "%u, "
			     "off: %d",
			     insn_idx, (int)i);
			return ERR_REJECT;
		}
		*t = nt;
	}
	/* backtracking does not follow STACK_ZERO: the stored register must stay 0 */
	if (zero_used)
		return mark_precise(e, value_regno);
	return 0;
}

static void mark_stack_read_result(struct engine *e, struct frame *f, s64 min_off, s64 max_off,
				   s32 dst)
{
	int zeros = 0;
	struct reg *d = &cur_regs(e)[dst];

	for (s64 i = min_off; i < max_off; i++) {
		int slot = (int)(-i - 1), spi = slot / BPF_REG_SIZE;

		if (f->stack[spi].type[slot % BPF_REG_SIZE] == STACK_ZERO)
			zeros++;
	}
	if (zeros == max_off - min_off)
		reg_mark_known(d, 0);
	else
		reg_mark_unknown(d);
}

/* check_stack_read_fixed_off() */
static int stack_read_fixed(struct engine *e, struct frame *f, s32 off, int size, s32 dst)
{
	int slot = -off - 1, spi = slot / BPF_REG_SIZE;
	struct stack_slot *s = &f->stack[spi];
	const u8 *st = s->type;
	struct reg *regs = cur_regs(e);

	mark_stack_scratched(e, spi);
	if (st[BPF_REG_SIZE - 1] == STACK_SPILL) {
		int spill_size = 1;

		for (int i = BPF_REG_SIZE - 1; i > 0 && st[i - 1] == STACK_SPILL; i--)
			spill_size++;
		if (size != BPF_REG_SIZE || spill_size != BPF_REG_SIZE) {
			if (s->spill.type != SCALAR_VALUE) {
				verr(e, "invalid size of register fill");
				return ERR_REJECT;
			}
			if (dst < 0)
				return 0;
			/* bpf_stack_narrow_access_ok(): little-endian, off must be the slot start */
			if (size <= spill_size && (off % BPF_REG_SIZE) == 0) {
				regs[dst] = s->spill;
				if (fls64(s->spill.s.umax) > size * 8)
					regs[dst].id = 0;
				prec_note_stack(e, f->frameno, spi);
			} else {
				int spill_cnt = 0, zero_cnt = 0;

				for (int i = 0; i < size; i++) {
					u8 t = st[(slot - i) % BPF_REG_SIZE];

					if (t == STACK_SPILL) {
						spill_cnt++;
						continue;
					}
					if (t == STACK_MISC)
						continue;
					if (t == STACK_ZERO) {
						zero_cnt++;
						continue;
					}
					if (t == STACK_INVALID && e->allow_uninit_stack)
						continue;
					verr(e, "invalid read from stack off %d+%d size %d", off, i,
					     size);
					return ERR_REJECT;
				}
				if (spill_cnt == size && tnum_equals_const(s->spill.s.var_off, 0)) {
					reg_mark_known(&regs[dst], 0);
					/* still a fill of the spilled register */
					prec_note_stack(e, f->frameno, spi);
				} else if (zero_cnt == size)
					reg_mark_known(&regs[dst], 0);
				else
					reg_mark_unknown(&regs[dst]);
			}
		} else if (dst >= 0) {
			regs[dst] = s->spill;
			prec_note_stack(e, f->frameno, spi);
		} else if (is_pointer_value(e, &s->spill)) {
			verr(e, "leaking pointer from stack off %d", off);
			return ERR_REJECT;
		}
		return 0;
	}
	for (int i = 0; i < size; i++) {
		u8 t = st[(slot - i) % BPF_REG_SIZE];

		if (t == STACK_MISC || t == STACK_ZERO)
			continue;
		if (t == STACK_INVALID && e->allow_uninit_stack)
			continue;
		if (t == STACK_ITER)
			return unsupported(e, "read of an iterator stack slot");
		verr(e, "invalid read from stack off %d+%d size %d", off, i, size);
		return ERR_REJECT;
	}
	if (dst >= 0)
		mark_stack_read_result(e, f, off, off + size, dst);
	return 0;
}

/* check_stack_range_initialized() for direct (kind 0) and helper (kind 2) reads */
int check_stack_range_init(struct engine *e, u32 regno, s32 off, s32 size, bool write,
			   bool uninit_ok)
{
	const struct reg *r = &cur_regs(e)[regno];
	struct frame *f = reg_frame(e, r);
	bool helper = true;
	s64 min_off, max_off;
	char tn[64];
	int err;

	err = stack_bounds(e, regno, off, size, write ? 1 : 0);
	if (err)
		return err;
	if (tnum_is_const(r->s.var_off)) {
		min_off = max_off = (s64)r->s.var_off.value + off;
	} else {
		if (!e->priv) {
			tnum_text(r->s.var_off, tn, sizeof(tn));
			verr(e, "R%u variable offset stack access prohibited for !root, var_off=%s",
			     regno, tn);
			return ERR_REJECT;
		}
		if (uninit_ok)
			uninit_ok = false;
		min_off = r->s.smin + off;
		max_off = r->s.smax + off;
	}
	if (uninit_ok) {
		/* raw mode: the helper initialises the memory */
		for (s64 i = min_off; i < max_off + size; i++) {
			int slot = (int)(-i - 1), spi = slot / BPF_REG_SIZE;

			if ((u32)spi >= f->nslots)
				continue;
			if (f->stack[spi].type[slot % BPF_REG_SIZE] == STACK_DYNPTR) {
				verr(e, "potential write to dynptr at off=%d disallowed", (int)i);
				return ERR_REJECT;
			}
		}
		for (s64 i = min_off; i < max_off + size; i++) {
			int slot = (int)(-i - 1), spi = slot / BPF_REG_SIZE;
			struct stack_slot *s = &f->stack[spi];

			if (s->type[BPF_REG_SIZE - 1] == STACK_SPILL)
				scrub_special(s);
			s->type[slot % BPF_REG_SIZE] = STACK_MISC;
		}
		return 0;
	}
	for (s64 i = min_off; i < max_off + size; i++) {
		int slot = (int)(-i - 1), spi = slot / BPF_REG_SIZE;
		struct stack_slot *s = &f->stack[spi];
		u8 *t = &s->type[slot % BPF_REG_SIZE];

		if (*t == STACK_MISC)
			continue;
		if (*t == STACK_ZERO || (*t == STACK_INVALID && e->allow_uninit_stack)) {
			if (helper && write)
				*t = STACK_MISC;
			continue;
		}
		if (s->type[BPF_REG_SIZE - 1] == STACK_SPILL &&
		    (s->spill.type == SCALAR_VALUE || e->allow_ptr_leaks)) {
			if (helper && write) {
				reg_mark_unknown(&s->spill);
				for (int j = 0; j < BPF_REG_SIZE; j++)
					if (s->type[j] != STACK_INVALID)
						s->type[j] = STACK_MISC;
			}
			continue;
		}
		if (tnum_is_const(r->s.var_off)) {
			verr(e, "invalid read from stack R%u off %d+%d size %d", regno,
			     (int)min_off, (int)(i - min_off), size);
		} else {
			tnum_text(r->s.var_off, tn, sizeof(tn));
			verr(e, "invalid read from stack R%u var_off %s+%d size %d", regno, tn,
			     (int)(i - min_off), size);
		}
		return ERR_REJECT;
	}
	return 0;
}

static int stack_read_var(struct engine *e, u32 regno, s32 off, int size, s32 dst)
{
	const struct reg *r = &cur_regs(e)[regno];
	struct frame *f = reg_frame(e, r);
	s64 min_off = r->s.smin + off, max_off = r->s.smax + off;
	const struct reg *p = r;
	s64 i;
	char tn[64];

	/* check_stack_range_initialized(), direct access flavour (no clobbering) */
	if (!e->priv) {
		tnum_text(p->s.var_off, tn, sizeof(tn));
		verr(e, "R%u variable offset stack access prohibited for !root, var_off=%s", regno,
		     tn);
		return ERR_REJECT;
	}
	for (i = min_off; i < max_off + size; i++) {
		int slot = (int)(-i - 1), spi = slot / BPF_REG_SIZE;
		struct stack_slot *s = &f->stack[spi];
		u8 t = s->type[slot % BPF_REG_SIZE];

		if (t == STACK_MISC || t == STACK_ZERO ||
		    (t == STACK_INVALID && e->allow_uninit_stack))
			continue;
		if (s->type[BPF_REG_SIZE - 1] == STACK_SPILL &&
		    (s->spill.type == SCALAR_VALUE || e->allow_ptr_leaks))
			continue;
		tnum_text(p->s.var_off, tn, sizeof(tn));
		verr(e, "invalid read from stack R%u var_off %s+%d size %d", regno, tn,
		     (int)(i - min_off), size);
		return ERR_REJECT;
	}
	mark_stack_read_result(e, f, min_off, max_off + size, dst);
	return 0;
}

static u32 map_caps(const struct map_def *m)
{
	/* bpf_map_flags_to_cap(): BPF_F_RDONLY_PROG (1<<7), BPF_F_WRONLY_PROG (1<<8) */
	if ((m->flags & (1u << 7)) || m->readonly)
		return 1;
	if (m->flags & (1u << 8))
		return 2;
	return 3;
}

static int ctx_access(struct engine *e, u32 regno, s32 off, int size, bool write, s32 value_regno,
		      bool is_ldsx)
{
	struct ctx_query q = {
		.prog_type = e->prog_type,
		.attach_type = e->prog->expected_attach_type,
		.prog_flags = e->prog_flags,
		.unpriv = !e->priv,
		.has_attach_btf = e->prog->attach_target != NULL,
		.off = off,
		.size = (u32)size,
		.write = write,
		.is_ldsx = is_ldsx,
	};
	struct ctx_access a = {0};
	struct reg *regs = cur_regs(e);
	int v;

	v = progtype_ctx_access(&q, &a);
	if (v == CTX_UNSUPPORTED)
		return unsupported(e, "context access for program type %u", e->prog_type);
	if (v == CTX_BTF) {
		int bv = xbtf_ctx_arg(e, off, size, write, value_regno);

		if (bv <= 0)
			return bv;
		if (a.reg_type != SCALAR_VALUE)
			return unsupported(e, "BTF-typed context access");
	} else if (v != CTX_OK) {
		verr(e, "invalid bpf_context access off=%d size=%d", off, size);
		return ERR_REJECT;
	}
	if (!write && value_regno >= 0) {
		struct reg *d = &regs[value_regno];

		if (a.reg_type == SCALAR_VALUE) {
			reg_mark_unknown(d);
			if (v == CTX_BTF)
				d->btf_unknown = true;
		} else {
			if (base_type(a.reg_type) == PTR_TO_BTF_ID)
				return xbtf_ctx_ptr(e, value_regno, a.reg_type, a.btf_type);
			reg_mark_ptr(d, a.reg_type);
			if (a.reg_type & PTR_MAYBE_NULL)
				d->id = ++e->id_gen;
		}
	}
	return 0;
}

static const char *field_name(u32 kind)
{
	switch (kind) {
	case MAP_FIELD_SPIN_LOCK:
		return "bpf_spin_lock";
	case MAP_FIELD_TIMER:
		return "bpf_timer";
	case MAP_FIELD_WORKQUEUE:
		return "bpf_wq";
	case MAP_FIELD_KPTR_UNREF:
	case MAP_FIELD_KPTR_REF:
	case MAP_FIELD_KPTR_PERCPU:
		return "kptr";
	case MAP_FIELD_LIST_HEAD:
		return "bpf_list_head";
	case MAP_FIELD_LIST_NODE:
		return "bpf_list_node";
	case MAP_FIELD_RB_ROOT:
		return "bpf_rb_root";
	case MAP_FIELD_RB_NODE:
		return "bpf_rb_node";
	case MAP_FIELD_REFCOUNT:
		return "bpf_refcount";
	case MAP_FIELD_UPTR:
		return "uptr";
	default:
		return "unknown";
	}
}

/* check_map_kptr_access() */
static int map_kptr_access(struct engine *e, u32 insn_idx, s32 value_regno,
			   const struct map_field *kf)
{
	const struct insn *in = &e->insns[insn_idx];
	u8 cls = BPF_CLASS(in->code);
	bool ref = kf->kind == MAP_FIELD_KPTR_REF || kf->kind == MAP_FIELD_KPTR_PERCPU;
	struct reg *regs = cur_regs(e);

	if (kf->kind == MAP_FIELD_UPTR)
		return unsupported(e, "uptr field access");
	if (BPF_MODE(in->code) != BPF_MEM) {
		verr(e, "kptr in map can only be accessed using BPF_MEM instruction mode");
		return ERR_REJECT;
	}
	if (cls != BPF_LDX && ref) {
		verr(e, "store to referenced kptr disallowed");
		return ERR_REJECT;
	}
	if (cls == BPF_LDX) {
		struct reg *d = &regs[value_regno];
		u32 flags = PTR_MAYBE_NULL;
		bool in_rcu = e->cur->active_rcu || e->cur->active_locks ||
			      !(e->prog->sleepable || (e->prog_flags & BPF_F_SLEEPABLE));
		bool rcu_safe = kf->kind == MAP_FIELD_KPTR_PERCPU;

		if (kf->kind == MAP_FIELD_KPTR_REF && kf->target) {
			static const char *const rcu_types[] = {"prog_test_ref_kfunc", "cgroup",
								"bpf_cpumask", "task_struct",
								"bpf_crypto_ctx"};

			for (u32 i = 0; i < ARRAY_SIZE(rcu_types); i++)
				if (!strcmp(kf->target, rcu_types[i]))
					rcu_safe = true;
		}
		if (rcu_safe && in_rcu) {
			flags |= MEM_RCU;
			if (kf->kind == MAP_FIELD_KPTR_PERCPU)
				flags |= MEM_PERCPU;
		} else {
			flags |= PTR_UNTRUSTED;
		}
		reg_mark_ptr(d, PTR_TO_BTF_ID | flags);
		d->btf = kf->target;
		d->id = ++e->id_gen;
		return 0;
	}
	if (cls == BPF_STX) {
		struct reg *v = &regs[value_regno];
		char tb[64], tb2[64];

		if (reg_is_null(v))
			return 0;
		if (base_type(v->type) == PTR_TO_BTF_ID)
			return xbtf_kptr_match(e, (u32)value_regno, kf);
		verr(e, "invalid kptr access, R%d type=%s expected=%s%s%s%s%s", value_regno,
		     regtype_str(v->type, tb, sizeof(tb)),
		     regtype_str(PTR_TO_BTF_ID, tb2, sizeof(tb2)), kf->target ? kf->target : "",
		     kf->kind == MAP_FIELD_KPTR_UNREF ? " or untrusted_ptr_" : "",
		     kf->kind == MAP_FIELD_KPTR_UNREF && kf->target ? kf->target : "", "");
		return ERR_REJECT;
	}
	if (cls == BPF_ST) {
		if (in->imm) {
			verr(e, "BPF_ST imm must be 0 when storing to kptr at off=%u", kf->off);
			return ERR_REJECT;
		}
		return 0;
	}
	verr(e, "kptr in map can only be accessed using BPF_LDX/BPF_STX/BPF_ST");
	return ERR_REJECT;
}

/* the special-field part of check_map_access(): loads/stores (and helpers) may not touch them */
int check_map_fields(struct engine *e, const struct reg *r, s32 off, int size, bool helper)
{
	const struct map_def *m = reg_map(e, r);

	for (u32 i = 0; m && i < m->field_cnt; i++) {
		const struct map_field *fl = &m->fields[i];
		s64 p = fl->off;

		if (!(r->s.smin + off < p + (s64)fl->size && p < (s64)r->s.umax + off + size))
			continue;
		switch (fl->kind) {
		case MAP_FIELD_KPTR_UNREF:
		case MAP_FIELD_KPTR_REF:
		case MAP_FIELD_KPTR_PERCPU:
		case MAP_FIELD_UPTR:
			if (helper) {
				verr(e, "%s cannot be accessed indirectly by helper",
				     field_name(fl->kind));
				return ERR_REJECT;
			}
			if (!tnum_is_const(r->s.var_off)) {
				verr(e, "%s access cannot have variable offset",
				     field_name(fl->kind));
				return ERR_REJECT;
			}
			if (p != (s64)off + (s64)r->s.var_off.value) {
				verr(e, "%s access misaligned expected=%u off=%llu",
				     field_name(fl->kind), fl->off,
				     (unsigned long long)((s64)off + (s64)r->s.var_off.value));
				return ERR_REJECT;
			}
			if (size != 8) {
				verr(e, "%s access size must be BPF_DW", field_name(fl->kind));
				return ERR_REJECT;
			}
			break;
		default:
			verr(e, "%s cannot be accessed directly by load/store",
			     field_name(fl->kind));
			return ERR_REJECT;
		}
	}
	return 0;
}

int check_mem_access(struct engine *e, u32 insn_idx, u32 regno, s32 off, u32 usize, bool write,
		     s32 value_regno, bool strict_once, bool is_ldsx)
{
	struct reg *regs = cur_regs(e);
	struct reg *r = &regs[regno];
	int size = (int)usize;
	int err = 0;
	const struct map_def *m;

	err = check_ptr_alignment(e, r, off, size, strict_once);
	if (err)
		return err;
	off += r->off;

	if (r->type == PTR_TO_MAP_KEY) {
		if (write) {
			verr(e, "write to change key R%u not allowed", regno);
			return ERR_REJECT;
		}
		m = reg_map(e, r);
		err = mem_region_access(e, regno, off, size, m ? m->key_size : 0, false);
		if (err)
			return err;
		if (value_regno >= 0)
			reg_mark_unknown(&regs[value_regno]);
	} else if (r->type == PTR_TO_MAP_VALUE) {
		m = reg_map(e, r);
		if (!m)
			return unsupported(e, "map value of unknown map");
		if (write && value_regno >= 0 && is_pointer_value(e, &regs[value_regno])) {
			verr(e, "R%d leaks addr into map", value_regno);
			return ERR_REJECT;
		}
		if (write && !(map_caps(m) & 2)) {
			verr(e, "write into map forbidden, value_size=%u off=%d size=%d",
			     m->value_size, off, size);
			return ERR_REJECT;
		}
		if (!write && !(map_caps(m) & 1)) {
			verr(e, "read from map forbidden, value_size=%u off=%d size=%d",
			     m->value_size, off, size);
			return ERR_REJECT;
		}
		err = mem_region_access(e, regno, off, size, m->value_size, false);
		if (err)
			return err;
		err = check_map_fields(e, r, off, size, false);
		if (err)
			return err;
		if (tnum_is_const(r->s.var_off)) {
			const struct map_field *kf = NULL;
			u64 at = (u64)((s64)off + (s64)r->s.var_off.value);

			for (u32 i = 0; i < m->field_cnt; i++) {
				u32 k = m->fields[i].kind;

				if ((k == MAP_FIELD_KPTR_UNREF || k == MAP_FIELD_KPTR_REF ||
				     k == MAP_FIELD_KPTR_PERCPU || k == MAP_FIELD_UPTR) &&
				    m->fields[i].off == at)
					kf = &m->fields[i];
			}
			if (kf)
				return map_kptr_access(e, insn_idx, value_regno, kf);
		}
		if (!write && value_regno >= 0) {
			struct reg *d = &regs[value_regno];

			if (tnum_is_const(r->s.var_off) && m->readonly && m->init_data &&
			    (m->type == BPF_MAP_TYPE_ARRAY)) {
				u64 moff = (u64)off + r->s.var_off.value, val = 0;

				if (moff + size > m->value_size) {
					reg_mark_unknown(d);
				} else {
					for (int i = size - 1; i >= 0; i--)
						val = (val << 8) | m->init_data[moff + i];
					if (is_ldsx) {
						int sh = 64 - size * 8;

						val = (u64)(((s64)(val << sh)) >> sh);
					}
					reg_mark_known(d, val);
				}
			} else {
				reg_mark_unknown(d);
			}
		}
	} else if (base_type(r->type) == PTR_TO_MEM) {
		bool rdonly = r->type & MEM_RDONLY;

		if (r->type & PTR_MAYBE_NULL) {
			verr(e, "R%u invalid mem access '%s'", regno, type_str(e, r->type));
			return ERR_REJECT;
		}
		if (write && rdonly) {
			verr(e, "R%u cannot write into %s", regno, type_str(e, r->type));
			return ERR_REJECT;
		}
		if (write && value_regno >= 0 && is_pointer_value(e, &regs[value_regno])) {
			verr(e, "R%d leaks addr into mem", value_regno);
			return ERR_REJECT;
		}
		err = mem_region_access(e, regno, off, size, r->mem_size, false);
		if (!err && value_regno >= 0 && (!write || rdonly))
			reg_mark_unknown(&regs[value_regno]);
		if (err)
			return err;
	} else if (r->type == PTR_TO_CTX) {
		if (write && value_regno >= 0 && is_pointer_value(e, &regs[value_regno])) {
			verr(e, "R%d leaks addr into ctx", value_regno);
			return ERR_REJECT;
		}
		err = check_ptr_off_reg(e, r, regno, false);
		if (err)
			return err;
		err = ctx_access(e, regno, off, size, write, value_regno, is_ldsx);
		if (err)
			return err;
	} else if (r->type == PTR_TO_STACK) {
		struct frame *f = reg_frame(e, r);

		err = stack_bounds(e, regno, off, size, write ? 1 : 0);
		if (err)
			return err;
		if (!write) {
			bool var = !tnum_is_const(r->s.var_off);

			if (value_regno < 0 && var) {
				char tn[64];

				tnum_text(r->s.var_off, tn, sizeof(tn));
				verr(e,
				     "variable offset stack pointer cannot be passed into helper "
				     "function; var_off=%s off=%d size=%d",
				     tn, off, size);
				return ERR_REJECT;
			}
			if (!var)
				err = stack_read_fixed(e, f, off + (s32)r->s.var_off.value, size,
						       value_regno);
			else
				err = stack_read_var(e, regno, off, size, value_regno);
		} else {
			if (tnum_is_const(r->s.var_off))
				err = stack_write_fixed(e, f, off + (s32)r->s.var_off.value, size,
							value_regno, &e->insns[insn_idx]);
			else
				err = stack_write_var(e, f, r, off, size, value_regno,
						      &e->insns[insn_idx], insn_idx);
		}
		if (err)
			return err;
	} else if (reg_is_pkt(r)) {
		if (write && progtype_pkt_rights(e->prog_type) != PKT_RW) {
			verr(e, "cannot write into packet");
			return ERR_REJECT;
		}
		if (write && value_regno >= 0 && is_pointer_value(e, &regs[value_regno])) {
			verr(e, "R%d leaks addr into packet", value_regno);
			return ERR_REJECT;
		}
		err = packet_access(e, regno, off, size, false);
		if (err)
			return err;
		if (!write && value_regno >= 0)
			reg_mark_unknown(&regs[value_regno]);
	} else if (r->type == PTR_TO_FLOW_KEYS) {
		if (write && value_regno >= 0 && is_pointer_value(e, &regs[value_regno])) {
			verr(e, "R%d leaks addr into flow keys", value_regno);
			return ERR_REJECT;
		}
		if (size < 0 || off < 0 || (u64)off + size > 56) {
			verr(e, "invalid access to flow keys off=%d size=%d", off, size);
			return ERR_REJECT;
		}
		if (!write && value_regno >= 0)
			reg_mark_unknown(&regs[value_regno]);
	} else if (r->type == PTR_TO_SOCKET || r->type == PTR_TO_SOCK_COMMON ||
		   r->type == PTR_TO_TCP_SOCK || r->type == PTR_TO_XDP_SOCK) {
		if (write) {
			verr(e, "R%u cannot write into %s", regno, type_str(e, r->type));
			return ERR_REJECT;
		}
		/* check_sock_access() */
		if (r->s.smin < 0) {
			verr(e,
			     "R%u min value is negative, either use unsigned index or do a if "
			     "(index "
			     ">=0) check.",
			     regno);
			return ERR_REJECT;
		}
		if (!progtype_sock_access(r->type, off, (u32)size, NULL)) {
			verr(e, "R%u invalid %s access off=%d size=%d", regno, type_str(e, r->type),
			     off, size);
			return ERR_REJECT;
		}
		if (r->type == PTR_TO_TCP_SOCK && size == 4 && (off == 84 || off == 92)) {
			verr(e, "verifier bug: error during ctx access conversion (0)");
			return ERR_REJECT;
		}
		if (value_regno >= 0)
			reg_mark_unknown(&regs[value_regno]);
	} else if (base_type(r->type) == PTR_TO_BTF_ID && !(r->type & PTR_MAYBE_NULL)) {
		err = xbtf_check_access(e, regno, off, size, write, value_regno);
		if (err)
			return err;
	} else if (r->type == CONST_PTR_TO_MAP) {
		err = xbtf_map_access(e, regno, off, size, write, value_regno);
		if (err)
			return err;
	} else if (base_type(r->type) == PTR_TO_BUF || r->type == PTR_TO_TP_BUFFER) {
		/* check_tp_buffer_access() / check_buffer_access(): the bound (max access) is
		 * checked when the program is attached, not here */
		bool tp = r->type == PTR_TO_TP_BUFFER, rdonly = !tp && (r->type & MEM_RDONLY);
		char tn[64];

		if (!tp && rdonly && write) {
			verr(e, "R%u cannot write into %s", regno, type_str(e, r->type));
			return ERR_REJECT;
		}
		if (off < 0) {
			verr(e, "R%u invalid %s buffer access: off=%d, size=%d", regno,
			     tp	      ? "tracepoint"
			     : rdonly ? "rdonly"
				      : "rdwr",
			     off, size);
			return ERR_REJECT;
		}
		if (!tnum_is_const(r->s.var_off) || r->s.var_off.value) {
			tnum_text(r->s.var_off, tn, sizeof(tn));
			verr(e, "R%u invalid variable buffer offset: off=%d, var_off=%s", regno,
			     off, tn);
			return ERR_REJECT;
		}
		if (value_regno >= 0 && (!write || rdonly))
			reg_mark_unknown(&regs[value_regno]);
	} else if (base_type(r->type) == PTR_TO_ARENA) {
		if (!write && value_regno >= 0)
			reg_mark_unknown(&regs[value_regno]);
	} else {
		if (r->type == SCALAR_VALUE && r->btf_unknown)
			return unsupported(e, "access through a BTF-typed context value");
		verr(e, "R%u invalid mem access '%s'", regno, type_str(e, r->type));
		return ERR_REJECT;
	}
	if (size < BPF_REG_SIZE && value_regno >= 0 && !write &&
	    regs[value_regno].type == SCALAR_VALUE) {
		if (!is_ldsx)
			scalar_zext(&regs[value_regno].s, (u8)size);
		else
			scalar_sext(&regs[value_regno].s, (u8)size);
	}
	return 0;
}

static bool type_mismatch_ok(u32 t)
{
	switch (base_type(t)) {
	case PTR_TO_CTX:
	case PTR_TO_SOCKET:
	case PTR_TO_SOCK_COMMON:
	case PTR_TO_TCP_SOCK:
	case PTR_TO_XDP_SOCK:
	case PTR_TO_BTF_ID:
	case PTR_TO_ARENA:
		return false;
	default:
		return true;
	}
}

/* save_aux_ptr_type() */
static int save_ptr_type(struct engine *e, u32 idx, u32 type, bool allow_trust_mismatch)
{
	struct insn_aux *a = &e->aux[idx];

	if (!a->ptr_type_set) {
		a->ptr_type = type;
		a->ptr_type_set = true;
		return 0;
	}
	if (type != a->ptr_type && (!type_mismatch_ok(type) || !type_mismatch_ok(a->ptr_type))) {
		if (allow_trust_mismatch && base_type(type) == PTR_TO_BTF_ID &&
		    base_type(a->ptr_type) == PTR_TO_BTF_ID) {
			a->ptr_type = PTR_TO_BTF_ID | PTR_UNTRUSTED;
			return 0;
		}
		verr(e, "same insn cannot be used with different pointers");
		return ERR_REJECT;
	}
	return 0;
}

static u32 cur_idx(struct engine *e)
{
	return e->cur->insn_idx;
}

int xfer_ldx(struct engine *e, const struct insn *in)
{
	u32 idx = cur_idx(e);
	bool ldsx = BPF_MODE(in->code) == BPF_MEMSX;
	u32 src_type;
	int err;

	if ((err = check_reg_read(e, in->src)))
		return err;
	if ((err = check_reg_write(e, in->dst)))
		return err;
	src_type = cur_regs(e)[in->src].type;
	err = check_mem_access(e, idx, in->src, in->off, (u32)size_bytes(BPF_SIZE(in->code)), false,
			       in->dst, false, ldsx);
	if (err)
		return err;
	return save_ptr_type(e, idx, src_type, true);
}

int xfer_stx(struct engine *e, const struct insn *in)
{
	u32 idx = cur_idx(e);
	u32 dst_type;
	int err;

	if ((err = check_reg_read(e, in->src)))
		return err;
	if ((err = check_reg_read(e, in->dst)))
		return err;
	dst_type = cur_regs(e)[in->dst].type;
	err = check_mem_access(e, idx, in->dst, in->off, (u32)size_bytes(BPF_SIZE(in->code)), true,
			       in->src, false, false);
	if (err)
		return err;
	return save_ptr_type(e, idx, dst_type, false);
}

int xfer_st(struct engine *e, const struct insn *in)
{
	u32 idx = cur_idx(e);
	u32 dst_type;
	int err;

	if ((err = check_reg_read(e, in->dst)))
		return err;
	dst_type = cur_regs(e)[in->dst].type;
	err = check_mem_access(e, idx, in->dst, in->off, (u32)size_bytes(BPF_SIZE(in->code)), true,
			       -1, false, false);
	if (err)
		return err;
	return save_ptr_type(e, idx, dst_type, false);
}

int xfer_atomic(struct engine *e, const struct insn *in)
{
	u32 idx = cur_idx(e);
	struct reg *regs = cur_regs(e);
	u32 size = (u32)size_bytes(BPF_SIZE(in->code));
	s32 load_reg;
	u32 t;
	int err;

	switch (in->imm) {
	case BPF_ADD:
	case BPF_ADD | BPF_FETCH:
	case BPF_AND:
	case BPF_AND | BPF_FETCH:
	case BPF_OR:
	case BPF_OR | BPF_FETCH:
	case BPF_XOR:
	case BPF_XOR | BPF_FETCH:
	case BPF_XCHG:
	case BPF_CMPXCHG:
		break;
	case BPF_LOAD_ACQ:
	case BPF_STORE_REL:
		return unsupported(e, "load-acquire / store-release");
	default:
		verr(e, "BPF_ATOMIC uses invalid atomic opcode %02x", in->imm);
		return ERR_REJECT;
	}
	if (BPF_SIZE(in->code) != BPF_W && BPF_SIZE(in->code) != BPF_DW) {
		verr(e, "invalid atomic operand size");
		return ERR_REJECT;
	}
	if ((err = check_reg_read(e, in->src)))
		return err;
	if ((err = check_reg_read(e, in->dst)))
		return err;
	if (in->imm == BPF_CMPXCHG) {
		if ((err = check_reg_read(e, 0)))
			return err;
		if (is_pointer_value(e, &regs[0])) {
			verr(e, "R%d leaks addr into mem", 0);
			return ERR_REJECT;
		}
	}
	if (is_pointer_value(e, &regs[in->src])) {
		verr(e, "R%d leaks addr into mem", in->src);
		return ERR_REJECT;
	}
	t = regs[in->dst].type;
	if (t == PTR_TO_CTX || reg_is_pkt(&regs[in->dst]) || t == PTR_TO_FLOW_KEYS ||
	    t == PTR_TO_SOCKET || t == PTR_TO_SOCK_COMMON || t == PTR_TO_TCP_SOCK ||
	    t == PTR_TO_XDP_SOCK) {
		verr(e, "BPF_ATOMIC stores into R%d %s is not allowed", in->dst, type_str(e, t));
		return ERR_REJECT;
	}
	if (in->imm & BPF_FETCH) {
		load_reg = in->imm == BPF_CMPXCHG ? 0 : in->src;
		if ((err = check_reg_write(e, (u32)load_reg)))
			return err;
	} else {
		load_reg = -1;
	}
	err = check_mem_access(e, idx, in->dst, in->off, size, false, -1, true, false);
	if (!err && load_reg >= 0)
		err = check_mem_access(e, idx, in->dst, in->off, size, false, load_reg, true,
				       false);
	if (err)
		return err;
	return check_mem_access(e, idx, in->dst, in->off, size, true, -1, true, false);
}

int xfer_ld_abs(struct engine *e, const struct insn *in, u32 *next)
{
	struct reg *regs = cur_regs(e);
	u8 mode = BPF_MODE(in->code);
	u32 pt = e->prog_type;
	int err;

	if (pt != BPF_PROG_TYPE_SOCKET_FILTER && pt != BPF_PROG_TYPE_SCHED_CLS &&
	    pt != BPF_PROG_TYPE_SCHED_ACT) {
		verr(e, "BPF_LD_[ABS|IND] instructions not allowed for this program type");
		return ERR_REJECT;
	}
	for (u32 i = e->cur->curframe; i; i--) {
		if (e->cur->frame[i]->in_callback) {
			verr(e, "cannot use BPF_LD_[ABS|IND] within callback");
			return ERR_REJECT;
		}
	}
	if (in->dst != 0 || in->off != 0 || BPF_SIZE(in->code) == BPF_DW ||
	    (mode == BPF_ABS && in->src != 0)) {
		verr(e, "BPF_LD_[ABS|IND] uses reserved fields");
		return ERR_REJECT;
	}
	if ((err = check_reg_read(e, 6)))
		return err;
	if ((err = check_resource_leak(e, "BPF_LD_[ABS|IND]", true)))
		return err;
	if (regs[6].type != PTR_TO_CTX) {
		verr(e, "at the time of BPF_LD_ABS|IND R6 != pointer to skb");
		return ERR_REJECT;
	}
	if (mode == BPF_IND && (err = check_reg_read(e, in->src)))
		return err;
	err = check_ptr_off_reg(e, &regs[6], 6, false);
	if (err)
		return err;
	for (int i = 0; i <= 5; i++) {
		reg_mark_not_init(&regs[i]);
		mark_reg_scratched(e, (u32)i);
	}
	reg_mark_unknown(&regs[0]);
	if (e->cur->curframe) {
		/* 6.18: a failing load returns 0 from the subprogram; the success path is queued */
		u32 idx = e->cur->insn_idx;

		err = push_branch(e, idx + 1, (s32)idx, NULL);
		if (err)
			return err;
		reg_mark_known(&cur_regs(e)[0], 0);
		return xfer_exit(e, next);
	}
	return 0;
}
