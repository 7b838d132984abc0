/* The ARMv7E-M DSP extension, instruction by instruction: every parallel
 * add/subtract (signed, unsigned, saturating, halving; 8- and 16-bit;
 * ASX/SAX), SEL after GE-setting ops, USAD8/USADA8, the saturating
 * QADD/QSUB/QDADD/QDSUB and SSAT/USAT(16), the halfword multiplies
 * (SMULxy, SMULWy, SMLAxy, SMLAWy), dual multiplies (SMUAD/SMUSD/SMLAD/
 * SMLSD/SMLALD/SMLSLD with X), most-significant-word multiplies
 * (SMMUL/SMMLA/SMMLS with R), long multiplies (UMAAL, SMLALxy), packing
 * (PKHBT/PKHTB), extends with rotation and add (SXTB16, UXTAB16, ...),
 * bit-field and reversal instructions. Each runs over all pairs of 64
 * operands (edge values and random ones); its results and the APSR it
 * leaves (N Z C V Q and GE, cleared before each op) are folded into a
 * hash per instruction, printed and compared against QEMU. A few results
 * are also checked against the manual's definitions computed in C. */
#include <string.h>
#include "fwtest.h"

#define NV 64
static uint32_t vals[NV];

static uint32_t h_res, h_psr;
static void fold(uint32_t *h, uint32_t x) { *h = (*h ^ x) * 0x01000193u; }

/* Each op: clear APSR (flags, Q, GE), run the instruction, read APSR. */
#define RUN2(insn)                                                               \
    static void t_##insn(uint32_t a, uint32_t b)                                 \
    {                                                                            \
        uint32_t r, p;                                                           \
        __asm volatile("msr APSR_nzcvqg, %4\n\t" #insn " %0, %2, %3\n\tmrs %1, APSR" \
                       : "=&r"(r), "=&r"(p) : "r"(a), "r"(b), "r"(0) : "cc");    \
        fold(&h_res, r); fold(&h_psr, p);                                        \
    }
#define RUN2S(name, text)                                                        \
    static void t_##name(uint32_t a, uint32_t b)                                 \
    {                                                                            \
        uint32_t r, p;                                                           \
        __asm volatile("msr APSR_nzcvqg, %4\n\t" text "\n\tmrs %1, APSR"         \
                       : "=&r"(r), "=&r"(p) : "r"(a), "r"(b), "r"(0) : "cc");    \
        fold(&h_res, r); fold(&h_psr, p);                                        \
    }
/* Accumulating: the accumulator is derived from the operands. */
#define RUN3(insn)                                                               \
    static void t_##insn(uint32_t a, uint32_t b)                                 \
    {                                                                            \
        uint32_t r, p, c = a ^ (b * 0x9e3779b9u);                                \
        __asm volatile("msr APSR_nzcvqg, %5\n\t" #insn " %0, %2, %3, %4\n\tmrs %1, APSR" \
                       : "=&r"(r), "=&r"(p) : "r"(a), "r"(b), "r"(c), "r"(0) : "cc"); \
        fold(&h_res, r); fold(&h_psr, p);                                        \
    }
/* Long accumulating: RdLo, RdHi in and out. */
#define RUNL(insn)                                                               \
    static void t_##insn(uint32_t a, uint32_t b)                                 \
    {                                                                            \
        uint32_t lo = a + b, hi = a ^ 0x5a5a5a5au, p;                            \
        __asm volatile("msr APSR_nzcvqg, %5\n\t" #insn " %0, %1, %3, %4\n\tmrs %2, APSR" \
                       : "+&r"(lo), "+&r"(hi), "=&r"(p) : "r"(a), "r"(b), "r"(0) : "cc"); \
        fold(&h_res, lo); fold(&h_res, hi); fold(&h_psr, p);                     \
    }

RUN2(sadd8) RUN2(sadd16) RUN2(ssub8) RUN2(ssub16) RUN2(sasx) RUN2(ssax)
RUN2(uadd8) RUN2(uadd16) RUN2(usub8) RUN2(usub16) RUN2(uasx) RUN2(usax)
RUN2(qadd8) RUN2(qadd16) RUN2(qsub8) RUN2(qsub16) RUN2(qasx) RUN2(qsax)
RUN2(uqadd8) RUN2(uqadd16) RUN2(uqsub8) RUN2(uqsub16) RUN2(uqasx) RUN2(uqsax)
RUN2(shadd8) RUN2(shadd16) RUN2(shsub8) RUN2(shsub16) RUN2(shasx) RUN2(shsax)
RUN2(uhadd8) RUN2(uhadd16) RUN2(uhsub8) RUN2(uhsub16) RUN2(uhasx) RUN2(uhsax)
RUN2(qadd) RUN2(qsub) RUN2(qdadd) RUN2(qdsub) RUN2(usad8)
RUN2(smuad) RUN2(smuadx) RUN2(smusd) RUN2(smusdx)
RUN2(smulbb) RUN2(smulbt) RUN2(smultb) RUN2(smultt) RUN2(smulwb) RUN2(smulwt)
RUN2(smmul) RUN2(smmulr) RUN2(mul) RUN2(sxtab16) RUN2(uxtab16) RUN2(sxtab)
RUN2(sxtah) RUN2(uxtab) RUN2(uxtah)
RUN2S(sel_after_usub8, "usub8 %0, %2, %3\n\tsel %0, %2, %3")
RUN2S(sel_after_sadd16, "sadd16 %0, %2, %3\n\tsel %0, %3, %2")
RUN2S(pkhbt_lsl0, "pkhbt %0, %2, %3")
RUN2S(pkhbt_lsl13, "pkhbt %0, %2, %3, lsl #13")
RUN2S(pkhtb_asr7, "pkhtb %0, %2, %3, asr #7")
RUN2S(pkhtb_asr16, "pkhtb %0, %2, %3, asr #16")
RUN2S(sxtab16_ror8, "sxtab16 %0, %2, %3, ror #8")
RUN2S(uxtah_ror24, "uxtah %0, %2, %3, ror #24")
RUN2S(ssat_8, "ssat %0, #8, %2\n\tadd %0, %0, %3")
RUN2S(ssat_1_lsl3, "ssat %0, #1, %2, lsl #3\n\tadd %0, %0, %3")
RUN2S(ssat_32_asr5, "ssat %0, #32, %2, asr #5\n\tadd %0, %0, %3")
RUN2S(usat_0, "usat %0, #0, %2\n\tadd %0, %0, %3")
RUN2S(usat_15_asr1, "usat %0, #15, %2, asr #1\n\tadd %0, %0, %3")
RUN2S(usat_31, "usat %0, #31, %2\n\tadd %0, %0, %3")
RUN2S(ssat16_4, "ssat16 %0, #4, %2\n\teor %0, %0, %3")
RUN2S(usat16_9, "usat16 %0, #9, %2\n\teor %0, %0, %3")
RUN2S(sxtb16_ror16, "sxtb16 %0, %2, ror #16\n\teor %0, %0, %3")
RUN2S(uxtb16, "uxtb16 %0, %2\n\teor %0, %0, %3")
RUN2S(rbit_rev, "rbit %0, %2\n\trev %0, %0\n\teor %0, %0, %3")
RUN2S(rev16_revsh, "rev16 %0, %2\n\trevsh %0, %0\n\tadd %0, %0, %3")
RUN2S(clz, "clz %0, %2\n\tadd %0, %0, %3")
RUN2S(ubfx_sbfx, "ubfx %0, %2, #3, #11\n\tsbfx %1, %3, #7, #9\n\tadd %0, %0, %1")
RUN2S(bfi_bfc, "mov %0, %2\n\tbfi %0, %3, #5, #12\n\tbfc %0, #0, #3")
RUN2S(sdiv, "sdiv %0, %2, %3")
RUN2S(udiv, "udiv %0, %2, %3")
RUN3(smlad) RUN3(smladx) RUN3(smlsd) RUN3(smlsdx) RUN3(usada8)
RUN3(smlabb) RUN3(smlabt) RUN3(smlatb) RUN3(smlatt) RUN3(smlawb) RUN3(smlawt)
RUN3(smmla) RUN3(smmlar) RUN3(smmls) RUN3(smmlsr) RUN3(mla) RUN3(mls)
RUNL(smlald) RUNL(smlaldx) RUNL(smlsld) RUNL(smlsldx)
RUNL(smlalbb) RUNL(smlalbt) RUNL(smlaltb) RUNL(smlaltt)
RUNL(umaal) RUNL(smlal) RUNL(umlal)

struct op { const char *name; void (*fn)(uint32_t, uint32_t); };
#define OP(x) { #x, t_##x }
static const struct op ops[] = {
    OP(sadd8), OP(sadd16), OP(ssub8), OP(ssub16), OP(sasx), OP(ssax),
    OP(uadd8), OP(uadd16), OP(usub8), OP(usub16), OP(uasx), OP(usax),
    OP(qadd8), OP(qadd16), OP(qsub8), OP(qsub16), OP(qasx), OP(qsax),
    OP(uqadd8), OP(uqadd16), OP(uqsub8), OP(uqsub16), OP(uqasx), OP(uqsax),
    OP(shadd8), OP(shadd16), OP(shsub8), OP(shsub16), OP(shasx), OP(shsax),
    OP(uhadd8), OP(uhadd16), OP(uhsub8), OP(uhsub16), OP(uhasx), OP(uhsax),
    OP(qadd), OP(qsub), OP(qdadd), OP(qdsub), OP(usad8),
    OP(smuad), OP(smuadx), OP(smusd), OP(smusdx),
    OP(smulbb), OP(smulbt), OP(smultb), OP(smultt), OP(smulwb), OP(smulwt),
    OP(smmul), OP(smmulr), OP(mul), OP(sxtab16), OP(uxtab16), OP(sxtab),
    OP(sxtah), OP(uxtab), OP(uxtah),
    OP(sel_after_usub8), OP(sel_after_sadd16), OP(pkhbt_lsl0), OP(pkhbt_lsl13),
    OP(pkhtb_asr7), OP(pkhtb_asr16), OP(sxtab16_ror8), OP(uxtah_ror24),
    OP(ssat_8), OP(ssat_1_lsl3), OP(ssat_32_asr5), OP(usat_0), OP(usat_15_asr1), OP(usat_31),
    OP(ssat16_4), OP(usat16_9), OP(sxtb16_ror16), OP(uxtb16), OP(rbit_rev), OP(rev16_revsh),
    OP(clz), OP(ubfx_sbfx), OP(bfi_bfc), OP(sdiv), OP(udiv),
    OP(smlad), OP(smladx), OP(smlsd), OP(smlsdx), OP(usada8),
    OP(smlabb), OP(smlabt), OP(smlatb), OP(smlatt), OP(smlawb), OP(smlawt),
    OP(smmla), OP(smmlar), OP(smmls), OP(smmlsr), OP(mla), OP(mls),
    OP(smlald), OP(smlaldx), OP(smlsld), OP(smlsldx),
    OP(smlalbb), OP(smlalbt), OP(smlaltb), OP(smlaltt),
    OP(umaal), OP(smlal), OP(umlal),
};

/* References from the manual's pseudocode, for a few. */
static int32_t sat32(int64_t x) { return x > INT32_MAX ? INT32_MAX : x < INT32_MIN ? INT32_MIN : (int32_t)x; }
static uint32_t ref_usad8(uint32_t a, uint32_t b)
{
    uint32_t s = 0;
    for (int k = 0; k < 32; k += 8) {
        int d = (int)((a >> k) & 0xff) - (int)((b >> k) & 0xff);
        s += (uint32_t)(d < 0 ? -d : d);
    }
    return s;
}
static uint32_t ref_sadd8(uint32_t a, uint32_t b)
{
    uint32_t r = 0;
    for (int k = 0; k < 32; k += 8)
        r |= (uint32_t)((int8_t)(a >> k) + (int8_t)(b >> k)) << k & (0xffu << k);
    return r;
}
static uint32_t ref_smuad(uint32_t a, uint32_t b)
{
    return (uint32_t)((int32_t)(int16_t)a * (int16_t)b + (int32_t)(int16_t)(a >> 16) * (int16_t)(b >> 16));
}

int main(void)
{
    static const uint32_t edges[] = {
        0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff,
        0x80000000, 0x80000001, 0xffffffff, 0xfffffffe, 0x7f7f7f7f, 0x80808080, 0x01010101,
        0xfefefefe, 0x7fff8000, 0x80007fff, 0x00ff00ff, 0xff00ff00,
    };
    uint32_t rng = 0x2545f491u;
    for (unsigned i = 0; i < NV; i++)
        vals[i] = i < sizeof edges / sizeof edges[0] ? edges[i] : fw_rand(&rng);

    for (unsigned k = 0; k < sizeof ops / sizeof ops[0]; k++) {
        h_res = 2166136261u;
        h_psr = 2166136261u;
        for (unsigned i = 0; i < NV; i++)
            for (unsigned j = 0; j < NV; j++)
                ops[k].fn(vals[i], vals[j]);
        printf("%-18s results %08lx apsr %08lx\n", ops[k].name, (unsigned long)h_res,
               (unsigned long)h_psr);
    }

    /* Spot checks against the definitions. */
    unsigned bad = 0;
    for (unsigned i = 0; i < NV; i++)
        for (unsigned j = 0; j < NV; j++) {
            uint32_t a = vals[i], b = vals[j], r;
            __asm("usad8 %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
            bad += r != ref_usad8(a, b);
            __asm("sadd8 %0, %1, %2" : "=r"(r) : "r"(a), "r"(b) : "cc");
            bad += r != ref_sadd8(a, b);
            __asm("smuad %0, %1, %2" : "=r"(r) : "r"(a), "r"(b) : "cc");
            bad += r != ref_smuad(a, b);
            __asm("qadd %0, %1, %2" : "=r"(r) : "r"(a), "r"(b) : "cc");
            bad += r != (uint32_t)sat32((int64_t)(int32_t)a + (int32_t)b);
        }
    printf("spot checks against the manual's definitions: %u mismatches\n", bad);
    FW_CHECK(bad == 0);
    fw_finish("dsp_simd", 20);
}
