/* ttemu's timer (type "timer", docs/devices.md): a down counter at the
 * board's clock_hz parameter. CTRL bit0 enable, bit1 IRQ; LOAD (also
 * restarts); VALUE; STATUS bit0 expired (W1C). Reload on zero. The map:
 * tt_timer_regs.h. */
#ifndef BSP_TT_TIMER_H
#define BSP_TT_TIMER_H

#include <stddef.h>
#include <stdint.h>

#include "tt_timer_regs.h"

typedef struct {
    volatile uint32_t CTRL;     /* 0x00 bit0 enable, bit1 IRQ enable */
    volatile uint32_t LOAD;     /* 0x04 reload value; a write restarts */
    volatile uint32_t VALUE;    /* 0x08 R: current count */
    volatile uint32_t STATUS;   /* 0x0c bit0 expired, W1C */
} tt_timer_t;

_Static_assert(offsetof(tt_timer_t, LOAD) == TT_TIMER_OFF_LOAD &&
               offsetof(tt_timer_t, VALUE) == TT_TIMER_OFF_VALUE &&
               offsetof(tt_timer_t, STATUS) == TT_TIMER_OFF_STATUS,
               "tt_timer_t follows tt_timer_regs.h");

/* Starts a count of `ticks` that sets STATUS (and the IRQ when irq). */
static inline void tt_timer_start(tt_timer_t *t, uint32_t ticks, int irq)
{
    t->CTRL = 0;
    t->STATUS = TT_TIMER_EXPIRED;
    t->LOAD = ticks;
    t->CTRL = TT_TIMER_CTRL_EN | (irq ? TT_TIMER_CTRL_IRQ : 0);
}

static inline volatile uint32_t *tt_timer_status(tt_timer_t *t) { return &t->STATUS; }

static inline void tt_timer_stop(tt_timer_t *t)
{
    t->CTRL = 0;
    t->STATUS = TT_TIMER_EXPIRED;
}

#endif
