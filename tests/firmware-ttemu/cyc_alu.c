/* Cycle microbenchmark: multiply and MAC chains, and the M7's dual-issue
 * pairs (issue 20). DWT.CYCCNT around each loop for 10 and 110
 * iterations; the difference over 100 is one iteration without the call
 * overhead. Each expected figure is the sum of the per-instruction rules
 * docs/timing.md lists, worked out beside it; the firmware exits 0 only
 * when every figure matches. ttemu-only: QEMU has no cycle model. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "bsp.h"

#define DEMCR      (*(volatile uint32_t *)0xe000edfcu)
#define DWT_CTRL   (*(volatile uint32_t *)0xe0001000u)
#define DWT_CYCCNT (*(volatile uint32_t *)0xe0001004u)
#define DWT_LAR    (*(volatile uint32_t *)0xe0001fb0u) /* Cortex-M7 software lock */
#define CPUID      (*(volatile uint32_t *)0xe000ed00u)

static uint32_t word = 3;

/* The loop body is BODY, then SUBS n,#1; BNE to the aligned label. The
 * label follows a known instruction, DMB (32-bit, so the label stays
 * aligned), which neither pipelines into a load on the M4 nor pairs on
 * the M7: falling into the label costs what entering it by the branch
 * does. */
#define LOOP(name, body)                                                        \
    __attribute__((noinline)) static uint32_t name(uint32_t n)                 \
    {                                                                           \
        const uint32_t *p = &word;                                              \
        uint32_t start = DWT_CYCCNT;                                            \
        __asm volatile(".balign 4\n\tdmb\n"                                    \
                       "1:\n\t" body "subs %[n], #1\n\t"                        \
                       "bne 1b\n"                                               \
                       : [n] "+l"(n)                                            \
                       : [p] "l"(p)                                             \
                       : "r2", "r3", "r4", "cc", "memory");                     \
        return DWT_CYCCNT - start;                                              \
    }

#define X4(s) s s s s
LOOP(mul_chain, X4("mul r2, r2, r3\n\t"))
LOOP(mul_indep, X4("mul r2, r3, r3\n\t"))
LOOP(mla_acc_chain, X4("mla r2, r3, r4, r2\n\t"))
LOOP(mla_mul_chain, X4("mla r2, r2, r3, r4\n\t"))
LOOP(alu_pairs, X4("adds r2, #1\n\tadds r3, #1\n\t"))
LOOP(load_alu_pairs, X4("ldr r2, [%[p]]\n\tadds r3, #1\n\t"))
LOOP(shift_pairs, X4("lsls r2, r2, #1\n\tlsls r3, r3, #1\n\t"))

struct case_ {
    const char *name;
    uint32_t (*fn)(uint32_t n);
    unsigned m4, m7; /* expected cycles per iteration */
};

/* Cortex-M4 (TRM r0p1 3.3.1, the table as TI SWCU192 Table 3-25
 * reproduces it): MUL, MLA 1 whatever the dependency (single-cycle
 * 32x32 multiplier), ALU and shifts 1, LDR 2 (not pipelined after an ALU
 * instruction), SUBS 1, BNE taken 1 + P = 2 (cyc_branch.c).
 *   mul_chain, mul_indep, mla_acc_chain, mla_mul_chain: 4 + 3 = 7
 *   alu_pairs, shift_pairs: 8 + 3 = 11;   load_alu_pairs: 4 x 3 + 3 = 15
 * Cortex-M7 (LLVM ARMScheduleM7.td: one MAC pipe, MUL/MAC latency 2, the
 * accumulator read a cycle late, ReadAdvance<ReadMAC, 1>; two ALU and
 * two load pipes, one EX1 shifter; measured on an STM32H743 (jnk0le,
 * docs/timing.md): BNE issues only as the older op (1), and, predicted
 * taken, pairs with the label's instruction (-1) when the two
 * instructions before it are 16-bit; otherwise the label's instruction
 * issues alone after the taken branch):
 *   mul_chain:      1 + 3 x (1 + 1 stall), SUBS pairs 0, BNE 1 = 8 (MUL.W
 *                   before SUBS: no pairing at the target)
 *   mul_indep:      4 x 1 (one MAC pipe), SUBS pairs 0, BNE 1 = 5
 *   mla_acc_chain:  4 x 1 (the accumulator is read late: no stall), 0, 1 = 5
 *   mla_mul_chain:  1 + 3 x 2 (a multiplicand is not), 0, 1 = 8
 *   alu_pairs:      {BNE, ADDS} then 3 x {ADDS, ADDS}, {ADDS, SUBS} = 5
 *   load_alu_pairs: {BNE, LDR}, 3 x {ADDS, LDR}, {ADDS, SUBS} = 5
 *   shift_pairs:    8 x 1 (one shifter), SUBS pairs 0, BNE 1 - 1 (the
 *                   label's LSLS in its cycle) = 8 */
static const struct case_ cases[] = {
    { "MUL chain (r2 = r2 * r3) x4", mul_chain, 7, 8 },
    { "independent MUL x4", mul_indep, 7, 5 },
    { "MLA accumulator chain x4", mla_acc_chain, 7, 5 },
    { "MLA multiplicand chain x4", mla_mul_chain, 7, 8 },
    { "independent ADDS pairs x4", alu_pairs, 11, 5 },
    { "LDR + independent ADDS x4", load_alu_pairs, 15, 5 },
    { "independent LSLS pairs x4", shift_pairs, 11, 8 },
};

int main(void)
{
    DEMCR |= 1u << 24; /* TRCENA */
    DWT_LAR = 0xc5acce55u;
    DWT_CTRL |= 1;     /* CYCCNTENA */
    bool m7 = ((CPUID >> 4) & 0xfff) == 0xc27;
    const char *core = m7 ? "cortex-m7" : "cortex-m4";
    int bad = 0;
    for (unsigned k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const struct case_ *t = &cases[k];
        (void)t->fn(10); /* warm-up: the M7 BTAC holds last outcomes (cyc_branch.c) */
        uint32_t c1 = t->fn(10), c2 = t->fn(110);
        unsigned diff = c2 - c1, per = (diff + 50) / 100, want = m7 ? t->m7 : t->m4;
        bool ok = diff == 100 * want;
        printf("%s %s: %u cycles per iteration (%u over 100), expected %u: %s\n", core, t->name,
               per, diff, want, ok ? "ok" : "DIFFER");
        bad += !ok;
    }
    return bad ? 1 : 0;
}
