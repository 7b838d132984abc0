/* FP arithmetic (isa/fp_soft.c) on special values, with the FPSCR flags
 * each operation raises. Every expected value is worked out by hand from
 * the ARMv7-M ARM FP pseudocode (FPUnpack, FPProcessNaNs, FPRound,
 * FPAdd/FPMul/FPDiv/FPSqrt/FPMulAdd, FPCompare, FPToFixed, FixedToFP,
 * FPHalfToSingle/FPSingleToHalf, FPRoundInt, FPMaxNum); the derivation is
 * in the comment beside each case. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "isa/fp_soft.h"

/* FPSCR controls. */
#define RN 0u
#define RP (1u << 22)
#define RM (2u << 22)
#define RZ (3u << 22)
#define FZ FPSCR_FZ
#define DN FPSCR_DN
#define AHP FPSCR_AHP

#define IOC FPSCR_IOC
#define DZC FPSCR_DZC
#define OFC FPSCR_OFC
#define UFC FPSCR_UFC
#define IXC FPSCR_IXC
#define IDC FPSCR_IDC

/* Single-precision constants. */
#define ONE 0x3f800000u
#define TWO 0x40000000u
#define THREE 0x40400000u
#define HALF 0x3f000000u
#define MONE 0xbf800000u
#define PZ 0x00000000u
#define NZ 0x80000000u
#define PINF 0x7f800000u
#define NINF 0xff800000u
#define DNAN 0x7fc00000u
#define MAXN 0x7f7fffffu
#define MINN 0x00800000u

enum op { ADD, SUB, MUL, DIV, SQRT, FMA, MLA };

struct tc {
    int line;
    enum op op;
    enum fp_fmt fmt;
    uint32_t ctl;
    uint64_t a, b, c; /* FMA/MLA: c + a*b */
    uint64_t want;
    uint32_t flags;
};

static uint64_t run(const struct tc *t, uint32_t *flags)
{
    struct fpst st = { t->ctl, 0 };
    uint64_t r = 0;
    switch (t->op) {
    case ADD: r = fp_add(t->fmt, t->a, t->b, &st); break;
    case SUB: r = fp_sub(t->fmt, t->a, t->b, &st); break;
    case MUL: r = fp_mul(t->fmt, t->a, t->b, &st); break;
    case DIV: r = fp_div(t->fmt, t->a, t->b, &st); break;
    case SQRT: r = fp_sqrt(t->fmt, t->a, &st); break;
    case FMA: r = fp_muladd(t->fmt, t->c, t->a, t->b, &st); break;
    case MLA: r = fp_add(t->fmt, t->c, fp_mul(t->fmt, t->a, t->b, &st), &st); break;
    }
    *flags = st.exc;
    return r;
}

static void check_table(const struct tc *t, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        uint32_t fl;
        uint64_t r = run(&t[k], &fl);
        if (r != t[k].want || fl != t[k].flags) {
            print_error("case at line %d: got %#llx flags %#x, want %#llx flags %#x\n", t[k].line,
                        (unsigned long long)r, fl, (unsigned long long)t[k].want, t[k].flags);
            fail();
        }
    }
}

#define C(op, fmt, ctl, a, b, c, want, flags) { __LINE__, op, fmt, ctl, a, b, c, want, flags }

static void t_add_sub(void **state)
{
    (void)state;
    static const struct tc t[] = {
        C(ADD, FP32, RN, ONE, TWO, 0, THREE, 0),
        C(SUB, FP32, RN, ONE, TWO, 0, MONE, 0),
        /* Zeros: same signs keep the sign; an exact zero sum is +0, or -0 in RM. */
        C(ADD, FP32, RN, PZ, NZ, 0, PZ, 0),
        C(ADD, FP32, RM, PZ, NZ, 0, NZ, 0),
        C(ADD, FP32, RN, NZ, NZ, 0, NZ, 0),
        C(SUB, FP32, RN, NZ, PZ, 0, NZ, 0),
        C(ADD, FP32, RN, ONE, MONE, 0, PZ, 0),
        C(ADD, FP32, RM, ONE, MONE, 0, NZ, 0),
        C(SUB, FP32, RP, ONE, ONE, 0, PZ, 0),
        /* Infinities. */
        C(ADD, FP32, RN, PINF, NINF, 0, DNAN, IOC),
        C(SUB, FP32, RN, PINF, PINF, 0, DNAN, IOC),
        C(ADD, FP32, RN, PINF, PINF, 0, PINF, 0),
        C(ADD, FP32, RN, MAXN, NINF, 0, NINF, 0),
        C(SUB, FP32, RN, ONE, NINF, 0, PINF, 0),
        /* Ties: 1 + 2^-24 is halfway between 1 and 1+2^-23. */
        C(ADD, FP32, RN, ONE, 0x33800000u, 0, ONE, IXC),
        C(ADD, FP32, RP, ONE, 0x33800000u, 0, 0x3f800001u, IXC),
        C(ADD, FP32, RM, ONE, 0x33800000u, 0, ONE, IXC),
        C(ADD, FP32, RZ, ONE, 0x33800000u, 0, ONE, IXC),
        /* (1+2^-23) + 2^-24: halfway, the even neighbour is above. */
        C(ADD, FP32, RN, 0x3f800001u, 0x33800000u, 0, 0x3f800002u, IXC),
        /* Negative ties: -1 - 2^-24. */
        C(ADD, FP32, RN, MONE, 0xb3800000u, 0, MONE, IXC),
        C(ADD, FP32, RP, MONE, 0xb3800000u, 0, MONE, IXC),
        C(ADD, FP32, RM, MONE, 0xb3800000u, 0, 0xbf800001u, IXC),
        C(ADD, FP32, RZ, MONE, 0xb3800000u, 0, MONE, IXC),
        /* (1+2^-23) - 2^-24 = 1 + 2^-24: a tie again, even is 1. */
        C(ADD, FP32, RN, 0x3f800001u, 0xb3800000u, 0, ONE, IXC),
        /* Overflow: max + max. */
        C(ADD, FP32, RN, MAXN, MAXN, 0, PINF, OFC | IXC),
        C(ADD, FP32, RZ, MAXN, MAXN, 0, MAXN, OFC | IXC),
        C(ADD, FP32, RM, MAXN, MAXN, 0, MAXN, OFC | IXC),
        C(ADD, FP32, RP, MAXN, MAXN, 0, PINF, OFC | IXC),
        C(ADD, FP32, RM, 0xff7fffffu, 0xff7fffffu, 0, NINF, OFC | IXC),
        C(ADD, FP32, RP, 0xff7fffffu, 0xff7fffffu, 0, 0xff7fffffu, OFC | IXC),
        /* Subnormals: exact sums raise nothing (tiny but exact). */
        C(ADD, FP32, RN, 0x00000001u, 0x00000001u, 0, 0x00000002u, 0),
        C(SUB, FP32, RN, MINN, 0x00000001u, 0, 0x007fffffu, 0),
        /* FZ: inputs flush (IDC) with their sign. */
        C(ADD, FP32, FZ, 0x00000001u, ONE, 0, ONE, IDC),
        C(ADD, FP32, RN, 0x00000001u, ONE, 0, ONE, IXC),
        C(ADD, FP32, FZ, 0x80000001u, NZ, 0, NZ, IDC),
        C(ADD, FP32, FZ, 0x80000001u, 0x00000001u, 0, PZ, IDC),
        /* FZ: a subnormal result flushes to zero with UFC only. */
        C(SUB, FP32, FZ, 0x00800001u, MINN, 0, PZ, UFC),
        C(SUB, FP32, FZ | RN, MINN, 0x00800001u, 0, NZ, UFC),
        /* Doubles: 1 + 2^-53 is a tie. */
        C(ADD, FP64, RN, 0x3ff0000000000000ull, 0x3ca0000000000000ull, 0, 0x3ff0000000000000ull, IXC),
        C(ADD, FP64, RP, 0x3ff0000000000000ull, 0x3ca0000000000000ull, 0, 0x3ff0000000000001ull, IXC),
        C(ADD, FP64, RN, 0x7fefffffffffffffull, 0x7fefffffffffffffull, 0, 0x7ff0000000000000ull, OFC | IXC),
        C(ADD, FP64, RZ, 0x7fefffffffffffffull, 0x7fefffffffffffffull, 0, 0x7fefffffffffffffull, OFC | IXC),
        C(ADD, FP64, RN, 0x7ff0000000000000ull, 0xfff0000000000000ull, 0, 0x7ff8000000000000ull, IOC),
        C(ADD, FP64, FZ, 0x0000000000000001ull, 0x8000000000000000ull, 0, 0x0000000000000000ull, IDC),
    };
    check_table(t, sizeof t / sizeof t[0]);
}

static void t_nan_propagation(void **state)
{
    (void)state;
    static const struct tc t[] = {
        /* Signalling before quiet, then the first operand; SNaN quietened. */
        C(ADD, FP32, RN, 0x7fc00001u, 0xff800002u, 0, 0xffc00002u, IOC),
        C(ADD, FP32, RN, 0x7fc00001u, 0xffc00002u, 0, 0x7fc00001u, 0),
        C(ADD, FP32, RN, 0x7f800005u, 0x7f800006u, 0, 0x7fc00005u, IOC),
        C(MUL, FP32, RN, ONE, 0x7fc12345u, 0, 0x7fc12345u, 0),
        C(SUB, FP32, RN, 0xffc00007u, ONE, 0, 0xffc00007u, 0),
        /* FPSub processes the NaN before negating op2. */
        C(SUB, FP32, RN, ONE, 0x7fc00003u, 0, 0x7fc00003u, 0),
        C(DIV, FP32, RN, 0x7f800001u, PZ, 0, 0x7fc00001u, IOC),
        C(SQRT, FP32, RN, 0xff800009u, 0, 0, 0xffc00009u, IOC),
        /* Default NaN mode: any NaN result is the default NaN. */
        C(ADD, FP32, DN, 0x7fc12345u, ONE, 0, DNAN, 0),
        C(ADD, FP32, DN, ONE, 0x7f800001u, 0, DNAN, IOC),
        /* Invalid operations give the default NaN. */
        C(MUL, FP32, RN, PINF, PZ, 0, DNAN, IOC),
        C(MUL, FP32, RN, NZ, NINF, 0, DNAN, IOC),
        C(DIV, FP32, RN, PZ, NZ, 0, DNAN, IOC),
        C(DIV, FP32, RN, PINF, NINF, 0, DNAN, IOC),
        C(SQRT, FP32, RN, MONE, 0, 0, DNAN, IOC),
        C(SQRT, FP32, RN, NINF, 0, 0, DNAN, IOC),
        /* FMA: NaNs3 order is addend, op1, op2. */
        C(FMA, FP32, RN, 0x7fc00002u, 0x7fc00003u, 0x7fc00001u, 0x7fc00001u, 0),
        C(FMA, FP32, RN, 0x7fc00002u, 0x7f800003u, 0x7fc00001u, 0x7fc00003u, IOC),
        C(FMA, FP32, RN, 0x7f800002u, 0x7fc00003u, ONE, 0x7fc00002u, IOC),
        /* A quiet NaN addend with 0 * inf: the default NaN and IOC. */
        C(FMA, FP32, RN, PINF, PZ, 0x7fc00001u, DNAN, IOC),
        C(FMA, FP32, RN, PINF, PZ, ONE, DNAN, IOC),
        /* Product +inf plus addend -inf. */
        C(FMA, FP32, RN, PINF, ONE, NINF, DNAN, IOC),
        C(FMA, FP32, RN, PINF, MONE, NINF, NINF, 0),
        /* Doubles: payload kept, quietened. */
        C(ADD, FP64, RN, 0x7ff0000000000001ull, 0x3ff0000000000000ull, 0, 0x7ff8000000000001ull, IOC),
        C(MUL, FP64, DN, 0xfff8000000000123ull, 0x3ff0000000000000ull, 0, 0x7ff8000000000000ull, 0),
    };
    check_table(t, sizeof t / sizeof t[0]);
}

static void t_mul_div_sqrt(void **state)
{
    (void)state;
    static const struct tc t[] = {
        C(MUL, FP32, RN, 0x3fc00000u, TWO, 0, THREE, 0),
        C(MUL, FP32, RN, NZ, ONE, 0, NZ, 0),
        C(MUL, FP32, RN, MONE, PINF, 0, NINF, 0),
        C(MUL, FP32, RN, MAXN, TWO, 0, PINF, OFC | IXC),
        C(MUL, FP32, RZ, MAXN, TWO, 0, MAXN, OFC | IXC),
        C(MUL, FP32, RM, 0xff7fffffu, TWO, 0, NINF, OFC | IXC),
        /* (1 - 2^-24) * 2^-126 = 2^-126 - 2^-150: tiny before rounding, a
         * tie in subnormal precision that rounds (to even) up to the
         * smallest normal: UFC because tininess is before rounding. */
        C(MUL, FP32, RN, 0x3f7fffffu, MINN, 0, MINN, UFC | IXC),
        C(MUL, FP32, RZ, 0x3f7fffffu, MINN, 0, 0x007fffffu, UFC | IXC),
        /* ... and with FZ it is flushed (exponent below minimum). */
        C(MUL, FP32, FZ, 0x3f7fffffu, MINN, 0, PZ, UFC),
        /* 2^-126 * 0.5 = 2^-127: an exact subnormal raises nothing. */
        C(MUL, FP32, RN, MINN, HALF, 0, 0x00400000u, 0),
        C(MUL, FP32, FZ, MINN, HALF, 0, PZ, UFC),
        /* 2^-149 * 0.5: tie between 0 and 2^-149, even is 0. */
        C(MUL, FP32, RN, 0x00000001u, HALF, 0, PZ, UFC | IXC),
        C(MUL, FP32, RP, 0x00000001u, HALF, 0, 0x00000001u, UFC | IXC),
        C(MUL, FP32, RN, 0x00000003u, HALF, 0, 0x00000002u, UFC | IXC),
        C(MUL, FP32, FZ, 0x80000001u, TWO, 0, NZ, IDC),
        /* Division. */
        C(DIV, FP32, RN, ONE, PZ, 0, PINF, DZC),
        C(DIV, FP32, RN, MONE, PZ, 0, NINF, DZC),
        C(DIV, FP32, RN, ONE, NZ, 0, NINF, DZC),
        C(DIV, FP32, RN, PINF, PZ, 0, PINF, 0),
        C(DIV, FP32, RN, ONE, PINF, 0, PZ, 0),
        C(DIV, FP32, RN, MONE, PINF, 0, NZ, 0),
        C(DIV, FP32, FZ, ONE, 0x00000001u, 0, PINF, DZC | IDC),
        /* 1/3 = 0x3eaaaaaa + 2/3 ulp: RN up, RZ down. */
        C(DIV, FP32, RN, ONE, THREE, 0, 0x3eaaaaabu, IXC),
        C(DIV, FP32, RZ, ONE, THREE, 0, 0x3eaaaaaau, IXC),
        C(DIV, FP32, RM, MONE, THREE, 0, 0xbeaaaaabu, IXC),
        C(DIV, FP32, RN, THREE, TWO, 0, 0x3fc00000u, 0),
        C(DIV, FP64, RN, 0x3ff0000000000000ull, 0x4008000000000000ull, 0, 0x3fd5555555555555ull, IXC),
        C(DIV, FP64, RP, 0x3ff0000000000000ull, 0x4008000000000000ull, 0, 0x3fd5555555555556ull, IXC),
        /* Square root: sqrt(2) = 1.41421356..., 0x3fb504f3 is 1.41421353. */
        C(SQRT, FP32, RN, TWO, 0, 0, 0x3fb504f3u, IXC),
        C(SQRT, FP32, RP, TWO, 0, 0, 0x3fb504f4u, IXC),
        C(SQRT, FP32, RN, 0x40800000u, 0, 0, TWO, 0),
        C(SQRT, FP32, RN, NZ, 0, 0, NZ, 0),
        C(SQRT, FP32, RN, PINF, 0, 0, PINF, 0),
        C(SQRT, FP32, FZ, 0x80000001u, 0, 0, NZ, IDC),
        /* sqrt(2^-148) = 2^-74 from a subnormal. */
        C(SQRT, FP32, RN, 0x00000002u, 0, 0, 0x1a800000u, 0),
        C(SQRT, FP64, RN, 0x4000000000000000ull, 0, 0, 0x3ff6a09e667f3bcdull, IXC),
        /* Double tininess before rounding. */
        C(MUL, FP64, RN, 0x3fefffffffffffffull, 0x0010000000000000ull, 0, 0x0010000000000000ull, UFC | IXC),
    };
    check_table(t, sizeof t / sizeof t[0]);
}

static void t_fused(void **state)
{
    (void)state;
    /* a = b = 1 + 2^-12, c = -(1 + 2^-11): a*b = 1 + 2^-11 + 2^-24.
     * Fused: exactly 2^-24. Unfused: a*b rounds (a tie, even) to
     * 1 + 2^-11 with IXC, and the sum is +0. */
    static const struct tc t[] = {
        C(FMA, FP32, RN, 0x3f800800u, 0x3f800800u, 0xbf801000u, 0x33800000u, 0),
        C(MLA, FP32, RN, 0x3f800800u, 0x3f800800u, 0xbf801000u, PZ, IXC),
        C(MLA, FP32, RM, 0x3f800800u, 0x3f800800u, 0xbf801000u, NZ, IXC),
        /* Zero sums: +0 + (-1 * +0) = +0 + -0. */
        C(FMA, FP32, RN, MONE, PZ, PZ, PZ, 0),
        C(FMA, FP32, RM, MONE, PZ, PZ, NZ, 0),
        C(FMA, FP32, RN, MONE, PZ, NZ, NZ, 0),
        /* Zero product: the addend unchanged. */
        C(FMA, FP32, RN, PZ, THREE, ONE, ONE, 0),
        /* Zero addend: the product rounded once. */
        C(FMA, FP32, RN, 0x3f800001u, 0x3f800001u, PZ, 0x3f800002u, IXC),
        /* 1*1 - 1 = exact zero: +0 (RN). */
        C(FMA, FP32, RN, ONE, ONE, MONE, PZ, 0),
        /* max*2 - max = max, no overflow in the fused form. */
        C(FMA, FP32, RN, MAXN, TWO, 0xff7fffffu, MAXN, 0),
        C(MLA, FP32, RN, MAXN, TWO, 0xff7fffffu, PINF, OFC | IXC),
        /* Large cancellation with a far addend: 1 + 2^-30 * 2^-30. */
        C(FMA, FP32, RN, 0x30800000u, 0x30800000u, ONE, ONE, IXC),
        C(FMA, FP32, RP, 0x30800000u, 0x30800000u, ONE, 0x3f800001u, IXC),
        /* Double: (1+2^-27)^2 - (1+2^-26) = 2^-54. */
        C(FMA, FP64, RN, 0x3ff0000002000000ull, 0x3ff0000002000000ull, 0xbff0000004000000ull,
          0x3c90000000000000ull, 0),
    };
    check_table(t, sizeof t / sizeof t[0]);
}

static void t_compare(void **state)
{
    (void)state;
    struct fpst st = { RN, 0 };
    assert_int_equal(fp_compare(FP32, ONE, TWO, false, &st), 0x8);
    assert_int_equal(fp_compare(FP32, TWO, ONE, false, &st), 0x2);
    assert_int_equal(fp_compare(FP32, PZ, NZ, false, &st), 0x6);
    assert_int_equal(fp_compare(FP32, NINF, MONE, false, &st), 0x8);
    assert_int_equal(fp_compare(FP32, MONE, 0xc0000000u, false, &st), 0x2);
    assert_int_equal(st.exc, 0);
    assert_int_equal(fp_compare(FP32, 0x7fc00000u, ONE, false, &st), 0x3);
    assert_int_equal(st.exc, 0);
    assert_int_equal(fp_compare(FP32, 0x7fc00000u, ONE, true, &st), 0x3); /* VCMPE */
    assert_int_equal(st.exc, IOC);
    st.exc = 0;
    assert_int_equal(fp_compare(FP32, ONE, 0x7f800001u, false, &st), 0x3);
    assert_int_equal(st.exc, IOC);
    /* FZ: a subnormal equals zero, IDC. */
    struct fpst fz = { FZ, 0 };
    assert_int_equal(fp_compare(FP32, 0x00000001u, NZ, false, &fz), 0x6);
    assert_int_equal(fz.exc, IDC);
    st.exc = 0;
    assert_int_equal(fp_compare(FP32, 0x00000001u, PZ, false, &st), 0x2);
    assert_int_equal(fp_compare(FP64, 0xbff0000000000000ull, 0x3ff0000000000000ull, false, &st), 0x8);
    assert_int_equal(st.exc, 0);
}

struct fixc {
    int line;
    uint32_t a;
    unsigned fbits, uns, size, r;
    uint32_t want, flags;
};

static void t_to_fixed(void **state)
{
    (void)state;
    static const struct fixc t[] = {
        /* 2.5 (0x40200000) in each rounding. */
        { __LINE__, 0x40200000u, 0, 0, 32, FPR_TIEEVEN, 2, IXC },
        { __LINE__, 0x40200000u, 0, 0, 32, FPR_ZERO, 2, IXC },
        { __LINE__, 0x40200000u, 0, 0, 32, FPR_POSINF, 3, IXC },
        { __LINE__, 0x40200000u, 0, 0, 32, FPR_NEGINF, 2, IXC },
        { __LINE__, 0x40200000u, 0, 0, 32, FPR_TIEAWAY, 3, IXC },
        /* 3.5 rounds to even 4; -2.5 to -2, away -3, down -3. */
        { __LINE__, 0x40600000u, 0, 0, 32, FPR_TIEEVEN, 4, IXC },
        { __LINE__, 0xc0200000u, 0, 0, 32, FPR_TIEEVEN, 0xfffffffeu, IXC },
        { __LINE__, 0xc0200000u, 0, 0, 32, FPR_TIEAWAY, 0xfffffffdu, IXC },
        { __LINE__, 0xc0200000u, 0, 0, 32, FPR_NEGINF, 0xfffffffdu, IXC },
        { __LINE__, 0xc0200000u, 0, 0, 32, FPR_POSINF, 0xfffffffeu, IXC },
        { __LINE__, 0xc0200000u, 0, 0, 32, FPR_ZERO, 0xfffffffeu, IXC },
        /* Range: 2^31 saturates signed (IOC, no IXC); fits unsigned. */
        { __LINE__, 0x4f000000u, 0, 0, 32, FPR_ZERO, 0x7fffffffu, IOC },
        { __LINE__, 0x4f000000u, 0, 1, 32, FPR_ZERO, 0x80000000u, 0 },
        { __LINE__, 0xcf000000u, 0, 0, 32, FPR_ZERO, 0x80000000u, 0 },
        { __LINE__, 0xcf000001u, 0, 0, 32, FPR_ZERO, 0x80000000u, IOC },
        { __LINE__, 0x4f800000u, 0, 1, 32, FPR_ZERO, 0xffffffffu, IOC },
        /* Negative to unsigned: -1 saturates to 0 (IOC); -0.5 in RZ is 0, IXC. */
        { __LINE__, MONE, 0, 1, 32, FPR_ZERO, 0, IOC },
        { __LINE__, 0xbf000000u, 0, 1, 32, FPR_ZERO, 0, IXC },
        { __LINE__, 0xbf000000u, 0, 1, 32, FPR_NEGINF, 0, IOC },
        /* NaN: 0 and IOC; infinities saturate. */
        { __LINE__, 0x7fc00000u, 0, 0, 32, FPR_ZERO, 0, IOC },
        { __LINE__, 0xff800001u, 0, 1, 32, FPR_ZERO, 0, IOC },
        { __LINE__, PINF, 0, 0, 32, FPR_ZERO, 0x7fffffffu, IOC },
        { __LINE__, NINF, 0, 0, 32, FPR_ZERO, 0x80000000u, IOC },
        { __LINE__, NINF, 0, 1, 32, FPR_ZERO, 0, IOC },
        { __LINE__, PINF, 0, 1, 32, FPR_ZERO, 0xffffffffu, IOC },
        { __LINE__, 0x7f7fffffu, 0, 0, 32, FPR_ZERO, 0x7fffffffu, IOC },
        /* Tiny values: 2^-149 is 0 with IXC, or 1 rounding up. */
        { __LINE__, 0x00000001u, 0, 0, 32, FPR_ZERO, 0, IXC },
        { __LINE__, 0x00000001u, 0, 0, 32, FPR_POSINF, 1, IXC },
        { __LINE__, 0x80000001u, 0, 0, 32, FPR_NEGINF, 0xffffffffu, IXC },
        /* Fixed point: 1.5 with 8 fraction bits = 0x180. */
        { __LINE__, 0x3fc00000u, 8, 0, 16, FPR_ZERO, 0x180, 0 },
        /* -1.0 as s16 with 15 fraction bits = 0x8000, sign-extended. */
        { __LINE__, MONE, 15, 0, 16, FPR_ZERO, 0xffff8000u, 0 },
        { __LINE__, ONE, 15, 0, 16, FPR_ZERO, 0x7fff, IOC },
        { __LINE__, ONE, 16, 1, 16, FPR_ZERO, 0xffff, IOC },
        { __LINE__, HALF, 16, 1, 16, FPR_ZERO, 0x8000, 0 },
        { __LINE__, MONE, 0, 1, 16, FPR_ZERO, 0, IOC },
        { __LINE__, 0x47000000u, 0, 0, 16, FPR_ZERO, 0x7fff, IOC }, /* 32768 */
        { __LINE__, 0xc7000000u, 0, 0, 16, FPR_ZERO, 0xffff8000u, 0 }, /* -32768 */
        /* 0x3e99999a is 0x99999a * 2^-25: with 32 fraction bits exactly
         * 0x99999a << 7; 2^-33 (0x2f000000) is below one unit. */
        { __LINE__, 0x3e99999au, 32, 1, 32, FPR_ZERO, 0x4ccccd00u, 0 },
        { __LINE__, 0x2f000000u, 32, 1, 32, FPR_TIEEVEN, 0, IXC },
        { __LINE__, 0x2f400000u, 32, 1, 32, FPR_TIEEVEN, 1, IXC },
    };
    for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
        struct fpst st = { RN, 0 };
        uint32_t r = fp_to_fixed(FP32, t[k].a, t[k].fbits, t[k].uns, t[k].size, t[k].r, &st);
        if (r != t[k].want || st.exc != t[k].flags) {
            print_error("case at line %d: got %#x flags %#x, want %#x flags %#x\n", t[k].line, r,
                        st.exc, t[k].want, t[k].flags);
            fail();
        }
    }
    /* FZ: a subnormal converts as zero, IDC only. */
    struct fpst fz = { FZ, 0 };
    assert_int_equal(fp_to_fixed(FP32, 0x00000001u, 0, 0, 32, FPR_POSINF, &fz), 0);
    assert_int_equal(fz.exc, IDC);
    /* Doubles: -2^31 - 0.5 in RZ is -2^31 exactly with IXC. */
    struct fpst st = { RN, 0 };
    assert_int_equal(fp_to_fixed(FP64, 0xc1e0000000100000ull, 0, 0, 32, FPR_ZERO, &st), 0x80000000u);
    assert_int_equal(st.exc, IXC);
    st.exc = 0;
    /* 2^32 - 0.5 ties to even 2^32, which overflows: IOC, not IXC. */
    assert_int_equal(fp_to_fixed(FP64, 0x41effffffff00000ull, 0, 1, 32, FPR_TIEEVEN, &st), 0xffffffffu);
    assert_int_equal(st.exc, IOC);
    st.exc = 0;
    assert_int_equal(fp_to_fixed(FP64, 0x41effffffff00000ull, 0, 1, 32, FPR_ZERO, &st), 0xffffffffu);
    assert_int_equal(st.exc, IXC);
}

static void t_from_fixed(void **state)
{
    (void)state;
    struct fpst st = { RN, 0 };
    /* 2^31 - 1 needs 31 bits: RN rounds up to 2^31, RZ down. */
    assert_int_equal(fp_from_fixed(FP32, 0x7fffffffu, 0, 0, 32, FPR_TIEEVEN, &st), 0x4f000000u);
    assert_int_equal(st.exc, IXC);
    st.exc = 0;
    assert_int_equal(fp_from_fixed(FP32, 0x7fffffffu, 0, 0, 32, FPR_ZERO, &st), 0x4effffffu);
    assert_int_equal(st.exc, IXC);
    st.exc = 0;
    assert_int_equal(fp_from_fixed(FP32, 0xffffffffu, 0, 1, 32, FPR_TIEEVEN, &st), 0x4f800000u);
    assert_int_equal(fp_from_fixed(FP32, 0xffffffffu, 0, 0, 32, FPR_TIEEVEN, &st), MONE);
    st.exc = 0;
    assert_int_equal(fp_from_fixed(FP32, 0x80000000u, 0, 0, 32, FPR_TIEEVEN, &st), 0xcf000000u);
    assert_int_equal(fp_from_fixed(FP32, 0, 0, 0, 32, FPR_NEGINF, &st), PZ);
    assert_int_equal(st.exc, 0);
    /* 2^24 + 1: a tie, to even 2^24. */
    assert_int_equal(fp_from_fixed(FP32, 0x01000001u, 0, 0, 32, FPR_TIEEVEN, &st), 0x4b800000u);
    assert_int_equal(st.exc, IXC);
    st.exc = 0;
    /* 16-bit fixed point: 0x8000 signed with 15 fraction bits is -1. */
    assert_int_equal(fp_from_fixed(FP32, 0x12348000u, 15, 0, 16, FPR_TIEEVEN, &st), MONE);
    assert_int_equal(fp_from_fixed(FP32, 0x8000u, 16, 1, 16, FPR_TIEEVEN, &st), HALF);
    assert_int_equal(fp_from_fixed(FP64, 0xffffffffu, 0, 1, 32, FPR_TIEEVEN, &st), 0x41efffffffe00000ull);
    assert_int_equal(fp_from_fixed(FP64, 1, 32, 1, 32, FPR_TIEEVEN, &st), 0x3df0000000000000ull);
    assert_int_equal(st.exc, 0);
}

static void t_convert(void **state)
{
    (void)state;
    struct {
        int line;
        enum fp_fmt to, from;
        uint32_t ctl;
        uint64_t a, want;
        uint32_t flags;
    } t[] = {
        /* Single to half. */
        { __LINE__, FP16, FP32, RN, ONE, 0x3c00, 0 },
        { __LINE__, FP16, FP32, RN, 0x477fe000u, 0x7bff, 0 },        /* 65504 */
        { __LINE__, FP16, FP32, RN, 0x477ff000u, 0x7c00, OFC | IXC }, /* 65520: tie to even overflows */
        { __LINE__, FP16, FP32, RZ, 0x477ff000u, 0x7bff, IXC },       /* no round-up, no overflow */
        { __LINE__, FP16, FP32, AHP, 0x477ff000u, 0x7c00, IXC },      /* AHP: 65536 is normal */
        { __LINE__, FP16, FP32, AHP, 0x48000000u, 0x7fff, IOC },      /* 131072 > 131008 */
        { __LINE__, FP16, FP32, RN, 0x33800000u, 0x0001, 0 },         /* 2^-24 */
        { __LINE__, FP16, FP32, FZ, 0x33800000u, 0x0001, 0 },         /* no FZ for half results */
        { __LINE__, FP16, FP32, RN, 0x33000000u, 0x0000, UFC | IXC }, /* 2^-25: tie to 0 */
        { __LINE__, FP16, FP32, RN, 0xb3400000u, 0x8001, UFC | IXC }, /* -1.5*2^-25 */
        { __LINE__, FP16, FP32, FZ, 0x00000001u, 0x0000, IDC },
        { __LINE__, FP16, FP32, RN, 0x7fc02000u, 0x7e01, 0 },         /* payload bits 21:13 */
        { __LINE__, FP16, FP32, RN, 0xff802000u, 0xfe01, IOC },
        { __LINE__, FP16, FP32, DN, 0xff802000u, 0x7e00, IOC },
        { __LINE__, FP16, FP32, AHP, 0xffc00000u, 0x8000, IOC },
        { __LINE__, FP16, FP32, AHP, NINF, 0xffff, IOC },
        { __LINE__, FP16, FP32, RN, NINF, 0xfc00, 0 },
        /* Half to single. */
        { __LINE__, FP32, FP16, RN, 0x0001, 0x33800000u, 0 },
        { __LINE__, FP32, FP16, FZ, 0x0001, 0x33800000u, 0 },         /* half inputs never flush */
        { __LINE__, FP32, FP16, RN, 0x7c00, PINF, 0 },
        { __LINE__, FP32, FP16, AHP, 0x7c00, 0x47800000u, 0 },
        { __LINE__, FP32, FP16, RN, 0xfe01, 0xffc02000u, 0 },
        { __LINE__, FP32, FP16, RN, 0x7d00, 0x7fe00000u, IOC },
        { __LINE__, FP32, FP16, DN, 0x7e01, DNAN, 0 },
        { __LINE__, FP32, FP16, RN, 0x8000, NZ, 0 },
        /* Single <-> double. */
        { __LINE__, FP64, FP32, RN, 0x00000001u, 0x36a0000000000000ull, 0 },
        { __LINE__, FP64, FP32, FZ, 0x80000001u, 0x8000000000000000ull, IDC },
        { __LINE__, FP64, FP32, RN, 0x7f800001u, 0x7ff8000020000000ull, IOC },
        { __LINE__, FP32, FP64, RN, 0x3fd5555555555555ull, 0x3eaaaaabu, IXC },
        { __LINE__, FP32, FP64, RZ, 0x3fd5555555555555ull, 0x3eaaaaaau, IXC },
        { __LINE__, FP32, FP64, RN, 0x7e37e43c8800759cull, PINF, OFC | IXC }, /* 1e300 */
        { __LINE__, FP32, FP64, RN, 0x36a0000000000000ull, 0x00000001u, 0 },
        { __LINE__, FP32, FP64, FZ, 0x36a0000000000000ull, PZ, UFC },
        { __LINE__, FP32, FP64, RN, 0x3690000000000000ull, PZ, UFC | IXC },    /* 2^-150 */
        { __LINE__, FP32, FP64, RN, 0x7ff0000020000001ull, 0x7fc00001u, IOC },
        /* Half <-> double (FPv5). */
        { __LINE__, FP64, FP16, RN, 0x3c00, 0x3ff0000000000000ull, 0 },
        { __LINE__, FP16, FP64, RN, 0x3ff0000000000000ull, 0x3c00, 0 },
    };
    for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
        struct fpst st = { t[k].ctl, 0 };
        uint64_t r = fp_convert(t[k].to, t[k].from, t[k].a, &st);
        if (r != t[k].want || st.exc != t[k].flags) {
            print_error("case at line %d: got %#llx flags %#x, want %#llx flags %#x\n", t[k].line,
                        (unsigned long long)r, st.exc, (unsigned long long)t[k].want, t[k].flags);
            fail();
        }
    }
}

static void t_roundint(void **state)
{
    (void)state;
    struct fpst st = { RN, 0 };
    assert_int_equal(fp_roundint(FP32, 0x40200000u, FPR_TIEEVEN, false, &st), TWO);
    assert_int_equal(fp_roundint(FP32, 0x40200000u, FPR_TIEAWAY, false, &st), THREE);
    assert_int_equal(fp_roundint(FP32, 0x40200000u, FPR_POSINF, false, &st), THREE);
    assert_int_equal(fp_roundint(FP32, 0xbf000000u, FPR_TIEEVEN, false, &st), NZ);
    assert_int_equal(fp_roundint(FP32, 0xbf000000u, FPR_POSINF, false, &st), NZ);
    assert_int_equal(fp_roundint(FP32, 0xbf000000u, FPR_NEGINF, false, &st), MONE);
    assert_int_equal(fp_roundint(FP32, 0xbf000000u, FPR_TIEAWAY, false, &st), MONE);
    assert_int_equal(fp_roundint(FP32, 0x3e99999au, FPR_ZERO, false, &st), PZ);
    assert_int_equal(fp_roundint(FP32, 0x501502f9u, FPR_TIEEVEN, false, &st), 0x501502f9u);
    assert_int_equal(fp_roundint(FP32, NINF, FPR_TIEEVEN, false, &st), NINF);
    assert_int_equal(st.exc, 0); /* not exact: no Inexact */
    assert_int_equal(fp_roundint(FP32, 0x3fc00000u, FPR_TIEEVEN, true, &st), TWO);
    assert_int_equal(st.exc, IXC);
    st.exc = 0;
    assert_int_equal(fp_roundint(FP32, 0x7f800001u, FPR_ZERO, false, &st), 0x7fc00001u);
    assert_int_equal(st.exc, IOC);
    st.exc = 0;
    assert_int_equal(fp_roundint(FP64, 0xc004000000000000ull, FPR_TIEEVEN, true, &st), 0xc000000000000000ull);
    assert_int_equal(st.exc, IXC);
}

static void t_maxmin(void **state)
{
    (void)state;
    struct fpst st = { RN, 0 };
    assert_int_equal(fp_maxnum(FP32, 0x7fc00000u, ONE, &st), ONE);
    assert_int_equal(fp_minnum(FP32, ONE, 0x7fc00000u, &st), ONE);
    assert_int_equal(fp_maxnum(FP32, PZ, NZ, &st), PZ);
    assert_int_equal(fp_maxnum(FP32, NZ, PZ, &st), PZ);
    assert_int_equal(fp_minnum(FP32, PZ, NZ, &st), NZ);
    assert_int_equal(fp_maxnum(FP32, NINF, 0xffc00000u, &st), NINF);
    assert_int_equal(fp_minnum(FP32, MONE, TWO, &st), MONE);
    assert_int_equal(fp_maxnum(FP32, 0x7fc00001u, 0x7fc00002u, &st), 0x7fc00001u);
    assert_int_equal(st.exc, 0);
    assert_int_equal(fp_maxnum(FP32, 0x7f800001u, ONE, &st), 0x7fc00001u);
    assert_int_equal(st.exc, IOC);
    st.exc = 0;
    /* A quiet NaN beside a signalling one: the signalling one wins. */
    assert_int_equal(fp_minnum(FP32, 0x7fc00001u, 0x7f800002u, &st), 0x7fc00002u);
    assert_int_equal(st.exc, IOC);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t_add_sub),
        cmocka_unit_test(t_nan_propagation),
        cmocka_unit_test(t_mul_div_sqrt),
        cmocka_unit_test(t_fused),
        cmocka_unit_test(t_compare),
        cmocka_unit_test(t_to_fixed),
        cmocka_unit_test(t_from_fixed),
        cmocka_unit_test(t_convert),
        cmocka_unit_test(t_roundint),
        cmocka_unit_test(t_maxmin),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
