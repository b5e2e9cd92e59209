/*
 * log.h — the kiosk's diagnostic log (stderr, one line per message).
 *
 * Lines are "LEVEL module: text". Callers never pass a full NIK, a password,
 * a token or document bytes: mask NIKs with kio_nik_mask() first. This is the
 * technician's log; the officers' print log is app/store/eventlog.
 */
#ifndef KIO_LOG_H
#define KIO_LOG_H

typedef enum { KIO_LOG_DEBUG, KIO_LOG_INFO, KIO_LOG_WARN, KIO_LOG_ERROR } kio_log_level_t;

void kio_log(kio_log_level_t level, const char *module, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define kio_info(mod, ...) kio_log(KIO_LOG_INFO, mod, __VA_ARGS__)
#define kio_warn(mod, ...) kio_log(KIO_LOG_WARN, mod, __VA_ARGS__)
#define kio_error(mod, ...) kio_log(KIO_LOG_ERROR, mod, __VA_ARGS__)

#endif
