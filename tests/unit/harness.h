/* A bare core for instruction-level tests: code RAM at 0 (4 MiB), data RAM
 * at 0x20000000 (4 MiB), no devices. Header-only so every test binary can
 * use it without another library. */
#ifndef TTEMU_TEST_HARNESS_H
#define TTEMU_TEST_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/bus.h"
#include "isa/cpu.h"

struct harness {
    struct bus bus;
    struct cpu cpu;
    char msg[256]; /* last message the core reported (faults) */
};

static void harness_report(void *ctx, struct cpu *c, const char *msg)
{
    (void)c;
    snprintf(((struct harness *)ctx)->msg, sizeof ((struct harness *)ctx)->msg, "%s", msg);
}

static inline struct harness *harness_new(const char *model)
{
    struct harness *h = calloc(1, sizeof *h);
    char err[128];
    if (!h || bus_init(&h->bus) ||
        bus_add_memory(&h->bus, "code", 0, 4u << 20, REGION_RAM, err, sizeof err) < 0 ||
        bus_add_memory(&h->bus, "ram", 0x20000000u, 4u << 20, REGION_RAM, err, sizeof err) < 0 ||
        cpu_init(&h->cpu, cpu_model_find(model), &h->bus)) {
        fprintf(stderr, "harness: cannot set up\n");
        abort();
    }
    h->cpu.env.ctx = h;
    h->cpu.env.report = harness_report;
    h->cpu.thumb = 1;
    h->cpu.r[13] = h->cpu.sp_main = 0x20100000u;
    return h;
}

static inline void harness_free(struct harness *h)
{
    cpu_free(&h->cpu);
    bus_free(&h->bus);
    free(h);
}

/* Writes halfwords at addr (a 32-bit insn is two halfwords, first one first)
 * and points the PC there. */
static inline void harness_code(struct harness *h, uint32_t addr, const uint16_t *hw, size_t n)
{
    bus_debug_write(&h->bus, addr, hw, 2 * n);
    h->cpu.pc = addr;
}

/* Runs exactly n instructions (or until a stop). */
static inline enum cpu_stop harness_step(struct harness *h, unsigned n)
{
    enum cpu_stop s = CPU_STOP_NONE;
    for (unsigned k = 0; k < n && s == CPU_STOP_NONE; k++)
        s = cpu_run(&h->cpu, 0);
    return s;
}

#endif
