/*
 * lazylibs.c — libcurl, libcups, poppler-glib, espeak-ng and cairo for
 * adm-kiosk, loaded on first use.
 *
 * Linked into the kiosk binary only (adm-kioskctl, the simulator and the
 * tests link the libraries directly). curl and cups bring some sixty shared
 * libraries with them (GnuTLS, Kerberos, LDAP, Avahi, ...), poppler and
 * espeak-ng some thirty more (NSS, GIO, image codecs, audio); mapping and
 * relocating those at exec cost about 26 ms of CPU on the build machine for
 * curl and cups alone, all before the first frame, although only the workers
 * (started after it), the confirm screen's preview and a voice a citizen
 * switches on use them. cairo (with pixman, whose start-up code runs at
 * load) only draws the test page, the log report and the harness's
 * screenshots: loaded at exec it cost the idle kiosk 0.3 MB of PSS (issue
 * 20). So the kiosk links none of them: this file defines
 * every function of theirs the kiosk calls, and the first call loads the
 * library (dlopen) and forwards.
 *
 * A function the kiosk starts to use must be added to the lists below: the
 * link of adm-kiosk fails with "undefined reference" until it is. If a
 * library cannot be loaded (a broken installation: the package depends on
 * both), each call fails the way the function reports failure (NULL, an
 * error status), which the callers already turn into a clear error.
 *
 * curl_global_init_mem (the wiping allocators of sys/secmem.h, set in main
 * before any thread) is remembered and replayed when libcurl is loaded; the
 * replay is safe in a worker because libcurl's global init is thread-safe
 * since 7.84 (Debian 12 has 7.88).
 *
 * The table of resolved functions is the one piece of process-wide state:
 * written once under pthread_once, read-only after, like the dynamic
 * linker's own table it stands in for.
 */
#define CURL_DISABLE_TYPECHECK 1
#include <cups/adminutil.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <cups/cups.h>
#include <curl/curl.h>
#include <dlfcn.h>
#include <espeak-ng/speak_lib.h>
#include <poppler.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/log.h"

/* name, return type, parameters, arguments, value on failure */
#define CURL_FUNCS(X, V)                                                                           \
	X(CURL *, curl_easy_init, (void), (), NULL)                                                \
	V(curl_easy_cleanup, (CURL * a), (a))                                                      \
	X(CURLcode, curl_easy_perform, (CURL * a), (a), CURLE_FAILED_INIT)                         \
	V(curl_easy_reset, (CURL * a), (a))                                                        \
	X(const char *, curl_easy_strerror, (CURLcode a), (a), "libcurl not loaded")               \
	X(struct curl_slist *, curl_slist_append, (struct curl_slist * a, const char *b), (a, b),  \
	  NULL)                                                                                    \
	V(curl_slist_free_all, (struct curl_slist * a), (a))                                       \
	X(CURLcode, curl_global_init, (long a), (a), CURLE_FAILED_INIT)                            \
	V(curl_global_cleanup, (void), ())

#define CUPS_FUNCS(X, V)                                                                           \
	X(int, cupsAddOption, (const char *a, const char *b, int c, cups_option_t **d),            \
	  (a, b, c, d), c)                                                                         \
	X(int, cupsAdminGetServerSettings, (http_t * a, int *b, cups_option_t **c), (a, b, c), 0)  \
	X(ipp_status_t, cupsCancelDestJob, (http_t * a, cups_dest_t * b, int c), (a, b, c),        \
	  IPP_STATUS_ERROR_INTERNAL)                                                               \
	X(int, cupsCheckDestSupported,                                                             \
	  (http_t * a, cups_dest_t * b, cups_dinfo_t * c, const char *d, const char *e),           \
	  (a, b, c, d, e), 0)                                                                      \
	X(http_t *, cupsConnectDest,                                                               \
	  (cups_dest_t * a, unsigned b, int c, int *d, char *e, size_t f, cups_dest_cb_t g,        \
	   void *h),                                                                               \
	  (a, b, c, d, e, f, g, h), NULL)                                                          \
	X(cups_dinfo_t *, cupsCopyDestInfo, (http_t * a, cups_dest_t * b), (a, b), NULL)           \
	X(ipp_status_t, cupsCreateDestJob,                                                         \
	  (http_t * a, cups_dest_t * b, cups_dinfo_t * c, int *d, const char *e, int f,            \
	   cups_option_t *g),                                                                      \
	  (a, b, c, d, e, f, g), IPP_STATUS_ERROR_INTERNAL)                                        \
	X(ipp_t *, cupsDoRequest, (http_t * a, ipp_t * b, const char *c), (a, b, c), NULL)         \
	X(ipp_attribute_t *, cupsFindDestSupported,                                                \
	  (http_t * a, cups_dest_t * b, cups_dinfo_t * c, const char *d), (a, b, c, d), NULL)      \
	X(ipp_status_t, cupsFinishDestDocument, (http_t * a, cups_dest_t * b, cups_dinfo_t * c),   \
	  (a, b, c), IPP_STATUS_ERROR_INTERNAL)                                                    \
	V(cupsFreeDestInfo, (cups_dinfo_t * a), (a))                                               \
	V(cupsFreeDests, (int a, cups_dest_t *b), (a, b))                                          \
	V(cupsFreeOptions, (int a, cups_option_t *b), (a, b))                                      \
	X(cups_dest_t *, cupsGetDestWithURI, (const char *a, const char *b), (a, b), NULL)         \
	X(int, cupsGetDests2, (http_t * a, cups_dest_t * *b), (a, b), 0)                           \
	X(cups_dest_t *, cupsGetNamedDest, (http_t * a, const char *b, const char *c), (a, b, c),  \
	  NULL)                                                                                    \
	X(const char *, cupsGetOption, (const char *a, int b, cups_option_t *c), (a, b, c), NULL)  \
	X(ipp_status_t, cupsLastError, (void), (), IPP_STATUS_ERROR_INTERNAL)                      \
	X(const char *, cupsLastErrorString, (void), (), "libcups not loaded")                     \
	X(const char *, cupsServer, (void), (), "")                                                \
	V(cupsSetServer, (const char *a), (a))                                                     \
	V(cupsSetUser, (const char *a), (a))                                                       \
	X(http_status_t, cupsStartDestDocument,                                                    \
	  (http_t * a, cups_dest_t * b, cups_dinfo_t * c, int d, const char *e, const char *f,     \
	   int g, cups_option_t *h, int i),                                                        \
	  (a, b, c, d, e, f, g, h, i), HTTP_STATUS_ERROR)                                          \
	X(http_status_t, cupsWriteRequestData, (http_t * a, const char *b, size_t c), (a, b, c),   \
	  HTTP_STATUS_ERROR)                                                                       \
	V(httpClose, (http_t * a), (a))                                                            \
	X(http_t *, httpConnect2,                                                                  \
	  (const char *a, int b, http_addrlist_t *c, int d, http_encryption_t e, int f, int g,     \
	   int *h),                                                                                \
	  (a, b, c, d, e, f, g, h), NULL)                                                          \
	V(httpSetTimeout, (http_t * a, double b, http_timeout_cb_t c, void *d), (a, b, c, d))      \
	X(ipp_attribute_t *, ippAddInteger,                                                        \
	  (ipp_t * a, ipp_tag_t b, ipp_tag_t c, const char *d, int e), (a, b, c, d, e), NULL)      \
	X(ipp_attribute_t *, ippAddString,                                                         \
	  (ipp_t * a, ipp_tag_t b, ipp_tag_t c, const char *d, const char *e, const char *f),      \
	  (a, b, c, d, e, f), NULL)                                                                \
	X(ipp_attribute_t *, ippAddStrings,                                                        \
	  (ipp_t * a, ipp_tag_t b, ipp_tag_t c, const char *d, int e, const char *f,               \
	   const char *const *g),                                                                  \
	  (a, b, c, d, e, f, g), NULL)                                                             \
	V(ippDelete, (ipp_t * a), (a))                                                             \
	X(ipp_attribute_t *, ippFindAttribute, (ipp_t * a, const char *b, ipp_tag_t c), (a, b, c), \
	  NULL)                                                                                    \
	X(int, ippGetBoolean, (ipp_attribute_t * a, int b), (a, b), 0)                             \
	X(int, ippGetCount, (ipp_attribute_t * a), (a), 0)                                         \
	X(int, ippGetInteger, (ipp_attribute_t * a, int b), (a, b), 0)                             \
	X(int, ippGetRange, (ipp_attribute_t * a, int b, int *c), (a, b, c), 0)                    \
	X(const char *, ippGetString, (ipp_attribute_t * a, int b, const char **c), (a, b, c),     \
	  NULL)                                                                                    \
	X(ipp_tag_t, ippGetValueTag, (ipp_attribute_t * a), (a), IPP_TAG_ZERO)                     \
	X(ipp_t *, ippNewRequest, (ipp_op_t a), (a), NULL)                                         \
	X(int, ippPort, (void), (), 631)

/* poppler-glib, and the GLib functions the preview needs, found through it
 * (dlsym searches a library's dependencies too). */
#define POPPLER_FUNCS(X, V)                                                                        \
	X(PopplerDocument *, poppler_document_new_from_bytes,                                      \
	  (GBytes * a, const char *b, GError **c), (a, b, c), NULL)                                \
	X(int, poppler_document_get_n_pages, (PopplerDocument * a), (a), 0)                        \
	X(PopplerPage *, poppler_document_get_page, (PopplerDocument * a, int b), (a, b), NULL)    \
	V(poppler_page_get_size, (PopplerPage * a, double *b, double *c), (a, b, c))               \
	V(poppler_page_render, (PopplerPage * a, cairo_t * b), (a, b))                             \
	X(GBytes *, g_bytes_new_static, (gconstpointer a, gsize b), (a, b), NULL)                  \
	V(g_bytes_unref, (GBytes * a), (a))                                                        \
	V(g_error_free, (GError * a), (a))                                                         \
	V(g_object_unref, (gpointer a), (a))

#define ESPEAK_FUNCS(X, V)                                                                         \
	X(int, espeak_Initialize, (espeak_AUDIO_OUTPUT a, int b, const char *c, int d),            \
	  (a, b, c, d), -1)                                                                        \
	X(espeak_ERROR, espeak_SetParameter, (espeak_PARAMETER a, int b, int c), (a, b, c),        \
	  EE_INTERNAL_ERROR)                                                                       \
	V(espeak_SetSynthCallback, (t_espeak_callback * a), (a))                                   \
	X(espeak_ERROR, espeak_SetVoiceByName, (const char *a), (a), EE_INTERNAL_ERROR)            \
	X(espeak_ERROR, espeak_Synth,                                                              \
	  (const void *a, size_t b, unsigned int c, espeak_POSITION_TYPE d, unsigned int e,        \
	   unsigned int f, unsigned int *g, void *h),                                              \
	  (a, b, c, d, e, f, g, h), EE_INTERNAL_ERROR)

/* cairo_text_extents by hand: its result is an out-parameter to clear. */
#define CAIRO_FUNCS(X, V)                                                                          \
	X(cairo_t *, cairo_create, (cairo_surface_t * a), (a), NULL)                               \
	V(cairo_debug_reset_static_data, (void), ())                                               \
	V(cairo_destroy, (cairo_t * a), (a))                                                       \
	V(cairo_fill, (cairo_t * a), (a))                                                          \
	X(int, cairo_format_stride_for_width, (cairo_format_t a, int b), (a, b), -1)               \
	X(cairo_surface_t *, cairo_image_surface_create, (cairo_format_t a, int b, int c),         \
	  (a, b, c), NULL)                                                                         \
	X(cairo_surface_t *, cairo_image_surface_create_for_data,                                  \
	  (unsigned char *a, cairo_format_t b, int c, int d, int e), (a, b, c, d, e), NULL)        \
	X(unsigned char *, cairo_image_surface_get_data, (cairo_surface_t * a), (a), NULL)         \
	X(int, cairo_image_surface_get_stride, (cairo_surface_t * a), (a), 0)                      \
	V(cairo_line_to, (cairo_t * a, double b, double c), (a, b, c))                             \
	V(cairo_move_to, (cairo_t * a, double b, double c), (a, b, c))                             \
	V(cairo_paint, (cairo_t * a), (a))                                                         \
	X(cairo_surface_t *, cairo_pdf_surface_create_for_stream,                                  \
	  (cairo_write_func_t a, void *b, double c, double d), (a, b, c, d), NULL)                 \
	V(cairo_pdf_surface_set_metadata,                                                          \
	  (cairo_surface_t * a, cairo_pdf_metadata_t b, const char *c), (a, b, c))                 \
	V(cairo_rectangle, (cairo_t * a, double b, double c, double d, double e), (a, b, c, d, e)) \
	V(cairo_restore, (cairo_t * a), (a))                                                       \
	V(cairo_rotate, (cairo_t * a, double b), (a, b))                                           \
	V(cairo_save, (cairo_t * a), (a))                                                          \
	V(cairo_scale, (cairo_t * a, double b, double c), (a, b, c))                               \
	V(cairo_select_font_face,                                                                  \
	  (cairo_t * a, const char *b, cairo_font_slant_t c, cairo_font_weight_t d), (a, b, c, d)) \
	V(cairo_set_dash, (cairo_t * a, const double *b, int c, double d), (a, b, c, d))           \
	V(cairo_set_font_size, (cairo_t * a, double b), (a, b))                                    \
	V(cairo_set_line_width, (cairo_t * a, double b), (a, b))                                   \
	V(cairo_set_source_rgb, (cairo_t * a, double b, double c, double d), (a, b, c, d))         \
	V(cairo_show_page, (cairo_t * a), (a))                                                     \
	V(cairo_show_text, (cairo_t * a, const char *b), (a, b))                                   \
	X(cairo_status_t, cairo_status, (cairo_t * a), (a), CAIRO_STATUS_NO_MEMORY)                \
	V(cairo_stroke, (cairo_t * a), (a))                                                        \
	V(cairo_surface_destroy, (cairo_surface_t * a), (a))                                       \
	V(cairo_surface_finish, (cairo_surface_t * a), (a))                                        \
	V(cairo_surface_flush, (cairo_surface_t * a), (a))                                         \
	V(cairo_surface_mark_dirty, (cairo_surface_t * a), (a))                                    \
	X(cairo_status_t, cairo_surface_status, (cairo_surface_t * a), (a),                        \
	  CAIRO_STATUS_NO_MEMORY)                                                                  \
	X(cairo_status_t, cairo_surface_write_to_png, (cairo_surface_t * a, const char *b),        \
	  (a, b), CAIRO_STATUS_WRITE_ERROR)                                                        \
	V(cairo_translate, (cairo_t * a, double b, double c), (a, b, c))

/* The functions, once resolved; variadic and deferred ones by hand. */
#define FIELD(ret, name, params, args, fail) ret(*name) params;
#define VFIELD(name, params, args) void(*name) params;
static struct {
	bool curl_ok, cups_ok, poppler_ok, espeak_ok, cairo_ok;
	CURL_FUNCS(FIELD, VFIELD)
	CUPS_FUNCS(FIELD, VFIELD)
	POPPLER_FUNCS(FIELD, VFIELD)
	ESPEAK_FUNCS(FIELD, VFIELD)
	CAIRO_FUNCS(FIELD, VFIELD)
	void (*cairo_text_extents)(cairo_t *, const char *, cairo_text_extents_t *);
	CURLcode (*curl_easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*curl_easy_getinfo)(CURL *, CURLINFO, ...);
	CURLcode (*curl_global_init_mem)(long, curl_malloc_callback, curl_free_callback,
	                                 curl_realloc_callback, curl_strdup_callback,
	                                 curl_calloc_callback);
} lib;

/* curl_global_init_mem's arguments, replayed at load. */
static struct {
	bool set;
	long flags;
	curl_malloc_callback m;
	curl_free_callback f;
	curl_realloc_callback r;
	curl_strdup_callback s;
	curl_calloc_callback c;
} mem;

static pthread_once_t curl_once = PTHREAD_ONCE_INIT, cups_once = PTHREAD_ONCE_INIT,
                      poppler_once = PTHREAD_ONCE_INIT, espeak_once = PTHREAD_ONCE_INIT,
                      cairo_once = PTHREAD_ONCE_INIT;

/* dlsym into a function pointer: POSIX guarantees the conversion. */
#define RESOLVE(h, ok, name)                                                                       \
	do {                                                                                       \
		*(void **)(&lib.name) = dlsym(h, #name);                                           \
		if (!lib.name)                                                                     \
			ok = false;                                                                \
	} while (0)
#define RES_X(ret, name, params, args, fail) RESOLVE(h, ok, name);
#define RES_V(name, params, args) RESOLVE(h, ok, name);

static void load_curl(void)
{
	void *h = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
	bool ok = h != NULL;
	if (h) {
		CURL_FUNCS(RES_X, RES_V)
		RESOLVE(h, ok, curl_easy_setopt);
		RESOLVE(h, ok, curl_easy_getinfo);
		RESOLVE(h, ok, curl_global_init_mem);
	}
	if (ok && mem.set &&
	    lib.curl_global_init_mem(mem.flags, mem.m, mem.f, mem.r, mem.s, mem.c) != CURLE_OK)
		ok = false;
	if (!ok)
		kio_error("lazylibs", "cannot load libcurl: %s",
		          h ? "missing function" : dlerror());
	lib.curl_ok = ok;
}

static void load_cups(void)
{
	void *h = dlopen("libcups.so.2", RTLD_NOW | RTLD_LOCAL);
	bool ok = h != NULL;
	if (h) {
		CUPS_FUNCS(RES_X, RES_V)
	}
	if (!ok)
		kio_error("lazylibs", "cannot load libcups: %s",
		          h ? "missing function" : dlerror());
	lib.cups_ok = ok;
}

static void load_poppler(void)
{
	void *h = dlopen("libpoppler-glib.so.8", RTLD_NOW | RTLD_LOCAL);
	bool ok = h != NULL;
	if (h) {
		POPPLER_FUNCS(RES_X, RES_V)
	}
	if (!ok)
		kio_error("lazylibs", "cannot load poppler-glib: %s",
		          h ? "missing function" : dlerror());
	lib.poppler_ok = ok;
}

static void load_espeak(void)
{
	void *h = dlopen("libespeak-ng.so.1", RTLD_NOW | RTLD_LOCAL);
	bool ok = h != NULL;
	if (h) {
		ESPEAK_FUNCS(RES_X, RES_V)
	}
	if (!ok)
		kio_error("lazylibs", "cannot load espeak-ng: %s",
		          h ? "missing function" : dlerror());
	lib.espeak_ok = ok;
}

static void load_cairo(void)
{
	void *h = dlopen("libcairo.so.2", RTLD_NOW | RTLD_LOCAL);
	bool ok = h != NULL;
	if (h) {
		CAIRO_FUNCS(RES_X, RES_V)
		RESOLVE(h, ok, cairo_text_extents);
	}
	if (!ok)
		kio_error("lazylibs", "cannot load cairo: %s", h ? "missing function" : dlerror());
	lib.cairo_ok = ok;
}

static bool have_cairo(void)
{
	pthread_once(&cairo_once, load_cairo);
	return lib.cairo_ok;
}

static bool have_poppler(void)
{
	pthread_once(&poppler_once, load_poppler);
	return lib.poppler_ok;
}

static bool have_espeak(void)
{
	pthread_once(&espeak_once, load_espeak);
	return lib.espeak_ok;
}

static bool have_curl(void)
{
	pthread_once(&curl_once, load_curl);
	return lib.curl_ok;
}

static bool have_cups(void)
{
	pthread_once(&cups_once, load_cups);
	return lib.cups_ok;
}

#define DEF_LIB(have, ret, name, params, args, fail)                                               \
	ret name params                                                                            \
	{                                                                                          \
		return have() ? lib.name args : (fail);                                            \
	}
#define DEF_LIB_V(have, name, params, args)                                                        \
	void name params                                                                           \
	{                                                                                          \
		if (have())                                                                        \
			lib.name args;                                                             \
	}
#define DEF_CURL(ret, name, params, args, fail) DEF_LIB(have_curl, ret, name, params, args, fail)
#define DEF_CURL_V(name, params, args) DEF_LIB_V(have_curl, name, params, args)
#define DEF_CUPS(ret, name, params, args, fail) DEF_LIB(have_cups, ret, name, params, args, fail)
#define DEF_CUPS_V(name, params, args) DEF_LIB_V(have_cups, name, params, args)
#define DEF_POPPLER(ret, name, params, args, fail)                                                 \
	DEF_LIB(have_poppler, ret, name, params, args, fail)
#define DEF_POPPLER_V(name, params, args) DEF_LIB_V(have_poppler, name, params, args)
#define DEF_ESPEAK(ret, name, params, args, fail)                                                  \
	DEF_LIB(have_espeak, ret, name, params, args, fail)
#define DEF_ESPEAK_V(name, params, args) DEF_LIB_V(have_espeak, name, params, args)

CURL_FUNCS(DEF_CURL, DEF_CURL_V)
CUPS_FUNCS(DEF_CUPS, DEF_CUPS_V)
POPPLER_FUNCS(DEF_POPPLER, DEF_POPPLER_V)
ESPEAK_FUNCS(DEF_ESPEAK, DEF_ESPEAK_V)
#define DEF_CAIRO(ret, name, params, args, fail) DEF_LIB(have_cairo, ret, name, params, args, fail)
#define DEF_CAIRO_V(name, params, args) DEF_LIB_V(have_cairo, name, params, args)
CAIRO_FUNCS(DEF_CAIRO, DEF_CAIRO_V)

void cairo_text_extents(cairo_t *cr, const char *utf8, cairo_text_extents_t *extents)
{
	if (have_cairo())
		lib.cairo_text_extents(cr, utf8, extents);
	else
		memset(extents, 0, sizeof *extents);
}

CURLcode curl_global_init_mem(long flags, curl_malloc_callback m, curl_free_callback f,
                              curl_realloc_callback r, curl_strdup_callback s,
                              curl_calloc_callback c)
{
	mem.flags = flags;
	mem.m = m;
	mem.f = f;
	mem.r = r;
	mem.s = s;
	mem.c = c;
	mem.set = true;
	return CURLE_OK;
}

/* The option's type is in its number (curl.h's CURLOPTTYPE_*): the value is
 * read from the varargs as that type, as libcurl itself reads it. */
CURLcode curl_easy_setopt(CURL *h, CURLoption opt, ...)
{
	if (!have_curl())
		return CURLE_FAILED_INIT;
	typedef void (*fn_t)(void);
	va_list ap;
	va_start(ap, opt);
	CURLcode rc;
	if (opt < CURLOPTTYPE_OBJECTPOINT)
		rc = lib.curl_easy_setopt(h, opt, va_arg(ap, long));
	else if (opt < CURLOPTTYPE_FUNCTIONPOINT)
		rc = lib.curl_easy_setopt(h, opt, va_arg(ap, void *));
	else if (opt < CURLOPTTYPE_OFF_T)
		rc = lib.curl_easy_setopt(h, opt, va_arg(ap, fn_t));
	else if (opt < CURLOPTTYPE_BLOB)
		rc = lib.curl_easy_setopt(h, opt, va_arg(ap, curl_off_t));
	else
		rc = lib.curl_easy_setopt(h, opt, va_arg(ap, void *));
	va_end(ap);
	return rc;
}

/* Every CURLINFO takes a pointer to where the value goes. */
CURLcode curl_easy_getinfo(CURL *h, CURLINFO info, ...)
{
	if (!have_curl())
		return CURLE_FAILED_INIT;
	va_list ap;
	va_start(ap, info);
	CURLcode rc = lib.curl_easy_getinfo(h, info, va_arg(ap, void *));
	va_end(ap);
	return rc;
}
