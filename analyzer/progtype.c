/* Program-type facts: context access rules (each type's is_valid_access(), 6.18 semantics as far
 * as modelled), context sizes, direct packet access rights, return-value ranges and required
 * capabilities. Offsets are those of the UAPI context structs on x86-64, transcribed as data
 * (the build machine's <linux/bpf.h> may be older than the kernels we model). */
#include <stdlib.h>
#include <string.h>

#include "bpf_defs.h"
#include "progtype.h"

/* struct __sk_buff (192 bytes) */
enum {
	SKB_LEN = 0,
	SKB_PKT_TYPE = 4,
	SKB_MARK = 8,
	SKB_QUEUE_MAPPING = 12,
	SKB_PROTOCOL = 16,
	SKB_VLAN_PRESENT = 20,
	SKB_VLAN_TCI = 24,
	SKB_VLAN_PROTO = 28,
	SKB_PRIORITY = 32,
	SKB_INGRESS_IFINDEX = 36,
	SKB_IFINDEX = 40,
	SKB_TC_INDEX = 44,
	SKB_CB = 48,
	SKB_CB_END = 68,
	SKB_HASH = 68,
	SKB_TC_CLASSID = 72,
	SKB_DATA = 76,
	SKB_DATA_END = 80,
	SKB_NAPI_ID = 84,
	SKB_FAMILY = 88,
	SKB_REMOTE_IP4 = 92,
	SKB_LOCAL_IP4 = 96,
	SKB_REMOTE_IP6 = 100,
	SKB_LOCAL_IP6 = 116,
	SKB_REMOTE_PORT = 132,
	SKB_LOCAL_PORT = 136,
	SKB_DATA_META = 140,
	SKB_FLOW_KEYS = 144,
	SKB_TSTAMP = 152,
	SKB_WIRE_LEN = 160,
	SKB_GSO_SEGS = 164,
	SKB_SK = 168,
	SKB_GSO_SIZE = 176,
	SKB_TSTAMP_TYPE = 180,
	SKB_HWTSTAMP = 184,
	SKB_SIZE = 192,
};

/* struct xdp_md (24 bytes) */
enum {
	XDP_DATA = 0,
	XDP_DATA_END = 4,
	XDP_DATA_META = 8,
	XDP_INGRESS_IFINDEX = 12,
	XDP_RX_QUEUE_INDEX = 16,
	XDP_EGRESS_IFINDEX = 20,
	XDP_SIZE = 24,
};

static bool in_list(u32 v, const u32 *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] == v)
			return true;
	return false;
}
#define IN_AT(v, ...)                                                                              \
	in_list((v), (const u32[]){__VA_ARGS__}, ARRAY_SIZE(((const u32[]){__VA_ARGS__})))

/* bpf_ctx_range(): off inside the field [start, start + len) */
static bool in(s32 off, s32 start, s32 len)
{
	return off >= start && off < start + len;
}

/* bpf_ctx_narrow_access_ok() */
static bool narrow_ok(u32 size, u32 size_default)
{
	return size <= size_default && (size & (size - 1)) == 0;
}

static void set_field(struct ctx_access *out, u32 size_default)
{
	out->ctx_field_size = size_default;
}

/* Mirrors bpf_skb_is_valid_access(): the common __sk_buff rules. */
static bool skb_common(const struct ctx_query *q, struct ctx_access *out)
{
	s32 off = q->off;
	u32 size = q->size;

	if (off < 0 || off >= SKB_SIZE)
		return false;
	if (off % size != 0)
		return false;
	if (in(off, SKB_CB, SKB_CB_END - SKB_CB))
		return off + (s32)size <= SKB_CB_END;
	if (in(off, SKB_DATA, 4) || in(off, SKB_DATA_META, 4) || in(off, SKB_DATA_END, 4))
		return !q->is_ldsx && size == 4;
	if (in(off, SKB_REMOTE_IP6, 16) || in(off, SKB_LOCAL_IP6, 16) ||
	    in(off, SKB_REMOTE_IP4, 4) || in(off, SKB_LOCAL_IP4, 4))
		return size == 4;
	if (in(off, SKB_FLOW_KEYS, 8))
		return false;
	if (in(off, SKB_HWTSTAMP, 8))
		return !q->write && size == 8;
	if (in(off, SKB_TSTAMP, 8))
		return size == 8;
	if (in(off, SKB_SK, 8)) {
		if (q->write || size != 8)
			return false;
		out->reg_type = PTR_TO_SOCK_COMMON_OR_NULL;
		return true;
	}
	if (off == SKB_TSTAMP_TYPE)
		return false;
	if (off > SKB_TSTAMP_TYPE && off < SKB_HWTSTAMP)
		return false; /* padding */
	if (q->write)
		return size == 4;
	set_field(out, 4);
	return narrow_ok(size, 4);
}

static bool skb_write_ok(s32 off, const s32 *fields, size_t n, bool cb)
{
	if (cb && in(off, SKB_CB, SKB_CB_END - SKB_CB))
		return true;
	for (size_t i = 0; i < n; i++) {
		s32 len = fields[i] == SKB_TSTAMP ? 8 : 4;

		if (in(off, fields[i], len))
			return true;
	}
	return false;
}

static bool skb_access(const struct ctx_query *q, struct ctx_access *out)
{
	s32 off = q->off;
	bool family_range = off >= SKB_FAMILY && off < SKB_LOCAL_PORT + 4;

	switch (q->prog_type) {
	case BPF_PROG_TYPE_SOCKET_FILTER:
		/* sk_filter_is_valid_access() */
		if (in(off, SKB_TC_CLASSID, 4) || in(off, SKB_DATA, 4) ||
		    in(off, SKB_DATA_META, 4) || in(off, SKB_DATA_END, 4) || family_range ||
		    in(off, SKB_TSTAMP, 8) || in(off, SKB_WIRE_LEN, 4) || in(off, SKB_HWTSTAMP, 8))
			return false;
		if (q->write && !in(off, SKB_CB, SKB_CB_END - SKB_CB))
			return false;
		return skb_common(q, out);
	case BPF_PROG_TYPE_CGROUP_SKB: {
		/* cg_skb_is_valid_access() */
		static const s32 w[] = {SKB_MARK, SKB_PRIORITY};

		if (in(off, SKB_TC_CLASSID, 4) || in(off, SKB_DATA_META, 4) ||
		    in(off, SKB_WIRE_LEN, 4))
			return false;
		if ((in(off, SKB_DATA, 4) || in(off, SKB_DATA_END, 4)) && q->unpriv)
			return false;
		if (q->write && !skb_write_ok(off, w, ARRAY_SIZE(w), true) &&
		    !(in(off, SKB_TSTAMP, 8) && !q->unpriv))
			return false;
		if (in(off, SKB_DATA, 4))
			out->reg_type = PTR_TO_PACKET;
		else if (in(off, SKB_DATA_END, 4))
			out->reg_type = PTR_TO_PACKET_END;
		return skb_common(q, out);
	}
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_XMIT:
	case BPF_PROG_TYPE_LWT_SEG6LOCAL: {
		/* lwt_is_valid_access() */
		static const s32 w[] = {SKB_MARK, SKB_PRIORITY};

		if (in(off, SKB_TC_CLASSID, 4) || family_range || in(off, SKB_DATA_META, 4) ||
		    in(off, SKB_TSTAMP, 8) || in(off, SKB_WIRE_LEN, 4) || in(off, SKB_HWTSTAMP, 8))
			return false;
		if (q->write && !skb_write_ok(off, w, ARRAY_SIZE(w), true))
			return false;
		if (in(off, SKB_DATA, 4))
			out->reg_type = PTR_TO_PACKET;
		else if (in(off, SKB_DATA_END, 4))
			out->reg_type = PTR_TO_PACKET_END;
		return skb_common(q, out);
	}
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT: {
		/* tc_cls_act_is_valid_access() */
		static const s32 w[] = {SKB_MARK,	SKB_TC_INDEX, SKB_PRIORITY,
					SKB_TC_CLASSID, SKB_TSTAMP,   SKB_QUEUE_MAPPING};

		if (q->write && !skb_write_ok(off, w, ARRAY_SIZE(w), true))
			return false;
		if (in(off, SKB_DATA, 4))
			out->reg_type = PTR_TO_PACKET;
		else if (in(off, SKB_DATA_META, 4))
			out->reg_type = PTR_TO_PACKET_META;
		else if (in(off, SKB_DATA_END, 4))
			out->reg_type = PTR_TO_PACKET_END;
		else if (family_range)
			return false;
		else if (off == SKB_TSTAMP_TYPE)
			return q->size == 1;
		return skb_common(q, out);
	}
	case BPF_PROG_TYPE_SK_SKB: {
		/* sk_skb_is_valid_access() */
		static const s32 w[] = {SKB_TC_INDEX, SKB_PRIORITY};

		if (in(off, SKB_TC_CLASSID, 4) || in(off, SKB_DATA_META, 4) ||
		    in(off, SKB_TSTAMP, 8) || in(off, SKB_WIRE_LEN, 4) || in(off, SKB_HWTSTAMP, 8))
			return false;
		if (q->write && !skb_write_ok(off, w, ARRAY_SIZE(w), false))
			return false;
		if (in(off, SKB_MARK, 4))
			return false;
		if (in(off, SKB_DATA, 4))
			out->reg_type = PTR_TO_PACKET;
		else if (in(off, SKB_DATA_END, 4))
			out->reg_type = PTR_TO_PACKET_END;
		return skb_common(q, out);
	}
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
		/* flow_dissector_is_valid_access() */
		if (off < 0 || off >= SKB_SIZE || off % (s32)q->size != 0 || q->write)
			return false;
		if (in(off, SKB_DATA, 4) || in(off, SKB_DATA_END, 4)) {
			if (q->is_ldsx || q->size != 4)
				return false;
			out->reg_type = in(off, SKB_DATA, 4) ? PTR_TO_PACKET : PTR_TO_PACKET_END;
			return true;
		}
		if (in(off, SKB_FLOW_KEYS, 8)) {
			if (q->size != 8)
				return false;
			out->reg_type = PTR_TO_FLOW_KEYS;
			return true;
		}
		return false;
	default:
		return false;
	}
}

/* Mirrors xdp_is_valid_access() + __is_valid_xdp_access() (no offloaded programs). */
static bool xdp_access(const struct ctx_query *q, struct ctx_access *out)
{
	s32 off = q->off;

	if (q->attach_type != BPF_XDP_DEVMAP && off == XDP_EGRESS_IFINDEX)
		return false;
	if (q->write)
		return false;
	if ((off == XDP_DATA || off == XDP_DATA_META || off == XDP_DATA_END) && q->is_ldsx)
		return false;
	if (off == XDP_DATA)
		out->reg_type = PTR_TO_PACKET;
	else if (off == XDP_DATA_META)
		out->reg_type = PTR_TO_PACKET_META;
	else if (off == XDP_DATA_END)
		out->reg_type = PTR_TO_PACKET_END;
	if (off < 0 || off >= XDP_SIZE || off % (s32)q->size != 0)
		return false;
	return q->size == 4;
}

/* A read-only struct of u32 fields with narrow loads: off in range, aligned, 4-byte field size. */
static bool ro_u32_struct(const struct ctx_query *q, struct ctx_access *out, s32 size_struct)
{
	if (q->write || q->off < 0 || q->off + (s32)q->size > size_struct ||
	    q->off % (s32)q->size != 0)
		return false;
	set_field(out, 4);
	return narrow_ok(q->size, 4);
}

/* Mirrors bpf_sock_is_valid_access(): struct bpf_sock (80 bytes), read side. */
static bool sock_fields(const struct ctx_query *q, struct ctx_access *out)
{
	s32 off = q->off;
	u32 size = q->size;

	if (off < 0 || off >= 80 || off % (s32)size != 0)
		return false;
	/* state, family, type, protocol, src_port, rx_queue_mapping: at their start only */
	if (off == 72 || off == 4 || off == 8 || off == 12 || off == 44 || off == 76 ||
	    in(off, 24, 4) || in(off, 28, 16) || in(off, 52, 4) || in(off, 56, 16)) {
		set_field(out, 4);
		return narrow_ok(size, 4);
	}
	if (in(off, 48, 2)) { /* dst_port: __be16, 4-byte loads allowed */
		u32 fs = size == 4 ? 4 : 2;

		set_field(out, fs);
		return narrow_ok(size, fs);
	}
	if (in(off, 50, 2))
		return false;
	return size == 4;
}

/* Mirrors sock_filter_is_valid_access() (cgroup_sock programs). */
static bool cgroup_sock_access(const struct ctx_query *q, struct ctx_access *out)
{
	s32 off = q->off;
	u32 at = q->attach_type;

	if (!sock_fields(q, out))
		return false;
	/* __sock_filter_check_attach_type() */
	if (off == 0 || off == 16 || off == 20) /* bound_dev_if, mark, priority */
		return at == BPF_CGROUP_INET_SOCK_CREATE || at == BPF_CGROUP_INET_SOCK_RELEASE;
	if (in(off, 24, 4))
		return at == BPF_CGROUP_INET4_POST_BIND && !q->write;
	if (in(off, 28, 16))
		return at == BPF_CGROUP_INET6_POST_BIND && !q->write;
	if (in(off, 44, 4))
		return (at == BPF_CGROUP_INET4_POST_BIND || at == BPF_CGROUP_INET6_POST_BIND) &&
		       !q->write;
	return !q->write;
}

/* bpf_ctx_wide_access_ok(): an aligned 8-byte access inside an array field */
static bool wide_ok(s32 off, u32 size, s32 start, s32 len)
{
	return size == 8 && off >= start && off + 8 <= start + len && off % 8 == 0;
}

/* Mirrors sock_addr_is_valid_access(): struct bpf_sock_addr (72 bytes). */
static bool sock_addr_access(const struct ctx_query *q, struct ctx_access *out)
{
	s32 off = q->off;
	u32 size = q->size;
	u32 at = q->attach_type;

	if (off < 0 || off >= 72 || off % (s32)size != 0)
		return false;
	if (in(off, 4, 4) && !IN_AT(at, BPF_CGROUP_INET4_BIND, BPF_CGROUP_INET4_CONNECT,
				    BPF_CGROUP_INET4_GETPEERNAME, BPF_CGROUP_INET4_GETSOCKNAME,
				    BPF_CGROUP_UDP4_SENDMSG, BPF_CGROUP_UDP4_RECVMSG))
		return false;
	if (in(off, 8, 16) && !IN_AT(at, BPF_CGROUP_INET6_BIND, BPF_CGROUP_INET6_CONNECT,
				     BPF_CGROUP_INET6_GETPEERNAME, BPF_CGROUP_INET6_GETSOCKNAME,
				     BPF_CGROUP_UDP6_SENDMSG, BPF_CGROUP_UDP6_RECVMSG))
		return false;
	if (in(off, 40, 4) && at != BPF_CGROUP_UDP4_SENDMSG)
		return false;
	if (in(off, 44, 16) && at != BPF_CGROUP_UDP6_SENDMSG)
		return false;
	/* user_ip4, user_ip6, msg_src_ip4, msg_src_ip6, user_port */
	if (in(off, 4, 24) || in(off, 40, 20)) {
		if (wide_ok(off, size, 8, 16) || wide_ok(off, size, 44, 16))
			return true;
		if (q->write)
			return size == 4;
		set_field(out, 4);
		return narrow_ok(size, 4);
	}
	if (in(off, 64, 8)) {
		if (q->write || size != 8)
			return false;
		out->reg_type = PTR_TO_SOCKET;
		return true;
	}
	/* user_family, family, type, protocol */
	if (in(off, 0, 4) || in(off, 28, 12))
		return !q->write && size == 4;
	return false;
}

/* Mirrors sock_ops_is_valid_access(): struct bpf_sock_ops (224 bytes in 6.12+). */
static bool sock_ops_access(const struct ctx_query *q, struct ctx_access *out)
{
	s32 off = q->off;
	u32 size = q->size;

	if (off < 0 || off >= 224 || off % (s32)size != 0)
		return false;
	if (q->write)
		return (off == 4 || off == 164) && size == 4; /* reply, sk_txhash */
	if (in(off, 168, 16))				      /* bytes_received, bytes_acked */
		return size == 8;
	if (in(off, 184, 8)) {
		out->reg_type = PTR_TO_SOCKET_OR_NULL;
		return size == 8;
	}
	if (in(off, 192, 8)) {
		out->reg_type = PTR_TO_PACKET;
		return size == 8;
	}
	if (in(off, 200, 8)) {
		out->reg_type = PTR_TO_PACKET_END;
		return size == 8;
	}
	if (off == 212) { /* skb_tcp_flags */
		set_field(out, 4);
		return narrow_ok(size, 4);
	}
	if (in(off, 216, 8)) /* skb_hwtstamp */
		return size == 8;
	return size == 4;
}

/* Mirrors sk_msg_is_valid_access(): struct sk_msg_md (80 bytes). */
static bool sk_msg_access(const struct ctx_query *q, struct ctx_access *out)
{
	s32 off = q->off;
	u32 size = q->size;

	if (q->write || off % (s32)size != 0)
		return false;
	if (in(off, 0, 8) || in(off, 8, 8) || in(off, 72, 8)) {
		out->reg_type = in(off, 0, 8)	? PTR_TO_PACKET
				: in(off, 8, 8) ? PTR_TO_PACKET_END
						: PTR_TO_SOCKET;
		return size == 8;
	}
	/* family .. size: u32 fields, full loads */
	if (in(off, 16, 56))
		return size == 4;
	return false;
}

/* Mirrors sk_lookup_is_valid_access(): struct bpf_sk_lookup (72 bytes). */
static bool sk_lookup_access(const struct ctx_query *q, struct ctx_access *out)
{
	s32 off = q->off;
	u32 size = q->size;

	if (off < 0 || off >= 72 || off % (s32)size != 0 || q->write)
		return false;
	if (in(off, 0, 8)) {
		out->reg_type = PTR_TO_SOCKET_OR_NULL;
		return size == 8;
	}
	if (in(off, 36, 2)) { /* remote_port (__be16), 4-byte loads allowed */
		if (size == 4)
			return true;
		set_field(out, 2);
		return narrow_ok(size, 2);
	}
	if (in(off, 38, 2)) { /* zero padding, readable */
		set_field(out, 2);
		return narrow_ok(size, 2);
	}
	if (in(off, 8, 28) || in(off, 40, 28)) {
		set_field(out, 4);
		return narrow_ok(size, 4);
	}
	return false;
}

/* Mirrors cg_sockopt_is_valid_access(): struct bpf_sockopt (40 bytes). */
static bool sockopt_access(const struct ctx_query *q, struct ctx_access *out)
{
	s32 off = q->off;
	u32 size = q->size;
	u32 at = q->attach_type;

	if (off < 0 || off >= 40 || off % (s32)size != 0)
		return false;
	if (q->write) {
		if (off == 36) /* retval */
			return size == 4 && at == BPF_CGROUP_GETSOCKOPT;
		if (off == 28 || off == 24) /* optname, level */
			return size == 4 && at == BPF_CGROUP_SETSOCKOPT;
		if (off == 32) /* optlen */
			return size == 4;
		return false;
	}
	if (in(off, 0, 24)) {
		out->reg_type = in(off, 0, 8)	? PTR_TO_SOCKET
				: in(off, 8, 8) ? PTR_TO_PACKET
						: PTR_TO_PACKET_END;
		return size == 8;
	}
	if (in(off, 36, 4))
		return size == 4 && at == BPF_CGROUP_GETSOCKOPT;
	return size == 4;
}

/* x86-64 struct pt_regs: 21 u64 slots */
#define PT_REGS_SIZE 168
/* struct bpf_perf_event_data: regs, sample_period (u64), addr (u64) */
#define PERF_EVENT_DATA_SIZE (PT_REGS_SIZE + 16)
#define PERF_MAX_TRACE_SIZE  2048
#define RAW_TP_MAX_ARGS	     12

int progtype_ctx_access(const struct ctx_query *q, struct ctx_access *out)
{
	s32 off = q->off;
	u32 size = q->size;
	bool ok;

	memset(out, 0, sizeof(*out));
	out->reg_type = SCALAR_VALUE;
	if (size == 0 || size > 8 || (size & (size - 1)))
		return CTX_DENIED;

	switch (q->prog_type) {
	case BPF_PROG_TYPE_SOCKET_FILTER:
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_CGROUP_SKB:
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_XMIT:
	case BPF_PROG_TYPE_LWT_SEG6LOCAL:
	case BPF_PROG_TYPE_SK_SKB:
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
		ok = skb_access(q, out);
		break;
	case BPF_PROG_TYPE_XDP:
		ok = xdp_access(q, out);
		break;
	case BPF_PROG_TYPE_KPROBE:
		/* kprobe_prog_is_valid_access(): read-only, inside pt_regs, aligned; narrow loads of
		 * the u64 slots are allowed only as whole 8 bytes (x86-64 has no sub-field rule) */
		ok = !q->write && off >= 0 && off < PT_REGS_SIZE && off % (s32)size == 0 &&
		     !(off + size > PT_REGS_SIZE);
		break;
	case BPF_PROG_TYPE_TRACEPOINT:
		/* tp_prog_is_valid_access(): the common header (first 8 bytes) is hidden. The
		 * kernel compares off against sizeof(void *) unsigned, so negative offsets pass
		 * (measured on 6.18) */
		ok = !q->write && (off < 0 || off >= 8) && off < PERF_MAX_TRACE_SIZE &&
		     off % (s32)size == 0;
		break;
	case BPF_PROG_TYPE_PERF_EVENT:
		/* pe_prog_is_valid_access(): sample_period and addr are u64 with narrow loads */
		if (q->write || off < 0 || off >= PERF_EVENT_DATA_SIZE || off % (s32)size != 0) {
			ok = false;
		} else if (off >= PT_REGS_SIZE) {
			set_field(out, 8);
			ok = narrow_ok(size, 8);
		} else {
			ok = size == 8;
		}
		break;
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
		if (q->has_attach_btf)
			return CTX_BTF;
		/* raw_tp_prog_is_valid_access() */
		ok = !q->write && off >= 0 && off < RAW_TP_MAX_ARGS * 8 && off % (s32)size == 0;
		break;
	case BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE:
		/* raw_tp_writable_prog_is_valid_access(): args[0] is the writable buffer */
		if (off == 0) {
			if (size != 8 || q->write)
				return CTX_DENIED;
			out->reg_type = PTR_TO_TP_BUFFER;
			return CTX_OK;
		}
		ok = !q->write && off >= 0 && off < RAW_TP_MAX_ARGS * 8 && off % (s32)size == 0;
		break;
	case BPF_PROG_TYPE_CGROUP_DEVICE:
		/* cgroup_dev_is_valid_access(): access_type (narrow ok), major, minor */
		if (q->write || off < 0 || off + (s32)size > 12 || off % (s32)size != 0) {
			ok = false;
		} else if (off < 4) {
			set_field(out, 4);
			ok = narrow_ok(size, 4);
		} else {
			ok = size == 4;
		}
		break;
	case BPF_PROG_TYPE_CGROUP_SYSCTL:
		/* sysctl_is_valid_access(): write (u32, read-only, narrow), file_pos (u32, r/w) */
		if (off < 0 || off + (s32)size > 8 || off % (s32)size != 0) {
			ok = false;
		} else if (off < 4) {
			set_field(out, 4);
			ok = !q->write && narrow_ok(size, 4);
		} else if (q->write) {
			ok = size == 4;
		} else {
			set_field(out, 4);
			ok = narrow_ok(size, 4);
		}
		break;
	case BPF_PROG_TYPE_NETFILTER:
		/* nf_is_valid_access(): two trusted BTF pointers */
		if (q->write || off < 0 || off >= 16 || off % 8 != 0 || size != 8) {
			ok = false;
		} else {
			out->reg_type = PTR_TO_BTF_ID | PTR_TRUSTED;
			out->btf_type = off == 0 ? "nf_hook_state" : "sk_buff";
			ok = true;
		}
		break;
	case BPF_PROG_TYPE_SYSCALL:
		/* syscall_prog_is_valid_access(): an opaque user blob, r/w, aligned */
		ok = off >= 0 && off < 65535 && off % (s32)size == 0;
		break;
	case BPF_PROG_TYPE_SK_REUSEPORT:
		/* sk_reuseport_md: data, data_end (pointers, full loads), len, eth_protocol,
		 * ip_protocol, bind_inany, hash (u32 narrow), sk, migrating_sk (pointers) */
		if (q->write || off < 0 || off >= 56 || off % (s32)size != 0) {
			ok = false;
		} else if (off == 0 || off == 8) {
			ok = size == 8 && !q->is_ldsx;
			out->reg_type = off == 0 ? PTR_TO_PACKET : PTR_TO_PACKET_END;
		} else if (off == 40 || off == 48) {
			ok = size == 8;
			out->reg_type = off == 40 ? PTR_TO_SOCKET : PTR_TO_SOCK_COMMON_OR_NULL;
		} else if (off >= 32 && off < 36) {
			ok = off == 32 && size == 4; /* hash: full loads only */
		} else if (off >= 16 && off < 32) {
			/* len, eth_protocol (at least the u16 of skb->protocol), ip_protocol,
			 * bind_inany: narrow loads */
			ok = ro_u32_struct(q, out, 32) && !(off >= 20 && off < 24 && size < 2);
		} else {
			ok = false;
		}
		break;
	case BPF_PROG_TYPE_TRACING:
	case BPF_PROG_TYPE_LSM:
	case BPF_PROG_TYPE_STRUCT_OPS:
	case BPF_PROG_TYPE_EXT:
		/* tracing_prog_is_valid_access() / bpf_tracing_btf_ctx_access(): read-only u64
		 * argument slots, aligned; btf_ctx_access() then wants a multiple of 8 and types
		 * the slot from the target's BTF (not modelled here) */
		if (q->write || off < 0 || off >= RAW_TP_MAX_ARGS * 8 || off % (s32)size != 0 ||
		    off % 8 != 0)
			return CTX_DENIED;
		return CTX_BTF;
	case BPF_PROG_TYPE_CGROUP_SOCK:
		ok = cgroup_sock_access(q, out);
		break;
	case BPF_PROG_TYPE_CGROUP_SOCK_ADDR:
		ok = sock_addr_access(q, out);
		break;
	case BPF_PROG_TYPE_SOCK_OPS:
		ok = sock_ops_access(q, out);
		break;
	case BPF_PROG_TYPE_SK_MSG:
		ok = sk_msg_access(q, out);
		break;
	case BPF_PROG_TYPE_SK_LOOKUP:
		ok = sk_lookup_access(q, out);
		break;
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
		ok = sockopt_access(q, out);
		break;
	default:
		/* lirc_mode2 (drivers/media/rc) is not modelled */
		return CTX_UNSUPPORTED;
	}
	if (!ok) {
		out->reg_type = SCALAR_VALUE;
		out->ctx_field_size = 0;
	}
	return ok ? CTX_OK : CTX_DENIED;
}

bool progtype_sock_access(u32 reg_type, s32 off, u32 size, u32 *field_size)
{
	struct ctx_query q = {.off = off, .size = size};
	struct ctx_access a = {0};
	bool ok;

	if (field_size)
		*field_size = 0;
	if (size == 0 || size > 8 || (size & (size - 1)))
		return false;
	switch (reg_type) {
	case PTR_TO_SOCK_COMMON:
		/* type .. priority are not in sock_common */
		if (off >= 8 && off < 24)
			return false;
		ok = sock_fields(&q, &a);
		break;
	case PTR_TO_SOCKET:
		ok = sock_fields(&q, &a);
		break;
	case PTR_TO_TCP_SOCK:
		/* struct bpf_tcp_sock up to icsk_retransmits (112 bytes); bytes_received and
		 * bytes_acked are u64 */
		if (off < 0 || off >= 112 || off % (s32)size != 0)
			return false;
		/* the upper halves of the u64 fields pass the kernel's rule but then fail the
		 * conversion ("verifier bug: error during ctx access conversion (0)", 6.18) */
		if (off == 84 || off == 92)
			return false;
		return (off == 80 || off == 88) ? size == 8 : size == 4;
	case PTR_TO_XDP_SOCK:
		/* struct bpf_xdp_sock: queue_id */
		return off >= 0 && off < 4 && off % (s32)size == 0 && size == 4;
	default:
		return false;
	}
	if (ok && field_size)
		*field_size = a.ctx_field_size;
	return ok;
}

u32 progtype_ctx_size(u32 prog_type, u32 attach_type)
{
	switch (prog_type) {
	case BPF_PROG_TYPE_SOCKET_FILTER:
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_CGROUP_SKB:
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_XMIT:
	case BPF_PROG_TYPE_LWT_SEG6LOCAL:
	case BPF_PROG_TYPE_SK_SKB:
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
		return SKB_SIZE;
	case BPF_PROG_TYPE_XDP:
		return XDP_SIZE;
	case BPF_PROG_TYPE_KPROBE:
		return PT_REGS_SIZE;
	case BPF_PROG_TYPE_PERF_EVENT:
		return PERF_EVENT_DATA_SIZE;
	case BPF_PROG_TYPE_CGROUP_SOCK:
		return 80;
	case BPF_PROG_TYPE_CGROUP_SOCK_ADDR:
		return 72;
	case BPF_PROG_TYPE_SOCK_OPS:
		return 224;
	case BPF_PROG_TYPE_SK_MSG:
		return 80;
	case BPF_PROG_TYPE_SK_REUSEPORT:
		return 56;
	case BPF_PROG_TYPE_SK_LOOKUP:
		return 72;
	case BPF_PROG_TYPE_CGROUP_SYSCTL:
		return 8;
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
		return 40;
	case BPF_PROG_TYPE_CGROUP_DEVICE:
		return 12;
	case BPF_PROG_TYPE_NETFILTER:
		return 16;
	case BPF_PROG_TYPE_LIRC_MODE2:
		return 4;
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE:
		return RAW_TP_MAX_ARGS * 8;
	default:
		(void)attach_type;
		return 0;
	}
}

const char *progtype_ctx_name(u32 prog_type)
{
	switch (prog_type) {
	case BPF_PROG_TYPE_SOCKET_FILTER:
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_CGROUP_SKB:
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_XMIT:
	case BPF_PROG_TYPE_LWT_SEG6LOCAL:
	case BPF_PROG_TYPE_SK_SKB:
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
		return "__sk_buff";
	case BPF_PROG_TYPE_XDP:
		return "xdp_md";
	case BPF_PROG_TYPE_KPROBE:
		return "pt_regs";
	case BPF_PROG_TYPE_PERF_EVENT:
		return "bpf_perf_event_data";
	case BPF_PROG_TYPE_CGROUP_SOCK:
		return "bpf_sock";
	case BPF_PROG_TYPE_CGROUP_SOCK_ADDR:
		return "bpf_sock_addr";
	case BPF_PROG_TYPE_SOCK_OPS:
		return "bpf_sock_ops";
	case BPF_PROG_TYPE_SK_MSG:
		return "sk_msg_md";
	case BPF_PROG_TYPE_SK_REUSEPORT:
		return "sk_reuseport_md";
	case BPF_PROG_TYPE_SK_LOOKUP:
		return "bpf_sk_lookup";
	case BPF_PROG_TYPE_CGROUP_SYSCTL:
		return "bpf_sysctl";
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
		return "bpf_sockopt";
	case BPF_PROG_TYPE_CGROUP_DEVICE:
		return "bpf_cgroup_dev_ctx";
	case BPF_PROG_TYPE_NETFILTER:
		return "bpf_nf_ctx";
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE:
		return "bpf_raw_tracepoint_args";
	default:
		return NULL;
	}
}

/* Mirrors may_access_direct_pkt_data() for plain loads and stores. */
u32 progtype_pkt_rights(u32 prog_type)
{
	switch (prog_type) {
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_SEG6LOCAL:
	case BPF_PROG_TYPE_SK_REUSEPORT:
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
	case BPF_PROG_TYPE_CGROUP_SKB:
		return PKT_READ;
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_XDP:
	case BPF_PROG_TYPE_LWT_XMIT:
	case BPF_PROG_TYPE_SK_SKB:
	case BPF_PROG_TYPE_SK_MSG:
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
		return PKT_RW;
	default:
		return PKT_NONE;
	}
}

static bool range(struct ret_range *out, s32 min, s32 max)
{
	out->checked = true;
	out->min = min;
	out->max = max;
	return true;
}

/* Mirrors check_return_code() for the main program (6.18). */
bool progtype_return_range(const struct ret_query *q, struct ret_range *out)
{
	u32 at = q->attach_type;

	memset(out, 0, sizeof(*out));
	if (q->prog_type == BPF_PROG_TYPE_UNSPEC || q->prog_type >= BPF_PROG_TYPE_MAX)
		return false;
	switch (q->prog_type) {
	case BPF_PROG_TYPE_CGROUP_SOCK_ADDR:
		switch (at) {
		case BPF_CGROUP_UDP4_RECVMSG:
		case BPF_CGROUP_UDP6_RECVMSG:
		case BPF_CGROUP_UNIX_RECVMSG:
		case BPF_CGROUP_INET4_GETPEERNAME:
		case BPF_CGROUP_INET6_GETPEERNAME:
		case BPF_CGROUP_UNIX_GETPEERNAME:
		case BPF_CGROUP_INET4_GETSOCKNAME:
		case BPF_CGROUP_INET6_GETSOCKNAME:
		case BPF_CGROUP_UNIX_GETSOCKNAME:
			return range(out, 1, 1);
		case BPF_CGROUP_INET4_BIND:
		case BPF_CGROUP_INET6_BIND:
			return range(out, 0, 3);
		default:
			return range(out, 0, 1);
		}
	case BPF_PROG_TYPE_CGROUP_SKB:
		return at == BPF_CGROUP_INET_EGRESS ? range(out, 0, 3) : range(out, 0, 1);
	case BPF_PROG_TYPE_CGROUP_SOCK:
	case BPF_PROG_TYPE_SOCK_OPS:
	case BPF_PROG_TYPE_CGROUP_DEVICE:
	case BPF_PROG_TYPE_CGROUP_SYSCTL:
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
	case BPF_PROG_TYPE_SK_LOOKUP:
	case BPF_PROG_TYPE_NETFILTER:
		return range(out, 0, 1);
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
		if (q->has_attach_btf)
			return range(out, 0, 0);
		return true;
	case BPF_PROG_TYPE_TRACING:
		switch (at) {
		case BPF_TRACE_FENTRY:
		case BPF_TRACE_FEXIT:
			return range(out, 0, 0);
		case BPF_TRACE_ITER:
			return range(out, 0, 1);
		default:
			return true; /* raw_tp (tp_btf), fmod_ret: any value */
		}
	case BPF_PROG_TYPE_KPROBE:
		if (at == BPF_TRACE_KPROBE_SESSION)
			return range(out, 0, 1);
		return true;
	case BPF_PROG_TYPE_LSM:
		if (at == BPF_LSM_CGROUP) {
			if (q->hook_kind == RET_HOOK_VOID)
				return range(out, 1, 1);
			return range(out, 0, 1);
		}
		switch (q->hook_kind) {
		case RET_HOOK_VOID:
			return true;
		case RET_HOOK_BOOL:
			return range(out, 0, 1);
		default:
			out->check_32bit = true;
			return range(out, -4095, 0); /* -MAX_ERRNO .. 0 */
		}
	default:
		/* socket_filter, tc, xdp, tracepoint, perf_event, lwt, sk_skb, sk_msg,
		 * flow_dissector, sk_reuseport, syscall, struct_ops, ext: not range-checked */
		return true;
	}
}

/* LSM hooks declared void in include/linux/lsm_hook_defs.h (6.12), sorted */
static const char *const lsm_void_hooks[] = {
	"audit_rule_free",
	"backing_file_free",
	"bdev_free_security",
	"bpf_map_free",
	"bpf_prog_free",
	"bpf_token_free",
	"bprm_committed_creds",
	"bprm_committing_creds",
	"cred_free",
	"cred_getsecid",
	"cred_transfer",
	"current_getsecid_subj",
	"d_instantiate",
	"file_free_security",
	"file_release",
	"file_set_fowner",
	"inet_conn_established",
	"inet_csk_clone",
	"initramfs_populated",
	"inode_free_security",
	"inode_free_security_rcu",
	"inode_getsecid",
	"inode_invalidate_secctx",
	"inode_post_create_tmpfile",
	"inode_post_remove_acl",
	"inode_post_removexattr",
	"inode_post_set_acl",
	"inode_post_setattr",
	"inode_post_setxattr",
	"ipc_getsecid",
	"key_post_create_or_update",
	"msg_msg_free_security",
	"msg_queue_free_security",
	"path_post_mknod",
	"release_secctx",
	"req_classify_flow",
	"sb_delete",
	"sb_free_mnt_opts",
	"sb_free_security",
	"sctp_sk_clone",
	"secmark_refcount_dec",
	"secmark_refcount_inc",
	"sem_free_security",
	"shm_free_security",
	"sk_clone_security",
	"sk_free_security",
	"sk_getsecid",
	"sock_graft",
	"task_free",
	"task_getsecid_obj",
	"task_to_inode",
	"xfrm_policy_free_security",
	"xfrm_state_free_security",
};

/* bool_lsm_hooks of kernel/bpf/bpf_lsm.c (6.12) */
static const char *const lsm_bool_hooks[] = {
	"audit_rule_known",
	"inode_xattr_skipcap",
	"xfrm_state_pol_flow_match",
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

u32 progtype_lsm_hook_kind(const char *hook)
{
	if (!hook)
		return RET_HOOK_UNKNOWN;
	if (!strncmp(hook, "bpf_lsm_", 8))
		hook += 8;
	if (bsearch(&hook, lsm_void_hooks, ARRAY_SIZE(lsm_void_hooks), sizeof(lsm_void_hooks[0]),
		    cmp_str))
		return RET_HOOK_VOID;
	for (size_t i = 0; i < ARRAY_SIZE(lsm_bool_hooks); i++)
		if (!strcmp(hook, lsm_bool_hooks[i]))
			return RET_HOOK_BOOL;
	return RET_HOOK_INT;
}

u32 progtype_required_caps(u32 prog_type)
{
	switch (prog_type) {
	case BPF_PROG_TYPE_SOCKET_FILTER:
	case BPF_PROG_TYPE_CGROUP_SKB:
		return PROGTYPE_CAP_NONE;
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_XDP:
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_XMIT:
	case BPF_PROG_TYPE_LWT_SEG6LOCAL:
	case BPF_PROG_TYPE_SK_SKB:
	case BPF_PROG_TYPE_SK_MSG:
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
	case BPF_PROG_TYPE_CGROUP_DEVICE:
	case BPF_PROG_TYPE_CGROUP_SOCK:
	case BPF_PROG_TYPE_CGROUP_SOCK_ADDR:
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
	case BPF_PROG_TYPE_CGROUP_SYSCTL:
	case BPF_PROG_TYPE_SOCK_OPS:
	case BPF_PROG_TYPE_NETFILTER:
		return PROGTYPE_CAP_BPF | PROGTYPE_CAP_NET_ADMIN;
	case BPF_PROG_TYPE_KPROBE:
	case BPF_PROG_TYPE_TRACEPOINT:
	case BPF_PROG_TYPE_PERF_EVENT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE:
	case BPF_PROG_TYPE_TRACING:
	case BPF_PROG_TYPE_LSM:
	case BPF_PROG_TYPE_STRUCT_OPS:
		return PROGTYPE_CAP_BPF | PROGTYPE_CAP_PERFMON;
	case BPF_PROG_TYPE_EXT:
		return PROGTYPE_CAP_BPF | PROGTYPE_CAP_NET_ADMIN | PROGTYPE_CAP_PERFMON;
	default:
		return PROGTYPE_CAP_BPF;
	}
}

bool progtype_valid(u32 prog_type)
{
	return prog_type > BPF_PROG_TYPE_UNSPEC && prog_type < BPF_PROG_TYPE_MAX;
}
