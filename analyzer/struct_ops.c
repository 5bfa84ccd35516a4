/* struct_ops programs: the per-member facts the verifier takes from the struct_ops type a program
 * implements. The ELF frontend names the member as "<struct>:<member>" in prog->attach_target.
 * Here: the member checks of check_struct_ops_btf_id() (bpf_struct_ops_supported() from the type's
 * cfi_stubs, and the type's own check_member callback) and whether the member's function pointer
 * returns void (check_return_code() then does not look at R0). The cfi_stubs and check_member
 * rules are listed per struct_ops type from the kernel sources (6.12, unchanged in 6.18); a type
 * not listed here gets no member check. */
#include <errno.h>
#include <string.h>

#include "engine_int.h"
#include "kbtf.h"
#include "regtype.h"
#include "helpers.h"
#include "struct_ops.h"

/* Splits "struct:member"; false when target is not of that form. */
static bool split_target(const char *target, char *sname, size_t slen, const char **member)
{
	const char *colon = target ? strchr(target, ':') : NULL;
	size_t n;

	if (!colon)
		return false;
	n = (size_t)(colon - target);
	if (n == 0 || n >= slen || !colon[1])
		return false;
	memcpy(sname, target, n);
	sname[n] = '\0';
	*member = colon + 1;
	return true;
}

/* Members a struct_ops type's cfi_stubs leave NULL: bpf_struct_ops_supported() refuses them. */
struct stub_gap {
	const char *type;
	const char *member;
};

static const struct stub_gap stub_gaps[] = {
	/* __bpf_ops_tcp_congestion_ops (net/ipv4/bpf_tcp_ca.c) has no get_info */
	{"tcp_congestion_ops", "get_info"},
};

bool stops_member_supported(const char *type, const char *member, bool sleepable)
{
	for (size_t i = 0; i < ARRAY_SIZE(stub_gaps); i++)
		if (!strcmp(type, stub_gaps[i].type) && !strcmp(member, stub_gaps[i].member))
			return false;
	/* bpf_dummy_ops_check_member(): only test_sleepable may be sleepable */
	if (!strcmp(type, "bpf_dummy_ops") && sleepable && strcmp(member, "test_sleepable"))
		return false;
	return true;
}

int stops_check_member(struct engine *e)
{
	char sname[128];
	const char *member;
	bool sleepable = e->prog->sleepable || (e->prog_flags & BPF_F_SLEEPABLE);

	if (e->prog_type != BPF_PROG_TYPE_STRUCT_OPS)
		return 0;
	if (!e->prog->gpl_compatible) {
		verr(e, "struct ops programs must have a GPL compatible license");
		return ERR_REJECT;
	}
	if (!split_target(e->prog->attach_target, sname, sizeof(sname), &member))
		return 0;
	if (!stops_member_supported(sname, member, sleepable)) {
		verr(e, "attach to unsupported member %s of struct %s", member, sname);
		return ERR_REJECT;
	}
	return 0;
}

int stops_member_returns_void(struct engine *e)
{
	struct kbtf *k = e->opts ? e->opts->kbtf : NULL;
	char sname[128];
	const char *member;
	struct kbtf_type t;
	s64 sid;

	if (e->prog_type != BPF_PROG_TYPE_STRUCT_OPS ||
	    !split_target(e->prog->attach_target, sname, sizeof(sname), &member) || kbtf_ready(k))
		return -ENOENT;
	sid = kbtf_find(k, sname, KBTF_STRUCT);
	if (sid <= 0 || kbtf_type(k, (u32)sid, &t))
		return -ENOENT;
	for (u32 i = 0, n = t.vlen; i < n; i++) {
		struct kbtf_member m;
		struct kbtf_type mt, ft;

		if (kbtf_member(k, (u32)sid, i, &m))
			return -ENOENT;
		if (strcmp(m.name, member))
			continue;
		/* btf_type_resolve_func_ptr(): a pointer (after modifiers) to a FUNC_PROTO */
		if (kbtf_skip_mods(k, m.type, NULL, &mt) || mt.kind != KBTF_PTR ||
		    kbtf_skip_mods(k, mt.type, NULL, &ft) || ft.kind != KBTF_FUNC_PROTO)
			return -ENOENT;
		return ft.type == 0 ? 1 : 0;
	}
	return -ENOENT;
}

/* The program implements a tcp_congestion_ops member (bpf_tcp_ca_verifier_ops apply). */
static bool is_tcp_ca(const struct engine *e)
{
	const char *t = e->prog->attach_target;

	return e->prog_type == BPF_PROG_TYPE_STRUCT_OPS && t &&
	       !strncmp(t, "tcp_congestion_ops:", 19);
}

/* cfi_stubs functions of the types whose argument flags bpfvet reads (prepare_arg_info(): a
 * stub parameter named "*__nullable" makes the argument PTR_MAYBE_NULL) */
static const struct {
	const char *type, *member, *stub;
} stubs[] = {
	{"bpf_dummy_ops", "test_1", "bpf_dummy_ops__test_1"},
	{"bpf_dummy_ops", "test_2", "bpf_dummy_test_2"},
	{"bpf_dummy_ops", "test_sleepable", "bpf_dummy_test_sleepable"},
};

static const char *stub_of(const char *type, const char *member)
{
	for (size_t i = 0; i < ARRAY_SIZE(stubs); i++)
		if (!strcmp(stubs[i].type, type) && !strcmp(stubs[i].member, member))
			return stubs[i].stub;
	return NULL;
}

static bool has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && !strcmp(s + n - m, suf);
}

int stops_arg_flags(struct engine *e, u32 arg)
{
	struct kbtf *k = e->opts->kbtf;
	char sname[128];
	const char *member, *stub;
	struct kbtf_func fn;

	if (is_tcp_ca(e))
		return 0; /* no tcp_congestion_ops stub marks an argument */
	if (!split_target(e->prog->attach_target, sname, sizeof(sname), &member) ||
	    !(stub = stub_of(sname, member)) || kbtf_func(k, stub, &fn) || arg >= fn.nargs)
		return -ENOENT;
	if (!fn.arg_name[arg])
		return 0;
	if (has_suffix(fn.arg_name[arg], "__nullable"))
		return PTR_MAYBE_NULL;
	if (strstr(fn.arg_name[arg], "__"))
		return -ENOTSUP; /* __ref and later suffixes */
	return 0;
}

s64 stops_member_proto(struct engine *e)
{
	struct kbtf *k = e->opts ? e->opts->kbtf : NULL;
	char sname[128];
	const char *member;
	struct kbtf_type t;
	s64 sid;

	/* tcp_congestion_ops (no stub marks an argument) and the types of the stubs table */
	if (e->prog_type != BPF_PROG_TYPE_STRUCT_OPS ||
	    !split_target(e->prog->attach_target, sname, sizeof(sname), &member) ||
	    (!is_tcp_ca(e) && !stub_of(sname, member)))
		return 0;
	if (kbtf_ready(k))
		return 0;
	sid = kbtf_find(k, sname, KBTF_STRUCT);
	if (sid <= 0 || kbtf_type(k, (u32)sid, &t))
		return -ENOENT;
	for (u32 i = 0; i < t.vlen; i++) {
		struct kbtf_member m;
		struct kbtf_type mt;
		u32 fid;

		if (kbtf_member(k, (u32)sid, i, &m))
			return -ENOENT;
		if (strcmp(m.name, member))
			continue;
		if (kbtf_skip_mods(k, m.type, NULL, &mt) || mt.kind != KBTF_PTR ||
		    kbtf_skip_mods(k, mt.type, &fid, &mt) || mt.kind != KBTF_FUNC_PROTO)
			return -ENOENT;
		return fid;
	}
	return -ENOENT;
}

u32 stops_promote_arg(struct engine *e, u32 struct_id)
{
	struct kbtf *k = e->opts->kbtf;
	s64 id;

	/* bpf_tcp_ca_is_valid_access(): a struct sock argument is a tcp_sock */
	if (!is_tcp_ca(e) || strcmp(kbtf_name(k, struct_id), "sock"))
		return struct_id;
	id = kbtf_find(k, "tcp_sock", KBTF_STRUCT);
	return id > 0 ? (u32)id : struct_id;
}

/* Offset and end of member path a.b (one or two names) of struct sname; false if missing. */
static bool member_span(struct kbtf *k, const char *sname, const char *m1, const char *m2, u32 *off,
			u32 *end)
{
	s64 sid = kbtf_find(k, sname, KBTF_STRUCT);
	u32 id = sid > 0 ? (u32)sid : 0, base = 0;
	const char *path[2] = {m1, m2};

	if (!id)
		return false;
	for (int p = 0; p < 2 && path[p]; p++) {
		struct kbtf_type t;
		bool found = false;

		if (kbtf_skip_mods(k, id, &id, &t) ||
		    (t.kind != KBTF_STRUCT && t.kind != KBTF_UNION))
			return false;
		for (u32 i = 0; i < t.vlen && !found; i++) {
			struct kbtf_member m;
			u32 size;

			if (kbtf_member(k, id, i, &m))
				return false;
			if (strcmp(m.name, path[p]))
				continue;
			if (m.bitfield_size || m.bit_off % 8 || kbtf_resolve_size(k, m.type, &size))
				return false;
			base += m.bit_off / 8;
			*off = base;
			*end = base + size;
			id = m.type;
			found = true;
		}
		if (!found)
			return false;
	}
	return true;
}

int stops_btf_write(struct engine *e, u32 struct_id, s32 off, int size)
{
	/* bpf_tcp_ca_btf_struct_access() (6.12 = 6.18): the writable tcp_sock members */
	static const struct {
		const char *sname, *m1, *m2;
		bool range; /* any offset inside the member (bpf_ctx_range) */
	} w[] = {
		{"sock", "sk_pacing_rate", NULL, false},
		{"sock", "sk_pacing_status", NULL, false},
		{"inet_connection_sock", "icsk_ca_priv", NULL, true},
		{"inet_connection_sock", "icsk_ack", "pending", false},
		{"tcp_sock", "snd_cwnd", NULL, false},
		{"tcp_sock", "snd_cwnd_cnt", NULL, false},
		{"tcp_sock", "snd_cwnd_stamp", NULL, false},
		{"tcp_sock", "snd_ssthresh", NULL, false},
		{"tcp_sock", "ecn_flags", NULL, false},
		{"tcp_sock", "app_limited", NULL, false},
	};
	struct kbtf *k = e->opts->kbtf;
	u32 end = 0;
	bool hit = false;
	const char *t = e->prog->attach_target;

	if (e->prog_type == BPF_PROG_TYPE_STRUCT_OPS && t && !strncmp(t, "bpf_dummy_ops:", 14)) {
		/* bpf_dummy_ops_btf_struct_access() */
		struct kbtf_type st;

		if (strcmp(kbtf_name(k, struct_id), "bpf_dummy_ops_state")) {
			verr(e, "only access to bpf_dummy_ops_state is supported");
			return ERR_REJECT;
		}
		if (kbtf_type(k, struct_id, &st))
			return unsupported(e, "bpf_dummy_ops_state not in the kernel BTF");
		if (off < 0 || (u32)off + (u32)size > st.size) {
			verr(e, "write access at off %d with size %d", off, size);
			return ERR_REJECT;
		}
		return 0;
	}
	if (!is_tcp_ca(e))
		return 1;
	if (strcmp(kbtf_name(k, struct_id), "tcp_sock")) {
		verr(e, "only read is supported");
		return ERR_REJECT;
	}
	for (size_t i = 0; i < ARRAY_SIZE(w) && !hit; i++) {
		u32 mo = 0, me = 0;

		if (!member_span(k, w[i].sname, w[i].m1, w[i].m2, &mo, &me))
			return unsupported(e, "tcp_sock member %s not in the kernel BTF", w[i].m1);
		if (off >= 0 &&
		    ((u32)off == mo || (w[i].range && (u32)off > mo && (u32)off < me))) {
			end = me;
			hit = true;
		}
	}
	if (!hit) {
		verr(e, "no write support to tcp_sock at off %d", off);
		return ERR_REJECT;
	}
	if ((u32)off + (u32)size > end) {
		verr(e,
		     "write access at off %d with size %d beyond the member of tcp_sock ended at "
		     "%u",
		     off, size, end);
		return ERR_REJECT;
	}
	return 0;
}

u32 stops_helper_family(struct engine *e)
{
	/* bpf_tcp_ca_get_func_proto() adds helpers; the other types' sets are not modelled */
	return is_tcp_ca(e) ? STRUCT_OPS_TCP_CONGESTION : STRUCT_OPS_UNKNOWN;
}
