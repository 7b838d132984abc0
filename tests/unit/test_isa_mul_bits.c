/* isa/mul.c: saturation (SSAT/USAT/SSAT16/USAT16), bitfields (SBFX, UBFX,
 * BFI, BFC), extends with rotation, REV/REV16/REVSH/RBIT and CLZ, 16- and
 * 32-bit forms. Expected values by hand from the manual's pseudocode.
 * Rd = r0, Rn = r1 (or r2 for the extend-and-add forms), Rm = r1. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "tests/unit/test_isa_mul.h"

/* A5.3.3 op values (hw1[8:4]). */
enum { OP_SSAT = 0x10, OP_SSAT16 = 0x12, OP_SBFX = 0x14, OP_BFI = 0x16,
       OP_USAT = 0x18, OP_USAT16 = 0x1a, OP_UBFX = 0x1c };

/* sh selects ASR (op bit 1), imm5 = imm3:imm2 is the shift or lsb. */
static uint32_t enc_sat(unsigned op, unsigned sh, unsigned imm5, unsigned low5)
{
    return enc_pbi(op | sh << 1, 1, imm5 >> 2, 0, imm5 & 3, low5);
}

struct sat_case { unsigned sh, shift, field; uint32_t in, out; uint8_t q; };

static void run_sat(unsigned op, const char *name, const struct sat_case *t, size_t count)
{
    for (size_t k = 0; k < count; k++) {
        uint32_t enc = enc_sat(op, t[k].sh, t[k].shift, t[k].field);
        set_regs4(0xdeadbeef, t[k].in, 0, 0);
        H->cpu.q = 0;
        H->cpu.n = H->cpu.z = H->cpu.c = H->cpu.v = 0;
        exec32(enc);
        if (REG(0) != t[k].out || H->cpu.q != t[k].q)
            print_error("%s case %zu: r0 = 0x%08x q = %u\n", name, k, REG(0), H->cpu.q);
        assert_int_equal(REG(0), t[k].out);
        assert_int_equal(H->cpu.q, t[k].q);
        assert_int_equal(H->cpu.n | H->cpu.z | H->cpu.c | H->cpu.v, 0);
        assert_string_equal(decode_name(enc, false), name);
    }
}

static void test_ssat(void **state)
{
    (void)state;
    /* field = sat_imm; saturate_to = sat_imm + 1. */
    static const struct sat_case t[] = {
        { 0, 0, 7, 200, 127, 1 },                       /* SSAT #8 */
        { 0, 0, 7, 0xffffff38, 0xffffff80, 1 },         /* -200 -> -128 */
        { 0, 0, 7, 100, 100, 0 },
        { 0, 0, 7, 0xffffff80, 0xffffff80, 0 },         /* -128 fits */
        { 0, 4, 7, 0x10, 127, 1 },                      /* LSL #4: 256 */
        { 0, 4, 7, 0x7, 0x70, 0 },                      /* LSL #4: 112 */
        { 1, 4, 7, 0xfffff000, 0xffffff80, 1 },         /* ASR #4: -256 */
        { 1, 4, 7, 0xfffff800, 0xffffff80, 0 },         /* ASR #4: -128 */
        { 0, 0, 31, 0x80000000, 0x80000000, 0 },        /* SSAT #32 never saturates */
        { 1, 31, 31, 0x80000000, 0xffffffff, 0 },       /* ASR #31 */
        { 0, 31, 31, 1, 0x80000000, 0 },                /* LSL #31 */
        { 0, 0, 0, 1, 0, 1 },                           /* SSAT #1: [-1, 0] */
        { 0, 0, 0, 0xfffffffb, 0xffffffff, 1 },
        { 0, 0, 15, 0x12345, 0x7fff, 1 },               /* SSAT #16 */
    };
    run_sat(OP_SSAT, "SSAT T1", t, sizeof t / sizeof t[0]);
    /* Q is sticky. */
    set_regs4(0, 5, 0, 0);
    H->cpu.q = 1;
    exec32(enc_sat(OP_SSAT, 0, 0, 7));
    assert_int_equal(REG(0), 5);
    assert_int_equal(H->cpu.q, 1);
    H->cpu.q = 0;
}

static void test_usat(void **state)
{
    (void)state;
    /* field = sat_imm = saturate_to. */
    static const struct sat_case t[] = {
        { 0, 0, 8, 300, 255, 1 },                       /* USAT #8 */
        { 0, 0, 8, 0xfffffffb, 0, 1 },                  /* -5 -> 0 */
        { 0, 0, 8, 200, 200, 0 },
        { 0, 0, 8, 255, 255, 0 },
        { 0, 0, 0, 5, 0, 1 },                           /* USAT #0 */
        { 0, 0, 0, 0, 0, 0 },
        { 0, 0, 31, 0x80000000, 0, 1 },                 /* negative */
        { 0, 0, 31, 0x7fffffff, 0x7fffffff, 0 },
        { 1, 1, 8, 0xfffffffe, 0, 1 },                  /* ASR #1: -1 */
        { 0, 1, 31, 0x40000000, 0, 1 },                 /* LSL #1: SInt(0x80000000) < 0 */
        { 1, 4, 8, 0x00000ff0, 0xff, 0 },               /* ASR #4: 255 */
        { 1, 4, 8, 0x00001000, 0xff, 1 },               /* ASR #4: 256 */
    };
    run_sat(OP_USAT, "USAT T1", t, sizeof t / sizeof t[0]);
}

static void test_ssat16_usat16(void **state)
{
    (void)state;
    static const struct sat_case s[] = {
        { 0, 0, 7, 0x0100ff00, 0x007fff80, 1 },   /* SSAT16 #8: 256 -> 127, -256 -> -128 */
        { 0, 0, 7, 0x0005fffb, 0x0005fffb, 0 },
        { 0, 0, 7, 0x00050100, 0x0005007f, 1 },   /* one lane */
        { 0, 0, 15, 0x80007fff, 0x80007fff, 0 },  /* SSAT16 #16 */
        { 0, 0, 0, 0x0001ffff, 0x0000ffff, 1 },   /* SSAT16 #1: 1 -> 0, -1 stays */
    };
    run_sat(OP_SSAT16, "SSAT16 T1", s, sizeof s / sizeof s[0]);
    static const struct sat_case u[] = {
        { 0, 0, 8, 0x0100ff00, 0x00ff0000, 1 },   /* USAT16 #8: 256 -> 255, -256 -> 0 */
        { 0, 0, 8, 0x00ff0010, 0x00ff0010, 0 },
        { 0, 0, 15, 0x80007fff, 0x00007fff, 1 },  /* USAT16 #15: -32768 -> 0 */
        { 0, 0, 0, 0x00010000, 0x00000000, 1 },   /* USAT16 #0 */
    };
    run_sat(OP_USAT16, "USAT16 T1", u, sizeof u / sizeof u[0]);
}

/* ------------------------------------------------------------------ */

static void test_sbfx_ubfx(void **state)
{
    (void)state;
    static const struct { unsigned op, lsb, wm1; uint32_t in, out; } t[] = {
        { OP_SBFX, 4, 7, 0x00000f80, 0xfffffff8 },
        { OP_SBFX, 4, 7, 0x00000700, 0x00000070 },
        { OP_SBFX, 0, 31, 0x87654321, 0x87654321 },
        { OP_SBFX, 31, 0, 0x80000000, 0xffffffff },
        { OP_SBFX, 31, 0, 0x7fffffff, 0x00000000 },
        { OP_SBFX, 8, 0, 0x00000100, 0xffffffff },
        { OP_SBFX, 16, 15, 0x80001234, 0xffff8000 },
        { OP_UBFX, 4, 7, 0x00000f80, 0x000000f8 },
        { OP_UBFX, 0, 31, 0x87654321, 0x87654321 },
        { OP_UBFX, 28, 3, 0xa0000000, 0x0000000a },
        { OP_UBFX, 1, 30, 0xffffffff, 0x7fffffff },
        { OP_UBFX, 0, 0, 0xfffffffe, 0x00000000 },
    };
    for (unsigned k = 0; k < sizeof t / sizeof t[0]; k++) {
        uint32_t enc = enc_sat(t[k].op, 0, t[k].lsb, t[k].wm1);
        set_regs4(0xdeadbeef, t[k].in, 0, 0);
        exec32(enc);
        assert_int_equal(REG(0), t[k].out);
        assert_string_equal(decode_name(enc, false), t[k].op == OP_SBFX ? "SBFX T1" : "UBFX T1");
    }
    /* lsb + width > 32 is UNPREDICTABLE: decoded as UNDEFINED. */
    assert_null(decode_name(enc_sat(OP_SBFX, 0, 4, 28), false));
    assert_null(decode_name(enc_sat(OP_UBFX, 0, 31, 1), false));
}

static void test_bfi_bfc(void **state)
{
    (void)state;
    static const struct { unsigned rn, lsb, msb; uint32_t d, n, out; } t[] = {
        { 1, 8, 15, 0xffffffff, 0x12345600, 0xffff00ff },
        { 1, 28, 31, 0x00000000, 0x0000abcd, 0xd0000000 },
        { 1, 0, 31, 0x00005555, 0x87654321, 0x87654321 },
        { 1, 4, 4, 0x00000000, 0xffffffff, 0x00000010 },
        { 15, 4, 11, 0xffffffff, 0, 0xfffff00f },   /* BFC */
        { 15, 0, 31, 0xffffffff, 0, 0x00000000 },
        { 15, 31, 31, 0xffffffff, 0, 0x7fffffff },
    };
    for (unsigned k = 0; k < sizeof t / sizeof t[0]; k++) {
        uint32_t enc = enc_pbi(OP_BFI, t[k].rn, t[k].lsb >> 2, 0, t[k].lsb & 3, t[k].msb);
        set_regs4(t[k].d, t[k].n, 0, 0);
        exec32(enc);
        assert_int_equal(REG(0), t[k].out);
        assert_int_equal(REG(1), t[k].n);
        assert_string_equal(decode_name(enc, false), t[k].rn == 15 ? "BFC T1" : "BFI T1");
    }
    /* msb < lsb is UNPREDICTABLE: decoded as UNDEFINED. */
    assert_null(decode_name(enc_pbi(OP_BFI, 1, 2, 0, 0, 7), false));
    assert_null(decode_name(enc_pbi(OP_BFI, 15, 2, 0, 0, 7), false));
}

/* ------------------------------------------------------------------ */
/* Extends: op1 0 SXTAH, 1 UXTAH, 2 SXTAB16, 3 UXTAB16, 4 SXTAB, 5 UXTAB;
 * Rn = 1111 gives the plain extend. hw2[5:4] = rotate. */

static void test_extend32(void **state)
{
    (void)state;
    static const struct { unsigned op1; const char *name; uint32_t m; uint32_t r[4]; } t[] = {
        /* rotations of 0x12348765: 12348765, 65123487, 87651234, 34876512 */
        { 0, "SXTH T2", 0x12348765, { 0xffff8765, 0x3487, 0x1234, 0x6512 } },
        { 1, "UXTH T2", 0x12348765, { 0x8765, 0x3487, 0x1234, 0x6512 } },
        { 4, "SXTB T2", 0x12348765, { 0x65, 0xffffff87, 0x34, 0x12 } },
        { 5, "UXTB T2", 0x12348765, { 0x65, 0x87, 0x34, 0x12 } },
        /* rotations of 0x12f45680: 12f45680, 8012f456, 568012f4, f4568012 */
        { 2, "SXTB16 T1", 0x12f45680, { 0xfff4ff80, 0x00120056, 0xff80fff4, 0x00560012 } },
        { 3, "UXTB16 T1", 0x12f45680, { 0x00f40080, 0x00120056, 0x008000f4, 0x00560012 } },
    };
    for (unsigned k = 0; k < sizeof t / sizeof t[0]; k++)
        for (unsigned rot = 0; rot < 4; rot++) {
            uint32_t enc = enc_dpr(t[k].op1, 15, 0, 8 | rot, 1);
            set_regs4(0xdeadbeef, t[k].m, 0, 0);
            exec32(enc);
            assert_int_equal(REG(0), t[k].r[rot]);
            assert_string_equal(decode_name(enc, false), t[k].name);
        }
}

static void test_extend_add(void **state)
{
    (void)state;
    static const struct { unsigned op1, rot; const char *name; uint32_t n, m, r; } t[] = {
        { 0, 0, "SXTAH T1", 0x00010000, 0x12348765, 0x00008765 },   /* + 0xffff8765 */
        { 0, 2, "SXTAH T1", 0x00010000, 0x12348765, 0x00011234 },
        { 1, 0, "UXTAH T1", 0x00010000, 0x12348765, 0x00018765 },
        { 4, 1, "SXTAB T1", 0x00010000, 0x12348765, 0x0000ff87 },   /* + 0xffffff87 */
        { 5, 1, "UXTAB T1", 0x00010000, 0x12348765, 0x00010087 },
        { 5, 0, "UXTAB T1", 0xffffffff, 0x00000001, 0x00000000 },   /* wraps */
        /* per halfword, no carry between lanes: lo 0xffff + 0xff80, hi 1 + 0xfff4 */
        { 2, 0, "SXTAB16 T1", 0x0001ffff, 0x12f45680, 0xfff5ff7f },
        { 2, 0, "SXTAB16 T1", 0xffff0000, 0x12f45680, 0xfff3ff80 },
        { 3, 0, "UXTAB16 T1", 0x0001ffff, 0x12f45680, 0x00f5007f },
        { 3, 1, "UXTAB16 T1", 0x00010001, 0x12f45680, 0x00130057 },
    };
    for (unsigned k = 0; k < sizeof t / sizeof t[0]; k++) {
        uint32_t enc = enc_dpr(t[k].op1, 2, 0, 8 | t[k].rot, 1);
        set_regs4(0xdeadbeef, t[k].m, t[k].n, 0);
        exec32(enc);
        assert_int_equal(REG(0), t[k].r);
        assert_string_equal(decode_name(enc, false), t[k].name);
    }
}

/* ------------------------------------------------------------------ */

static void test_reverse_clz32(void **state)
{
    (void)state;
    /* op1 = 1001: op2 1000 REV, 1001 REV16, 1010 RBIT, 1011 REVSH; 1011/1000 CLZ. */
    static const struct { unsigned op1, op2; const char *name; uint32_t m, r; } t[] = {
        { 9, 8, "REV T2", 0x12345678, 0x78563412 },
        { 9, 9, "REV16 T2", 0x12345678, 0x34127856 },
        { 9, 0xa, "RBIT T1", 0x00000001, 0x80000000 },
        { 9, 0xa, "RBIT T1", 0x12345678, 0x1e6a2c48 },
        { 9, 0xa, "RBIT T1", 0xffff0000, 0x0000ffff },
        { 9, 0xa, "RBIT T1", 0x00000000, 0x00000000 },
        { 9, 0xb, "REVSH T2", 0x12345680, 0xffff8056 },
        { 9, 0xb, "REVSH T2", 0xffff1234, 0x00003412 },
        { 0xb, 8, "CLZ T1", 0x00000000, 32 },
        { 0xb, 8, "CLZ T1", 0x00000001, 31 },
        { 0xb, 8, "CLZ T1", 0x80000000, 0 },
        { 0xb, 8, "CLZ T1", 0x00010000, 15 },
        { 0xb, 8, "CLZ T1", 0xffffffff, 0 },
    };
    for (unsigned k = 0; k < sizeof t / sizeof t[0]; k++) {
        uint32_t enc = enc_dpr(t[k].op1, 1, 0, t[k].op2, 1);
        set_regs4(0xdeadbeef, t[k].m, 0, 0);
        H->cpu.n = H->cpu.z = H->cpu.c = H->cpu.v = 0;
        exec32(enc);
        assert_int_equal(REG(0), t[k].r);
        assert_int_equal(H->cpu.n | H->cpu.z | H->cpu.c | H->cpu.v, 0);
        assert_string_equal(decode_name(enc, false), t[k].name);
    }
    /* op1 = 10, op2 != 00 and op1 = 11, op2 != 00 are unallocated. */
    assert_null(decode_name(enc_dpr(0xa, 1, 0, 9, 2), false));
    assert_null(decode_name(enc_dpr(0xb, 1, 0, 9, 1), false));
}

static void test_16bit_extend_reverse(void **state)
{
    (void)state;
    /* Rm = r1, Rd = r0: low 6 bits 001 000. */
    static const struct { uint16_t hw; const char *name; uint32_t m, r; } t[] = {
        { 0xb208, "SXTH T1", 0x12348765, 0xffff8765 },
        { 0xb248, "SXTB T1", 0x12348765, 0x00000065 },
        { 0xb248, "SXTB T1", 0x000000f0, 0xfffffff0 },
        { 0xb288, "UXTH T1", 0x12348765, 0x00008765 },
        { 0xb2c8, "UXTB T1", 0x12348765, 0x00000065 },
        { 0xba08, "REV T1", 0x12345678, 0x78563412 },
        { 0xba48, "REV16 T1", 0x12345678, 0x34127856 },
        { 0xbac8, "REVSH T1", 0x12345680, 0xffff8056 },
        { 0xbac8, "REVSH T1", 0x00001234, 0x00003412 },
    };
    for (unsigned k = 0; k < sizeof t / sizeof t[0]; k++) {
        set_regs4(0xdeadbeef, t[k].m, 0, 0);
        H->cpu.n = H->cpu.z = H->cpu.c = H->cpu.v = 0;
        exec16(t[k].hw);
        assert_int_equal(REG(0), t[k].r);
        assert_int_equal(H->cpu.n | H->cpu.z | H->cpu.c | H->cpu.v, 0);
        assert_string_equal(decode_name(t[k].hw, false), t[k].name);
    }
    /* High low-register numbers: UXTB r7, r6. */
    REG(6) = 0x1ff;
    exec16(0xb2c0 | 6 << 3 | 7);
    assert_int_equal(REG(7), 0xff);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ssat),
        cmocka_unit_test(test_usat),
        cmocka_unit_test(test_ssat16_usat16),
        cmocka_unit_test(test_sbfx_ubfx),
        cmocka_unit_test(test_bfi_bfc),
        cmocka_unit_test(test_extend32),
        cmocka_unit_test(test_extend_add),
        cmocka_unit_test(test_reverse_clz32),
        cmocka_unit_test(test_16bit_extend_reverse),
    };
    return cmocka_run_group_tests_name("isa_mul_bits", tests, mul_setup, mul_teardown);
}
