/* The FP instructions (isa/fp.c) run through the core: decoding of every
 * form, register numbering (S = Vd:D, D = D:Vd), FPSCR in and out, memory
 * forms, the CPACR enable check (NOCP), FEAT_FP_DP (UNDEFINED on the M4F)
 * and timing. Encodings are from the ARMv7-M ARM A6/A7.7 (checked with
 * arm-none-eabi-as); expected values are worked out by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "isa/decode.h"
#include "isa/exception.h"
#include "tests/unit/harness.h"

#define CODE 0x1000u
#define DATA 0x20000100u
#define CPACR_FULL (0xfu << 20)
#define FPCA (1u << 2)

#define ONE 0x3f800000u
#define TWO 0x40000000u
#define THREE 0x40400000u

static struct harness *fp_harness(const char *model)
{
    struct harness *h = harness_new(model);
    h->cpu.cpacr = CPACR_FULL;
    return h;
}

static int setup_m4f(void **state)
{
    *state = fp_harness("cortex-m4f");
    return 0;
}

static int setup_m7(void **state)
{
    *state = fp_harness("cortex-m7");
    return 0;
}

static int teardown(void **state)
{
    harness_free(*state);
    return 0;
}

static void w32(struct harness *h, uint32_t a, uint32_t v) { bus_debug_write(&h->bus, a, &v, 4); }
static uint32_t r32(struct harness *h, uint32_t a)
{
    uint32_t v = 0;
    bus_debug_read(&h->bus, a, &v, 4);
    return v;
}

/* Runs one 32-bit instruction at CODE. */
static enum cpu_stop run1(struct harness *h, uint16_t hw1, uint16_t hw2)
{
    const uint16_t code[2] = { hw1, hw2 };
    harness_code(h, CODE, code, 2);
    return harness_step(h, 1);
}

#define S(h, n) ((h)->cpu.fp.s[n])
#define D(h, n) ((h)->cpu.fp.d[n])

/* ---------------------------- decoding ---------------------------- */

struct enc {
    uint16_t hw1, hw2;
    const char *name; /* pattern name prefix */
    bool sp;          /* present on the M4F (FPv4-SP) */
};

static const struct enc encs[] = {
    { 0xee30, 0x0a81, "VADD/VSUB.F32", true },      /* vadd.f32 s0, s1, s2 */
    { 0xee72, 0x1a62, "VADD/VSUB.F32", true },      /* vsub.f32 s3, s4, s5 */
    { 0xee23, 0x3a84, "VMUL/VNMUL.F32", true },
    { 0xee65, 0x4a65, "VMUL/VNMUL.F32", true },
    { 0xee80, 0x0a81, "VDIV.F32", true },
    { 0xee00, 0x0a81, "VMLA/VMLS.F32", true },
    { 0xee10, 0x0ac1, "VNMLA/VNMLS.F32", true },
    { 0xeea0, 0x0a81, "VFMA/VFMS.F32", true },
    { 0xee90, 0x0ac1, "VFNMA/VFNMS.F32", true },
    { 0xeef1, 0xfacf, "VSQRT.F32", true },
    { 0xeef0, 0x0ac1, "VABS.F32", true },
    { 0xeef1, 0x0a41, "VNEG.F32", true },
    { 0xeef7, 0x1a08, "VMOV (immediate).F32", true },
    { 0xeef0, 0x0a41, "VMOV (register).F32", true },
    { 0xee02, 0x1a90, "VMOV (core, single)", true },
    { 0xec45, 0x4a11, "VMOV (two core, two singles)", true },
    { 0xec41, 0x0b13, "VMOV (two core, double)", true },
    { 0xee21, 0x3b10, "VMOV (core to scalar)", true },
    { 0xee31, 0x4b10, "VMOV (scalar to core)", true },
    { 0xeeb4, 0x0a60, "VCMP{E}.F32", true },
    { 0xeeb5, 0x0ac0, "VCMP{E} #0.F32", true },
    { 0xeef1, 0xfa10, "VMRS", true },
    { 0xeee1, 0x1a10, "VMSR", true },
    { 0xeebd, 0x0ae0, "VCVT{R} (to integer).F32", true },
    { 0xeeb8, 0x0a60, "VCVT (from integer).F32", true },
    { 0xeebe, 0x0a44, "VCVT (fixed-point).F32", true },
    { 0xeeb3, 0x0a60, "VCVTB/VCVTT.F32", true },
    { 0xed90, 0x0a01, "VLDR/VSTR.32", true },
    { 0xed90, 0x1b02, "VLDR/VSTR.64", true },
    { 0xecb0, 0x0a04, "VLDM/VSTM.32", true },
    { 0xed2d, 0x8b04, "VLDM/VSTM.64", true },       /* vpush {d8-d9} */
    { 0xee31, 0x0b02, "VADD/VSUB.F64", false },
    { 0xeea1, 0x0b02, "VFMA/VFMS.F64", false },
    { 0xeeb1, 0x0bc1, "VSQRT.F64", false },
    { 0xeeb8, 0x1b00, "VMOV (immediate).F64", false },
    { 0xeeb7, 0x0ae0, "VCVT.F64.F32", false },
    { 0xeeb7, 0x0bc1, "VCVT.F32.F64", false },
    { 0xeebd, 0x0bc1, "VCVT{R} (to integer).F64", false },
    { 0xeeb4, 0x0b41, "VCMP{E}.F64", false },
    { 0xfe00, 0x0a81, "VSEL.F32", false },
    { 0xfe80, 0x0a81, "VMAXNM/VMINNM.F32", false },
    { 0xfeb8, 0x0a60, "VRINTA/N/P/M.F32", false },
    { 0xeeb7, 0x0a60, "VRINTX.F32", false },
    { 0xeeb6, 0x0ae0, "VRINTR/VRINTZ.F32", false },
    { 0xfebc, 0x0ae0, "VCVTA/N/P/M.F32", false },
    { 0xeeb3, 0x0b41, "VCVTB/VCVTT.F64", false },   /* vcvtb.f16.f64 */
};

static void t_decode(void **state)
{
    (void)state;
    const struct cpu_model *m7 = cpu_model_find("cortex-m7");
    const struct cpu_model *m4f = cpu_model_find("cortex-m4f");
    decode_init();
    for (size_t k = 0; k < sizeof encs / sizeof encs[0]; k++) {
        struct insn i = { .addr = CODE };
        int idx = decode_insn(m7, encs[k].hw1, encs[k].hw2, false, &i);
        if (idx < 0 || strncmp(decode_pattern_name((unsigned)idx), encs[k].name, strlen(encs[k].name))) {
            print_error("%04x %04x: decoded as %s, want %s\n", encs[k].hw1, encs[k].hw2,
                        idx < 0 ? "UNDEFINED" : decode_pattern_name((unsigned)idx), encs[k].name);
            fail();
        }
        struct insn j = { .addr = CODE };
        int idx4 = decode_insn(m4f, encs[k].hw1, encs[k].hw2, false, &j);
        if ((idx4 >= 0) != encs[k].sp) {
            print_error("%04x %04x on the M4F: %s\n", encs[k].hw1, encs[k].hw2,
                        idx4 < 0 ? "UNDEFINED" : "defined");
            fail();
        }
    }
}

/* UNDEFINED encodings inside the FP space. */
static void t_undefined(void **state)
{
    struct harness *h = *state;
    /* VLDM with P=1 U=1 W=1: ede0 0a02. */
    assert_int_equal(run1(h, 0xede0, 0x0a02), CPU_STOP_UNDEF);
    /* VCVT opc2 = 1001: eeb9 0a60. */
    assert_int_equal(run1(h, 0xeeb9, 0x0a60), CPU_STOP_UNDEF);
    /* VMRS of a register other than FPSCR (reg 0000): eef0 0a10. */
    assert_int_equal(run1(h, 0xeef0, 0x0a10), CPU_STOP_UNDEF);
    /* Double precision on the M4F: vadd.f64 d0, d1, d2. */
    assert_int_equal(run1(h, 0xee31, 0x0b02), CPU_STOP_UNDEF);
    /* FPv5 VRINTA on the M4F. */
    assert_int_equal(run1(h, 0xfeb8, 0x0a60), CPU_STOP_UNDEF);
}

/* ---------------------------- enable checks ---------------------------- */

static void t_nocp_no_fpu(void **state)
{
    (void)state;
    struct harness *h = fp_harness("cortex-m4");
    assert_int_equal(run1(h, 0xee30, 0x0a81), CPU_STOP_LOCKUP);
    assert_non_null(strstr(h->msg, "coprocessor"));
    harness_free(h);
}

static void t_nocp_cpacr(void **state)
{
    struct harness *h = *state;
    S(h, 1) = ONE;
    S(h, 2) = TWO;
    h->cpu.cpacr = 0;
    assert_int_equal(run1(h, 0xee30, 0x0a81), CPU_STOP_LOCKUP);
    assert_non_null(strstr(h->msg, "coprocessor"));
    assert_int_equal(S(h, 0), 0);
    assert_int_equal(h->cpu.control & FPCA, 0);
    /* 0b01: privileged only. Thread mode with nPRIV set is refused. */
    h->cpu.cpacr = 0x5u << 20;
    h->cpu.control = 1;
    h->cpu.stop = CPU_STOP_NONE;
    h->msg[0] = 0;
    assert_int_equal(run1(h, 0xee30, 0x0a81), CPU_STOP_LOCKUP);
    assert_non_null(strstr(h->msg, "coprocessor"));
    /* Privileged thread: allowed, and CONTROL.FPCA is set. */
    h->cpu.control = 0;
    assert_int_equal(run1(h, 0xee30, 0x0a81), CPU_STOP_NONE);
    assert_int_equal(S(h, 0), THREE);
    assert_int_equal(h->cpu.control, FPCA);
    /* Full access from unprivileged code. */
    h->cpu.cpacr = CPACR_FULL;
    h->cpu.control = 1;
    assert_int_equal(run1(h, 0xee30, 0x0a81), CPU_STOP_NONE);
    assert_int_equal(h->cpu.control, 1 | FPCA);
}

/* ---------------------------- arithmetic ---------------------------- */

static void t_arith_single(void **state)
{
    struct harness *h = *state;
    /* vadd.f32 s0, s1, s2 in RP: 1 + 2^-24 rounds up; IXC accumulates. */
    h->cpu.fpscr = 1u << 22 | 0xf0000000u;
    S(h, 1) = ONE;
    S(h, 2) = 0x33800000u;
    assert_int_equal(run1(h, 0xee30, 0x0a81), CPU_STOP_NONE);
    assert_int_equal(S(h, 0), 0x3f800001u);
    assert_int_equal(h->cpu.fpscr, 0xf0000000u | 1u << 22 | 0x10);
    /* vsub.f32 s3, s4, s5: 2 - 3. */
    h->cpu.fpscr = 0;
    S(h, 4) = TWO;
    S(h, 5) = THREE;
    assert_int_equal(run1(h, 0xee72, 0x1a62), CPU_STOP_NONE);
    assert_int_equal(S(h, 3), 0xbf800000u);
    /* vmul.f32 s6, s7, s8 / vnmul.f32 s9, s10, s11. */
    S(h, 7) = TWO;
    S(h, 8) = THREE;
    assert_int_equal(run1(h, 0xee23, 0x3a84), CPU_STOP_NONE);
    assert_int_equal(S(h, 6), 0x40c00000u); /* 6 */
    S(h, 10) = TWO;
    S(h, 11) = THREE;
    assert_int_equal(run1(h, 0xee65, 0x4a65), CPU_STOP_NONE);
    assert_int_equal(S(h, 9), 0xc0c00000u); /* -6 */
    /* vnmul of a NaN product flips the NaN's sign. */
    S(h, 10) = 0x7fc00001u;
    assert_int_equal(run1(h, 0xee65, 0x4a65), CPU_STOP_NONE);
    assert_int_equal(S(h, 9), 0xffc00001u);
    assert_int_equal(h->cpu.fpscr, 0);
    /* vdiv.f32 s0, s1, s2: 1 / 0 = inf, DZC. */
    S(h, 1) = ONE;
    S(h, 2) = 0;
    assert_int_equal(run1(h, 0xee80, 0x0a81), CPU_STOP_NONE);
    assert_int_equal(S(h, 0), 0x7f800000u);
    assert_int_equal(h->cpu.fpscr, 0x2);
    /* vsqrt.f32 s31, s30: sqrt(-1) = default NaN, IOC. */
    h->cpu.fpscr = 0;
    S(h, 30) = 0xbf800000u;
    assert_int_equal(run1(h, 0xeef1, 0xfacf), CPU_STOP_NONE);
    assert_int_equal(S(h, 31), 0x7fc00000u);
    assert_int_equal(h->cpu.fpscr, 0x1);
    /* vabs/vneg.f32 s1, s2 on a signalling NaN: bit operations, no IOC. */
    h->cpu.fpscr = 0;
    S(h, 2) = 0xff800001u;
    assert_int_equal(run1(h, 0xeef0, 0x0ac1), CPU_STOP_NONE);
    assert_int_equal(S(h, 1), 0x7f800001u);
    assert_int_equal(run1(h, 0xeef1, 0x0a41), CPU_STOP_NONE);
    assert_int_equal(S(h, 1), 0x7f800001u);
    assert_int_equal(h->cpu.fpscr, 0);
    /* FZ from FPSCR: vadd.f32 s0, s1, s2 with a subnormal. */
    h->cpu.fpscr = 1u << 24;
    S(h, 1) = ONE;
    S(h, 2) = 0x00000001u;
    assert_int_equal(run1(h, 0xee30, 0x0a81), CPU_STOP_NONE);
    assert_int_equal(S(h, 0), ONE);
    assert_int_equal(h->cpu.fpscr, 1u << 24 | 0x80);
}

/* Multiply-accumulate forms with Vd = 10, Vn = 2, Vm = 3. */
static void t_mac(void **state)
{
    struct harness *h = *state;
    static const struct {
        uint16_t hw1, hw2;
        uint32_t want;
    } t[] = {
        { 0xee00, 0x0a81, 0x41800000u }, /* VMLA: 10 + 6 = 16 */
        { 0xee00, 0x0ac1, 0x40800000u }, /* VMLS: 10 - 6 = 4 */
        { 0xee10, 0x0ac1, 0xc1800000u }, /* VNMLA: -10 - 6 */
        { 0xee10, 0x0a81, 0xc0800000u }, /* VNMLS: -10 + 6 */
        { 0xeea0, 0x0a81, 0x41800000u }, /* VFMA */
        { 0xeea0, 0x0ac1, 0x40800000u }, /* VFMS */
        { 0xee90, 0x0ac1, 0xc1800000u }, /* VFNMA */
        { 0xee90, 0x0a81, 0xc0800000u }, /* VFNMS */
    };
    for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
        S(h, 0) = 0x41200000u;
        S(h, 1) = TWO;
        S(h, 2) = THREE;
        assert_int_equal(run1(h, t[k].hw1, t[k].hw2), CPU_STOP_NONE);
        assert_int_equal(S(h, 0), t[k].want);
    }
    assert_int_equal(h->cpu.fpscr, 0);
    /* Fused vs unfused: (1+2^-12)^2 - (1+2^-11). VMLA rounds the product
     * (a tie, to even) and gives +0 with IXC; VFMA gives 2^-24 exactly. */
    S(h, 0) = 0xbf801000u;
    S(h, 1) = S(h, 2) = 0x3f800800u;
    assert_int_equal(run1(h, 0xee00, 0x0a81), CPU_STOP_NONE);
    assert_int_equal(S(h, 0), 0);
    assert_int_equal(h->cpu.fpscr, 0x10);
    h->cpu.fpscr = 0;
    S(h, 0) = 0xbf801000u;
    assert_int_equal(run1(h, 0xeea0, 0x0a81), CPU_STOP_NONE);
    assert_int_equal(S(h, 0), 0x33800000u);
    assert_int_equal(h->cpu.fpscr, 0);
}

/* ---------------------------- moves ---------------------------- */

static void t_moves(void **state)
{
    struct harness *h = *state;
    /* vmov.f32 s3, #1.5 (imm8 0x78) and vmov.f32 s0, #-0.125 (0xc0). */
    assert_int_equal(run1(h, 0xeef7, 0x1a08), CPU_STOP_NONE);
    assert_int_equal(S(h, 3), 0x3fc00000u);
    assert_int_equal(run1(h, 0xeebc, 0x0a00), CPU_STOP_NONE);
    assert_int_equal(S(h, 0), 0xbe000000u);
    /* vmov.f32 s1, s2. */
    S(h, 2) = 0x12345678u;
    assert_int_equal(run1(h, 0xeef0, 0x0a41), CPU_STOP_NONE);
    assert_int_equal(S(h, 1), 0x12345678u);
    /* vmov s5, r1 / vmov r2, s5. */
    h->cpu.r[1] = 0xdeadbeefu;
    assert_int_equal(run1(h, 0xee02, 0x1a90), CPU_STOP_NONE);
    assert_int_equal(S(h, 5), 0xdeadbeefu);
    S(h, 5) = 0x0badf00du;
    assert_int_equal(run1(h, 0xee12, 0x2a90), CPU_STOP_NONE);
    assert_int_equal(h->cpu.r[2], 0x0badf00du);
    /* vmov s2, s3, r4, r5 / vmov r6, r7, s2, s3. */
    h->cpu.r[4] = 0x11111111u;
    h->cpu.r[5] = 0x22222222u;
    assert_int_equal(run1(h, 0xec45, 0x4a11), CPU_STOP_NONE);
    assert_int_equal(S(h, 2), 0x11111111u);
    assert_int_equal(S(h, 3), 0x22222222u);
    assert_int_equal(run1(h, 0xec57, 0x6a11), CPU_STOP_NONE);
    assert_int_equal(h->cpu.r[6], 0x11111111u);
    assert_int_equal(h->cpu.r[7], 0x22222222u);
    /* vmov d3, r0, r1 (r0 the low word) / vmov r2, r3, d3. */
    h->cpu.r[0] = 0x89abcdefu;
    h->cpu.r[1] = 0x01234567u;
    assert_int_equal(run1(h, 0xec41, 0x0b13), CPU_STOP_NONE);
    assert_int_equal(S(h, 6), 0x89abcdefu);
    assert_int_equal(S(h, 7), 0x01234567u);
    assert_int_equal(D(h, 3), 0x0123456789abcdefull);
    assert_int_equal(run1(h, 0xec53, 0x2b13), CPU_STOP_NONE);
    assert_int_equal(h->cpu.r[2], 0x89abcdefu);
    assert_int_equal(h->cpu.r[3], 0x01234567u);
    /* vmov.32 d1[1], r3 writes S3; vmov.32 r4, d1[1] reads it. */
    h->cpu.r[3] = 0xfeedfaceu;
    assert_int_equal(run1(h, 0xee21, 0x3b10), CPU_STOP_NONE);
    assert_int_equal(S(h, 3), 0xfeedfaceu);
    assert_int_equal(run1(h, 0xee31, 0x4b10), CPU_STOP_NONE);
    assert_int_equal(h->cpu.r[4], 0xfeedfaceu);
    assert_int_equal(h->cpu.fpscr, 0);
}

static void t_fpscr(void **state)
{
    struct harness *h = *state;
    /* vmsr fpscr, r1: only the writable bits stick. */
    h->cpu.r[1] = 0xffffffffu;
    assert_int_equal(run1(h, 0xeee1, 0x1a10), CPU_STOP_NONE);
    assert_int_equal(h->cpu.fpscr, 0xf7c0009fu);
    /* vmrs r0, fpscr. */
    assert_int_equal(run1(h, 0xeef1, 0x0a10), CPU_STOP_NONE);
    assert_int_equal(h->cpu.r[0], 0xf7c0009fu);
    /* vcmp.f32 s0, s1 then vmrs APSR_nzcv, fpscr: 1 < 2 is N. */
    h->cpu.fpscr = 0;
    S(h, 0) = ONE;
    S(h, 1) = TWO;
    assert_int_equal(run1(h, 0xeeb4, 0x0a60), CPU_STOP_NONE);
    assert_int_equal(h->cpu.fpscr, 0x80000000u);
    h->cpu.z = h->cpu.c = h->cpu.v = 1;
    assert_int_equal(run1(h, 0xeef1, 0xfa10), CPU_STOP_NONE);
    assert_int_equal(h->cpu.n, 1);
    assert_int_equal(h->cpu.z, 0);
    assert_int_equal(h->cpu.c, 0);
    assert_int_equal(h->cpu.v, 0);
    /* vcmp with a quiet NaN: unordered (C V), no exception... */
    S(h, 1) = 0x7fc00000u;
    assert_int_equal(run1(h, 0xeeb4, 0x0a60), CPU_STOP_NONE);
    assert_int_equal(h->cpu.fpscr, 0x30000000u);
    /* ... but vcmpe.f32 s0, #0 with a quiet NaN in s0 raises IOC. */
    S(h, 0) = 0x7fc00000u;
    assert_int_equal(run1(h, 0xeeb5, 0x0ac0), CPU_STOP_NONE);
    assert_int_equal(h->cpu.fpscr, 0x30000001u);
    /* vcmpe.f32 s0, #0 with -0: equal (Z C). */
    S(h, 0) = 0x80000000u;
    assert_int_equal(run1(h, 0xeeb5, 0x0ac0), CPU_STOP_NONE);
    assert_int_equal(h->cpu.fpscr, 0x60000001u);
}

/* ---------------------------- conversions ---------------------------- */

static void t_convert(void **state)
{
    struct harness *h = *state;
    /* vcvt.s32.f32 s0, s1 rounds toward zero; vcvtr uses FPSCR (RN). */
    S(h, 1) = 0xc0300000u; /* -2.75 */
    assert_int_equal(run1(h, 0xeebd, 0x0ae0), CPU_STOP_NONE);
    assert_int_equal(S(h, 0), 0xfffffffeu);
    assert_int_equal(run1(h, 0xeebd, 0x0a60), CPU_STOP_NONE);
    assert_int_equal(S(h, 0), 0xfffffffdu);
    assert_int_equal(h->cpu.fpscr, 0x10);
    /* vcvt.u32.f32 s0, s1 of a negative value: 0, IOC. */
    h->cpu.fpscr = 0;
    assert_int_equal(run1(h, 0xeebc, 0x0ae0), CPU_STOP_NONE);
    assert_int_equal(S(h, 0), 0);
    assert_int_equal(h->cpu.fpscr, 0x1);
    /* vcvt.f32.u32 / vcvt.f32.s32 s0, s1 of 0xffffffff. */
    h->cpu.fpscr = 0;
    S(h, 1) = 0xffffffffu;
    assert_int_equal(run1(h, 0xeeb8, 0x0a60), CPU_STOP_NONE);
    assert_int_equal(S(h, 0), 0x4f800000u);
    assert_int_equal(h->cpu.fpscr, 0x10);
    assert_int_equal(run1(h, 0xeeb8, 0x0ae0), CPU_STOP_NONE);
    assert_int_equal(S(h, 0), 0xbf800000u);
    /* vcvt.s16.f32 s0, s0, #8: 1.5 -> 0x180; -1.5 -> 0xfffffe80. */
    h->cpu.fpscr = 0;
    S(h, 0) = 0xbfc00000u;
    assert_int_equal(run1(h, 0xeebe, 0x0a44), CPU_STOP_NONE);
    assert_int_equal(S(h, 0), 0xfffffe80u);
    /* vcvt.f32.u32 s2, s2, #16: 0x00018000 is 1.5. */
    S(h, 2) = 0x00018000u;
    assert_int_equal(run1(h, 0xeebb, 0x1ac8), CPU_STOP_NONE);
    assert_int_equal(S(h, 2), 0x3fc00000u);
    /* vcvtb.f16.f32 s0, s1 keeps the top half; vcvtt writes it. */
    S(h, 0) = 0xaaaa5555u;
    S(h, 1) = ONE;
    assert_int_equal(run1(h, 0xeeb3, 0x0a60), CPU_STOP_NONE);
    assert_int_equal(S(h, 0), 0xaaaa3c00u);
    S(h, 1) = 0xc0000000u; /* -2 -> 0xc000 */
    assert_int_equal(run1(h, 0xeeb3, 0x0ae0), CPU_STOP_NONE);
    assert_int_equal(S(h, 0), 0xc0003c00u);
    /* vcvtb.f32.f16 s0, s1 / vcvtt.f32.f16 s0, s1. */
    S(h, 1) = 0x7c000001u; /* top +inf, bottom 2^-24 */
    assert_int_equal(run1(h, 0xeeb2, 0x0a60), CPU_STOP_NONE);
    assert_int_equal(S(h, 0), 0x33800000u);
    assert_int_equal(run1(h, 0xeeb2, 0x0ae0), CPU_STOP_NONE);
    assert_int_equal(S(h, 0), 0x7f800000u);
    assert_int_equal(h->cpu.fpscr, 0);
}

/* ---------------------------- memory ---------------------------- */

static void t_load_store(void **state)
{
    struct harness *h = *state;
    w32(h, DATA + 4, 0x3f800000u);
    w32(h, DATA - 8, 0x40000000u);
    w32(h, DATA + 8, 0x11111111u);
    w32(h, DATA + 12, 0x22222222u);
    h->cpu.r[0] = DATA;
    /* vldr s0, [r0, #4] / vldr s1, [r0, #-8] / vldr d1, [r0, #8]. */
    assert_int_equal(run1(h, 0xed90, 0x0a01), CPU_STOP_NONE);
    assert_int_equal(S(h, 0), ONE);
    assert_int_equal(run1(h, 0xed50, 0x0a02), CPU_STOP_NONE);
    assert_int_equal(S(h, 1), TWO);
    assert_int_equal(run1(h, 0xed90, 0x1b02), CPU_STOP_NONE);
    assert_int_equal(D(h, 1), 0x2222222211111111ull);
    /* vstr s0, [r0, #4] / vstr d2, [r0, #-16]. */
    S(h, 0) = 0xabcdef01u;
    assert_int_equal(run1(h, 0xed80, 0x0a01), CPU_STOP_NONE);
    assert_int_equal(r32(h, DATA + 4), 0xabcdef01u);
    D(h, 2) = 0x0102030405060708ull;
    assert_int_equal(run1(h, 0xed00, 0x2b04), CPU_STOP_NONE);
    assert_int_equal(r32(h, DATA - 16), 0x05060708u);
    assert_int_equal(r32(h, DATA - 12), 0x01020304u);
    assert_int_equal(h->cpu.r[0], DATA);
    /* vldr s2, [pc, #8] at 0x1002: Align(0x1006, 4) + 8 = 0x100c. */
    w32(h, 0x100c, 0x5a5a5a5au);
    const uint16_t lit[2] = { 0xed9f, 0x1a02 };
    harness_code(h, 0x1002, lit, 2);
    assert_int_equal(harness_step(h, 1), CPU_STOP_NONE);
    assert_int_equal(S(h, 2), 0x5a5a5a5au);
}

static void t_load_store_multiple(void **state)
{
    struct harness *h = *state;
    for (unsigned k = 0; k < 8; k++)
        w32(h, DATA + 4 * k, 0x100 + k);
    /* vldmia r0!, {s0-s3}: 1 + 4 cycles on the M4. */
    h->cpu.r[0] = DATA;
    uint64_t c0 = h->cpu.cycles;
    assert_int_equal(run1(h, 0xecb0, 0x0a04), CPU_STOP_NONE);
    assert_int_equal(h->cpu.cycles - c0, 5);
    assert_int_equal(S(h, 0), 0x100);
    assert_int_equal(S(h, 3), 0x103);
    assert_int_equal(h->cpu.r[0], DATA + 16);
    /* vstmdb r0!, {s4-s5}: stores at DATA+8, DATA+12. */
    S(h, 4) = 0xaaaa0004u;
    S(h, 5) = 0xaaaa0005u;
    assert_int_equal(run1(h, 0xed20, 0x2a02), CPU_STOP_NONE);
    assert_int_equal(h->cpu.r[0], DATA + 8);
    assert_int_equal(r32(h, DATA + 8), 0xaaaa0004u);
    assert_int_equal(r32(h, DATA + 12), 0xaaaa0005u);
    /* vpush {d8-d9} then vpop {s0-s1}. */
    uint32_t sp = h->cpu.r[13];
    D(h, 8) = 0x8888888877777777ull;
    D(h, 9) = 0x9999999966666666ull;
    assert_int_equal(run1(h, 0xed2d, 0x8b04), CPU_STOP_NONE);
    assert_int_equal(h->cpu.r[13], sp - 16);
    assert_int_equal(r32(h, sp - 16), 0x77777777u);
    assert_int_equal(r32(h, sp - 4), 0x99999999u);
    assert_int_equal(run1(h, 0xecbd, 0x0a02), CPU_STOP_NONE);
    assert_int_equal(h->cpu.r[13], sp - 8);
    assert_int_equal(S(h, 0), 0x77777777u);
    assert_int_equal(S(h, 1), 0x88888888u);
    /* vldmia r0, {d0-d1} without writeback. */
    h->cpu.r[0] = DATA;
    assert_int_equal(run1(h, 0xec90, 0x0b04), CPU_STOP_NONE);
    assert_int_equal(h->cpu.r[0], DATA);
    assert_int_equal(D(h, 0), 0x0000010100000100ull);
}

static void t_unaligned(void **state)
{
    struct harness *h = *state;
    /* VLDR needs word alignment whatever CCR.UNALIGN_TRP says. */
    h->cpu.r[0] = DATA + 2;
    S(h, 0) = 0x12345678u;
    assert_int_equal(run1(h, 0xed90, 0x0a01), CPU_STOP_LOCKUP);
    assert_non_null(strstr(h->msg, "unaligned"));
    assert_int_equal(S(h, 0), 0x12345678u);
}

/* ---------------------------- timing, IT ---------------------------- */

static void t_timing(void **state)
{
    struct harness *h = *state;
    uint64_t c0 = h->cpu.cycles;
    S(h, 1) = ONE;
    S(h, 2) = THREE;
    assert_int_equal(run1(h, 0xee80, 0x0a81), CPU_STOP_NONE); /* vdiv: 14 */
    assert_int_equal(h->cpu.cycles - c0, 14);
    c0 = h->cpu.cycles;
    assert_int_equal(run1(h, 0xee00, 0x0a81), CPU_STOP_NONE); /* vmla: 3 */
    assert_int_equal(h->cpu.cycles - c0, 3);
    c0 = h->cpu.cycles;
    assert_int_equal(run1(h, 0xee30, 0x0a81), CPU_STOP_NONE); /* vadd: 1 */
    assert_int_equal(h->cpu.cycles - c0, 1);
}

static void t_it_block(void **state)
{
    struct harness *h = *state;
    /* IT EQ; vaddeq.f32 s0, s1, s2; vaddne... with Z clear: skipped. */
    const uint16_t code[] = { 0xbf08, 0xee30, 0x0a81 };
    harness_code(h, CODE, code, 3);
    h->cpu.z = 0;
    S(h, 0) = 0x12345678u;
    S(h, 1) = ONE;
    S(h, 2) = ONE;
    assert_int_equal(harness_step(h, 2), CPU_STOP_NONE);
    assert_int_equal(S(h, 0), 0x12345678u);
    harness_code(h, CODE, code, 3);
    h->cpu.z = 1;
    assert_int_equal(harness_step(h, 2), CPU_STOP_NONE);
    assert_int_equal(S(h, 0), TWO);
}

/* ---------------------------- double precision (M7) ---------------------------- */

static void t_double(void **state)
{
    struct harness *h = *state;
    /* vadd.f64 d0, d1, d2: 1 + 2^-53 in RP. */
    h->cpu.fpscr = 1u << 22;
    D(h, 1) = 0x3ff0000000000000ull;
    D(h, 2) = 0x3ca0000000000000ull;
    assert_int_equal(run1(h, 0xee31, 0x0b02), CPU_STOP_NONE);
    assert_int_equal(D(h, 0), 0x3ff0000000000001ull);
    assert_int_equal(h->cpu.fpscr, 1u << 22 | 0x10);
    h->cpu.fpscr = 0;
    /* vsub.f64 / vmul.f64 / vnmul.f64 / vdiv.f64 / vmla.f64 with 3 and 2. */
    D(h, 1) = 0x4008000000000000ull;
    D(h, 2) = 0x4000000000000000ull;
    assert_int_equal(run1(h, 0xee31, 0x0b42), CPU_STOP_NONE);
    assert_int_equal(D(h, 0), 0x3ff0000000000000ull);
    assert_int_equal(run1(h, 0xee21, 0x0b02), CPU_STOP_NONE);
    assert_int_equal(D(h, 0), 0x4018000000000000ull);
    assert_int_equal(run1(h, 0xee21, 0x0b42), CPU_STOP_NONE);
    assert_int_equal(D(h, 0), 0xc018000000000000ull);
    assert_int_equal(run1(h, 0xee81, 0x0b02), CPU_STOP_NONE);
    assert_int_equal(D(h, 0), 0x3ff8000000000000ull);
    assert_int_equal(run1(h, 0xee01, 0x0b02), CPU_STOP_NONE); /* 1.5 + 6 */
    assert_int_equal(D(h, 0), 0x401e000000000000ull);
    /* vfma.f64 d0, d1, d2: (1+2^-27)^2 - (1+2^-26) = 2^-54. */
    D(h, 0) = 0xbff0000004000000ull;
    D(h, 1) = D(h, 2) = 0x3ff0000002000000ull;
    assert_int_equal(run1(h, 0xeea1, 0x0b02), CPU_STOP_NONE);
    assert_int_equal(D(h, 0), 0x3c90000000000000ull);
    assert_int_equal(h->cpu.fpscr, 0);
    /* vsqrt.f64 d0, d1: sqrt(2). */
    D(h, 1) = 0x4000000000000000ull;
    assert_int_equal(run1(h, 0xeeb1, 0x0bc1), CPU_STOP_NONE);
    assert_int_equal(D(h, 0), 0x3ff6a09e667f3bcdull);
    assert_int_equal(h->cpu.fpscr, 0x10);
    /* vmov.f64 d1, #-2.0 / vmov.f64 d0, d1 / vabs / vneg. */
    assert_int_equal(run1(h, 0xeeb8, 0x1b00), CPU_STOP_NONE);
    assert_int_equal(D(h, 1), 0xc000000000000000ull);
    assert_int_equal(run1(h, 0xeeb0, 0x0b41), CPU_STOP_NONE);
    assert_int_equal(D(h, 0), 0xc000000000000000ull);
    D(h, 2) = 0xfff0000000000001ull;
    assert_int_equal(run1(h, 0xeeb0, 0x1bc2), CPU_STOP_NONE);
    assert_int_equal(D(h, 1), 0x7ff0000000000001ull);
    assert_int_equal(run1(h, 0xeeb1, 0x1b42), CPU_STOP_NONE);
    assert_int_equal(D(h, 1), 0x7ff0000000000001ull);
    /* vcmp.f64 d0, d1 (d1 a signalling NaN): unordered, IOC. */
    h->cpu.fpscr = 0;
    assert_int_equal(run1(h, 0xeeb4, 0x0b41), CPU_STOP_NONE);
    assert_int_equal(h->cpu.fpscr, 0x30000001u);
    /* vcmpe.f64 d0, #0 with d0 = -2: less (N). */
    h->cpu.fpscr = 0;
    assert_int_equal(run1(h, 0xeeb5, 0x0bc0), CPU_STOP_NONE);
    assert_int_equal(h->cpu.fpscr, 0x80000000u);
    /* vcvt.f64.f32 d0, s1 / vcvt.f32.f64 s0, d1. */
    S(h, 1) = 0x3eaaaaabu;
    assert_int_equal(run1(h, 0xeeb7, 0x0ae0), CPU_STOP_NONE);
    assert_int_equal(D(h, 0), 0x3fd5555560000000ull);
    D(h, 1) = 0x3fd5555555555555ull;
    assert_int_equal(run1(h, 0xeeb7, 0x0bc1), CPU_STOP_NONE);
    assert_int_equal(S(h, 0), 0x3eaaaaabu);
    assert_int_equal(h->cpu.fpscr, 0x80000010u);
    /* vcvt.s32.f64 s0, d1 (RZ) / vcvtr.u32.f64 s0, d1 (FPSCR: RM). */
    D(h, 1) = 0x4004000000000000ull; /* 2.5 */
    assert_int_equal(run1(h, 0xeebd, 0x0bc1), CPU_STOP_NONE);
    assert_int_equal(S(h, 0), 2);
    h->cpu.fpscr = 2u << 22;
    D(h, 1) = 0xbfe0000000000000ull; /* -0.5: RM gives -1, unsigned saturates */
    assert_int_equal(run1(h, 0xeebc, 0x0b41), CPU_STOP_NONE);
    assert_int_equal(S(h, 0), 0);
    assert_int_equal(h->cpu.fpscr, 2u << 22 | 0x1);
    h->cpu.fpscr = 0;
    /* vcvt.f64.u32 d0, s1. */
    S(h, 1) = 0xffffffffu;
    assert_int_equal(run1(h, 0xeeb8, 0x0b60), CPU_STOP_NONE);
    assert_int_equal(D(h, 0), 0x41efffffffe00000ull);
    /* vcvt.s32.f64 d0, d0, #16: -1.5 -> 0xfffe8000, sign-extended to 64. */
    D(h, 0) = 0xbff8000000000000ull;
    assert_int_equal(run1(h, 0xeebe, 0x0bc8), CPU_STOP_NONE);
    assert_int_equal(D(h, 0), 0xfffffffffffe8000ull);
    assert_int_equal(h->cpu.fpscr, 0);
}

static void t_fpv5(void **state)
{
    struct harness *h = *state;
    /* vseleq.f32 s0, s1, s2 / vselgt.f64 d0, d1, d2. */
    S(h, 1) = ONE;
    S(h, 2) = TWO;
    h->cpu.z = 1;
    assert_int_equal(run1(h, 0xfe00, 0x0a81), CPU_STOP_NONE);
    assert_int_equal(S(h, 0), ONE);
    h->cpu.z = 0;
    assert_int_equal(run1(h, 0xfe00, 0x0a81), CPU_STOP_NONE);
    assert_int_equal(S(h, 0), TWO);
    D(h, 1) = 1;
    D(h, 2) = 2;
    h->cpu.z = 0;
    h->cpu.n = 1;
    h->cpu.v = 0; /* GT needs N == V */
    assert_int_equal(run1(h, 0xfe31, 0x0b02), CPU_STOP_NONE);
    assert_int_equal(D(h, 0), 2);
    h->cpu.v = 1;
    assert_int_equal(run1(h, 0xfe31, 0x0b02), CPU_STOP_NONE);
    assert_int_equal(D(h, 0), 1);
    /* vmaxnm.f32 s0, s1, s2 with a quiet NaN in s1: the number. */
    S(h, 1) = 0x7fc00000u;
    S(h, 2) = 0xc0000000u;
    assert_int_equal(run1(h, 0xfe80, 0x0a81), CPU_STOP_NONE);
    assert_int_equal(S(h, 0), 0xc0000000u);
    /* vminnm.f64 d0, d1, d2 of +0 and -0: -0. */
    D(h, 1) = 0;
    D(h, 2) = 0x8000000000000000ull;
    assert_int_equal(run1(h, 0xfe81, 0x0b42), CPU_STOP_NONE);
    assert_int_equal(D(h, 0), 0x8000000000000000ull);
    assert_int_equal(h->cpu.fpscr, 0);
    /* vrinta.f32 s0, s1: 2.5 -> 3 (ties away), no IXC. */
    S(h, 1) = 0x40200000u;
    assert_int_equal(run1(h, 0xfeb8, 0x0a60), CPU_STOP_NONE);
    assert_int_equal(S(h, 0), THREE);
    assert_int_equal(h->cpu.fpscr, 0);
    /* vrintr.f32 (FPSCR RN): 2; vrintz: 2; vrintx: 2 and IXC. */
    assert_int_equal(run1(h, 0xeeb6, 0x0a60), CPU_STOP_NONE);
    assert_int_equal(S(h, 0), TWO);
    S(h, 1) = 0x402ccccdu; /* 2.7 */
    assert_int_equal(run1(h, 0xeeb6, 0x0ae0), CPU_STOP_NONE);
    assert_int_equal(S(h, 0), TWO);
    assert_int_equal(h->cpu.fpscr, 0);
    S(h, 1) = 0x40200000u;
    assert_int_equal(run1(h, 0xeeb7, 0x0a60), CPU_STOP_NONE);
    assert_int_equal(S(h, 0), TWO);
    assert_int_equal(h->cpu.fpscr, 0x10);
    /* vrintm.f64 d0, d1: -0.5 -> -1. */
    h->cpu.fpscr = 0;
    D(h, 1) = 0xbfe0000000000000ull;
    assert_int_equal(run1(h, 0xfebb, 0x0b41), CPU_STOP_NONE);
    assert_int_equal(D(h, 0), 0xbff0000000000000ull);
    /* vcvta.s32.f32 s0, s1: -2.5 -> -3, IXC. */
    S(h, 1) = 0xc0200000u;
    assert_int_equal(run1(h, 0xfebc, 0x0ae0), CPU_STOP_NONE);
    assert_int_equal(S(h, 0), 0xfffffffdu);
    assert_int_equal(h->cpu.fpscr, 0x10);
    /* vcvtm.u32.f64 s0, d1: 2.5 -> 2. */
    D(h, 1) = 0x4004000000000000ull;
    assert_int_equal(run1(h, 0xfebf, 0x0b41), CPU_STOP_NONE);
    assert_int_equal(S(h, 0), 2);
    /* vcvtb.f16.f64 s0, d1 / vcvtt.f64.f16 d0, s1. */
    D(h, 1) = 0x3ff0000000000000ull;
    S(h, 0) = 0xffff0000u;
    assert_int_equal(run1(h, 0xeeb3, 0x0b41), CPU_STOP_NONE);
    assert_int_equal(S(h, 0), 0xffff3c00u);
    S(h, 1) = 0xc0000000u; /* top half -2.0 */
    assert_int_equal(run1(h, 0xeeb2, 0x0be0), CPU_STOP_NONE);
    assert_int_equal(D(h, 0), 0xc000000000000000ull);
}

/* ExecuteFPCheck with the exception model (B1.5.7): a new FP context
 * takes AHP/DN/FZ/RMode from FPDSCR when FPCCR.ASPEN is set; with
 * FPCCR.LSPACT the lazily reserved frame is written first. */
static void t_fp_context(void **state)
{
    struct harness *h = *state;
    assert_int_equal(exc_attach(&h->cpu, 32, 3), 0);
    struct exc_state *e = h->cpu.exc;
    /* New context: FPDSCR = FZ | RZ replaces FPSCR<26:22>, flags stay. */
    e->fpdscr = 1u << 24 | 3u << 22;
    h->cpu.fpscr = 0xf0000000u | 1u << 22 | 0x10;
    h->cpu.control = 0;
    S(h, 1) = ONE;
    S(h, 2) = 0x33800000u; /* 1 + 2^-24: RZ gives 1 */
    assert_int_equal(run1(h, 0xee30, 0x0a81), CPU_STOP_NONE);
    assert_int_equal(S(h, 0), ONE);
    assert_int_equal(h->cpu.fpscr, 0xf0000000u | 1u << 24 | 3u << 22 | 0x10);
    assert_int_equal(h->cpu.control, FPCA);
    /* With FPCA set the FPSCR is left as it is. */
    h->cpu.fpscr = 0;
    assert_int_equal(run1(h, 0xee30, 0x0a81), CPU_STOP_NONE);
    assert_int_equal(h->cpu.fpscr, 0x10);
    /* ASPEN clear: no new context, FPCA stays clear. */
    e->fpccr = 0;
    h->cpu.control = 0;
    h->cpu.fpscr = 0;
    assert_int_equal(run1(h, 0xee30, 0x0a81), CPU_STOP_NONE);
    assert_int_equal(h->cpu.control, 0);
    assert_int_equal(h->cpu.fpscr, 0x10);
    /* Lazy preservation: S0-S15 and FPSCR go to FPCAR, LSPACT clears. */
    e->fpccr = FPCCR_ASPEN | FPCCR_LSPEN | FPCCR_LSPACT;
    e->fpcar = DATA;
    e->fpdscr = 0;
    h->cpu.control = 0;
    for (unsigned k = 0; k < 16; k++)
        S(h, k) = 0x1000u + k;
    h->cpu.fpscr = 0x20000004u;
    h->cpu.r[1] = 0xabcd0123u;
    assert_int_equal(run1(h, 0xee02, 0x1a90), CPU_STOP_NONE); /* vmov s5, r1 */
    for (unsigned k = 0; k < 16; k++)
        assert_int_equal(r32(h, DATA + 4 * k), 0x1000u + k);
    assert_int_equal(r32(h, DATA + 0x40), 0x20000004u);
    assert_int_equal(e->fpccr & FPCCR_LSPACT, 0);
    assert_int_equal(S(h, 5), 0xabcd0123u);
    assert_int_equal(h->cpu.control, FPCA);
    exc_detach(&h->cpu);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t_decode),
        cmocka_unit_test_setup_teardown(t_undefined, setup_m4f, teardown),
        cmocka_unit_test(t_nocp_no_fpu),
        cmocka_unit_test_setup_teardown(t_nocp_cpacr, setup_m4f, teardown),
        cmocka_unit_test_setup_teardown(t_arith_single, setup_m4f, teardown),
        cmocka_unit_test_setup_teardown(t_mac, setup_m4f, teardown),
        cmocka_unit_test_setup_teardown(t_moves, setup_m4f, teardown),
        cmocka_unit_test_setup_teardown(t_fpscr, setup_m4f, teardown),
        cmocka_unit_test_setup_teardown(t_convert, setup_m4f, teardown),
        cmocka_unit_test_setup_teardown(t_load_store, setup_m4f, teardown),
        cmocka_unit_test_setup_teardown(t_load_store_multiple, setup_m4f, teardown),
        cmocka_unit_test_setup_teardown(t_unaligned, setup_m4f, teardown),
        cmocka_unit_test_setup_teardown(t_timing, setup_m4f, teardown),
        cmocka_unit_test_setup_teardown(t_it_block, setup_m4f, teardown),
        cmocka_unit_test_setup_teardown(t_fp_context, setup_m4f, teardown),
        cmocka_unit_test_setup_teardown(t_double, setup_m7, teardown),
        cmocka_unit_test_setup_teardown(t_fpv5, setup_m7, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
