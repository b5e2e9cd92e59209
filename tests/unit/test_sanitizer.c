/*
 * test_sanitizer.c — proves the sanitizers named in SANITIZE are compiled in.
 *
 * `make SANITIZE=address,undefined test` passes KIO_SANITIZE to the tests.
 * For each named sanitizer a child process commits the matching bug and the
 * test asserts that the sanitizer caught it; without SANITIZE it asserts the
 * build is plain. A silently dropped -fsanitize flag therefore fails here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

typedef void (*bug_fn)(void);

static volatile int sink;

static void heap_overflow(void)
{
	char *volatile p = malloc(8);
	p[8] = 1; /* one past the end */
	sink = p[0];
	free(p);
}

static void signed_overflow(void)
{
	volatile int x = INT_MAX;
	sink = x + 1;
}

/* Runs BUG in a child; returns what the child wrote on stderr. */
static char *run_bug(bug_fn bug, int *status)
{
	static char out[8192];
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fds[1], 2);
		close(fds[0]);
		bug();
		_exit(0);
	}
	close(fds[1]);
	size_t n = 0;
	ssize_t r;
	while (n < sizeof out - 1 && (r = read(fds[0], out + n, sizeof out - 1 - n)) > 0)
		n += (size_t)r;
	out[n] = 0;
	close(fds[0]);
	waitpid(pid, status, 0);
	return out;
}

static int wanted(const char *name)
{
	const char *s = getenv("KIO_SANITIZE");
	return s && strstr(s, name) != NULL;
}

static void test_address(void **state)
{
	(void)state;
	int status;
	char *err = run_bug(heap_overflow, &status);
	if (wanted("address")) {
		assert_non_null(strstr(err, "AddressSanitizer"));
		assert_false(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	} else {
		assert_null(strstr(err, "AddressSanitizer"));
	}
}

static void test_undefined(void **state)
{
	(void)state;
	int status;
	char *err = run_bug(signed_overflow, &status);
	if (wanted("undefined")) {
		assert_non_null(strstr(err, "runtime error"));
		assert_false(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	} else {
		assert_null(strstr(err, "runtime error"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_address),
	    cmocka_unit_test(test_undefined),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
