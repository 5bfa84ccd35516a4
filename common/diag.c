/* First-error-wins diagnostic recording: the first problem found is usually the cause. */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>

int diag_error(struct diag *d, int err, const char *fmt, ...)
{
	va_list ap;

	if (!d || d->err)
		return err;
	d->err = err;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
	return err;
}

void diag_clear(struct diag *d)
{
	d->err = 0;
	d->msg[0] = '\0';
}
