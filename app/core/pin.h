/*
 * pin.h — technician and officer PINs: format rule, Argon2id hash, verify.
 *
 * Only hashes are stored (config keys kiosk.technician_pin_hash and
 * kiosk.officer_pin_hash, libsodium's "$argon2id$..." string form).
 * Callers wipe their own copies of a typed PIN (sodium_memzero).
 */
#ifndef KIO_PIN_H
#define KIO_PIN_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

enum {
	KIO_PIN_LEN_MIN = 4,
	KIO_PIN_LEN_MAX = 12,
	KIO_PIN_HASH_MAX = 128, /* crypto_pwhash_STRBYTES */
};

/* True if PIN is 4-12 ASCII digits and nothing else. */
bool kio_pin_valid_format(const char *pin);

/* Hash PIN into OUT (NUL-terminated, OUTLEN >= KIO_PIN_HASH_MAX).
 * KIO_ERR_INVAL for a PIN that fails kio_pin_valid_format, KIO_ERR_TOOBIG
 * for a short OUT, KIO_ERR_NOMEM if Argon2id could not get its memory. */
KIO_MUST_CHECK kio_err_t kio_pin_hash(const char *pin, char *out, size_t outlen);

/* True only if HASH is an Argon2id hash of PIN. False for an empty or
 * malformed hash, so an unset PIN never opens anything. */
bool kio_pin_verify(const char *hash, const char *pin);

#endif
