/*
 * palette.c — the two palettes: the normal one (the KIO_C_* colours screens
 * are written with) and the high-contrast one a citizen can switch to.
 *
 * High contrast is black on white with dark accents: every text/background
 * pair the screens draw reaches WCAG 2.1 AAA (7:1), checked by test_ui from
 * the rendered pixels; the normal palette reaches AA (4.5:1). The mapping is
 * by colour, at the primitives, so a new screen follows the toggle as long
 * as it uses the KIO_C_* colours.
 */
#include "ui/ui-private.h"

/* Role (for the reader), normal colour, high-contrast colour. */
static const struct {
	const char *role;
	uint32_t normal, contrast;
} palette[] = {
    {"header", KIO_C_HEADER, 0x000000},
    {"header_text", KIO_C_HEADER_TEXT, 0xFFFFFF}, /* = card, key, on_primary */
    {"header_sub", KIO_C_HEADER_SUB, 0xFFFFFF},
    {"bg", KIO_C_BG, 0xFFFFFF},
    {"border", KIO_C_BORDER, 0x000000},
    {"text", KIO_C_TEXT, 0x000000},
    {"muted", KIO_C_MUTED, 0x2E2E2E},
    {"primary", KIO_C_PRIMARY, 0x002B66},
    {"primary_down", KIO_C_PRIMARY_DOWN, 0x000000},
    {"key_down", KIO_C_KEY_DOWN, 0xE0E8F5},
    {"green", KIO_C_GREEN, 0x00501A},
    {"green_bg", KIO_C_GREEN_BG, 0xEAF6EE},
    {"amber", KIO_C_AMBER, 0x5A3000},
    {"amber_bg", KIO_C_AMBER_BG, 0xFFF4DE},
    {"red", KIO_C_RED, 0x7A0F0A},
    {"red_bg", KIO_C_RED_BG, 0xFFEDEB},
    {"disabled", KIO_C_DISABLED, 0x3D3D3D},
    {"rule", KIO_C_RULE, 0x6B6B6B},
    {"panel", KIO_C_PANEL, 0xFFFFFF},
};

_Static_assert(KIO_C_CARD == KIO_C_HEADER_TEXT && KIO_C_KEY == KIO_C_HEADER_TEXT &&
                   KIO_C_ON_PRIMARY == KIO_C_HEADER_TEXT,
               "white maps once: card, key and text on primary share an entry");

uint32_t kio_color(const kio_ui_t *ui, uint32_t rgb)
{
	if (!ui->contrast)
		return rgb;
	for (size_t i = 0; i < sizeof palette / sizeof palette[0]; i++)
		if (palette[i].normal == rgb)
			return palette[i].contrast;
	return rgb;
}
