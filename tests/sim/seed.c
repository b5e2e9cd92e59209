/* seed.c — adm-central-sim's schema, demo data and PDF documents (cairo + QR). */
#include "sim.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <errno.h>
#include <openssl/evp.h>
#include <sodium.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "print/pdf.h"

extern char **environ;

/* Real-looking NIKs of Ogan Ilir (16 10 ..) that pass the structural rules. */
const sim_demo_t sim_demos[] = {
    {"1610011203850001", "budi1234", "BUDI SANTOSO", "ok",
     "3 Selesai (KK, Akta Kelahiran, Akta Kematian) + 1 Diproses"},
    {"1610025507900002", "siti1234", "SITI AMINAH", "not_verified",
     "403 not_verified (awaiting officer verification)"},
    {"1610030101800003", "ahmad1234", "AHMAD FAUZI", "locked", "423 locked"},
    {"1610044408920004", "dewi1234", "DEWI LESTARI", "ok",
     "edge documents: TIDAK AKTIF, sha256 mismatch, prints used up, not ADM-printable, "
     "unlimited"},
    {"1610051506750005", "rudi1234", "RUDI HARTONO", "ok", "25 Selesai applications (paging)"},
    {"1610060202020006", "bench1234", "BENCH BESAR", "ok",
     "benchmark documents 1 MB and 10 MB (only with --big-docs)"},
};
const size_t sim_ndemos = sizeof sim_demos / sizeof sim_demos[0];

int sim_run(const char *const argv[])
{
	pid_t pid;
	int st;

	if (posix_spawnp(&pid, argv[0], NULL, NULL, (char *const *)argv, environ) != 0)
		return -1;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

void sim_sha256_hex(const unsigned char *data, size_t len, char out[65])
{
	unsigned char md[32];
	unsigned int n = 0;
	static const char digits[] = "0123456789abcdef";

	EVP_Digest(data, len, md, &n, EVP_sha256(), NULL);
	for (unsigned i = 0; i < 32; i++) {
		out[2 * i] = digits[md[i] >> 4];
		out[2 * i + 1] = digits[md[i] & 15];
	}
	out[64] = '\0';
}

int sim_db_schema(sqlite3 *db)
{
	static const char sql[] =
	    "PRAGMA journal_mode=WAL;"
	    "CREATE TABLE IF NOT EXISTS citizens(nik TEXT PRIMARY KEY, name TEXT, pwhash TEXT,"
	    " state TEXT);"
	    "CREATE TABLE IF NOT EXISTS applications(code TEXT PRIMARY KEY, nik TEXT, ord INT,"
	    " service TEXT, status TEXT, submitted_at TEXT, completed_at TEXT);"
	    "CREATE TABLE IF NOT EXISTS documents(id TEXT PRIMARY KEY, app TEXT, ord INT,"
	    " kind TEXT, title TEXT, holder TEXT, pages INT, size INT, sha256 TEXT, adm_printable "
	    "INT,"
	    " prints_used INT, prints_allowed INT, status TEXT, issued_at TEXT, path TEXT);"
	    "CREATE TABLE IF NOT EXISTS sessions(token TEXT PRIMARY KEY, nik TEXT, expires INT);"
	    /* Every token ever issued, for tests that look for it where it
	     * must not be (a kiosk's memory after logout). */
	    "CREATE TABLE IF NOT EXISTS tokens_issued(token TEXT, at INT);"
	    /* Each kiosk's uploaded chain, for the print-log anchor (v1.1). */
	    "CREATE TABLE IF NOT EXISTS kiosk_log(kiosk TEXT, seq INT, hash TEXT,"
	    " PRIMARY KEY(kiosk, seq));"
	    "CREATE TABLE IF NOT EXISTS attempts(nik TEXT, at INT);"
	    "CREATE TABLE IF NOT EXISTS reservations(print_id TEXT PRIMARY KEY,"
	    " idem_key TEXT UNIQUE, doc TEXT, nik TEXT, copies INT, state TEXT, created INT,"
	    " expires INT, complete_calls INT DEFAULT 0, release_calls INT DEFAULT 0,"
	    " pages INT, printer TEXT, job_id INT, reason TEXT);"
	    "CREATE TABLE IF NOT EXISTS events(id TEXT PRIMARY KEY, seq INT, type TEXT,"
	    " body TEXT, received INT);"
	    "CREATE TABLE IF NOT EXISTS heartbeats(at INT, body TEXT);"
	    /* Login codes (v1.1): origin kiosk (polled) or phone (claimed). */
	    "CREATE TABLE IF NOT EXISTS login_codes(code TEXT PRIMARY KEY, state TEXT, nik TEXT,"
	    " expires INT, origin TEXT DEFAULT 'kiosk');";
	return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

/* ---- PDF ------------------------------------------------------------------------- */

static void text(cairo_t *cr, double x, double y, double size, bool bold, const char *s)
{
	cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
	                       bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, size);
	cairo_move_to(cr, x, y);
	cairo_show_text(cr, s);
}

static void centered(cairo_t *cr, double y, double size, bool bold, const char *s)
{
	cairo_text_extents_t ext;

	cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
	                       bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, size);
	cairo_text_extents(cr, s, &ext);
	cairo_move_to(cr, (595.0 - ext.width) / 2 - ext.x_bearing, y);
	cairo_show_text(cr, s);
}

/* QR with its 4-module quiet zone, SIDE points wide, top-left at X,Y. */
int sim_pdf_render(const char *title, const char *code, const char *holder, const char *nik,
                   const char *doc_id, const char *verify_host, size_t pad_to, unsigned char **out,
                   size_t *outlen)
{
	kio_pdfbuf_t m = {0};
	cairo_surface_t *s;
	cairo_t *cr;
	char line[256], url[256];
	int rc = -1;

	*out = NULL;
	*outlen = 0;
	s = cairo_pdf_surface_create_for_stream(kio_pdfbuf_write, &m, 595, 842);
	/* Fixed dates: the listed sha256 must not change between runs. */
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE,
	                               "2026-11-03T10:40:00+07:00");
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, "2026-11-03T10:40:00+07:00");
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "adm-central-sim");
	cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	centered(cr, 60, 12, true, "PEMERINTAH KABUPATEN OGAN ILIR");
	centered(cr, 78, 11, true, "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL");
	cairo_set_line_width(cr, 1.5);
	cairo_move_to(cr, 50, 92);
	cairo_line_to(cr, 545, 92);
	cairo_stroke(cr);
	centered(cr, 140, 20, true, title);
	snprintf(line, sizeof line, "Nomor: %s", code);
	centered(cr, 162, 10, false, line);
	text(cr, 60, 220, 11, false, "Nama Lengkap");
	text(cr, 200, 220, 11, true, holder);
	text(cr, 60, 242, 11, false, "NIK");
	text(cr, 200, 242, 11, true, nik);
	text(cr, 60, 264, 11, false, "Kabupaten/Kota");
	text(cr, 200, 264, 11, true, "OGAN ILIR");
	text(cr, 60, 286, 11, false, "Provinsi");
	text(cr, 200, 286, 11, true, "SUMATERA SELATAN");
	text(cr, 60, 308, 11, false, "ID Dokumen");
	text(cr, 200, 308, 11, true, doc_id);
	cairo_rectangle(cr, 50, 190, 495, 135);
	cairo_set_line_width(cr, 0.5);
	cairo_stroke(cr);
	text(cr, 330, 640, 10, false, "Indralaya, 03-11-2026");
	text(cr, 330, 656, 10, false, "KEPALA DINAS KEPENDUDUKAN DAN");
	text(cr, 330, 670, 10, false, "PENCATATAN SIPIL");
	text(cr, 50, 780, 7, false,
	     "Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat");
	text(cr, 50, 790, 7, false, "elektronik yang diterbitkan oleh BSrE - BSSN.");
	snprintf(url, sizeof url, "https://%s/v/%s", verify_host, doc_id);
	if (kio_pdf_qr(cr, url, 445, 690, 100) != KIO_OK)
		goto out;
	cairo_show_page(cr);
	cairo_destroy(cr);
	cr = NULL;
	cairo_surface_finish(s);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS || m.failed)
		goto out;
	/* Benchmark documents: pad with PDF comment lines after %%EOF, which
	 * readers ignore, to reach the wanted size exactly. */
	if (pad_to > m.len) {
		while (m.len < pad_to) {
			size_t chunk = pad_to - m.len > 4096 ? 4096 : pad_to - m.len;
			unsigned char blk[4096];
			memset(blk, 'x', chunk);
			blk[0] = '%';
			blk[chunk - 1] = '\n';
			if (kio_pdfbuf_write(&m, blk, (unsigned)chunk) != CAIRO_STATUS_SUCCESS)
				goto out;
		}
	}
	*out = m.data;
	*outlen = m.len;
	m.data = NULL;
	rc = 0;
out:
	if (cr)
		cairo_destroy(cr);
	cairo_surface_destroy(s);
	free(m.data);
	return rc;
}

/* ---- seeding ------------------------------------------------------------------------ */

typedef struct seed_ctx {
	sqlite3 *db;
	const char *data_dir;
	const char *verify_host;
} seed_ctx_t;

static int exec1(sqlite3 *db, const char *sql, const char *const *args, int n)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		goto out;
	for (int i = 0; i < n; i++)
		sqlite3_bind_text(st, i + 1, args[i], -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_DONE)
		rc = 0;
out:
	if (rc != 0)
		fprintf(stderr, "sim: seed: %s\n", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return rc;
}

static int add_citizen(seed_ctx_t *sc, const sim_demo_t *d)
{
	char hash[crypto_pwhash_STRBYTES];

	/* MIN limits: the sim is a test peer and seeds on every run; production
	 * servers would use at least the INTERACTIVE limits. */
	if (crypto_pwhash_str(hash, d->password, strlen(d->password), crypto_pwhash_OPSLIMIT_MIN,
	                      crypto_pwhash_MEMLIMIT_MIN) != 0)
		return -1;
	const char *a[] = {d->nik, d->name, hash, d->state};
	return exec1(sc->db, "INSERT INTO citizens VALUES(?,?,?,?)", a, 4);
}

static int add_app(seed_ctx_t *sc, const char *nik, int ord, const char *code, const char *service,
                   const char *status)
{
	char o[16];
	snprintf(o, sizeof o, "%d", ord);
	const char *a[] = {code,
	                   nik,
	                   o,
	                   service,
	                   status,
	                   "2026-11-02T09:12:00+07:00",
	                   strcmp(status, "Selesai") == 0 ? "2026-11-03T10:40:00+07:00" : NULL};
	return exec1(sc->db, "INSERT INTO applications VALUES(?,?,?,?,?,?,?)", a, 7);
}

typedef struct docspec {
	const char *id, *app, *kind, *title, *holder, *nik;
	const char *status;
	bool printable;
	int used, allowed; /* allowed -1: NULL */
	bool bad_hash;
	size_t pad_to;
} docspec_t;

/* KTP-el and KIA are cards (PVC blanks at the office): never ADM-printable
 * on A4 HVS, whatever a seed row says. */
static bool is_card(const char *kind)
{
	return !strcmp(kind, "KIA") || !strcmp(kind, "KTP_EL") || !strcmp(kind, "KTP-EL");
}

static int add_doc(seed_ctx_t *sc, const docspec_t *d, int ord)
{
	unsigned char *pdf = NULL;
	size_t len = 0;
	char path[1024], sha[65], num[6][24];
	FILE *f = NULL;
	int rc = -1;

	if (sim_pdf_render(d->title, d->app, d->holder, d->nik, d->id, sc->verify_host, d->pad_to,
	                   &pdf, &len) != 0)
		goto out;
	sim_sha256_hex(pdf, len, sha);
	/* The tampered document: listed hash of the original, file changed. */
	if (d->bad_hash)
		pdf[len / 2] ^= 0x20;
	snprintf(path, sizeof path, "%s/docs/%s.pdf", sc->data_dir, d->id);
	f = fopen(path, "wb");
	if (!f || fwrite(pdf, 1, len, f) != len || fclose(f) != 0) {
		f = NULL;
		goto out;
	}
	f = NULL;
	snprintf(num[0], sizeof num[0], "%d", ord);
	snprintf(num[1], sizeof num[1], "%zu", len);
	snprintf(num[2], sizeof num[2], "%d", d->printable && !is_card(d->kind) ? 1 : 0);
	snprintf(num[3], sizeof num[3], "%d", d->used);
	snprintf(num[4], sizeof num[4], "%d", d->allowed);
	const char *a[] = {d->id,
	                   d->app,
	                   num[0],
	                   d->kind,
	                   d->title,
	                   d->holder,
	                   num[1],
	                   sha,
	                   num[2],
	                   num[3],
	                   d->allowed < 0 ? NULL : num[4],
	                   d->status,
	                   path};
	rc = exec1(sc->db,
	           "INSERT INTO documents(id,app,ord,kind,title,holder,pages,size,sha256,"
	           "adm_printable,prints_used,prints_allowed,status,issued_at,path) VALUES(?,?,?,?,"
	           "?,?,1,?,?,?,?,?,?,'2026-11-03T10:40:00+07:00',?)",
	           a, 13);
out:
	if (f)
		fclose(f);
	free(pdf);
	return rc;
}

int sim_seed(sqlite3 *db, const char *data_dir, const char *verify_host, bool big_docs)
{
	seed_ctx_t sc = {db, data_dir, verify_host};
	char dir[1024];
	int rc = -1;

	if (sodium_init() < 0)
		return -1;
	snprintf(dir, sizeof dir, "%s/docs", data_dir);
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return -1;
	if (sqlite3_exec(
	        db,
	        "BEGIN;DELETE FROM citizens;DELETE FROM applications;DELETE FROM documents;"
	        "DELETE FROM sessions;DELETE FROM attempts;DELETE FROM reservations;"
	        "DELETE FROM events;DELETE FROM heartbeats;",
	        NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	for (size_t i = 0; i < sim_ndemos; i++)
		if (add_citizen(&sc, &sim_demos[i]) != 0)
			goto out;

	const char *budi = sim_demos[0].nik, *dewi = sim_demos[3].nik, *rudi = sim_demos[4].nik;
	if (add_app(&sc, budi, 1, "OI-2026-000123", "Penerbitan Kartu Keluarga", "Selesai") ||
	    add_app(&sc, budi, 2, "OI-2026-000124", "Penerbitan Akta Kelahiran", "Selesai") ||
	    add_app(&sc, budi, 3, "OI-2026-000125", "Penerbitan Akta Kematian", "Selesai") ||
	    add_app(&sc, budi, 4, "OI-2026-000126", "Perubahan Biodata Penduduk", "Diproses"))
		goto out;
	static const docspec_t budi_docs[] = {
	    {"b1000001", "OI-2026-000123", "KK", "Kartu Keluarga", "BUDI SANTOSO",
	     "1610011203850001", "AKTIF", true, 0, 1, false, 0},
	    {"b1000002", "OI-2026-000124", "AKTA_LAHIR", "Akta Kelahiran", "RAFI SANTOSO",
	     "1610011507250007", "AKTIF", true, 0, 1, false, 0},
	    {"b1000003", "OI-2026-000125", "AKTA_MATI", "Akta Kematian", "SLAMET SANTOSO",
	     "1610010101400009", "AKTIF", true, 0, 2, false, 0},
	};
	for (int i = 0; i < 3; i++)
		if (add_doc(&sc, &budi_docs[i], 1) != 0)
			goto out;

	static const char *const dewi_apps[][2] = {
	    {"OI-2026-000201", "Penerbitan Kartu Keluarga"},
	    {"OI-2026-000202", "Penerbitan Akta Kelahiran"},
	    {"OI-2026-000203", "Penerbitan Akta Perkawinan"},
	    {"OI-2026-000204", "Penerbitan Akta Perceraian"},
	    {"OI-2026-000205", "Penerbitan Surat Keterangan Pindah"},
	    {"OI-2026-000206", "Penerbitan Kartu Identitas Anak"},
	};
	for (int i = 0; i < 6; i++)
		if (add_app(&sc, dewi, i + 1, dewi_apps[i][0], dewi_apps[i][1], "Selesai"))
			goto out;
	static const docspec_t dewi_docs[] = {
	    {"d2000001", "OI-2026-000201", "KK", "Kartu Keluarga", "DEWI LESTARI",
	     "1610044408920004", "TIDAK AKTIF", true, 0, 1, false, 0},
	    {"d2000002", "OI-2026-000202", "AKTA_LAHIR", "Akta Kelahiran", "PUTRI LESTARI",
	     "1610045003200008", "AKTIF", true, 0, 1, true, 0},
	    {"d2000003", "OI-2026-000203", "AKTA_KAWIN", "Akta Perkawinan", "DEWI LESTARI",
	     "1610044408920004", "AKTIF", true, 1, 1, false, 0},
	    {"d2000004", "OI-2026-000204", "AKTA_CERAI", "Akta Perceraian", "DEWI LESTARI",
	     "1610044408920004", "AKTIF", false, 0, 1, false, 0},
	    {"d2000005", "OI-2026-000205", "SKPWNI", "Surat Keterangan Pindah", "DEWI LESTARI",
	     "1610044408920004", "AKTIF", true, 0, -1, false, 0},
	    /* A card is printed on card stock at the office, never on HVS
	     * (add_doc enforces it for every card kind). */
	    {"d2000006", "OI-2026-000206", "KIA", "Kartu Identitas Anak", "PUTRI LESTARI",
	     "1610045003200008", "AKTIF", false, 0, 1, false, 0},
	};
	for (int i = 0; i < 6; i++)
		if (add_doc(&sc, &dewi_docs[i], 1) != 0)
			goto out;

	for (int i = 0; i < 25; i++) {
		char code[32], id[16];
		snprintf(code, sizeof code, "OI-2026-%06d", 300 + i);
		snprintf(id, sizeof id, "r30000%02d", i + 1);
		if (add_app(&sc, rudi, i + 1, code, "Penerbitan Biodata Penduduk", "Selesai"))
			goto out;
		docspec_t d = {id,
		               code,
		               "BIODATA",
		               "Biodata Penduduk",
		               "RUDI HARTONO",
		               rudi,
		               "AKTIF",
		               true,
		               0,
		               1,
		               false,
		               0};
		if (add_doc(&sc, &d, 1) != 0)
			goto out;
	}
	if (big_docs) {
		const char *bench = sim_demos[5].nik;
		if (add_app(&sc, bench, 1, "OI-2026-000901", "Dokumen Uji 1 MB", "Selesai") ||
		    add_app(&sc, bench, 2, "OI-2026-000902", "Dokumen Uji 10 MB", "Selesai"))
			goto out;
		docspec_t b1 = {"e4000001",
		                "OI-2026-000901",
		                "BIODATA",
		                "Dokumen Uji 1 MB",
		                "BENCH BESAR",
		                bench,
		                "AKTIF",
		                true,
		                0,
		                -1,
		                false,
		                1000000};
		docspec_t b2 = {"e4000002",
		                "OI-2026-000902",
		                "BIODATA",
		                "Dokumen Uji 10 MB",
		                "BENCH BESAR",
		                bench,
		                "AKTIF",
		                true,
		                0,
		                -1,
		                false,
		                10000000};
		if (add_doc(&sc, &b1, 1) != 0 || add_doc(&sc, &b2, 1) != 0)
			goto out;
	}
	rc = 0;
out:
	sqlite3_exec(db, rc == 0 ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
	return rc;
}
