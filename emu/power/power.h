/* The power model: components with power states, integrated over
 * simulated time into energy per (component, phase).
 *
 * Units are in the names: time t_ps in picoseconds (the scheduler's
 * clock), power in milliwatts (mw), energy in picojoules (pj).
 * 1 mW for 1 ps is 1e-3 pJ.
 *
 * How it accounts:
 *   - each component is in one state at a time; its power is
 *     power_mw + uw_per_mhz * clock_MHz / 1000 (the clock part lets a PMU
 *     clock switch change a core's power without a state per clock);
 *   - every state, clock or phase change at time t first integrates each
 *     affected component's power from its last change up to t into
 *     energy[component][current phase] and time[component][state];
 *   - power_action() adds count x (the action's pJ) to the current phase;
 *   - phases are named by the firmware (trace device) or by devices;
 *     phase 0, "boot", is current until the first power_set_phase().
 *
 * Time never goes backwards: a call with t_ps earlier than the latest time
 * seen returns -1 and changes nothing. Identifiers are small ints returned
 * by the *_id() lookups; -1 means "no such thing". No globals: any number of
 * models can live side by side. */
#ifndef TTEMU_EMU_POWER_H
#define TTEMU_EMU_POWER_H

#include <stddef.h>
#include <stdint.h>

struct board_desc;
struct power;

/* Builds the model from the board's power components (copied: the board
 * may be freed afterwards). Component k is the board's power[k], so ids
 * follow the YAML order. Every component starts in its initial state at
 * t = 0 in phase "boot". Never NULL (emu/xalloc.h: out of memory exits 70). */
struct power *power_create(const struct board_desc *b);
void power_destroy(struct power *p);

/* Identifiers (-1 when absent). */
int power_comp_id(const struct power *p, const char *name);
int power_state_id(const struct power *p, int comp, const char *state);
int power_action_id(const struct power *p, int comp, const char *action);
/* Returns the phase called name, creating it on first use (names are
 * copied, at most 47 characters); -1 for an empty or too long name, or
 * when 1024 phases exist already. */
int power_phase_id(struct power *p, const char *name);

/* Changes at time t_ps; each returns 0, or -1 for a bad id or time going
 * backwards (nothing changed). Setting the current state again only
 * integrates up to t_ps; setting the current phase again counts one more
 * entry (a firmware marking each frame's "inference" back to back). */
int power_set_state(struct power *p, int comp, int state, uint64_t t_ps);
int power_set_clock(struct power *p, int comp, uint64_t clock_hz, uint64_t t_ps);
int power_set_phase(struct power *p, int phase, uint64_t t_ps);
/* count occurrences of an action (its pJ from the board), or a raw energy,
 * charged to the current phase. */
int power_action(struct power *p, int comp, int action, uint64_t count);
int power_add_energy(struct power *p, int comp, double energy_pj);
/* Integrates everything up to t_ps; the model stays usable (a later
 * finish extends the run). Call it before reading the results. */
int power_finish(struct power *p, uint64_t t_ps);

/* Called after every state, clock or phase change, e.g. to write power over
 * time into a trace. comp is -1 for a phase change. */
typedef void (*power_observer_fn)(void *ctx, int comp, uint64_t t_ps, double power_mw, int phase);
void power_set_observer(struct power *p, power_observer_fn fn, void *ctx);

/* ---- reading the model (results are up to the last change/finish) ---- */

uint64_t power_now_ps(const struct power *p);          /* latest time seen */
size_t power_ncomps(const struct power *p);
const char *power_comp_name(const struct power *p, int comp);
int power_comp_state(const struct power *p, int comp); /* current state */
uint64_t power_comp_clock_hz(const struct power *p, int comp);
double power_comp_mw(const struct power *p, int comp); /* power right now */
double power_total_mw(const struct power *p);

size_t power_nstates(const struct power *p, int comp);
const char *power_state_name(const struct power *p, int comp, int state);
uint64_t power_state_time_ps(const struct power *p, int comp, int state);
double power_state_energy_pj(const struct power *p, int comp, int state);

size_t power_nactions(const struct power *p, int comp);
const char *power_action_name(const struct power *p, int comp, int action);
uint64_t power_action_count(const struct power *p, int comp, int action);
double power_action_energy_pj(const struct power *p, int comp); /* actions + raw */

size_t power_nphases(const struct power *p);
int power_current_phase(const struct power *p);
const char *power_phase_name(const struct power *p, int phase);
uint64_t power_phase_time_ps(const struct power *p, int phase);
unsigned power_phase_entries(const struct power *p, int phase); /* times entered */

double power_energy_pj(const struct power *p, int comp, int phase); /* one cell */
double power_comp_energy_pj(const struct power *p, int comp);       /* all phases */
double power_phase_energy_pj(const struct power *p, int phase);     /* all comps */
double power_total_energy_pj(const struct power *p);

#endif
