/*
 * scanner.h — the kiosk's 2D barcode scanner: one small ops table, a driver
 * for the common USB scanners that type what they read as a keyboard does
 * ("keyboard"), a fake that tests feed ("fake"), and "none".
 *
 * A keyboard-wedge scanner is only a very fast typist: the kiosk hands every
 * key typed on a screen without a text field to kio_scanner_key(), and the
 * driver keeps what arrived as one burst (each key within
 * KIO_SCANNER_GAP_MS of the one before, at least KIO_SCANNER_MIN_LEN keys)
 * ended by Enter; slower typing is a person and is dropped. Complete scans
 * wait in a small queue until kio_scanner_take(). What a scan means is not
 * the driver's business (core/scan.h classifies it).
 *
 * Used on the UI thread only; no call blocks.
 */
#ifndef KIO_SCANNER_H
#define KIO_SCANNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

enum {
	KIO_SCANNER_TEXT_MAX = 512, /* bytes of one scan, NUL included; longer ones are dropped */
	KIO_SCANNER_QUEUE = 4,      /* complete scans kept; older ones are dropped */
	KIO_SCANNER_GAP_MS = 40,    /* a scanner types a key at least this often */
	KIO_SCANNER_MIN_LEN = 8,    /* shorter bursts are not scans */
};

typedef struct kio_scanner kio_scanner_t;

/* DRIVER: "keyboard" (default for NULL/""), "fake" or "none". Unknown
 * names are KIO_ERR_INVAL. */
KIO_MUST_CHECK kio_err_t kio_scanner_open(const char *driver, kio_scanner_t **out);
/* NULL-safe; wipes what was read. */
void kio_scanner_close(kio_scanner_t *sc);
const char *kio_scanner_driver(const kio_scanner_t *sc);

/* One key typed on a keyboard: a printable ASCII character, or '\n' for
 * Enter. NOW_MS is monotonic. */
void kio_scanner_key(kio_scanner_t *sc, char ch, uint64_t now_ms);
/* TEXT as read by the scanner (tests, scripts): the fake queues it as one
 * scan; the keyboard driver types it as a burst ended by Enter. */
void kio_scanner_inject(kio_scanner_t *sc, const char *text, uint64_t now_ms);
/* The oldest complete scan into OUT (NUL-terminated); false when none. */
bool kio_scanner_take(kio_scanner_t *sc, char *out, size_t cap);

#endif
