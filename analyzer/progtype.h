/* Per-program-type facts of the kernel's interface: which context fields a program may read or
 * write and what a load yields (each type's is_valid_access() in net/core/filter.c,
 * kernel/trace/bpf_trace.c, kernel/bpf/cgroup.c ...), direct packet access rights
 * (may_access_direct_pkt_data()), the return-value range checked at exit (check_return_code()),
 * and which types need which capability. Kernel 6.18 is the reference; offsets are those of the
 * UAPI structs on x86-64. The engine prints the kernel's messages; this module only gives data. */
#ifndef BPFVET_PROGTYPE_H
#define BPFVET_PROGTYPE_H

#include "compiler.h"
#include "regtype.h"

/* One context access: "may a program of this type access [off, off+size) of its ctx?" */
struct ctx_query {
	u32 prog_type;	     /* enum bpf_prog_type (EXT: the target's type) */
	u32 attach_type;     /* expected_attach_type */
	u32 prog_flags;	     /* BPF_F_* */
	bool unpriv;	     /* loader lacks CAP_BPF/CAP_PERFMON (cg_skb data, tstamp ...) */
	bool has_attach_btf; /* BPF_PROG_TYPE_RAW_TRACEPOINT loaded with attach_btf_id; false
				 * for libbpf's raw_tp/ sections (they attach by name) */
	s32 off;	     /* offset from the ctx pointer (reg->off + insn off) */
	u32 size;	     /* access size in bytes: 1, 2, 4, 8 */
	bool write;	     /* BPF_WRITE (STX/ST); false for loads */
	bool is_ldsx;	     /* sign-extending load (BPF_MEMSX) */
};

/* The answer for an allowed access (mirrors struct bpf_insn_access_aux). */
struct ctx_access {
	u32 reg_type;	      /* for loads: SCALAR_VALUE, PTR_TO_PACKET, PTR_TO_PACKET_END,
				 * PTR_TO_PACKET_META, PTR_TO_SOCKET_OR_NULL, PTR_TO_SOCK_COMMON_OR_NULL,
				 * PTR_TO_FLOW_KEYS, PTR_TO_TP_BUFFER, PTR_TO_BTF_ID (+flags), ... */
	u32 ctx_field_size;   /* != 0: the field's real size, narrower loads are allowed and
				 * rewritten (the kernel's ctx_field_size); 0: whole-field only */
	const char *btf_type; /* PTR_TO_BTF_ID results: the kernel struct ("sk_buff",
				 * "nf_hook_state"), else NULL */
	u32 max_tp_access;    /* PTR_TO_TP_BUFFER: unknown here (depends on the tracepoint): 0 */
};

/* Result of progtype_ctx_access(). */
enum ctx_verdict {
	CTX_OK = 0,	 /* allowed; *out is filled */
	CTX_DENIED,	 /* the kernel prints "invalid bpf_context access off=%d size=%d" */
	CTX_BTF,	 /* a u64 argument slot of a BTF-typed context (tracing, lsm,
				 * struct_ops, ext, raw_tracepoint with attach BTF): the slot's type
				 * comes from the attach target's BTF, which this table does not
				 * have. out->reg_type is SCALAR_VALUE (right for non-pointer args) */
	CTX_UNSUPPORTED, /* a program type this table does not model (lirc_mode2 ...) */
};

/* Mirrors the program type's is_valid_access() (6.18). Returns enum ctx_verdict. */
int progtype_ctx_access(const struct ctx_query *q, struct ctx_access *out);

/* Loads through socket pointers (mirrors check_sock_access(): bpf_sock_common_is_valid_access(),
 * bpf_sock_is_valid_access(), bpf_tcp_sock_is_valid_access(), bpf_xdp_sock_is_valid_access()).
 * reg_type is PTR_TO_SOCK_COMMON, PTR_TO_SOCKET, PTR_TO_TCP_SOCK or PTR_TO_XDP_SOCK (no flags).
 * Returns true when a read of [off, off+size) is allowed; the loaded value is always a scalar;
 * *field_size (may be NULL) receives the kernel's ctx_field_size. Writes are never allowed (the
 * kernel prints "R%d cannot write into %s" before asking); a refused read prints
 * "R%d invalid %s access off=%d size=%d" (exception: 4-byte loads at tcp_sock offsets 84 and 92,
 * where 6.18 prints "verifier bug: error during ctx access conversion (0)"). */
bool progtype_sock_access(u32 reg_type, s32 off, u32 size, u32 *field_size);

/* Size of the context structure the program sees (sizeof the UAPI struct), 0 when it is not a
 * fixed struct (tracepoint record, BTF-typed contexts, syscall blob). */
u32 progtype_ctx_size(u32 prog_type, u32 attach_type);
/* The UAPI name of the context ("__sk_buff", "xdp_md", ...) for messages; NULL if none. */
const char *progtype_ctx_name(u32 prog_type);

/* Direct packet access (mirrors may_access_direct_pkt_data(), without the helper-call part). */
enum pkt_rights {
	PKT_NONE = 0,
	PKT_READ = 1, /* read-only: lwt_in/out/seg6local, cgroup_skb, sk_reuseport,
				 * flow_dissector */
	PKT_RW = 2,   /* tc, xdp, lwt_xmit, sk_skb, sk_msg, cgroup_sockopt */
};
u32 progtype_pkt_rights(u32 prog_type);

/* Return value checked at the exit of the main program (mirrors check_return_code(), 6.18). */
enum ret_hook_kind {
	RET_HOOK_UNKNOWN = 0, /* LSM hook return type unknown (no BTF): treat as int */
	RET_HOOK_INT,
	RET_HOOK_BOOL,
	RET_HOOK_VOID,
};
struct ret_query {
	u32 prog_type;
	u32 attach_type;
	bool has_attach_btf; /* raw_tracepoint loaded with attach_btf_id: R0 must be 0 */
	u32 hook_kind;	     /* LSM / struct_ops member: enum ret_hook_kind of the target */
};
/* The kind of an LSM hook by name ("file_open" or "bpf_lsm_file_open"): void hooks of
 * lsm_hook_defs.h, the bool_lsm_hooks set, else int (6.12 lists). RET_HOOK_UNKNOWN for NULL. */
u32 progtype_lsm_hook_kind(const char *hook);

struct ret_range {
	bool checked;	  /* false: any scalar is fine (R0 must still be readable) */
	bool check_32bit; /* compare the 32-bit subregister (LSM int hooks) */
	s32 min, max;	  /* inclusive range */
};
/* Fills *out; returns false for unknown program types. The kernel's message when R0 is outside:
 * "At program exit the register R0 has smin=%lld smax=%lld should have been in [%d, %d]" (or
 * "unknown scalar value" in place of the bounds when not constant) */
bool progtype_return_range(const struct ret_query *q, struct ret_range *out);

/* Capabilities the loader needs for a program type (bpf_prog_load()): bit mask. */
#define PROGTYPE_CAP_NONE      0u
#define PROGTYPE_CAP_BPF       (1u << 0) /* everything except socket_filter/cgroup_skb */
#define PROGTYPE_CAP_NET_ADMIN (1u << 1) /* is_net_admin_prog_type() */
#define PROGTYPE_CAP_PERFMON   (1u << 2) /* is_perfmon_prog_type() */
#define PROGTYPE_CAP_SYS_ADMIN (1u << 3) /* syscall, ... */
u32 progtype_required_caps(u32 prog_type);

/* Whether the verifier knows the type at all (bpf_verifier_ops present in 6.18). */
bool progtype_valid(u32 prog_type);

#endif
