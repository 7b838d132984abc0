/* Cortex-M4 and M7 timing against the cycle counts the TRMs fix for short
 * sequences (Cortex-M4 TRM r0p1 3.3.1; PAPER.md's summary of both). Each
 * test runs hand-assembled Thumb code on the bare harness core and asserts
 * the cycles the manual gives, worked out in the comment above it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "harness.h"

static uint64_t run(const char *model, const uint16_t *code, size_t n, unsigned insns)
{
    struct harness *h = harness_new(model);
    harness_code(h, 0x1000, code, n);
    h->cpu.r[1] = h->cpu.r[3] = h->cpu.r[5] = 0x20000000u;
    uint64_t before = h->cpu.cycles;
    enum cpu_stop s = harness_step(h, insns);
    assert_int_equal(s, CPU_STOP_NONE);
    uint64_t cycles = h->cpu.cycles - before;
    harness_free(h);
    return cycles;
}

/* LDR r0,[r1]; LDR r2,[r3]; LDR r4,[r5]: "N loads in N+1": 2 + 1 + 1. */
static void m4_pipelined_loads(void **state)
{
    (void)state;
    const uint16_t code[] = { 0x6808, 0x681a, 0x682c };
    assert_int_equal(run("cortex-m4", code, 3, 3), 4);
}

/* ADDS r1,#4; LDR r0,[r1]: the load's address is the ALU result just
 * produced: 1 + (2 + 1 stall). */
static void m4_address_dependency(void **state)
{
    (void)state;
    const uint16_t code[] = { 0x3104, 0x6808 };
    assert_int_equal(run("cortex-m4", code, 2, 2), 4);
}

/* LDR r0,[r1]; LDR r2,[r0]: the second address is the first's data: no
 * pipelining: 2 + 2. */
static void m4_dependent_loads(void **state)
{
    (void)state;
    const uint16_t code[] = { 0x6808, 0x6802 };
    assert_int_equal(run("cortex-m4", code, 2, 2), 4);
}

/* B to a 16-bit instruction: 1 + P with P = 2 (word-aligned target). */
static void m4_branch_aligned(void **state)
{
    (void)state;
    /* 0x1000: B 0x1008 (e002); 0x1008: NOP */
    const uint16_t code[] = { 0xe002, 0xbf00, 0xbf00, 0xbf00, 0xbf00 };
    assert_int_equal(run("cortex-m4", code, 5, 1), 3);
}

/* B to a 32-bit instruction at 2 mod 4: one more fetch: 1 + 3. */
static void m4_branch_to_unaligned_wide(void **state)
{
    (void)state;
    /* 0x1000: B 0x100a (e003); 0x100a: MOV.W r0, #1 (f04f 0001) */
    const uint16_t code[] = { 0xe003, 0xbf00, 0xbf00, 0xbf00, 0xbf00, 0xf04f, 0x0001 };
    assert_int_equal(run("cortex-m4", code, 7, 1), 4);
}

/* A conditional branch not taken costs 1. */
static void m4_branch_not_taken(void **state)
{
    (void)state;
    /* CMP r0, r0 (Z=1); BNE +4 (d102): not taken. */
    const uint16_t code[] = { 0x4280, 0xd102 };
    assert_int_equal(run("cortex-m4", code, 2, 2), 2);
}

/* M7: two independent ALU instructions dual-issue: ADDS r0,#1; ADDS r1,#1
 * take one cycle together. */
static void m7_dual_issue(void **state)
{
    (void)state;
    const uint16_t code[] = { 0x3001, 0x3101 };
    assert_int_equal(run("cortex-m7", code, 2, 2), 1);
}

/* M7: a dependent pair does not: ADDS r0,#1; ADDS r0,#1: 2 cycles. */
static void m7_dependent_no_dual(void **state)
{
    (void)state;
    const uint16_t code[] = { 0x3001, 0x3001 };
    assert_int_equal(run("cortex-m7", code, 2, 2), 2);
}

/* M7: load-use latency 2: LDR r0,[r1]; ADDS r0,#1 costs 1 + (1 + 1 stall). */
static void m7_load_use(void **state)
{
    (void)state;
    const uint16_t code[] = { 0x6808, 0x3001 };
    assert_int_equal(run("cortex-m7", code, 2, 2), 3);
}

/* M7: one EX1 shifter (LLVM ARMScheduleM7.td M7UnitShift1): two
 * independent immediate shifts LSLS r0,r0,#2; LSLS r1,r1,#2 cannot pair:
 * 1 + 1 = 2 (two ADDS would take 1). */
static void m7_one_shifter(void **state)
{
    (void)state;
    const uint16_t code[] = { 0x0080, 0x0089 };
    assert_int_equal(run("cortex-m7", code, 2, 2), 2);
}

/* M7: extend/DSP ops issue only as the older of a pair (LLVM BeginGroup):
 * ADDS r0,#1; UXTB r1,r2 does not pair (2), UXTB r1,r2; ADDS r0,#1 does (1). */
static void m7_extend_older_only(void **state)
{
    (void)state;
    const uint16_t younger[] = { 0x3001, 0xb2d1 };
    const uint16_t older[] = { 0xb2d1, 0x3001 };
    assert_int_equal(run("cortex-m7", younger, 2, 2), 2);
    assert_int_equal(run("cortex-m7", older, 2, 2), 1);
}

/* M7: an address is read at EX1, a cycle early (LLVM M7Read_ISS): ADDS
 * r1,#4; LDR r0,[r1]: 1 + (1 + 1) = 3. Pointer chasing LDR r0,[r1];
 * LDR r2,[r0]: load-use 1 plus the early read 1: 1 + (1 + 1 + 1) = 4. */
static void m7_early_address(void **state)
{
    (void)state;
    const uint16_t alu_addr[] = { 0x3104, 0x6808 };
    const uint16_t chase[] = { 0x6808, 0x6802 };
    assert_int_equal(run("cortex-m7", alu_addr, 2, 2), 3);
    assert_int_equal(run("cortex-m7", chase, 2, 2), 4);
}

/* M7: a forward conditional branch is predicted not taken; taken, it pays
 * the forward mispredict 6 (LLVM ARMScheduleM7.td). CMP r0,r0 (Z=1);
 * BEQ +4 (d002) pair: 1 + 0 + 6 = 7. */
static void m7_forward_mispredict(void **state)
{
    (void)state;
    const uint16_t code[] = { 0x4280, 0xd002, 0xbf00, 0xbf00, 0xbf00, 0xbf00 };
    assert_int_equal(run("cortex-m7", code, 6, 2), 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(m4_pipelined_loads),
        cmocka_unit_test(m4_address_dependency),
        cmocka_unit_test(m4_dependent_loads),
        cmocka_unit_test(m4_branch_aligned),
        cmocka_unit_test(m4_branch_to_unaligned_wide),
        cmocka_unit_test(m4_branch_not_taken),
        cmocka_unit_test(m7_dual_issue),
        cmocka_unit_test(m7_dependent_no_dual),
        cmocka_unit_test(m7_load_use),
        cmocka_unit_test(m7_one_shifter),
        cmocka_unit_test(m7_extend_older_only),
        cmocka_unit_test(m7_early_address),
        cmocka_unit_test(m7_forward_mispredict),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
