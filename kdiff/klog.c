/* Level-2 log parsing for kdiff. The syntax is the kernel's (log.c print_verifier_state() and
 * do_check()): an instruction line "N: (op) text", then, after padding, "; " and the touched
 * registers and stack slots; a state line "N: <state>" or "from X to N: <state>" before an insn.
 * A state is space-separated items "NAME=VALUE" where VALUE may hold spaces only inside
 * parentheses ("var_off=(0x0; 0xff)"), and "frameN:" switches the frame of the items after it. */
#include "klog.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static bool kl_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Parse a decimal number at *p; advances *p. Returns false if there is none. */
static bool kl_number(const char **p, u32 *v)
{
	const char *s = *p;
	u64 n = 0;

	if (!kl_is_digit(*s))
		return false;
	while (kl_is_digit(*s)) {
		n = n * 10 + (u64)(*s - '0');
		if (n > 0xffffffffull)
			return false;
		s++;
	}
	*p = s;
	*v = (u32)n;
	return true;
}

static char *kl_strndup(const char *s, size_t n)
{
	char *c = malloc(n + 1);

	if (c) {
		memcpy(c, s, n);
		c[n] = '\0';
	}
	return c;
}

static int kl_add_item(struct klog_entry *e, const char *frame, const char *tok, size_t len)
{
	const char *eq = memchr(tok, '=', len);
	struct klog_item *n;
	size_t nlen, plen = frame ? strlen(frame) : 0;
	char *name;

	if (!eq)
		return 0; /* a bare word ("cb", "async_cb"): not a register */
	nlen = (size_t)(eq - tok);
	n = realloc(e->items, (e->item_cnt + 1) * sizeof(*n));
	if (!n)
		return -ENOMEM;
	e->items = n;
	name = malloc(plen + 1 + nlen + 1);
	if (!name)
		return -ENOMEM;
	if (plen) {
		memcpy(name, frame, plen);
		name[plen] = '.';
		memcpy(name + plen + 1, tok, nlen);
		name[plen + 1 + nlen] = '\0';
	} else {
		memcpy(name, tok, nlen);
		name[nlen] = '\0';
	}
	n[e->item_cnt].name = name;
	n[e->item_cnt].value = kl_strndup(eq + 1, len - nlen - 1);
	if (!n[e->item_cnt].value) {
		free(name);
		return -ENOMEM;
	}
	e->item_cnt++;
	return 0;
}

/* Split a state text (up to end) into items. */
static int kl_parse_state(struct klog_entry *e, const char *s, const char *end)
{
	char frame[16] = "";

	while (s < end) {
		const char *t;
		int depth = 0;

		while (s < end && *s == ' ')
			s++;
		t = s;
		while (s < end && (*s != ' ' || depth > 0)) {
			if (*s == '(')
				depth++;
			else if (*s == ')' && depth > 0)
				depth--;
			s++;
		}
		if (s == t)
			break;
		if (s[-1] == ':' && (size_t)(s - t) < sizeof(frame) && !strncmp(t, "frame", 5)) {
			/* "frame1:" : items of another frame; frame0 prints no prefix */
			size_t n = (size_t)(s - t - 1);

			memcpy(frame, t, n);
			frame[n] = '\0';
			if (!strcmp(frame, "frame0"))
				frame[0] = '\0';
			continue;
		}
		if (kl_add_item(e, frame[0] ? frame : NULL, t, (size_t)(s - t)))
			return -ENOMEM;
	}
	return 0;
}

static struct klog_entry *kl_new_entry(struct klog *l, u32 insn, u32 kind, s32 from, u32 line)
{
	struct klog_entry *n = realloc(l->entries, (l->entry_cnt + 1) * sizeof(*n));

	if (!n)
		return NULL;
	l->entries = n;
	n = &l->entries[l->entry_cnt++];
	memset(n, 0, sizeof(*n));
	n->insn = insn;
	n->kind = kind;
	n->from = from;
	n->line = line;
	return n;
}

/* One line (without its newline). */
static int kl_parse_line(struct klog *l, const char *s, const char *end, u32 lineno)
{
	struct klog_entry *e;
	u32 insn, from = 0;
	bool has_from = false;
	const char *p = s;

	if (end - s > 9 && !strncmp(s, "processed ", 10)) {
		u32 n;

		p = s + 10;
		if (kl_number(&p, &n))
			l->processed = n;
		return 0;
	}
	if (end - s > 5 && !strncmp(s, "from ", 5)) {
		p = s + 5;
		if (!kl_number(&p, &from) || strncmp(p, " to ", 4))
			return 0;
		p += 4;
		has_from = true;
	}
	if (!kl_number(&p, &insn))
		return 0;
	if (has_from && *p == ' ') {
		/* "from 3 to 6 (speculative execution): ..." */
		const char *c = memchr(p, ':', (size_t)(end - p));

		if (!c)
			return 0;
		p = c;
	}
	if (p + 1 >= end || p[0] != ':' || p[1] != ' ')
		return 0;
	p += 2;
	if (!strncmp(p, "safe", 4) && p + 4 == end)
		return 0; /* pruning: not a state */
	if (*p == '(' && !has_from) {
		/* instruction line: the state follows the first " ; " (the text never holds one) */
		const char *sep = NULL;

		for (const char *q = p; q + 2 < end; q++)
			if (q[0] == ' ' && q[1] == ';' && q[2] == ' ') {
				sep = q;
				break;
			}
		e = kl_new_entry(l, insn, KLOG_AFTER, -1, lineno);
		if (!e)
			return -ENOMEM;
		{
			const char *te = sep ? sep : end;

			while (te > p && te[-1] == ' ')
				te--;
			e->insn_text = kl_strndup(p, (size_t)(te - p));
			if (!e->insn_text)
				return -ENOMEM;
		}
		return sep ? kl_parse_state(e, sep + 3, end) : 0;
	}
	/* a state line: must look like one (an item or a frame marker), not an error message */
	if (!(p[0] == 'R' && kl_is_digit(p[1])) && strncmp(p, "frame", 5) && strncmp(p, "fp", 2))
		return 0;
	if (!has_from && l->entry_cnt && l->entries[l->entry_cnt - 1].kind == KLOG_AFTER &&
	    l->entries[l->entry_cnt - 1].item_cnt == 0) {
		/* The state the last instruction touched, printed on its own line because other
		 * text (mark_precise, ...) came in between (print_insn_state(), log.c). Its index is
		 * that of the jump or of the next insn, so it is attributed by position instead. */
		return kl_parse_state(&l->entries[l->entry_cnt - 1], p, end);
	}
	e = kl_new_entry(l, insn, KLOG_BEFORE, has_from ? (s32)from : -1, lineno);
	if (!e)
		return -ENOMEM;
	if (!has_from && l->entry_cnt > 1) {
		const struct klog_entry *prev = &l->entries[l->entry_cnt - 2];

		e->repeat = prev->kind == KLOG_BEFORE && prev->from >= 0 && prev->insn == insn;
	}
	return kl_parse_state(e, p, end);
}

int klog_parse(const char *text, struct klog *out)
{
	const char *s = text ? text : "";
	u32 lineno = 0;

	memset(out, 0, sizeof(*out));
	out->processed = -1;
	while (*s) {
		const char *end = strchr(s, '\n');
		int err;

		if (!end)
			end = s + strlen(s);
		lineno++;
		err = kl_parse_line(out, s, end, lineno);
		if (err) {
			klog_free(out);
			return err;
		}
		s = *end ? end + 1 : end;
	}
	return 0;
}

void klog_free(struct klog *l)
{
	for (u32 i = 0; i < l->entry_cnt; i++) {
		struct klog_entry *e = &l->entries[i];

		for (u32 j = 0; j < e->item_cnt; j++) {
			free(e->items[j].name);
			free(e->items[j].value);
		}
		free(e->items);
		free(e->insn_text);
	}
	free(l->entries);
	memset(l, 0, sizeof(*l));
}

const char *klog_entry_get(const struct klog_entry *e, const char *name)
{
	for (u32 i = 0; i < e->item_cnt; i++)
		if (!strcmp(e->items[i].name, name))
			return e->items[i].value;
	return NULL;
}
