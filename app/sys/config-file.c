/* config-file.c — the configuration file on disk (see config-file.h). */
#include "sys/config-file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sys/file.h"

kio_err_t kio_config_load(kio_config_t *cfg, const char *path, kio_config_diag_fn diag, void *ctx)
{
	char *text = NULL, why[256];
	size_t len = 0;

	kio_config_defaults(cfg);
	if (!path)
		return KIO_ERR_INVAL;
	kio_err_t err = kio_file_read(path, KIO_CFG_FILE_MAX, &text, &len, why, sizeof why);
	if (err) {
		char msg[1024];
		snprintf(msg, sizeof msg, "%s: %s", path, why);
		if (diag)
			diag(ctx, msg);
		return err;
	}
	err = kio_config_parse(cfg, text, len, path, kio_file_readable, diag, ctx);
	explicit_bzero(text, len); /* holds PIN hashes */
	free(text);
	return err;
}

kio_err_t kio_config_set(kio_config_t *cfg, const char *section, const char *key, const char *value,
                         char *why, size_t whylen)
{
	return kio_config_apply(cfg, section, key, value, kio_file_readable, why, whylen);
}

kio_err_t kio_config_save(const kio_config_t *cfg, const char *path)
{
	char *text = NULL;
	size_t len = 0;

	if (!cfg || !path)
		return KIO_ERR_INVAL;
	kio_err_t err = kio_config_format(cfg, &text, &len);
	if (err)
		return err;
	err = kio_file_write_atomic(path, text, len, 0600);
	explicit_bzero(text, len);
	free(text);
	return err;
}
