/* font.c — finds the kiosk's font files with fontconfig ("DejaVu Sans"). */
#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <string.h>

#include "ui/ui-private.h"

/* PATTERN is a fontconfig name ("DejaVu Sans:style=Bold"). The match must
 * really be of the asked family: fontconfig otherwise returns its closest
 * font, and a silent fallback would change every golden image. */
kio_err_t kio_font_find(const char *pattern, char *path, size_t len)
{
	kio_err_t err = KIO_ERR_IO;
	FcPattern *pat = NULL, *match = NULL;
	FcResult res = FcResultNoMatch;
	if (!FcInit())
		goto out;
	pat = FcNameParse((const FcChar8 *)pattern);
	if (!pat)
		goto out;
	FcPatternAddBool(pat, FC_SCALABLE, FcTrue);
	if (!FcConfigSubstitute(NULL, pat, FcMatchPattern))
		goto out;
	FcDefaultSubstitute(pat);
	match = FcFontMatch(NULL, pat, &res);
	if (!match || res != FcResultMatch)
		goto out;
	FcChar8 *want = NULL, *got = NULL, *file = NULL;
	if (FcPatternGetString(pat, FC_FAMILY, 0, &want) != FcResultMatch ||
	    FcPatternGetString(match, FC_FAMILY, 0, &got) != FcResultMatch ||
	    strcasecmp((const char *)want, (const char *)got) != 0)
		goto out;
	if (FcPatternGetString(match, FC_FILE, 0, &file) != FcResultMatch)
		goto out;
	int n = snprintf(path, len, "%s", (const char *)file);
	if (n < 0 || (size_t)n >= len) {
		err = KIO_ERR_TOOBIG;
		goto out;
	}
	err = KIO_OK;
out:
	if (match)
		FcPatternDestroy(match);
	if (pat)
		FcPatternDestroy(pat);
	return err;
}
