/*
 * config-file.h — the kiosk's configuration file on disk: read and parsed
 * (core/config.h), validated with the files its keys name really readable,
 * and saved atomically.
 */
#ifndef KIO_CONFIG_FILE_H
#define KIO_CONFIG_FILE_H

#include "core/config.h"

/* Load and validate PATH on top of defaults (kio_config_parse). A file that
 * cannot be read is reported to DIAG as "PATH: what": KIO_ERR_IO, or
 * KIO_ERR_TOOBIG over KIO_CFG_FILE_MAX. On any failure CFG holds the
 * defaults, never a half-loaded file. */
KIO_MUST_CHECK kio_err_t kio_config_load(kio_config_t *cfg, const char *path,
                                         kio_config_diag_fn diag, void *ctx);

/* kio_config_apply with file keys checked on disk. Used by the technician
 * screens (through the bg worker) and adm-kioskctl. */
KIO_MUST_CHECK kio_err_t kio_config_set(kio_config_t *cfg, const char *section, const char *key,
                                        const char *value, char *why, size_t whylen);

/* Write CFG to PATH atomically: a new file gets mode 0600 (it holds the PIN
 * hashes), a file that exists keeps its owner, group and mode. */
KIO_MUST_CHECK kio_err_t kio_config_save(const kio_config_t *cfg, const char *path);

#endif
