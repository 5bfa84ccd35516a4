/* BPF exceptions: bpf_throw and the exception callback; see xfer_throw.c. */
#ifndef BPFVET_XFER_THROW_H
#define BPFVET_XFER_THROW_H

#include <stdbool.h>

#include "prog.h"

struct engine;

/* Whether in is a call of the bpf_throw kfunc. */
bool xthrow_is_throw(const struct engine *e, const struct insn *in);
/* Whether the program has an exception callback subprogram. */
bool xthrow_has_cb(const struct engine *e);
/* The effect of bpf_throw once its arguments were checked: PROCESS_EXIT (the path ended), or
 * ERR_REJECT with the kernel's message. */
int xthrow_call(struct engine *e);
/* Before verifying global subprogram sp: when it is the exception callback, its prototype must
 * return a scalar and take one scalar argument. 0 or ERR_REJECT / unsupported. */
int xthrow_cb_entry(struct engine *e, u32 sp);

#endif
