/* log.c — placeholder until the subcommand is implemented. */
#include <stdio.h>

#include "ctl/ctl.h"

int ctl_log_main(int argc, char **argv)
{
	(void)argc;
	fprintf(stderr, "adm-kioskctl %s: not implemented yet\n", argv[0]);
	return 2;
}
