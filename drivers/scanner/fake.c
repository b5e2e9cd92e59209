/*
 * fake.c — the scanner tests drive: keys are ignored (a keyboard is not a
 * scanner here) and each injected text is one complete scan, exactly as
 * given, so a test can feed what no real scanner would type.
 */
#include <string.h>

#include "scanner/scanner-private.h"

static void fake_key(kio_scanner_t *sc, char ch, uint64_t now_ms)
{
	(void)sc, (void)ch, (void)now_ms;
}

static void fake_inject(kio_scanner_t *sc, const char *text, uint64_t now_ms)
{
	(void)now_ms;
	kio_scanner_push(sc, text, strlen(text));
}

const kio_scanner_ops_t kio_scanner_fake_ops = {"fake", fake_key, fake_inject};
