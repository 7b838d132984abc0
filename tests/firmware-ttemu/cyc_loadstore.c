/* Cycle microbenchmark: load/store pipelining in several orders (issues 15
 * and 20). DWT.CYCCNT around each loop for 10 and 110 iterations; the
 * difference over 100 is one iteration without the call overhead. Each
 * expected figure is the sum of the per-instruction rules docs/timing.md
 * lists, worked out in the comment beside it; the firmware exits 0 only
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

static uint32_t buf[16];

/* The loop body is BODY, then SUBS n,#1; BNE to the aligned label. The
 * label follows a known instruction, DMB (32-bit, so the label stays
 * aligned), which neither pipelines into a load on the M4 nor pairs on
 * the M7: falling into the label costs what entering it by the branch
 * does. */
#define LOOP(name, body)                                                        \
    __attribute__((noinline)) static uint32_t name(uint32_t n)                 \
    {                                                                           \
        uint32_t *p = buf, off = 4, start = DWT_CYCCNT;                         \
        __asm volatile(".balign 4\n\tdmb\n"                                    \
                       "1:\n\t" body "subs %[n], #1\n\t"                        \
                       "bne 1b\n"                                               \
                       : [n] "+l"(n)                                            \
                       : [p] "l"(p), [o] "l"(off)                               \
                       : "r0", "r3", "cc", "memory");                           \
        return DWT_CYCCNT - start;                                              \
    }

#define LDR_STR_IMM "ldr r0, [%[p], %[o]]\n\tstr r0, [%[p], #20]\n\t"
#define STR_IMM2    "str r0, [%[p]]\n\tstr r0, [%[p], #4]\n\t"
#define STR_REG_LDR "str r0, [%[p], %[o]]\n\tldr r3, [%[p]]\n\t"

LOOP(ldr_str_imm, LDR_STR_IMM LDR_STR_IMM LDR_STR_IMM LDR_STR_IMM)
LOOP(str_imm, STR_IMM2 STR_IMM2 STR_IMM2 STR_IMM2)
LOOP(str_reg_ldr, STR_REG_LDR STR_REG_LDR STR_REG_LDR STR_REG_LDR)

#define X4(s) s s s s
LOOP(ldr_ldr, X4("ldr r0, [%[p]]\n\tldr r3, [%[p], #4]\n\t"))
LOOP(str_imm_ldr, X4("str r0, [%[p]]\n\tldr r3, [%[p], #4]\n\t"))
/* buf[8] holds its own address (set in main): a chain of dependent loads. */
LOOP(ldr_chase, "ldr r3, [%[p], #32]\n\t" "ldr r3, [r3]\n\t" "ldr r3, [r3]\n\t" "ldr r3, [r3]\n\t")
LOOP(alu_addr, X4("adds r3, %[p], #0\n\tldr r0, [r3]\n\t"))

struct case_ {
    const char *name;
    uint32_t (*fn)(uint32_t n);
    unsigned m4, m7; /* expected cycles per iteration */
};

/* Cortex-M4 (TRM r0p1 3.3.1 "Load/store timings"): a load 2; "STR
 * Rx,[Ry,#imm] is always one cycle"; a load or store after a load, its
 * address independent of that load, one less; "nothing can be pipelined
 * after the store"; after the taken branch nothing pipelines. SUBS 1, BNE
 * taken 1 + P with P = 1 (a direct branch to a 16-bit target: cyc_branch.c).
 *   ldr_str_imm: 4 x (LDR 2 + STR 1) + 1 + 2 = 15
 *   str_imm:     8 x 1 + 1 + 2 = 11
 *   str_reg_ldr: STR 2 + LDR 2, then 3 x (STR 1 after the load + LDR 2) + 1 + 2 = 16
 * Cortex-M7 (LLVM ARMScheduleM7.td: one store and two load pipes;
 * measured on an STM32H743, jnk0le, docs/timing.md: a word load's result
 * is ready for the late ALU the next cycle, a store takes any result in
 * the same cycle ("can store any result in same cycle, including ldr"),
 * "cannot dual issue two stores"; BNE only as the older op, 1, and,
 * predicted taken with two 16-bit instructions before it, together with
 * the label's instruction, -1; the older of a pair costs 1, the younger 0):
 *   ldr_str_imm: {BNE, LDR}, 3 x {STR, LDR}, {STR, SUBS} = 5
 *   str_imm:     8 stores, one store pipe: {BNE, STR}, 7 x STR 1, SUBS
 *                pairs 0 = 8
 *   str_reg_ldr: 4 x (STR 1, LDR pairs 0), SUBS 1, BNE 1 - 1 (the label's
 *                STR in its cycle) = 5
 * More orders. M4: a load after a load pipelines (1), after a store it
 * does not (2); a load whose address is the previous load's data or the
 * previous ALU result does not pipeline, and the ALU case stalls one more.
 *   ldr_ldr:     2 + 7 x 1 + 1 + 2 = 12
 *   str_imm_ldr: 4 x (STR 1 + LDR 2) + 1 + 2 = 15
 *   ldr_chase:   4 x 2 + 1 + 2 = 11
 *   alu_addr:    4 x (ADDS 1 + LDR 2 + 1) + 1 + 2 = 19
 * M7: two load pipes, a word load's latency 1 and addresses read a cycle
 * early (pointer chasing 1 + 2: quinapalus.com's data-to-address figure);
 * ADD/SUB/MOV as the older op in the early ALU, its result an address the
 * next cycle; as the younger op in the late ALU, one cycle more:
 *   ldr_ldr:     4 x (LDR 1, LDR pairs 0), SUBS 1, BNE 1 - 1 = 5
 *   str_imm_ldr: 4 x (STR 1, LDR pairs 0), SUBS 1, BNE 1 - 1 = 5
 *   ldr_chase:   1 - 1 (in BNE's cycle) + 3 x (1 + 1 early read), SUBS
 *                pairs 0, BNE 1 = 7
 *   alu_addr:    ADDS 1 - 1 (in BNE's cycle), LDR 1 (the early-ALU result
 *                in time), then 3 x (ADDS pairs with the older LDR 0, LDR
 *                1 + 1: the younger ADDS ran in the late ALU), SUBS pairs 0,
 *                BNE 1 = 8 (ADDS r3,r5,#0 reads no register in bits 8:6:
 *                they are imm3, named so in isa/dp.c's pattern) */
static const struct case_ cases[] = {
    { "ldr_str_imm (LDR r0,[p,o]; STR r0,[p,#20]) x4", ldr_str_imm, 15, 5 },
    { "str_imm (STR #imm) x8", str_imm, 11, 8 },
    { "str_reg_ldr (STR r0,[p,o]; LDR r3,[p]) x4", str_reg_ldr, 16, 5 },
    { "ldr_ldr (LDR; LDR, independent) x4", ldr_ldr, 12, 5 },
    { "str_imm_ldr (STR #imm; LDR) x4", str_imm_ldr, 15, 5 },
    { "ldr_chase (4 dependent loads)", ldr_chase, 11, 7 },
    { "alu_addr (ADDS r3; LDR [r3]) x4", alu_addr, 19, 8 },
};

int main(void)
{
    DEMCR |= 1u << 24; /* TRCENA */
    DWT_LAR = 0xc5acce55u;
    DWT_CTRL |= 1;     /* CYCCNTENA */
    bool m7 = ((CPUID >> 4) & 0xfff) == 0xc27;
    buf[8] = (uint32_t)&buf[8];
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
