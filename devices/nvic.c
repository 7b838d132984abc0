/* The NVIC (ARMv7-M ARM B3.4): ISER/ICER/ISPR/ICPR/IABR/IPR for the
 * board's external interrupts, STIR, and the input lines devices drive
 * through machine_set_irq(). The state lives in the core's exception
 * model (isa/exception.h); registers past num_irq read as zero and ignore
 * writes (B3.4.3: "not implemented" interrupts). */
#include "devices/scs_priv.h"
#include "isa/cpu.h"
#include "isa/exception.h"

void nvic_set_irq(void *ctx, int irq, bool level)
{
    struct scs *s = ctx;
    if (irq >= 0)
        exc_irq_line(s->c, (unsigned)irq, level);
}

/* Bit k of a 32-interrupt group register: exception 16 + 32*group + k. */
static uint32_t group_bits(const struct scs *s, unsigned group, const uint8_t *arr)
{
    uint32_t v = 0;
    for (unsigned k = 0; k < 32; k++) {
        unsigned irq = 32 * group + k;
        if (irq < s->e->num_irq && arr[16 + irq])
            v |= 1u << k;
    }
    return v;
}

bool nvic_read(struct scs *s, uint32_t off, uint32_t *v)
{
    struct exc_state *e = s->e;
    *v = 0;
    if (off >= 0x400 && off < 0x5f0) { /* IPR: one byte per interrupt */
        for (unsigned b = 0; b < 4; b++) {
            unsigned irq = off - 0x400 + b;
            if (irq < e->num_irq)
                *v |= (uint32_t)e->prio[16 + irq] << (8 * b);
        }
        return true;
    }
    if (off < 0x100 || off >= 0x380 || (off & 0x7f) >= 0x40)
        return true;
    unsigned group = (off & 0x7f) / 4;
    switch (off & ~0x7fu) {
    case 0x100: case 0x180: *v = group_bits(s, group, e->enabled); break;  /* ISER, ICER */
    case 0x200: case 0x280: *v = group_bits(s, group, e->pending); break;  /* ISPR, ICPR */
    case 0x300: *v = group_bits(s, group, e->active); break;               /* IABR */
    }
    return true;
}

bool nvic_write(struct scs *s, uint32_t off, uint32_t v, uint32_t mask)
{
    struct exc_state *e = s->e;
    if (off == 0xf00) { /* STIR: INTID */
        unsigned irq = v & 0x1ff;
        if (irq < e->num_irq)
            exc_set_pending(s->c, 16 + irq);
        return true;
    }
    if (off >= 0x400 && off < 0x5f0) {
        for (unsigned b = 0; b < 4; b++) {
            unsigned irq = off - 0x400 + b;
            if (irq < e->num_irq && (mask >> (8 * b) & 0xff))
                exc_set_priority(s->c, 16 + irq, v >> (8 * b) & 0xff);
        }
        return true;
    }
    if (off < 0x100 || off >= 0x300 || (off & 0x7f) >= 0x40)
        return true;
    unsigned group = (off & 0x7f) / 4;
    for (unsigned k = 0; k < 32; k++) {
        unsigned irq = 32 * group + k;
        if (!(v >> k & 1) || irq >= e->num_irq)
            continue;
        switch (off & ~0x7fu) {
        case 0x100: exc_set_enabled(s->c, 16 + irq, true); break;
        case 0x180: exc_set_enabled(s->c, 16 + irq, false); break;
        case 0x200: exc_set_pending(s->c, 16 + irq); break;
        case 0x280: exc_clear_pending(s->c, 16 + irq); break;
        }
    }
    return true;
}
