/* main.c — adm-kioskctl: dispatch to one subcommand (see ctl.h). */
#include <stdio.h>
#include <string.h>

#include "ctl/ctl.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;
} commands[] = {
    {"nik", ctl_nik_main, "nik check NIK"},
    {"config", ctl_config_main, "config check FILE | set FILE SECTION.KEY VALUE..."},
    {"set-pin", ctl_pin_main, "set-pin [--officer] --config FILE  (PIN read from stdin)"},
    {"printer", ctl_printer_main,
     "printer list|status [Q]|setup Q URI|reset [Q]|test-page [--out F] [Q]"},
    {"log", ctl_log_main, "log show|export|verify|stats [--db FILE] ..."},
    {"server", ctl_server_main, "server check --config FILE"},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: adm-kioskctl COMMAND ...\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %s\n", commands[i].usage);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(stdout);
		return 0;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "adm-kioskctl: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
