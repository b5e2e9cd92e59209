/* uuid.c — UUIDv4 from the kernel's CSPRNG (RFC 4122 section 4.4). */
#include "core/uuid.h"

#include <errno.h>
#include <stdio.h>
#include <sys/random.h>

kio_err_t kio_uuid4(char out[KIO_UUID_BUF])
{
	unsigned char b[16];
	size_t got = 0;

	while (got < sizeof b) {
		ssize_t n = getrandom(b + got, sizeof b - got, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return KIO_ERR_IO;
		}
		got += (size_t)n;
	}
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* variant 10 */
	snprintf(out, KIO_UUID_BUF,
	         "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
	         b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
	         b[15]);
	return KIO_OK;
}
