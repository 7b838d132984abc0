/* The System Control Space (ARMv7-M ARM B3.2) at 0xE000E000 and the DWT
 * (C1.8) at 0xE0001000, attached to every machine. This file maps the
 * 4 KiB SCS window onto its blocks:
 *
 *   0x000-0x00F  ICTR, ACTLR                    scb.c
 *   0x010-0x01F  SysTick                        systick.c
 *   0x100-0xCFF  NVIC (ISER..IPR)               nvic.c
 *   0xD00-0xD8F  SCB (CPUID..CPACR)             scb.c
 *   0xDF0-0xDFF  CoreDebug (DHCSR..DEMCR)       dwt.c
 *   0xF00        STIR                           nvic.c
 *   0xF34-0xF48  FPCCR, FPCAR, FPDSCR, MVFR0-2  scb.c
 *
 * Anything else (MPU, ID registers, reserved space) reads as zero and
 * ignores writes, never a bus error. Unprivileged accesses are bus errors
 * (B3.2.1), except STIR with CCR.USERSETMPEND.
 *
 * The number of external interrupts comes from the board: a device entry
 * `{ name: nvic, type: nvic, params: { num_irq: N, prio_bits: B } }` (no
 * base or size) when the board lists one, else 32 and 3: QEMU's mps2
 * boards have num-irq 32, and the Cortex-M4/M7 of the MPS2 FPGA images
 * implement 3 priority bits (CMSIS __NVIC_PRIO_BITS 3). QEMU 7.2 keeps
 * all 8 bits of a priority register; the firmware tests use priorities
 * that are multiples of 0x20 so both read back the same. */
#include "devices/scs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/scs_priv.h"
#include "emu/board/board.h"
#include "emu/bus.h"
#include "emu/xalloc.h"
#include "isa/cpu.h"
#include "isa/exception.h"

#define CCR_USERSETMPEND (1u << 1)

static bool scs_block_read(struct scs *s, uint32_t off, uint32_t *v)
{
    *v = 0;
    if (off < 0x010)
        return scb_read(s, off, v);
    if (off < 0x020)
        return systick_read(s, off, v);
    if (off >= 0x100 && off < 0xd00)
        return nvic_read(s, off, v);
    if (off >= 0xd00 && off < 0xd90)
        return scb_read(s, off, v);
    if (off >= 0xdf0 && off < 0xe00)
        return coredebug_read(s, off, v);
    if (off >= 0xf34 && off < 0xf4c)
        return scb_read(s, off, v);
    return true;
}

static bool scs_block_write(struct scs *s, uint32_t off, uint32_t v, uint32_t mask)
{
    if (off < 0x010)
        return scb_write(s, off, v, mask);
    if (off < 0x020)
        return systick_write(s, off, v);
    if ((off >= 0x100 && off < 0xd00) || off == 0xf00)
        return nvic_write(s, off, v, mask);
    if (off >= 0xd00 && off < 0xd90)
        return scb_write(s, off, v, mask);
    if (off >= 0xdf0 && off < 0xe00)
        return coredebug_write(s, off, v);
    if (off >= 0xf34 && off < 0xf4c)
        return scb_write(s, off, v, mask);
    return true;
}

static bool scs_mmio_read(void *dev, uint32_t off, unsigned size, uint32_t *v)
{
    struct scs *s = dev;
    if (!cpu_privileged(s->c))
        return false;
    uint32_t w;
    if (!scs_block_read(s, off & ~3u, &w))
        return false;
    unsigned sh = (off & 3) * 8;
    *v = size == 4 ? w : (w >> sh) & ((1u << (8 * size)) - 1);
    return true;
}

static bool scs_mmio_write(void *dev, uint32_t off, unsigned size, uint32_t v)
{
    struct scs *s = dev;
    if (!cpu_privileged(s->c) && !(off == 0xf00 && (s->c->ccr & CCR_USERSETMPEND)))
        return false;
    unsigned sh = (off & 3) * 8;
    uint32_t mask = size == 4 ? 0xffffffffu : ((1u << (8 * size)) - 1) << sh;
    bool ok = scs_block_write(s, off & ~3u, size == 4 ? v : v << sh, mask);
    /* A write may have made an exception runnable (pending, enable,
     * priority, PRIGROUP): the run loop looks before the next insn. */
    if (s->e->npending)
        cpu_request_exit(s->c);
    return ok;
}

static const struct mmio_ops scs_ops = { scs_mmio_read, scs_mmio_write };

static bool dwt_mmio_read(void *dev, uint32_t off, unsigned size, uint32_t *v)
{
    struct scs *s = dev;
    if (!cpu_privileged(s->c))
        return false;
    uint32_t w = 0;
    if (!dwt_read(s, off & ~3u, &w))
        return false;
    unsigned sh = (off & 3) * 8;
    *v = size == 4 ? w : (w >> sh) & ((1u << (8 * size)) - 1);
    return true;
}

static bool dwt_mmio_write(void *dev, uint32_t off, unsigned size, uint32_t v)
{
    struct scs *s = dev;
    if (!cpu_privileged(s->c))
        return false;
    if (size != 4) /* the DWT is word-access only: sub-word writes are ignored */
        return true;
    return dwt_write(s, off, v);
}

static const struct mmio_ops dwt_ops = { dwt_mmio_read, dwt_mmio_write };

struct scs *scs_attach(const struct scs_host *h, char *err, size_t errlen)
{
    struct scs *s = xcalloc(1, sizeof *s);
    s->m = h->m;
    s->c = h->cpu;
    unsigned num_irq = 32, prio_bits = 3;
    const struct board_device *d = board_find_device_type(h->board, "nvic");
    if (d) {
        num_irq = (unsigned)board_param_num(d->params, d->nparams, "num_irq", 32);
        prio_bits = (unsigned)board_param_num(d->params, d->nparams, "prio_bits", 3);
        if (num_irq > EXC_MAX_IRQ || prio_bits < 2 || prio_bits > 8) {
            snprintf(err, errlen, "%s:%u: nvic: expected num_irq 0..%d and prio_bits 2..8",
                     h->board->source, d->loc.line, EXC_MAX_IRQ);
            free(s);
            return NULL;
        }
    }
    if (exc_attach(s->c, num_irq, prio_bits)) {
        snprintf(err, errlen, "out of memory for the exception state");
        free(s);
        return NULL;
    }
    s->e = s->c->exc;
    s->e->sysreset = h->sysreset;
    s->e->sysreset_ctx = h->sysreset_ctx;
    if (bus_add_mmio(h->bus, "scs", SCS_BASE, 0x1000, &scs_ops, s, err, errlen) < 0 ||
        bus_add_mmio(h->bus, "dwt", DWT_BASE, 0x1000, &dwt_ops, s, err, errlen) < 0) {
        exc_detach(s->c);
        free(s);
        return NULL;
    }
    systick_init(s);
    scs_reset(s);
    return s;
}

void scs_set_irq(void *ctx, int irq, bool level) { nvic_set_irq(ctx, irq, level); }

void scs_reset(struct scs *s)
{
    if (!s)
        return;
    exc_reset(s->c);
    s->actlr = 0;
    s->demcr = 0;
    systick_reset(s);
    dwt_reset(s);
}

void scs_detach(struct scs *s)
{
    if (!s)
        return;
    systick_detach(s);
    exc_detach(s->c);
    free(s);
}
