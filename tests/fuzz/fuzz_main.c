/*
 * fuzz_main.c — the libFuzzer binary for every target of targets.h. The
 * target is picked from the program's name (build/fuzz/fuzz_<target>), so
 * one source builds them all.
 */
#include "targets.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void (*run)(const uint8_t *d, size_t n);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *name = strrchr((*argv)[0], '/');
	name = name ? name + 1 : (*argv)[0];
	(void)argc;
	for (size_t i = 0; i < sizeof kio_fuzz_targets / sizeof kio_fuzz_targets[0]; i++)
		if (!strcmp(name + strlen("fuzz_"), kio_fuzz_targets[i].name))
			run = kio_fuzz_targets[i].run;
	if (!run) {
		fprintf(stderr, "fuzz: no target for %s\n", name);
		abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	run(data, size);
	return 0;
}
