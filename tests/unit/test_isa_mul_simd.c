/* isa/mul.c: parallel addition and subtraction (A5.3.13, A5.3.14), SEL and
 * the saturating QADD family (A5.3.15). Expected values by hand from the
 * manual's pseudocode; the lane-by-lane working is in the comments.
 * Rd = r0, Rn = r1, Rm = r2. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "tests/unit/test_isa_mul.h"

/* 11111 010 1 op1:3 Rn | 1111 Rd 0 U op2:2 Rm */
static uint32_t enc_par(unsigned op1, unsigned u, unsigned op2)
{
    return enc_dpr(8 | op1, 1, 0, u << 2 | op2, 2);
}

#define NO_GE 0xff

struct par_case {
    const char *name;
    unsigned op1, u, op2;
    uint32_t n, m, r;
    uint8_t ge; /* expected GE, or NO_GE: unchanged */
};

static void run_cases(const struct par_case *t, size_t count)
{
    for (size_t k = 0; k < count; k++) {
        uint32_t enc = enc_par(t[k].op1, t[k].u, t[k].op2);
        set_regs4(0xdeadbeef, t[k].n, t[k].m, 0);
        H->cpu.ge = 0x5;
        H->cpu.q = 0;
        H->cpu.n = H->cpu.z = H->cpu.c = H->cpu.v = 0;
        exec32(enc);
        if (REG(0) != t[k].r || H->cpu.ge != (t[k].ge == NO_GE ? 0x5 : t[k].ge))
            print_error("%s: r0 = 0x%08x ge = 0x%x\n", t[k].name, REG(0), H->cpu.ge);
        assert_int_equal(REG(0), t[k].r);
        assert_int_equal(H->cpu.ge, t[k].ge == NO_GE ? 0x5 : t[k].ge);
        assert_int_equal(H->cpu.q, 0); /* parallel ops never touch Q */
        assert_int_equal(H->cpu.n | H->cpu.z | H->cpu.c | H->cpu.v, 0);
        char want[32];
        snprintf(want, sizeof want, "%s T1", t[k].name);
        assert_string_equal(decode_name(enc, false), want);
    }
}

/* op1: 001 ADD16, 010 ASX, 110 SAX, 101 SUB16, 000 ADD8, 100 SUB8;
 * op2: 00 plain (GE), 01 saturating, 10 halving. */

static void test_signed16(void **state)
{
    (void)state;
    /* Rn = 0x7ffe_8001: hi 32766, lo -32767. */
    static const struct par_case t[] = {
        /* ADD16, Rm = (3, -2): lo -32769 -> 0x7fff GE 00; hi 32769 -> 0x8001 GE 11 */
        { "SADD16",  1, 0, 0, 0x7ffe8001, 0x0003fffe, 0x80017fff, 0xc },
        { "QADD16",  1, 0, 1, 0x7ffe8001, 0x0003fffe, 0x7fff8000, NO_GE }, /* -32768, 32767 */
        { "SHADD16", 1, 0, 2, 0x7ffe8001, 0x0003fffe, 0x4000bfff, NO_GE }, /* -16385, 16384 */
        /* lo 5 + 1 = 6 GE 11, hi -1 + -1 = -2 GE 00 */
        { "SADD16",  1, 0, 0, 0xffff0005, 0xffff0001, 0xfffe0006, 0x3 },
        /* SUB16, Rm = (-3, 2): lo -32767 - 2 = -32769; hi 32766 + 3 = 32769 */
        { "SSUB16",  5, 0, 0, 0x7ffe8001, 0xfffd0002, 0x80017fff, 0xc },
        { "QSUB16",  5, 0, 1, 0x7ffe8001, 0xfffd0002, 0x7fff8000, NO_GE },
        { "SHSUB16", 5, 0, 2, 0x7ffe8001, 0xfffd0002, 0x4000bfff, NO_GE },
        /* 0 - 0 = 0 counts as >= 0: GE 11 for both */
        { "SSUB16",  5, 0, 0, 0x12345678, 0x12345678, 0x00000000, 0xf },
        /* ASX, Rm = (2, 3): lo = n.lo - m.hi = -32769; hi = n.hi + m.lo = 32769 */
        { "SASX",    2, 0, 0, 0x7ffe8001, 0x00020003, 0x80017fff, 0xc },
        { "QASX",    2, 0, 1, 0x7ffe8001, 0x00020003, 0x7fff8000, NO_GE },
        { "SHASX",   2, 0, 2, 0x7ffe8001, 0x00020003, 0x4000bfff, NO_GE },
        /* SAX, Rm = (-3, -2): lo = n.lo + m.hi = -32770 -> 0x7ffe; hi = n.hi - m.lo = 32768 */
        { "SSAX",    6, 0, 0, 0x7ffe8001, 0xfffdfffe, 0x80007ffe, 0xc },
        { "QSAX",    6, 0, 1, 0x7ffe8001, 0xfffdfffe, 0x7fff8000, NO_GE },
        { "SHSAX",   6, 0, 2, 0x7ffe8001, 0xfffdfffe, 0x4000bfff, NO_GE },
        /* SAX: lo = 1 + 2 = 3 GE 11, hi = 1 - 3 = -2 GE 00 */
        { "SSAX",    6, 0, 0, 0x00010001, 0x00020003, 0xfffe0003, 0x3 },
    };
    run_cases(t, sizeof t / sizeof t[0]);
}

static void test_signed8(void **state)
{
    (void)state;
    /* Rn bytes (b3..b0) = 127, -128, 1, -1. */
    static const struct par_case t[] = {
        /* Rm = 1, -1, 2, -1: b0 -2 (GE0 0), b1 3 (1), b2 -129 -> 0x7f (0), b3 128 -> 0x80 (1) */
        { "SADD8",  0, 0, 0, 0x7f8001ff, 0x01ff02ff, 0x807f03fe, 0xa },
        { "QADD8",  0, 0, 1, 0x7f8001ff, 0x01ff02ff, 0x7f8003fe, NO_GE }, /* b2 -128, b3 127 */
        { "SHADD8", 0, 0, 2, 0x7f8001ff, 0x01ff02ff, 0x40bf01ff, NO_GE }, /* -1, 1, -65, 64 */
        /* Rm = -1, 1, 2, -1: b0 0 (GE 1), b1 -1 (0), b2 -129 -> 0x7f (0), b3 128 -> 0x80 (1) */
        { "SSUB8",  4, 0, 0, 0x7f8001ff, 0xff0102ff, 0x807fff00, 0x9 },
        { "QSUB8",  4, 0, 1, 0x7f8001ff, 0xff0102ff, 0x7f80ff00, NO_GE },
        { "SHSUB8", 4, 0, 2, 0x7f8001ff, 0xff0102ff, 0x40bfff00, NO_GE }, /* 0, -1, -65, 64 */
    };
    run_cases(t, sizeof t / sizeof t[0]);
}

static void test_unsigned16(void **state)
{
    (void)state;
    static const struct par_case t[] = {
        /* ADD16 (0xffff,1)+(1,3): lo 4 (GE 00: no carry), hi 0x10000 -> 0 (GE 11) */
        { "UADD16",  1, 1, 0, 0xffff0001, 0x00010003, 0x00000004, 0xc },
        { "UQADD16", 1, 1, 1, 0xffff0001, 0x00010003, 0xffff0004, NO_GE },
        { "UHADD16", 1, 1, 2, 0xffff0001, 0x00010003, 0x80000002, NO_GE }, /* 0x10000 >> 1 */
        /* 0xffff + 0 is no carry: GE 00 */
        { "UADD16",  1, 1, 0, 0xffffffff, 0x00000000, 0xffffffff, 0x0 },
        /* SUB16: lo 1 - 3 = -2 -> 0xfffe (GE 00), hi 0xffff - 1 = 0xfffe (GE 11) */
        { "USUB16",  5, 1, 0, 0xffff0001, 0x00010003, 0xfffefffe, 0xc },
        { "UQSUB16", 5, 1, 1, 0xffff0001, 0x00010003, 0xfffe0000, NO_GE },
        { "UHSUB16", 5, 1, 2, 0xffff0001, 0x00010003, 0x7fffffff, NO_GE }, /* -1, 0x7fff */
        /* ASX: lo = 1 - m.hi(3) = -2 (GE 00), hi = 0xffff + m.lo(1) = 0x10000 (GE 11) */
        { "UASX",    2, 1, 0, 0xffff0001, 0x00030001, 0x0000fffe, 0xc },
        { "UQASX",   2, 1, 1, 0xffff0001, 0x00030001, 0xffff0000, NO_GE },
        { "UHASX",   2, 1, 2, 0xffff0001, 0x00030001, 0x8000ffff, NO_GE },
        /* SAX: lo = 0xffff + m.hi(1) = 0x10000 (GE 11), hi = 1 - m.lo(3) = -2 (GE 00) */
        { "USAX",    6, 1, 0, 0x0001ffff, 0x00010003, 0xfffe0000, 0x3 },
        { "UQSAX",   6, 1, 1, 0x0001ffff, 0x00010003, 0x0000ffff, NO_GE },
        { "UHSAX",   6, 1, 2, 0x0001ffff, 0x00010003, 0xffff8000, NO_GE },
    };
    run_cases(t, sizeof t / sizeof t[0]);
}

static void test_unsigned8(void **state)
{
    (void)state;
    /* Rn bytes ff 80 01 10, Rm bytes 01 80 02 f0. */
    static const struct par_case t[] = {
        /* ADD8: b0 0x100 -> 0 (GE 1), b1 3 (0), b2 0x100 (1), b3 0x100 (1) */
        { "UADD8",  0, 1, 0, 0xff800110, 0x018002f0, 0x00000300, 0xd },
        { "UQADD8", 0, 1, 1, 0xff800110, 0x018002f0, 0xffff03ff, NO_GE },
        { "UHADD8", 0, 1, 2, 0xff800110, 0x018002f0, 0x80800180, NO_GE },
        /* SUB8: b0 -0xe0 -> 0x20 (GE 0), b1 -1 (0), b2 0 (1), b3 0xfe (1) */
        { "USUB8",  4, 1, 0, 0xff800110, 0x018002f0, 0xfe00ff20, 0xc },
        { "UQSUB8", 4, 1, 1, 0xff800110, 0x018002f0, 0xfe000000, NO_GE },
        { "UHSUB8", 4, 1, 2, 0xff800110, 0x018002f0, 0x7f00ff90, NO_GE }, /* -0x70 -> 0x90 */
    };
    run_cases(t, sizeof t / sizeof t[0]);
}

static void test_parallel_undefined(void **state)
{
    (void)state;
    /* op1 = 011 / 111 and op2 = 11 are unallocated. */
    assert_null(decode_name(enc_par(3, 0, 0), false));
    assert_null(decode_name(enc_par(7, 1, 0), false));
    assert_null(decode_name(enc_par(1, 0, 3), false));
    assert_null(decode_name(enc_par(1, 1, 3), false));
}

/* ------------------------------------------------------------------ */

#define SEL_ENC enc_dpr(0xa, 1, 0, 8, 2)

static void test_sel(void **state)
{
    (void)state;
    static const struct { uint8_t ge; uint32_t r; } t[] = {
        { 0x0, 0xaabbccdd }, { 0xf, 0x11223344 }, { 0x5, 0xaa22cc44 },
        { 0xa, 0x11bb33dd }, { 0x1, 0xaabbcc44 }, { 0x8, 0x11bbccdd },
    };
    for (unsigned k = 0; k < sizeof t / sizeof t[0]; k++) {
        set_regs4(0, 0x11223344, 0xaabbccdd, 0);
        H->cpu.ge = t[k].ge;
        exec32(SEL_ENC);
        assert_int_equal(REG(0), t[k].r);
        assert_int_equal(H->cpu.ge, t[k].ge);
    }
    assert_string_equal(decode_name(SEL_ENC, false), "SEL T1");
}

static void test_usub8_sel_max(void **state)
{
    (void)state;
    /* The classic unsigned byte max: USUB8 sets GE where n >= m, SEL picks.
     * n = 10 ff 20 80, m = 20 f0 20 90: GE = 0110 -> 20 ff 20 90. */
    set_regs4(0, 0x10ff2080, 0x20f02090, 0);
    exec32(enc_par(4, 1, 0));
    assert_int_equal(H->cpu.ge, 0x6);
    exec32(enc_dpr(0xa, 1, 3, 8, 2)); /* SEL r3, r1, r2 */
    assert_int_equal(REG(3), 0x20ff2090);
}

/* ------------------------------------------------------------------ */
/* QADD Rd, Rm, Rn: Rn in hw1, Rm in hw2. r1 = Rn, r2 = Rm. */

static void test_qadd_family(void **state)
{
    (void)state;
    static const struct { const char *name; unsigned op; uint32_t m, n, r; uint8_t q; } t[] = {
        { "QADD",  0, 5, 7, 12, 0 },
        { "QADD",  0, 0x7fffffff, 1, 0x7fffffff, 1 },
        { "QADD",  0, 0x80000000, 0xffffffff, 0x80000000, 1 },
        { "QADD",  0, 0x80000000, 0x7fffffff, 0xffffffff, 0 },
        { "QSUB",  2, 5, 7, 0xfffffffe, 0 },             /* m - n */
        { "QSUB",  2, 0x80000000, 1, 0x80000000, 1 },
        { "QSUB",  2, 0x7fffffff, 0xffffffff, 0x7fffffff, 1 },
        { "QDADD", 1, 10, 3, 16, 0 },                    /* 10 + 2*3 */
        { "QDADD", 1, 1, 0x40000000, 0x7fffffff, 1 },    /* 2n saturates, sum saturates */
        /* 2n = 2^31 saturates to 0x7fffffff (Q), then -1 + that = 0x7ffffffe */
        { "QDADD", 1, 0xffffffff, 0x40000000, 0x7ffffffe, 1 },
        { "QDADD", 1, 0xc0000000, 0xe0000000, 0x80000000, 0 }, /* -2^30 + 2*(-2^29) = -2^31 exactly */
        { "QDSUB", 3, 100, 25, 50, 0 },                  /* 100 - 2*25 */
        /* 2n = -2^31 fits; 0 - (-2^31) = 2^31 saturates */
        { "QDSUB", 3, 0, 0xc0000000, 0x7fffffff, 1 },
        /* 2n = -2^31 - 2 saturates to -2^31 (Q); -1 - (-2^31) = 0x7fffffff fits */
        { "QDSUB", 3, 0xffffffff, 0xbfffffff, 0x7fffffff, 1 },
    };
    for (unsigned k = 0; k < sizeof t / sizeof t[0]; k++) {
        uint32_t enc = enc_dpr(8, 1, 0, 8 | t[k].op, 2);
        set_regs4(0, t[k].n, t[k].m, 0);
        H->cpu.q = 0;
        H->cpu.ge = 0x3;
        exec32(enc);
        assert_int_equal(REG(0), t[k].r);
        assert_int_equal(H->cpu.q, t[k].q);
        assert_int_equal(H->cpu.ge, 0x3);
        char want[32];
        snprintf(want, sizeof want, "%s T1", t[k].name);
        assert_string_equal(decode_name(enc, false), want);
    }
    /* Q is sticky: a non-saturating QADD leaves it set. */
    set_regs4(0, 1, 2, 0);
    H->cpu.q = 1;
    exec32(enc_dpr(8, 1, 0, 8, 2));
    assert_int_equal(REG(0), 3);
    assert_int_equal(H->cpu.q, 1);
    H->cpu.q = 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_signed16),
        cmocka_unit_test(test_signed8),
        cmocka_unit_test(test_unsigned16),
        cmocka_unit_test(test_unsigned8),
        cmocka_unit_test(test_parallel_undefined),
        cmocka_unit_test(test_sel),
        cmocka_unit_test(test_usub8_sel_max),
        cmocka_unit_test(test_qadd_family),
    };
    return cmocka_run_group_tests_name("isa_mul_simd", tests, mul_setup, mul_teardown);
}
