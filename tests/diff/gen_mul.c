/* Multiply and DSP: MUL T1 (A5.2.2), A5.3.16 multiply/accumulate, A5.3.17
 * long multiply and divide, A5.3.13/14 parallel add/subtract, A5.3.15
 * miscellaneous (QADD.., REV.., SEL, CLZ), A5.3.12 extends, A5.2.5 16-bit
 * extends and REV, A5.3.3 saturate and bitfield, PKHBT/PKHTB (A5.3.11). */
#include "tests/diff/diff.h"

/* Three or four distinct-enough general registers. */
static unsigned rg(struct gen *g) { return r_gp(g); }

static void f_mul16(struct gen *g, struct tcase *t, const char *n)
{
    /* MULS Rdm, Rn, Rdm: 010000 1101 Rn Rdm */
    emit16(g, t, 0x4340 | r_lo(g) << 3 | r_lo(g), n);
}

static void f_mla(struct gen *g, struct tcase *t, const char *n)
{
    /* MUL/MLA: 11111 0110 000 Rn | Ra Rd 0000 Rm (Ra=1111: MUL)
     * MLS:      11111 0110 000 Rn | Ra Rd 0001 Rm */
    unsigned op2 = bits(g, 1);
    unsigned ra = (!op2 && chance(g, 40)) ? 15 : rg(g);
    emit32(g, t, 0xfb000000u | rg(g) << 16 | ra << 12 | rg(g) << 8 | op2 << 4 | rg(g), n);
}

static void f_smlaxy(struct gen *g, struct tcase *t, const char *n)
{
    /* SMLA<x><y>/SMUL<x><y>: 11111 0110 001 Rn | Ra Rd 00 N M Rm */
    unsigned ra = chance(g, 40) ? 15 : rg(g);
    emit32(g, t, 0xfb100000u | rg(g) << 16 | ra << 12 | rg(g) << 8 | bits(g, 2) << 4 | rg(g), n);
}

static void f_dual(struct gen *g, struct tcase *t, const char *n)
{
    /* SMLAD(X)/SMUAD(X) op1=010, SMLAW<y>/SMULW<y> op1=011,
     * SMLSD(X)/SMUSD(X) op1=100, SMMLA(R)/SMMUL(R) op1=101:
     * 11111 0110 op1 Rn | Ra Rd 000 M Rm (Ra=1111: the non-accumulating one) */
    static const unsigned op1s[] = { 2, 3, 4, 5 };
    unsigned op1 = op1s[rndn(g, 4)];
    unsigned ra = chance(g, 40) ? 15 : rg(g);
    emit32(g, t, 0xfb000000u | op1 << 20 | rg(g) << 16 | ra << 12 | rg(g) << 8 | bits(g, 1) << 4 | rg(g), n);
}

static void f_smmls(struct gen *g, struct tcase *t, const char *n)
{
    /* SMMLS(R): 11111 0110 110 Rn | Ra Rd 000 R Rm, Ra != 1111 */
    emit32(g, t, 0xfb600000u | rg(g) << 16 | rg(g) << 12 | rg(g) << 8 | bits(g, 1) << 4 | rg(g), n);
}

static void f_usad(struct gen *g, struct tcase *t, const char *n)
{
    /* USAD8/USADA8: 11111 0110 111 Rn | Ra Rd 0000 Rm */
    unsigned ra = chance(g, 40) ? 15 : rg(g);
    emit32(g, t, 0xfb700000u | rg(g) << 16 | ra << 12 | rg(g) << 8 | rg(g), n);
}

static void long_pair(struct gen *g, unsigned *lo, unsigned *hi)
{
    *lo = rg(g);
    *hi = r_gp_not(g, 1u << *lo);
}

static void f_long(struct gen *g, struct tcase *t, const char *n)
{
    /* 11111 0111 op1 Rn | RdLo RdHi op2 Rm:
     * SMULL 000/0000, UMULL 010/0000, SMLAL 100/0000, SMLAL<x><y> 100/10NM,
     * SMLALD(X) 100/110M, SMLSLD(X) 101/110M, UMLAL 110/0000, UMAAL 110/0110 */
    static const struct { unsigned op1, op2, var; } v[] = {
        { 0, 0, 0 }, { 2, 0, 0 }, { 4, 0, 0 }, { 4, 8, 3 }, { 4, 12, 1 },
        { 5, 12, 1 }, { 6, 0, 0 }, { 6, 6, 0 },
    };
    unsigned k = rndn(g, 8), lo, hi;
    long_pair(g, &lo, &hi);
    unsigned op2 = v[k].op2 | (bits(g, 2) & v[k].var);
    emit32(g, t, 0xfb800000u | v[k].op1 << 20 | rg(g) << 16 | lo << 12 | hi << 8 | op2 << 4 | rg(g), n);
}

static void f_div(struct gen *g, struct tcase *t, const char *n)
{
    /* SDIV 11111 0111 001 Rn | 1111 Rd 1111 Rm; UDIV op1 = 011 */
    unsigned rm = rg(g), rn = rg(g);
    if (rm != rn) {
        unsigned k = rndn(g, 10);
        if (k == 0)
            set_reg(t, rm, 0);
        else if (k == 1)
            set_reg(t, rm, 0xffffffffu);
        else if (k < 5)
            set_reg(t, rm, rndn(g, 100) + 1);
        if (k == 1 && chance(g, 50))
            set_reg(t, rn, 0x80000000u);
    }
    emit32(g, t, 0xfb90f0f0u | bits(g, 1) << 21 | rn << 16 | rg(g) << 8 | rm, n);
}

static void f_parallel(struct gen *g, struct tcase *t, const char *n)
{
    /* 11111010 1 op1:3 Rn | 1111 Rd 0 op2:3 Rm
     * op1: 000 ADD8, 001 ADD16, 010 ASX, 100 SUB8, 101 SUB16, 110 SAX
     * op2: 000 S, 001 Q, 010 SH, 100 U, 101 UQ, 110 UH */
    static const unsigned op1s[] = { 0, 1, 2, 4, 5, 6 }, op2s[] = { 0, 1, 2, 4, 5, 6 };
    emit32(g, t, 0xfa80f000u | op1s[rndn(g, 6)] << 20 | rg(g) << 16 | rg(g) << 8 |
                 op2s[rndn(g, 6)] << 4 | rg(g), n);
}

static void f_misc(struct gen *g, struct tcase *t, const char *n)
{
    /* 11111010 10 op1 Rn | 1111 Rd 10 op2 Rm:
     * 00: QADD QDADD QSUB QDSUB; 01: REV REV16 RBIT REVSH (Rn = Rm);
     * 10/00 SEL; 11/00 CLZ (Rn = Rm) */
    unsigned op1 = bits(g, 2), op2 = op1 >= 2 ? 0 : bits(g, 2);
    unsigned rm = rg(g), rn = (op1 == 1 || op1 == 3) ? rm : rg(g);
    emit32(g, t, 0xfa80f080u | op1 << 20 | rn << 16 | rg(g) << 8 | op2 << 4 | rm, n);
}

static void f_extend32(struct gen *g, struct tcase *t, const char *n)
{
    /* 11111010 0 op:3 Rn | 1111 Rd 1 (0) rotate:2 Rm, op 000..101:
     * SXTAH UXTAH SXTAB16 UXTAB16 SXTAB UXTAB (Rn = 1111: SXTH ... UXTB) */
    unsigned rn = chance(g, 40) ? 15 : rg(g);
    emit32(g, t, 0xfa00f080u | rndn(g, 6) << 20 | rn << 16 | rg(g) << 8 | bits(g, 2) << 4 | rg(g), n);
}

static void f_extend16(struct gen *g, struct tcase *t, const char *n)
{
    /* 1011 0010 op:2 Rm Rd: SXTH SXTB UXTH UXTB */
    emit16(g, t, 0xb200 | bits(g, 2) << 6 | r_lo(g) << 3 | r_lo(g), n);
}

static void f_rev16(struct gen *g, struct tcase *t, const char *n)
{
    /* 1011 1010 op:2 Rm Rd: REV 00, REV16 01, REVSH 11 */
    static const unsigned ops[] = { 0, 1, 3 };
    emit16(g, t, 0xba00 | ops[rndn(g, 3)] << 6 | r_lo(g) << 3 | r_lo(g), n);
}

static void f_sat(struct gen *g, struct tcase *t, const char *n)
{
    /* SSAT 11110 0 1100 sh 0 Rn | 0 imm3 Rd imm2 0 sat_imm
     * USAT 11110 0 1110 sh 0 Rn | ...  (sh = 1 needs imm3:imm2 != 0) */
    unsigned u = bits(g, 1), sh = bits(g, 1), imm5;
    do
        imm5 = bits(g, 5);
    while (sh && imm5 == 0);
    emit32(g, t, 0xf3000000u | u << 23 | sh << 21 | rg(g) << 16 | (imm5 >> 2) << 12 | rg(g) << 8 |
                 (imm5 & 3) << 6 | bits(g, 5), n);
}

static void f_sat16(struct gen *g, struct tcase *t, const char *n)
{
    /* SSAT16 11110 0 11001 0 Rn | 0000 Rd 00 (0)(0) sat_imm4; USAT16 110 10 */
    unsigned u = bits(g, 1);
    emit32(g, t, 0xf3200000u | u << 23 | rg(g) << 16 | rg(g) << 8 | bits(g, 4), n);
}

static void f_bfx(struct gen *g, struct tcase *t, const char *n)
{
    /* SBFX 11110 0 11010 0 Rn | 0 imm3 Rd imm2 0 widthm1; UBFX 11110 0 11110 0;
     * lsb + widthm1 <= 31 */
    unsigned lsb = bits(g, 5), w = rndn(g, 32 - lsb);
    uint32_t base = chance(g, 50) ? 0xf3400000u : 0xf3c00000u;
    emit32(g, t, base | rg(g) << 16 | (lsb >> 2) << 12 | rg(g) << 8 | (lsb & 3) << 6 | w, n);
}

static void f_bfi(struct gen *g, struct tcase *t, const char *n)
{
    /* BFI 11110 0 11011 0 Rn | 0 imm3 Rd imm2 0 msb (Rn = 1111: BFC); msb >= lsb */
    unsigned lsb = bits(g, 5), msb = lsb + rndn(g, 32 - lsb);
    unsigned rn = chance(g, 30) ? 15 : rg(g);
    emit32(g, t, 0xf3600000u | rn << 16 | (lsb >> 2) << 12 | rg(g) << 8 | (lsb & 3) << 6 | msb, n);
}

static void f_pkh(struct gen *g, struct tcase *t, const char *n)
{
    /* PKHBT/PKHTB: 11101 01 0110 0 Rn | (0) imm3 Rd imm2 tb 0 Rm */
    emit32(g, t, 0xeac00000u | rg(g) << 16 | rg(g) << 8 | shift_fields(bits(g, 1) << 1, bits(g, 5)) | rg(g), n);
}

static const struct form forms[] = {
    { "MUL T1", 3, f_mul16, 0 },
    { "MUL/MLA/MLS", 5, f_mla, 0 },
    { "SMLA<x><y>/SMUL<x><y>", 4, f_smlaxy, 0 },
    { "SMLAD/SMUAD/SMLAW/SMULW/SMLSD/SMUSD/SMMLA/SMMUL", 8, f_dual, 0 },
    { "SMMLS(R)", 2, f_smmls, 0 },
    { "USAD8/USADA8", 2, f_usad, 0 },
    { "long multiply (SMULL..UMAAL)", 8, f_long, 0 },
    { "SDIV/UDIV", 4, f_div, 0 },
    { "parallel add/sub (S/Q/SH/U/UQ/UH)", 12, f_parallel, 0 },
    { "QADD/QDADD/QSUB/QDSUB/REV/RBIT/SEL/CLZ", 8, f_misc, 0 },
    { "extend (SXTAB..UXTH) .W", 6, f_extend32, 0 },
    { "extend 16-bit (SXTH..UXTB)", 2, f_extend16, 0 },
    { "REV/REV16/REVSH 16-bit", 2, f_rev16, 0 },
    { "SSAT/USAT", 4, f_sat, 0 },
    { "SSAT16/USAT16", 2, f_sat16, 0 },
    { "SBFX/UBFX", 3, f_bfx, 0 },
    { "BFI/BFC", 3, f_bfi, 0 },
    { "PKHBT/PKHTB", 2, f_pkh, 0 },
};

static void gen_mul(struct gen *g, struct tcase *t) { PICK(g, t, forms); }

DIFF_CLASS(mul_class, "mul", 25, true, gen_mul)
