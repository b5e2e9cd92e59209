/*
 * file.h — whole-file reads and durable writes, for the modules whose
 * parsing is pure (config, strings) and for the tools.
 */
#ifndef KIO_FILE_H
#define KIO_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

/* Reads PATH, a regular file of at most MAX bytes, into a NUL-terminated
 * heap buffer *OUT (free it) of *LEN bytes. On failure WHY says what went
 * wrong ("cannot open: ...", "not a regular file", "file is larger than N
 * bytes"): KIO_ERR_IO, KIO_ERR_TOOBIG or KIO_ERR_NOMEM. */
KIO_MUST_CHECK kio_err_t kio_file_read(const char *path, size_t max, char **out, size_t *len,
                                       char *why, size_t whylen);

/* True if PATH is a regular file this process can open for reading and,
 * when SECRET, whose mode gives group and others nothing (a private key);
 * else WHY says why. */
bool kio_file_readable(const char *path, bool secret, char *why, size_t whylen);

/* Write DATA to PATH atomically: temp file beside it, fsync, rename, fsync
 * of the directory; a reader sees the old or the new file. A new file gets
 * MODE; a file that exists keeps its owner, group and mode (KIO_ERR_IO if
 * the caller may not keep them, and then PATH is left as it was). */
KIO_MUST_CHECK kio_err_t kio_file_write_atomic(const char *path, const void *data, size_t len,
                                               int mode);

#endif
