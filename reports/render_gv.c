/* Optional in-process rendering of DOT text through libgvc (graphviz); without graphviz at build
 * time, rendering is reported as unsupported and the user can pipe DOT into `dot` instead. */
#include "report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

#if HAVE_GVC
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

int rp_render(const char *dot, const char *format, u8 **data, size_t *len)
{
	GVC_t *gvc = gvContext();
	Agraph_t *g;
	char *buf = NULL;
	unsigned int n = 0;
	int err = 0;

	if (!gvc)
		return -ENOMEM;
	g = agmemread(dot);
	if (!g) {
		gvFreeContext(gvc);
		return -EINVAL;
	}
	if (gvLayout(gvc, g, "dot") != 0) {
		err = -EINVAL;
		goto out;
	}
	if (gvRenderData(gvc, g, format, &buf, &n) != 0) {
		err = -ENOTSUP;
		gvFreeLayout(gvc, g);
		goto out;
	}
	*data = malloc(n ? n : 1);
	if (!*data) {
		err = -ENOMEM;
	} else {
		memcpy(*data, buf, n);
		*len = n;
	}
	gvFreeRenderData(buf);
	gvFreeLayout(gvc, g);
out:
	agclose(g);
	gvFreeContext(gvc);
	return err;
}
#else
int rp_render(const char *dot, const char *format, u8 **data, size_t *len)
{
	(void)dot;
	(void)format;
	(void)data;
	(void)len;
	return -ENOTSUP;
}
#endif
