/* Arm CMSDK APB timer (type "cmsdk-timer": the MPS2 boards): CTRL bit0
 * enable, bit3 IRQ enable; VALUE; RELOAD; INTSTATUS (W1C). The map:
 * cmsdk_timer_regs.h. */
#ifndef BSP_CMSDK_TIMER_H
#define BSP_CMSDK_TIMER_H

#include <stddef.h>
#include <stdint.h>

#include "cmsdk_timer_regs.h"

typedef struct {
    volatile uint32_t CTRL;       /* 0x00 bit0 enable, bit3 IRQ enable */
    volatile uint32_t VALUE;      /* 0x04 */
    volatile uint32_t RELOAD;     /* 0x08 */
    volatile uint32_t INTSTATUS;  /* 0x0c W1C */
} cmsdk_timer_t;

_Static_assert(offsetof(cmsdk_timer_t, VALUE) == CMSDK_TIMER_OFF_VALUE &&
               offsetof(cmsdk_timer_t, RELOAD) == CMSDK_TIMER_OFF_RELOAD &&
               offsetof(cmsdk_timer_t, INTSTATUS) == CMSDK_TIMER_OFF_INTSTATUS,
               "cmsdk_timer_t follows cmsdk_timer_regs.h");

static inline void cmsdk_timer_start(cmsdk_timer_t *t, uint32_t ticks, int irq)
{
    t->CTRL = 0;
    t->INTSTATUS = 1;
    t->RELOAD = ticks;
    t->VALUE = ticks;
    t->CTRL = CMSDK_TIMER_CTRL_EN | (irq ? CMSDK_TIMER_CTRL_IRQ : 0);
}

static inline volatile uint32_t *cmsdk_timer_status(cmsdk_timer_t *t) { return &t->INTSTATUS; }

static inline void cmsdk_timer_stop(cmsdk_timer_t *t)
{
    t->CTRL = 0;
    t->INTSTATUS = 1;
}

#endif
