/* err.c — names of the kiosk's error codes (see err.h). */
#include "core/err.h"

static const char *const names[] = {
#define KIO_ERR_NAME(e, s) s,
    KIO_ERRORS(KIO_ERR_NAME)
#undef KIO_ERR_NAME
};

const char *kio_err_name(kio_err_t err)
{
	if ((unsigned)err >= KIO_ERR__COUNT)
		return "unknown";
	return names[err];
}
