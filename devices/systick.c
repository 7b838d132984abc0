/* SysTick (ARMv7-M ARM B3.3): a 24-bit down-counter on the processor
 * clock (CSR.CLKSOURCE 1) or the external reference clock (0; 1 MHz on
 * the MPS2 boards, as QEMU's mps2 refclk).
 *
 * Nothing runs per instruction: the counter is computed from the clock's
 * tick count when read, and a scheduled event is armed only for the next
 * 1->0 transition while TICKINT is set (the interrupt). COUNTFLAG is
 * computed on read from the transitions since it was last cleared.
 *
 * Counter behaviour (B3.3.1): it counts down to 0, reloads RVR on the next
 * tick, then goes on down; the exception and COUNTFLAG come from the
 * transition to 0. A write to CVR clears it (and COUNTFLAG) without an
 * exception; RVR 0 stops it at the next wrap. With CVR written to 0 and
 * the counter enabled, the first tick loads RVR.
 *
 * Clock changes (the PMU) while SysTick counts the processor clock are
 * seen when the event fires: it re-arms if it came early, and a late one
 * (the clock slowed) pends at that later time. */
#include <string.h>

#include "devices/device.h"
#include "devices/scs_priv.h"
#include "isa/cpu.h"
#include "isa/exception.h"

enum {
    CSR_ENABLE = 1u << 0, CSR_TICKINT = 1u << 1, CSR_CLKSOURCE = 1u << 2,
    CSR_COUNTFLAG = 1u << 16,
};
#define ST_NEVER UINT64_MAX
#define REF_HZ 1000000u

/* Ticks of the selected clock now. */
static uint64_t ticks_now(const struct scs *s)
{
    if (s->st.csr & CSR_CLKSOURCE)
        return s->c->cycles;
    unsigned __int128 t = (unsigned __int128)dev_now_ps(s->m) * s->st.ref_hz;
    return (uint64_t)(t / 1000000000000ull);
}

/* The simulated time of tick t (the earliest picosecond it is reached). */
static uint64_t tick_ps(const struct scs *s, uint64_t t)
{
    if (s->st.csr & CSR_CLKSOURCE)
        return dev_cycle_ps(s->m, t);
    unsigned __int128 d = (unsigned __int128)t * 1000000000000ull + s->st.ref_hz - 1;
    return (uint64_t)(d / s->st.ref_hz);
}

static uint32_t value_at(const struct systick *st, uint64_t t)
{
    uint64_t e = t - st->t_ref;
    if (st->cur && e <= st->cur)
        return st->cur - (uint32_t)e;
    uint64_t e2 = e - st->cur; /* ticks since the counter was 0 */
    if (e2 == 0 || st->rvr == 0)
        return 0;
    return st->rvr - (uint32_t)((e2 - 1) % ((uint64_t)st->rvr + 1));
}

/* The first 1->0 transition strictly after tick t, or ST_NEVER. */
static uint64_t next_zero(const struct systick *st, uint64_t t)
{
    uint64_t first;
    if (st->cur)
        first = st->t_ref + st->cur;
    else if (st->rvr)
        first = st->t_ref + st->rvr + 1;
    else
        return ST_NEVER;
    if (first > t)
        return first;
    if (!st->rvr)
        return ST_NEVER;
    uint64_t p = (uint64_t)st->rvr + 1;
    return first + ((t - first) / p + 1) * p;
}

static bool counting(const struct systick *st) { return st->csr & CSR_ENABLE; }

/* Folds the elapsed ticks into cur/flag so the counting can restart from
 * now (before any change of RVR, CSR or the clock source). */
static void sync(struct scs *s)
{
    struct systick *st = &s->st;
    uint64_t now = ticks_now(s);
    if (counting(st)) {
        if (next_zero(st, st->t_flag) <= now)
            st->flag = true;
        st->cur = value_at(st, now);
    }
    st->t_ref = st->t_flag = now;
}

static void rearm(struct scs *s)
{
    struct systick *st = &s->st;
    dev_disarm(s->m, &st->ev);
    if (!counting(st) || !(st->csr & CSR_TICKINT))
        return;
    uint64_t z = next_zero(st, ticks_now(s));
    if (z == ST_NEVER)
        return;
    st->armed_zero = z;
    dev_arm(s->m, &st->ev, tick_ps(s, z));
}

static void fire(void *ctx, uint64_t t_ps)
{
    struct scs *s = ctx;
    (void)t_ps;
    if (ticks_now(s) >= s->st.armed_zero && counting(&s->st) && (s->st.csr & CSR_TICKINT))
        exc_set_pending(s->c, EXC_SYSTICK);
    rearm(s);
}

void systick_init(struct scs *s)
{
    sched_event_init(&s->st.ev, "systick", fire, s);
}

void systick_reset(struct scs *s)
{
    dev_disarm(s->m, &s->st.ev);
    struct sched_event ev = s->st.ev;
    memset(&s->st, 0, sizeof s->st);
    s->st.ev = ev;
    s->st.ref_hz = REF_HZ;
}

void systick_detach(struct scs *s)
{
    dev_disarm(s->m, &s->st.ev);
}

bool systick_read(struct scs *s, uint32_t off, uint32_t *v)
{
    struct systick *st = &s->st;
    switch (off) {
    case 0x10: { /* CSR: reading clears COUNTFLAG */
        uint64_t now = ticks_now(s);
        bool flag = st->flag || (counting(st) && next_zero(st, st->t_flag) <= now);
        st->flag = false;
        st->t_flag = now;
        *v = st->csr | (flag ? CSR_COUNTFLAG : 0);
        break;
    }
    case 0x14: *v = st->rvr; break;
    case 0x18: *v = counting(st) ? value_at(st, ticks_now(s)) : st->cur; break;
    case 0x1c: /* CALIB: TENMS for the 1 MHz reference, exact (no SKEW) */
        *v = (uint32_t)(st->ref_hz / 100 - 1) & 0xffffffu;
        break;
    default: *v = 0; break;
    }
    return true;
}

bool systick_write(struct scs *s, uint32_t off, uint32_t v)
{
    struct systick *st = &s->st;
    switch (off) {
    case 0x10:
        sync(s);
        st->csr = v & (CSR_ENABLE | CSR_TICKINT | CSR_CLKSOURCE);
        st->t_ref = st->t_flag = ticks_now(s); /* the source may have changed */
        break;
    case 0x14:
        sync(s);
        st->rvr = v & 0xffffffu;
        break;
    case 0x18: /* any write clears the counter and COUNTFLAG */
        sync(s);
        st->cur = 0;
        st->flag = false;
        break;
    default:
        return true;
    }
    rearm(s);
    return true;
}
