/* What the ARMv7-M manual says an exception of a stepped instruction looks
 * like, from the kind of fault Unicorn raised. Unicorn 2.0.1 hands the
 * exception to our hook before QEMU takes it and has no System Control
 * Block, so its CFSR, HFSR and the exception taken are built here from
 * the rules, and ttemu's registers are compared with them. */
#include "tests/diff/runner.h"

const char *fault_kind_name(enum fault_kind k)
{
    static const char *const names[] = {
        "none", "UNDEFINSTR", "INVSTATE", "NOCP", "UNALIGNED", "PRECISERR (BusFault)",
        "SVC", "BKPT (halt)", "other",
    };
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

/* ITAdvance() (A7.3.3): the low five bits shift left while IT[2:0] is not
 * zero; an IT block ends when it is. */
uint8_t it_advance(uint8_t it)
{
    if (!(it & 7))
        return 0;
    return (uint8_t)((it & 0xe0) | ((it << 1) & 0x1f));
}

/* ExecutionPriority() (B1.5.4) in Thread mode with nothing active: 256,
 * boosted by BASEPRI (its group priority: AIRCR.PRIGROUP is 0, so the
 * group value is 2 and bit 0 is subpriority; the harness implements all
 * 8 priority bits), PRIMASK (0) and FAULTMASK (-1). */
static int execution_priority(const struct state *pre)
{
    int p = 256;
    uint32_t basepri = pre->basepri & 0xff;
    if (basepri)
        p = (int)(basepri - basepri % 2);
    if (pre->primask & 1)
        p = 0;
    if (pre->faultmask & 1)
        p = -1;
    return p;
}

/* Fills s->exc, cfsr, hfsr (and keeps bfar) from s->kind:
 *
 * - the fault status bit of each kind (B3.2.15 CFSR: UFSR.UNDEFINSTR,
 *   INVSTATE, NOCP, UNALIGNED; BFSR.PRECISERR with BFARVALID and BFAR the
 *   address of the access, B3.2.18);
 * - its exception: UsageFault (6), BusFault (5), SVCall (11);
 * - escalation (B1.5.15, B3.2.16): a configurable fault whose handler is
 *   disabled in SHCSR, or any exception whose priority (all 0 after
 *   reset: SHPR1-3, B3.2.10-12) is not higher than the execution
 *   priority, is taken as HardFault with HFSR.FORCED; SVCall is always
 *   enabled;
 * - lockup (B1.5.15) when HardFault (-1) cannot preempt either (FAULTMASK);
 * - BKPT with no debugger attached halts the core in ttemu (a debug event,
 *   C1.5): no exception, nothing recorded. */
void expect_exception(struct state *s, const struct state *pre, unsigned enabled)
{
    unsigned n = 0;
    uint32_t bits = 0;
    s->exc = 0;
    s->cfsr = s->hfsr = 0;
    switch (s->kind) {
    case FK_UNDEFINSTR: n = 6, bits = 1u << 16; break;
    case FK_INVSTATE:   n = 6, bits = 1u << 17; break;
    case FK_NOCP:       n = 6, bits = 1u << 19; break;
    case FK_UNALIGNED:  n = 6, bits = 1u << 24; break;
    case FK_PRECISERR:  n = 5, bits = 1u << 9 | 1u << 15; break;
    case FK_SVC:        n = 11; break;
    default:
        s->bfar = 0;
        return;
    }
    if (s->kind != FK_PRECISERR)
        s->bfar = 0;
    s->cfsr = bits;
    int ep = execution_priority(pre);
    bool on = n == 11 || (enabled >> n & 1);
    if (!on || !(0 < ep)) {
        n = 3;
        s->hfsr = 1u << 30; /* FORCED */
    }
    s->exc = -1 < ep ? (int)n : -1;
    if (s->exc < 0)
        s->hfsr = 0; /* lockup: only the kind and CFSR are compared */
    /* The stacked return address and EPSR.IT (B1.5.6 ExceptionTaken):
     * a fault returns to the faulting instruction with its own IT
     * state; SVCall to the next one, IT advanced. Unicorn loses IT on a
     * memory error, so the state before the step gives it. */
    if (s->kind != FK_SVC)
        s->itstate = pre->itstate;
}
