/* `ttemu plot validation.json`: ttemu against the paper (make validate's
 * table), as the ratio ttemu / paper per metric and board on a log scale:
 * 1 is the paper, and a bar's height reads as "so many times the paper". */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "emu/cli/cli.h"
#include "emu/cli/plot.h"
#include "emu/json_read.h"

static const char *const metric_keys[] = {
    "e2e_latency_ms", "e2e_energy_mj", "inference_latency_ms",
    "inference_energy_mj", "mac_per_cycle", "uw_per_mhz",
};
static const char *const metric_names[] = {
    "e2e latency", "e2e energy", "inference latency",
    "inference energy", "MAC/cycle", "uW/MHz",
};
#define NMETRICS (sizeof metric_keys / sizeof metric_keys[0])
#define RATIO_DECADES 2.0   /* the axis spans 1/100 .. 100 */

/* log10 of ttemu/paper, or NAN when either is missing. */
static double log_ratio(const struct jr_node *cell)
{
    double paper = jr_number(cell, "paper", NAN), ours = jr_number(cell, "ttemu", NAN);
    if (!(paper > 0) || !(ours > 0))
        return NAN;
    double r = log10(ours / paper);
    return r > RATIO_DECADES ? RATIO_DECADES : r < -RATIO_DECADES ? -RATIO_DECADES : r;
}

static void log_axis(struct plot_page *p, const struct plot_axis *ay)
{
    cairo_t *cr = p->cr;
    static const double ticks[] = { 0.01, 0.1, 0.5, 1, 2, 10, 100 };
    cairo_set_line_width(cr, 1);
    for (size_t k = 0; k < sizeof ticks / sizeof ticks[0]; k++) {
        double y = plot_y(p, ay, log10(ticks[k]));
        char buf[16];
        snprintf(buf, sizeof buf, "%gx", ticks[k]);
        cairo_set_source_rgba(cr, 0, 0, 0, ticks[k] == 1 ? 0.8 : 0.15);
        cairo_move_to(cr, p->x0, y);
        cairo_line_to(cr, p->x1, y);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        plot_text(cr, p->x0 - 6, y + 3.5, 1, 10, buf);
    }
    cairo_rectangle(cr, p->x0, p->y0, p->x1 - p->x0, p->y1 - p->y0);
    cairo_stroke(cr);
    cairo_save(cr);
    cairo_translate(cr, 16, (p->y0 + p->y1) / 2);
    cairo_rotate(cr, -M_PI / 2);
    plot_text(cr, 0, 0, 0.5, 11, ay->label);
    cairo_restore(cr);
}

static void draw_bars(struct plot_page *p, const struct jr_node *boards, const struct jr_node *table,
                      const struct plot_axis *ay)
{
    cairo_t *cr = p->cr;
    double group = (p->x1 - p->x0) / (double)NMETRICS, bar = group * 0.8 / (double)boards->n;
    for (size_t m = 0; m < NMETRICS; m++) {
        double gx = p->x0 + group * (double)m + group * 0.1;
        for (size_t b = 0; b < boards->n; b++) {
            const struct jr_node *row = jr_get(table, boards->items[b].string);
            double r = log_ratio(jr_get(row, metric_keys[m]));
            if (isnan(r))
                continue;   /* the paper has no figure, or the run none */
            double x = gx + bar * (double)b, y0 = plot_y(p, ay, 0), y1 = plot_y(p, ay, r);
            plot_colour(cr, b, 0.85);
            cairo_rectangle(cr, x + 1, fmin(y0, y1), bar - 2, fabs(y1 - y0) < 1 ? 1 : fabs(y1 - y0));
            cairo_fill(cr);
        }
        cairo_set_source_rgb(cr, 0, 0, 0);
        plot_text(cr, gx + group * 0.4, p->y1 + 16, 0.5, 10, metric_names[m]);
    }
}

int plot_table2(const char *path, const char *out, bool png)
{
    char err[512];
    struct jr_node *root = jr_parse_file(path, err, sizeof err);
    if (!root) {
        tt_error("%s", err);
        return TT_EXIT_BADINPUT;
    }
    const struct jr_node *boards = jr_get(root, "boards"), *table = jr_get(root, "table");
    const char *schema = jr_string(root, "schema");
    bool ok = schema && !strcmp(schema, "ttemu-validation") && boards && boards->kind == JR_ARRAY &&
              table && table->kind == JR_OBJECT;
    for (size_t b = 0; ok && b < boards->n; b++)
        ok = boards->items[b].kind == JR_STRING && jr_get(table, boards->items[b].string);
    if (!ok) {
        tt_error("%s: expected make validate's table (schema \"ttemu-validation\", boards, table)", path);
        jr_free(root);
        return TT_EXIT_BADINPUT;
    }
    struct plot_page p;
    if (plot_open(&p, out, png, 900, 420, err, sizeof err)) {
        tt_error("%s", err);
        jr_free(root);
        return TT_EXIT_NOINPUT;
    }
    plot_title(&p, "Table II: ttemu / paper per metric (1x = the paper's figure)");
    plot_reserve_legend(&p);
    struct plot_axis ay = { -RATIO_DECADES, RATIO_DECADES, "ttemu / paper (log scale)", 0 };
    log_axis(&p, &ay);
    draw_bars(&p, boards, table, &ay);
    const char *names[16];
    size_t n = boards->n < 16 ? boards->n : 16;
    for (size_t b = 0; b < n; b++)
        names[b] = boards->items[b].string;
    plot_legend(&p, names, n);
    jr_free(root);
    if (plot_close(&p, err, sizeof err)) {
        tt_error("%s", err);
        return TT_EXIT_NOINPUT;
    }
    return 0;
}
