/*
 * str.h — bounded string copy into fixed-size fields, the one way the kiosk
 * copies text (model.h's fields all have named capacities). NULL copies as "".
 */
#ifndef KIO_STR_H
#define KIO_STR_H

#include <stddef.h>
#include <stdio.h>
#include <string.h>

static inline void kio_copy(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src ? src : "");
}

/* Append SRC to the string in DST (capacity CAP), cut to fit. */
static inline void kio_append(char *dst, size_t cap, const char *src)
{
	size_t n = strnlen(dst, cap);
	if (n + 1 < cap)
		snprintf(dst + n, cap - n, "%s", src ? src : "");
}

/* DST must be an array (its size is taken with sizeof). */
#define KIO_COPY(dst, src) kio_copy((dst), sizeof(dst), (src))
#define KIO_APPEND(dst, src) kio_append((dst), sizeof(dst), (src))

#endif
