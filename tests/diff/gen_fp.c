/* Floating point (ARMv7-M ARM A6.4 data processing, A6.5/A6.6 extension
 * register loads and stores, A6.7 register transfers; FPv5 additions as in
 * ARMv8-M): every FP instruction with special operand values (zeros,
 * subnormals, NaN payloads, infinities, values at rounding ties and at the
 * integer range limits) in every rounding mode, with FZ and DN.
 *
 * A case is a self-contained sequence, so only core registers (and the
 * scratch RAM) need comparing:
 *
 *     VMSR FPSCR, r0            random RMode/FZ/DN/AHP (and sticky flags)
 *     VMOV Sx/Dx <- r1..r6      the operands
 *     <the instruction>
 *     VMOV r7(,r8) <- Sd/Dd     the result
 *     VMRS r9, FPSCR            exception flags and NZCV
 *
 * Two classes: "fp" (FPv4-SP: single precision, the M4F) and "fp-dp"
 * (FPv5-D16: double precision and the FPv5 instructions, the M7). Both need
 * the runner to give the core an FPU and set CPACR.CP10/CP11 to full access
 * (0x00f00000) in both emulators. */
#include "tests/diff/diff.h"

/* ---- encodings ----
 *
 * Every instruction of a case carries the name of the instruction the case
 * is about (the runner files a case under its first instruction's form). */
static const char *cur_form = "fp";

static uint32_t sz_bit(bool dp) { return dp ? 1u << 8 : 0; }
/* Register fields: single S<s> = Vx:bit, double D<d> = bit:Vx. */
static uint32_t fd(unsigned r, bool dp)
{
    return dp ? (r & 15) << 12 | (r >> 4) << 22 : (r >> 1) << 12 | (r & 1) << 22;
}
static uint32_t fn(unsigned r, bool dp)
{
    return dp ? (r & 15) << 16 | (r >> 4) << 7 : (r >> 1) << 16 | (r & 1) << 7;
}
static uint32_t fm(unsigned r, bool dp)
{
    return dp ? (r & 15) | (r >> 4) << 5 : (r >> 1) | (r & 1) << 5;
}

static void vmsr(struct gen *g, struct tcase *t, unsigned rt) { emit32(g, t, 0xeee10a10u | rt << 12, cur_form); }
static void vmrs(struct gen *g, struct tcase *t, unsigned rt) { emit32(g, t, 0xeef10a10u | rt << 12, cur_form); }
/* VMOV Sn, Rt / VMOV Rt, Sn. */
static void to_s(struct gen *g, struct tcase *t, unsigned s, unsigned rt)
{
    emit32(g, t, 0xee000a10u | (s >> 1) << 16 | rt << 12 | (s & 1) << 7, cur_form);
}
static void from_s(struct gen *g, struct tcase *t, unsigned s, unsigned rt)
{
    emit32(g, t, 0xee100a10u | (s >> 1) << 16 | rt << 12 | (s & 1) << 7, cur_form);
}
/* VMOV Dm, Rt, Rt2 / VMOV Rt, Rt2, Dm. */
static void to_d(struct gen *g, struct tcase *t, unsigned d, unsigned rt, unsigned rt2)
{
    emit32(g, t, 0xec400b10u | rt2 << 16 | rt << 12 | (d >> 4) << 5 | (d & 15), cur_form);
}
static void from_d(struct gen *g, struct tcase *t, unsigned d, unsigned rt, unsigned rt2)
{
    emit32(g, t, 0xec500b10u | rt2 << 16 | rt << 12 | (d >> 4) << 5 | (d & 15), cur_form);
}

/* ---- values ---- */

static uint32_t special32(struct gen *g)
{
    static const uint32_t v[] = {
        0x00000000u, 0x80000000u, 0x00000001u, 0x80000001u, 0x007fffffu, 0x807fffffu,
        0x00800000u, 0x80800000u, 0x00800001u, 0x7f7fffffu, 0xff7fffffu, 0x3f800000u,
        0xbf800000u, 0x7f800000u, 0xff800000u, 0x7fc00000u, 0xffc00000u, 0x7fc12345u,
        0xffd55555u, 0x7f800001u, 0xff800001u, 0x7fa00000u, 0x7fbfffffu, 0x33800000u,
        0xb3800000u, 0x33000000u, 0x3f800001u, 0x3f7fffffu, 0x3f800800u, 0xbf801000u,
        0x4b000000u, 0x4b000001u, 0x3fc00000u, 0xbfc00000u, 0x40200000u, 0xc0200000u,
        0x3f000000u, 0xbf000000u, 0x4f000000u, 0xcf000000u, 0x4effffffu, 0x4f800000u,
        0xcf000001u, 0x477fe000u, 0x477ff000u, 0x38800000u, 0x387fc000u, 0x33c00000u,
        0x40400000u, 0x40490fdbu, 0x3eaaaaabu, 0x0000ffffu, 0x7e800000u, 0x00400000u,
    };
    switch (rndn(g, 8)) {
    case 0: return rnd32(g);
    case 1: /* near 1.0, all mantissa bits live */
        return (rnd32(g) & 0x807fffffu) | (uint32_t)(120 + rndn(g, 16)) << 23;
    case 2: /* subnormal or near the smallest normals */
        return rnd32(g) & 0x80ffffffu;
    case 3: /* near overflow */
        return (rnd32(g) & 0x807fffffu) | (uint32_t)(250 + rndn(g, 5)) << 23;
    default: return v[rndn(g, sizeof v / sizeof v[0])];
    }
}

static uint64_t special64(struct gen *g)
{
    static const uint64_t v[] = {
        0, 0x8000000000000000ull, 1, 0x8000000000000001ull, 0x000fffffffffffffull,
        0x0010000000000000ull, 0x7fefffffffffffffull, 0xffefffffffffffffull,
        0x3ff0000000000000ull, 0xbff0000000000000ull, 0x7ff0000000000000ull,
        0xfff0000000000000ull, 0x7ff8000000000000ull, 0x7ff8000012345678ull,
        0xfff0000000000001ull, 0x7ff4000000000000ull, 0x3ca0000000000000ull,
        0x3ff0000000000001ull, 0x3fefffffffffffffull, 0x4004000000000000ull,
        0xc004000000000000ull, 0x41e0000000000000ull, 0xc1e0000000000000ull,
        0x41efffffffe00000ull, 0x41effffffff00000ull, 0xc1e0000000100000ull,
        0x36a0000000000000ull, 0x3690000000000000ull, 0x47efffffe0000000ull,
        0x47effffff0000000ull, 0x3fd5555555555555ull, 0x3ff0000002000000ull,
        0xbff0000004000000ull, 0x380fffffffffffffull, 0x3f10000000000000ull,
    };
    switch (rndn(g, 8)) {
    case 0: return rnd64(g);
    case 1: return (rnd64(g) & 0x800fffffffffffffull) | (uint64_t)(1016 + rndn(g, 16)) << 52;
    case 2: return rnd64(g) & 0x801fffffffffffffull;
    case 3: return (rnd64(g) & 0x800fffffffffffffull) | (uint64_t)(2040 + rndn(g, 7)) << 52;
    case 4: /* single-precision range edges, for conversions */
        return (rnd64(g) & 0x800fffffffffffffull) | (uint64_t)(1023 - 126 - 24 + rndn(g, 4)) << 52;
    default: return v[rndn(g, sizeof v / sizeof v[0])];
    }
}

/* Rounding mode, FZ, DN, AHP at random; sometimes sticky flags already set. */
static uint32_t rnd_fpscr(struct gen *g)
{
    uint32_t v = bits(g, 2) << 22;
    if (chance(g, 30)) v |= 1u << 24; /* FZ */
    if (chance(g, 20)) v |= 1u << 25; /* DN */
    if (chance(g, 15)) v |= 1u << 26; /* AHP */
    if (chance(g, 10)) v |= bits(g, 4) << 28 | (bits(g, 5) & 0x1f) | (chance(g, 50) ? 0x80 : 0);
    return v;
}

/* Distinct FP registers: up to four, from s0-s31 or d0-d15. */
static void pick_regs(struct gen *g, bool dp, unsigned n, unsigned *r)
{
    unsigned lim = dp ? 16 : 32;
    for (unsigned k = 0; k < n; k++) {
        bool again;
        do {
            r[k] = rndn(g, lim);
            again = false;
            for (unsigned j = 0; j < k; j++)
                again |= r[j] == r[k];
        } while (again);
    }
}

/* Loads operand k (0..2) into FP register r from r(1+2k)(,r(2+2k)). */
static void load_operand(struct gen *g, struct tcase *t, bool dp, unsigned r, unsigned k, uint64_t v)
{
    unsigned lo = 1 + 2 * k;
    if (dp) {
        set_reg(t, lo, (uint32_t)v);
        set_reg(t, lo + 1, (uint32_t)(v >> 32));
        to_d(g, t, r, lo, lo + 1);
    } else {
        set_reg(t, lo, (uint32_t)v);
        to_s(g, t, r, lo);
    }
}

static void store_result(struct gen *g, struct tcase *t, bool dp, unsigned r)
{
    if (dp)
        from_d(g, t, r, 7, 8);
    else
        from_s(g, t, r, 7);
    vmrs(g, t, 9);
}

static void prologue(struct gen *g, struct tcase *t)
{
    set_reg(t, 0, rnd_fpscr(g));
    vmsr(g, t, 0);
}

static uint64_t operand(struct gen *g, bool dp) { return dp ? special64(g) : special32(g); }

/* ---- forms ---- */

/* Three-register arithmetic: base with sz 0 and all register fields 0. */
static void three_reg(struct gen *g, struct tcase *t, bool dp, uint32_t base, const char *n, bool acc)
{
    unsigned r[3];
    pick_regs(g, dp, 3, r);
    cur_form = n;
    prologue(g, t);
    uint64_t a = operand(g, dp);
    load_operand(g, t, dp, r[1], 0, a);
    load_operand(g, t, dp, r[2], 1, chance(g, 10) ? a : operand(g, dp));
    if (acc)
        load_operand(g, t, dp, r[0], 2, operand(g, dp));
    emit32(g, t, base | sz_bit(dp) | fd(r[0], dp) | fn(r[1], dp) | fm(r[2], dp), n);
    store_result(g, t, dp, r[0]);
}

static const struct { uint32_t base; const char *name; bool acc, v5; } arith[] = {
    { 0xee000a00u, "VMLA", true, false },   { 0xee000a40u, "VMLS", true, false },
    { 0xee100a40u, "VNMLA", true, false },  { 0xee100a00u, "VNMLS", true, false },
    { 0xee200a00u, "VMUL", false, false },  { 0xee200a40u, "VNMUL", false, false },
    { 0xee300a00u, "VADD", false, false },  { 0xee300a40u, "VSUB", false, false },
    { 0xee800a00u, "VDIV", false, false },  { 0xee900a40u, "VFNMA", true, false },
    { 0xee900a00u, "VFNMS", true, false },  { 0xeea00a00u, "VFMA", true, false },
    { 0xeea00a40u, "VFMS", true, false },
    { 0xfe800a00u, "VMAXNM", false, true }, { 0xfe800a40u, "VMINNM", false, true },
    { 0xfe000a00u, "VSELEQ", false, true }, { 0xfe100a00u, "VSELVS", false, true },
    { 0xfe200a00u, "VSELGE", false, true }, { 0xfe300a00u, "VSELGT", false, true },
};

/* Two-register forms Vd <- op(Vm), same precision. */
static const struct { uint32_t base; const char *name; bool v5; } unary[] = {
    { 0xeeb00a40u, "VMOV (register)", false }, { 0xeeb00ac0u, "VABS", false },
    { 0xeeb10a40u, "VNEG", false },            { 0xeeb10ac0u, "VSQRT", false },
    { 0xeeb60a40u, "VRINTR", true },           { 0xeeb60ac0u, "VRINTZ", true },
    { 0xeeb70a40u, "VRINTX", true },           { 0xfeb80a40u, "VRINTA", true },
    { 0xfeb90a40u, "VRINTN", true },           { 0xfeba0a40u, "VRINTP", true },
    { 0xfebb0a40u, "VRINTM", true },
};

static void gen_arith(struct gen *g, struct tcase *t, bool dp)
{
    /* FPv5 forms (the table's tail) only in fp-dp, where they come in both
     * precisions. */
    unsigned k = rndn(g, dp ? sizeof arith / sizeof arith[0] : 13);
    if (arith[k].v5)
        dp = chance(g, 50);
    three_reg(g, t, dp, arith[k].base, arith[k].name, arith[k].acc);
}

static void gen_unary(struct gen *g, struct tcase *t, bool dp)
{
    unsigned k = rndn(g, sizeof unary / sizeof unary[0]);
    if (unary[k].v5 && !dp)
        k = rndn(g, 4);
    /* In fp-dp, FPv5 single-precision forms too. */
    bool prec = dp && !(unary[k].v5 && chance(g, 40));
    unsigned r[2];
    pick_regs(g, prec, 2, r);
    cur_form = unary[k].name;
    prologue(g, t);
    load_operand(g, t, prec, r[1], 0, operand(g, prec));
    if (chance(g, 50))
        load_operand(g, t, prec, r[0], 1, operand(g, prec)); /* the old Vd is visible if unwritten */
    emit32(g, t, unary[k].base | sz_bit(prec) | fd(r[0], prec) | fm(r[1], prec), unary[k].name);
    store_result(g, t, prec, r[0]);
}

static void gen_vmov_imm(struct gen *g, struct tcase *t, bool dp)
{
    unsigned r[1];
    pick_regs(g, dp, 1, r);
    cur_form = "VMOV (immediate)";
    prologue(g, t);
    uint32_t imm8 = bits(g, 8);
    emit32(g, t, 0xeeb00a00u | sz_bit(dp) | fd(r[0], dp) | (imm8 >> 4) << 16 | (imm8 & 15), "VMOV (immediate)");
    store_result(g, t, dp, r[0]);
}

/* VCMP{E} Vd, Vm / #0, then the flags to both r9 and the APSR. */
static void gen_cmp(struct gen *g, struct tcase *t, bool dp)
{
    unsigned r[2];
    pick_regs(g, dp, 2, r);
    bool zero = chance(g, 25), e = chance(g, 50);
    cur_form = zero ? "VCMP{E} #0" : "VCMP{E}";
    prologue(g, t);
    uint64_t a = operand(g, dp);
    load_operand(g, t, dp, r[0], 0, a);
    if (!zero)
        load_operand(g, t, dp, r[1], 1, chance(g, 15) ? a : operand(g, dp));
    uint32_t w = (zero ? 0xeeb50a40u : 0xeeb40a40u | fm(r[1], dp)) | sz_bit(dp) | fd(r[0], dp) | e << 7;
    emit32(g, t, w, zero ? "VCMP{E} #0" : "VCMP{E}");
    vmrs(g, t, 9);
    emit32(g, t, 0xeef1fa10u, "VMRS APSR_nzcv");
}

/* Conversions: to/from integer (incl. VCVTR and FPv5 VCVTA/N/P/M),
 * fixed point, half precision, single <-> double. */
static void gen_cvt(struct gen *g, struct tcase *t, bool dp)
{
    static const char *const names[] = {
        "VCVT{R} (to integer)", "VCVT (from integer)", "VCVT (fixed-point)", "VCVTB/VCVTT",
        "VCVT (double/single)", "VCVTA/N/P/M",
    };
    unsigned r[2], form = rndn(g, dp ? 6 : 4);
    cur_form = names[form];
    prologue(g, t);
    switch (form) {
    case 0: { /* VCVT{R}.{S,U}32.F Sd, Sm/Dm */
        pick_regs(g, false, 1, r);
        pick_regs(g, dp, 1, r + 1);
        load_operand(g, t, dp, r[1], 0, operand(g, dp));
        emit32(g, t, 0xeebc0a40u | bits(g, 1) << 16 | bits(g, 1) << 7 | sz_bit(dp) | fd(r[0], false) | fm(r[1], dp),
               "VCVT{R} (to integer)");
        store_result(g, t, false, r[0]);
        break;
    }
    case 1: { /* VCVT.F.{S,U}32 Sd/Dd, Sm */
        pick_regs(g, dp, 1, r);
        pick_regs(g, false, 1, r + 1);
        load_operand(g, t, false, r[1], 0, chance(g, 50) ? rnd_value(g) : special32(g));
        emit32(g, t, 0xeeb80a40u | bits(g, 1) << 7 | sz_bit(dp) | fd(r[0], dp) | fm(r[1], false),
               "VCVT (from integer)");
        store_result(g, t, dp, r[0]);
        break;
    }
    case 2: { /* VCVT fixed point, in place: op U sf sx imm4:i */
        pick_regs(g, dp, 1, r);
        unsigned op = bits(g, 1), sx = bits(g, 1), size = sx ? 32 : 16, imm5;
        do
            imm5 = bits(g, 5);
        while (imm5 > size);
        uint64_t v = op ? operand(g, dp) : (chance(g, 50) ? rnd_value(g) : rnd64(g));
        load_operand(g, t, dp, r[0], 0, v);
        emit32(g, t, 0xeeba0a40u | op << 18 | bits(g, 1) << 16 | sz_bit(dp) | sx << 7 | (imm5 & 1) << 5 |
                         (imm5 >> 1) | fd(r[0], dp), "VCVT (fixed-point)");
        store_result(g, t, dp, r[0]);
        break;
    }
    case 3: { /* VCVTB/VCVTT, both directions (DP side only in fp-dp) */
        bool to_half = chance(g, 50), top = chance(g, 50);
        pick_regs(g, false, 1, r);
        if (to_half) {
            pick_regs(g, dp, 1, r + 1);
            load_operand(g, t, false, r[0], 1, rnd32(g)); /* the half not written */
            load_operand(g, t, dp, r[1], 0, operand(g, dp));
            emit32(g, t, 0xeeb30a40u | top << 7 | sz_bit(dp) | fd(r[0], false) | fm(r[1], dp), "VCVTB/VCVTT");
            store_result(g, t, false, r[0]);
        } else {
            static const uint16_t h[] = { 0, 0x8000, 1, 0x03ff, 0x0400, 0x7bff, 0x7c00, 0xfc00,
                                          0x7e00, 0x7d00, 0xfe01, 0x7c01, 0x3c00, 0xbc00 };
            uint32_t v = rnd32(g);
            if (chance(g, 70))
                v = (uint32_t)h[rndn(g, 14)] << 16 | h[rndn(g, 14)];
            pick_regs(g, dp, 1, r + 1);
            if (!dp && r[1] == r[0])
                r[1] = (r[0] + 1) & 31;
            load_operand(g, t, false, r[0], 0, v);
            emit32(g, t, 0xeeb20a40u | top << 7 | sz_bit(dp) | fd(r[1], dp) | fm(r[0], false), "VCVTB/VCVTT");
            store_result(g, t, dp, r[1]);
        }
        break;
    }
    case 4: { /* VCVT between double and single (fp-dp) */
        bool from_double = chance(g, 50);
        pick_regs(g, !from_double, 1, r);
        pick_regs(g, from_double, 1, r + 1);
        load_operand(g, t, from_double, r[1], 0, operand(g, from_double));
        emit32(g, t, 0xeeb70ac0u | sz_bit(from_double) | fd(r[0], !from_double) | fm(r[1], from_double),
               "VCVT (double/single)");
        store_result(g, t, !from_double, r[0]);
        break;
    }
    default: { /* VCVTA/N/P/M (fp-dp) */
        bool prec = chance(g, 50);
        pick_regs(g, false, 1, r);
        pick_regs(g, prec, 1, r + 1);
        load_operand(g, t, prec, r[1], 0, operand(g, prec));
        emit32(g, t, 0xfebc0a40u | bits(g, 2) << 16 | bits(g, 1) << 7 | sz_bit(prec) | fd(r[0], false) | fm(r[1], prec),
               "VCVTA/N/P/M");
        store_result(g, t, false, r[0]);
        break;
    }
    }
}

/* Register transfers: two core <-> two singles, core <-> scalar, FPSCR. */
static void gen_transfer(struct gen *g, struct tcase *t, bool dp)
{
    (void)dp;
    unsigned form = rndn(g, 3);
    cur_form = form == 0 ? "VMOV (two core, two singles)" : form == 1 ? "VMOV (core, scalar)" : "VMSR/VMRS";
    switch (form) {
    case 0: { /* VMOV Sm, Sm+1, r1, r2 then VMOV r7, r8, Sm, Sm+1 */
        unsigned m = rndn(g, 31);
        set_reg(t, 1, rnd32(g));
        set_reg(t, 2, rnd32(g));
        emit32(g, t, 0xec400a10u | 2u << 16 | 1u << 12 | (m & 1) << 5 | (m >> 1), "VMOV (two core, two singles)");
        emit32(g, t, 0xec500a10u | 8u << 16 | 7u << 12 | (m & 1) << 5 | (m >> 1), "VMOV (two core, two singles)");
        break;
    }
    case 1: { /* VMOV.32 Dd[x], r1 then VMOV.32 r7, Dd[x] and the whole D */
        unsigned d = rndn(g, 16), x = bits(g, 1);
        set_reg(t, 1, rnd32(g));
        emit32(g, t, 0xee000b10u | x << 21 | d << 16 | 1u << 12, "VMOV (core to scalar)");
        emit32(g, t, 0xee100b10u | x << 21 | d << 16 | 7u << 12, "VMOV (scalar to core)");
        emit32(g, t, 0xec500b10u | 9u << 16 | 8u << 12 | d, "VMOV (two core, double)");
        break;
    }
    default: /* VMSR with every bit set, VMRS back: the writable mask */
        set_reg(t, 0, rnd_value(g));
        vmsr(g, t, 0);
        vmrs(g, t, 9);
        emit32(g, t, 0xeef1fa10u, "VMRS APSR_nzcv");
        break;
    }
}

/* Loads and stores through the scratch RAM; results read back to core
 * registers. Word alignment is required (MemA): misaligned in a few cases. */
static void gen_mem(struct gen *g, struct tcase *t, bool dp)
{
    unsigned rn = 10 + rndn(g, 3); /* r10-r12: clear of the value registers */
    set_base(g, t, rn, 4, 3);
    unsigned form = rndn(g, 3);
    cur_form = form == 0 ? "VSTR/VLDR" : form == 1 ? "VSTM/VLDM" : "VPUSH/VPOP";
    switch (form) {
    case 0: { /* VSTR then VLDR of another register, value out */
        unsigned r[2];
        pick_regs(g, dp, 2, r);
        load_operand(g, t, dp, r[0], 0, operand(g, dp));
        uint32_t u = bits(g, 1) << 23, imm8 = bits(g, 8);
        emit32(g, t, 0xed000a00u | u | rn << 16 | sz_bit(dp) | fd(r[0], dp) | imm8, "VSTR");
        emit32(g, t, 0xed100a00u | u | rn << 16 | sz_bit(dp) | fd(r[1], dp) | imm8, "VLDR");
        if (dp)
            from_d(g, t, r[1], 7, 8);
        else
            from_s(g, t, r[1], 7);
        break;
    }
    case 1: { /* VSTMIA/VSTMDB with writeback, then VLDMIA of 2 doubles or 4 singles */
        unsigned first = dp ? rndn(g, 15) : rndn(g, 29);
        unsigned words = dp ? 4 : 1 + rndn(g, 4);
        bool db = chance(g, 50);
        set_reg(t, 1, rnd32(g));
        set_reg(t, 2, rnd32(g));
        to_d(g, t, first >> (dp ? 0 : 1), 1, 2);
        uint32_t puw = db ? (1u << 24 | 1u << 21) : (1u << 23 | bits(g, 1) << 21);
        emit32(g, t, 0xec000a00u | puw | rn << 16 | sz_bit(dp) | fd(first, dp) | words, db ? "VSTMDB" : "VSTMIA");
        emit32(g, t, 0xec900b00u | rn << 16 | 4, "VLDMIA");
        from_d(g, t, 0, 7, 8);
        from_d(g, t, 1, 5, 6);
        break;
    }
    default: { /* VPUSH / VPOP */
        set_base(g, t, 13, 8, 0);
        unsigned first = rndn(g, dp ? 15 : 30), n = dp ? 2 : 2;
        set_reg(t, 1, rnd32(g));
        set_reg(t, 2, rnd32(g));
        to_d(g, t, dp ? first : first >> 1, 1, 2);
        emit32(g, t, 0xed2d0a00u | sz_bit(dp) | fd(first, dp) | (dp ? 2 * n : n), "VPUSH");
        emit32(g, t, 0xecbd0a00u | fd(0, false) | 4, "VPOP");
        emit32(g, t, 0xec500a10u | 8u << 16 | 7u << 12, "VMOV (two core, two singles)");
        break;
    }
    }
}

static void gen_class(struct gen *g, struct tcase *t, bool dp)
{
    switch (rndn(g, 20)) {
    case 0: case 1: case 2: case 3: case 4: case 5: case 6: gen_arith(g, t, dp); break;
    case 7: case 8: case 9: gen_unary(g, t, dp); break;
    case 10: case 11: gen_cmp(g, t, dp); break;
    case 12: case 13: case 14: case 15: gen_cvt(g, t, dp); break;
    case 16: gen_vmov_imm(g, t, dp); break;
    case 17: gen_transfer(g, t, dp); break;
    default: gen_mem(g, t, dp); break;
    }
}

static void gen_fp(struct gen *g, struct tcase *t) { gen_class(g, t, false); }
static void gen_fp_dp(struct gen *g, struct tcase *t) { gen_class(g, t, true); }

/* Sequences of several instructions: never inside another class's IT block. */
DIFF_CLASS(fp_class, "fp", 20, false, gen_fp)
DIFF_CLASS(fp_dp_class, "fp-dp", 20, false, gen_fp_dp)
