/* The exception model (ARMv7-M ARM B1.5) on a whole mps2 machine: entry
 * frames and EXC_RETURN, alignment, PSP, FP frames (lazy and not),
 * return, tail-chaining, priorities and grouping, masks, escalation,
 * lockup, SVC, bad returns, stacking faults, WFI wake-up, sleep-on-exit
 * and level-sensitive IRQs. Every expected value is worked out from the
 * manual's pseudocode (section named at each test). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "sys_harness.h"

#define PENDSV 14
#define IRQ(n) (16 + (n))
#define ICSR 0xE000ED04u
#define AIRCR 0xE000ED0Cu
#define SCR 0xE000ED10u
#define CCR 0xE000ED14u
#define SHCSR 0xE000ED24u
#define CFSR 0xE000ED28u
#define HFSR 0xE000ED2Cu
#define BFAR 0xE000ED38u
#define FPCCR 0xE000EF34u
#define FPCAR 0xE000EF38u

static const uint16_t UDF = 0xde00, SVC0 = 0xdf00, WFI = 0xbf30;

/* A taken BX on the Cortex-M4: 1 + P cycles, P = 2 for a 16-bit target
 * (TRM 3.3.1 "Branches: 1 + P, P from 1 to 3"; docs/timing.md's rule:
 * P = 3 only for a 32-bit target at 2 mod 4, P = 1 not modelled). Every
 * return target below is a 16-bit instruction. */
#define M4_BX_TAKEN_CYCLES 3u

static void set_prio(struct sys *s, unsigned n, uint8_t p)
{
    exc_set_priority(s->c, n, p);
}

static void enable_irq(struct sys *s, unsigned irq)
{
    reg_wr(s, 0xE000E100u + 4 * (irq / 32), 1u << (irq % 32));
}

/* B1.5.6 PushStack: 8 words, ReturnAddress, xPSR with bit 9 the alignment
 * flag, LR = EXC_RETURN 0xFFFFFFF9 from Thread mode on the MSP; 12 cycles. */
static void test_entry_frame_thread_msp(void **st)
{
    (void)st;
    struct sys *s = sys_new("mps2-an386");
    struct cpu *c = s->c;
    for (unsigned k = 0; k < 4; k++)
        c->r[k] = 0x100 + k;
    c->r[12] = 0x112;
    c->r[14] = 0x0000abcdu;
    c->n = 1; c->c = 1; c->q = 1; c->ge = 0x5;
    uint64_t cyc = c->cycles;
    exc_set_pending(c, PENDSV);
    assert_true(exc_take_pending(c));
    uint32_t f = SYS_MSP_TOP - 32;
    assert_int_equal(c->r[13], f);
    assert_int_equal(sys_r32(s, f + 0), 0x100);
    assert_int_equal(sys_r32(s, f + 12), 0x103);
    assert_int_equal(sys_r32(s, f + 16), 0x112);
    assert_int_equal(sys_r32(s, f + 20), 0xabcd);
    assert_int_equal(sys_r32(s, f + 24), SYS_THREAD_PC);
    /* N C Q, GE 0101, T; IPSR 0; bit 9 clear (SP was 8-aligned) */
    assert_int_equal(sys_r32(s, f + 28), 0xa8050000u | 1u << 24);
    assert_int_equal(c->r[14], 0xfffffff9u);
    assert_int_equal(c->ipsr, PENDSV);
    assert_int_equal(c->pc, SYS_HANDLER(PENDSV));
    assert_int_equal(c->cycles - cyc, 12);
    assert_int_equal(s->c->exc->active[PENDSV], 1);
    assert_int_equal(s->c->exc->pending[PENDSV], 0);

    /* B1.5.8: BX LR returns: registers and flags back, 10 cycles. */
    c->r[0] = 0; c->n = 0; c->c = 0; c->q = 0; c->ge = 0;
    cyc = c->cycles;
    sys_step(s);
    assert_int_equal(c->ipsr, 0);
    assert_int_equal(c->pc, SYS_THREAD_PC);
    assert_int_equal(c->r[0], 0x100);
    assert_int_equal(c->r[14], 0xabcd);
    assert_int_equal(c->r[13], SYS_MSP_TOP);
    assert_true(c->n && c->c && c->q && c->ge == 5 && !c->z);
    /* BX: 1 + its refill, then the return's 10 */
    assert_int_equal(c->cycles - cyc, M4_BX_TAKEN_CYCLES + 10);
    assert_int_equal(s->c->exc->active[PENDSV], 0);
    sys_free(s);
}

/* CCR.STKALIGN (reset 1): a 4-aligned SP is aligned down to 8 and xPSR
 * bit 9 records it; the return adds it back (B1.5.6, B1.5.8 PopStack). */
static void test_entry_stkalign(void **st)
{
    (void)st;
    struct sys *s = sys_new("mps2-an386");
    struct cpu *c = s->c;
    c->r[13] = 0x20001004u;
    exc_set_pending(c, PENDSV);
    exc_take_pending(c);
    assert_int_equal(c->r[13], 0x20000fe0u);
    assert_int_equal(sys_r32(s, 0x20000fe0u + 28) & (1u << 9), 1u << 9);
    sys_step(s);
    assert_int_equal(c->r[13], 0x20001004u);
    assert_int_equal(c->ipsr, 0);

    /* STKALIGN 0: no realignment, bit 9 clear */
    reg_wr(s, CCR, 0);
    c->r[13] = 0x20001004u;
    exc_set_pending(c, PENDSV);
    exc_take_pending(c);
    assert_int_equal(c->r[13], 0x20000fe4u);
    assert_int_equal(sys_r32(s, 0x20000fe4u + 28) & (1u << 9), 0);
    sys_step(s);
    assert_int_equal(c->r[13], 0x20001004u);
    sys_free(s);
}

/* Thread mode on the PSP: the frame goes to the PSP, the handler runs on
 * the MSP with CONTROL.SPSEL 0, EXC_RETURN 0xFFFFFFFD; the return brings
 * SPSEL and the PSP back. */
static void test_entry_psp(void **st)
{
    (void)st;
    struct sys *s = sys_new("mps2-an386");
    struct cpu *c = s->c;
    cpu_set_sp_process(c, 0x20008000u);
    cpu_set_control(c, 2);
    assert_int_equal(c->r[13], 0x20008000u);
    exc_set_pending(c, PENDSV);
    exc_take_pending(c);
    assert_int_equal(c->r[14], 0xfffffffdu);
    assert_int_equal(c->r[13], SYS_MSP_TOP);
    assert_int_equal(cpu_get_sp_process(c), 0x20008000u - 32);
    assert_int_equal(c->control & 2, 0);
    assert_int_equal(sys_r32(s, 0x20008000u - 32 + 24), SYS_THREAD_PC);
    sys_step(s);
    assert_int_equal(c->control & 2, 2);
    assert_int_equal(c->r[13], 0x20008000u);
    assert_int_equal(cpu_get_sp_main(c), SYS_MSP_TOP);
    sys_free(s);
}

/* Preemption by group priority, nesting (EXC_RETURN 0xFFFFFFF1), and no
 * preemption at equal priority (B1.5.4). */
static void test_nesting(void **st)
{
    (void)st;
    struct sys *s = sys_new("mps2-an386");
    struct cpu *c = s->c;
    set_prio(s, PENDSV, 0xe0);
    set_prio(s, IRQ(0), 0x20);
    set_prio(s, IRQ(1), 0x20);
    enable_irq(s, 0);
    enable_irq(s, 1);
    exc_set_pending(c, PENDSV);
    exc_take_pending(c);
    assert_int_equal(exc_execution_priority(c), 0xe0);
    exc_set_pending(c, IRQ(0));
    assert_true(exc_take_pending(c));
    assert_int_equal(c->ipsr, IRQ(0));
    assert_int_equal(c->r[14], 0xfffffff1u);
    assert_int_equal(c->r[13], SYS_MSP_TOP - 64);
    assert_int_equal(sys_r32(s, SYS_MSP_TOP - 64 + 24), SYS_HANDLER(PENDSV));
    assert_int_equal(sys_r32(s, SYS_MSP_TOP - 64 + 28) & 0x1ff, PENDSV);
    /* IRQ1 at the same priority waits */
    exc_set_pending(c, IRQ(1));
    assert_false(exc_take_pending(c));
    assert_int_equal(exc_vectpending(c), IRQ(1));
    sys_free(s);
}

/* AIRCR.PRIGROUP: with PRIGROUP 5 the group priority is bits [7:6]:
 * 0x40 and 0x60 are one group (no preemption), 0x00 preempts. Among
 * pending ones the subpriority, then the number decide (B1.5.4). */
static void test_prigroup(void **st)
{
    (void)st;
    struct sys *s = sys_new("mps2-an386");
    struct cpu *c = s->c;
    for (unsigned k = 0; k < 5; k++)
        enable_irq(s, k);
    set_prio(s, IRQ(0), 0x40);
    set_prio(s, IRQ(1), 0x20);
    set_prio(s, IRQ(2), 0x00);
    reg_wr(s, AIRCR, 0x05fa0000u | 5u << 8);
    assert_int_equal(reg_rd(s, AIRCR), 0xfa050500u);
    assert_int_equal(exc_group_priority(c, IRQ(1)), 0x00);
    assert_int_equal(exc_group_priority(c, IRQ(0)), 0x40);
    exc_set_pending(c, IRQ(0));
    exc_take_pending(c);
    assert_int_equal(c->ipsr, IRQ(0));
    set_prio(s, IRQ(1), 0x60);
    exc_set_pending(c, IRQ(1));
    assert_false(exc_take_pending(c)); /* group 0x40 = group 0x40 */
    exc_set_pending(c, IRQ(2));
    assert_true(exc_take_pending(c));
    assert_int_equal(c->ipsr, IRQ(2));
    /* without the key the write is ignored */
    reg_wr(s, AIRCR, 7u << 8);
    assert_int_equal(reg_rd(s, AIRCR), 0xfa050500u);
    sys_free(s);

    /* Selection: lower priority value first, then lower number. */
    s = sys_new("mps2-an386");
    c = s->c;
    for (unsigned k = 0; k < 5; k++)
        enable_irq(s, k);
    set_prio(s, IRQ(3), 0x60);
    set_prio(s, IRQ(4), 0x40);
    set_prio(s, IRQ(2), 0x40);
    exc_set_pending(c, IRQ(3));
    exc_set_pending(c, IRQ(4));
    exc_set_pending(c, IRQ(2));
    assert_int_equal(exc_vectpending(c), IRQ(2));
    sys_free(s);
}

/* PRIMASK, BASEPRI (with grouping), FAULTMASK (B1.5.4 ExecutionPriority). */
static void test_masks(void **st)
{
    (void)st;
    struct sys *s = sys_new("mps2-an386");
    struct cpu *c = s->c;
    enable_irq(s, 0);
    set_prio(s, IRQ(0), 0x40);
    c->basepri = 0x40;
    exc_set_pending(c, IRQ(0));
    assert_false(exc_take_pending(c));
    c->basepri = 0x60;
    assert_int_equal(exc_execution_priority(c), 0x60);
    reg_wr(s, AIRCR, 0x05fa0000u | 6u << 8); /* group = bit 7 only */
    assert_int_equal(exc_execution_priority(c), 0x00);
    assert_false(exc_take_pending(c)); /* 0x40 is group 0 = BASEPRI's group */
    reg_wr(s, AIRCR, 0x05fa0000u);
    c->primask = 1;
    assert_int_equal(exc_execution_priority(c), 0);
    assert_false(exc_take_pending(c));
    /* NMI is not masked by PRIMASK */
    exc_set_pending(c, 2);
    assert_true(exc_take_pending(c));
    assert_int_equal(c->ipsr, 2);
    sys_free(s);

    s = sys_new("mps2-an386");
    c = s->c;
    c->faultmask = 1;
    assert_int_equal(exc_execution_priority(c), -1);
    exc_set_pending(c, PENDSV);
    assert_false(exc_take_pending(c));
    /* DeActivate clears FAULTMASK on return (not from NMI) */
    c->faultmask = 0;
    exc_take_pending(c);
    c->faultmask = 1;
    sys_step(s);
    assert_int_equal(c->ipsr, 0);
    assert_int_equal(c->faultmask, 0);
    sys_free(s);
}

/* Tail-chaining (B1.5.12): a pending exception that can run when the
 * handler returns is entered without unstacking: LR keeps the EXC_RETURN,
 * the frame stays, 6 cycles instead of 10 + 12. */
static void test_tail_chain(void **st)
{
    (void)st;
    struct sys *s = sys_new("mps2-an386");
    struct cpu *c = s->c;
    enable_irq(s, 0);
    enable_irq(s, 1);
    set_prio(s, IRQ(0), 0x20);
    set_prio(s, IRQ(1), 0x40);
    exc_set_pending(c, IRQ(0));
    exc_take_pending(c);
    exc_set_pending(c, IRQ(1));
    assert_false(exc_take_pending(c));
    uint32_t sp = c->r[13];
    uint64_t cyc = c->cycles;
    sys_step(s); /* BX LR */
    assert_int_equal(c->ipsr, IRQ(1));
    assert_int_equal(c->pc, SYS_HANDLER(IRQ(1)));
    assert_int_equal(c->r[14], 0xfffffff9u);
    assert_int_equal(c->r[13], sp);
    assert_int_equal(c->cycles - cyc, M4_BX_TAKEN_CYCLES + 6);
    assert_int_equal(c->exc->active[IRQ(0)], 0);
    assert_int_equal(c->exc->active[IRQ(1)], 1);
    sys_step(s);
    assert_int_equal(c->ipsr, 0);
    assert_int_equal(c->r[13], SYS_MSP_TOP);
    sys_free(s);
}

/* Synchronous faults (B1.5.14): UsageFault when enabled, else escalated
 * to HardFault with HFSR.FORCED; a precise BusFault sets BFAR. */
static void test_fault_escalation(void **st)
{
    (void)st;
    struct sys *s = sys_new("mps2-an386");
    struct cpu *c = s->c;
    sys_code(s, SYS_THREAD_PC, &UDF, 1);
    sys_step(s);
    assert_int_equal(c->ipsr, 3);
    assert_int_equal(reg_rd(s, CFSR), 1u << 16);
    assert_int_equal(reg_rd(s, HFSR), 1u << 30);
    assert_int_equal(sys_r32(s, SYS_MSP_TOP - 32 + 24), SYS_THREAD_PC); /* the faulting insn */
    sys_free(s);

    s = sys_new("mps2-an386");
    c = s->c;
    reg_wr(s, SHCSR, 1u << 18);
    sys_code(s, SYS_THREAD_PC, &UDF, 1);
    sys_step(s);
    assert_int_equal(c->ipsr, 6);
    assert_int_equal(reg_rd(s, HFSR), 0);
    assert_int_equal(reg_rd(s, SHCSR), 1u << 18 | 1u << 3); /* USGFAULTENA, USGFAULTACT */
    sys_free(s);

    s = sys_new("mps2-an386");
    c = s->c;
    reg_wr(s, SHCSR, 1u << 17);
    static const uint16_t ldr = 0x6808; /* LDR r0, [r1] */
    sys_code(s, SYS_THREAD_PC, &ldr, 1);
    c->r[1] = 0x90000010u;
    sys_step(s);
    assert_int_equal(c->ipsr, 5);
    assert_int_equal(reg_rd(s, CFSR), 0x8200u); /* BFARVALID PRECISERR */
    assert_int_equal(reg_rd(s, BFAR), 0x90000010u);
    reg_wr(s, CFSR, 0x8200u); /* write one to clear */
    assert_int_equal(reg_rd(s, CFSR), 0);
    sys_free(s);
}

/* CCR.BFHFNMIGN (B3.2.8): in HardFault a precise data BusFault is
 * ignored and the instruction completes; without it, lockup. */
static void test_bfhfnmign(void **st)
{
    (void)st;
    struct sys *s = sys_new("mps2-an386");
    struct cpu *c = s->c;
    static const uint16_t code[2] = { 0x6808, 0x3001 }; /* LDR r0, [r1]; ADDS r0, #1 */
    sys_code(s, SYS_HANDLER(3), code, 2);
    reg_wr(s, CCR, reg_rd(s, CCR) | 1u << 8);
    exc_set_pending(c, 3);
    exc_take_pending(c);
    c->r[0] = 5;
    c->r[1] = 0x90000000u;
    assert_int_equal(sys_step(s), CPU_STOP_NONE);
    assert_int_equal(c->pc, SYS_HANDLER(3) + 2);
    sys_step(s);
    assert_int_equal(c->r[0], 6);
    assert_int_equal(reg_rd(s, CFSR), 0);
    reg_wr(s, CCR, reg_rd(s, CCR) & ~(1u << 8));
    c->pc = SYS_HANDLER(3);
    assert_int_equal(sys_step(s), CPU_STOP_LOCKUP);
    sys_free(s);
}

/* A vector that cannot be read: HardFault with HFSR.VECTTBL (B3.2.16). */
static void test_vector_read_error(void **st)
{
    (void)st;
    struct sys *s = sys_new("mps2-an386");
    struct cpu *c = s->c;
    reg_wr(s, 0xE000ED08u, 0x003fff80u); /* VTOR: table at the end of RAM */
    /* HardFault's vector (0x3fff8c) is in RAM, IRQ 31's (0x40003c) is past its end */
    sys_w32(s, 0x003fff80u + 12, SYS_HANDLER(3) | 1);
    enable_irq(s, 31);
    set_prio(s, IRQ(31), 0x20);
    exc_set_pending(c, IRQ(31));
    exc_take_pending(c);
    assert_int_equal(c->ipsr, 3);
    assert_int_equal(c->pc, SYS_HANDLER(3));
    assert_int_equal(reg_rd(s, HFSR), 1u << 1);
    sys_free(s);
}

/* A fault with HardFault active: lockup (B1.5.15), the core stops. */
static void test_lockup(void **st)
{
    (void)st;
    struct sys *s = sys_new("mps2-an386");
    struct cpu *c = s->c;
    sys_code(s, SYS_THREAD_PC, &UDF, 1);
    sys_code(s, SYS_HANDLER(3), &UDF, 1);
    sys_step(s);
    assert_int_equal(c->ipsr, 3);
    assert_int_equal(sys_step(s), CPU_STOP_LOCKUP);
    assert_non_null(strstr(s->msg, "lockup"));
    assert_non_null(strstr(s->msg, "undefined instruction"));
    assert_non_null(strstr(s->msg, "HardFault"));
    sys_free(s);

    /* FAULTMASK set in Thread mode: execution priority -1, so also lockup */
    s = sys_new("mps2-an386");
    c = s->c;
    c->faultmask = 1;
    sys_code(s, SYS_THREAD_PC, &UDF, 1);
    assert_int_equal(sys_step(s), CPU_STOP_LOCKUP);
    sys_free(s);
}

/* SVC (B1.5.6): SVCall with the next instruction stacked; when SVCall
 * cannot run (PRIMASK) it escalates to HardFault. */
static void test_svc(void **st)
{
    (void)st;
    struct sys *s = sys_new("mps2-an386");
    struct cpu *c = s->c;
    sys_code(s, SYS_THREAD_PC, &SVC0, 1);
    sys_step(s);
    assert_int_equal(c->ipsr, 11);
    assert_int_equal(c->pc, SYS_HANDLER(11));
    assert_int_equal(sys_r32(s, SYS_MSP_TOP - 32 + 24), SYS_THREAD_PC + 2);
    sys_step(s);
    assert_int_equal(c->pc, SYS_THREAD_PC + 2);
    sys_free(s);

    s = sys_new("mps2-an386");
    c = s->c;
    c->primask = 1;
    sys_code(s, SYS_THREAD_PC, &SVC0, 1);
    sys_step(s);
    assert_int_equal(c->ipsr, 3);
    assert_int_equal(reg_rd(s, HFSR), 1u << 30);
    sys_free(s);
}

/* Bad EXC_RETURN values (B1.5.8): UsageFault INVPC, here escalated to
 * HardFault; returning to Thread mode with another exception active and
 * CCR.NONBASETHRDENA 0 is INVPC too. */
static void test_invpc(void **st)
{
    (void)st;
    struct sys *s = sys_new("mps2-an386");
    struct cpu *c = s->c;
    static const uint16_t bx_r0 = 0x4700;
    sys_code(s, SYS_HANDLER(PENDSV), &bx_r0, 1);
    exc_set_pending(c, PENDSV);
    exc_take_pending(c);
    c->r[0] = 0xfffffff5u; /* mode bits 0101: reserved */
    sys_step(s);
    assert_int_equal(c->ipsr, 3);
    assert_int_equal(reg_rd(s, CFSR), 1u << 18);
    assert_int_equal(reg_rd(s, HFSR), 1u << 30);
    assert_int_equal(c->r[14], 0xfffffff5u);
    assert_int_equal(c->exc->active[PENDSV], 0);
    sys_free(s);

    s = sys_new("mps2-an386");
    c = s->c;
    reg_wr(s, SHCSR, 1u << 18);
    enable_irq(s, 0);
    set_prio(s, PENDSV, 0x80);
    exc_set_pending(c, PENDSV);
    exc_take_pending(c);
    exc_set_pending(c, IRQ(0));
    exc_take_pending(c); /* nested: PendSV still active */
    sys_code(s, SYS_HANDLER(IRQ(0)), &bx_r0, 1);
    c->r[0] = 0xfffffff9u; /* to Thread mode while PendSV is active */
    sys_step(s);
    assert_int_equal(c->ipsr, 6);
    assert_int_equal(reg_rd(s, CFSR), 1u << 18);
    sys_free(s);
}

/* Stacking to unmapped memory: BusFault STKERR, escalated to HardFault
 * (BusFault disabled), taken on the MSP (B1.5.14 derived exceptions);
 * unstacking from unmapped memory: UNSTKERR. */
static void test_stacking_faults(void **st)
{
    (void)st;
    struct sys *s = sys_new("mps2-an386");
    struct cpu *c = s->c;
    cpu_set_sp_process(c, 0x90000000u);
    cpu_set_control(c, 2);
    exc_set_pending(c, PENDSV);
    exc_take_pending(c);
    assert_int_equal(c->ipsr, 3);
    assert_int_equal(reg_rd(s, CFSR), 1u << 12);
    assert_int_equal(reg_rd(s, HFSR), 1u << 30);
    assert_int_equal(c->exc->active[PENDSV], 1);
    sys_free(s);

    s = sys_new("mps2-an386");
    c = s->c;
    cpu_set_sp_process(c, 0x20008000u);
    cpu_set_control(c, 2);
    exc_set_pending(c, PENDSV);
    exc_take_pending(c);
    cpu_set_sp_process(c, 0x90000000u);
    sys_step(s); /* BX LR, 0xFFFFFFFD */
    assert_int_equal(c->ipsr, 3);
    assert_int_equal(reg_rd(s, CFSR), 1u << 11);
    assert_int_equal(c->r[14], 0xfffffffdu);
    sys_free(s);

    /* MSP unmapped with nothing to fall back to: lockup */
    s = sys_new("mps2-an386");
    c = s->c;
    c->r[13] = 0x90000000u;
    exc_set_pending(c, PENDSV);
    exc_take_pending(c);
    assert_int_equal(c->stop, CPU_STOP_LOCKUP);
    assert_non_null(strstr(s->msg, "stacking"));
    sys_free(s);
}

/* FP context (B1.5.6, B1.5.7): with CONTROL.FPCA the frame is 26 words,
 * EXC_RETURN 0xFFFFFFE9; LSPEN 0 stacks S0-S15 and FPSCR (+17 cycles);
 * LSPEN 1 (reset) reserves the space, sets FPCCR.LSPACT and FPCAR. */
static void test_fp_frame(void **st)
{
    (void)st;
    struct sys *s = sys_new("mps2-an500");
    struct cpu *c = s->c;
    assert_int_equal(reg_rd(s, FPCCR), 0xc0000000u);
    reg_wr(s, FPCCR, 0); /* no lazy stacking */
    for (unsigned k = 0; k < 16; k++)
        c->fp.s[k] = 0x3f800000u + k;
    c->fpscr = 0x03000000u;
    cpu_set_control(c, 4);
    uint64_t cyc = c->cycles;
    exc_set_pending(c, PENDSV);
    exc_take_pending(c);
    uint32_t f = SYS_MSP_TOP - 0x68;
    assert_int_equal(c->r[13], f);
    assert_int_equal(c->r[14], 0xffffffe9u);
    assert_int_equal(c->control & 4, 0);
    assert_int_equal(sys_r32(s, f + 0x20), 0x3f800000u);
    assert_int_equal(sys_r32(s, f + 0x20 + 60), 0x3f80000fu);
    assert_int_equal(sys_r32(s, f + 0x60), 0x03000000u);
    assert_int_equal(c->cycles - cyc, 12 + 17);
    c->fp.s[0] = 0;
    c->fpscr = 0;
    sys_step(s);
    assert_int_equal(c->fp.s[0], 0x3f800000u);
    assert_int_equal(c->fpscr, 0x03000000u);
    assert_int_equal(c->control & 4, 4);
    assert_int_equal(c->r[13], SYS_MSP_TOP);
    sys_free(s);

    s = sys_new("mps2-an500");
    c = s->c;
    cpu_set_control(c, 4);
    cyc = c->cycles;
    exc_set_pending(c, PENDSV);
    exc_take_pending(c);
    f = SYS_MSP_TOP - 0x68;
    assert_int_equal(c->cycles - cyc, 12);
    /* LSPACT, THREAD, HFRDY (and ASPEN/LSPEN kept) */
    assert_int_equal(reg_rd(s, FPCCR), 0xc0000000u | 1u | 1u << 3 | 1u << 4);
    assert_int_equal(reg_rd(s, FPCAR), f + 0x20);
    sys_step(s);
    assert_int_equal(reg_rd(s, FPCCR) & 1, 0);
    sys_free(s);
}

/* Lazy stacking with the handler using the FPU (B1.5.7): its first FP
 * instruction preserves the state at FPCAR (LSPACT cleared), and the
 * return brings the interrupted context's S0 back. */
static void test_fp_lazy_preserve(void **st)
{
    (void)st;
    struct sys *s = sys_new("mps2-an500");
    struct cpu *c = s->c;
    reg_wr(s, 0xE000ED88u, 0xfu << 20); /* CPACR: CP10/CP11 full access */
    static const uint16_t h[3] = { 0xee00, 0x0a10, 0x4770 }; /* VMOV s0, r0; BX LR */
    sys_code(s, SYS_HANDLER(PENDSV), h, 3);
    c->fp.s[0] = 0x40490fdbu;
    cpu_set_control(c, 4);
    exc_set_pending(c, PENDSV);
    exc_take_pending(c);
    assert_int_equal(reg_rd(s, FPCCR) & 1, 1);
    uint32_t fpcar = reg_rd(s, FPCAR);
    c->r[0] = 0x12345678u;
    sys_step(s); /* VMOV: preserves, then writes s0 */
    assert_int_equal(reg_rd(s, FPCCR) & 1, 0);
    assert_int_equal(sys_r32(s, fpcar), 0x40490fdbu);
    assert_int_equal(c->fp.s[0], 0x12345678u);
    sys_step(s); /* return */
    assert_int_equal(c->fp.s[0], 0x40490fdbu);
    assert_int_equal(c->control & 4, 4);
    sys_free(s);
}

/* WFI wakes on a pending interrupt masked only by PRIMASK, without
 * taking it (B1.5.19); a lower-than-BASEPRI one does not wake it. */
static void test_wfi_wakeup(void **st)
{
    (void)st;
    struct sys *s = sys_new("mps2-an386");
    struct cpu *c = s->c;
    enable_irq(s, 0);
    set_prio(s, IRQ(0), 0x80);
    sys_code(s, SYS_THREAD_PC, &WFI, 1);
    c->primask = 1;
    assert_int_equal(sys_step(s), CPU_STOP_SLEEP);
    assert_false(exc_wakeup_pending(c));
    exc_set_pending(c, IRQ(0));
    assert_true(exc_wakeup_pending(c));
    assert_false(exc_take_pending(c));
    c->primask = 0;
    c->basepri = 0x40;
    assert_false(exc_wakeup_pending(c));
    sys_free(s);
}

/* SCR.SLEEPONEXIT: the return to Thread mode sleeps again (B1.5.19);
 * the machine's loop then waits for the next event. */
static void test_sleep_on_exit(void **st)
{
    (void)st;
    struct sys *s = sys_new("mps2-an386");
    struct cpu *c = s->c;
    reg_wr(s, SCR, 1u << 1);
    assert_int_equal(reg_rd(s, SCR), 2);
    exc_set_pending(c, PENDSV);
    exc_take_pending(c);
    assert_int_equal(sys_step(s), CPU_STOP_SLEEP);
    assert_int_equal(c->ipsr, 0);
    assert_int_equal(c->pc, SYS_THREAD_PC);
    /* nested return (to Handler mode) does not sleep */
    enable_irq(s, 0);
    set_prio(s, PENDSV, 0x80);
    exc_set_pending(c, PENDSV);
    exc_take_pending(c);
    exc_set_pending(c, IRQ(0));
    exc_take_pending(c);
    assert_int_equal(sys_step(s), CPU_STOP_NONE);
    assert_int_equal(c->ipsr, PENDSV);
    sys_free(s);
}

/* Level-sensitive IRQ lines (B3.4.1): pending on assertion; still high
 * when the handler returns, pending again (taken by tail-chain). */
static void test_level_irq(void **st)
{
    (void)st;
    struct sys *s = sys_new("mps2-an386");
    struct cpu *c = s->c;
    enable_irq(s, 7);
    machine_set_irq(&s->m, 7, true);
    assert_int_equal(reg_rd(s, 0xE000E200u), 1u << 7);
    exc_take_pending(c);
    assert_int_equal(c->ipsr, IRQ(7));
    assert_int_equal(reg_rd(s, 0xE000E300u), 1u << 7); /* IABR */
    sys_step(s);
    assert_int_equal(c->ipsr, IRQ(7)); /* tail-chained into itself */
    machine_set_irq(&s->m, 7, false);
    sys_step(s);
    assert_int_equal(c->ipsr, 0);
    sys_free(s);
}

/* ICSR (B3.2.4): VECTACTIVE, VECTPENDING, ISRPENDING, RETTOBASE,
 * PENDSVSET/CLR, PENDSTSET/CLR, NMIPENDSET. */
static void test_icsr(void **st)
{
    (void)st;
    struct sys *s = sys_new("mps2-an386");
    struct cpu *c = s->c;
    enable_irq(s, 3);
    c->primask = 1;
    reg_wr(s, 0xE000EF00u, 3); /* STIR */
    reg_wr(s, ICSR, 1u << 28); /* PENDSVSET */
    uint32_t v = reg_rd(s, ICSR);
    /* both at priority 0: the lower number, PendSV, is VECTPENDING */
    assert_int_equal(v, 1u << 28 | 1u << 22 | (uint32_t)PENDSV << 12 | 1u << 11);
    reg_wr(s, ICSR, 1u << 27); /* PENDSVCLR */
    reg_wr(s, ICSR, 1u << 26); /* PENDSTSET */
    assert_int_equal(reg_rd(s, ICSR) & (1u << 28 | 1u << 26), 1u << 26);
    reg_wr(s, ICSR, 1u << 25);
    assert_int_equal(reg_rd(s, ICSR) & (1u << 26), 0);
    c->primask = 0;
    exc_take_pending(c);
    v = reg_rd(s, ICSR);
    assert_int_equal(v & 0x1ff, IRQ(3));
    assert_int_equal(v & (1u << 11), 1u << 11); /* only one active */
    set_prio(s, IRQ(3), 0x80);
    reg_wr(s, ICSR, 1u << 31); /* NMI preempts */
    exc_take_pending(c);
    v = reg_rd(s, ICSR);
    assert_int_equal(v & 0x1ff, 2);
    assert_int_equal(v & (1u << 11), 0);
    sys_free(s);
}

/* AIRCR.SYSRESETREQ: the machine resets outside the run loop. */
static void test_sysresetreq(void **st)
{
    (void)st;
    struct sys *s = sys_new("mps2-an386");
    struct cpu *c = s->c;
    c->r[0] = 0x1234;
    c->pc = SYS_THREAD_PC + 8;
    reg_wr(s, SCR, 2);
    reg_wr(s, AIRCR, 0x05fa0004u);
    assert_int_equal(c->deadline, 0);
    exc_take_pending(c);
    assert_int_equal(c->pc, SYS_THREAD_PC);
    assert_int_equal(c->r[0], 0);
    assert_int_equal(reg_rd(s, SCR), 0);
    sys_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_entry_frame_thread_msp),
        cmocka_unit_test(test_entry_stkalign),
        cmocka_unit_test(test_entry_psp),
        cmocka_unit_test(test_nesting),
        cmocka_unit_test(test_prigroup),
        cmocka_unit_test(test_masks),
        cmocka_unit_test(test_tail_chain),
        cmocka_unit_test(test_fault_escalation),
        cmocka_unit_test(test_lockup),
        cmocka_unit_test(test_bfhfnmign),
        cmocka_unit_test(test_vector_read_error),
        cmocka_unit_test(test_svc),
        cmocka_unit_test(test_invpc),
        cmocka_unit_test(test_stacking_faults),
        cmocka_unit_test(test_fp_frame),
        cmocka_unit_test(test_fp_lazy_preserve),
        cmocka_unit_test(test_wfi_wakeup),
        cmocka_unit_test(test_sleep_on_exit),
        cmocka_unit_test(test_level_irq),
        cmocka_unit_test(test_icsr),
        cmocka_unit_test(test_sysresetreq),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
