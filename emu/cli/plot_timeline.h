/* A trace read into what the pictures draw: the power of every component
 * as a step function of time, the phases and the layers. */
#ifndef TTEMU_CLI_PLOT_TIMELINE_H
#define TTEMU_CLI_PLOT_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

#include "traces/trace.h"

struct tl_mark {
    uint64_t t_ps;
    char name[64];
};

struct tl_layer {
    uint64_t t0_ps, t1_ps;
    uint32_t index;
    uint64_t macs;           /* MACs reported while the layer was open */
    uint64_t core_hz;        /* the core clock when it started */
    double energy_pj;        /* state power integrated over the layer */
};

struct timeline {
    struct trace_header h;
    size_t ncomps;
    /* Steps: from t_ps[k] to t_ps[k+1] (the last to end_ps) the components
     * draw mw[k * ncomps + c]. */
    size_t nsteps;
    uint64_t *t_ps;
    double *mw;
    uint64_t end_ps;
    double end_energy_pj;    /* the END record's total (actions included) */
    size_t nphases;
    struct tl_mark *phases;
    size_t nlayers;
    struct tl_layer *layers;
    int core_comp;           /* the component whose clock is the core's, or -1 */
};

/* Reads PATH. Returns 0, or -1 with a message naming the file and place. */
int timeline_read(struct timeline *tl, const char *path, char *err, size_t errlen);
void timeline_free(struct timeline *tl);
/* The integral of the stacked state power from a to b, in pJ. */
double timeline_energy_pj(const struct timeline *tl, uint64_t a_ps, uint64_t b_ps);

#endif
