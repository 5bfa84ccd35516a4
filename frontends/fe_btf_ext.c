/* .BTF.ext of an ELF object: func_info, line_info and CO-RE relocation records, read with every
 * length, count and offset checked against the section (the layout is the one documented with
 * struct btf_ext_header in libbpf). The records are then placed into each assembled program with
 * the instruction offsets it ended up with (function prototypes are decoded by fe_btf_func.c). */
#include "fe_elf_int.h"
#include "fe_btf_func.h"

#include <bpf/btf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define BTF_EXT_MAGIC 0xeB9F

struct ext_hdr {
	u16 magic;
	u8 version;
	u8 flags;
	u32 hdr_len;
	u32 func_info_off;
	u32 func_info_len;
	u32 line_info_off;
	u32 line_info_len;
	u32 core_relo_off;
	u32 core_relo_len;
};

static u32 rd32(const u8 *p)
{
	u32 v;

	memcpy(&v, p, 4);
	return v;
}

/* One subsection: u32 record size, then per ELF section {name_off, count, records}. */
static int parse_info(struct elf_ctx *c, const char *what, const u8 *p, u64 len, u32 min_rec,
		      u32 nwords, struct btf_ext_tab *tab)
{
	u64 pos = 4, total = 0;
	u32 rec_size;

	if (len == 0)
		return 0;
	if (len < 4)
		return ELF_BAD(c, "%s: .BTF.ext %s: %llu bytes, too short for a record size",
			       c->path, what, (unsigned long long)len);
	rec_size = rd32(p);
	if (rec_size < min_rec || rec_size % 4 || rec_size > 1024)
		return ELF_BAD(c, "%s: .BTF.ext %s: bad record size %u", c->path, what, rec_size);
	/* first pass: validate and count, so that the allocation is bounded by the section */
	while (pos < len) {
		u32 cnt;

		if (len - pos < 8)
			return ELF_BAD(c,
				       "%s: .BTF.ext %s: truncated section header at offset %llu",
				       c->path, what, (unsigned long long)pos);
		cnt = rd32(p + pos + 4);
		if (cnt == 0)
			return ELF_BAD(c, "%s: .BTF.ext %s: empty section at offset %llu", c->path,
				       what, (unsigned long long)pos);
		if ((u64)cnt * rec_size > len - pos - 8)
			return ELF_BAD(c,
				       "%s: .BTF.ext %s: %u records of %u bytes at offset %llu "
				       "exceed the subsection (%llu bytes)",
				       c->path, what, cnt, rec_size, (unsigned long long)pos,
				       (unsigned long long)len);
		total += cnt;
		pos += 8 + (u64)cnt * rec_size;
	}
	tab->recs = calloc(total ? total : 1, sizeof(*tab->recs));
	if (!tab->recs)
		return diag_error(c->d, -ENOMEM, "%s: out of memory", c->path);
	pos = 4;
	while (pos < len) {
		u32 name_off = rd32(p + pos), cnt = rd32(p + pos + 4);
		const char *sname = btf__name_by_offset(c->btf, name_off);
		s32 sec;

		if (!sname)
			return ELF_BAD(c,
				       "%s: .BTF.ext %s: section name offset %u outside the BTF "
				       "strings",
				       c->path, what, name_off);
		sec = elf_sec_by_name(c, sname);
		for (u32 i = 0; i < cnt; i++) {
			const u8 *r = p + pos + 8 + (u64)i * rec_size;
			struct btf_ext_rec *x;
			u32 off = rd32(r);

			if (off % 8)
				return ELF_BAD(c,
					       "%s: .BTF.ext %s: section '%s' record %u: "
					       "instruction offset %u not a multiple of 8",
					       c->path, what, sname, i, off);
			if (sec <= 0 || c->secs[sec].kind != ESEC_PROG)
				continue; /* records of a section that holds no code: unused */
			if (off / 8 >= c->secs[sec].size / 8)
				return ELF_BAD(
					c,
					"%s: .BTF.ext %s: section '%s' record %u: "
					"instruction offset %u past the section (%llu bytes)",
					c->path, what, sname, i, off,
					(unsigned long long)c->secs[sec].size);
			x = &tab->recs[tab->cnt];
			x->seq = tab->cnt++;
			x->sec = sec;
			x->insn = off / 8;
			x->a = rd32(r + 4);
			x->b = nwords > 2 ? rd32(r + 8) : 0;
			x->c = nwords > 3 ? rd32(r + 12) : 0;
		}
		pos += 8 + (u64)cnt * rec_size;
	}
	return 0;
}

static int rec_cmp(const void *a, const void *b)
{
	const struct btf_ext_rec *x = a, *y = b;

	if (x->sec != y->sec)
		return x->sec < y->sec ? -1 : 1;
	if (x->insn != y->insn)
		return x->insn < y->insn ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Sorted by (section, instruction), records of one function are a contiguous run. */
static void sort_tab(struct btf_ext_tab *t)
{
	if (t->cnt > 1)
		qsort(t->recs, t->cnt, sizeof(*t->recs), rec_cmp);
}

/* First record of section sec at or after instruction insn. */
static u32 tab_lower_bound(const struct btf_ext_tab *t, u32 sec, u32 insn)
{
	u32 lo = 0, hi = t->cnt;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;
		const struct btf_ext_rec *r = &t->recs[mid];

		if (r->sec < sec || (r->sec == sec && r->insn < insn))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int btf_ext_parse(struct elf_ctx *c, const u8 *data, u64 size)
{
	struct ext_hdr h = {0};
	const u8 *body;
	u64 blen;
	int err;

	if (size < 8)
		return ELF_BAD(c, "%s: .BTF.ext: %llu bytes, too short for a header", c->path,
			       (unsigned long long)size);
	memcpy(&h, data, 8);
	if (h.magic != BTF_EXT_MAGIC)
		return ELF_BAD(c, "%s: .BTF.ext: bad magic 0x%x", c->path, h.magic);
	if (h.version != 1)
		return ELF_BAD(c, "%s: .BTF.ext: unsupported version %u", c->path, h.version);
	if (h.hdr_len < 24 || h.hdr_len > size)
		return ELF_BAD(c, "%s: .BTF.ext: header length %u (section has %llu bytes)",
			       c->path, h.hdr_len, (unsigned long long)size);
	memcpy(&h, data, h.hdr_len < sizeof(h) ? h.hdr_len : sizeof(h));
	if (h.hdr_len < 32)
		h.core_relo_off = h.core_relo_len = 0;
	body = data + h.hdr_len;
	blen = size - h.hdr_len;
#define SUB_OK(o, l) ((u64)(o) + (l) <= blen)
	if (!SUB_OK(h.func_info_off, h.func_info_len) ||
	    !SUB_OK(h.line_info_off, h.line_info_len) || !SUB_OK(h.core_relo_off, h.core_relo_len))
		return ELF_BAD(c,
			       "%s: .BTF.ext: a subsection (func %u+%u, line %u+%u, core %u+%u) "
			       "extends past the section (%llu bytes after the header)",
			       c->path, h.func_info_off, h.func_info_len, h.line_info_off,
			       h.line_info_len, h.core_relo_off, h.core_relo_len,
			       (unsigned long long)blen);
#undef SUB_OK
	err = parse_info(c, "func_info", body + h.func_info_off, h.func_info_len, 8, 2,
			 &c->func_info);
	if (!err)
		err = parse_info(c, "line_info", body + h.line_info_off, h.line_info_len, 16, 4,
				 &c->line_info);
	if (!err)
		err = parse_info(c, "core_relo", body + h.core_relo_off, h.core_relo_len, 16, 4,
				 &c->core_relo);
	if (!err) {
		sort_tab(&c->func_info);
		sort_tab(&c->line_info);
		c->has_btf_ext = true;
	}
	return err;
}

/* One func_info record: the prototype is decoded by fe_btf_func_decode() (shared with the raw
 * frontend); what only an ELF loader knows is added here. */
static int fill_func(struct elf_ctx *c, struct func_info *fi, const struct elf_fn *fn, u32 type_id,
		     u32 prog_type)
{
	char msg[128];
	int err = fe_btf_func_decode(c->btf, type_id, prog_type, c->obj, fi, msg, sizeof(msg));

	if (err == -ENOMEM)
		return err;
	if (err) {
		/* not a FUNC: the kernel rejects the func_info; keep the record, unnamed */
		fi->type_id = type_id;
		fi->name = strdup(fn ? fn->name : "");
		return fi->name ? 0 : -ENOMEM;
	}
	/* libbpf marks hidden global functions static in the BTF it loads */
	if (fn && fn->hidden)
		fi->global = false;
	return 0;
}

static int func_cmp(const void *a, const void *b)
{
	const struct func_info *x = a, *y = b;

	return x->insn_off < y->insn_off ? -1 : x->insn_off > y->insn_off;
}

static int line_cmp(const void *a, const void *b)
{
	const struct line_info *x = a, *y = b;

	return x->insn_off < y->insn_off ? -1 : x->insn_off > y->insn_off;
}

/* Mirrors reloc_prog_func_and_line_info(): each placed function contributes its own records,
 * shifted to where it was placed. */
int btf_ext_fill_program(struct elf_ctx *c, struct program *p, struct elf_fn *const *order,
			 u32 order_cnt)
{
	u32 nf = 0, nl = 0;

	for (u32 k = 0; k < order_cnt; k++) {
		const struct elf_fn *f = order[k];
		u32 i;

		for (i = tab_lower_bound(&c->func_info, f->sec, f->off);
		     i < c->func_info.cnt && c->func_info.recs[i].sec == f->sec &&
		     c->func_info.recs[i].insn < f->off + f->cnt;
		     i++)
			nf++;
		for (i = tab_lower_bound(&c->line_info, f->sec, f->off);
		     i < c->line_info.cnt && c->line_info.recs[i].sec == f->sec &&
		     c->line_info.recs[i].insn < f->off + f->cnt;
		     i++)
			nl++;
	}
	if (nf) {
		p->funcs = calloc(nf, sizeof(*p->funcs));
		if (!p->funcs)
			return -ENOMEM;
	}
	if (nl) {
		p->lines = calloc(nl, sizeof(*p->lines));
		if (!p->lines)
			return -ENOMEM;
	}
	for (u32 k = 0; k < order_cnt; k++) {
		const struct elf_fn *f = order[k];
		u32 i;

		for (i = tab_lower_bound(&c->func_info, f->sec, f->off);
		     i < c->func_info.cnt && c->func_info.recs[i].sec == f->sec &&
		     c->func_info.recs[i].insn < f->off + f->cnt;
		     i++) {
			const struct btf_ext_rec *r = &c->func_info.recs[i];
			struct func_info *fi = &p->funcs[p->func_cnt++];
			int err;

			fi->insn_off = f->sub_off + (r->insn - f->off);
			err = fill_func(c, fi, r->insn == f->off ? f : NULL, r->a, p->prog_type);
			if (err)
				return err;
		}
		for (i = tab_lower_bound(&c->line_info, f->sec, f->off);
		     i < c->line_info.cnt && c->line_info.recs[i].sec == f->sec &&
		     c->line_info.recs[i].insn < f->off + f->cnt;
		     i++) {
			struct btf_ext_rec *r = &c->line_info.recs[i];
			struct line_info *li = &p->lines[p->line_cnt++];

			/* strings are interned once per record, whatever the number of programs */
			if (!r->interned) {
				const char *file = btf__name_by_offset(c->btf, r->a);
				const char *text = btf__name_by_offset(c->btf, r->b);

				r->file = file && *file ? object_intern(c->obj, file) : NULL;
				r->text = text && *text ? object_intern(c->obj, text) : NULL;
				if ((file && *file && !r->file) || (text && *text && !r->text))
					return -ENOMEM;
				r->interned = true;
			}
			li->insn_off = f->sub_off + (r->insn - f->off);
			li->loc.file = r->file;
			li->loc.line_text = r->text;
			li->loc.line = r->c >> 10;
			li->loc.col = r->c & 0x3ff;
		}
	}
	if (p->func_cnt > 1)
		qsort(p->funcs, p->func_cnt, sizeof(*p->funcs), func_cmp);
	if (p->line_cnt > 1)
		qsort(p->lines, p->line_cnt, sizeof(*p->lines), line_cmp);
	return 0;
}
