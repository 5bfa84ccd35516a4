/* Tests of the helper tables: known prototypes, per-program-type variants and availability, the
 * map compatibility rule, and the structural consistency of the whole table (the kernel's
 * check_func_proto() rules). */
#include <check.h>
#include <errno.h>
#include <string.h>

#include "bpf_defs.h"
#include "helpers.h"

enum {
	FN_map_lookup_elem = 1,
	FN_map_update_elem = 2,
	FN_tail_call = 12,
	FN_skb_load_bytes = 26,
	FN_get_stackid = 27,
	FN_perf_event_output = 25,
	FN_redirect = 23,
	FN_xdp_adjust_head = 44,
	FN_get_socket_cookie = 46,
	FN_sk_lookup_tcp = 84,
	FN_sk_release = 86,
	FN_ringbuf_reserve = 131,
	FN_ringbuf_output = 130,
	FN_get_stack = 67,
	FN_bind = 64,
	FN_setsockopt = 49,
	FN_trace_printk = 6,
	FN_loop = 181,
	FN_spin_lock = 93,
	FN_sk_redirect_map = 52,
	FN_probe_read_kernel = 113,
	FN_cgrp_storage_delete = 211
};

static const struct helper_proto *get(u32 id, u32 pt)
{
	return helper_proto_get(id, pt, 0, NULL);
}

START_TEST(test_map_lookup)
{
	const struct helper_proto *p = get(FN_map_lookup_elem, BPF_PROG_TYPE_SOCKET_FILTER);

	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->name, "bpf_map_lookup_elem");
	ck_assert_uint_eq(p->ret_type, RET_PTR_TO_MAP_VALUE_OR_NULL);
	ck_assert_uint_eq(p->arg_type[0], ARG_CONST_MAP_PTR);
	ck_assert_uint_eq(p->arg_type[1], ARG_PTR_TO_MAP_KEY);
	ck_assert_uint_eq(p->arg_type[2], ARG_DONTCARE);
	ck_assert(p->pkt_access);
	ck_assert(!p->gpl_only);
	p = get(FN_map_update_elem, BPF_PROG_TYPE_XDP);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(p->arg_type[2], ARG_PTR_TO_MAP_VALUE);
	ck_assert_uint_eq(p->arg_type[3], ARG_ANYTHING);
}
END_TEST

START_TEST(test_names_ids)
{
	ck_assert(!helper_id_valid(0));
	ck_assert(helper_id_valid(1));
	ck_assert(helper_id_valid(211));
	ck_assert(!helper_id_valid(212));
	ck_assert_str_eq(helper_func_name(FN_cgrp_storage_delete), "bpf_cgrp_storage_delete");
	ck_assert_ptr_null(helper_func_name(212));
	ck_assert_ptr_null(get(0, BPF_PROG_TYPE_XDP));
	ck_assert_ptr_null(get(5000, BPF_PROG_TYPE_XDP));
}
END_TEST

START_TEST(test_variants)
{
	const struct helper_proto *p;

	/* skb_load_bytes: flow dissector has its own prototype */
	p = get(FN_skb_load_bytes, BPF_PROG_TYPE_FLOW_DISSECTOR);
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->proto, "bpf_flow_dissector_load_bytes_proto");
	p = get(FN_skb_load_bytes, BPF_PROG_TYPE_SCHED_CLS);
	ck_assert_str_eq(p->proto, "bpf_skb_load_bytes_proto");
	ck_assert_uint_eq(p->arg_type[2], ARG_PTR_TO_UNINIT_MEM);
	/* perf_event_output per program type */
	ck_assert_str_eq(get(FN_perf_event_output, BPF_PROG_TYPE_KPROBE)->proto,
			 "bpf_perf_event_output_proto");
	ck_assert_str_eq(get(FN_perf_event_output, BPF_PROG_TYPE_TRACEPOINT)->proto,
			 "bpf_perf_event_output_proto_tp");
	ck_assert_str_eq(get(FN_perf_event_output, BPF_PROG_TYPE_XDP)->proto,
			 "bpf_xdp_event_output_proto");
	ck_assert_str_eq(get(FN_perf_event_output, BPF_PROG_TYPE_SCHED_CLS)->proto,
			 "bpf_skb_event_output_proto");
	ck_assert_str_eq(get(FN_get_stackid, BPF_PROG_TYPE_PERF_EVENT)->proto,
			 "bpf_get_stackid_proto_pe");
	ck_assert_str_eq(get(FN_redirect, BPF_PROG_TYPE_XDP)->proto, "bpf_xdp_redirect_proto");
	ck_assert_str_eq(get(FN_sk_lookup_tcp, BPF_PROG_TYPE_XDP)->proto,
			 "bpf_xdp_sk_lookup_tcp_proto");
	ck_assert_uint_eq(get(FN_sk_lookup_tcp, BPF_PROG_TYPE_XDP)->ret_type,
			  RET_PTR_TO_SOCKET_OR_NULL);
	ck_assert_str_eq(get(FN_get_socket_cookie, BPF_PROG_TYPE_SOCK_OPS)->proto,
			 "bpf_get_socket_cookie_sock_ops_proto");
	/* get_cgroup_classid: the skb variant only for tc and lwt (6.18) */
	ck_assert_uint_eq(get(17, BPF_PROG_TYPE_SCHED_CLS)->arg_type[0], ARG_PTR_TO_CTX);
	ck_assert_uint_eq(get(17, BPF_PROG_TYPE_SOCKET_FILTER)->arg_type[0], ARG_DONTCARE);
	/* sleepable variant */
	struct helper_ctx hc = {.sleepable = true};

	p = helper_proto_get(FN_get_stack, BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, &hc);
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->proto, "bpf_get_stack_sleepable_proto");
	ck_assert(p->might_sleep);
}
END_TEST

START_TEST(test_availability)
{
	ck_assert_ptr_null(get(FN_xdp_adjust_head, BPF_PROG_TYPE_SOCKET_FILTER));
	ck_assert_ptr_nonnull(get(FN_xdp_adjust_head, BPF_PROG_TYPE_XDP));
	ck_assert_ptr_null(get(FN_sk_release, BPF_PROG_TYPE_KPROBE));
	ck_assert_ptr_nonnull(get(FN_sk_release, BPF_PROG_TYPE_SCHED_CLS));
	/* bind only from connect hooks */
	ck_assert_ptr_nonnull(helper_proto_get(FN_bind, BPF_PROG_TYPE_CGROUP_SOCK_ADDR,
					       BPF_CGROUP_INET4_CONNECT, NULL));
	ck_assert_ptr_null(helper_proto_get(FN_bind, BPF_PROG_TYPE_CGROUP_SOCK_ADDR,
					    BPF_CGROUP_INET4_BIND, NULL));
	/* sockopt programs: setsockopt only at setsockopt */
	ck_assert_ptr_null(helper_proto_get(FN_setsockopt, BPF_PROG_TYPE_CGROUP_SOCKOPT,
					    BPF_CGROUP_GETSOCKOPT, NULL));
	ck_assert_ptr_nonnull(helper_proto_get(FN_setsockopt, BPF_PROG_TYPE_CGROUP_SOCKOPT,
					       BPF_CGROUP_SETSOCKOPT, NULL));
	/* unprivileged loaders lose the CAP_BPF / CAP_PERFMON base helpers */
	struct helper_ctx unpriv = {.unpriv = true};

	ck_assert_ptr_nonnull(get(FN_trace_printk, BPF_PROG_TYPE_SOCKET_FILTER));
	ck_assert_ptr_null(
		helper_proto_get(FN_trace_printk, BPF_PROG_TYPE_SOCKET_FILTER, 0, &unpriv));
	ck_assert_ptr_null(helper_proto_get(FN_loop, BPF_PROG_TYPE_SOCKET_FILTER, 0, &unpriv));
	ck_assert_ptr_nonnull(
		helper_proto_get(FN_map_lookup_elem, BPF_PROG_TYPE_SOCKET_FILTER, 0, &unpriv));
	/* unknown program type */
	ck_assert_ptr_null(get(FN_map_lookup_elem, BPF_PROG_TYPE_MAX));
	ck_assert_ptr_null(get(FN_map_lookup_elem, 1000));
}
END_TEST

START_TEST(test_map_compat)
{
	ck_assert_int_eq(
		helper_map_compatible(BPF_MAP_TYPE_HASH, FN_map_lookup_elem, BPF_PROG_TYPE_XDP, 0),
		0);
	ck_assert_int_eq(helper_map_compatible(BPF_MAP_TYPE_PROG_ARRAY, FN_map_lookup_elem,
					       BPF_PROG_TYPE_XDP, 0),
			 -EINVAL);
	ck_assert_int_eq(
		helper_map_compatible(BPF_MAP_TYPE_PROG_ARRAY, FN_tail_call, BPF_PROG_TYPE_XDP, 0),
		0);
	ck_assert_int_eq(
		helper_map_compatible(BPF_MAP_TYPE_HASH, FN_tail_call, BPF_PROG_TYPE_XDP, 0),
		-EINVAL);
	ck_assert_int_eq(helper_map_compatible(BPF_MAP_TYPE_RINGBUF, FN_ringbuf_reserve,
					       BPF_PROG_TYPE_KPROBE, 0),
			 0);
	ck_assert_int_eq(helper_map_compatible(BPF_MAP_TYPE_ARRAY, FN_ringbuf_output,
					       BPF_PROG_TYPE_KPROBE, 0),
			 -EINVAL);
	ck_assert_int_eq(helper_map_compatible(BPF_MAP_TYPE_SOCKMAP, FN_map_update_elem,
					       BPF_PROG_TYPE_SCHED_CLS, 0),
			 0);
	ck_assert_int_eq(helper_map_compatible(BPF_MAP_TYPE_SOCKMAP, FN_map_update_elem,
					       BPF_PROG_TYPE_KPROBE, 0),
			 -EACCES);
	ck_assert_int_eq(helper_map_compatible(BPF_MAP_TYPE_SOCKMAP, FN_sk_redirect_map,
					       BPF_PROG_TYPE_SK_SKB, 0),
			 0);
	ck_assert_int_eq(helper_map_compatible(BPF_MAP_TYPE_SOCKHASH, FN_sk_redirect_map,
					       BPF_PROG_TYPE_SK_SKB, 0),
			 -EINVAL);

	u32 at = ARG_PTR_TO_MAP_VALUE;

	ck_assert_int_eq(helper_resolve_map_arg(BPF_MAP_TYPE_SOCKMAP, FN_map_update_elem, &at), 0);
	ck_assert_uint_eq(at, ARG_PTR_TO_BTF_ID_SOCK_COMMON);
	at = ARG_PTR_TO_MAP_VALUE_OR_NULL;
	ck_assert_int_eq(helper_resolve_map_arg(BPF_MAP_TYPE_SOCKHASH, 1, &at), -EINVAL);
	at = ARG_PTR_TO_MAP_VALUE;
	ck_assert_int_eq(helper_resolve_map_arg(BPF_MAP_TYPE_HASH, FN_map_update_elem, &at), 0);
	ck_assert_uint_eq(at, ARG_PTR_TO_MAP_VALUE);
}
END_TEST

START_TEST(test_facts)
{
	ck_assert(helper_changes_pkt_data(FN_xdp_adjust_head));
	ck_assert(!helper_changes_pkt_data(FN_map_lookup_elem));
	ck_assert(helper_changes_pkt_data(FN_tail_call));
	ck_assert(helper_is_acquire(FN_sk_lookup_tcp, 0));
	ck_assert(helper_is_acquire(FN_ringbuf_reserve, 0));
	ck_assert(!helper_is_acquire(FN_map_lookup_elem, BPF_MAP_TYPE_HASH));
	ck_assert(helper_is_sync_callback(FN_loop));
	ck_assert_int_eq(helper_callback_arg(FN_loop), 1);
	ck_assert_int_eq(helper_callback_arg(FN_map_lookup_elem), -1);
	struct helper_callback cb;

	ck_assert(helper_callback_info(FN_loop, &cb));
	ck_assert_int_eq(cb.arg, 1);
	ck_assert_uint_eq(cb.cb_reg[0], SCALAR_VALUE);
	ck_assert_uint_eq(cb.cb_copy[1], 3);
	ck_assert_int_eq(cb.ret_max, 1);
	ck_assert(helper_callback_info(170 /* timer_set_callback */, &cb));
	ck_assert(cb.async);
	ck_assert_int_eq(cb.ret_max, 0);
	ck_assert_uint_eq(cb.cb_reg[2], PTR_TO_MAP_VALUE);
	ck_assert(!helper_callback_info(FN_map_lookup_elem, &cb));
	ck_assert(helper_for_each_map_ok(BPF_MAP_TYPE_PERCPU_ARRAY));
	ck_assert(!helper_for_each_map_ok(BPF_MAP_TYPE_RINGBUF));
	/* allowed() callbacks */
	struct helper_ctx lsm = {.attach_func = "file_open"};
	struct helper_ctx lsm2 = {.attach_func = "bpf_lsm_task_free"};
	const struct helper_proto *ima =
		helper_proto_get(161 /* ima_inode_hash */, BPF_PROG_TYPE_LSM, BPF_LSM_MAC, &lsm);

	ck_assert_ptr_nonnull(ima);
	ck_assert(helper_allowed(ima, BPF_PROG_TYPE_LSM, BPF_LSM_MAC, &lsm));
	ck_assert(!helper_allowed(ima, BPF_PROG_TYPE_LSM, BPF_LSM_MAC, &lsm2));
	ck_assert(helper_lsm_hook_sleepable("bpf_lsm_bprm_check_security"));
	ck_assert(!helper_lsm_hook_sleepable("task_free"));
	ck_assert(helper_allowed(get(FN_map_lookup_elem, BPF_PROG_TYPE_XDP), BPF_PROG_TYPE_XDP, 0,
				 NULL));
	char buf[96];

	ck_assert_str_eq(helper_arg_type_str(ARG_PTR_TO_UNINIT_MEM, buf, sizeof(buf)),
			 "ARG_PTR_TO_UNINIT_MEM");
	ck_assert_str_eq(helper_arg_type_str(ARG_PTR_TO_MEM | MEM_RDONLY, buf, sizeof(buf)),
			 "ARG_PTR_TO_MEM|MEM_RDONLY");
	ck_assert_str_eq(helper_ret_type_str(RET_PTR_TO_MAP_VALUE_OR_NULL, buf, sizeof(buf)),
			 "RET_PTR_TO_MAP_VALUE_OR_NULL");
}
END_TEST

static bool is_mem(u32 t)
{
	return base_type(t) == ARG_PTR_TO_MEM;
}

static bool is_size(u32 t)
{
	return t == ARG_CONST_SIZE || t == ARG_CONST_SIZE_OR_ZERO;
}

/* Every prototype satisfies the kernel's check_func_proto() and our own invariants. */
START_TEST(test_consistency)
{
	u32 cnt, ids_seen = 0;
	const struct helper_proto *t = helper_table(&cnt);
	bool seen[HELPER_ID_MAX + 1] = {false};

	ck_assert_uint_ge(cnt, 272);
	for (u32 i = 0; i < cnt; i++) {
		const struct helper_proto *p = &t[i];
		int uninit = 0;

		ck_assert_msg(helper_id_valid(p->func_id), "%s: bad id", p->proto);
		ck_assert_str_eq(p->name, helper_func_name(p->func_id));
		ck_assert_msg(base_type(p->ret_type) < BPF_RET_TYPE_MAX, "%s", p->proto);
		for (int a = 0; a < 5; a++) {
			u32 at = p->arg_type[a];

			ck_assert_msg(base_type(at) < BPF_ARG_TYPE_MAX, "%s arg%d", p->proto,
				      a + 1);
			/* no argument after ARG_DONTCARE */
			if (at == ARG_DONTCARE)
				for (int b = a + 1; b < 5; b++)
					ck_assert_msg(p->arg_type[b] == ARG_DONTCARE, "%s",
						      p->proto);
			if (is_mem(at) && (at & MEM_UNINIT))
				uninit++;
			/* a size argument follows a memory argument (check_arg_pair_ok) */
			if (is_size(at))
				ck_assert_msg(a > 0 && is_mem(p->arg_type[a - 1]) &&
						      !(p->arg_type[a - 1] & MEM_FIXED_SIZE),
					      "%s arg%d", p->proto, a + 1);
			/* a memory argument without a fixed size is followed by a size */
			if (is_mem(at) && !(at & MEM_FIXED_SIZE))
				ck_assert_msg(a < 4 && is_size(p->arg_type[a + 1]), "%s arg%d",
					      p->proto, a + 1);
			if (at & MEM_FIXED_SIZE)
				ck_assert_msg(p->arg_size[a] > 0, "%s arg%d", p->proto, a + 1);
			if (base_type(at) == ARG_PTR_TO_BTF_ID)
				ck_assert_msg(p->arg_btf_type[a] != NULL, "%s arg%d", p->proto,
					      a + 1);
		}
		ck_assert_msg(uninit <= 1, "%s", p->proto);
		if (base_type(p->ret_type) == RET_PTR_TO_BTF_ID)
			ck_assert_msg(p->ret_btf_type != NULL, "%s", p->proto);
		if (!seen[p->func_id])
			ids_seen++;
		seen[p->func_id] = true;
		for (u32 j = i + 1; j < cnt; j++)
			ck_assert_msg(strcmp(p->proto, t[j].proto) != 0, "%s twice", p->proto);
	}
	ck_assert_uint_eq(ids_seen, HELPER_ID_MAX);

	/* every available helper resolves to a prototype of the same id, for every type */
	for (u32 pt = 1; pt < BPF_PROG_TYPE_MAX; pt++) {
		for (u32 id = 1; id <= HELPER_ID_MAX; id++) {
			const struct helper_proto *p = helper_proto_get(id, pt, 0, NULL);

			if (p)
				ck_assert_msg(p->func_id == id, "type %u id %u -> %s", pt, id,
					      p->proto);
		}
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("helpers");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_map_lookup);
	tcase_add_test(tc, test_names_ids);
	tcase_add_test(tc, test_variants);
	tcase_add_test(tc, test_availability);
	tcase_add_test(tc, test_map_compat);
	tcase_add_test(tc, test_facts);
	tcase_add_test(tc, test_consistency);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
