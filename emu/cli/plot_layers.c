/* `ttemu plot RUN.ttt --layers`: latency, energy and MAC/cycle per layer,
 * summed over every time a layer ran (several frames). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/cli/cli.h"
#include "emu/cli/plot.h"
#include "emu/cli/plot_timeline.h"

struct layer_sum {
    uint64_t t_ps, macs;
    double cycles, energy_pj;
};

/* Indexed by layer index: n is one past the largest index seen. */
static struct layer_sum *sum_layers(const struct timeline *tl, size_t *n)
{
    size_t count = 0;
    for (size_t k = 0; k < tl->nlayers; k++)
        if (tl->layers[k].index + 1u > count)
            count = tl->layers[k].index + 1u;
    struct layer_sum *s = tt_xcalloc(count + 1, sizeof *s, "the layer picture");
    for (size_t k = 0; k < tl->nlayers; k++) {
        const struct tl_layer *l = &tl->layers[k];
        struct layer_sum *d = &s[l->index];
        d->t_ps += l->t1_ps - l->t0_ps;
        d->macs += l->macs;
        d->cycles += (double)(l->t1_ps - l->t0_ps) * 1e-12 * (double)l->core_hz;
        d->energy_pj += l->energy_pj;
    }
    *n = count;
    return s;
}

static double metric(const struct layer_sum *s, int which)
{
    switch (which) {
    case 0: return (double)s->t_ps * 1e-6;                 /* us */
    case 1: return s->energy_pj * 1e-6;                    /* uJ */
    default: return s->cycles > 0 ? (double)s->macs / s->cycles : 0;
    }
}

/* One panel of bars, in the band [top, bottom] of the page. */
static void panel(struct plot_page *p, const struct layer_sum *s, size_t n, int which,
                  double top, double bottom, const char *label)
{
    double peak = 0;
    for (size_t k = 0; k < n; k++)
        if (metric(&s[k], which) > peak)
            peak = metric(&s[k], which);
    p->y0 = top;
    p->y1 = bottom;
    struct plot_axis ax = { -0.5, (double)n - 0.5, "layer index", 1 };
    struct plot_axis ay = { 0, plot_nice_ceil(peak * 1.1), label, 0 };
    double w = (p->x1 - p->x0) / (double)(n ? n : 1) * 0.8;
    plot_colour(p->cr, (size_t)which, 0.85);
    for (size_t k = 0; k < n; k++) {
        double x = plot_x(p, &ax, (double)k), y = plot_y(p, &ay, metric(&s[k], which));
        cairo_rectangle(p->cr, x - w / 2, y, w, p->y1 - y);
    }
    cairo_fill(p->cr);
    plot_axes(p, &ax, &ay);
}

static int write_data(const struct layer_sum *s, size_t n, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        tt_error("%s: cannot create", path);
        return -1;
    }
    fprintf(f, "layer,time_ps,energy_pj,macs,cycles,mac_per_cycle\n");
    for (size_t k = 0; k < n; k++)
        fprintf(f, "%zu,%llu,%.3f,%llu,%.0f,%.6f\n", k, (unsigned long long)s[k].t_ps,
                s[k].energy_pj, (unsigned long long)s[k].macs, s[k].cycles, metric(&s[k], 2));
    int bad = ferror(f);
    if (fclose(f) || bad) {
        tt_error("%s: write failed", path);
        return -1;
    }
    return 0;
}

int plot_layers(const char *trace, const char *out, bool png, const char *data_csv)
{
    char err[512];
    struct timeline tl;
    if (timeline_read(&tl, trace, err, sizeof err)) {
        tt_error("%s", err);
        return TT_EXIT_BADINPUT;
    }
    if (!tl.nlayers) {
        tt_error("%s: expected layer records (the firmware marks layers through the trace device)", trace);
        timeline_free(&tl);
        return TT_EXIT_BADINPUT;
    }
    size_t n;
    struct layer_sum *s = sum_layers(&tl, &n);
    struct plot_page p;
    int rc = 0;
    if (plot_open(&p, out, png, 900, 720, err, sizeof err)) {
        tt_error("%s", err);
        rc = TT_EXIT_NOINPUT;
    } else {
        char title[200];
        snprintf(title, sizeof title, "%s: cost per layer (%zu layers)", tl.h.board, n);
        plot_title(&p, title);
        double h = (p.height - 44 - 52) / 3;
        panel(&p, s, n, 0, 44, 44 + h - 40, "latency [us]");
        panel(&p, s, n, 1, 44 + h, 44 + 2 * h - 40, "energy [uJ]");
        panel(&p, s, n, 2, 44 + 2 * h, p.height - 52, "MAC/cycle");
        if (plot_close(&p, err, sizeof err)) {
            tt_error("%s", err);
            rc = TT_EXIT_NOINPUT;
        }
    }
    if (!rc && data_csv && write_data(s, n, data_csv))
        rc = TT_EXIT_NOINPUT;
    free(s);
    timeline_free(&tl);
    return rc;
}
