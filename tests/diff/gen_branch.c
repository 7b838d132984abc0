/* Branches and miscellaneous control: A5.2.6 (B T1, SVC, UDF), B T2,
 * A5.2.3 (BX, BLX, MOV/ADD to the PC), A5.2.5 (CBZ/CBNZ, IT, hints, CPS,
 * BKPT), A5.3.4 (B T3/T4, BL, MSR, MRS, hints, barriers, CLREX, UDF.W),
 * A5.3.6 TBB/TBH. IT blocks hold instructions of every IT-capable class,
 * with a branch as the last one now and then. */
#include "tests/diff/diff.h"

static struct diff_class branch_class;

static unsigned cond_not_al(struct gen *g) { return rndn(g, 14); }

static void f_b_t1(struct gen *g, struct tcase *t, const char *n)
{
    emit16(g, t, 0xd000 | cond_not_al(g) << 8 | bits(g, 8), n);
}

/* Branch offsets that would land back inside the case (a loop the
 * reference would run to its safety limit) are avoided. */
static bool lands_in_case(int32_t off) { return off >= -48 && off <= 0; }

static void f_b_t2(struct gen *g, struct tcase *t, const char *n)
{
    unsigned imm11;
    do
        imm11 = bits(g, 11);
    while (lands_in_case((int32_t)(imm11 << 21) >> 20));
    emit16(g, t, 0xe000 | imm11, n);
}

static void f_b_t3(struct gen *g, struct tcase *t, const char *n)
{
    /* 11110 S cond imm6 | 10 J1 0 J2 imm11 */
    emit32(g, t, 0xf0008000u | bits(g, 1) << 26 | cond_not_al(g) << 22 | bits(g, 6) << 16 |
                 bits(g, 1) << 13 | bits(g, 1) << 11 | bits(g, 11), n);
}

static void f_b_t4(struct gen *g, struct tcase *t, const char *n)
{
    /* B T4 11110 S imm10 | 10 J1 1 J2 imm11; BL: 11 J1 1 J2 imm11 */
    emit32(g, t, 0xf0009000u | bits(g, 1) << 14 | bits(g, 11) << 16 | bits(g, 1) << 13 |
                 bits(g, 1) << 11 | bits(g, 11), n);
}

static void f_bx(struct gen *g, struct tcase *t, const char *n)
{
    /* BX 010001110 Rm 000; BLX 010001111 Rm 000 (Rm != PC). A target
     * with bit 0 clear is an INVSTATE fault at the target. */
    unsigned rm = r_gp(g);
    uint32_t target = code_target(g);
    if (chance(g, 5))
        target &= ~1u;
    else if (chance(g, 3)) /* EXC_RETURN-like: in Thread mode only a branch there */
        target = chance(g, 50) ? 0xfffffff9u : 0xfffffffdu;
    set_reg(t, rm, target);
    emit16(g, t, 0x4700 | bits(g, 1) << 7 | rm << 3, n);
}

static void f_mov_pc(struct gen *g, struct tcase *t, const char *n)
{
    /* MOV PC, Rm (01000110 1 Rm 111); ADD PC, Rm (01000100 1 Rm 111) */
    unsigned rm = r_gp(g);
    if (chance(g, 50)) {
        set_reg(t, rm, code_target(g));
        emit16(g, t, 0x4687 | rm << 3, n);
    } else {
        int32_t off;
        do
            off = (int32_t)rndn(g, 4096) - 2048;
        while (lands_in_case(off));
        set_reg(t, rm, (uint32_t)off);
        emit16(g, t, 0x4487 | rm << 3, n);
    }
}

static void f_cbz(struct gen *g, struct tcase *t, const char *n)
{
    /* 1011 op 0 i 1 imm5 Rn */
    unsigned rn = r_lo(g);
    if (chance(g, 50))
        set_reg(t, rn, 0);
    emit16(g, t, 0xb100 | bits(g, 1) << 11 | bits(g, 1) << 9 | bits(g, 5) << 3 | rn, n);
}

static void f_tbb(struct gen *g, struct tcase *t, const char *n)
{
    /* TBB/TBH: 11101000 1101 Rn | (1)(1)(1)(1) (0)(0)(0)(0) 000 H Rm;
     * Rn = PC reads the table from the code after the instruction */
    unsigned h = bits(g, 1), rn = chance(g, 20) ? 15 : r_gp(g);
    unsigned rm = r_gp_not(g, rn == 15 ? 0 : 1u << rn);
    if (rn != 15)
        set_base(g, t, rn, 1, 0);
    set_reg(t, rm, rn == 15 ? rndn(g, 8) : rndn(g, 256));
    emit32(g, t, 0xe8d0f000u | rn << 16 | h << 4 | rm, n);
}

/* YIELD, WFE and WFI end Unicorn's run even inside an IT block, so they
 * are tested on their own only (deviations.c, "unicorn-it-wfx"). */
static unsigned hint_op(struct gen *g)
{
    return g->in_it ? (chance(g, 50) ? 0 : 4) : rndn(g, 5);
}

static void f_hint16(struct gen *g, struct tcase *t, const char *n)
{
    /* 10111111 op 0000: NOP YIELD WFE WFI SEV */
    emit16(g, t, 0xbf00 | hint_op(g) << 4, n);
}

static void f_hint32(struct gen *g, struct tcase *t, const char *n)
{
    /* 11110011 1010 1111 | 10 0 0 0 000 hint8: NOP.W YIELD.W WFE.W WFI.W SEV.W DBG */
    unsigned op = chance(g, 15) ? 5 : hint_op(g);
    emit32(g, t, 0xf3af8000u | (op == 5 ? 0xf0 | bits(g, 4) : op), n);
}

static void f_barrier(struct gen *g, struct tcase *t, const char *n)
{
    /* 11110011 1011 1111 | 10 0 0 1111 op:4 option:4: CLREX 0010 1111,
     * DSB 0100, DMB 0101, ISB 0110 */
    /* ISB ends Unicorn's translation block and the rest of an IT block
     * then runs with the wrong condition there: ISB only outside IT. */
    static const unsigned ops[] = { 2, 4, 5, 6 };
    unsigned op = ops[rndn(g, g->in_it ? 3 : 4)];
    emit32(g, t, 0xf3bf8f00u | op << 4 | (op == 2 ? 0xf : bits(g, 4)), n);
    if (op == 2)
        t->excl = true;
}

static const unsigned sysms[] = { 0, 1, 2, 3, 5, 6, 7, 8, 9, 16, 17, 18, 19, 20 };

static void f_mrs(struct gen *g, struct tcase *t, const char *n)
{
    /* MRS 11110011 1110 1111 | 1000 Rd SYSm */
    t->sys = true;
    emit32(g, t, 0xf3ef8000u | r_gp(g) << 8 | sysms[rndn(g, 14)], n);
}

static void f_msr(struct gen *g, struct tcase *t, const char *n)
{
    /* MSR 11110011 1000 Rn | 1000 mask 00 SYSm; for the APSR forms mask is
     * 01 (GE), 10 (NZCVQ) or 11; otherwise 10 */
    unsigned sysm, rn = r_gp(g), mask = 2;
    /* In an IT block an earlier instruction may change Rn: keep CONTROL and
     * the stack pointers out of it (an unprivileged Unicorn cannot be reset) */
    do
        sysm = sysms[rndn(g, 14)];
    while (g->in_it && (sysm == 8 || sysm == 9 || sysm == 20));
    if (sysm < 8)
        mask = 1 + rndn(g, 3);
    if (sysm == 8 || sysm == 9)
        set_base(g, t, rn, 8, 0);
    else if (sysm == 20)
        set_reg(t, rn, rndn(g, 2) << 1); /* SPSEL; never nPRIV: Unicorn could not be reset to privileged */
    else if (sysm >= 16)
        set_reg(t, rn, chance(g, 50) ? rndn(g, 2) : rnd32(g) & 0xff);
    t->sys = true;
    emit32(g, t, 0xf3808000u | rn << 16 | mask << 10 | sysm, n);
}

static void f_cps(struct gen *g, struct tcase *t, const char *n)
{
    /* CPS 10110110 011 im (0) (0) I F, I:F != 00 */
    t->sys = true;
    emit16(g, t, 0xb660 | bits(g, 1) << 4 | (1 + rndn(g, 3)), n);
}

static void f_svc(struct gen *g, struct tcase *t, const char *n)
{
    emit16(g, t, 0xdf00 | bits(g, 8), n);
}

static void f_bkpt(struct gen *g, struct tcase *t, const char *n)
{
    emit16(g, t, 0xbe00 | bits(g, 8), n);
}

static void f_udf(struct gen *g, struct tcase *t, const char *n)
{
    /* UDF T1 11011110 imm8; T2 111101111111 imm4 | 1010 imm12 */
    if (chance(g, 50))
        emit16(g, t, 0xde00 | bits(g, 8), n);
    else
        emit32(g, t, 0xf7f0a000u | bits(g, 4) << 16 | bits(g, 12), n);
}

static void f_it(struct gen *g, struct tcase *t, const char *n);

static const struct form forms[] = {
    { "B<c> T1", 6, f_b_t1, FORM_NOIT },
    { "B T2", 3, f_b_t2, FORM_PC },
    { "B<c>.W T3", 5, f_b_t3, FORM_NOIT },
    { "B.W T4 / BL", 5, f_b_t4, FORM_PC },
    { "BX/BLX (reg)", 4, f_bx, FORM_PC },
    { "MOV/ADD PC, Rm", 2, f_mov_pc, FORM_PC },
    { "CBZ/CBNZ", 4, f_cbz, FORM_NOIT },
    { "TBB/TBH", 3, f_tbb, FORM_PC },
    { "IT block", 40, f_it, FORM_NOIT },
    { "hints 16-bit (NOP..SEV)", 2, f_hint16, 0 },
    { "hints .W (NOP.W..DBG)", 2, f_hint32, 0 },
    { "DSB/DMB/ISB/CLREX", 2, f_barrier, 0 },
    { "MRS", 3, f_mrs, 0 },
    { "MSR", 3, f_msr, 0 },
    { "CPS", 2, f_cps, FORM_NOIT },
    { "SVC", 1, f_svc, 0 }, /* conditional in IT blocks: SVCall's stacked IT state is compared */
    { "BKPT", 1, f_bkpt, FORM_NOIT },
    { "UDF", 1, f_udf, FORM_NOIT },
};

static void f_it(struct gen *g, struct tcase *t, const char *n)
{
    /* IT 10111111 firstcond mask; firstcond AL only with all-T blocks */
    struct tcase start = *t;
    uint32_t addr = g->addr;
    for (int attempt = 0; attempt < 20; attempt++) {
        *t = start;
        g->addr = addr;
        unsigned fc = rndn(g, 15), count = 1 + rndn(g, 4);
        unsigned te = fc == 14 ? 0 : bits(g, count - 1);
        unsigned mask = 0;
        for (unsigned k = 0; k + 1 < count; k++) {
            unsigned e = te >> k & 1;
            mask |= ((fc & 1) ^ e) << (3 - k);
        }
        mask |= 1u << (4 - count);
        emit16(g, t, 0xbf00 | fc << 4 | mask, n);
        t->it = true;
        g->used = 0;
        for (unsigned k = 0; k < count; k++) {
            g->avoid = t->it_avoid = g->used | t->regset;
            g->in_it = true;
            g->pc_ok = k + 1 == count;
            if (chance(g, g->pc_ok ? 25 : 5))
                PICK(g, t, forms); /* branch-class forms allowed in IT */
            else
                diff_gen_any(g, t, &branch_class);
        }
        g->in_it = false;
        g->pc_ok = true;
        g->avoid = 0;
        t->it_avoid = 0;
        if (!t->clash)
            break;
    }
}

static void gen_branch(struct gen *g, struct tcase *t) { PICK(g, t, forms); }

static struct diff_class branch_class = {
    .name = "branch", .weight = 25, .it_ok = true, .gen = gen_branch,
};
__attribute__((constructor)) static void branch_class_register(void) { diff_register(&branch_class); }
