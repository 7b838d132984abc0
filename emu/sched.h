/* Simulated time's event queue: a binary heap of events that devices embed
 * in their own state (no allocation when arming). Time is picoseconds.
 * Events at the same time fire in the order they were armed, so runs are
 * deterministic. */
#ifndef TTEMU_EMU_SCHED_H
#define TTEMU_EMU_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#define SCHED_NEVER UINT64_MAX

struct sched_event {
    const char *name;
    void (*fire)(void *ctx, uint64_t t_ps);
    void *ctx;
    uint64_t t_ps;  /* when armed */
    uint64_t seq;   /* arming order, the tie-break */
    int slot;       /* heap index, -1 when not armed */
};

struct sched {
    struct sched_event **heap;
    unsigned n, cap;
    uint64_t seq;
};

/* Returns 0 (out of memory exits, emu/xalloc.h). */
int  sched_init(struct sched *s);
void sched_free(struct sched *s);
/* Initialises an event owned by a device. */
void sched_event_init(struct sched_event *e, const char *name,
                      void (*fire)(void *ctx, uint64_t t_ps), void *ctx);
/* Arms (or re-arms) e for t_ps. */
void sched_arm(struct sched *s, struct sched_event *e, uint64_t t_ps);
void sched_disarm(struct sched *s, struct sched_event *e);
static inline bool sched_armed(const struct sched_event *e) { return e->slot >= 0; }
/* Time of the earliest event, SCHED_NEVER when none. */
uint64_t sched_next_ps(const struct sched *s);
/* Fires, in order, every event due at or before now_ps. An event may arm
 * events (itself included); those due by now_ps fire in this call too. */
void sched_run_until(struct sched *s, uint64_t now_ps);

#endif
