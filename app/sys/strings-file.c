/* strings-file.c — reads the strings files (see strings-file.h). */
#include "sys/strings-file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sys/file.h"

/* DIR/LANG.ini into a heap buffer. */
static kio_err_t read_lang(const char *dir, const char *lang, char **text, size_t *len)
{
	char path[1024], why[256];
	int n = snprintf(path, sizeof path, "%s/%s.ini", dir, lang);
	if (n < 0 || (size_t)n >= sizeof path)
		return KIO_ERR_TOOBIG;
	return kio_file_read(path, KIO_STRINGS_FILE_MAX, text, len, why, sizeof why);
}

kio_err_t kio_strings_load(const char *dir, const char *lang, kio_strings_t **out)
{
	char *id = NULL, *own = NULL;
	size_t id_len = 0, own_len = 0;

	*out = NULL;
	if (!dir || !kio_strings_lang_valid(lang))
		return KIO_ERR_INVAL;
	kio_err_t err = read_lang(dir, "id", &id, &id_len);
	if (!err && strcmp(lang, "id"))
		err = read_lang(dir, lang, &own, &own_len);
	if (!err)
		err = kio_strings_parse(lang, id, id_len, own, own_len, out);
	free(id);
	free(own);
	return err;
}
