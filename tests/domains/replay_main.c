/* domain-replay: read a program as hex (16 hex digits per instruction, any whitespace between)
 * on stdin and print replay_trace()'s output; the local half of tools/kernel_diff.py. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

#include "replay.h"

int main(void)
{
	struct strbuf hex = STRBUF_INIT, out = STRBUF_INIT;
	int c, rc;

	while ((c = getchar()) != EOF)
		if (isxdigit(c))
			strbuf_putc(&hex, (char)tolower(c));
	rc = replay_trace(strbuf_str(&hex), &out);
	fputs(strbuf_str(&out), stdout);
	strbuf_free(&hex);
	strbuf_free(&out);
	return rc ? 1 : 0;
}
