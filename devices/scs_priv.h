/* Inside the System Control Space model (devices/scs.c dispatches, and
 * nvic.c, scb.c, systick.c, dwt.c answer their registers). Not for other
 * devices: they reach interrupts through machine_set_irq(). */
#ifndef TTEMU_DEVICES_SCS_PRIV_H
#define TTEMU_DEVICES_SCS_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "emu/sched.h"

struct machine;
struct cpu;
struct exc_state;

#define SCS_BASE 0xE000E000u
#define DWT_BASE 0xE0001000u

struct systick {
    uint32_t csr;          /* ENABLE, TICKINT, CLKSOURCE (COUNTFLAG kept apart) */
    uint32_t rvr;          /* RELOAD, 24 bits */
    uint32_t cur;          /* the counter at tick t_ref */
    uint64_t t_ref;        /* in ticks of the selected clock */
    bool flag;             /* COUNTFLAG latched before t_flag */
    uint64_t t_flag;       /* zeros after this tick set COUNTFLAG */
    uint64_t armed_zero;   /* the tick the event is armed for */
    uint64_t ref_hz;       /* the external reference clock (CLKSOURCE 0) */
    struct sched_event ev;
};

/* A DWT event counter: value = base + (source now - source at sync). */
struct dwt_counter {
    uint32_t base;
    uint64_t src_at;
    bool running;
};

struct dwt {
    uint32_t ctrl;
    struct dwt_counter cyc, cpi, exc, sleep, lsu, fold;
    uint32_t comp[4], mask[4], function[4];
    bool locked;           /* Cortex-M7 software lock (LAR/LSR) */
};

struct scs {
    struct machine *m;
    struct cpu *c;
    struct exc_state *e;
    uint32_t actlr;
    uint32_t demcr;
    struct systick st;
    struct dwt dwt;
};

/* Each block: registers by offset within the 4 KiB SCS window (word
 * aligned); `mask` has the bytes being written (sub-word stores). Reads
 * and writes return false for a bus error. */
bool nvic_read(struct scs *s, uint32_t off, uint32_t *v);
bool nvic_write(struct scs *s, uint32_t off, uint32_t v, uint32_t mask);
void nvic_set_irq(void *ctx, int irq, bool level);

bool scb_read(struct scs *s, uint32_t off, uint32_t *v);
bool scb_write(struct scs *s, uint32_t off, uint32_t v, uint32_t mask);

void systick_init(struct scs *s);
void systick_reset(struct scs *s);
void systick_detach(struct scs *s);
bool systick_read(struct scs *s, uint32_t off, uint32_t *v);
bool systick_write(struct scs *s, uint32_t off, uint32_t v);

/* DWT (its own window) and CoreDebug (DHCSR..DEMCR in the SCS). */
void dwt_reset(struct scs *s);
bool dwt_read(struct scs *s, uint32_t off, uint32_t *v);
bool dwt_write(struct scs *s, uint32_t off, uint32_t v);
bool coredebug_read(struct scs *s, uint32_t off, uint32_t *v);
bool coredebug_write(struct scs *s, uint32_t off, uint32_t v);

#endif
