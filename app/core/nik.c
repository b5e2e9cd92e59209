/* nik.c — NIK structural rules and masking (see nik.h). */
#include "core/nik.h"

#include <string.h>

static const struct {
	const char *name;
	const char *text;
} reasons[KIO_NIK__COUNT] = {
    [KIO_NIK_OK] = {"ok", "NIK sesuai format"},
    [KIO_NIK_EMPTY] = {"empty", "NIK belum diisi"},
    [KIO_NIK_BAD_CHAR] = {"bad_char", "NIK hanya boleh berisi angka 0-9"},
    [KIO_NIK_LENGTH] = {"length", "NIK harus 16 angka"},
    [KIO_NIK_PROVINCE] = {"province", "Kode provinsi pada NIK tidak dikenal"},
    [KIO_NIK_REGENCY] = {"regency", "Kode kabupaten/kota pada NIK tidak valid"},
    [KIO_NIK_DISTRICT] = {"district", "Kode kecamatan pada NIK tidak valid"},
    [KIO_NIK_DAY] = {"day", "Tanggal lahir pada NIK tidak valid"},
    [KIO_NIK_MONTH] = {"month", "Bulan lahir pada NIK tidak valid"},
    [KIO_NIK_DATE] = {"date", "Tanggal lahir pada NIK tidak ada di kalender"},
    [KIO_NIK_SERIAL] = {"serial", "Nomor urut pada NIK tidak valid"},
};

/* Province codes in use (Kemendagri): Sumatra 11-19, Jakarta..Banten 31-36,
 * Bali/Nusa Tenggara 51-53, Kalimantan 61-65, Sulawesi 71-76, Maluku 81-82,
 * Papua 91-96; 21 is Kepulauan Riau. */
static bool province_known(int p)
{
	return (p >= 11 && p <= 19) || p == 21 || (p >= 31 && p <= 36) || (p >= 51 && p <= 53) ||
	       (p >= 61 && p <= 65) || (p >= 71 && p <= 76) || (p >= 81 && p <= 82) ||
	       (p >= 91 && p <= 96);
}

static int two(const char *d)
{
	return (d[0] - '0') * 10 + (d[1] - '0');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

kio_nik_reason_t kio_nik_parse(const char *input, kio_nik_t *out)
{
	kio_nik_t n;
	kio_nik_reason_t r = KIO_NIK_OK;
	size_t count = 0;
	/* The year is unknown (two digits only), so 29 February is allowed. */
	static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	memset(&n, 0, sizeof n);
	if (!input) {
		r = KIO_NIK_EMPTY;
		goto out;
	}
	if (strnlen(input, KIO_NIK_INPUT_MAX + 1) > KIO_NIK_INPUT_MAX) {
		r = KIO_NIK_LENGTH;
		goto out;
	}
	for (const char *p = input; *p; p++) {
		if (*p == ' ' || *p == '.' || *p == '-')
			continue;
		/* Only ASCII digits: Arabic-Indic or full-width digits are other
		 * bytes (>= 0x80) and land here, as does every other character. */
		if (!is_digit(*p)) {
			r = KIO_NIK_BAD_CHAR;
			goto out;
		}
		if (count < KIO_NIK_LEN)
			n.digits[count] = *p;
		count++;
	}
	if (count == 0) {
		r = KIO_NIK_EMPTY;
		goto out;
	}
	if (count != KIO_NIK_LEN) {
		r = KIO_NIK_LENGTH;
		goto out;
	}
	n.province = two(n.digits);
	n.regency = two(n.digits + 2);
	n.district = two(n.digits + 4);
	n.day = two(n.digits + 6);
	n.month = two(n.digits + 8);
	n.year2 = two(n.digits + 10);
	n.serial = two(n.digits + 12) * 100 + two(n.digits + 14);
	if (!province_known(n.province)) {
		r = KIO_NIK_PROVINCE;
	} else if (n.regency == 0) {
		r = KIO_NIK_REGENCY;
	} else if (n.district == 0) {
		r = KIO_NIK_DISTRICT;
	} else if (n.day >= 41 && n.day <= 71) {
		n.female = true;
		n.day -= 40;
	} else if (n.day < 1 || n.day > 31) {
		r = KIO_NIK_DAY;
	}
	if (r != KIO_NIK_OK)
		goto out;
	if (n.month < 1 || n.month > 12)
		r = KIO_NIK_MONTH;
	else if (n.day > mdays[n.month - 1])
		r = KIO_NIK_DATE;
	else if (n.serial == 0)
		r = KIO_NIK_SERIAL;
out:
	if (r != KIO_NIK_OK)
		memset(&n, 0, sizeof n);
	if (out)
		*out = n;
	/* n is a stack copy of a citizen's NIK: do not leave it behind. */
	explicit_bzero(&n, sizeof n);
	return r;
}

const char *kio_nik_reason_name(kio_nik_reason_t reason)
{
	if ((unsigned)reason >= KIO_NIK__COUNT)
		return "unknown";
	return reasons[reason].name;
}

const char *kio_nik_reason_text(kio_nik_reason_t reason)
{
	if ((unsigned)reason >= KIO_NIK__COUNT)
		return "NIK tidak valid";
	return reasons[reason].text;
}

void kio_nik_mask(const char *digits16, char out[KIO_NIK_BUF])
{
	bool ok = digits16 != NULL;

	for (size_t i = 0; ok && i < KIO_NIK_LEN; i++)
		ok = is_digit(digits16[i]);
	if (ok)
		ok = digits16[KIO_NIK_LEN] == '\0';
	for (size_t i = 0; i < KIO_NIK_LEN; i++)
		out[i] = (ok && (i < 4 || i >= KIO_NIK_LEN - 2)) ? digits16[i] : '*';
	out[KIO_NIK_LEN] = '\0';
}
