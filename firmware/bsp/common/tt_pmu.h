/* ttemu's PMU (type "pmu", docs/devices.md): core clock level and the
 * power states of the board's components, by name. The map:
 * tt_pmu_regs.h. */
#ifndef BSP_TT_PMU_H
#define BSP_TT_PMU_H

#include <stddef.h>
#include <stdint.h>

#include "tt_pmu_regs.h"

typedef struct {
    volatile uint32_t CLOCK_LEVEL;  /* 0x00 RW: index into clock_levels_hz */
    volatile uint32_t CLOCK_HZ;     /* 0x04 R */
    volatile uint32_t COMPONENT;    /* 0x08 W: address of a component name */
    volatile uint32_t STATE;        /* 0x0c W: address of a state name */
    volatile uint32_t STATUS;       /* 0x10 R: 1 if the last write named something real */
} tt_pmu_t;

_Static_assert(offsetof(tt_pmu_t, CLOCK_HZ) == TT_PMU_OFF_CLOCK_HZ &&
               offsetof(tt_pmu_t, COMPONENT) == TT_PMU_OFF_COMPONENT &&
               offsetof(tt_pmu_t, STATE) == TT_PMU_OFF_STATE &&
               offsetof(tt_pmu_t, STATUS) == TT_PMU_OFF_STATUS, "tt_pmu_t follows tt_pmu_regs.h");

/* Selects a clock level; returns the PMU's STATUS (1: the level exists). */
static inline uint32_t tt_pmu_clock_level(tt_pmu_t *p, uint32_t level)
{
    p->CLOCK_LEVEL = level;
    return p->STATUS;
}

/* Puts component `comp` into `state`; returns 1 if both exist. The names
 * must stay in memory the emulator can read (string literals are). */
static inline uint32_t tt_pmu_set_state(tt_pmu_t *p, const char *comp, const char *state)
{
    p->COMPONENT = (uint32_t)(uintptr_t)comp;
    if (!p->STATUS)
        return 0;
    p->STATE = (uint32_t)(uintptr_t)state;
    return p->STATUS;
}

#endif
