/* Replay of recorded programs on the scalar domain (see replay.h). Mirrors what the kernel does
 * around the domain calls for these instructions: the fork of maybe_fork_scalars() for AND/OR
 * with a constant, the invariant check after ALU ops and branch refinements, and no refinement
 * on a decided branch. */
#include "replay.h"

#include <string.h>

struct rinsn {
	u8 code, dst, src;
	s16 off;
	s32 imm;
};

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static int decode(const char *hex, struct rinsn *p, int max)
{
	size_t len = strlen(hex);
	int n = 0;

	while (len >= 16 && n < max) {
		u8 b[8];
		int i;

		for (i = 0; i < 8; i++) {
			int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);

			if (hi < 0 || lo < 0)
				return -1;
			b[i] = (u8)(hi << 4 | lo);
		}
		p[n].code = b[0];
		p[n].dst = b[1] & 15;
		p[n].src = b[1] >> 4;
		p[n].off = (s16)(b[2] | b[3] << 8);
		p[n].imm = (s32)((u32)b[4] | (u32)b[5] << 8 | (u32)b[6] << 16 | (u32)b[7] << 24);
		n++;
		hex += 16;
		len -= 16;
	}
	return n;
}

static void step_alu(struct scalar *r, const struct rinsn *in, struct strbuf *log)
{
	u8 cls = in->code & 7, op = in->code & 0xf0;
	bool x = in->code & 8, a32 = cls == 4;
	struct scalar *d = &r[in->dst];
	struct scalar src = x ? r[in->src] : scalar_const((u64)(s64)in->imm);

	if (op == 0xb0) { /* MOV */
		if (!x) {
			*d = scalar_const(a32 ? (u64)(u32)in->imm : (u64)(s64)in->imm);
		} else if (!a32) {
			*d = src;
			if (in->off)
				scalar_sext(d, (u8)(in->off / 8));
		} else {
			*d = src;
			if (in->off)
				scalar_sext32(d, (u8)(in->off / 8));
			else
				scalar_mov32(d);
		}
	} else if (op == 0x80) {
		scalar_neg(d, a32);
	} else if (op == 0xd0) {
		/* 0xd7 bswap and 0xdc "be" swap on a little-endian machine, 0xd4 "le" does not */
		scalar_bswap(d, (u8)in->imm, !a32 || x);
	} else {
		if ((op == 0x50 || op == 0x40) && tnum_is_const(src.var_off)) {
			int w = scalar_fork_width(d); /* continue on the "-1" side of the fork */

			if (w == 64)
				*d = scalar_const(~(u64)0);
			else if (w == 32)
				scalar_mark_known32(d, 0xffffffffu);
		}
		scalar_alu(d, &src, op, a32, in->off);
	}
	scalar_check_invariants(d, "alu", log);
}

/* Run the program; after each instruction, when trace is not NULL, append
 * "<idx> R<n>=<value>|..." (every initialised register) and a newline; stop after instruction
 * stop_idx (if >= 0) and print register reg into out. */
static int replay_run(const char *hex, int stop_idx, int reg, struct strbuf *out,
		      struct strbuf *trace)
{
	struct rinsn p[512];
	struct scalar r[11];
	bool init[11] = {false};
	int n = decode(hex, p, 512), pc = 0, steps = 0;

	if (n <= 0 || reg < 0 || reg > 10)
		return -1;
	init[1] = init[10] = true;
	r[1] = r[10] = scalar_unknown();
	while (pc >= 0 && pc < n && steps++ < 10000) {
		const struct rinsn *in = &p[pc];
		u8 cls = in->code & 7, op = in->code & 0xf0;
		int next = pc + 1, i;

		if (in->code == 0x18 && pc + 1 < n) {
			r[in->dst] = scalar_const((u32)in->imm | (u64)(u32)p[pc + 1].imm << 32);
			init[in->dst] = true;
			next = pc + 2;
		} else if (in->code == 0x85) {
			r[0] = scalar_unknown();
			init[0] = true;
			for (i = 1; i <= 5; i++)
				init[i] = false;
		} else if (in->code == 0x95) {
			next = -1;
		} else if (cls == 7 || cls == 4) {
			step_alu(r, in, trace);
			init[in->dst] = true;
		} else if (cls == 5 || cls == 6) {
			struct scalar k = scalar_const((u64)(s64)in->imm);
			struct scalar *a = &r[in->dst], *b = (in->code & 8) ? &r[in->src] : &k;
			int t = op ? scalar_branch_taken(a, b, op, cls == 6) : 1;

			if (t == 1) {
				next = pc + 1 + in->off;
			} else if (t < 0) {
				/* the jump target's copies are refined too (and may log) */
				struct scalar t1 = *a, t2 = *b;

				scalar_branch_refine(&t1, a == b ? &t1 : &t2, a, b, op, cls == 6,
						     trace);
			}
		}
		if (trace) {
			strbuf_printf(trace, "%d", pc);
			for (i = 0; i <= 10; i++) {
				if (!init[i])
					continue;
				strbuf_printf(trace, " R%d=", i);
				scalar_fmt_value(&r[i], trace);
				strbuf_putc(trace, '|');
			}
			strbuf_putc(trace, '\n');
		}
		if (pc == stop_idx) {
			if (!init[reg])
				return -1;
			scalar_fmt_value(&r[reg], out);
			return 0;
		}
		pc = next;
	}
	return stop_idx < 0 ? 0 : -1;
}

int replay_reg_at(const char *hex, int idx, int reg, struct strbuf *out)
{
	return replay_run(hex, idx, reg, out, NULL);
}

int replay_trace(const char *hex, struct strbuf *trace)
{
	return replay_run(hex, -1, 0, NULL, trace);
}
