/* The kernel-style verifier log and error report: message lines (verbose() of the kernel), the
 * register / stack state text (print_verifier_state, print_reg_state of kernel/bpf/log.c, 6.18
 * syntax: no liveness suffixes) and instruction lines. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "disasm.h"
#include "engine_int.h"

static void vlog_va(struct engine *e, const char *fmt, va_list ap)
{
	char buf[512];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	if (e->log_level)
		strbuf_puts(&e->log, buf);
}

void vlog(struct engine *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog_va(e, fmt, ap);
	va_end(ap);
}

/* One line of the error report (without newline): goes to the report and the log. */
void verr(struct engine *e, const char *fmt, ...)
{
	va_list ap;
	char buf[512];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (e->err.len)
		strbuf_putc(&e->err, '\n');
	strbuf_puts(&e->err, buf);
	if (e->log_level) {
		strbuf_puts(&e->log, buf);
		strbuf_putc(&e->log, '\n');
	}
}

int unsupported(struct engine *e, const char *fmt, ...)
{
	va_list ap;
	char buf[512];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	strbuf_reset(&e->err);
	strbuf_printf(&e->err, "unsupported: %s", buf);
	e->err_unsupported = true;
	return ERR_UNSUPPORTED;
}

const char *type_str(struct engine *e, u32 type)
{
	return regtype_str(type, e->tmp, sizeof(e->tmp));
}

static void put_snum(struct strbuf *sb, s64 v)
{
	if (v >= -32768 && v <= 32767)
		strbuf_printf(sb, "%lld", (long long)v);
	else
		strbuf_printf(sb, "%#llx", (unsigned long long)v);
}

static void put_unum(struct strbuf *sb, u64 v)
{
	if (v <= 65535)
		strbuf_printf(sb, "%llu", (unsigned long long)v);
	else
		strbuf_printf(sb, "%#llx", (unsigned long long)v);
}

/* The name the kernel knows a map by: at most 15 characters; libbpf names its internal maps
 * (.data, .rodata, .bss, .kconfig ...) "<object prefix><section>" */
static void put_map_name(struct engine *e, struct strbuf *sb, const struct map_def *m)
{
	const char *n = m->name, *obj = e->obj->path ? e->obj->path : "";
	size_t sfx, pfx, objlen;

	if (!m->internal || n[0] != '.') {
		strbuf_printf(sb, "%.15s", n);
		return;
	}
	if (strrchr(obj, '/'))
		obj = strrchr(obj, '/') + 1;
	objlen = strcspn(obj, ".");
	sfx = strlen(n) > 7 ? strlen(n) : 7;
	pfx = strchr(n + 1, '.') ? 0 : (sfx < 15 ? 15 - sfx : 0);
	if (pfx > objlen)
		pfx = objlen;
	strbuf_printf(sb, "%.*s%.*s", (int)pfx, obj, (int)(15 - pfx), n);
}

static bool type_is_map_ptr(u32 t)
{
	t = base_type(t);
	return t == CONST_PTR_TO_MAP || t == PTR_TO_MAP_VALUE || t == PTR_TO_MAP_KEY;
}

static void print_reg(struct engine *e, struct strbuf *sb, const struct reg *r, u32 frameno)
{
	u32 t = r->type;
	char tbuf[64];
	bool first = true;
	const struct map_def *m;

#define SEP()                                                                                      \
	do {                                                                                       \
		if (!first)                                                                        \
			strbuf_putc(sb, ',');                                                      \
		first = false;                                                                     \
	} while (0)
	if (t == SCALAR_VALUE && r->precise)
		strbuf_putc(sb, 'P');
	if (t == SCALAR_VALUE && tnum_is_const(r->s.var_off)) {
		put_snum(sb, (s64)r->s.var_off.value);
		return;
	}
	strbuf_puts(sb, regtype_str(t, tbuf, sizeof(tbuf)));
	if (t == PTR_TO_ARENA)
		return;
	if (t == PTR_TO_STACK) {
		if (frameno != r->frameno)
			strbuf_printf(sb, "[%d]", r->frameno);
		if (tnum_is_const(r->s.var_off)) {
			put_snum(sb, (s64)r->s.var_off.value + r->off);
			return;
		}
	}
	if (base_type(t) == PTR_TO_BTF_ID)
		strbuf_puts(sb, r->btf ? r->btf : "");
	strbuf_putc(sb, '(');
	if (r->id) {
		SEP();
		strbuf_printf(sb, "id=%u", r->id & ~ID_ADD_CONST);
		if (r->id & ID_ADD_CONST)
			strbuf_printf(sb, "%+d", r->off);
	}
	if (r->ref_obj_id) {
		SEP();
		strbuf_printf(sb, "ref_obj_id=%u", r->ref_obj_id);
	}
	if (type_is_map_ptr(t) && (m = reg_map(e, r))) {
		if (m->name && m->name[0] && e->obj->format != INPUT_RAW) {
			SEP();
			strbuf_puts(sb, "map=");
			put_map_name(e, sb, m);
		}
		SEP();
		strbuf_printf(sb, "ks=%u,vs=%u", m->key_size, m->value_size);
	}
	if (t != SCALAR_VALUE && r->off) {
		SEP();
		strbuf_puts(sb, "off=");
		put_snum(sb, r->off);
	}
	if (reg_is_pkt(r) || t == PTR_TO_PACKET_END) {
		if (t != PTR_TO_PACKET_END) {
			SEP();
			strbuf_puts(sb, "r=");
			put_unum(sb, (u64)(s64)r->range);
		}
	}
	if (base_type(t) == PTR_TO_MEM) {
		SEP();
		strbuf_puts(sb, "sz=");
		put_unum(sb, r->mem_size);
	}
	if (tnum_is_const(r->s.var_off)) {
		if (r->s.var_off.value) {
			SEP();
			strbuf_puts(sb, "imm=");
			put_snum(sb, (s64)r->s.var_off.value);
		}
	} else {
		struct strbuf rs = STRBUF_INIT;

		scalar_fmt_ranges(&r->s, &rs);
		if (rs.len) {
			SEP();
			strbuf_puts(sb, strbuf_str(&rs));
		}
		strbuf_free(&rs);
	}
	strbuf_putc(sb, ')');
#undef SEP
}

void vlog_reg(struct engine *e, struct strbuf *sb, const struct reg *r)
{
	print_reg(e, sb, r, r->frameno);
}

/* A register's text for messages (e.g. infinite loop dumps); uses e->tmp-sized scratch. */
const char *reg_str(struct engine *e, const struct reg *r)
{
	struct strbuf sb = STRBUF_INIT;

	print_reg(e, &sb, r, r->frameno);
	snprintf(e->tmp, sizeof(e->tmp), "%s", strbuf_str(&sb));
	strbuf_free(&sb);
	return e->tmp;
}

static const char slot_chars[] = {'?', 'r', 'm', '0', 'd', 'i', 'f'};

static void print_frame(struct engine *e, struct strbuf *sb, const struct vstate *st,
			const struct frame *f, bool all)
{
	if (f->frameno)
		strbuf_printf(sb, " frame%u:", f->frameno);
	for (int i = 0; i < MAX_BPF_REG; i++) {
		const struct reg *r = &f->regs[i];

		if (r->type == NOT_INIT)
			continue;
		if (!all && !(e->scratched_regs & (1u << i)))
			continue;
		strbuf_printf(sb, " R%d=", i);
		print_reg(e, sb, r, f->frameno);
	}
	for (u32 i = 0; i < f->nslots; i++) {
		char types[BPF_REG_SIZE + 1];
		bool valid = false;
		int j;

		if (!all && (i >= 64 || !(e->scratched_stack & (1ull << i))))
			continue;
		for (j = 0; j < BPF_REG_SIZE; j++) {
			u8 t = f->stack[i].type[j];

			if (t != STACK_INVALID)
				valid = true;
			types[j] = t < sizeof(slot_chars) ? slot_chars[t] : '?';
		}
		types[BPF_REG_SIZE] = 0;
		if (!valid)
			continue;
		if (f->stack[i].type[BPF_REG_SIZE - 1] == STACK_SPILL) {
			for (j = 0; j < BPF_REG_SIZE; j++)
				if (f->stack[i].type[j] == STACK_SPILL)
					break;
			types[j] = 0;
			strbuf_printf(sb, " fp%d=%s", -(int)(i + 1) * BPF_REG_SIZE, types);
			print_reg(e, sb, &f->stack[i].spill, f->frameno);
		} else {
			strbuf_printf(sb, " fp%d=%s", -(int)(i + 1) * BPF_REG_SIZE, types);
		}
	}
	if (st->nrefs) {
		bool first = true;

		for (u32 i = 0; i < st->nrefs; i++) {
			if (!st->refs[i].id)
				continue;
			strbuf_printf(sb, first ? " refs=%u" : ",%u", st->refs[i].id);
			first = false;
		}
	}
	if (f->in_callback)
		strbuf_puts(sb, " cb");
	if (f->in_async_callback)
		strbuf_puts(sb, " async_cb");
}

/* print_verifier_state(): all=false prints only what the last instructions touched and then
 * forgets the marks, as the kernel does */
void vlog_state(struct engine *e, const struct vstate *st, u32 frameno, bool all)
{
	struct strbuf sb = STRBUF_INIT;

	if (!e->log_level)
		return;
	print_frame(e, &sb, st, st->frame[frameno], all);
	strbuf_puts(&e->log, strbuf_str(&sb));
	strbuf_putc(&e->log, '\n');
	strbuf_free(&sb);
	if (!all) {
		e->scratched_regs = 0;
		e->scratched_stack = 0;
	}
}

char *state_text(struct engine *e, const struct vstate *st, u32 frameno)
{
	struct strbuf sb = STRBUF_INIT;

	print_frame(e, &sb, st, st->frame[frameno], true);
	return strbuf_detach(&sb);
}

static u32 vlog_alignment(size_t pos)
{
	size_t w = pos + 4 > 40 ? pos + 4 : 40;

	w = (w + 7) / 8 * 8;
	return (u32)(w - pos - 1);
}

/* print_insn_state(): the state after an instruction, appended to its line when nothing was
 * printed since, else on a line of its own headed by the current insn index */
void print_insn_state(struct engine *e)
{
	if (!e->log_level)
		return;
	if (e->prev_log_pos && e->prev_log_pos == e->log.len) {
		e->log.len = e->prev_log_pos - 1;
		e->log.buf[e->log.len] = 0;
		strbuf_printf(&e->log, "%*c;", (int)vlog_alignment(e->prev_insn_print_pos), ' ');
	} else {
		strbuf_printf(&e->log, "%u:", e->cur->insn_idx);
	}
	vlog_state(e, e->cur, e->cur->curframe, false);
}

/* verbose_linfo(): the source line of insn idx when it differs from the last one printed */
void verbose_linfo(struct engine *e, u32 idx, const char *prefix)
{
	const struct program *p = e->prog;
	s32 l = 0, r;
	const struct line_info *li, *prev;
	const char *s, *fname;

	if (!e->log_level || !p->line_cnt || idx >= e->insn_cnt)
		return;
	r = (s32)p->line_cnt - 1;
	while (l < r) {
		s32 m = l + (r - l + 1) / 2;

		if (p->lines[m].insn_off <= idx)
			l = m;
		else
			r = m - 1;
	}
	if (l == e->prev_linfo)
		return;
	li = &p->lines[l];
	prev = e->prev_linfo >= 0 ? &p->lines[e->prev_linfo] : NULL;
	if (prev && prev->loc.file == li->loc.file && prev->loc.line == li->loc.line)
		return;
	s = li->loc.line_text ? li->loc.line_text : "";
	while (*s == ' ' || *s == '\t')
		s++;
	fname = li->loc.file ? li->loc.file : "";
	if (strrchr(fname, '/'))
		fname = strrchr(fname, '/') + 1;
	strbuf_printf(&e->log, "%s%s @ %s:%u\n", prefix, s, fname, li->loc.line);
	e->prev_linfo = l;
}

void vlog_insn(struct engine *e, u32 idx)
{
	struct strbuf sb = STRBUF_INIT;

	if (!e->log_level)
		return;
	if (e->scratched_regs || e->scratched_stack)
		print_insn_state(e);
	verbose_linfo(e, idx, "; ");
	e->prev_log_pos = e->log.len;
	disasm_insn_log(e->prog, e->insns, e->insn_cnt, idx, &sb);
	strbuf_puts(&e->log, strbuf_str(&sb));
	strbuf_putc(&e->log, '\n');
	e->prev_insn_print_pos = e->log.len - e->prev_log_pos;
	e->prev_log_pos = e->log.len;
	strbuf_free(&sb);
}
