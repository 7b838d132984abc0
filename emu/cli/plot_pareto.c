/* `ttemu plot TABLE.json --pareto`: a merged sweep (ttemu sweep merge) as
 * latency against energy per frame, log-log, every run labelled with its
 * configuration and the Pareto front (no other run both faster and
 * cheaper) joined and marked. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/cli/cli.h"
#include "emu/cli/plot.h"
#include "emu/json_read.h"

struct point {
    double latency_ms, energy_mj;
    char label[160];
    bool front;
};

/* End-to-end when the firmware marks phases, else the whole run. */
static double row_metric(const struct jr_node *row, const char *e2e, const char *total)
{
    double v = jr_number(row, e2e, NAN);
    return v > 0 ? v : jr_number(row, total, NAN);
}

static size_t read_points(const struct jr_node *root, struct point **out)
{
    const struct jr_node *rows = jr_get(root, "rows"), *axes = jr_get(root, "axes");
    size_t n = 0;
    struct point *p = calloc(rows->n + 1, sizeof *p);
    for (size_t k = 0; k < rows->n; k++) {
        const struct jr_node *r = &rows->items[k];
        struct point *q = &p[n];
        q->latency_ms = row_metric(r, "e2e_latency_ms", "duration_ms");
        q->energy_mj = row_metric(r, "e2e_energy_mj", "energy_mj");
        if (!(q->latency_ms > 0) || !(q->energy_mj > 0))
            continue;
        size_t at = 0;
        for (size_t a = 0; axes && a < axes->n && at < sizeof q->label; a++) {
            const char *v = jr_string(r, axes->items[a].string ? axes->items[a].string : "");
            const char *base = v ? strrchr(v, '/') : NULL;
            at += (size_t)snprintf(q->label + at, sizeof q->label - at, "%s%s", a ? " " : "",
                                   base ? base + 1 : v ? v : "?");
        }
        n++;
    }
    for (size_t k = 0; k < n; k++) {
        p[k].front = true;
        for (size_t j = 0; j < n; j++)
            if (j != k && p[j].latency_ms <= p[k].latency_ms && p[j].energy_mj <= p[k].energy_mj &&
                (p[j].latency_ms < p[k].latency_ms || p[j].energy_mj < p[k].energy_mj))
                p[k].front = false;
    }
    *out = p;
    return n;
}

static int by_latency(const void *a, const void *b)
{
    const struct point *x = a, *y = b;
    return (x->latency_ms > y->latency_ms) - (x->latency_ms < y->latency_ms);
}

/* Decade axis over [lo, hi] (values > 0), as log10. */
static void log_range(double lo, double hi, struct plot_axis *ax)
{
    ax->lo = floor(log10(lo));
    ax->hi = ceil(log10(hi));
    if (ax->hi <= ax->lo)
        ax->hi = ax->lo + 1;
}

static void log_ticks(struct plot_page *p, const struct plot_axis *ax, const struct plot_axis *ay)
{
    cairo_t *cr = p->cr;
    char buf[24];
    cairo_set_line_width(cr, 1);
    for (double e = ax->lo; e <= ax->hi; e++) {
        double x = plot_x(p, ax, e);
        cairo_set_source_rgba(cr, 0, 0, 0, 0.15);
        cairo_move_to(cr, x, p->y0);
        cairo_line_to(cr, x, p->y1);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        snprintf(buf, sizeof buf, "%g", pow(10, e));
        plot_text(cr, x, p->y1 + 16, 0.5, 10, buf);
    }
    for (double e = ay->lo; e <= ay->hi; e++) {
        double y = plot_y(p, ay, e);
        cairo_set_source_rgba(cr, 0, 0, 0, 0.15);
        cairo_move_to(cr, p->x0, y);
        cairo_line_to(cr, p->x1, y);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        snprintf(buf, sizeof buf, "%g", pow(10, e));
        plot_text(cr, p->x0 - 6, y + 3.5, 1, 10, buf);
    }
    cairo_rectangle(cr, p->x0, p->y0, p->x1 - p->x0, p->y1 - p->y0);
    cairo_stroke(cr);
    plot_text(cr, (p->x0 + p->x1) / 2, p->height - 14, 0.5, 11, ax->label);
    cairo_save(cr);
    cairo_translate(cr, 16, (p->y0 + p->y1) / 2);
    cairo_rotate(cr, -M_PI / 2);
    plot_text(cr, 0, 0, 0.5, 11, ay->label);
    cairo_restore(cr);
}

static void draw_points(struct plot_page *p, struct point *pts, size_t n, const struct plot_axis *ax,
                        const struct plot_axis *ay)
{
    cairo_t *cr = p->cr;
    qsort(pts, n, sizeof *pts, by_latency);
    plot_colour(cr, 3, 0.9);
    cairo_set_line_width(cr, 1.5);
    bool started = false;
    for (size_t k = 0; k < n; k++)
        if (pts[k].front) {
            double x = plot_x(p, ax, log10(pts[k].latency_ms)), y = plot_y(p, ay, log10(pts[k].energy_mj));
            started ? cairo_line_to(cr, x, y) : cairo_move_to(cr, x, y);
            started = true;
        }
    cairo_stroke(cr);
    for (size_t k = 0; k < n; k++) {
        double x = plot_x(p, ax, log10(pts[k].latency_ms)), y = plot_y(p, ay, log10(pts[k].energy_mj));
        plot_colour(cr, pts[k].front ? 3 : 0, 0.9);
        cairo_arc(cr, x, y, pts[k].front ? 5 : 3.5, 0, 2 * M_PI);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        plot_text(cr, x + 7, y - 5, 0, 9, pts[k].label);
    }
}

int plot_pareto(const char *path, const char *out, bool png)
{
    char err[512];
    struct jr_node *root = jr_parse_file(path, err, sizeof err);
    if (!root) {
        tt_error("%s", err);
        return TT_EXIT_BADINPUT;
    }
    const char *schema = jr_string(root, "schema");
    const struct jr_node *rows = jr_get(root, "rows");
    if (!schema || strcmp(schema, "ttemu-sweep") || !rows || rows->kind != JR_ARRAY) {
        tt_error("%s: expected a merged sweep (schema \"ttemu-sweep\", rows: ttemu sweep merge)", path);
        jr_free(root);
        return TT_EXIT_BADINPUT;
    }
    struct point *pts;
    size_t n = read_points(root, &pts);
    jr_free(root);
    if (!n) {
        tt_error("%s: expected rows with a latency and an energy", path);
        free(pts);
        return TT_EXIT_BADINPUT;
    }
    double lmin = INFINITY, lmax = 0, emin = INFINITY, emax = 0;
    for (size_t k = 0; k < n; k++) {
        lmin = fmin(lmin, pts[k].latency_ms), lmax = fmax(lmax, pts[k].latency_ms);
        emin = fmin(emin, pts[k].energy_mj), emax = fmax(emax, pts[k].energy_mj);
    }
    struct plot_axis ax = { 0, 0, "latency per frame [ms] (log)", 0 }, ay = { 0, 0, "energy per frame [mJ] (log)", 0 };
    log_range(lmin, lmax * 1.5, &ax);
    log_range(emin, emax, &ay);
    struct plot_page p;
    int rc = 0;
    if (plot_open(&p, out, png, 900, 560, err, sizeof err)) {
        tt_error("%s", err);
        rc = TT_EXIT_NOINPUT;
    } else {
        plot_title(&p, "sweep: latency against energy per frame (Pareto front joined)");
        log_ticks(&p, &ax, &ay);
        draw_points(&p, pts, n, &ax, &ay);
        if (plot_close(&p, err, sizeof err)) {
            tt_error("%s", err);
            rc = TT_EXIT_NOINPUT;
        }
    }
    free(pts);
    return rc;
}
