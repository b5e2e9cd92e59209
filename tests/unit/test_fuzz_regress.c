/*
 * test_fuzz_regress.c — replays every seed and every saved crash input
 * (tests/fuzz/<target>/, tests/fuzz/regress/<target>/) through the same
 * parser entry points the fuzzers use, with their property checks, in the
 * normal suite. A crash the fuzzer once found stays fixed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <dirent.h>

#include "../fuzz/targets.h"

static int replay_dir(const char *dir, void (*run)(const uint8_t *, size_t))
{
	DIR *d = opendir(dir);
	int n = 0;
	if (!d)
		return 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char path[1024];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		FILE *f = fopen(path, "rb");
		if (!f)
			continue;
		static uint8_t buf[1 << 20];
		size_t len = fread(buf, 1, sizeof buf, f);
		fclose(f);
		run(buf, len);
		n++;
	}
	closedir(d);
	return n;
}

static void test_replay_all(void **state)
{
	(void)state;
	const char *root = getenv("KIO_ROOT");
	int total = 0;
	for (size_t i = 0; i < sizeof kio_fuzz_targets / sizeof kio_fuzz_targets[0]; i++) {
		char dir[512];
		snprintf(dir, sizeof dir, "%s/tests/fuzz/%s", root ? root : ".",
		         kio_fuzz_targets[i].name);
		int seeds = replay_dir(dir, kio_fuzz_targets[i].run);
		snprintf(dir, sizeof dir, "%s/tests/fuzz/regress/%s", root ? root : ".",
		         kio_fuzz_targets[i].name);
		int regress = replay_dir(dir, kio_fuzz_targets[i].run);
		printf("%-12s %3d seeds, %3d regression inputs\n", kio_fuzz_targets[i].name, seeds,
		       regress);
		assert_true(seeds > 0); /* every target keeps a seed corpus */
		total += seeds + regress;
	}
	assert_true(total > 20);
}

static void test_hostile_inputs(void **state)
{
	(void)state;
	/* Cases worth keeping regardless of the corpora. */
	static const char *inputs[] = {
	    "",
	    "{",
	    "[]",
	    "null",
	    "{\"token\":\"\"}",
	    "{\"applications\":[{}]}",
	    "{\"applications\":[],\"next_page\":-1}",
	    "\xff\xfe\x00",
	    "tap\nwait\n",
	    "[server]\nurl = https://x\n[kiosk]\nid = A\ninactivity_s = 99999999999999999999\n",
	};
	for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++)
		for (size_t t = 0; t < sizeof kio_fuzz_targets / sizeof kio_fuzz_targets[0]; t++)
			kio_fuzz_targets[t].run((const uint8_t *)inputs[i], strlen(inputs[i]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_replay_all),
	    cmocka_unit_test(test_hostile_inputs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
