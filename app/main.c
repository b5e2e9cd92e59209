/* main.c — adm-kiosk placeholder until the kiosk loop lands. */
#include <stdio.h>
int main(void)
{
	fprintf(stderr, "adm-kiosk: not built yet\n");
	return 1;
}
