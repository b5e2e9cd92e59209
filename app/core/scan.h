/*
 * scan.h — what a scanned code means (pure; no I/O). A scanner returns any
 * bytes a printed or shown code holds; the kiosk acts only on two forms:
 *   <verify_url host>/v/<id>   a document's QR (contract "Verification")
 *   https://<host>/k/<6 digits>   a login code shown by the citizen's phone
 * The host of a document QR must be the kiosk's verification host; the host
 * of a login QR must be that or the server's (the code is claimed at our
 * server in any case). Anything else is refused with a strings key:
 *   scan.unreadable  empty, too long, or bytes that are not printable ASCII
 *   scan.foreign     a QR of the right form from another host
 *   scan.unknown     any other text (not a document or login QR)
 */
#ifndef KIO_SCAN_H
#define KIO_SCAN_H

#include <stddef.h>

#include "core/sm.h"

enum { KIO_SCAN_TEXT_MAX = 512 };

/* Classifies TEXT[0..LEN). VERIFY_URL and SERVER_URL are the configured
 * bases ("https://host[:port][/...]"; "" or NULL: none). VALUE (CAP bytes)
 * receives the id, the code, or the refusal's strings key. */
kio_scan_kind_t kio_scan_classify(const char *text, size_t len, const char *verify_url,
                                  const char *server_url, char *value, size_t cap);

#endif
