/* A whole machine (a built-in board, so the SCS, NVIC, SysTick and DWT are
 * there) for the exception and system-device unit tests: vector table and
 * code written straight into memory, single instructions run, exceptions
 * taken where the test says (as the machine's run loop would between
 * slices). Header-only, like tests/unit/harness.h. */
#ifndef TTEMU_TEST_SYS_HARNESS_H
#define TTEMU_TEST_SYS_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/machine.h"
#include "isa/exception.h"

/* Memory layout of the tests (mps2 boards: RAM at 0 and 0x20000000). */
#define SYS_MSP_TOP   0x20010000u
#define SYS_THREAD_PC 0x00001000u
#define SYS_HANDLER(n) (0x00002000u + 0x40u * (n)) /* each: BX LR */

struct sys {
    struct machine m;
    struct cpu *c;
    char msg[256];
};

static void sys_report(void *ctx, struct cpu *c, const char *msg)
{
    (void)c;
    snprintf(((struct sys *)ctx)->msg, sizeof ((struct sys *)ctx)->msg, "%s", msg);
}

static inline void sys_w32(struct sys *s, uint32_t a, uint32_t v)
{
    bus_debug_write(&s->m.bus, a, &v, 4);
}

static inline uint32_t sys_r32(struct sys *s, uint32_t a)
{
    uint32_t v = 0;
    bus_debug_read(&s->m.bus, a, &v, 4);
    return v;
}

/* CPU-side register access (privileged, side effects, bus errors). */
static inline uint32_t reg_rd(struct sys *s, uint32_t a)
{
    uint32_t v = 0xdeadbeefu;
    if (!bus_read(&s->m.bus, a, 4, &v))
        return 0xbadbadbau;
    return v;
}

static inline void reg_wr(struct sys *s, uint32_t a, uint32_t v)
{
    bus_write(&s->m.bus, a, 4, v);
}

static inline void sys_code(struct sys *s, uint32_t addr, const uint16_t *hw, size_t n)
{
    bus_debug_write(&s->m.bus, addr, hw, 2 * n);
}

/* A machine of `board` with: MSP at SYS_MSP_TOP, thread code of NOPs at
 * SYS_THREAD_PC, every exception's vector at its own "BX LR" handler. */
static inline struct sys *sys_new(const char *board)
{
    struct sys *s = calloc(1, sizeof *s);
    char err[256];
    if (!s || machine_init(&s->m, board, err, sizeof err)) {
        fprintf(stderr, "sys_harness: %s\n", err);
        abort();
    }
    s->c = &s->m.cpu;
    s->c->env.ctx = s;
    s->c->env.report = sys_report;
    s->c->env.bkpt = NULL; /* no semihosting in these tests */
    sys_w32(s, 0, SYS_MSP_TOP);
    sys_w32(s, 4, SYS_THREAD_PC | 1);
    static const uint16_t bxlr = 0x4770, nop = 0xbf00;
    for (unsigned n = 2; n < 48; n++) {
        sys_w32(s, 4 * n, SYS_HANDLER(n) | 1);
        sys_code(s, SYS_HANDLER(n), &bxlr, 1);
    }
    for (unsigned k = 0; k < 64; k++)
        sys_code(s, SYS_THREAD_PC + 2 * k, &nop, 1);
    machine_reset(&s->m);
    return s;
}

static inline void sys_free(struct sys *s)
{
    machine_free(&s->m);
    free(s);
}

/* Runs one instruction at c->pc. */
static inline enum cpu_stop sys_step(struct sys *s)
{
    return cpu_run(s->c, 0);
}

#endif
