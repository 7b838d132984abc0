/* SysTick (ARMv7-M ARM B3.3) and the DWT counters (C1.8) against cycle
 * counts worked out by hand: the counter from the core's cycles, the
 * reload, COUNTFLAG, the interrupt event at the exact cycle, RVR 0, the
 * 1 MHz reference clock, CALIB; CYCCNT gated by DEMCR.TRCENA, EXCCNT,
 * SLEEPCNT, the Cortex-M7 lock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "sys_harness.h"

#define CSR 0xE000E010u
#define RVR 0xE000E014u
#define CVR 0xE000E018u
#define CALIB 0xE000E01Cu
#define DEMCR 0xE000EDFCu
#define DWT_CTRL 0xE0001000u
#define CYCCNT 0xE0001004u
#define CPICNT 0xE0001008u
#define EXCCNT 0xE000100Cu
#define SLEEPCNT 0xE0001010u
#define DWT_LAR 0xE0001FB0u

/* Runs the scheduler up to the core's current cycle. */
static void run_events(struct sys *s)
{
    sched_run_until(&s->m.sched, machine_now_ps(&s->m));
}

static uint64_t next_event_cycle(struct sys *s)
{
    return machine_cycle_at(&s->m, sched_next_ps(&s->m.sched));
}

/* B3.3.1: after the enable with CVR 0 the first tick loads RVR, then it
 * counts down; 1 -> 0 sets COUNTFLAG, 0 -> RVR reloads. */
static void test_counter(void **st)
{
    (void)st;
    struct sys *s = sys_new("mps2-an386");
    struct cpu *c = s->c;
    c->cycles = 1000;
    reg_wr(s, RVR, 99);
    reg_wr(s, CVR, 12345); /* clears */
    reg_wr(s, CSR, 5);     /* ENABLE, processor clock */
    assert_int_equal(reg_rd(s, CVR), 0);
    c->cycles = 1001;
    assert_int_equal(reg_rd(s, CVR), 99);
    c->cycles = 1050;
    assert_int_equal(reg_rd(s, CVR), 50);
    assert_int_equal(reg_rd(s, CSR), 5); /* no COUNTFLAG yet */
    c->cycles = 1100;
    assert_int_equal(reg_rd(s, CVR), 0);
    assert_int_equal(reg_rd(s, CSR), 5u | 1u << 16);
    assert_int_equal(reg_rd(s, CSR), 5); /* cleared by the read */
    c->cycles = 1101;
    assert_int_equal(reg_rd(s, CVR), 99);
    c->cycles = 1100 + 100 * 7 + 30;
    assert_int_equal(reg_rd(s, CVR), 70);
    assert_int_equal(reg_rd(s, CSR), 5u | 1u << 16);
    /* RVR changes apply at the next reload */
    reg_wr(s, RVR, 9);
    c->cycles += 70;
    assert_int_equal(reg_rd(s, CVR), 0);
    c->cycles += 1;
    assert_int_equal(reg_rd(s, CVR), 9);
    /* disabled: the counter holds */
    reg_wr(s, CSR, 4);
    c->cycles += 5;
    assert_int_equal(reg_rd(s, CVR), 9);
    reg_wr(s, CSR, 5);
    c->cycles += 5;
    assert_int_equal(reg_rd(s, CVR), 4);
    /* RVR 0: stops at the next wrap */
    reg_wr(s, RVR, 0);
    c->cycles += 4;
    assert_int_equal(reg_rd(s, CVR), 0);
    c->cycles += 100;
    assert_int_equal(reg_rd(s, CVR), 0);
    assert_int_equal(reg_rd(s, CALIB), 9999); /* TENMS of the 1 MHz reference */
    sys_free(s);
}

/* TICKINT: the SysTick exception pends at the cycle of each 1 -> 0. */
static void test_interrupt_timing(void **st)
{
    (void)st;
    struct sys *s = sys_new("mps2-an386");
    struct cpu *c = s->c;
    c->cycles = 500;
    reg_wr(s, RVR, 24999);
    reg_wr(s, CVR, 0);
    reg_wr(s, CSR, 7);
    assert_int_equal(next_event_cycle(s), 500 + 25000);
    c->cycles = 500 + 24999;
    run_events(s);
    assert_int_equal(c->exc->pending[15], 0);
    c->cycles = 500 + 25000;
    run_events(s);
    assert_int_equal(c->exc->pending[15], 1);
    assert_int_equal(next_event_cycle(s), 500 + 50000);
    /* TICKINT off: no event */
    reg_wr(s, CSR, 5);
    assert_int_equal(sched_next_ps(&s->m.sched), SCHED_NEVER);
    sys_free(s);
}

/* CLKSOURCE 0: the 1 MHz reference, 25 core cycles a tick at 25 MHz. */
static void test_reference_clock(void **st)
{
    (void)st;
    struct sys *s = sys_new("mps2-an386");
    struct cpu *c = s->c;
    c->cycles = 0;
    reg_wr(s, RVR, 9);
    reg_wr(s, CVR, 0);
    reg_wr(s, CSR, 3); /* ENABLE, TICKINT, reference clock */
    c->cycles = 25;
    assert_int_equal(reg_rd(s, CVR), 9);
    c->cycles = 25 * 5 + 24;
    assert_int_equal(reg_rd(s, CVR), 5);
    assert_int_equal(next_event_cycle(s), 250);
    sys_free(s);
}

/* The whole loop: WFI sleeps, time jumps to the tick, the handler runs. */
static void test_wfi_sleep_to_tick(void **st)
{
    (void)st;
    struct sys *s = sys_new("mps2-an386");
    struct cpu *c = s->c;
    static const uint16_t wfi = 0xbf30;
    sys_code(s, SYS_THREAD_PC, &wfi, 1);
    reg_wr(s, RVR, 999);
    reg_wr(s, CVR, 0);
    uint64_t t0 = c->cycles;
    reg_wr(s, CSR, 7);
    assert_int_equal(sys_step(s), CPU_STOP_SLEEP);
    /* what machine_run does while asleep */
    uint64_t next = next_event_cycle(s);
    assert_int_equal(next, t0 + 1000);
    s->m.sleep_cycles += next - c->cycles;
    c->cycles = next;
    run_events(s);
    assert_true(exc_take_pending(c));
    assert_int_equal(c->ipsr, 15);
    assert_int_equal(sys_r32(s, SYS_MSP_TOP - 32 + 24), SYS_THREAD_PC + 2);
    sys_free(s);
}

/* DWT: CYCCNT counts core cycles only with DEMCR.TRCENA and CYCCNTENA;
 * EXCCNT the exception overhead, SLEEPCNT the sleeping cycles (8-bit). */
static void test_dwt(void **st)
{
    (void)st;
    struct sys *s = sys_new("mps2-an386");
    struct cpu *c = s->c;
    assert_int_equal(reg_rd(s, DWT_CTRL), 0x40000000u); /* NUMCOMP 4 */
    reg_wr(s, DWT_CTRL, 1);
    c->cycles += 100;
    assert_int_equal(reg_rd(s, CYCCNT), 0); /* TRCENA 0 */
    reg_wr(s, DEMCR, 1u << 24);
    assert_int_equal(reg_rd(s, DEMCR), 1u << 24);
    c->cycles += 100;
    assert_int_equal(reg_rd(s, CYCCNT), 100);
    reg_wr(s, CYCCNT, 0xfffffff0u);
    c->cycles += 0x20;
    assert_int_equal(reg_rd(s, CYCCNT), 0x10);
    reg_wr(s, DWT_CTRL, 0);
    c->cycles += 7;
    assert_int_equal(reg_rd(s, CYCCNT), 0x10);
    /* EXCCNT: 12 for an entry, 10 for a return */
    reg_wr(s, DWT_CTRL, 1u << 18 | 1u << 19);
    exc_set_pending(c, 14);
    exc_take_pending(c);
    assert_int_equal(reg_rd(s, EXCCNT), 12);
    sys_step(s);
    assert_int_equal(reg_rd(s, EXCCNT), 22);
    reg_wr(s, EXCCNT, 250);
    exc_set_pending(c, 14);
    exc_take_pending(c);
    assert_int_equal(reg_rd(s, EXCCNT), (250 + 12) & 0xff);
    s->m.sleep_cycles += 300;
    assert_int_equal(reg_rd(s, SLEEPCNT), 300 & 0xff);
    /* CPICNT: cycles beyond the first of each instruction, exception
     * overhead excluded (that is EXCCNT's; ARMv7-M ARM C1.8.10). The step
     * runs the PendSV handler's BX LR, an exception return: the BX is
     * 1 + P = 3 cycles (Cortex-M4 TRM 3.3.1, P = 2 for a 16-bit target,
     * docs/timing.md), so CPICNT adds 3 - 1 = 2; the return's 10 go to
     * EXCCNT. */
    reg_wr(s, DWT_CTRL, 1u << 17);
    reg_wr(s, CPICNT, 0);
    sys_step(s);
    assert_int_equal(reg_rd(s, CPICNT), 2);
    sys_free(s);

    /* Cortex-M7: writes ignored until LAR is unlocked */
    s = sys_new("mps2-an500");
    reg_wr(s, DEMCR, 1u << 24);
    assert_int_equal(reg_rd(s, 0xE0001FB4u), 3);
    reg_wr(s, DWT_CTRL, 1);
    assert_int_equal(reg_rd(s, DWT_CTRL) & 1, 0);
    reg_wr(s, DWT_LAR, 0xc5acce55u);
    assert_int_equal(reg_rd(s, 0xE0001FB4u), 1);
    reg_wr(s, DWT_CTRL, 1);
    s->c->cycles += 42;
    assert_int_equal(reg_rd(s, CYCCNT), 42);
    sys_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counter),
        cmocka_unit_test(test_interrupt_timing),
        cmocka_unit_test(test_reference_clock),
        cmocka_unit_test(test_wfi_sleep_to_tick),
        cmocka_unit_test(test_dwt),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
