/* ttemu's trace device (type "trace", docs/devices.md): phase markers, the
 * MAC counter and simulated time. Phases name the report's rows. The map:
 * tt_trace_regs.h. */
#ifndef BSP_TT_TRACE_H
#define BSP_TT_TRACE_H

#include <stddef.h>
#include <stdint.h>

#include "tt_trace_regs.h"

typedef struct {
    volatile uint32_t PHASE;    /* 0x00 W: address of a phase name; R: phase index */
    volatile uint32_t MACS;     /* 0x04 W: add to the MAC counter */
    volatile uint32_t LAYER;    /* 0x08 W: layer starting (0xffffffff: none) */
    volatile uint32_t MARK;     /* 0x0c W: free-form marker */
    volatile uint32_t TIME_LO;  /* 0x10 R: simulated ns, low word (latches HI) */
    volatile uint32_t TIME_HI;  /* 0x14 R */
    volatile uint32_t MACS_LO;  /* 0x18 R (latches HI) */
    volatile uint32_t MACS_HI;  /* 0x1c R */
} tt_trace_t;

_Static_assert(offsetof(tt_trace_t, MACS) == TT_TRACE_OFF_MACS &&
               offsetof(tt_trace_t, LAYER) == TT_TRACE_OFF_LAYER &&
               offsetof(tt_trace_t, MARK) == TT_TRACE_OFF_MARK &&
               offsetof(tt_trace_t, TIME_LO) == TT_TRACE_OFF_TIME_LO &&
               offsetof(tt_trace_t, TIME_HI) == TT_TRACE_OFF_TIME_HI &&
               offsetof(tt_trace_t, MACS_LO) == TT_TRACE_OFF_MACS_LO &&
               offsetof(tt_trace_t, MACS_HI) == TT_TRACE_OFF_MACS_HI, "tt_trace_t follows tt_trace_regs.h");

static inline void tt_trace_phase(tt_trace_t *t, const char *name)
{
    __asm volatile("dsb" ::: "memory");
    t->PHASE = (uint32_t)(uintptr_t)name;
}

/* The simulated time. The compiler barriers keep work the compiler could
 * move (a builtin memcmp, say) on its side of the reading. */
static inline uint64_t tt_trace_time_ns(tt_trace_t *t)
{
    __asm volatile("" ::: "memory");
    uint32_t lo = t->TIME_LO;
    uint64_t ns = ((uint64_t)t->TIME_HI << 32) | lo;
    __asm volatile("" ::: "memory");
    return ns;
}

static inline uint64_t tt_trace_macs(tt_trace_t *t)
{
    uint32_t lo = t->MACS_LO;
    return ((uint64_t)t->MACS_HI << 32) | lo;
}

#endif
