/* The Data Watchpoint and Trace unit's counters (ARMv7-M ARM C1.8) and
 * CoreDebug's DEMCR (C1.6.5), whose TRCENA gates the DWT: with TRCENA 0
 * the counters do not count (their registers stay accessible).
 *
 * The counters come from the core's own accounting, so firmware can time
 * itself in simulated cycles:
 *   CYCCNT   c->cycles (every cycle, asleep too; 32-bit, wraps)
 *   EXCCNT   cycles of exception entry, return and tail-chain overhead
 *            (isa/exception.c counts them), 8-bit
 *   SLEEPCNT cycles asleep in WFI/WFE/sleep-on-exit (the machine's
 *            sleep_cycles), 8-bit
 *   CPICNT   the cycles beyond the first of each instruction, less those
 *            EXCCNT, SLEEPCNT and LSUCNT count: cycles - instructions -
 *            exception overhead - sleep, 8-bit
 *   LSUCNT   approximated as 0: the core does not separate the extra
 *            cycles of loads and stores from other multi-cycle costs, so
 *            they are in CPICNT instead
 *   FOLDCNT  approximated as 0: ttemu's core folds no instructions
 * The counter overflow events (CYCEVTENA...) and the comparators' match
 * functions are not modelled: COMPn/MASKn/FUNCTIONn only hold their
 * values. PCSR samples the address of the instruction reading it. */
#include <string.h>

#include "devices/device.h"
#include "devices/scs_priv.h"
#include "isa/cpu.h"
#include "isa/exception.h"

#define DEMCR_TRCENA (1u << 24)
enum {
    CTRL_CYCCNTENA = 1u << 0, CTRL_CPIEVTENA = 1u << 17, CTRL_EXCEVTENA = 1u << 18,
    CTRL_SLEEPEVTENA = 1u << 19, CTRL_LSUEVTENA = 1u << 20, CTRL_FOLDEVTENA = 1u << 21,
};
/* Writable CTRL bits: CYCCNTENA..CYCEVTENA (C1.8.7); NUMCOMP 4 above. */
#define CTRL_WRITABLE 0x007f1fffu
#define CTRL_NUMCOMP (4u << 28)

enum src { SRC_CYC, SRC_CPI, SRC_EXC, SRC_SLEEP, SRC_ZERO };

static uint64_t source(const struct scs *s, enum src k)
{
    const struct cpu *c = s->c;
    switch (k) {
    case SRC_CYC: return c->cycles;
    case SRC_EXC: return s->e->overhead_cycles;
    case SRC_SLEEP: return dev_sleep_cycles(s->m);
    case SRC_CPI: return c->cycles - c->insns - s->e->overhead_cycles - dev_sleep_cycles(s->m);
    default: return 0;
    }
}

static uint32_t counter_value(const struct scs *s, const struct dwt_counter *k, enum src src,
                              uint32_t mask)
{
    uint32_t v = k->base;
    if (k->running)
        v += (uint32_t)(source(s, src) - k->src_at);
    return v & mask;
}

/* Starts or stops a counter, keeping its value. */
static void counter_run(struct scs *s, struct dwt_counter *k, enum src src, bool run)
{
    if (k->running == run)
        return;
    k->base = counter_value(s, k, src, 0xffffffffu);
    k->src_at = source(s, src);
    k->running = run;
}

static void counter_set(struct scs *s, struct dwt_counter *k, enum src src, uint32_t v)
{
    k->base = v;
    k->src_at = source(s, src);
}

/* Which counters run: TRCENA and each enable bit. */
static void update_running(struct scs *s)
{
    struct dwt *d = &s->dwt;
    bool on = s->demcr & DEMCR_TRCENA;
    counter_run(s, &d->cyc, SRC_CYC, on && (d->ctrl & CTRL_CYCCNTENA));
    counter_run(s, &d->cpi, SRC_CPI, on && (d->ctrl & CTRL_CPIEVTENA));
    counter_run(s, &d->exc, SRC_EXC, on && (d->ctrl & CTRL_EXCEVTENA));
    counter_run(s, &d->sleep, SRC_SLEEP, on && (d->ctrl & CTRL_SLEEPEVTENA));
}

void dwt_reset(struct scs *s)
{
    memset(&s->dwt, 0, sizeof s->dwt);
    s->dwt.locked = s->c->model->kind == CPU_CORTEX_M7;
}

bool dwt_read(struct scs *s, uint32_t off, uint32_t *v)
{
    struct dwt *d = &s->dwt;
    *v = 0;
    switch (off) {
    case 0x000: *v = CTRL_NUMCOMP | d->ctrl; break;
    case 0x004: *v = counter_value(s, &d->cyc, SRC_CYC, 0xffffffffu); break;
    case 0x008: *v = counter_value(s, &d->cpi, SRC_CPI, 0xff); break;
    case 0x00c: *v = counter_value(s, &d->exc, SRC_EXC, 0xff); break;
    case 0x010: *v = counter_value(s, &d->sleep, SRC_SLEEP, 0xff); break;
    case 0x014: *v = d->lsu.base & 0xff; break;
    case 0x018: *v = d->fold.base & 0xff; break;
    case 0x01c: *v = s->c->r[15] - 4; break; /* PCSR */
    case 0xfb4: /* LSR: the Cortex-M7 has the software lock */
        *v = s->c->model->kind == CPU_CORTEX_M7 ? (d->locked ? 3u : 1u) : 0;
        break;
    /* Peripheral and component identification (C1.8.2; the TRMs' values). */
    case 0xfd0: *v = 0x04; break;
    case 0xfe0: *v = 0x02; break;
    case 0xfe4: *v = 0xb0; break;
    case 0xfe8: *v = 0x3b; break;
    case 0xff0: *v = 0x0d; break;
    case 0xff4: *v = 0xe0; break;
    case 0xff8: *v = 0x05; break;
    case 0xffc: *v = 0xb1; break;
    default:
        if (off >= 0x020 && off < 0x060) {
            unsigned n = (off - 0x020) / 16;
            switch ((off - 0x020) % 16) {
            case 0x0: *v = d->comp[n]; break;
            case 0x4: *v = d->mask[n]; break;
            case 0x8: *v = d->function[n]; break;
            }
        }
        break;
    }
    return true;
}

bool dwt_write(struct scs *s, uint32_t off, uint32_t v)
{
    struct dwt *d = &s->dwt;
    if (off == 0xfb0) { /* LAR */
        d->locked = v != 0xc5acce55u && s->c->model->kind == CPU_CORTEX_M7;
        return true;
    }
    if (d->locked)
        return true; /* writes ignored while locked (Cortex-M7 TRM) */
    switch (off) {
    case 0x000:
        d->ctrl = v & CTRL_WRITABLE;
        update_running(s);
        break;
    case 0x004: counter_set(s, &d->cyc, SRC_CYC, v); break;
    case 0x008: counter_set(s, &d->cpi, SRC_CPI, v & 0xff); break;
    case 0x00c: counter_set(s, &d->exc, SRC_EXC, v & 0xff); break;
    case 0x010: counter_set(s, &d->sleep, SRC_SLEEP, v & 0xff); break;
    case 0x014: d->lsu.base = v & 0xff; break;
    case 0x018: d->fold.base = v & 0xff; break;
    default:
        if (off >= 0x020 && off < 0x060) {
            unsigned n = (off - 0x020) / 16;
            switch ((off - 0x020) % 16) {
            case 0x0: d->comp[n] = v; break;
            case 0x4: d->mask[n] = v & 0x1f; break;
            case 0x8: d->function[n] = v & 0x000f0fafu; break;
            }
        }
        break;
    }
    return true;
}

/* CoreDebug: DHCSR reads as "no debugger" (C_DEBUGEN 0), DCRSR/DCRDR are
 * halting-debug only; DEMCR holds TRCENA, the vector catch and monitor
 * bits. */
bool coredebug_read(struct scs *s, uint32_t off, uint32_t *v)
{
    *v = off == 0xdfc ? s->demcr : 0;
    return true;
}

bool coredebug_write(struct scs *s, uint32_t off, uint32_t v)
{
    if (off == 0xdfc) {
        s->demcr = v & 0x010f07f1u;
        /* DebugMonitor enable follows MON_EN (C1.6.5). */
        exc_set_enabled(s->c, EXC_DEBUGMON, v >> 16 & 1);
        update_running(s);
    }
    return true;
}
