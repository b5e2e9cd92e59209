/* uuid.h — random UUIDv4 (getrandom) for idempotency keys and event ids. */
#ifndef KIO_UUID_H
#define KIO_UUID_H

#include "core/err.h"
#include "core/model.h"

/* Writes "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx" into OUT. Fails only if the
 * kernel has no randomness to give (KIO_ERR_IO). */
KIO_MUST_CHECK kio_err_t kio_uuid4(char out[KIO_UUID_BUF]);

#endif
