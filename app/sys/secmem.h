/*
 * secmem.h — keeping a citizen's secrets out of freed memory and off disk.
 *
 * A citizen's password, NIK, session token and documents pass through
 * libraries that copy them into buffers of their own (libcurl's request and
 * receive buffers and header lists, jansson's strings, libcups's connection
 * buffers, OpenSSL's records) and free those buffers without wiping them.
 * Our own buffers are wiped where they are freed; kio_secmem_init() makes
 * every other free a wipe too, and keeps the process's memory off disk:
 *  - libcurl and jansson free through a wrapper that wipes the whole block
 *    first (curl_global_init_mem, json_set_alloc_funcs; the size comes from
 *    malloc_usable_size, so the wrappers allocate with plain malloc);
 *  - glibc's malloc fills every other block it frees with a perturb byte
 *    (M_PERTURB), which reaches libcups, OpenSSL and SDL, whose allocators
 *    cannot be replaced; large blocks go back to the kernel when freed;
 *  - no core dumps: the process is not dumpable (PR_SET_DUMPABLE 0, which
 *    also covers a core_pattern pipe such as systemd-coredump) and its
 *    RLIMIT_CORE is 0.
 * kio_secmem_lock() keeps one buffer out of swap.
 */
#ifndef KIO_SYS_SECMEM_H
#define KIO_SYS_SECMEM_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

/* Call once from main, before any thread starts and before any libcurl or
 * jansson call. KIO_ERR_INTERNAL when libcurl refuses the allocators or the
 * process cannot be made non-dumpable; the kiosk must not run then. */
KIO_MUST_CHECK kio_err_t kio_secmem_init(void);
/* Balances kio_secmem_init's libcurl reference. */
void kio_secmem_fini(void);

/* Best effort: locks LEN bytes at P into RAM (never swapped out; a dump is
 * already impossible). Returns false when the lock limit (RLIMIT_MEMLOCK) refuses it;
 * the buffer is then still wiped on free, only not pinned. */
bool kio_secmem_lock(void *p, size_t len);
/* Undoes kio_secmem_lock (call before wiping and freeing). */
void kio_secmem_unlock(void *p, size_t len);

#endif
