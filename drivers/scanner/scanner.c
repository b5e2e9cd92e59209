/* scanner.c — driver choice and the queue of complete scans (scanner.h). */
#include "scanner/scanner-private.h"

#include <stdlib.h>
#include <string.h>

static void none_key(kio_scanner_t *sc, char ch, uint64_t now_ms)
{
	(void)sc, (void)ch, (void)now_ms;
}

static void none_inject(kio_scanner_t *sc, const char *text, uint64_t now_ms)
{
	(void)sc, (void)text, (void)now_ms;
}

static const kio_scanner_ops_t none_ops = {"none", none_key, none_inject};

kio_err_t kio_scanner_open(const char *driver, kio_scanner_t **out)
{
	static const kio_scanner_ops_t *const drivers[] = {&kio_scanner_keyboard_ops,
	                                                   &kio_scanner_fake_ops, &none_ops};
	const kio_scanner_ops_t *ops = NULL;
	*out = NULL;
	if (!driver || !*driver)
		driver = "keyboard";
	for (size_t i = 0; i < sizeof drivers / sizeof drivers[0]; i++)
		if (!strcmp(drivers[i]->name, driver))
			ops = drivers[i];
	if (!ops)
		return KIO_ERR_INVAL;
	kio_scanner_t *sc = calloc(1, sizeof *sc);
	if (!sc)
		return KIO_ERR_NOMEM;
	sc->ops = ops;
	*out = sc;
	return KIO_OK;
}

void kio_scanner_close(kio_scanner_t *sc)
{
	if (!sc)
		return;
	explicit_bzero(sc, sizeof *sc); /* a scan may be a login code */
	free(sc);
}

const char *kio_scanner_driver(const kio_scanner_t *sc)
{
	return sc ? sc->ops->name : "none";
}

void kio_scanner_key(kio_scanner_t *sc, char ch, uint64_t now_ms)
{
	if (sc)
		sc->ops->key(sc, ch, now_ms);
}

void kio_scanner_inject(kio_scanner_t *sc, const char *text, uint64_t now_ms)
{
	if (sc && text)
		sc->ops->inject(sc, text, now_ms);
}

void kio_scanner_push(kio_scanner_t *sc, const char *text, size_t len)
{
	if (len >= KIO_SCANNER_TEXT_MAX)
		return;
	if (sc->count == KIO_SCANNER_QUEUE) { /* drop the oldest */
		explicit_bzero(sc->queue[sc->head], KIO_SCANNER_TEXT_MAX);
		sc->head = (sc->head + 1) % KIO_SCANNER_QUEUE;
		sc->count--;
	}
	char *slot = sc->queue[(sc->head + sc->count) % KIO_SCANNER_QUEUE];
	memcpy(slot, text, len);
	slot[len] = '\0';
	sc->count++;
}

bool kio_scanner_take(kio_scanner_t *sc, char *out, size_t cap)
{
	if (!sc || sc->count == 0 || cap == 0)
		return false;
	char *slot = sc->queue[sc->head];
	size_t n = strlen(slot);
	bool fits = n < cap;
	if (fits)
		memcpy(out, slot, n + 1);
	else
		out[0] = '\0';
	explicit_bzero(slot, KIO_SCANNER_TEXT_MAX);
	sc->head = (sc->head + 1) % KIO_SCANNER_QUEUE;
	sc->count--;
	return fits;
}
