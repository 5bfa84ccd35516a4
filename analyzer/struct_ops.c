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
	{ "tcp_congestion_ops", "get_info" },
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
