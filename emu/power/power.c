/* The power integrator (see power.h for the accounting rules).
 *
 * Energies are doubles in pJ: a segment's P x dt is one product, and the
 * number of additions is the number of changes, so rounding stays far
 * below a femtojoule for any realistic run, and the same sequence of calls
 * always gives the same bits. */
#include "emu/power/power.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "emu/board/board.h"
#include "emu/xalloc.h"

#define PHASE_NAME_MAX 48
#define PHASE_MAX 1024      /* a firmware inventing names per frame stops here */

struct pstate {
    char *name;
    double power_mw, uw_per_mhz;
    uint64_t time_ps;          /* time spent in this state */
    double energy_pj;          /* integrated in this state */
};

struct paction {
    char *name;
    double energy_pj;          /* per occurrence */
    uint64_t count;
};

struct pcomp {
    char *name;
    struct pstate *states;
    size_t nstates;
    struct paction *actions;
    size_t nactions;
    int state;
    uint64_t clock_hz;
    uint64_t since_ps;         /* start of the segment not yet integrated */
    double dynamic_pj;         /* actions and raw energy, all phases */
    double *phase_pj;          /* [phase], capacity power.cap_phases */
};

struct pphase {
    char name[PHASE_NAME_MAX];
    uint64_t time_ps;
    unsigned entries;
};

struct power {
    struct pcomp *comps;
    size_t ncomps;
    struct pphase *phases;
    size_t nphases, cap_phases;
    int phase;                 /* current */
    uint64_t phase_since_ps;
    uint64_t now_ps;
    power_observer_fn observer;
    void *observer_ctx;
};

static double state_mw(const struct pcomp *c, int state)
{
    const struct pstate *s = &c->states[state];
    return s->power_mw + s->uw_per_mhz * ((double)c->clock_hz / 1e6) / 1000.0;
}

static void copy_comp(struct pcomp *c, const struct board_power_comp *bc, size_t cap_phases)
{
    c->name = xstrdup(bc->name);
    c->nstates = bc->nstates;
    c->states = xcalloc(bc->nstates, sizeof *c->states);
    for (size_t s = 0; s < bc->nstates; s++) {
        c->states[s].name = xstrdup(bc->states[s].name);
        c->states[s].power_mw = bc->states[s].power_mw;
        c->states[s].uw_per_mhz = bc->states[s].uw_per_mhz;
    }
    c->nactions = bc->nactions;
    c->actions = xcalloc(bc->nactions, sizeof *c->actions);
    for (size_t a = 0; a < bc->nactions; a++) {
        c->actions[a].name = xstrdup(bc->actions[a].name);
        c->actions[a].energy_pj = bc->actions[a].energy_pj;
    }
    c->state = (int)bc->initial;
    c->clock_hz = bc->clock_hz;
    c->phase_pj = xcalloc(cap_phases, sizeof *c->phase_pj);
}

struct power *power_create(const struct board_desc *b)
{
    struct power *p = xcalloc(1, sizeof *p);
    p->cap_phases = 8;
    p->phases = xcalloc(p->cap_phases, sizeof *p->phases);
    p->ncomps = b->npower;
    p->comps = xcalloc(b->npower, sizeof *p->comps);
    for (size_t k = 0; k < b->npower; k++)
        copy_comp(&p->comps[k], &b->power[k], p->cap_phases);
    snprintf(p->phases[0].name, PHASE_NAME_MAX, "boot");
    p->phases[0].entries = 1;
    p->nphases = 1;
    return p;
}

void power_destroy(struct power *p)
{
    if (!p)
        return;
    for (size_t k = 0; k < p->ncomps; k++) {
        struct pcomp *c = &p->comps[k];
        for (size_t s = 0; s < c->nstates; s++)
            free(c->states[s].name);
        for (size_t a = 0; a < c->nactions; a++)
            free(c->actions[a].name);
        free(c->states);
        free(c->actions);
        free(c->phase_pj);
        free(c->name);
    }
    free(p->comps);
    free(p->phases);
    free(p);
}

/* ---- identifiers ------------------------------------------------------- */

static bool comp_ok(const struct power *p, int comp)
{
    return comp >= 0 && (size_t)comp < p->ncomps;
}

int power_comp_id(const struct power *p, const char *name)
{
    for (size_t k = 0; k < p->ncomps; k++)
        if (!strcmp(p->comps[k].name, name))
            return (int)k;
    return -1;
}

int power_state_id(const struct power *p, int comp, const char *state)
{
    if (!comp_ok(p, comp))
        return -1;
    for (size_t s = 0; s < p->comps[comp].nstates; s++)
        if (!strcmp(p->comps[comp].states[s].name, state))
            return (int)s;
    return -1;
}

int power_action_id(const struct power *p, int comp, const char *action)
{
    if (!comp_ok(p, comp))
        return -1;
    for (size_t a = 0; a < p->comps[comp].nactions; a++)
        if (!strcmp(p->comps[comp].actions[a].name, action))
            return (int)a;
    return -1;
}

/* Doubles the per-component phase arrays when a new phase needs room. */
static void grow_phases(struct power *p)
{
    size_t cap = p->cap_phases * 2;
    struct pphase *ph = xcalloc(cap, sizeof *ph);
    memcpy(ph, p->phases, p->nphases * sizeof *ph);
    free(p->phases);
    p->phases = ph;
    for (size_t k = 0; k < p->ncomps; k++) {
        double *e = xcalloc(cap, sizeof *e);
        memcpy(e, p->comps[k].phase_pj, p->nphases * sizeof *e);
        free(p->comps[k].phase_pj);
        p->comps[k].phase_pj = e;
    }
    p->cap_phases = cap;
}

int power_phase_id(struct power *p, const char *name)
{
    size_t len = strlen(name);
    if (len == 0 || len >= PHASE_NAME_MAX)
        return -1;
    for (size_t k = 0; k < p->nphases; k++)
        if (!strcmp(p->phases[k].name, name))
            return (int)k;
    if (p->nphases == PHASE_MAX)
        return -1;
    if (p->nphases == p->cap_phases)
        grow_phases(p);
    memcpy(p->phases[p->nphases].name, name, len + 1);
    return (int)p->nphases++;
}

/* ---- integration ------------------------------------------------------- */

/* Charges comp's current segment [since, t) to its state and the current
 * phase, and starts a new segment at t. */
static void close_segment(struct power *p, struct pcomp *c, uint64_t t_ps)
{
    uint64_t dt = t_ps - c->since_ps;
    double pj = state_mw(c, c->state) * (double)dt / 1000.0;  /* mW x ps = 1e-3 pJ */
    c->states[c->state].time_ps += dt;
    c->states[c->state].energy_pj += pj;
    c->phase_pj[p->phase] += pj;
    c->since_ps = t_ps;
}

/* Accepts t_ps if time does not go backwards. */
static int advance(struct power *p, uint64_t t_ps)
{
    if (t_ps < p->now_ps)
        return -1;
    p->now_ps = t_ps;
    return 0;
}

static void notify(struct power *p, int comp, uint64_t t_ps)
{
    if (p->observer)
        p->observer(p->observer_ctx, comp, t_ps, comp >= 0 ? power_comp_mw(p, comp) : power_total_mw(p),
                    p->phase);
}

int power_set_state(struct power *p, int comp, int state, uint64_t t_ps)
{
    if (!comp_ok(p, comp) || state < 0 || (size_t)state >= p->comps[comp].nstates ||
        advance(p, t_ps))
        return -1;
    close_segment(p, &p->comps[comp], t_ps);
    p->comps[comp].state = state;
    notify(p, comp, t_ps);
    return 0;
}

int power_set_clock(struct power *p, int comp, uint64_t clock_hz, uint64_t t_ps)
{
    if (!comp_ok(p, comp) || advance(p, t_ps))
        return -1;
    close_segment(p, &p->comps[comp], t_ps);
    p->comps[comp].clock_hz = clock_hz;
    notify(p, comp, t_ps);
    return 0;
}

/* Closes every component's segment and the current phase's time at t. */
static void close_all(struct power *p, uint64_t t_ps)
{
    for (size_t k = 0; k < p->ncomps; k++)
        close_segment(p, &p->comps[k], t_ps);
    p->phases[p->phase].time_ps += t_ps - p->phase_since_ps;
    p->phase_since_ps = t_ps;
}

int power_set_phase(struct power *p, int phase, uint64_t t_ps)
{
    if (phase < 0 || (size_t)phase >= p->nphases || advance(p, t_ps))
        return -1;
    close_all(p, t_ps);
    p->phase = phase;
    p->phases[phase].entries++;
    notify(p, -1, t_ps);
    return 0;
}

int power_action(struct power *p, int comp, int action, uint64_t count)
{
    if (!comp_ok(p, comp) || action < 0 || (size_t)action >= p->comps[comp].nactions)
        return -1;
    struct pcomp *c = &p->comps[comp];
    double pj = (double)count * c->actions[action].energy_pj;
    c->actions[action].count += count;
    c->dynamic_pj += pj;
    c->phase_pj[p->phase] += pj;
    return 0;
}

int power_add_energy(struct power *p, int comp, double energy_pj)
{
    if (!comp_ok(p, comp) || !(energy_pj >= 0))
        return -1;
    p->comps[comp].dynamic_pj += energy_pj;
    p->comps[comp].phase_pj[p->phase] += energy_pj;
    return 0;
}

int power_finish(struct power *p, uint64_t t_ps)
{
    if (advance(p, t_ps))
        return -1;
    close_all(p, t_ps);
    return 0;
}

void power_set_observer(struct power *p, power_observer_fn fn, void *ctx)
{
    p->observer = fn;
    p->observer_ctx = ctx;
}

/* ---- reading ------------------------------------------------------------ */

uint64_t power_now_ps(const struct power *p) { return p->now_ps; }
size_t power_ncomps(const struct power *p) { return p->ncomps; }
size_t power_nphases(const struct power *p) { return p->nphases; }
int power_current_phase(const struct power *p) { return p->phase; }

const char *power_comp_name(const struct power *p, int comp)
{
    return comp_ok(p, comp) ? p->comps[comp].name : NULL;
}

int power_comp_state(const struct power *p, int comp)
{
    return comp_ok(p, comp) ? p->comps[comp].state : -1;
}

uint64_t power_comp_clock_hz(const struct power *p, int comp)
{
    return comp_ok(p, comp) ? p->comps[comp].clock_hz : 0;
}

double power_comp_mw(const struct power *p, int comp)
{
    return comp_ok(p, comp) ? state_mw(&p->comps[comp], p->comps[comp].state) : 0;
}

double power_total_mw(const struct power *p)
{
    double mw = 0;
    for (size_t k = 0; k < p->ncomps; k++)
        mw += power_comp_mw(p, (int)k);
    return mw;
}

static const struct pstate *get_state(const struct power *p, int comp, int state)
{
    if (!comp_ok(p, comp) || state < 0 || (size_t)state >= p->comps[comp].nstates)
        return NULL;
    return &p->comps[comp].states[state];
}

size_t power_nstates(const struct power *p, int comp)
{
    return comp_ok(p, comp) ? p->comps[comp].nstates : 0;
}

const char *power_state_name(const struct power *p, int comp, int state)
{
    const struct pstate *s = get_state(p, comp, state);
    return s ? s->name : NULL;
}

uint64_t power_state_time_ps(const struct power *p, int comp, int state)
{
    const struct pstate *s = get_state(p, comp, state);
    return s ? s->time_ps : 0;
}

double power_state_energy_pj(const struct power *p, int comp, int state)
{
    const struct pstate *s = get_state(p, comp, state);
    return s ? s->energy_pj : 0;
}

size_t power_nactions(const struct power *p, int comp)
{
    return comp_ok(p, comp) ? p->comps[comp].nactions : 0;
}

const char *power_action_name(const struct power *p, int comp, int action)
{
    if (!comp_ok(p, comp) || action < 0 || (size_t)action >= p->comps[comp].nactions)
        return NULL;
    return p->comps[comp].actions[action].name;
}

uint64_t power_action_count(const struct power *p, int comp, int action)
{
    if (!comp_ok(p, comp) || action < 0 || (size_t)action >= p->comps[comp].nactions)
        return 0;
    return p->comps[comp].actions[action].count;
}

double power_action_energy_pj(const struct power *p, int comp)
{
    return comp_ok(p, comp) ? p->comps[comp].dynamic_pj : 0;
}

static bool phase_ok(const struct power *p, int phase)
{
    return phase >= 0 && (size_t)phase < p->nphases;
}

const char *power_phase_name(const struct power *p, int phase)
{
    return phase_ok(p, phase) ? p->phases[phase].name : NULL;
}

uint64_t power_phase_time_ps(const struct power *p, int phase)
{
    return phase_ok(p, phase) ? p->phases[phase].time_ps : 0;
}

unsigned power_phase_entries(const struct power *p, int phase)
{
    return phase_ok(p, phase) ? p->phases[phase].entries : 0;
}

double power_energy_pj(const struct power *p, int comp, int phase)
{
    return comp_ok(p, comp) && phase_ok(p, phase) ? p->comps[comp].phase_pj[phase] : 0;
}

/* Sums run in index order so the result is the same bits every time. */
double power_comp_energy_pj(const struct power *p, int comp)
{
    double e = 0;
    for (size_t ph = 0; ph < p->nphases; ph++)
        e += power_energy_pj(p, comp, (int)ph);
    return e;
}

double power_phase_energy_pj(const struct power *p, int phase)
{
    double e = 0;
    for (size_t k = 0; k < p->ncomps; k++)
        e += power_energy_pj(p, (int)k, phase);
    return e;
}

double power_total_energy_pj(const struct power *p)
{
    double e = 0;
    for (size_t k = 0; k < p->ncomps; k++)
        e += power_comp_energy_pj(p, (int)k);
    return e;
}
