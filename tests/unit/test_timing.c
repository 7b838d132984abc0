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

/* As run(), with r0-r7 set from regs. */
static uint64_t run_regs(const char *model, const uint16_t *code, size_t n, unsigned insns,
                         const uint32_t regs[8])
{
    struct harness *h = harness_new(model);
    harness_code(h, 0x1000, code, n);
    for (unsigned k = 0; k < 8; k++)
        h->cpu.r[k] = regs[k];
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

/* B to a 16-bit instruction: 1 + P. P = 1 for a direct branch, whose
 * target the decode stage speculates (TRM 3.3.1: P is 1-3 "depending on
 * the alignment and width of the target instruction, and whether the
 * processor manages to speculate the address early"; LLVM
 * ARMScheduleM4.td: "Best case branch taken cost" 2; published DWT
 * measurements, compendium.i-0.nl "Branch timing": a taken branch 2). */
static void m4_branch_aligned(void **state)
{
    (void)state;
    /* 0x1000: B 0x1008 (e002); 0x1008: NOP */
    const uint16_t code[] = { 0xe002, 0xbf00, 0xbf00, 0xbf00, 0xbf00 };
    assert_int_equal(run("cortex-m4", code, 5, 1), 2);
}

/* B to a 32-bit instruction at 2 mod 4: one more fetch, P = 2: 1 + 2
 * (compendium.i-0.nl: "branching to an unaligned wide instruction takes
 * three cycles"). */
static void m4_branch_to_unaligned_wide(void **state)
{
    (void)state;
    /* 0x1000: B 0x100a (e003); 0x100a: MOV.W r0, #1 (f04f 0001) */
    const uint16_t code[] = { 0xe003, 0xbf00, 0xbf00, 0xbf00, 0xbf00, 0xf04f, 0x0001 };
    assert_int_equal(run("cortex-m4", code, 7, 1), 3);
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

/* M7: a pair whose younger op reads what a late-ALU older op writes does
 * not: EORS r0,r1; ADDS r0,#1: 1 + 1 (EOR has latency 1, so ADDS issues
 * the next cycle, with no stall). */
static void m7_dependent_no_dual(void **state)
{
    (void)state;
    const uint16_t code[] = { 0x4048, 0x3001 };
    assert_int_equal(run("cortex-m7", code, 2, 2), 2);
}

/* M7: ADD, SUB and MOV without a shift execute in the early ALU when they
 * are the older op and their operands are ready (measured on an STM32H743,
 * github.com/jnk0le/random "pipeline cycle test", Cortex-M7: "result of
 * early alu can be forwarded to late alu in 0 cycles, or early alu next
 * cycle: add, sub ... mov"; "add, sub and non shifting mov can enter early
 * alu from older op only"; the Mastodon measurement of ADD.W R1,R0,R3;
 * ADD.W R1,R1,R2 dual-issuing). ADDS r0,#1; ADDS r0,#1 pair: 1. ADDS
 * r1,#4; LDR r0,[r1]: the address is ready the next cycle: 1 + 1. ADDS
 * r2,#1; ADDS r1,#4; LDR r0,[r1]: the second ADDS is the younger op of a
 * pair (late ALU), so the address waits one more cycle: 1 + 0 + 2. */
static void m7_early_alu_forward(void **state)
{
    (void)state;
    const uint16_t chain[] = { 0x3001, 0x3001 };
    const uint16_t addr[] = { 0x3104, 0x6808 };
    const uint16_t young[] = { 0x3201, 0x3104, 0x6808 };
    assert_int_equal(run("cortex-m7", chain, 2, 2), 1);
    assert_int_equal(run("cortex-m7", addr, 2, 2), 2);
    assert_int_equal(run("cortex-m7", young, 3, 3), 3);
}

/* M7 load-use, measured on an STM32H743 (jnk0le, Cortex-M7 "loads": "word
 * loads can be consumed by late ALU in next cycle, except instructions
 * that consume one of the operands in early ALU"; "byte/half loads can be
 * consumed in secend cycle by late ALU (1 extra cycle of result latency),
 * or third in early ALU"; "all multiplications and multiply accumulates
 * can't consume ldr result from previous cycle"; stores "can store any
 * result in same cycle, including ldr"). LLVM ARMScheduleM7.td's
 * per-instruction latencies agree (WriteLd 1, M7SlowLoad 2).
 *   LDR r0,[r1]; ADDS r0,#1:     1 + 1
 *   LDRB r0,[r1]; ADDS r0,#1:    1 + (1 + 1)
 *   LDR r0,[r1]; LSLS r2,r0,#1:  1 + (1 + 1) (a shifter operand is read early)
 *   LDR r0,[r1]; MULS r2,r0,r2:  1 + (1 + 1)
 *   LDR r0,[r1]; STR r0,[r3]:    1 + 0 (the store pairs: its data is read late) */
static void m7_load_use(void **state)
{
    (void)state;
    const uint16_t word[] = { 0x6808, 0x3001 };
    const uint16_t byte[] = { 0x7808, 0x3001 };
    const uint16_t shift[] = { 0x6808, 0x0042 };
    const uint16_t mul[] = { 0x6808, 0x4342 };
    const uint16_t store[] = { 0x6808, 0x6018 };
    assert_int_equal(run("cortex-m7", word, 2, 2), 2);
    assert_int_equal(run("cortex-m7", byte, 2, 2), 3);
    assert_int_equal(run("cortex-m7", shift, 2, 2), 3);
    assert_int_equal(run("cortex-m7", mul, 2, 2), 3);
    assert_int_equal(run("cortex-m7", store, 2, 2), 1);
}

/* M7: two loads pair only from different banks, even and odd words
 * (jnk0le, STM32H743: "two loads ... can be dual issued if each one is
 * targeting different bank (even and odd words)"). LDR r0,[r1];
 * LDR r2,[r1,#4]: 1. LDR r0,[r1]; LDR r2,[r1,#8]: 1 + 1. */
static void m7_load_banks(void **state)
{
    (void)state;
    const uint16_t odd[] = { 0x6808, 0x684a };
    const uint16_t even[] = { 0x6808, 0x688a };
    assert_int_equal(run("cortex-m7", odd, 2, 2), 1);
    assert_int_equal(run("cortex-m7", even, 2, 2), 2);
}

/* M7: a multiply does not pair with a store (jnk0le, Cortex-M7 "can't
 * dual issue with stores"): MUL r2,r3,r4; STR r0,[r1]: 1 + 1. */
static void m7_mul_store_no_pair(void **state)
{
    (void)state;
    const uint16_t code[] = { 0xfb03, 0xf204, 0x6008 };
    assert_int_equal(run("cortex-m7", code, 3, 2), 2);
}

/* M7: a branch issues only as the older op of a pair (jnk0le's CM7
 * template: "branch can only be the old op"); not taken, the next
 * instruction pairs with it ("not-taken branch can dual issue with
 * following instruction"). MOVS r2,#1; CMP r0,r1 (r0 != r1); BEQ +4 (not
 * taken, forward: predicted right); ADDS r3,#1: 1 + 0 + 1 + 0 = 2 (with a
 * taken-or-not branch ending the group, as before, 3). */
static void m7_not_taken_pairs(void **state)
{
    (void)state;
    const uint16_t code[] = { 0x2201, 0x4288, 0xd002, 0x3301, 0xbf00, 0xbf00, 0xbf00 };
    assert_int_equal(run("cortex-m7", code, 7, 4), 2);
}

/* M7: a predicted taken branch "is capable of dual issuing with one
 * instruction at destination address ... requires at least 2 .n
 * instructions executed prior to branch" (jnk0le, STM32H743).
 * 0x1000 ADDS r2,#1; ADDS r3,#1; SUBS r0,#1; BNE 0x1000 (r0 = 5, taken
 * and predicted each time): ADDS 1, ADDS 0, SUBS 1, BNE 1 with the target
 * ADDS in the same cycle (-1): 2 per iteration; 11 instructions (three
 * passes, the last without its BNE): 2 + 2 + 2 = 6. With SUBS.W (32-bit)
 * before the BNE the fetch condition fails: 3 + 3 + 2 = 8. */
static void m7_taken_branch_pairs_with_target(void **state)
{
    (void)state;
    const uint32_t regs[8] = { 5 };
    const uint16_t narrow[] = { 0x3201, 0x3301, 0x3801, 0xd1fb };
    const uint16_t wide[] = { 0x3201, 0x3301, 0xf1b0, 0x0001, 0xd1fa };
    assert_int_equal(run_regs("cortex-m7", narrow, 4, 11, regs), 6);
    assert_int_equal(run_regs("cortex-m7", wide, 5, 11, regs), 8);
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

/* M7: an address is read at EX1, a cycle early (LLVM M7Read_ISS): EORS
 * r1,r2 (a late-ALU result); LDR r0,[r1]: 1 + (1 + 1) = 3. Pointer
 * chasing LDR r0,[r1]; LDR r2,[r0]: load latency 1 plus the early read:
 * 1 + (1 + 1) = 3 (quinapalus.com "Cortex-M7 instruction cycle counts":
 * a load's data used as the next load's address, 3). */
static void m7_early_address(void **state)
{
    (void)state;
    const uint16_t alu_addr[] = { 0x4051, 0x6808 };
    const uint16_t chase[] = { 0x6808, 0x6802 };
    assert_int_equal(run("cortex-m7", alu_addr, 2, 2), 3);
    assert_int_equal(run("cortex-m7", chase, 2, 2), 3);
}

/* M7: a forward conditional branch is predicted not taken; taken, it pays
 * the mispredict 6, 2 more when its flags were set less than 3 cycles
 * before it (STM32H743, jnk0le's CM7 template: "extra 6 cycles comes from
 * mispredicted branch", "2 extra cycles to branch mispredict if placed
 * next to branch"; LLVM: "Mispredict cost for forward branches is 6").
 * CMP r0,r0 (Z=1); BEQ +4: 1 + 1 (a branch is never the younger op) + 8
 * = 10. CMP r0,r0; DMB; BEQ +4: 1 + 4 + 1 + 6 = 12. */
static void m7_forward_mispredict(void **state)
{
    (void)state;
    const uint16_t near[] = { 0x4280, 0xd002, 0xbf00, 0xbf00, 0xbf00, 0xbf00 };
    const uint16_t far[] = { 0x4280, 0xf3bf, 0x8f5f, 0xd002, 0xbf00, 0xbf00, 0xbf00, 0xbf00 };
    assert_int_equal(run("cortex-m7", near, 6, 2), 10);
    assert_int_equal(run("cortex-m7", far, 8, 3), 12);
}

/* M7: a MAC reads its accumulator a cycle late (LLVM ARMScheduleM7.td
 * ReadAdvance<ReadMAC, 1>), so MLA r2,r3,r4,r2 twice does not stall on the
 * MAC latency 2: 1 + 1 (one MAC pipe: no pairing). Chained through a
 * multiplicand, MLA r2,r2,r3,r4 twice does: 1 + (1 + 1). */
static void m7_mac_accumulator_late(void **state)
{
    (void)state;
    const uint16_t acc[] = { 0xfb03, 0x2204, 0xfb03, 0x2204 };
    const uint16_t mul[] = { 0xfb02, 0x4203, 0xfb02, 0x4203 };
    assert_int_equal(run("cortex-m7", acc, 4, 2), 2);
    assert_int_equal(run("cortex-m7", mul, 4, 2), 3);
}

/* The Cortex-M4 TRM's load/store examples (3.3.1 "Load/store timings", the
 * text the Cortex-M3 TRM shares): "LDR R0,[R1,R2]; STR R0,[R3,#20] -
 * normally three cycles total"; "LDR R0,[R1,R2]; STR R1,[R3,R2] - normally
 * three cycles total"; "LDR R0,[R1,R5]; LDR R1,[R2]; LDR R2,[R3,#4] -
 * normally four cycles total". */
static void m4_trm_load_store_examples(void **state)
{
    (void)state;
    const uint32_t regs[8] = { 0, 0x20000000u, 0, 0x20000000u, 0, 0 };
    const uint32_t regs3[8] = { 0, 0x20000000u, 0x20000010u, 0x20000000u, 0, 0 };
    const uint16_t ldr_str_imm[] = { 0x5888, 0x6158 };
    const uint16_t ldr_str_reg[] = { 0x5888, 0x5099 };
    const uint16_t three_loads[] = { 0x5948, 0x6811, 0x685a };
    assert_int_equal(run_regs("cortex-m4", ldr_str_imm, 2, 2, regs), 3);
    assert_int_equal(run_regs("cortex-m4", ldr_str_reg, 2, 2, regs), 3);
    assert_int_equal(run_regs("cortex-m4", three_loads, 3, 3, regs3), 4);
}

/* "STR Rx,[Ry,#imm] is always one cycle" (TRM 3.3.1): STR r0,[r1];
 * STR r2,[r3]: 1 + 1. "Other instructions cannot be pipelined after STR
 * with register offset ... nothing can be pipelined after the store":
 * STR r0,[r1,r2]; LDR r4,[r5]: 2 + 2. */
static void m4_store_rules(void **state)
{
    (void)state;
    const uint16_t two_stores[] = { 0x6008, 0x601a };
    const uint16_t str_reg_ldr[] = { 0x5088, 0x682c };
    assert_int_equal(run("cortex-m4", two_stores, 2, 2), 2);
    assert_int_equal(run("cortex-m4", str_reg_ldr, 2, 2), 4);
}

/* A loop whose label follows a load: LDR r0,[r1]; 1: LDR r2,[r3]; B 1b.
 * The first pass pipelines the second load (2 + 1), but when the branch
 * re-enters the label nothing pipelines into it (a taken branch is not a
 * load): 2. With B at 1 + P, P = 1: 2 + 1 + 2, then 2 + 2, then 2: 11 in 6
 * instructions. (The entry cost is charged by the branch that enters.) */
static void m4_loop_entry_after_branch(void **state)
{
    (void)state;
    const uint16_t code[] = { 0x6808, 0x681a, 0xe7fd };
    assert_int_equal(run("cortex-m4", code, 3, 6), 11);
}

/* SDIV/UDIV: "2-12, early termination" on the M4 (TRM 3.3.1): a 32-bit
 * quotient (0xffffffff / 1) takes the 12; the M7 divide is its 7 (PAPER.md's
 * M7 summary), without the M4's term added on top. UDIV r0,r1,r2. */
static void divide_costs(void **state)
{
    (void)state;
    const uint32_t regs[8] = { 0, 0xffffffffu, 1 };
    const uint16_t code[] = { 0xfbb1, 0xf0f2 };
    assert_int_equal(run_regs("cortex-m4", code, 2, 1, regs), 12);
    assert_int_equal(run_regs("cortex-m7", code, 2, 1, regs), 7);
}

/* M7: LDR r0,[r1]; 1: LDR r2,[r3]; ADDS r4,r4,r2; B 1b. First pass: 1,
 * the second load pairs (0), the dependent ADDS issues the next cycle (a
 * word load's latency is 1), B cannot be the younger op (1) and, always
 * predicted, pairs with its target, the load at the label (-1: both
 * instructions before B are 16-bit). Each later pass: the label's load in
 * B's cycle, ADDS 1, B 1 - 1. 8 instructions: 2 + 2 + 1 (the third
 * pass's load, entered alone is 1, paired with B 0: +1 - 1, plus the
 * fall-through 0) = 5. */
static void m7_loop_entry_after_branch(void **state)
{
    (void)state;
    const uint16_t code[] = { 0x6808, 0x681a, 0x18a4, 0xe7fc };
    assert_int_equal(run("cortex-m7", code, 4, 8), 5);
}

/* LDM/STM: the M4's 1+N (TRM 3.3.1, "LDM, STM: 1+N"); the M7 moves two
 * registers a cycle over its 64-bit load/store path, "load/store
 * pair/multiple (incl pushpop) ... takes ceil(regnum/2) cycles to
 * execute" (jnk0le/random "pipeline cycle test", doc/cortex_m7.md,
 * STM32H743). STMIA r1!,{r2-r6}: M4 6, M7 3. LDMIA r3!,{r0-r2,r4}: M4 5,
 * M7 2. LDMIA r3!,{r0}: M4 2, M7 1. LDMIA r3!,{r0,r1}: M4 3, M7 1. */
static void ldm_stm_costs(void **state)
{
    (void)state;
    const uint16_t stm5[] = { 0xc17c }, ldm4[] = { 0xcb17 }, ldm1[] = { 0xcb01 },
                   ldm2[] = { 0xcb03 };
    assert_int_equal(run("cortex-m4", stm5, 1, 1), 6);
    assert_int_equal(run("cortex-m7", stm5, 1, 1), 3);
    assert_int_equal(run("cortex-m4", ldm4, 1, 1), 5);
    assert_int_equal(run("cortex-m7", ldm4, 1, 1), 2);
    assert_int_equal(run("cortex-m4", ldm1, 1, 1), 2);
    assert_int_equal(run("cortex-m7", ldm1, 1, 1), 1);
    assert_int_equal(run("cortex-m4", ldm2, 1, 1), 3);
    assert_int_equal(run("cortex-m7", ldm2, 1, 1), 1);
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
        cmocka_unit_test(m7_early_alu_forward),
        cmocka_unit_test(m7_load_use),
        cmocka_unit_test(m7_load_banks),
        cmocka_unit_test(m7_mul_store_no_pair),
        cmocka_unit_test(m7_not_taken_pairs),
        cmocka_unit_test(m7_taken_branch_pairs_with_target),
        cmocka_unit_test(m7_one_shifter),
        cmocka_unit_test(m7_extend_older_only),
        cmocka_unit_test(m7_early_address),
        cmocka_unit_test(m7_forward_mispredict),
        cmocka_unit_test(m7_mac_accumulator_late),
        cmocka_unit_test(m4_trm_load_store_examples),
        cmocka_unit_test(m4_store_rules),
        cmocka_unit_test(m4_loop_entry_after_branch),
        cmocka_unit_test(divide_costs),
        cmocka_unit_test(m7_loop_entry_after_branch),
        cmocka_unit_test(ldm_stm_costs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
