/* Reads a trace into a timeline (emu/cli/plot_timeline.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/cli/cli.h"
#include "emu/cli/plot_timeline.h"

/* Grows *p (n used, *cap allocated) by one element of size sz. */
static void *grow(void *p, size_t n, size_t *cap, size_t sz)
{
    if (n < *cap)
        return p;
    size_t c = *cap ? *cap * 2 : 64;
    void *q = tt_xrealloc(p, c, sz, "the picture's timeline");
    *cap = c;
    return q;
}

struct tl_build {
    size_t cap_steps, cap_phases, cap_layers;
    double *cur;             /* the components' power now */
    int open_layer;          /* index into layers, or -1 */
    uint64_t core_hz;
};

static void add_step(struct timeline *tl, struct tl_build *b, uint64_t t)
{
    if (tl->nsteps && tl->t_ps[tl->nsteps - 1] == t) {
        memcpy(tl->mw + (tl->nsteps - 1) * tl->ncomps, b->cur, tl->ncomps * sizeof(double));
        return;
    }
    if (tl->nsteps >= b->cap_steps) {
        size_t c = b->cap_steps ? b->cap_steps * 2 : 64;
        tl->t_ps = tt_xrealloc(tl->t_ps, c, sizeof *tl->t_ps, "the picture's timeline");
        tl->mw = tt_xrealloc(tl->mw, c * tl->ncomps + 1, sizeof *tl->mw, "the picture's timeline");
        b->cap_steps = c;
    }
    tl->t_ps[tl->nsteps] = t;
    memcpy(tl->mw + tl->nsteps * tl->ncomps, b->cur, tl->ncomps * sizeof(double));
    tl->nsteps++;
}

static void close_layer(struct timeline *tl, struct tl_build *b, uint64_t t)
{
    if (b->open_layer >= 0)
        tl->layers[b->open_layer].t1_ps = t;
    b->open_layer = -1;
}

static void on_record(struct timeline *tl, struct tl_build *b, const struct trace_record *r)
{
    switch (r->type) {
    case TR_POWER:
        if (r->comp >= tl->ncomps)
            return;
        b->cur[r->comp] = r->mw;
        if ((int)r->comp == tl->core_comp && r->clock_hz)
            b->core_hz = r->clock_hz;
        if (tl->core_comp < 0 && r->clock_hz && r->clock_hz == tl->h.clock_hz) {
            tl->core_comp = r->comp;
            b->core_hz = r->clock_hz;
        }
        add_step(tl, b, r->t_ps);
        break;
    case TR_PHASE:
        tl->phases = grow(tl->phases, tl->nphases, &b->cap_phases, sizeof *tl->phases);
        tl->phases[tl->nphases].t_ps = r->t_ps;
        snprintf(tl->phases[tl->nphases].name, sizeof tl->phases[0].name, "%s", r->name);
        tl->nphases++;
        break;
    case TR_LAYER:
        close_layer(tl, b, r->t_ps);
        if (r->a == 0xffffffffu)
            break;
        tl->layers = grow(tl->layers, tl->nlayers, &b->cap_layers, sizeof *tl->layers);
        tl->layers[tl->nlayers] = (struct tl_layer){ r->t_ps, r->t_ps, r->a, 0, b->core_hz, 0 };
        b->open_layer = (int)tl->nlayers++;
        break;
    case TR_MACS:
        if (b->open_layer >= 0)
            tl->layers[b->open_layer].macs += r->a;
        break;
    case TR_END:
        tl->end_ps = r->t_ps;
        tl->end_energy_pj = r->energy_pj;
        close_layer(tl, b, r->t_ps);
        break;
    default:
        break;
    }
}

int timeline_read(struct timeline *tl, const char *path, char *err, size_t errlen)
{
    memset(tl, 0, sizeof *tl);
    tl->core_comp = -1;
    struct trace_reader *r = trace_open(path, &tl->h, err, errlen);
    if (!r)
        return -1;
    tl->ncomps = tl->h.ncomps;
    struct tl_build b = { .open_layer = -1, .core_hz = tl->h.clock_hz };
    b.cur = tt_xcalloc(tl->ncomps + 1, sizeof *b.cur, "the picture's timeline");
    struct trace_record rec;
    int rc;
    uint64_t last_t = 0;
    while ((rc = trace_next(r, &rec, err, errlen)) == 1) {
        last_t = rec.t_ps;
        on_record(tl, &b, &rec);
    }
    if (!tl->end_ps)
        tl->end_ps = last_t;
    close_layer(tl, &b, tl->end_ps);
    free(b.cur);
    trace_close(r, NULL);
    if (rc < 0) {
        timeline_free(tl);
        return -1;
    }
    for (size_t k = 0; k < tl->nlayers; k++)
        tl->layers[k].energy_pj = timeline_energy_pj(tl, tl->layers[k].t0_ps, tl->layers[k].t1_ps);
    return 0;
}

void timeline_free(struct timeline *tl)
{
    free(tl->t_ps);
    free(tl->mw);
    free(tl->phases);
    free(tl->layers);
    trace_close(NULL, &tl->h);
    memset(tl, 0, sizeof *tl);
}

double timeline_energy_pj(const struct timeline *tl, uint64_t a_ps, uint64_t b_ps)
{
    double e = 0;
    for (size_t k = 0; k < tl->nsteps; k++) {
        uint64_t s = tl->t_ps[k], t = k + 1 < tl->nsteps ? tl->t_ps[k + 1] : tl->end_ps;
        if (s < a_ps)
            s = a_ps;
        if (t > b_ps)
            t = b_ps;
        if (t <= s)
            continue;
        double mw = 0;
        for (size_t c = 0; c < tl->ncomps; c++)
            mw += tl->mw[k * tl->ncomps + c];
        e += mw * (double)(t - s) * 1e-3;   /* mW x ps = 1e-3 pJ */
    }
    return e;
}
