/* Data processing: A5.2.1 (shift, add, subtract, move, compare), A5.2.2
 * (data processing), A5.2.3 (special data, no branches), ADR, ADD/SUB SP;
 * A5.3.1 (modified immediate), A5.3.3 (plain binary immediate: ADDW,
 * SUBW, MOVW, MOVT, ADR), A5.3.11 (shifted register), register-controlled
 * shifts of A5.3.12. Multiply, saturate, bitfield, extend and packing are
 * in gen_mul.c. */
#include "tests/diff/diff.h"

/* A value whose low byte is a useful shift amount (0..40 mostly). */
static uint32_t shift_value(struct gen *g)
{
    uint32_t v = rnd_value(g);
    if (chance(g, 70))
        v = (v & ~0xffu) | rndn(g, 41);
    return v;
}

/* ---- 16-bit ---- */

static void f_shift_imm16(struct gen *g, struct tcase *t, const char *n)
{
    /* 000 op:2 imm5 Rm Rd, op != 11 (LSL/LSR/ASR; LSL #0 is MOVS) */
    emit16(g, t, rndn(g, 3) << 11 | bits(g, 5) << 6 | r_lo(g) << 3 | r_lo(g), n);
}

static void f_addsub_reg16(struct gen *g, struct tcase *t, const char *n)
{
    emit16(g, t, 0x1800 | bits(g, 1) << 9 | r_lo(g) << 6 | r_lo(g) << 3 | r_lo(g), n);
}

static void f_addsub_imm3(struct gen *g, struct tcase *t, const char *n)
{
    emit16(g, t, 0x1c00 | bits(g, 1) << 9 | bits(g, 3) << 6 | r_lo(g) << 3 | r_lo(g), n);
}

static void f_imm8(struct gen *g, struct tcase *t, const char *n)
{
    /* 001 op:2 Rdn imm8: MOVS CMP ADDS SUBS */
    emit16(g, t, 0x2000 | bits(g, 2) << 11 | r_lo(g) << 8 | bits(g, 8), n);
}

static void f_dp16(struct gen *g, struct tcase *t, const char *n)
{
    /* 010000 opcode:4 Rm Rdn; 1101 (MUL) is in gen_mul.c */
    unsigned op;
    do
        op = bits(g, 4);
    while (op == 13);
    unsigned rm = r_lo(g), rdn = r_lo(g);
    /* LSL/LSR/ASR/ROR (register) shift by Rm[7:0] */
    if ((op == 2 || op == 3 || op == 4 || op == 7) && rm != rdn)
        set_reg(t, rm, shift_value(g));
    emit16(g, t, 0x4000 | op << 6 | rm << 3 | rdn, n);
}

static void f_add_hi(struct gen *g, struct tcase *t, const char *n)
{
    /* ADD (register) T2: 01000100 DN Rm Rdn; d != 15 here (branch class),
     * d == 13 only in the SP forms; not both n and m the PC. */
    unsigned d = r_gp(g);
    unsigned m = rndn(g, 16);
    if (m == 13 && chance(g, 50))
        m = r_gp(g);
    if (d == 13)
        d = 12;
    emit16(g, t, 0x4400 | (d >> 3) << 7 | m << 3 | (d & 7), n);
}

static void f_add_sp_reg16(struct gen *g, struct tcase *t, const char *n)
{
    /* ADD (SP plus register) T1: ADD Rdm, SP, Rdm (0100 0100 DM 1101 Rdm);
     * T2: ADD SP, Rm (0100 0100 1 Rm 101), Rm a multiple of 4. */
    if (chance(g, 50)) {
        unsigned d = r_gp(g);
        emit16(g, t, 0x4400 | (d >> 3) << 7 | 13 << 3 | (d & 7), n);
    } else {
        unsigned m = r_gp(g);
        set_reg(t, m, (rnd32(g) % 512) * 4 - 1024);
        emit16(g, t, 0x4485 | m << 3, n);
    }
}

static void f_cmp_hi(struct gen *g, struct tcase *t, const char *n)
{
    /* CMP (register) T2: 01000101 N Rm Rn; not both low, neither the PC */
    unsigned rn, rm;
    do {
        rn = rndn(g, 15);
        rm = rndn(g, 15);
    } while (rn < 8 && rm < 8);
    emit16(g, t, 0x4500 | (rn >> 3) << 7 | rm << 3 | (rn & 7), n);
}

static void f_mov_hi(struct gen *g, struct tcase *t, const char *n)
{
    /* MOV (register) T1: 01000110 D Rm Rd; Rd != PC here */
    unsigned d = r_gp(g), m = rndn(g, 16);
    if (chance(g, 10) && m != 15 && m != 13) {
        d = 13;
        set_base(g, t, m, 4, 0);
    }
    emit16(g, t, 0x4600 | (d >> 3) << 7 | m << 3 | (d & 7), n);
}

static void f_adr16(struct gen *g, struct tcase *t, const char *n)
{
    emit16(g, t, 0xa000 | r_lo(g) << 8 | bits(g, 8), n);
}

static void f_add_sp_imm16(struct gen *g, struct tcase *t, const char *n)
{
    switch (rndn(g, 3)) {
    case 0: emit16(g, t, 0xa800 | r_lo(g) << 8 | bits(g, 8), n); break; /* ADD Rd, SP, #imm8<<2 */
    case 1: emit16(g, t, 0xb000 | bits(g, 7), n); break;                /* ADD SP, SP, #imm7<<2 */
    default: emit16(g, t, 0xb080 | bits(g, 7), n); break;              /* SUB SP, SP, #imm7<<2 */
    }
}

/* ---- 32-bit modified immediate (A5.3.1) ---- */

/* ThumbExpandImm() (A5.3.2), only to keep SP aligned in the SP forms. */
static uint32_t thumb_expand(uint32_t imm12)
{
    uint32_t b = imm12 & 0xff;
    if ((imm12 >> 10) == 0) {
        switch (imm12 >> 8 & 3) {
        case 0: return b;
        case 1: return b << 16 | b;
        case 2: return b << 24 | b << 8;
        default: return b << 24 | b << 16 | b << 8 | b;
        }
    }
    uint32_t v = 0x80 | (imm12 & 0x7f), rot = imm12 >> 7 & 31;
    return v >> rot | v << (32 - rot);
}

static const unsigned modimm_ops[] = { 0, 1, 2, 3, 4, 8, 10, 11, 13, 14 };

static void f_modimm(struct gen *g, struct tcase *t, const char *n)
{
    /* 11110 i 0 op:4 S Rn | 0 imm3 Rd imm8 with ordinary Rd/Rn */
    unsigned op = modimm_ops[rndn(g, 10)];
    unsigned rn = r_gp(g), rd = r_gp(g);
    emit32(g, t, 0xf0000000u | op << 21 | bits(g, 1) << 20 | rn << 16 | rd << 8 | modimm_fields(rnd_modimm(g)), n);
}

static void f_modimm_test(struct gen *g, struct tcase *t, const char *n)
{
    /* TST (AND), TEQ (EOR), CMN (ADD), CMP (SUB): Rd = 1111, S = 1 */
    static const unsigned ops[] = { 0, 4, 8, 13 };
    unsigned op = ops[rndn(g, 4)];
    unsigned rn = (op >= 8 && chance(g, 15)) ? 13 : r_gp(g);
    emit32(g, t, 0xf0100f00u | op << 21 | rn << 16 | modimm_fields(rnd_modimm(g)), n);
}

static void f_modimm_mov(struct gen *g, struct tcase *t, const char *n)
{
    /* MOV (ORR) / MVN (ORN) with Rn = 1111 */
    unsigned op = 2 + bits(g, 1);
    emit32(g, t, 0xf00f0000u | op << 21 | bits(g, 1) << 20 | r_gp(g) << 8 | modimm_fields(rnd_modimm(g)), n);
}

static void f_modimm_sp(struct gen *g, struct tcase *t, const char *n)
{
    /* ADD/SUB (SP plus/minus immediate) T3/T2: Rn = 1101; Rd = SP too
     * (ADD.W SP, SP, #imm) with an immediate that keeps SP word aligned */
    unsigned op = chance(g, 50) ? 8 : 13, rd = r_gp(g);
    uint32_t imm12 = rnd_modimm(g);
    if (chance(g, 25)) {
        rd = 13;
        do
            imm12 = rnd_modimm(g);
        while (thumb_expand(imm12) & 3);
        /* inside an IT block a later instruction may fault: keep SP in
         * the scratch RAM, where the exception frame goes */
        if (g->in_it)
            imm12 &= 0xfc;
    }
    emit32(g, t, 0xf00d0000u | op << 21 | bits(g, 1) << 20 | rd << 8 | modimm_fields(imm12), n);
}

/* ---- 32-bit plain binary immediate (A5.3.3) ---- */

static void f_addw(struct gen *g, struct tcase *t, const char *n)
{
    /* ADDW 11110 i 10000 0 Rn | 0 imm3 Rd imm8; SUBW 11110 i 10101 0 Rn;
     * Rn = SP: the SP forms; Rn = PC: ADR T3/T2. */
    uint32_t base = chance(g, 50) ? 0xf2000000u : 0xf2a00000u;
    unsigned rn = r_gp(g);
    if (chance(g, 15))
        rn = 13;
    else if (chance(g, 15))
        rn = 15;
    emit32(g, t, base | rn << 16 | r_gp(g) << 8 | modimm_fields(bits(g, 12)), n);
}

static void f_movw(struct gen *g, struct tcase *t, const char *n)
{
    /* MOVW 11110 i 10 0100 imm4 | 0 imm3 Rd imm8; MOVT 11110 i 10 1100 imm4 */
    uint32_t base = chance(g, 50) ? 0xf2400000u : 0xf2c00000u;
    emit32(g, t, base | bits(g, 4) << 16 | r_gp(g) << 8 | modimm_fields(bits(g, 12)), n);
}

/* ---- 32-bit shifted register (A5.3.11) ---- */

static void f_shreg(struct gen *g, struct tcase *t, const char *n)
{
    /* 11101 01 op:4 S Rn | (0) imm3 Rd imm2 type Rm */
    unsigned op = modimm_ops[rndn(g, 10)];
    emit32(g, t, 0xea000000u | op << 21 | bits(g, 1) << 20 | r_gp(g) << 16 | r_gp(g) << 8 |
                 shift_fields(bits(g, 2), bits(g, 5)) | r_gp(g), n);
}

static void f_shreg_test(struct gen *g, struct tcase *t, const char *n)
{
    static const unsigned ops[] = { 0, 4, 8, 13 };
    unsigned op = ops[rndn(g, 4)];
    unsigned rn = (op >= 8 && chance(g, 15)) ? 13 : r_gp(g);
    emit32(g, t, 0xea100f00u | op << 21 | rn << 16 | shift_fields(bits(g, 2), bits(g, 5)) | r_gp(g), n);
}

static void f_shreg_mov(struct gen *g, struct tcase *t, const char *n)
{
    /* ORR with Rn = 1111: MOV.W, LSL/LSR/ASR/ROR (imm), RRX; ORN: MVN (reg) */
    unsigned op = 2 + (chance(g, 25) ? 1 : 0);
    unsigned type = bits(g, 2), imm5 = bits(g, 5);
    emit32(g, t, 0xea0f0000u | op << 21 | bits(g, 1) << 20 | r_gp(g) << 8 |
                 shift_fields(type, imm5) | r_gp(g), n);
}

static void f_shreg_sp(struct gen *g, struct tcase *t, const char *n)
{
    /* ADD/SUB (SP plus/minus register) T3/T1: Rn = 1101, Rd not SP */
    unsigned op = chance(g, 50) ? 8 : 13;
    emit32(g, t, 0xea0d0000u | op << 21 | bits(g, 1) << 20 | r_gp(g) << 8 |
                 shift_fields(bits(g, 2), bits(g, 5)) | r_gp(g), n);
}

static void f_shift_reg32(struct gen *g, struct tcase *t, const char *n)
{
    /* LSL/LSR/ASR/ROR (register) T2: 11111010 0 type S Rn | 1111 Rd 0000 Rm */
    unsigned rn = r_gp(g), rm = r_gp(g);
    if (rm != rn)
        set_reg(t, rm, shift_value(g));
    emit32(g, t, 0xfa00f000u | bits(g, 2) << 21 | bits(g, 1) << 20 | rn << 16 | r_gp(g) << 8 | rm, n);
}

/* ADD/SUB SP, SP, #imm with bits[1:0] != 0: SP gets value<31:2>:'00'
 * (B1.4.7, R[] assignment). */
static void f_sp_unaligned(struct gen *g, struct tcase *t, const char *n)
{
    unsigned op = chance(g, 50) ? 8 : 13;
    uint32_t imm12;
    do
        imm12 = rnd_modimm(g);
    while (!(thumb_expand(imm12) & 3));
    emit32(g, t, 0xf00d0000u | op << 21 | 13u << 8 | modimm_fields(imm12), n);
    t->dev = 5; /* Unicorn keeps the low bits here too: deviations.c */
}

static const struct form forms[] = {
    { "ADD/SUB SP, SP, #imm, unaligned result (B1.4.7)", 1, f_sp_unaligned, FORM_NOIT },
    { "LSL/LSR/ASR (imm) T1", 6, f_shift_imm16, 0 },
    { "ADD/SUB (reg) T1", 4, f_addsub_reg16, 0 },
    { "ADD/SUB (imm3) T1", 4, f_addsub_imm3, 0 },
    { "MOV/CMP/ADD/SUB (imm8) T1/T2", 6, f_imm8, 0 },
    { "data processing (reg) 16-bit", 12, f_dp16, 0 },
    { "ADD (reg) T2", 3, f_add_hi, 0 },
    { "ADD (SP plus reg) T1/T2", 2, f_add_sp_reg16, 0 },
    { "CMP (reg) T2", 2, f_cmp_hi, 0 },
    { "MOV (reg) T1", 3, f_mov_hi, 0 },
    { "ADR T1", 1, f_adr16, 0 },
    { "ADD/SUB SP (imm) 16-bit", 3, f_add_sp_imm16, 0 },
    { "modified immediate (AND..RSB)", 14, f_modimm, 0 },
    { "TST/TEQ/CMN/CMP (imm)", 4, f_modimm_test, 0 },
    { "MOV/MVN (imm) T2", 3, f_modimm_mov, 0 },
    { "ADD/SUB SP (imm) T3/T2", 2, f_modimm_sp, 0 },
    { "ADDW/SUBW/ADR (imm12)", 4, f_addw, 0 },
    { "MOVW/MOVT", 3, f_movw, 0 },
    { "shifted register (AND..RSB)", 14, f_shreg, 0 },
    { "TST/TEQ/CMN/CMP (reg) .W", 4, f_shreg_test, 0 },
    { "MOV/MVN (reg), shift (imm), RRX .W", 5, f_shreg_mov, 0 },
    { "ADD/SUB SP (reg) T3", 2, f_shreg_sp, 0 },
    { "LSL/LSR/ASR/ROR (reg) T2", 5, f_shift_reg32, 0 },
};

static void gen_dp(struct gen *g, struct tcase *t) { PICK(g, t, forms); }

DIFF_CLASS(dp_class, "dp", 30, true, gen_dp)
