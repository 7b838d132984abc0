/* Block execution (isa/cpu.c, isa/codecache.c cc_form_block): a block run
 * as a whole must stop, fault and see code changes exactly where running
 * one instruction at a time would. Every expected figure is derived by
 * hand below from the Cortex-M4 TRM costs docs/timing.md lists (ALU 1,
 * LDR 2 and 1 when pipelined after a load, STR #imm 1, B taken 1 + 2) and
 * the per-instruction rule "the loop stops after the instruction that
 * brings cycles to the deadline". */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "harness.h"

#define DATA 0x20000000u

static void rerun(struct harness *h, uint32_t pc)
{
    h->cpu.pc = pc;
    h->cpu.cycles = 0;
    h->cpu.insns = 0;
}

/* Four loads from a 3-wait region, then B to itself. Static costs 2 + 1 +
 * 1 + 1 + B 1 = 6 (the block's whole static sum), each load + 3 waits
 * charged by the slow path. With the deadline at 7 the block is started
 * as a whole (0 + 6 < 7), but one at a time the loop stops after the
 * second load: 2 + 3 = 5 < 7, then 5 + 1 + 3 = 9 >= 7. */
static void deadline_inside_a_block(void **state)
{
    (void)state;
    struct harness *h = harness_new("cortex-m4");
    static const uint16_t code[] = { 0x6811, 0x6811, 0x6811, 0x6811, 0xe7fe }; /* LDR r1,[r2] x4; B . */
    harness_code(h, 0, code, 5);
    h->bus.regions[1].wait_read = 3;
    bus_set_slow(&h->bus, 1);
    h->cpu.r[2] = DATA;
    cpu_run(&h->cpu, 100); /* first pass: decodes every instruction */
    rerun(h, 0);
    assert_int_equal(cpu_run(&h->cpu, 7), CPU_STOP_NONE);
    assert_int_equal(h->cpu.pc, 4);
    assert_int_equal(h->cpu.cycles, 9);
    assert_int_equal(h->cpu.insns, 2);
    /* Resumed from the middle of the block with the deadline at 12: the
     * third load (1 + 3) already brings 9 to 13 >= 12, so it stops after
     * it. */
    assert_int_equal(cpu_run(&h->cpu, 12), CPU_STOP_NONE);
    assert_int_equal(h->cpu.pc, 6);
    assert_int_equal(h->cpu.cycles, 13);
    assert_int_equal(h->cpu.insns, 3);
    harness_free(h);
}

/* A block whose deadline falls after it: it runs whole, and the count is
 * the sum: ADDS x3 (1 each) + B taken (1 + 1: a direct branch, the TRM's
 * P = 1 with its target speculated, docs/timing.md) = 5 per pass. */
static void whole_blocks_sum_their_costs(void **state)
{
    (void)state;
    struct harness *h = harness_new("cortex-m4");
    static const uint16_t code[] = { 0x3001, 0x3001, 0x3001, 0xe7fb }; /* ADDS r0,#1 x3; B 0 */
    harness_code(h, 0, code, 4);
    cpu_run(&h->cpu, 1);
    rerun(h, 0);
    h->cpu.r[0] = 0;
    assert_int_equal(cpu_run(&h->cpu, 600), CPU_STOP_NONE);
    assert_int_equal(h->cpu.cycles, 600); /* 120 passes of 5 */
    assert_int_equal(h->cpu.insns, 480);
    assert_int_equal(h->cpu.r[0], 360);
    assert_int_equal(h->cpu.pc, 0);
    harness_free(h);
}

/* A fault in the middle of a block: the faulting load counts (it was
 * issued), the rest of the block does not. ADDS 1 + LDR 2 = 3 cycles, 2
 * instructions, the PC at the load (a bare core stops with a lockup). */
static void fault_inside_a_block(void **state)
{
    (void)state;
    struct harness *h = harness_new("cortex-m4");
    static const uint16_t code[] = { 0x3001, 0x6819, 0x3001, 0xe7fe }; /* ADDS; LDR r1,[r3]; ADDS; B . */
    harness_code(h, 0, code, 4);
    h->cpu.r[3] = DATA;
    cpu_run(&h->cpu, 100);
    rerun(h, 0);
    h->cpu.r[3] = 0x60000000u; /* nothing mapped: a precise BusFault */
    assert_int_equal(cpu_run(&h->cpu, 1000), CPU_STOP_LOCKUP);
    assert_int_equal(h->cpu.pc, 2);
    assert_int_equal(h->cpu.cycles, 3);
    assert_int_equal(h->cpu.insns, 2);
    harness_free(h);
}

/* A store into the block that is running: STRH rewrites the ADDS #1 two
 * instructions ahead into ADDS #100 (0x3064); the new instruction runs
 * (B2.2: a store to code is seen by later fetches after the branch the
 * architecture asks for; the emulator makes it visible at once). */
static void store_into_the_running_block(void **state)
{
    (void)state;
    struct harness *h = harness_new("cortex-m4");
    static const uint16_t code[] = { 0x8011, 0x3001, 0x3001, 0xe7fe }; /* STRH r1,[r2]; ADDS; ADDS; B . */
    harness_code(h, 0, code, 4);
    h->cpu.r[1] = 0x3064;
    h->cpu.r[2] = DATA;
    cpu_run(&h->cpu, 100);
    rerun(h, 0);
    h->cpu.r[0] = 0;
    h->cpu.r[2] = 4;
    cpu_run(&h->cpu, 100);
    assert_int_equal(h->cpu.r[0], 101);
    assert_int_equal(h->cpu.pc, 6);
    harness_free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(deadline_inside_a_block),
        cmocka_unit_test(whole_blocks_sum_their_costs),
        cmocka_unit_test(fault_inside_a_block),
        cmocka_unit_test(store_into_the_running_block),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
