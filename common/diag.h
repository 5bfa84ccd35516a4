/* Diagnostics for input problems (malformed files, bad options): one message with the place it
 * refers to. Functions that fail on input fill a struct diag and return a negative errno; only
 * src/ and reports/ decide how a diagnostic is shown. */
#ifndef BPFVET_DIAG_H
#define BPFVET_DIAG_H

#include "compiler.h"

struct diag {
	int err;       /* negative errno of the first error, 0 if none */
	char msg[512]; /* "section '.text': relocation 3 at offset 0x40: ..." */
};

/* Record the first error (later ones are ignored so the root cause is kept); returns err. */
int diag_error(struct diag *d, int err, const char *fmt, ...) PRINTF_LIKE(3, 4);
void diag_clear(struct diag *d);

#endif
