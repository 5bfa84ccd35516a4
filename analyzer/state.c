/* Verifier state objects: allocation, deep copy and the small register constructors the kernel
 * calls __mark_reg_unknown, __mark_reg_known, mark_reg_not_init, and reg_type_str(). */
#include "state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct frame *frame_new(u32 frameno, s32 callsite, u32 subprog)
{
	struct frame *f = calloc(1, sizeof(*f));

	if (!f)
		return NULL;
	f->frameno = frameno;
	f->callsite = callsite;
	f->subprog = subprog;
	for (int i = 0; i < MAX_BPF_REG; i++)
		reg_mark_not_init(&f->regs[i]);
	return f;
}

void frame_free(struct frame *f)
{
	if (!f)
		return;
	free(f->stack);
	free(f);
}

int frame_grow(struct frame *f, u32 nslots)
{
	struct stack_slot *n;

	if (nslots <= f->nslots)
		return 0;
	n = realloc(f->stack, nslots * sizeof(*n));
	if (!n)
		return -12;
	memset(n + f->nslots, 0, (nslots - f->nslots) * sizeof(*n));
	for (u32 i = f->nslots; i < nslots; i++)
		reg_mark_not_init(&n[i].spill);
	f->stack = n;
	f->nslots = nslots;
	return 0;
}

static struct frame *frame_copy(const struct frame *src)
{
	struct frame *f = malloc(sizeof(*f));

	if (!f)
		return NULL;
	*f = *src;
	f->stack = NULL;
	if (src->nslots) {
		f->stack = malloc(src->nslots * sizeof(*f->stack));
		if (!f->stack) {
			free(f);
			return NULL;
		}
		memcpy(f->stack, src->stack, src->nslots * sizeof(*f->stack));
	}
	return f;
}

struct vstate *vstate_new(void)
{
	return calloc(1, sizeof(struct vstate));
}

void vstate_free(struct vstate *st)
{
	if (!st)
		return;
	for (u32 i = 0; i < MAX_CALL_FRAMES; i++)
		frame_free(st->frame[i]);
	free(st);
}

int vstate_copy_into(struct vstate *dst, const struct vstate *src)
{
	struct frame *nf[MAX_CALL_FRAMES] = {0};

	for (u32 i = 0; i <= src->curframe; i++) {
		nf[i] = frame_copy(src->frame[i]);
		if (!nf[i]) {
			for (u32 j = 0; j < i; j++)
				frame_free(nf[j]);
			return -12;
		}
	}
	for (u32 i = 0; i < MAX_CALL_FRAMES; i++)
		frame_free(dst->frame[i]);
	*dst = *src;
	memcpy(dst->frame, nf, sizeof(nf));
	dst->next = NULL;
	dst->in_explored = false;
	return 0;
}

struct vstate *vstate_copy(const struct vstate *src)
{
	struct vstate *st = vstate_new();

	if (!st)
		return NULL;
	if (vstate_copy_into(st, src)) {
		free(st);
		return NULL;
	}
	return st;
}

void reg_mark_unknown(struct reg *r)
{
	memset(r, 0, sizeof(*r));
	r->type = SCALAR_VALUE;
	r->s = scalar_unknown();
	r->map = -1;
}

void reg_mark_known(struct reg *r, u64 v)
{
	memset(r, 0, sizeof(*r));
	r->type = SCALAR_VALUE;
	r->s = scalar_const(v);
	r->map = -1;
}

void reg_mark_not_init(struct reg *r)
{
	memset(r, 0, sizeof(*r));
	r->type = NOT_INIT;
	r->s = scalar_unknown();
	r->map = -1;
}

void reg_mark_ptr(struct reg *r, u32 type)
{
	memset(r, 0, sizeof(*r));
	r->type = type;
	r->s = scalar_const(0);
	r->map = -1;
}

bool reg_is_pointer(const struct reg *r)
{
	return r->type != SCALAR_VALUE && r->type != NOT_INIT;
}

bool reg_is_const(const struct reg *r)
{
	return r->type == SCALAR_VALUE && tnum_is_const(r->s.var_off);
}

bool reg_is_pkt(const struct reg *r)
{
	return r->type == PTR_TO_PACKET || r->type == PTR_TO_PACKET_META;
}

bool reg_is_null(const struct reg *r)
{
	return r->type == SCALAR_VALUE && tnum_equals_const(r->s.var_off, 0);
}

bool reg_may_be_null(const struct reg *r)
{
	return (r->type & PTR_MAYBE_NULL) != 0;
}

static const char *const base_names[BPF_REG_TYPE_MAX] = {
	[NOT_INIT] = "?",
	[SCALAR_VALUE] = "scalar",
	[PTR_TO_CTX] = "ctx",
	[CONST_PTR_TO_MAP] = "map_ptr",
	[PTR_TO_MAP_VALUE] = "map_value",
	[PTR_TO_STACK] = "fp",
	[PTR_TO_PACKET] = "pkt",
	[PTR_TO_PACKET_META] = "pkt_meta",
	[PTR_TO_PACKET_END] = "pkt_end",
	[PTR_TO_FLOW_KEYS] = "flow_keys",
	[PTR_TO_SOCKET] = "sock",
	[PTR_TO_SOCK_COMMON] = "sock_common",
	[PTR_TO_TCP_SOCK] = "tcp_sock",
	[PTR_TO_TP_BUFFER] = "tp_buffer",
	[PTR_TO_XDP_SOCK] = "xdp_sock",
	[PTR_TO_BTF_ID] = "ptr_",
	[PTR_TO_MEM] = "mem",
	[PTR_TO_ARENA] = "arena",
	[PTR_TO_BUF] = "buf",
	[PTR_TO_FUNC] = "func",
	[PTR_TO_MAP_KEY] = "map_key",
	[CONST_PTR_TO_DYNPTR] = "dynptr_ptr",
};

const char *regtype_str(u32 type, char *buf, size_t len)
{
	char prefix[64] = "";
	const char *postfix = "";
	u32 base = base_type(type);

	if (type & PTR_MAYBE_NULL) {
		if (base == PTR_TO_BTF_ID)
			postfix = "or_null_";
		else
			postfix = "_or_null";
	}
	snprintf(prefix, sizeof(prefix), "%s%s%s%s%s%s%s", type & MEM_RDONLY ? "rdonly_" : "",
		 type & MEM_RINGBUF ? "ringbuf_" : "", type & MEM_USER ? "user_" : "",
		 type & MEM_PERCPU ? "percpu_" : "", type & MEM_RCU ? "rcu_" : "",
		 type & PTR_UNTRUSTED ? "untrusted_" : "", type & PTR_TRUSTED ? "trusted_" : "");
	snprintf(buf, len, "%s%s%s", prefix,
		 base < BPF_REG_TYPE_MAX && base_names[base] ? base_names[base] : "?", postfix);
	return buf;
}
