/*
 * secmem.c — wiping allocators for libcurl and jansson, malloc perturbing,
 * no core dumps (see secmem.h for why each is needed).
 */
#include "sys/secmem.h"

#include <curl/curl.h>
#include <jansson.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "core/log.h"

#define MOD "secmem"

/* glibc's malloc fills freed blocks with this byte (and fresh ones with its
 * complement). Any value but 0 works; 0x5a is easy to spot in a dump. */
enum { PERTURB_BYTE = 0x5a };

/* The wrappers allocate with plain malloc and learn a block's size from
 * malloc_usable_size, so a block from them may also be released with plain
 * free() (json_dumps' result is, by its documentation) and nothing breaks. */
static void *wipe_malloc(size_t size)
{
	return malloc(size);
}

static void wipe_free(void *p)
{
	if (!p)
		return;
	explicit_bzero(p, malloc_usable_size(p));
	free(p);
}

static void *wipe_calloc(size_t n, size_t size)
{
	return calloc(n, size);
}

/* A move, never realloc in place: realloc would free the old block unwiped. */
static void *wipe_realloc(void *p, size_t size)
{
	if (!p)
		return malloc(size);
	size_t old = malloc_usable_size(p);
	void *q = malloc(size ? size : 1);
	if (!q)
		return NULL;
	memcpy(q, p, old < size ? old : size);
	wipe_free(p);
	return q;
}

static char *wipe_strdup(const char *s)
{
	return strdup(s);
}

kio_err_t kio_secmem_init(void)
{
	struct rlimit none = {0, 0};
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0 || setrlimit(RLIMIT_CORE, &none) != 0) {
		kio_error(MOD, "cannot turn core dumps off");
		return KIO_ERR_INTERNAL;
	}
	/* Not fatal: a C library without M_PERTURB still has the wrappers below. */
	if (mallopt(M_PERTURB, PERTURB_BYTE) != 1)
		kio_warn(MOD,
		         "malloc perturbing not available: only libcurl and jansson wipe on free");
	json_set_alloc_funcs(wipe_malloc, wipe_free);
	if (curl_global_init_mem(CURL_GLOBAL_DEFAULT, wipe_malloc, wipe_free, wipe_realloc,
	                         wipe_strdup, wipe_calloc) != CURLE_OK) {
		kio_error(MOD, "libcurl refused the wiping allocators");
		return KIO_ERR_INTERNAL;
	}
	/* Read back, not assumed: the line is what tests and technicians see. */
	struct rlimit rl = {1, 1};
	(void)getrlimit(RLIMIT_CORE, &rl);
	kio_info(MOD, "core dumps off: dumpable=%d core limit=%llu, freed memory wiped",
	         prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), (unsigned long long)rl.rlim_cur);
	return KIO_OK;
}

void kio_secmem_fini(void)
{
	curl_global_cleanup();
}

bool kio_secmem_lock(void *p, size_t len)
{
	if (!p || len == 0)
		return true;
	return mlock(p, len) == 0;
}

void kio_secmem_unlock(void *p, size_t len)
{
	if (p && len)
		(void)munlock(p, len);
}
