/* scanner-private.h — the handle and the ops table the scanner drivers share. */
#ifndef KIO_SCANNER_PRIVATE_H
#define KIO_SCANNER_PRIVATE_H

#include "scanner/scanner.h"

typedef struct kio_scanner_ops {
	const char *name;
	void (*key)(kio_scanner_t *sc, char ch, uint64_t now_ms);
	void (*inject)(kio_scanner_t *sc, const char *text, uint64_t now_ms);
} kio_scanner_ops_t;

struct kio_scanner {
	const kio_scanner_ops_t *ops;
	/* keyboard: the burst being typed */
	char buf[KIO_SCANNER_TEXT_MAX];
	size_t len;
	bool too_long;
	uint64_t last_ms;
	/* complete scans, oldest first */
	char queue[KIO_SCANNER_QUEUE][KIO_SCANNER_TEXT_MAX];
	int head, count;
};

/* Queues TEXT[0..LEN) as one complete scan (scanner.c). */
void kio_scanner_push(kio_scanner_t *sc, const char *text, size_t len);

extern const kio_scanner_ops_t kio_scanner_keyboard_ops;
extern const kio_scanner_ops_t kio_scanner_fake_ops;

#endif
