/*
 * plot.c — fleet-plot: requests per second at the central server over time,
 * one panel per run, drawn with cairo to a PNG, so that a stampede after an
 * outage (or its absence) can be seen.
 *
 *   fleet-plot OUT.png LABEL ARRIVALS [LABEL ARRIVALS]...
 *
 * ARRIVALS has one line per request: "<ms since the run's start> <endpoint>",
 * and optional lines "# outage <from_ms> <to_ms>" that are shaded. All panels
 * share one scale, so two runs compare at a glance.
 */
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_SECONDS = 3600, MAX_PANELS = 4, W = 1400, PANEL_H = 320 };

typedef struct panel {
	const char *label;
	int per_s[MAX_SECONDS];
	int seconds;
	long outage_from, outage_to; /* ms; -1 none */
} panel_t;

static int load(panel_t *p, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[256];

	if (!f)
		return -1;
	p->outage_from = p->outage_to = -1;
	while (fgets(line, sizeof line, f)) {
		long t, a, b;
		if (sscanf(line, "# outage %ld %ld", &a, &b) == 2) {
			p->outage_from = a;
			p->outage_to = b;
		} else if (line[0] != '#' && sscanf(line, "%ld", &t) == 1 && t >= 0 &&
		           t / 1000 < MAX_SECONDS) {
			p->per_s[t / 1000]++;
			if (t / 1000 + 1 > p->seconds)
				p->seconds = (int)(t / 1000 + 1);
		}
	}
	fclose(f);
	return 0;
}

static void text(cairo_t *cr, double x, double y, double size, const char *s)
{
	cairo_set_font_size(cr, size);
	cairo_move_to(cr, x, y);
	cairo_show_text(cr, s);
}

static void draw(cairo_t *cr, const panel_t *p, double y0, int seconds, int peak)
{
	const double left = 70, right = 20, top = 40, bottom = 40;
	double w = W - left - right, h = PANEL_H - top - bottom;
	char buf[128];

	cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
	text(cr, left, y0 + 26, 18, p->label);
	if (p->outage_from >= 0) {
		cairo_set_source_rgba(cr, 0.85, 0.2, 0.2, 0.15);
		cairo_rectangle(cr, left + w * p->outage_from / 1000.0 / seconds, y0 + top,
		                w * (p->outage_to - p->outage_from) / 1000.0 / seconds, h);
		cairo_fill(cr);
	}
	cairo_set_source_rgb(cr, 0.05, 0.35, 0.65);
	double bw = w / seconds;
	for (int s = 0; s < p->seconds && s < seconds; s++) {
		double bh = h * p->per_s[s] / (double)peak;
		cairo_rectangle(cr, left + s * bw, y0 + top + h - bh, bw > 2 ? bw - 1 : bw, bh);
	}
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
	cairo_set_line_width(cr, 1);
	cairo_move_to(cr, left, y0 + top);
	cairo_line_to(cr, left, y0 + top + h);
	cairo_line_to(cr, left + w, y0 + top + h);
	cairo_stroke(cr);
	snprintf(buf, sizeof buf, "%d/s", peak);
	text(cr, 8, y0 + top + 12, 13, buf);
	text(cr, 8, y0 + top + h, 13, "0");
	for (int s = 0; s <= seconds; s += seconds > 600 ? 120 : 60) {
		snprintf(buf, sizeof buf, "%d s", s);
		text(cr, left + w * s / seconds - 10, y0 + top + h + 18, 12, buf);
	}
}

int main(int argc, char **argv)
{
	static panel_t panels[MAX_PANELS];
	int n = 0, seconds = 1, peak = 1;

	if (argc < 4 || (argc - 2) % 2 != 0 || (argc - 2) / 2 > MAX_PANELS) {
		fprintf(stderr, "usage: fleet-plot OUT.png LABEL ARRIVALS [LABEL ARRIVALS]...\n");
		return 2;
	}
	for (int i = 2; i + 1 < argc; i += 2, n++) {
		panels[n].label = argv[i];
		if (load(&panels[n], argv[i + 1]) != 0) {
			fprintf(stderr, "fleet-plot: cannot read %s\n", argv[i + 1]);
			return 1;
		}
		seconds = panels[n].seconds > seconds ? panels[n].seconds : seconds;
		for (int s = 0; s < panels[n].seconds; s++)
			peak = panels[n].per_s[s] > peak ? panels[n].per_s[s] : peak;
	}
	cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, PANEL_H * n);
	cairo_t *cr = cairo_create(sf);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
	                       CAIRO_FONT_WEIGHT_NORMAL);
	for (int i = 0; i < n; i++)
		draw(cr, &panels[i], (double)PANEL_H * i, seconds, peak);
	cairo_status_t st = cairo_surface_write_to_png(sf, argv[1]);
	cairo_destroy(cr);
	cairo_surface_destroy(sf);
	/* The toy font API opened fontconfig: give its caches back so the
	 * sanitizer build's leak check passes (as the test page does). */
	cairo_debug_reset_static_data();
	FcFini();
	cairo_debug_reset_static_data();
	if (st != CAIRO_STATUS_SUCCESS) {
		fprintf(stderr, "fleet-plot: %s: %s\n", argv[1], cairo_status_to_string(st));
		return 1;
	}
	return 0;
}
