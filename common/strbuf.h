/* Growable NUL-terminated string buffer with printf-style appending. Used by printers and
 * reporters so that no layer below reports/ writes to a FILE directly. */
#ifndef BPFVET_STRBUF_H
#define BPFVET_STRBUF_H

#include "compiler.h"

struct strbuf {
	char *buf; /* always NUL-terminated when len > 0 or after the first append */
	size_t len;
	size_t cap;
};

#define STRBUF_INIT                                                                                \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/* Append formatted text; on allocation failure the buffer is left as it was. */
void strbuf_printf(struct strbuf *sb, const char *fmt, ...) PRINTF_LIKE(2, 3);
void strbuf_puts(struct strbuf *sb, const char *s);
void strbuf_putc(struct strbuf *sb, char c);
/* Forget the contents but keep the allocation. */
void strbuf_reset(struct strbuf *sb);
/* The text, never NULL ("" when empty). */
const char *strbuf_str(const struct strbuf *sb);
/* Take ownership of the text (malloc'd, never NULL unless out of memory); sb becomes empty. */
char *strbuf_detach(struct strbuf *sb);
void strbuf_free(struct strbuf *sb);

#endif
