/* The Cortex-M7's dynamic branch prediction (BTAC, isa/branch.c) on the
 * bare harness core, against counts worked out by hand from the rules in
 * docs/timing.md: an instruction entered by a taken branch issues alone
 * (1) unless it pairs with a predicted branch whose two straight-line
 * predecessors are 16-bit (none below: the instruction before each branch
 * here never runs or is not there), a branch is never the younger op of a
 * pair (1), B costs nothing more when taken; a mispredict 6 more, 8 for a
 * B<c> whose flags were set less than 3 cycles before it (STM32H743
 * measurements, docs/timing.md); a branch not in the BTAC is predicted by the
 * static rule (backward taken, forward not taken), one in it as it went
 * last time; BX is predicted when its entry holds the same target. The
 * BTAC's size (64 entries, direct-mapped by halfword address) is our
 * assumption; the aliasing case checks the model applies it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "harness.h"

static uint64_t run(const char *model, const uint16_t *code, size_t n, unsigned insns,
                    uint32_t r0, uint32_t r1)
{
    struct harness *h = harness_new(model);
    harness_code(h, 0x1000, code, n);
    h->cpu.r[0] = r0;
    h->cpu.r[1] = r1;
    uint64_t before = h->cpu.cycles;
    enum cpu_stop s = harness_step(h, insns);
    assert_int_equal(s, CPU_STOP_NONE);
    uint64_t cycles = h->cpu.cycles - before;
    harness_free(h);
    return cycles;
}

/* 0x1000 SUBS r0,#1 (3801); 0x1002 BNE 0x1006 (d100, forward); 0x1004 NOP;
 * 0x1006 B 0x1000 (e7fb). r0 = 5: BNE is taken in each of the 3 iterations
 * run (9 instructions).
 * M7: first iteration SUBS 1 + BNE 1 + 8 (not in the BTAC: static forward
 * not taken, wrong; SUBS set the flags just before) + B 1 (entered) = 11;
 * then SUBS 1 (entered) + BNE 1 (predicted taken: it was taken last time)
 * + B 1 = 3, twice: 17. The static rule alone would give 11 each time, 33.
 * M4 (no predictor, unchanged): SUBS 1 + BNE 1+1 + B 1+1 = 5, x3 = 15. */
static const uint16_t fwd_loop[] = { 0x3801, 0xd100, 0xbf00, 0xe7fb };

static void m7_forward_taken_learned(void **state)
{
    (void)state;
    assert_int_equal(run("cortex-m7", fwd_loop, 4, 9, 5, 0), 17);
}

static void m4_forward_taken_unchanged(void **state)
{
    (void)state;
    assert_int_equal(run("cortex-m4", fwd_loop, 4, 9, 5, 0), 15);
}

/* The same loop with B 64 halfwords after BNE: 0x1002 BNE 0x1082 (d13e),
 * NOPs, 0x1082 B 0x1000 (e7bd). Both index BTAC entry (addr >> 1) & 63 =
 * 1, so each B evicts BNE's entry and BNE is never found: 11 per
 * iteration, 33 for 3. */
static void m7_aliasing_evicts(void **state)
{
    (void)state;
    uint16_t code[0x42];
    for (unsigned k = 0; k < 0x42; k++)
        code[k] = 0xbf00;
    code[0] = 0x3801;
    code[1] = 0xd13e;
    code[0x41] = 0xe7bd;
    assert_int_equal(run("cortex-m7", code, 0x42, 9, 5, 0), 33);
}

/* 0x1000 BX r1 with r1 = 0x1001: a jump to itself, run 3 times. M7: BX 1
 * + 6 (not in the BTAC) = 7, then 1 (entered) + 0 (same target as last
 * time) twice: 9. The static rule would charge 6 each time: 21. */
static void m7_bx_same_target(void **state)
{
    (void)state;
    const uint16_t code[] = { 0x4708 };
    assert_int_equal(run("cortex-m7", code, 1, 3, 0, 0x1001), 9);
}

/* 0x1000 BX r1 (4708), 0x1002 BX r2 (4710): r1 = 0x1003, r2 = 0x1001,
 * ping-pong between them, each always to the same target: 7 + 7 for the
 * first two, then 1 + 1: 4 instructions 16. */
static void m7_bx_two_sites(void **state)
{
    (void)state;
    struct harness *h = harness_new("cortex-m7");
    const uint16_t code[] = { 0x4708, 0x4710 };
    harness_code(h, 0x1000, code, 2);
    h->cpu.r[1] = 0x1003;
    h->cpu.r[2] = 0x1001;
    uint64_t before = h->cpu.cycles;
    assert_int_equal(harness_step(h, 4), CPU_STOP_NONE);
    assert_int_equal(h->cpu.cycles - before, 16);
    harness_free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(m7_forward_taken_learned),
        cmocka_unit_test(m4_forward_taken_unchanged),
        cmocka_unit_test(m7_aliasing_evicts),
        cmocka_unit_test(m7_bx_same_target),
        cmocka_unit_test(m7_bx_two_sites),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
