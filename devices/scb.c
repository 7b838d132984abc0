/* The System Control Block (ARMv7-M ARM B3.2.2-B3.2.22, the FP extension's
 * B3.2.20-B3.2.22, ICTR/ACTLR B3.4.3, B3.2.1): identity, interrupt control
 * and state, vector table, priority grouping and reset, sleep control,
 * configuration and control, system handler priorities and state, fault
 * status and address registers, coprocessor access, the FP context
 * registers. CPUID comes from the core model. */
#include <stddef.h>

#include "devices/scs_priv.h"
#include "isa/cpu.h"
#include "isa/exception.h"

#define CCR_STKALIGN (1u << 9)

enum {
    ICSR_NMIPENDSET = 1u << 31, ICSR_PENDSVSET = 1u << 28, ICSR_PENDSVCLR = 1u << 27,
    ICSR_PENDSTSET = 1u << 26, ICSR_PENDSTCLR = 1u << 25, ICSR_ISRPENDING = 1u << 22,
    ICSR_RETTOBASE = 1u << 11,
    AIRCR_SYSRESETREQ = 1u << 2,
};

/* Processor feature registers 0xD40-0xD70 (Cortex-M4 TRM 4.1 and
 * Cortex-M7 TRM 3.2 reset values). */
static const uint32_t id_m4[13] = {
    0x00000030, 0x00000200, 0x00100000, 0x00000000, 0x00100030, 0x00000000, 0x01000000,
    0x00000000, 0x01101110, 0x02111000, 0x21112231, 0x01111110, 0x01310132,
};
static const uint32_t id_m7[13] = {
    0x00000030, 0x00000200, 0x00100000, 0x00000000, 0x00100030, 0x00000000, 0x01000000,
    0x00000000, 0x01101110, 0x02112000, 0x20232231, 0x01111131, 0x01310132,
};

/* SHCSR bit -> (exception, kind): active, pended, enabled (B3.2.13). */
static const struct { uint8_t bit, exc, kind; } shcsr_map[] = {
    { 0, EXC_MEMMANAGE, 0 }, { 1, EXC_BUSFAULT, 0 }, { 3, EXC_USAGEFAULT, 0 },
    { 7, EXC_SVCALL, 0 }, { 8, EXC_DEBUGMON, 0 }, { 10, EXC_PENDSV, 0 }, { 11, EXC_SYSTICK, 0 },
    { 12, EXC_USAGEFAULT, 1 }, { 13, EXC_MEMMANAGE, 1 }, { 14, EXC_BUSFAULT, 1 },
    { 15, EXC_SVCALL, 1 },
    { 16, EXC_MEMMANAGE, 2 }, { 17, EXC_BUSFAULT, 2 }, { 18, EXC_USAGEFAULT, 2 },
};

static bool shpr_implemented(unsigned n)
{
    return n == 4 || n == 5 || n == 6 || n == 11 || n == 12 || n == 14 || n == 15;
}

static uint32_t ccr_writable(const struct cpu *c)
{
    uint32_t m = 0x31bu; /* NONBASETHRDENA USERSETMPEND UNALIGN_TRP DIV_0_TRP BFHFNMIGN STKALIGN */
    if (c->model->kind == CPU_CORTEX_M7)
        m = (m & ~CCR_STKALIGN) | 0x70000u; /* STKALIGN RAO; DC IC BP */
    return m;
}

bool scb_read(struct scs *s, uint32_t off, uint32_t *v)
{
    struct cpu *c = s->c;
    struct exc_state *e = s->e;
    bool fpu = c->model->has_fpu;
    *v = 0;
    switch (off) {
    case 0x004: *v = e->num_irq ? (e->num_irq + 31) / 32 - 1 : 0; break; /* ICTR */
    case 0x008: *v = s->actlr; break;
    case 0xd00: *v = c->model->cpuid; break;
    case 0xd04: { /* ICSR */
        uint32_t x = c->ipsr & 0x1ff;
        /* RETTOBASE is UNKNOWN in Thread mode: set there, as QEMU does. */
        if (exc_rettobase(c) || c->ipsr == 0) x |= ICSR_RETTOBASE;
        x |= (exc_vectpending(c) & 0x1ff) << 12;
        if (exc_isrpending(c)) x |= ICSR_ISRPENDING;
        if (e->pending[EXC_SYSTICK]) x |= ICSR_PENDSTSET;
        if (e->pending[EXC_PENDSV]) x |= ICSR_PENDSVSET;
        if (e->pending[EXC_NMI]) x |= ICSR_NMIPENDSET;
        *v = x;
        break;
    }
    case 0xd08: *v = c->vtor; break;
    case 0xd0c: *v = 0xfa050000u | (c->aircr_prigroup & 7) << 8; break;
    case 0xd10: *v = e->scr; break;
    case 0xd14: *v = c->ccr; break;
    case 0xd18: case 0xd1c: case 0xd20:
        for (unsigned b = 0; b < 4; b++) {
            unsigned n = 4 + (off - 0xd18) + b;
            if (shpr_implemented(n))
                *v |= (uint32_t)e->prio[n] << (8 * b);
        }
        break;
    case 0xd24:
        for (size_t k = 0; k < sizeof shcsr_map / sizeof shcsr_map[0]; k++) {
            const uint8_t *arr = shcsr_map[k].kind == 0 ? e->active
                               : shcsr_map[k].kind == 1 ? e->pending : e->enabled;
            if (arr[shcsr_map[k].exc])
                *v |= 1u << shcsr_map[k].bit;
        }
        break;
    case 0xd28: *v = e->cfsr; break;
    case 0xd2c: *v = e->hfsr; break;
    case 0xd30: *v = e->dfsr; break;
    case 0xd34: *v = e->mmfar; break;
    case 0xd38: *v = e->bfar; break;
    case 0xd3c: *v = e->afsr; break;
    case 0xd88: *v = fpu ? c->cpacr & (0xfu << 20) : 0; break;
    case 0xf34: *v = fpu ? e->fpccr : 0; break;
    case 0xf38: *v = fpu ? e->fpcar : 0; break;
    case 0xf3c: *v = fpu ? e->fpdscr : 0; break;
    case 0xf40: *v = !fpu ? 0 : c->model->has_fpu_dp ? 0x10110221u : 0x10110021u; break;
    case 0xf44: *v = !fpu ? 0 : c->model->has_fpu_dp ? 0x12000011u : 0x11000011u; break;
    case 0xf48: *v = c->model->kind == CPU_CORTEX_M7 && fpu ? 0x00000040u : 0; break;
    default:
        if (off >= 0xd40 && off <= 0xd70)
            *v = (c->model->kind == CPU_CORTEX_M7 ? id_m7 : id_m4)[(off - 0xd40) / 4];
        break;
    }
    return true;
}

static void write_shcsr(struct scs *s, uint32_t v)
{
    struct exc_state *e = s->e;
    for (size_t k = 0; k < sizeof shcsr_map / sizeof shcsr_map[0]; k++) {
        unsigned n = shcsr_map[k].exc;
        bool on = v >> shcsr_map[k].bit & 1;
        switch (shcsr_map[k].kind) {
        case 0: e->active[n] = on; break; /* B3.2.13: writable, with care */
        case 1:
            if (on) exc_set_pending(s->c, n);
            else exc_clear_pending(s->c, n);
            break;
        default: exc_set_enabled(s->c, n, on); break;
        }
    }
}

bool scb_write(struct scs *s, uint32_t off, uint32_t v, uint32_t mask)
{
    struct cpu *c = s->c;
    struct exc_state *e = s->e;
    bool fpu = c->model->has_fpu;
    if (mask != 0xffffffffu) {
        /* A sub-word store to a read/write register keeps the other bytes. */
        static const uint16_t rw[] = { 0x008, 0xd08, 0xd10, 0xd14, 0xd24, 0xd34, 0xd38,
                                       0xd88, 0xf34, 0xf38, 0xf3c };
        for (size_t k = 0; k < sizeof rw / sizeof rw[0]; k++)
            if (rw[k] == off) {
                uint32_t old;
                scb_read(s, off, &old);
                v = (old & ~mask) | (v & mask);
            }
    }
    switch (off) {
    case 0x008: s->actlr = v & 0x307u; break;
    case 0xd04:
        if (v & ICSR_NMIPENDSET) exc_set_pending(c, EXC_NMI);
        if (v & ICSR_PENDSVSET) exc_set_pending(c, EXC_PENDSV);
        else if (v & ICSR_PENDSVCLR) exc_clear_pending(c, EXC_PENDSV);
        if (v & ICSR_PENDSTSET) exc_set_pending(c, EXC_SYSTICK);
        else if (v & ICSR_PENDSTCLR) exc_clear_pending(c, EXC_SYSTICK);
        break;
    case 0xd08: c->vtor = v & 0xffffff80u; break; /* TBLOFF [31:7] */
    case 0xd0c:
        if ((v >> 16) != 0x05fa)
            break; /* VECTKEY wrong: ignored */
        c->aircr_prigroup = v >> 8 & 7;
        if (v & AIRCR_SYSRESETREQ) {
            e->reset_req = true;
            cpu_request_exit(c);
        }
        break;
    case 0xd10: e->scr = v & (SCR_SLEEPONEXIT | SCR_SLEEPDEEP | SCR_SEVONPEND); break;
    case 0xd14: {
        uint32_t w = ccr_writable(c);
        c->ccr = (c->ccr & ~w) | (v & w);
        if (c->model->kind == CPU_CORTEX_M7)
            c->ccr |= CCR_STKALIGN;
        break;
    }
    case 0xd18: case 0xd1c: case 0xd20:
        for (unsigned b = 0; b < 4; b++) {
            unsigned n = 4 + (off - 0xd18) + b;
            if (shpr_implemented(n) && (mask >> (8 * b) & 0xff))
                exc_set_priority(c, n, v >> (8 * b) & 0xff);
        }
        break;
    case 0xd24: write_shcsr(s, v); break;
    case 0xd28: e->cfsr &= ~v; break;   /* write one to clear */
    case 0xd2c: e->hfsr &= ~v; break;
    case 0xd30: e->dfsr &= ~v; break;
    case 0xd34: e->mmfar = v; break;
    case 0xd38: e->bfar = v; break;
    case 0xd3c: e->afsr &= ~v; break;
    case 0xd88:
        if (fpu)
            c->cpacr = v & (0xfu << 20);
        break;
    case 0xf34:
        if (fpu)
            e->fpccr = v & 0xc000017bu;
        break;
    case 0xf38:
        if (fpu)
            e->fpcar = v & ~7u;
        break;
    case 0xf3c:
        if (fpu)
            e->fpdscr = v & 0x07c00000u;
        break;
    }
    return true;
}
