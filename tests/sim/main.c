/* main.c — adm-central-sim placeholder. */
#include <stdio.h>
int main(void)
{
	fprintf(stderr, "adm-central-sim: not built yet\n");
	return 1;
}
