/* `ttemu plot`: pictures drawn with cairo (SVG, PNG or PDF, chosen by the
 * output's extension). plot_draw.c holds the shared parts (surface, axes
 * with units, legend, palette); each picture has its own file. */
#ifndef TTEMU_CLI_PLOT_H
#define TTEMU_CLI_PLOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cairo.h>

/* A page being drawn: its surface, context and the plot area inside the
 * margins, in device units (points for SVG/PDF, pixels for PNG). */
struct plot_page {
    cairo_surface_t *surface;
    cairo_t *cr;
    const char *path;
    bool png;
    double width, height;
    double x0, y0, x1, y1;   /* plot area: left, top, right, bottom */
};

/* A linear axis: data range and its label with the unit. */
struct plot_axis {
    double lo, hi;
    const char *label;
    double min_step;   /* smallest tick step (1 for an index axis), 0: any */
};

/* Opens PATH (.svg, .png or .pdf; --png forces PNG). Returns 0, or -1 with
 * a message. The margins leave room for the title, axes and legend. */
int plot_open(struct plot_page *p, const char *path, bool force_png, double width,
              double height, char *err, size_t errlen);
/* Finishes the file. Returns 0, or -1 with a message (write failure). */
int plot_close(struct plot_page *p, char *err, size_t errlen);

double plot_x(const struct plot_page *p, const struct plot_axis *ax, double v);
double plot_y(const struct plot_page *p, const struct plot_axis *ay, double v);

void plot_title(struct plot_page *p, const char *title);
/* Frame, ticks at 1-2-5 steps, tick labels and the axis labels. */
void plot_axes(struct plot_page *p, const struct plot_axis *ax, const struct plot_axis *ay);
/* One legend row a series, in the right margin (plot_reserve_legend). */
void plot_reserve_legend(struct plot_page *p);
void plot_legend(struct plot_page *p, const char *const *names, size_t n);
/* The k-th colour of the palette (distinct for the first ten). */
void plot_colour(cairo_t *cr, size_t k, double alpha);
/* Text with its left (align 0), centre (0.5) or right (1) at x, baseline y. */
void plot_text(cairo_t *cr, double x, double y, double align, double size, const char *s);

/* A round top for an axis: the smallest 1-2-5 step multiple >= v. */
double plot_nice_ceil(double v);

/* The pictures (one file each). Each returns a ttemu exit code. */
int plot_power(const char *trace, const char *out, bool png, const char *data_csv);
int plot_layers(const char *trace, const char *out, bool png, const char *data_csv);
int plot_table2(const char *validation_json, const char *out, bool png);
int plot_pareto(const char *sweep_json, const char *out, bool png);

#endif
