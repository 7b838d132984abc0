/* `ttemu plot RUN.ttt`: power over time, stacked by component, with the
 * phases shaded and labelled and the layers as a band. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/cli/cli.h"
#include "emu/cli/plot.h"
#include "emu/cli/plot_timeline.h"

static double total_mw(const struct timeline *tl, size_t k)
{
    double s = 0;
    for (size_t c = 0; c < tl->ncomps; c++)
        s += tl->mw[k * tl->ncomps + c];
    return s;
}

static uint64_t step_end(const struct timeline *tl, size_t k)
{
    return k + 1 < tl->nsteps ? tl->t_ps[k + 1] : tl->end_ps;
}

static void draw_phases(struct plot_page *p, const struct timeline *tl, const struct plot_axis *ax)
{
    cairo_t *cr = p->cr;
    for (size_t k = 0; k < tl->nphases; k++) {
        double a = plot_x(p, ax, (double)tl->phases[k].t_ps * 1e-9);
        uint64_t e = k + 1 < tl->nphases ? tl->phases[k + 1].t_ps : tl->end_ps;
        double b = plot_x(p, ax, (double)e * 1e-9);
        cairo_set_source_rgba(cr, 0, 0, 0, k % 2 ? 0.07 : 0.02);
        cairo_rectangle(cr, a, p->y0, b - a, p->y1 - p->y0);
        cairo_fill(cr);
        if (b - a < 24)
            continue;
        cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
        cairo_save(cr);
        cairo_rectangle(cr, a, p->y0, b - a, p->y1 - p->y0);
        cairo_clip(cr);
        plot_text(cr, (a + b) / 2, p->y0 + 12, 0.5, 9, tl->phases[k].name);
        cairo_restore(cr);
    }
}

/* Component c's band: from the stack below it to its own top, as steps. */
static void draw_band(struct plot_page *p, const struct timeline *tl, size_t c,
                      const struct plot_axis *ax, const struct plot_axis *ay)
{
    cairo_t *cr = p->cr;
    for (size_t k = 0; k < tl->nsteps; k++) {
        double below = 0;
        for (size_t j = 0; j < c; j++)
            below += tl->mw[k * tl->ncomps + j];
        double top = below + tl->mw[k * tl->ncomps + c];
        if (top <= below)
            continue;
        double x0 = plot_x(p, ax, (double)tl->t_ps[k] * 1e-9);
        double x1 = plot_x(p, ax, (double)step_end(tl, k) * 1e-9);
        double y0 = plot_y(p, ay, top), y1 = plot_y(p, ay, below);
        cairo_rectangle(cr, x0, y0, x1 - x0 < 0.2 ? 0.2 : x1 - x0, y1 - y0);
    }
    plot_colour(cr, c, 0.85);
    cairo_fill(cr);
}

static void draw_layers(struct plot_page *p, const struct timeline *tl, const struct plot_axis *ax)
{
    cairo_t *cr = p->cr;
    double h = 8, y = p->y1 - h - 2;
    for (size_t k = 0; k < tl->nlayers; k++) {
        double a = plot_x(p, ax, (double)tl->layers[k].t0_ps * 1e-9);
        double b = plot_x(p, ax, (double)tl->layers[k].t1_ps * 1e-9);
        cairo_set_source_rgba(cr, 0, 0, 0, tl->layers[k].index % 2 ? 0.75 : 0.35);
        cairo_rectangle(cr, a, y, b - a < 0.3 ? 0.3 : b - a, h);
        cairo_fill(cr);
    }
    if (tl->nlayers) {
        cairo_set_source_rgb(cr, 0, 0, 0);
        plot_text(cr, p->x0 + 4, y - 3, 0, 8, "layers");
    }
}

/* The steps drawn, so tests can check the picture against the report. */
static int write_data(const struct timeline *tl, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        tt_error("%s: cannot create", path);
        return -1;
    }
    fprintf(f, "t0_ps,t1_ps");
    for (size_t c = 0; c < tl->ncomps; c++)
        fprintf(f, ",%s_mw", tl->h.comps[c].name);
    fprintf(f, "\n");
    for (size_t k = 0; k < tl->nsteps; k++) {
        fprintf(f, "%llu,%llu", (unsigned long long)tl->t_ps[k], (unsigned long long)step_end(tl, k));
        for (size_t c = 0; c < tl->ncomps; c++)
            fprintf(f, ",%.9g", tl->mw[k * tl->ncomps + c]);
        fprintf(f, "\n");
    }
    int bad = ferror(f);
    if (fclose(f) || bad) {
        tt_error("%s: write failed", path);
        return -1;
    }
    return 0;
}

int plot_power(const char *trace, const char *out, bool png, const char *data_csv)
{
    char err[512];
    struct timeline tl;
    if (timeline_read(&tl, trace, err, sizeof err)) {
        tt_error("%s", err);
        return TT_EXIT_BADINPUT;
    }
    double peak = 0;
    for (size_t k = 0; k < tl.nsteps; k++)
        if (total_mw(&tl, k) > peak)
            peak = total_mw(&tl, k);
    struct plot_axis ax = { 0, (double)tl.end_ps * 1e-9, "simulated time [ms]", 0 };
    struct plot_axis ay = { 0, plot_nice_ceil(peak * 1.15), "power [mW]", 0 };
    struct plot_page p;
    if (plot_open(&p, out, png, 900, 420, err, sizeof err)) {
        timeline_free(&tl);
        tt_error("%s", err);
        return TT_EXIT_NOINPUT;
    }
    char title[200];
    snprintf(title, sizeof title, "%s: power by component (%.3f mJ in states over %.3f ms)",
             tl.h.board, timeline_energy_pj(&tl, 0, tl.end_ps) * 1e-9, ax.hi);
    plot_title(&p, title);
    plot_reserve_legend(&p);
    draw_phases(&p, &tl, &ax);
    for (size_t c = 0; c < tl.ncomps; c++)
        draw_band(&p, &tl, c, &ax, &ay);
    draw_layers(&p, &tl, &ax);
    plot_axes(&p, &ax, &ay);
    const char **names = tt_xcalloc(tl.ncomps + 1, sizeof *names, "the power picture");
    for (size_t c = 0; c < tl.ncomps; c++)
        names[c] = tl.h.comps[c].name;
    plot_legend(&p, names, tl.ncomps);
    free(names);
    int rc = plot_close(&p, err, sizeof err) ? (tt_error("%s", err), TT_EXIT_NOINPUT) : 0;
    if (!rc && data_csv && write_data(&tl, data_csv))
        rc = TT_EXIT_NOINPUT;
    timeline_free(&tl);
    return rc;
}
