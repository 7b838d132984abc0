/* Cycle microbenchmark: taken and not-taken branches by target width and
 * alignment, forward and backward, calls and returns (issue 20).
 * DWT.CYCCNT around each loop for 10 and 110 iterations; the difference
 * over 100 is one iteration without the call overhead. Each loop runs once
 * before it is measured, so on the M7 both measured runs start from the
 * same branch predictor state (the warm-up run and the first measured run
 * leave the BTAC as they found it, main's code between them being the
 * same). Each expected
 * figure is the sum of the per-instruction rules docs/timing.md lists,
 * worked out beside it; the firmware exits 0 only when every figure
 * matches. ttemu-only: QEMU has no cycle model. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "bsp.h"

#define DEMCR      (*(volatile uint32_t *)0xe000edfcu)
#define DWT_CTRL   (*(volatile uint32_t *)0xe0001000u)
#define DWT_CYCCNT (*(volatile uint32_t *)0xe0001004u)
#define DWT_LAR    (*(volatile uint32_t *)0xe0001fb0u) /* Cortex-M7 software lock */
#define CPUID      (*(volatile uint32_t *)0xe000ed00u)

/* PRE runs once before the label (it fixes the label's alignment), after
 * a DMB (a known instruction that neither pipelines nor pairs); the loop
 * is BODY ending in its own backward branch to 1. */
#define LOOP(name, pre, body)                                                   \
    __attribute__((noinline)) static uint32_t name(uint32_t n)                 \
    {                                                                           \
        uint32_t start = DWT_CYCCNT;                                            \
        __asm volatile(".balign 4\n\tdmb\n\t" pre "\n"                        \
                       "1:\n\t" body "\n"                                       \
                       : [n] "+r"(n)                                            \
                       :                                                        \
                       : "r2", "lr", "cc", "memory");                           \
        return DWT_CYCCNT - start;                                              \
    }

#define BACK "subs %[n], #1\n\tbne 1b"
#define BACK_W "subs.w %[n], %[n], #1\n\tbne 1b"

LOOP(back_narrow_aligned, "", BACK)
LOOP(back_wide_aligned, "", BACK_W)
/* The 16-bit instruction before a 2 mod 4 label writes the register the
 * label's SUBS reads, so they cannot pair on the M7 whether the label is
 * reached by falling through or by the branch (docs/timing.md: only the
 * first instruction of a run is costed for its real entry). */
#define PRE "mov %[n], %[n]"
LOOP(back_narrow_unaligned, PRE, BACK)
LOOP(back_wide_unaligned, PRE, BACK_W)
LOOP(fwd_not_taken, "", "cmp %[n], #0\n\tbeq 2f\n\t" BACK "\n2:")
LOOP(fwd_b_taken, "", "b 2f\n\tnop\n2:\n\t" BACK)
LOOP(fwd_cond_taken, "", "cmp %[n], #0\n\tbne 2f\n\tnop\n2:\n\t" BACK)
LOOP(call_return, "", "bl 4f\n\t" BACK "\n\tb 5f\n4:\n\tbx lr\n5:")
/* A forward B<c> whose outcome alternates: EORS toggles r2 (0 from PRE),
 * so BEQ.W falls through, then is taken, and so on; its target is the next
 * instruction, a DMB (which never pairs), so both outcomes run the same
 * code. Labels: DMB at 0, MOVS 4, NOP 6, DMB 8, label 1 at 12 (aligned),
 * EORS.W 12, BEQ.W 16, label 2 at 20 (aligned). */
LOOP(fwd_alternating, "movs r2, #0\n\tnop\n\tdmb",
     "eors.w r2, r2, #1\n\tbeq.w 2f\n2:\n\tdmb\n\t" BACK)

struct case_ {
    const char *name;
    uint32_t (*fn)(uint32_t n);
    unsigned m4, m7; /* expected cycles per `per` iterations */
    unsigned per;
};

/* Cortex-M4: a taken branch is 1 + P (TRM r0p1 3.3.1). A direct branch
 * (B, B<c>, BL) P = 1, its target speculated early; one more to a 32-bit
 * target at 2 mod 4 (LLVM ARMScheduleM4.td "Best case branch taken cost"
 * 2; compendium.i-0.nl DWT measurements: taken 2, to an unaligned wide
 * instruction 3). BX: P = 2 (assumption, docs/timing.md). Not taken: 1.
 *   back_narrow_aligned:   SUBS 1 + BNE 2 = 3
 *   back_wide_aligned:     SUBS.W 1 + BNE 2 = 3
 *   back_narrow_unaligned: SUBS 1 + BNE 2 = 3 (a 16-bit target: no penalty)
 *   back_wide_unaligned:   SUBS.W 1 + BNE 3 = 4
 *   fwd_not_taken:         CMP 1 + BEQ 1 + SUBS 1 + BNE 2 = 5
 *   fwd_b_taken:           B 2 + SUBS 1 + BNE 2 = 5
 *   fwd_cond_taken:        CMP 1 + BNE 2 + SUBS 1 + BNE 2 = 6
 *   call_return:           BL 2 + BX 3 + SUBS 1 + BNE 2 = 8
 *   fwd_alternating (per 2 iterations): EORS.W 1, BEQ.W taken 1 + 1 (a
 *                    32-bit target at 0 mod 4), DMB 4 (TRM), SUBS 1, BNE 2
 *                    = 10; not taken: 1 + 1 + 4 + 1 + 2 = 9; 19 in all
 * Cortex-M7 (docs/timing.md; measurements on an STM32H743, github.com/
 * jnk0le/random "pipeline cycle test"): a branch issues only as the older
 * op of a pair ("branch can only be the old op"): 1. Not taken, the next
 * instruction pairs with it (0). Predicted taken, the first instruction
 * at its target issues in its cycle (-1) when the two instructions run
 * before the branch are 16-bit ("requires at least 2 .n instructions
 * executed prior to branch"; in a loop closed by the branch, the one
 * before the label is the branch itself); an instruction entered by a
 * taken branch otherwise issues alone (1). Conditional branches and BX
 * are predicted by the BTAC (M7 TRM "Prefetch Unit"; the policy is our
 * assumption, docs/timing.md): a branch seen taken before is predicted as
 * it went last time, one never taken by the static rule (backward taken,
 * forward not taken); BX is predicted when its entry holds the same
 * target. A mispredict costs 6 more, 8 for a B<c> whose flags were set
 * less than 3 cycles before it ("extra 6 cycles comes from mispredicted
 * branch"; "2 extra cycles to branch mispredict if placed next to
 * branch"). After the warm-up run every branch below is predicted, except
 * the alternating one. (Straight-line predecessors that never run, as
 * after a forward B, are not known: no pairing with the target then.)
 *   back_narrow_*:   {BNE, SUBS at the target} 1, SUBS 1 - 1 = 1
 *   back_wide_*:     SUBS.W 1, BNE 1 (a 32-bit instruction before it) = 2
 *   fwd_not_taken:   CMP 1 - 1 (in BNE's cycle: SUBS and BEQ before it are
 *                    16-bit), BEQ 1 (never taken: static, right), SUBS
 *                    pairs with it 0, BNE 1 = 2
 *   fwd_b_taken:     B 1, SUBS 1 (entered), BNE 1 (the NOP before SUBS
 *                    never runs) = 3
 *   fwd_cond_taken:  CMP 1, BNE 1 (taken last time: predicted; the static
 *                    rule alone would add 8; DMB before CMP is 32-bit),
 *                    SUBS 1 (entered), BNE 1 = 4
 *   call_return:     BL 1, BX 1 (same target as last time: predicted),
 *                    SUBS 1, BNE 1 (BL before SUBS is 32-bit) = 4
 *   fwd_alternating (per 2 iterations): EORS.W 1 (entered), BEQ.W 1 + 8
 *                    (predicted as last time, always wrong; EORS.W set
 *                    the flags just before), DMB 4 (alone, taken or not),
 *                    SUBS 1, BNE 1 = 16 each iteration, 32 in all (the
 *                    static rule would give 24: wrong only when taken) */
static const struct case_ cases[] = {
    { "backward, 16-bit target, aligned", back_narrow_aligned, 3, 1, 1 },
    { "backward, 32-bit target, aligned", back_wide_aligned, 3, 2, 1 },
    { "backward, 16-bit target, 2 mod 4", back_narrow_unaligned, 3, 1, 1 },
    { "backward, 32-bit target, 2 mod 4", back_wide_unaligned, 4, 2, 1 },
    { "forward B<c> not taken", fwd_not_taken, 5, 2, 1 },
    { "forward B taken", fwd_b_taken, 5, 3, 1 },
    { "forward B<c> taken every time", fwd_cond_taken, 6, 4, 1 },
    { "BL + BX LR", call_return, 8, 4, 1 },
    { "forward B<c> alternating (per 2 iterations)", fwd_alternating, 19, 32, 2 },
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
        (void)t->fn(10); /* warm-up: the M7's predictor state */
        uint32_t c1 = t->fn(10), c2 = t->fn(110);
        unsigned diff = c2 - c1, want = m7 ? t->m7 : t->m4;
        unsigned per = (diff * t->per + 50) / 100;
        bool ok = diff * t->per == 100 * want;
        printf("%s %s: %u cycles (%u over 100 iterations), expected %u: %s\n", core, t->name,
               per, diff, want, ok ? "ok" : "DIFFER");
        bad += !ok;
    }
    return bad ? 1 : 0;
}
