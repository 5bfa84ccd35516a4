/* BPF exceptions: the bpf_throw kfunc and the exception callback (6.18 rules).
 * bpf_throw ends the path like an exit of the whole program: without an exception callback its
 * cookie (R1) becomes the program's return value and is checked as such (check_return_code on
 * R1); every reference still held in any frame is a leak, and locks, RCU and preemption regions
 * must be closed (check_resource_leak with exception_exit). The exception callback (named by the
 * main function's "exception_callback:" BTF decl tag) is verified like a global function that is
 * always called, with one scalar argument, and its return value is checked as the program's.
 * The call-graph rules (no direct call of the callback, no bpf_throw from callbacks) live in the
 * stack depth walk (engine.c). */
#include <string.h>

#include "engine_int.h"
#include "xfer_throw.h"

bool xthrow_is_throw(const struct engine *e, const struct insn *in)
{
	return in->code == (BPF_JMP | BPF_CALL) && in->src == BPF_PSEUDO_KFUNC_CALL && !in->off &&
	       in->imm >= 0 && (u32)in->imm < e->prog->extern_cnt &&
	       !strcmp(e->prog->externs[in->imm].name, "bpf_throw");
}

bool xthrow_has_cb(const struct engine *e)
{
	for (u32 i = 1; i < e->cfg.subprog_cnt; i++)
		if (e->cfg.subprogs[i].is_exception_cb)
			return true;
	return false;
}

int xthrow_call(struct engine *e)
{
	int err;

	/* the default callback returns the cookie as the program's return value */
	if (!xthrow_has_cb(e) && (err = check_return_code_reg(e, 1)))
		return err;
	err = check_resource_leak_ex(e, "bpf_throw", true, true);
	return err ? err : PROCESS_EXIT;
}

int xthrow_cb_entry(struct engine *e, u32 sp)
{
	const struct func_info *fi = NULL;

	if (!e->cfg.subprogs[sp].is_exception_cb)
		return 0;
	for (u32 i = 0; i < e->prog->func_cnt; i++)
		if (e->prog->funcs[i].insn_off == e->cfg.subprogs[sp].start)
			fi = &e->prog->funcs[i];
	if (!fi)
		return unsupported(e, "exception callback without BTF prototype");
	/* btf_prepare_func_args(), then do_check_common()'s exception callback rule */
	if (!fi->returns_scalar) {
		verr(e, "Global function %s() doesn't return scalar. Only those are supported.",
		     fi->name ? fi->name : "");
		return ERR_REJECT;
	}
	if (fi->arg_cnt != 1 || fi->args[0].kind != FUNC_ARG_SCALAR) {
		verr(e, "exception cb only supports single integer argument");
		return ERR_REJECT;
	}
	return 0;
}
