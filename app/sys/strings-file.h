/*
 * strings-file.h — the per-language text files (assets/strings/<lang>.ini)
 * read from disk into a core/strings.h table.
 */
#ifndef KIO_STRINGS_FILE_H
#define KIO_STRINGS_FILE_H

#include "core/strings.h"

/* Load DIR/id.ini and, unless LANG is "id", DIR/LANG.ini ("en"). LANG must be
 * 2–7 lower-case letters (KIO_ERR_INVAL). Missing id.ini or a bad file fails
 * the load (KIO_ERR_IO / KIO_ERR_CONFIG / KIO_ERR_TOOBIG); a missing
 * LANG.ini too. */
KIO_MUST_CHECK kio_err_t kio_strings_load(const char *dir, const char *lang, kio_strings_t **out);

#endif
