/* Result bookkeeping: the first verdict set wins, since the kernel stops at the first error. */
#include "result.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void result_init(struct result *r)
{
	memset(r, 0, sizeof(*r));
	r->verdict = VERDICT_ACCEPT;
	r->error_insn = -1;
}

void result_fini(struct result *r)
{
	free(r->message);
	free(r->message_block);
	free(r->detail);
	free(r->log);
	memset(r, 0, sizeof(*r));
}

void result_set(struct result *r, u32 verdict, s32 insn, const char *fmt, ...)
{
	va_list ap;
	char buf[1024];

	if (r->message)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	r->verdict = verdict;
	r->error_insn = insn;
	r->message = strdup(buf);
}

const char *verdict_name(u32 verdict)
{
	switch (verdict) {
	case VERDICT_ACCEPT:
		return "accept";
	case VERDICT_REJECT:
		return "reject";
	default:
		return "error";
	}
}
