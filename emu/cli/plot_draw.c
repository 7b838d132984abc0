/* The parts every `ttemu plot` picture shares: the surface chosen by the
 * file's extension, axes with units and 1-2-5 ticks, legend and palette. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "emu/cli/plot.h"

#define MARGIN_LEFT   72.0
#define MARGIN_RIGHT  24.0
#define MARGIN_TOP    44.0
#define MARGIN_BOTTOM 52.0

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), k = strlen(tail);
    return n >= k && !strcasecmp(s + n - k, tail);
}

int plot_open(struct plot_page *p, const char *path, bool force_png, double width,
              double height, char *err, size_t errlen)
{
    memset(p, 0, sizeof *p);
    p->path = path;
    p->width = width;
    p->height = height;
    p->png = force_png || ends_with(path, ".png");
    if (p->png)
        p->surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)width, (int)height);
    else if (ends_with(path, ".svg"))
        p->surface = cairo_svg_surface_create(path, width, height);
    else if (ends_with(path, ".pdf"))
        p->surface = cairo_pdf_surface_create(path, width, height);
    else {
        snprintf(err, errlen, "%s: expected an output ending in .svg, .png or .pdf", path);
        return -1;
    }
    if (cairo_surface_status(p->surface) != CAIRO_STATUS_SUCCESS) {
        snprintf(err, errlen, "%s: cannot create: %s", path,
                 cairo_status_to_string(cairo_surface_status(p->surface)));
        cairo_surface_destroy(p->surface);
        p->surface = NULL;
        return -1;
    }
    p->cr = cairo_create(p->surface);
    cairo_set_source_rgb(p->cr, 1, 1, 1);
    cairo_paint(p->cr);
    cairo_select_font_face(p->cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    p->x0 = MARGIN_LEFT;
    p->y0 = MARGIN_TOP;
    p->x1 = width - MARGIN_RIGHT;
    p->y1 = height - MARGIN_BOTTOM;
    return 0;
}

int plot_close(struct plot_page *p, char *err, size_t errlen)
{
    cairo_status_t st = cairo_status(p->cr);
    cairo_destroy(p->cr);
    if (st == CAIRO_STATUS_SUCCESS && p->png)
        st = cairo_surface_write_to_png(p->surface, p->path);
    cairo_surface_finish(p->surface);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(p->surface);
    cairo_surface_destroy(p->surface);
    if (st != CAIRO_STATUS_SUCCESS) {
        snprintf(err, errlen, "%s: cannot write: %s", p->path, cairo_status_to_string(st));
        return -1;
    }
    return 0;
}

double plot_x(const struct plot_page *p, const struct plot_axis *ax, double v)
{
    double span = ax->hi > ax->lo ? ax->hi - ax->lo : 1;
    return p->x0 + (v - ax->lo) / span * (p->x1 - p->x0);
}

double plot_y(const struct plot_page *p, const struct plot_axis *ay, double v)
{
    double span = ay->hi > ay->lo ? ay->hi - ay->lo : 1;
    return p->y1 - (v - ay->lo) / span * (p->y1 - p->y0);
}

void plot_text(cairo_t *cr, double x, double y, double align, double size, const char *s)
{
    cairo_text_extents_t e;
    cairo_set_font_size(cr, size);
    cairo_text_extents(cr, s, &e);
    cairo_move_to(cr, x - align * e.x_advance, y);
    cairo_show_text(cr, s);
}

void plot_title(struct plot_page *p, const char *title)
{
    cairo_set_source_rgb(p->cr, 0, 0, 0);
    plot_text(p->cr, p->width / 2, 26, 0.5, 14, title);
}

static double tick_step(double span)
{
    if (!(span > 0))
        return 1;
    double raw = span / 6, mag = pow(10, floor(log10(raw))), f = raw / mag;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * mag;
}

double plot_nice_ceil(double v)
{
    if (!(v > 0))
        return 1;
    double step = tick_step(v);
    return ceil(v / step - 1e-9) * step;
}

static void tick_label(char *buf, size_t n, double v, double step)
{
    int decimals = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
    snprintf(buf, n, "%.*f", decimals > 6 ? 6 : decimals, fabs(v) < step / 1e6 ? 0.0 : v);
}

void plot_axes(struct plot_page *p, const struct plot_axis *ax, const struct plot_axis *ay)
{
    cairo_t *cr = p->cr;
    char buf[32];
    cairo_set_line_width(cr, 1);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_rectangle(cr, p->x0, p->y0, p->x1 - p->x0, p->y1 - p->y0);
    cairo_stroke(cr);
    double sx = tick_step(ax->hi - ax->lo), sy = tick_step(ay->hi - ay->lo);
    if (sx < ax->min_step)
        sx = ax->min_step;
    if (sy < ay->min_step)
        sy = ay->min_step;
    for (double v = ceil(ax->lo / sx) * sx; v <= ax->hi + sx * 1e-9; v += sx) {
        double x = plot_x(p, ax, v);
        cairo_move_to(cr, x, p->y1);
        cairo_line_to(cr, x, p->y1 + 4);
        cairo_stroke(cr);
        tick_label(buf, sizeof buf, v, sx);
        plot_text(cr, x, p->y1 + 16, 0.5, 10, buf);
    }
    for (double v = ceil(ay->lo / sy) * sy; v <= ay->hi + sy * 1e-9; v += sy) {
        double y = plot_y(p, ay, v);
        cairo_move_to(cr, p->x0 - 4, y);
        cairo_line_to(cr, p->x0, y);
        cairo_stroke(cr);
        tick_label(buf, sizeof buf, v, sy);
        plot_text(cr, p->x0 - 6, y + 3.5, 1, 10, buf);
    }
    plot_text(cr, (p->x0 + p->x1) / 2, p->height - 14, 0.5, 11, ax->label);
    cairo_save(cr);
    cairo_translate(cr, 16, (p->y0 + p->y1) / 2);
    cairo_rotate(cr, -M_PI / 2);
    plot_text(cr, 0, 0, 0.5, 11, ay->label);
    cairo_restore(cr);
}

/* Tableau-like, readable on white and distinct in grey print. */
static const double palette[][3] = {
    { 0.12, 0.47, 0.71 }, { 1.00, 0.50, 0.05 }, { 0.17, 0.63, 0.17 }, { 0.84, 0.15, 0.16 },
    { 0.58, 0.40, 0.74 }, { 0.55, 0.34, 0.29 }, { 0.89, 0.47, 0.76 }, { 0.50, 0.50, 0.50 },
    { 0.74, 0.74, 0.13 }, { 0.09, 0.75, 0.81 },
};

void plot_colour(cairo_t *cr, size_t k, double alpha)
{
    const double *c = palette[k % (sizeof palette / sizeof palette[0])];
    cairo_set_source_rgba(cr, c[0], c[1], c[2], alpha);
}

#define LEGEND_WIDTH 140.0

void plot_reserve_legend(struct plot_page *p)
{
    p->x1 = p->width - LEGEND_WIDTH;
}

void plot_legend(struct plot_page *p, const char *const *names, size_t n)
{
    cairo_t *cr = p->cr;
    double row = 14, x = p->x1 + 14, y = p->y0 + 4;
    for (size_t k = 0; k < n; k++) {
        plot_colour(cr, k, 0.85);
        cairo_rectangle(cr, x, y + row * (double)k, 10, 10);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        plot_text(cr, x + 16, y + row * (double)k + 9, 0, 10, names[k]);
    }
}
