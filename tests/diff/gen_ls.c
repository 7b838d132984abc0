/* Loads and stores: A5.2.4 (16-bit single), LDR literal, A5.2.5 PUSH/POP,
 * STM/LDM T1; A5.3.5 (load/store multiple), A5.3.6 (dual, exclusive),
 * A5.3.7-A5.3.10 (word, halfword, byte loads and stores, all addressing
 * modes, unprivileged forms, PLD/PLI). Bases point into the scratch RAM;
 * word-aligned-only accesses are misaligned in a few percent of cases
 * (the manual's alignment fault, see deviations.c). */
#include "tests/diff/diff.h"

#define MISALIGN_PCT 4

static unsigned popcount(uint32_t v) { return (unsigned)__builtin_popcount(v); }

/* A small register offset (positive or negative), within the scratch RAM. */
static uint32_t index_value(struct gen *g)
{
    return chance(g, 70) ? rndn(g, 512) : (uint32_t)-(int32_t)rndn(g, 512);
}

/* A PC value for a load: a Thumb code address, now and then an even one
 * (LoadWritePC then clears EPSR.T: INVSTATE at the target). */
static uint32_t pc_value(struct gen *g)
{
    uint32_t v = code_target(g);
    return chance(g, 5) ? v & ~1u : v;
}

/* ---- 16-bit ---- */

static void f_ldr_lit16(struct gen *g, struct tcase *t, const char *n)
{
    emit16(g, t, 0x4800 | r_lo(g) << 8 | bits(g, 8), n);
}

static void f_ls_reg16(struct gen *g, struct tcase *t, const char *n)
{
    /* 0101 opB Rm Rn Rt: STR STRH STRB LDRSB LDR LDRH LDRB LDRSH */
    unsigned rn = r_lo(g), rm = r_lo_not(g, 1u << rn);
    set_base(g, t, rn, 1, 0);
    set_reg(t, rm, index_value(g));
    emit16(g, t, 0x5000 | bits(g, 3) << 9 | rm << 6 | rn << 3 | r_lo(g), n);
}

static void f_ls_imm16(struct gen *g, struct tcase *t, const char *n)
{
    /* 011 B L imm5 Rn Rt (word offsets imm5*4); 1000 L imm5 Rn Rt (halfword) */
    unsigned rn = r_lo(g);
    set_base(g, t, rn, chance(g, 80) ? 4 : 1, 0);
    if (chance(g, 75))
        emit16(g, t, 0x6000 | bits(g, 2) << 11 | bits(g, 5) << 6 | rn << 3 | r_lo(g), n);
    else
        emit16(g, t, 0x8000 | bits(g, 1) << 11 | bits(g, 5) << 6 | rn << 3 | r_lo(g), n);
}

static void f_ls_sp16(struct gen *g, struct tcase *t, const char *n)
{
    /* 1001 L Rt imm8: STR/LDR Rt, [SP, #imm8*4] */
    emit16(g, t, 0x9000 | bits(g, 1) << 11 | r_lo(g) << 8 | bits(g, 8), n);
}

static void f_push16(struct gen *g, struct tcase *t, const char *n)
{
    /* 1011 010 M list8, at least one register */
    unsigned list;
    do
        list = bits(g, 9);
    while (!list);
    emit16(g, t, 0xb400 | list, n);
}

static void f_pop16(struct gen *g, struct tcase *t, const char *n)
{
    /* 1011 110 P list8; with P the PC is loaded from the top: put a code
     * address there */
    unsigned list;
    do
        list = bits(g, 8);
    while (!list);
    bool pc = g->pc_ok && chance(g, 30);
    if (pc) {
        list |= 0x100;
        uint32_t sp = set_base(g, t, 13, 4, 0);
        add_patch(t, sp + 4 * (popcount(list) - 1), pc_value(g));
    }
    g->used |= list & 0xff;
    emit16(g, t, 0xbc00 | list, n);
}

static void f_stm16(struct gen *g, struct tcase *t, const char *n)
{
    /* STM Rn!, list: 11000 Rn list8; Rn in the list only as the lowest */
    unsigned rn = r_lo(g), list;
    do
        list = bits(g, 8);
    while (!list || ((list >> rn & 1) && (list & ((1u << rn) - 1))));
    set_base(g, t, rn, 4, MISALIGN_PCT);
    if (t->reg[rn] & 3)
        t->dev = 1;
    emit16(g, t, 0xc000 | rn << 8 | list, n);
}

static void f_ldm16(struct gen *g, struct tcase *t, const char *n)
{
    /* LDM Rn{!}, list: 11001 Rn list8 (writeback when Rn is not listed) */
    unsigned rn = r_lo(g), list;
    do
        list = bits(g, 8);
    while (!list);
    set_base(g, t, rn, 4, MISALIGN_PCT);
    if (t->reg[rn] & 3)
        t->dev = 1;
    g->used |= list;
    emit16(g, t, 0xc800 | rn << 8 | list, n);
}

/* ---- 32-bit single loads/stores ---- */

/* hw1 bits 8:4 (with bit 8 the sign-extend bit) for each size/kind. */
enum { STRB, STRH, STR, LDRB, LDRH, LDR, LDRSB, LDRSH };
static const uint32_t op_hw1[] = { 0xf800, 0xf820, 0xf840, 0xf810, 0xf830, 0xf850, 0xf910, 0xf930 };

/* A destination/source register valid for the kind (no SP or PC; LDR may
 * load the PC when allowed). Returns 15 only for LDR with pc_ok. */
static unsigned rt_for(struct gen *g, unsigned kind, bool allow_pc)
{
    if (kind == LDR && allow_pc && g->pc_ok && chance(g, 8))
        return 15;
    return r_gp(g);
}

static void pc_word(struct gen *g, struct tcase *t, uint32_t addr)
{
    add_patch(t, addr & ~3u, pc_value(g));
}

static void f_ls_imm12(struct gen *g, struct tcase *t, const char *n)
{
    /* T2/T3: 11111000 1 sz L Rn | Rt imm12 (+ LDRSB/LDRSH 11111001 1 ..) */
    unsigned kind = rndn(g, 8);
    unsigned rn = r_gp(g), rt = rt_for(g, kind, true);
    uint32_t imm = bits(g, 12);
    uint32_t a = set_base(g, t, rn, rt == 15 ? 4 : 1, 0) - 2048;
    set_reg(t, rn, a);
    if (rt == 15)
        imm &= ~3u, pc_word(g, t, a + imm);
    emit32(g, t, (op_hw1[kind] | 0x80u) << 16 | rn << 16 | rt << 12 | imm, n);
}

static void f_ls_imm8(struct gen *g, struct tcase *t, const char *n)
{
    /* T3/T4: 11111000 0 sz L Rn | Rt 1 P U W imm8; PUW in
     * {100, 101, 111, 001, 011} (110 is the unprivileged form) */
    static const unsigned puws[] = { 4, 5, 7, 1, 3 };
    unsigned kind = rndn(g, 8), puw = puws[rndn(g, 5)];
    unsigned rt = rt_for(g, kind, true);
    unsigned rn = r_gp_not(g, (puw & 1) ? 1u << rt : 0);
    /* SP as the base: PUSH.W/POP.W of one register are STR Rt, [SP, #-4]!
     * and LDR Rt, [SP], #4 */
    if (chance(g, 12))
        rn = 13;
    uint32_t imm8 = bits(g, 8);
    if (rn == 13 && (puw & 1))
        imm8 &= ~3u; /* SP stays word aligned (see f_sp_unaligned) */
    uint32_t a = set_base(g, t, rn, rt == 15 ? 4 : 1, 0);
    if (rt == 15) {
        imm8 &= ~3u;
        uint32_t off = (puw & 2) ? imm8 : -imm8;
        pc_word(g, t, (puw & 4) ? a + off : a);
    }
    emit32(g, t, op_hw1[kind] << 16 | rn << 16 | rt << 12 | 0x800 | puw << 8 | imm8, n);
}

static void f_ls_unpriv(struct gen *g, struct tcase *t, const char *n)
{
    /* LDRT/STRT...: 11111000 0 sz L Rn | Rt 1110 imm8 */
    unsigned kind = rndn(g, 8), rn = r_gp(g);
    set_base(g, t, rn, 1, 0);
    emit32(g, t, op_hw1[kind] << 16 | rn << 16 | r_gp(g) << 12 | 0xe00 | bits(g, 8), n);
}

static void f_ls_reg32(struct gen *g, struct tcase *t, const char *n)
{
    /* T2: 11111000 0 sz L Rn | Rt 000000 imm2 Rm */
    unsigned kind = rndn(g, 8);
    unsigned rt = rt_for(g, kind, true);
    unsigned rn = r_gp(g), rm = r_gp_not(g, 1u << rn);
    unsigned sh = bits(g, 2);
    uint32_t a = set_base(g, t, rn, rt == 15 ? 4 : 1, 0);
    uint32_t idx = index_value(g) >> sh;
    if (rt == 15) {
        idx &= ~3u;
        pc_word(g, t, a + (idx << sh));
    }
    if (rt == rm || rt == rn) /* the value is overwritten by the forced base/index anyway */
        rt = rt == 15 ? 15 : r_gp_not(g, 1u << rn | 1u << rm);
    set_reg(t, rm, idx);
    emit32(g, t, op_hw1[kind] << 16 | rn << 16 | rt << 12 | sh << 4 | rm, n);
}

static void f_ls_lit32(struct gen *g, struct tcase *t, const char *n)
{
    /* literal: 11111000 U sz 1 1111 | Rt imm12 (loads only, not the PC) */
    static const uint32_t hw1[] = { 0xf81f, 0xf83f, 0xf85f, 0xf91f, 0xf93f };
    emit32(g, t, (hw1[rndn(g, 5)] | bits(g, 1) << 7) << 16 | r_gp(g) << 12 | bits(g, 12), n);
}

static void f_pld(struct gen *g, struct tcase *t, const char *n)
{
    /* PLD/PLI: imm12 (11111000 1001 Rn | 1111 imm12, PLI 11111001 1001),
     * imm8 (11111000 0001 Rn | 1111 1100 imm8), register (.. | 1111 000000 imm2 Rm),
     * literal (11111000 U001 1111 | 1111 imm12) */
    unsigned pli = bits(g, 1), rn = r_gp(g);
    set_base(g, t, rn, 1, 0);
    uint32_t h = 0xf810u | pli << 8;
    /* A5.3.8: LDRH/LDRSH with Rt = 1111 are the unallocated memory hints
     * (NOP) in the same four forms */
    if (chance(g, 40))
        h |= 0x20;
    switch (rndn(g, 4)) {
    case 0: emit32(g, t, (h | 0x80) << 16 | rn << 16 | 0xf000 | bits(g, 12), n); break;
    case 1: emit32(g, t, h << 16 | rn << 16 | 0xfc00 | bits(g, 8), n); break;
    case 2: {
        unsigned rm = r_gp_not(g, 1u << rn);
        set_reg(t, rm, index_value(g));
        emit32(g, t, h << 16 | rn << 16 | 0xf000 | bits(g, 2) << 4 | rm, n);
        break;
    }
    default: emit32(g, t, (h | 0xf | bits(g, 1) << 7) << 16 | 0xf000 | bits(g, 12), n); break;
    }
}

/* ---- dual, exclusive, multiple ---- */

static void f_ldrd(struct gen *g, struct tcase *t, const char *n)
{
    /* LDRD/STRD (imm): 1110100 P U 1 W L Rn | Rt Rt2 imm8, not P = W = 0;
     * LDRD literal: Rn = 1111, W = 0 */
    unsigned l = bits(g, 1), p, w;
    do {
        p = bits(g, 1);
        w = bits(g, 1);
    } while (!p && !w);
    unsigned rt = r_gp(g), rt2 = r_gp_not(g, 1u << rt);
    unsigned rn = r_gp_not(g, w ? (1u << rt | 1u << rt2) : 0);
    if (chance(g, 10))
        rn = 13;
    if (l && !w && chance(g, 10))
        rn = 15; /* literal */
    if (rn != 15) {
        set_base(g, t, rn, 4, MISALIGN_PCT);
        if (t->reg[rn] & 3)
            t->dev = 1;
    }
    emit32(g, t, 0xe8400000u | p << 24 | bits(g, 1) << 23 | w << 21 | l << 20 | rn << 16 |
                 rt << 12 | rt2 << 8 | bits(g, 8), n);
}

static void f_excl(struct gen *g, struct tcase *t, const char *n)
{
    /* LDREX 11101000 0101 Rn | Rt 1111 imm8; STREX 11101000 0100 Rn | Rt Rd imm8;
     * LDREXB/H 11101000 1101 Rn | Rt 1111 010x 1111;
     * STREXB/H 11101000 1100 Rn | Rt 1111 010x Rd.
     * Cases: a lone load, a lone store (monitor closed: fails), or a
     * load-store pair to the same address (succeeds). */
    unsigned sz = rndn(g, 3); /* 0 word, 1 byte, 2 halfword */
    unsigned rn = r_gp(g), rt = r_gp_not(g, 1u << rn);
    unsigned rd = r_gp_not(g, 1u << rn | 1u << rt);
    unsigned rt2 = r_gp_not(g, 1u << rn | 1u << rd);
    unsigned imm8 = sz ? 0 : bits(g, 8);
    set_base(g, t, rn, sz == 0 ? 4 : sz == 2 ? 2 : 1, MISALIGN_PCT);
    t->excl = true;
    uint32_t ld = sz == 0 ? 0xe8500f00u | imm8 : 0xe8d00f4fu | (sz - 1) << 4;
    uint32_t st = sz == 0 ? 0xe8400000u | rd << 8 | imm8 : 0xe8c00f40u | (sz - 1) << 4 | rd;
    unsigned shape = g->in_it ? rndn(g, 2) : rndn(g, 3);
    if (shape != 1)
        emit32(g, t, ld | rn << 16 | rt << 12, n);
    if (shape != 0)
        emit32(g, t, st | rn << 16 | rt2 << 12, n);
    /* A lone STREX with the monitor closed, misaligned: see deviations.c */
    bool misaligned = t->reg[rn] & (sz == 0 ? 3 : sz == 2 ? 1 : 0);
    if (shape == 1 && misaligned)
        t->dev = 2;
    /* misaligned and unmapped: the alignment fault comes first (deviations.c) */
    if (misaligned && t->reg[rn] >= 0x30000000u)
        t->dev = 7;
}

static void f_ldm32(struct gen *g, struct tcase *t, const char *n)
{
    /* LDM(IA) 11101000 10 W 1 Rn | P M 0 list13; LDMDB 11101001 00 W 1 Rn;
     * at least two registers, not SP, not both PC and LR, W => Rn not listed */
    unsigned db = bits(g, 1), w = bits(g, 1);
    unsigned rn = chance(g, 15) ? 13 : r_gp(g);
    uint32_t list;
    bool pc = g->pc_ok && chance(g, 20);
    do {
        list = bits(g, 15) & ~(1u << 13);
        if (pc)
            list = (list | 1u << 15) & ~(1u << 14);
        else
            list &= ~(1u << 15);
    } while (popcount(list) < 2 || (w && (list >> rn & 1)));
    uint32_t a = set_base(g, t, rn, 4, MISALIGN_PCT);
    if (a & 3)
        t->dev = 1;
    if (pc)
        add_patch(t, (db ? a - 4 : a + 4 * (popcount(list) - 1)) & ~3u, pc_value(g));
    g->used |= list & 0x7fff;
    emit32(g, t, (db ? 0xe9100000u : 0xe8900000u) | w << 21 | rn << 16 | list, n);
}

static void f_stm32(struct gen *g, struct tcase *t, const char *n)
{
    /* STM(IA) 11101000 10 W 0 Rn | 0 M 0 list13; STMDB 11101001 00 W 0 Rn */
    unsigned db = bits(g, 1), w = bits(g, 1);
    unsigned rn = chance(g, 15) ? 13 : r_gp(g);
    uint32_t list;
    do
        list = bits(g, 15) & ~(1u << 13);
    while (popcount(list) < 2 || (w && (list >> rn & 1)));
    if (set_base(g, t, rn, 4, MISALIGN_PCT) & 3)
        t->dev = 1;
    emit32(g, t, (db ? 0xe9000000u : 0xe8800000u) | w << 21 | rn << 16 | list, n);
}

/* Writeback of a value with bits[1:0] != 0 to SP: the manual's R[]
 * assignment (B1.4.7) writes value<31:2>:'00' (A5.1.3 calls writing
 * non-zero bits UNPREDICTABLE; we follow the pseudocode). */
static void f_sp_unaligned(struct gen *g, struct tcase *t, const char *n)
{
    static const unsigned puws[] = { 5, 7, 1, 3 };
    unsigned kind = rndn(g, 8), puw = puws[rndn(g, 4)], imm8;
    do
        imm8 = bits(g, 8);
    while (!(imm8 & 3));
    emit32(g, t, op_hw1[kind] << 16 | 13u << 16 | r_gp(g) << 12 | 0x800 | puw << 8 | imm8, n);
    t->dev = 5; /* Unicorn keeps the low bits: deviations.c */
}

static const struct form forms[] = {
    { "SP writeback, unaligned value (B1.4.7)", 1, f_sp_unaligned, FORM_NOIT },
    { "LDR (literal) T1", 2, f_ldr_lit16, 0 },
    { "LDR/STR* (reg) T1", 6, f_ls_reg16, 0 },
    { "LDR/STR{B,H} (imm) T1", 6, f_ls_imm16, 0 },
    { "LDR/STR (SP, imm) T2", 3, f_ls_sp16, 0 },
    { "PUSH T1", 3, f_push16, 0 },
    { "POP T1", 3, f_pop16, 0 },
    { "STM T1", 3, f_stm16, 0 },
    { "LDM T1", 3, f_ldm16, 0 },
    { "LDR/STR* (imm12) .W", 8, f_ls_imm12, 0 },
    { "LDR/STR* (imm8, pre/post/neg)", 8, f_ls_imm8, 0 },
    { "LDRT/STRT* (unprivileged)", 2, f_ls_unpriv, 0 },
    { "LDR/STR* (reg) .W", 6, f_ls_reg32, 0 },
    { "LDR* (literal) .W", 3, f_ls_lit32, 0 },
    { "PLD/PLI", 2, f_pld, 0 },
    { "LDRD/STRD", 5, f_ldrd, 0 },
    { "LDREX/STREX{B,H}", 4, f_excl, 0 },
    { "LDM/LDMDB/POP .W", 5, f_ldm32, 0 },
    { "STM/STMDB/PUSH .W", 5, f_stm32, 0 },
};

static void gen_ls(struct gen *g, struct tcase *t) { PICK(g, t, forms); }

DIFF_CLASS(ls_class, "ls", 25, true, gen_ls)
