/* pin.c — PIN format and Argon2id hashing with libsodium (see pin.h). */
#include "core/pin.h"

#include <sodium.h>
#include <string.h>

/* Argon2id with libsodium's INTERACTIVE limits (2 passes, 64 MiB): a check
 * must answer a technician's tap within about a second on the kiosk's
 * low-end PC, and SENSITIVE (1 GiB) would not even fit next to the UI. The
 * PIN space is small anyway; the real protection is the 0600 config file
 * and the UI's limit on attempts, the hash only slows offline guessing. */
#define PIN_OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE
#define PIN_MEMLIMIT crypto_pwhash_MEMLIMIT_INTERACTIVE

_Static_assert(KIO_PIN_HASH_MAX == crypto_pwhash_STRBYTES, "pin hash size");

bool kio_pin_valid_format(const char *pin)
{
	size_t n = 0;

	if (!pin)
		return false;
	for (; pin[n]; n++)
		if (pin[n] < '0' || pin[n] > '9' || n >= KIO_PIN_LEN_MAX)
			return false;
	return n >= KIO_PIN_LEN_MIN;
}

kio_err_t kio_pin_hash(const char *pin, char *out, size_t outlen)
{
	if (!out || outlen < crypto_pwhash_STRBYTES)
		return KIO_ERR_TOOBIG;
	out[0] = '\0';
	if (!kio_pin_valid_format(pin))
		return KIO_ERR_INVAL;
	/* sodium_init is idempotent and thread-safe; it picks the fastest
	 * Argon2 implementation and seeds the salt generator. */
	if (sodium_init() < 0)
		return KIO_ERR_INTERNAL;
	if (crypto_pwhash_str_alg(out, pin, strlen(pin), PIN_OPSLIMIT, PIN_MEMLIMIT,
	                          crypto_pwhash_ALG_ARGON2ID13) != 0)
		return KIO_ERR_NOMEM;
	return KIO_OK;
}

bool kio_pin_verify(const char *hash, const char *pin)
{
	if (!hash || !pin || strncmp(hash, "$argon2id$", 10) != 0)
		return false;
	if (strnlen(hash, crypto_pwhash_STRBYTES) >= crypto_pwhash_STRBYTES)
		return false;
	if (!kio_pin_valid_format(pin) || sodium_init() < 0)
		return false;
	return crypto_pwhash_str_verify(hash, pin, strlen(pin)) == 0;
}
