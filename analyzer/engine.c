/* The abstract interpreter's driver (the kernel's do_check / do_check_common / bpf_check from
 * the point where the structural checks are done): sets up the entry state, walks every path
 * depth-first with a stack of pending branches, consults the pruning table at prune points,
 * enforces the complexity limits, verifies global subprograms on their own, checks the combined
 * stack depth, and turns the outcome into a struct result. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "disasm.h"
#include "btf_int.h"
#include "engine_int.h"
#include "struct_ops.h"
#include "xfer_throw.h"
#include "progtype.h"

int check_reg_read(struct engine *e, u32 regno)
{
	if (regno >= MAX_BPF_REG) {
		verr(e, "R%u is invalid", regno);
		return ERR_REJECT;
	}
	mark_reg_scratched(e, regno);
	if (cur_regs(e)[regno].type == NOT_INIT) {
		verr(e, "R%u !read_ok", regno);
		return ERR_REJECT;
	}
	return 0;
}

int check_reg_write(struct engine *e, u32 regno)
{
	if (regno >= MAX_BPF_REG) {
		verr(e, "R%u is invalid", regno);
		return ERR_REJECT;
	}
	mark_reg_scratched(e, regno);
	if (regno == BPF_REG_FP) {
		verr(e, "frame pointer is read only");
		return ERR_REJECT;
	}
	return 0;
}

struct frame *reg_frame(struct engine *e, const struct reg *r)
{
	return e->cur->frame[r->frameno];
}

const struct map_def *reg_map(struct engine *e, const struct reg *r)
{
	if (r->map < 0 || (u32)r->map >= e->obj->map_cnt)
		return NULL;
	return &e->obj->maps[r->map];
}

bool is_pointer_value(struct engine *e, const struct reg *r)
{
	if (e->allow_ptr_leaks)
		return false;
	return r->type != SCALAR_VALUE && r->type != NOT_INIT;
}

/* assign_scalar_id_before_mov(): give a scalar an id so that copies stay linked */
void assign_scalar_id_before_mov(struct engine *e, struct reg *src)
{
	if (src->type != SCALAR_VALUE)
		return;
	if (src->id & ID_ADD_CONST) {
		src->id = 0;
		src->off = 0;
	}
	if (!src->id && !tnum_is_const(src->s.var_off))
		src->id = ++e->id_gen;
}

void update_stack_depth(struct engine *e, struct frame *f, s32 off)
{
	u32 need = (u32)(-off);
	struct subprog_info *sp = &e->subprogs[f->subprog];

	if (off < 0 && need > sp->stack_depth)
		sp->stack_depth = need;
}

int push_branch(struct engine *e, u32 insn, s32 prev, struct vstate **out)
{
	struct vstate *st;

	if (e->nstack >= e->capstack) {
		u32 cap = e->capstack ? e->capstack * 2 : 64;
		struct branch *n = realloc(e->stack, cap * sizeof(*n));

		if (!n)
			return ERR_NOMEM;
		e->stack = n;
		e->capstack = cap;
	}
	st = vstate_copy(e->cur);
	if (!st)
		return ERR_NOMEM;
	st->insn_idx = insn;
	st->prev_insn_idx = prev;
	if (st->parent)
		st->parent->branches++;
	e->stack[e->nstack].st = st;
	e->stack[e->nstack].insn = insn;
	e->stack[e->nstack].prev = prev;
	e->stack[e->nstack].log_pos = e->log.len;
	e->nstack++;
	if (e->nstack > BPF_COMPLEXITY_LIMIT_JMP_SEQ) {
		verr(e, "The sequence of %u jumps is too complex.", e->nstack);
		return ERR_REJECT;
	}
	if (out)
		*out = st;
	return 0;
}

static bool pop_branch(struct engine *e, u32 *insn, s32 *prev)
{
	struct branch *b;

	if (!e->nstack)
		return false;
	b = &e->stack[--e->nstack];
	vstate_free(e->cur);
	e->cur = b->st;
	*insn = b->insn;
	*prev = b->prev;
	if (e->log_level == 1 && b->log_pos <= e->log.len) {
		e->log.len = b->log_pos;
		if (e->log.buf)
			e->log.buf[e->log.len] = 0;
	}
	return true;
}

/* The state at a program's (or global subprogram's) entry (init_func_state + ctx in R1). */
static int init_entry_state(struct engine *e, u32 subprog)
{
	struct vstate *st = vstate_new();
	struct frame *f;

	if (!st)
		return ERR_NOMEM;
	f = frame_new(0, -1, subprog);
	if (!f) {
		free(st);
		return ERR_NOMEM;
	}
	st->frame[0] = f;
	st->refcnt = 1;
	reg_mark_ptr(&f->regs[BPF_REG_FP], PTR_TO_STACK);
	f->regs[BPF_REG_FP].frameno = 0;
	if (subprog == 0) {
		reg_mark_ptr(&f->regs[1], PTR_TO_CTX);
	} else {
		/* global subprogram: arguments from its BTF prototype (btf_prepare_func_args) */
		const struct func_info *fi = NULL;

		for (u32 i = 0; i < e->prog->func_cnt; i++)
			if (e->prog->funcs[i].insn_off == e->subprogs[subprog].start)
				fi = &e->prog->funcs[i];
		if (!fi) {
			vstate_free(st);
			return unsupported(e, "global function without BTF prototype");
		}
		for (u32 a = 0; a < fi->arg_cnt && a < 5; a++) {
			struct reg *r = &f->regs[a + 1];

			switch (fi->args[a].kind) {
			case FUNC_ARG_SCALAR:
				reg_mark_unknown(r);
				break;
			case FUNC_ARG_PTR_TO_CTX:
				reg_mark_ptr(r, PTR_TO_CTX);
				break;
			case FUNC_ARG_PTR_TO_MEM:
				reg_mark_ptr(r, PTR_TO_MEM |
							(fi->args[a].nonnull ? 0 : PTR_MAYBE_NULL));
				r->mem_size = fi->args[a].mem_size;
				if (!fi->args[a].nonnull)
					r->id = ++e->id_gen;
				break;
			case FUNC_ARG_PTR_TO_DYNPTR:
				/* an unspecial local dynptr (do_check_common()) */
				reg_mark_ptr(r, CONST_PTR_TO_DYNPTR);
				r->id = ++e->id_gen;
				break;
			case FUNC_ARG_PTR_TO_BTF_ID: {
				int berr = xbtf_global_arg_entry(e, r, &fi->args[a]);

				if (berr) {
					vstate_free(st);
					return berr;
				}
				break;
			}
			default:
				vstate_free(st);
				return unsupported(e, "global function argument kind %u",
						   fi->args[a].kind);
			}
		}
	}
	e->cur = st;
	return 0;
}

/* One instruction (do_check_insn). *next is the next insn index on success; returns
 * PROCESS_EXIT when the path ends. */
static int do_insn(struct engine *e, u32 idx, u32 *next)
{
	const struct insn *in = &e->insns[idx];
	u8 cls = BPF_CLASS(in->code);
	int err;

	*next = idx + 1;
	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		return xfer_alu(e, in);
	case BPF_LDX:
		return xfer_ldx(e, in);
	case BPF_STX:
		if (BPF_MODE(in->code) == BPF_ATOMIC)
			return xfer_atomic(e, in);
		if (BPF_MODE(in->code) != BPF_MEM || in->imm != 0) {
			verr(e, "BPF_STX uses reserved fields");
			return ERR_REJECT;
		}
		return xfer_stx(e, in);
	case BPF_ST:
		if (BPF_MODE(in->code) != BPF_MEM || in->src != 0) {
			verr(e, "BPF_ST uses reserved fields");
			return ERR_REJECT;
		}
		return xfer_st(e, in);
	case BPF_JMP:
	case BPF_JMP32: {
		u8 op = BPF_OP(in->code);

		e->jmps_processed++;
		if (op == BPF_CALL)
			return xfer_call(e, in, next);
		if (op == BPF_JA) {
			if (BPF_SRC(in->code) != BPF_K || in->src != 0 || in->dst != 0 ||
			    (cls == BPF_JMP && in->imm != 0) ||
			    (cls == BPF_JMP32 && in->off != 0)) {
				verr(e, "BPF_JA uses reserved fields");
				return ERR_REJECT;
			}
			*next = idx + 1 + (cls == BPF_JMP ? in->off : in->imm);
			return 0;
		}
		if (op == BPF_EXIT) {
			if (BPF_SRC(in->code) != BPF_K || in->imm != 0 || in->src != 0 ||
			    in->dst != 0 || cls == BPF_JMP32) {
				verr(e, "BPF_EXIT uses reserved fields");
				return ERR_REJECT;
			}
			return xfer_exit(e, next);
		}
		return xfer_cond_jmp(e, in, next);
	}
	case BPF_LD: {
		u8 mode = BPF_MODE(in->code);

		if (mode == BPF_ABS || mode == BPF_IND)
			return xfer_ld_abs(e, in, next);
		if (mode == BPF_IMM) {
			err = xfer_ldimm64(e, idx);
			*next = idx + 2;
			return err;
		}
		verr(e, "invalid BPF_LD mode");
		return ERR_REJECT;
	}
	default:
		verr(e, "unknown insn class %d", cls);
		return ERR_REJECT;
	}
}

/* do_check(): explore from the current state until every path ended. */
static int do_check(struct engine *e)
{
	u32 idx = e->cur->insn_idx;
	s32 prev = -1;
	int err;

	e->do_print_state = false;
	mark_all_scratched(e);
	for (;;) {
		u32 next;
		bool pruned = false;

		if (idx >= e->insn_cnt) {
			verr(e, "invalid insn idx %u insn_cnt %u", idx, e->insn_cnt);
			return ERR_REJECT;
		}
		strbuf_reset(&e->err);
		e->err_insn = idx;
		if (++e->insn_processed > e->insn_limit) {
			verr(e, "BPF program is too large. Processed %llu insn",
			     (unsigned long long)e->insn_processed);
			return ERR_REJECT;
		}
		e->cur->insn_idx = idx;
		e->cur->prev_insn_idx = prev;
		if (e->cfg.insn_flags && (e->cfg.insn_flags[idx] & INSN_PRUNE_POINT)) {
			err = is_state_visited(e, idx, &pruned);
			if (err < 0)
				return err;
			if (pruned) {
				if (e->log_level) {
					if (e->do_print_state)
						vlog(e, "\nfrom %d to %u: safe\n", prev, idx);
					else
						vlog(e, "%u: safe\n", idx);
				}
				goto path_done;
			}
		}
		if (e->log_level >= 2 && e->do_print_state) {
			vlog(e, "\nfrom %d to %u:", prev, idx);
			vlog_state(e, e->cur, e->cur->curframe, true);
			e->do_print_state = false;
		}
		vlog_insn(e, idx);
		e->aux[idx].seen = true;
		if ((err = prec_push(e, idx)))
			return err;
		err = do_insn(e, idx, &next);
		if (err < 0)
			return err;
		if (err == PROCESS_EXIT)
			goto path_done;
		prev = idx;
		idx = next;
		continue;
	path_done:
		mark_all_scratched(e);
		update_branch_counts(e, e->cur);
		if (!pop_branch(e, &idx, &prev))
			return 0;
		e->do_print_state = true;
	}
}

static void free_all(struct engine *e)
{
	vstate_free(e->cur);
	e->cur = NULL;
	for (u32 i = 0; i < e->nstack; i++)
		vstate_free(e->stack[i].st);
	e->nstack = 0;
	for (u32 i = 0; i < e->nall; i++)
		vstate_free(e->all_states[i]);
	e->nall = 0;
	if (e->explored)
		memset(e->explored, 0, e->insn_cnt * sizeof(*e->explored));
}

/* check_max_stack_depth() / check_max_stack_depth_subprog(): every chain of calls from the main
 * program (static and global subprograms, and subprograms referenced as callbacks) must fit the
 * 512-byte stack and 8 frames; programs of types with private stacks keep subprograms of 64+
 * bytes off the shared stack (6.12+). */
enum { PRIV_UNKNOWN, PRIV_ADAPTIVE, PRIV_NONE };

struct stack_walk {
	u8 *mode;
	bool priv;
	bool async; /* walking an async callback's tree: normal kernel stack */
	u64 budget;
};

static int stack_walk(struct engine *e, struct stack_walk *w, u32 idx, u32 depth, u32 frame,
		      bool in_cb)
{
	struct subprog_info *s = &e->subprogs[idx];
	u32 d = (s->stack_depth + 15) / 16 * 16;

	if (!w->budget--)
		return unsupported(e, "call graph too large for the stack depth check");
	if (idx && s->has_tail_call && depth >= 256) {
		verr(e,
		     "tail_calls are not allowed when call stack of previous frames is %u bytes. "
		     "Too large",
		     depth);
		return ERR_REJECT;
	}
	if (w->async)
		w->mode[idx] = PRIV_NONE;
	if (w->priv && w->mode[idx] == PRIV_UNKNOWN && d >= 64)
		w->mode[idx] = PRIV_ADAPTIVE;
	if (w->mode[idx] == PRIV_ADAPTIVE) {
		if (d > MAX_BPF_STACK) {
			verr(e, "stack size of subprog %u is %u. Too large", idx, d);
			return ERR_REJECT;
		}
	} else {
		depth += d;
		if (depth > MAX_BPF_STACK) {
			verr(e, "combined stack size of %u calls is %u. Too large", frame + 1,
			     depth);
			return ERR_REJECT;
		}
	}
	in_cb = in_cb || e->cfg.subprogs[idx].is_callback || e->cfg.subprogs[idx].is_exception_cb;
	for (u32 i = s->start; i < s->end; i++) {
		const struct insn *in = &e->insns[i];
		u32 callee;
		s64 t;
		int err;

		if (in_cb && xthrow_is_throw(e, in)) {
			verr(e,
			     "bpf_throw kfunc (insn %u) cannot be called from callback subprog %u",
			     i, idx);
			return ERR_REJECT;
		}
		if (!(in->code == (BPF_JMP | BPF_CALL) && in->src == BPF_PSEUDO_CALL) &&
		    !(in->code == (BPF_LD | BPF_IMM | BPF_DW) && in->src == BPF_PSEUDO_FUNC))
			continue;
		t = (s64)i + in->imm + 1;
		if (t < 0 || t >= e->insn_cnt)
			continue;
		if (frame + 1 >= MAX_CALL_FRAMES) {
			verr(e, "the call stack of %u frames is too deep !", frame + 1);
			return ERR_REJECT;
		}
		callee = cfg_subprog_of(&e->cfg, (u32)t);
		if (e->subprogs[callee].is_async_cb && in->src != BPF_PSEUDO_CALL)
			continue; /* an async callback: a root of its own */
		if (e->cfg.subprogs[callee].is_exception_cb) {
			/* an async callback: walked on its own, never called */
			if (in->src != BPF_PSEUDO_CALL)
				continue;
			verr(e, "insn %u cannot call exception cb directly", i);
			return ERR_REJECT;
		}
		err = stack_walk(e, w, callee, depth, frame + 1, in_cb);
		if (err)
			return err;
	}
	return 0;
}

static int check_max_stack_depth(struct engine *e)
{
	struct stack_walk w = {.budget = 1000000};
	int err;

	w.mode = calloc(e->subprog_cnt ? e->subprog_cnt : 1, 1);
	if (!w.mode)
		return ERR_NOMEM;
	w.priv = e->prog_type == BPF_PROG_TYPE_KPROBE || e->prog_type == BPF_PROG_TYPE_TRACEPOINT ||
		 e->prog_type == BPF_PROG_TYPE_PERF_EVENT ||
		 e->prog_type == BPF_PROG_TYPE_RAW_TRACEPOINT;
	for (u32 i = 0; i < e->subprog_cnt; i++)
		if (e->subprogs[i].has_tail_call)
			w.priv = false;
	if (!w.priv)
		w.mode[0] = PRIV_NONE;
	/* async callbacks are roots of their own, walked first and in reverse order
	 * (check_max_stack_depth(), 6.12+) */
	err = 0;
	for (u32 i = e->subprog_cnt; !err && i-- > 1;)
		if (e->subprogs[i].is_async_cb && !e->cfg.subprogs[i].is_exception_cb) {
			bool priv = w.priv;

			w.priv = false;
			w.async = true;
			err = stack_walk(e, &w, i, 0, 0, false);
			w.priv = priv;
			w.async = false;
		}
	if (!err)
		err = stack_walk(e, &w, 0, 0, 0, false);
	/* the exception callback is a root of its own (check_max_stack_depth) */
	for (u32 i = 1; !err && i < e->subprog_cnt; i++)
		if (e->cfg.subprogs[i].is_exception_cb)
			err = stack_walk(e, &w, i, 0, 0, false);
	free(w.mode);
	return err;
}

/* can_be_sleepable() */
static bool can_be_sleepable(const struct program *p)
{
	if (p->prog_type == BPF_PROG_TYPE_TRACING) {
		switch (p->expected_attach_type) {
		case BPF_TRACE_FENTRY:
		case BPF_TRACE_FEXIT:
		case BPF_MODIFY_RETURN:
		case BPF_TRACE_ITER:
			return true;
		default:
			return false;
		}
	}
	return p->prog_type == BPF_PROG_TYPE_LSM || p->prog_type == BPF_PROG_TYPE_KPROBE ||
	       p->prog_type == BPF_PROG_TYPE_STRUCT_OPS || p->prog_type == BPF_PROG_TYPE_SYSCALL;
}

static int engine_setup(struct engine *e)
{
	const struct program *p = e->prog;
	u32 flags = p->prog_flags | e->opts->extra_prog_flags;

	e->insns = p->insns;
	e->insn_cnt = p->insn_cnt;
	e->prog_type = p->prog_type;
	e->prog_flags = flags;
	e->priv = !e->opts->unpriv;
	e->allow_ptr_leaks = e->priv;
	e->allow_uninit_stack = e->priv;
	e->strict_alignment = (flags & BPF_F_STRICT_ALIGNMENT) && !(flags & BPF_F_ANY_ALIGNMENT);
	e->log_level = e->opts->log_level;
	e->insn_limit = e->opts->insn_limit ? e->opts->insn_limit : BPF_COMPLEXITY_LIMIT_INSNS;
	e->aux = calloc(e->insn_cnt ? e->insn_cnt : 1, sizeof(*e->aux));
	e->explored = calloc(e->insn_cnt ? e->insn_cnt : 1, sizeof(*e->explored));
	e->subprog_cnt = e->cfg.subprog_cnt;
	e->subprogs = calloc(e->subprog_cnt ? e->subprog_cnt : 1, sizeof(*e->subprogs));
	if (!e->aux || !e->explored || !e->subprogs)
		return ERR_NOMEM;
	for (u32 i = 0; i < e->subprog_cnt; i++) {
		e->subprogs[i].start = e->cfg.subprogs[i].start;
		e->subprogs[i].end = e->cfg.subprogs[i].end;
		e->subprogs[i].is_global = e->cfg.subprogs[i].is_global;
		e->subprogs[i].has_tail_call = e->cfg.subprogs[i].has_tail_call;
		/* the exception callback is presumed called (do_check_subprogs) */
		if (e->cfg.subprogs[i].is_exception_cb) {
			if (!e->subprogs[i].is_global)
				return unsupported(e, "exception callback without global linkage");
			e->subprogs[i].seen_call = true;
		}
	}
	compute_liveness(e);
	prec_init(e);
	compute_stack_liveness(e);
	return 0;
}

static void fill_result(struct engine *e, int err)
{
	struct result *r = e->res;
	const char *msg = strbuf_str(&e->err);
	const char *last;

	r->stats.processed_insns = e->insn_processed;
	r->stats.total_states = e->total_states;
	r->stats.peak_states = e->peak_states;
	r->stats.max_states_per_insn = e->max_states_per_insn;
	r->stats.stack_depth_cnt = e->subprog_cnt < 8 ? e->subprog_cnt : 8;
	for (u32 i = 0; i < r->stats.stack_depth_cnt; i++)
		r->stats.stack_depth[i] = e->subprogs[i].stack_depth;
	if (err == ERR_NOMEM) {
		result_set(r, VERDICT_ERROR, e->err_insn, "internal error: out of memory");
	} else if (err == ERR_UNSUPPORTED || e->err_unsupported) {
		result_set(r, VERDICT_ERROR, e->err_insn, "%s", msg);
	} else if (err < 0) {
		last = strrchr(msg, '\n');
		last = last ? last + 1 : msg;
		result_set(r, VERDICT_REJECT, e->err_insn, "%s", *last ? last : "rejected");
		if (!r->message_block)
			r->message_block = strdup(msg);
	}
	if (e->log_level) {
		strbuf_printf(&e->log,
			      "processed %llu insns (limit 1000000) max_states_per_insn %u "
			      "total_states %u peak_states %u mark_read 0\n",
			      (unsigned long long)e->insn_processed, e->max_states_per_insn,
			      e->total_states, e->peak_states);
		free(r->log);
		r->log = strbuf_detach(&e->log);
	}
}

int analyze_program(const struct program *prog, const struct analyze_opts *opts, struct result *r)
{
	struct engine *e = calloc(1, sizeof(*e));
	int err;

	if (!e) {
		result_set(r, VERDICT_ERROR, -1, "internal error: out of memory");
		return -ENOMEM;
	}
	e->prog = prog;
	e->obj = prog->obj;
	e->opts = opts;
	e->res = r;
	e->err_insn = -1;
	e->prev_linfo = -1;
	err = cfg_build(prog, opts->unpriv, &e->cfg, r);
	if (err) {
		int ret = err == -ENOMEM ? -ENOMEM : 0;

		if (!r->message)
			result_set(r, err == -ENOMEM ? VERDICT_ERROR : VERDICT_REJECT, -1,
				   err == -ENOMEM ? "internal error: out of memory" : "rejected");
		if (opts->log_level && !r->log) {
			/* the kernel's log of a structural rejection: the report and the stats */
			struct strbuf lb = STRBUF_INIT;

			strbuf_printf(&lb,
				      "%s\nprocessed 0 insns (limit 1000000) max_states_per_insn 0 "
				      "total_states 0 peak_states 0 mark_read 0\n",
				      r->message_block ? r->message_block : r->message);
			r->log = strbuf_detach(&lb);
		}
		cfg_fini(&e->cfg);
		free(e);
		return ret;
	}
	err = engine_setup(e);
	if (!err && (prog->sleepable || (e->prog_flags & BPF_F_SLEEPABLE)) &&
	    !can_be_sleepable(prog)) {
		verr(e, "Only fentry/fexit/fmod_ret, lsm, iter, uprobe, and struct_ops programs "
			"can be "
			"sleepable");
		err = ERR_REJECT;
	}
	if (!err)
		err = stops_check_member(e); /* check_struct_ops_btf_id() */
	if (!err && e->log_level && prog->func_cnt && prog->funcs[0].insn_off == 0 &&
	    prog->funcs[0].returns_void && prog->funcs[0].name)
		/* btf_prepare_func_args() on the main program's prototype (ignored, but logged) */
		vlog(e, "Global function %s() doesn't return scalar. Only those are supported.\n",
		     prog->funcs[0].name);
	if (!err)
		err = init_entry_state(e, 0);
	if (!err)
		err = do_check(e);
	/* level 1 keeps only the failing path: a successful walk leaves nothing */
	if (!err && e->log_level == 1)
		strbuf_reset(&e->log);
	/* global subprograms called from verified code are checked on their own, lazily and
	 * repeatedly until no newly called one is left (do_check_subprogs, 6.8+) */
	for (bool again = true; !err && again;) {
		again = false;
		for (u32 sp = 1; !err && sp < e->subprog_cnt; sp++) {
			const char *name = "";

			if (!e->subprogs[sp].is_global || !e->subprogs[sp].seen_call ||
			    e->subprogs[sp].verified)
				continue;
			for (u32 i = 0; i < prog->func_cnt; i++)
				if (prog->funcs[i].insn_off == e->subprogs[sp].start &&
				    prog->funcs[i].name)
					name = prog->funcs[i].name;
			free_all(e);
			vlog(e, "Validating %s() func#%u...\n", name, sp);
			e->verifying_subprog = sp;
			err = xthrow_cb_entry(e, sp);
			if (!err)
				err = init_entry_state(e, sp);
			if (!err) {
				e->cur->insn_idx = e->subprogs[sp].start;
				e->cur->frame[0]->subprog = sp;
				err = do_check(e);
			}
			if (!err) {
				if (e->log_level == 1)
					strbuf_reset(&e->log);
				vlog(e,
				     "Func#%u ('%s') is safe for any args that match its "
				     "prototype\n",
				     sp, name);
			}
			e->subprogs[sp].verified = true;
			again = true;
		}
	}
	if (!err) {
		strbuf_reset(&e->err);
		e->err_insn = -1;
		err = check_max_stack_depth(e);
	}
	if (!err && e->kfunc_zero_seen) {
		/* fixup_kfunc_call(): a kfunc call with imm 0 survived dead code elimination */
		verr(e, "invalid kernel function call not eliminated in verifier pass");
		err = ERR_REJECT;
	}
	fill_result(e, err);
	free_all(e);
	free(e->stack);
	free(e->explored);
	free(e->all_states);
	free(e->aux);
	free(e->hist);
	free(e->subprogs);
	strbuf_free(&e->log);
	strbuf_free(&e->err);
	cfg_fini(&e->cfg);
	free(e);
	return err == ERR_NOMEM ? -ENOMEM : 0;
}
