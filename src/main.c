/* bpfvet command line (being written). */
#include <stdio.h>

int main(void)
{
	fputs("bpfvet: command line not written yet\n", stderr);
	return 2;
}
