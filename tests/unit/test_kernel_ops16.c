/* Hand-worked cases for the operators issue 16 added for MoveNet: SUB,
 * CAST, RESIZE_BILINEAR, broadcasting, int32/float32 arithmetic, ARG_MAX,
 * PACK/UNPACK, GATHER_ND and SQRT. Every expected value is derived in the comment
 * next to it from TFLite's reference definitions (reference sub.h, cast.cc,
 * resize_bilinear.h, floor_div.h, arg_min_max.h, pack.h, gather_nd.h and
 * NumPy broadcasting), not taken from the code's output. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "models/runtime/tt_kernels.h"
#include "models/runtime/ttm.h"
#include "models/tflite/graph.h"

/* TFLite's sub.cc parameters: the same as ADD's (20-bit left shift,
 * common scale twice the larger input scale). */
static tt_add_params sub_params(float s1, int32_t z1, float s2, int32_t z2, float so, int32_t zo)
{
    tt_add_params p = { -z1, -z2, zo, 0, 0, 0, 0, 0, 0, 20, -128, 127 };
    double twice = 2.0 * (double)(s1 > s2 ? s1 : s2);
    tt_quantize_multiplier(s1 / twice, &p.in1_mult, &p.in1_shift);
    tt_quantize_multiplier(s2 / twice, &p.in2_mult, &p.in2_shift);
    tt_quantize_multiplier(twice / ((double)(1 << 20) * so), &p.out_mult, &p.out_shift);
    return p;
}

static void sub_scales_and_broadcast(void **state)
{
    (void)state;
    tt_add_params p = sub_params(0.5f, 0, 0.25f, 2, 0.5f, 1);
    const int8_t a[3] = { 10, -6, 127 }, b[3] = { 6, 2, -128 };
    int8_t out[3];
    tt_sub_s8(&p, 3, a, 3, b, 3, out);
    /* 5 - 1 = 4 -> 8 + 1 = 9; -3 - 0 = -3 -> -6 + 1 = -5;
     * 63.5 - (-32.5) = 96 -> 192 + 1 -> 127 (saturated) */
    const int8_t want[3] = { 9, -5, 127 };
    assert_memory_equal(out, want, 3);
    /* x - 1.0 with the constant as the single second value: 10*0.5 - 1 = 4 -> 9,
     * -6*0.5 - 1 = -4 -> -8 + 1 = -7, and the operand order matters. */
    const int8_t c[1] = { 6 };
    tt_sub_s8(&p, 2, a, 2, c, 1, out);
    assert_int_equal(out[0], 9);
    assert_int_equal(out[1], -7);
    /* A tie: 0.5*1 - 0.25*(3-2) = 0.25, 0.5 units
     * of the output: rounds half up (single) or away from zero (double), both 1. */
    const int8_t one[1] = { 1 }, three[1] = { 3 };
    tt_sub_s8(&p, 1, one, 1, three, 1, out);
    assert_int_equal(out[0], 1 + 1);
}

static void cast_conversions(void **state)
{
    (void)state;
    const uint8_t u8[3] = { 0, 200, 255 };
    float f[3];
    tt_cast(3, TTM_T_UINT8, u8, TTM_T_FLOAT32, f);
    assert_true(f[0] == 0.0f && f[1] == 200.0f && f[2] == 255.0f);
    /* int32 -> float rounds to nearest even: 16777217 is not a float. */
    const int32_t i32[3] = { -7, 16777217, 2147483647 };
    tt_cast(3, TTM_T_INT32, i32, TTM_T_FLOAT32, f);
    assert_true(f[0] == -7.0f && f[1] == 16777216.0f && f[2] == 2147483648.0f);
    /* float -> int32 truncates toward zero (static_cast). */
    const float fs[4] = { -2.7f, 2.7f, -0.5f, 1e10f };
    int32_t o32[4];
    tt_cast(4, TTM_T_FLOAT32, fs, TTM_T_INT32, o32);
    assert_int_equal(o32[0], -2);
    assert_int_equal(o32[1], 2);
    assert_int_equal(o32[2], 0);
    assert_true(o32[3] > 2147483000); /* out of range: saturated (undefined in C++) */
    /* int8 <-> int32 exact; int32 -> uint8 saturates (ours; TFLite wraps). */
    const int8_t s8[2] = { -128, 127 };
    tt_cast(2, TTM_T_INT8, s8, TTM_T_INT32, o32);
    assert_int_equal(o32[0], -128);
    assert_int_equal(o32[1], 127);
    uint8_t ou[2];
    tt_cast(2, TTM_T_INT8, s8, TTM_T_UINT8, ou);
    assert_int_equal(ou[0], 0);
    assert_int_equal(ou[1], 127);
    assert_true(tt_cast_type_ok(TTM_T_INT32) && !tt_cast_type_ok(TTM_T_INT16));
}

static void resize(const int8_t *in, int32_t in_w, int8_t *out, int32_t out_w, int ac, int hp)
{
    tt_resize_bilinear_s8((tt_shape4){ 1, 1, in_w, 1 }, in, (tt_shape4){ 1, 1, out_w, 1 }, ac, hp, out);
}

/* Width 2 -> 4, one row (height 1 -> 1: step 1024, y0 = y1 = 0, weight 1024). */
static void resize_bilinear_modes(void **state)
{
    (void)state;
    const int8_t in[2] = { 0, 100 };
    int8_t out[4];
    /* No flags: step (1024*2 + 2) / 4 = 512; x = 0..3 at 0, 512, 1024, 1536
     * (1/1024 px): 0; halfway 50; 100; x0 = 1, x1 = min(2, 1) = 1: 100. */
    resize(in, 2, out, 4, 0, 0);
    const int8_t plain[4] = { 0, 50, 100, 100 };
    assert_memory_equal(out, plain, 4);
    /* half_pixel_centers: x*512 + 256 - 512 = -256, 256, 768, 1280: x = 0 lands
     * on pixel 0 (lower bound max(-256/1024, 0) = 0, upper 0): 0; 256/1024 of
     * the way: 25; 768/1024: 75; 1280: both taps pixel 1: 100. */
    resize(in, 2, out, 4, 0, 1);
    const int8_t half[4] = { 0, 25, 75, 100 };
    assert_memory_equal(out, half, 4);
    /* align_corners, 2 -> 3: step (1024*1 + 1) / 2 = 512: 0, 50, 100. */
    resize(in, 2, out, 3, 1, 0);
    const int8_t corners[3] = { 0, 50, 100 };
    assert_memory_equal(out, corners, 3);
    /* Rounding: [0, 1] halfway is 0.5 -> 1, [0, -1] -> -0.5 -> -1 (half away
     * from zero); a quarter (half pixel, x = 1) 0.25 -> 0, 0.75 -> 1. */
    const int8_t pos[2] = { 0, 1 }, neg[2] = { 0, -1 };
    resize(pos, 2, out, 4, 0, 0);
    assert_int_equal(out[1], 1);
    resize(neg, 2, out, 4, 0, 0);
    assert_int_equal(out[1], -1);
    resize(pos, 2, out, 4, 0, 1);
    assert_int_equal(out[1], 0);
    assert_int_equal(out[2], 1);
}

/* Both axes: 2x2 -> 3x3 with align_corners (step 512 each way): the centre
 * is the mean of the four corners, (-128 + 0 + 64 + 127) / 4 = 15.75 -> 16,
 * an edge midpoint the mean of two: (-128 + 0) / 2 = -64. */
static void resize_bilinear_2d(void **state)
{
    (void)state;
    const int8_t in[4] = { -128, 0, 64, 127 };
    int8_t out[9];
    tt_resize_bilinear_s8((tt_shape4){ 1, 2, 2, 1 }, in, (tt_shape4){ 1, 3, 3, 1 }, 1, 0, out);
    assert_int_equal(out[0], -128);
    assert_int_equal(out[1], -64);
    assert_int_equal(out[4], 16);
    assert_int_equal(out[8], 127);
    /* (0 + 127) / 2 = 63.5 -> 64 (the right edge's midpoint) */
    assert_int_equal(out[5], 64);
}

/* [3,1] op [1,2] -> [3,2]: a's column repeats along x, b's row along y. */
static void broadcast_int32_float(void **state)
{
    (void)state;
    const int32_t out4[4] = { 1, 1, 3, 2 }, ad[2] = { 3, 1 }, bd[2] = { 1, 2 };
    int32_t sa[4], sb[4];
    tt_bcast_strides(ad, 2, out4, sa);
    tt_bcast_strides(bd, 2, out4, sb);
    const int32_t a[3] = { 7, -7, 100 }, b[2] = { 2, -3 };
    int32_t o[6];
    assert_int_equal(tt_binary_i32(TT_BIN_DIV, out4, sa, a, sb, b, o), 0);
    /* floor(7/2) = 3, floor(7/-3) = -3 (-2.33), floor(-7/2) = -4, floor(-7/-3) = 2,
     * 50, floor(100/-3) = -34 */
    const int32_t want[6] = { 3, -3, -4, 2, 50, -34 };
    assert_memory_equal(o, want, sizeof want);
    assert_int_equal(tt_binary_i32(TT_BIN_SUB, out4, sa, a, sb, b, o), 0);
    assert_int_equal(o[1], 10);  /* 7 - -3 */
    assert_int_equal(o[4], 98);  /* 100 - 2 */
    assert_int_equal(tt_binary_i32(TT_BIN_MUL, out4, sa, a, sb, b, o), 0);
    assert_int_equal(o[3], 21);  /* -7 * -3 */
    const int32_t zero[2] = { 1, 0 };
    assert_int_equal(tt_binary_i32(TT_BIN_DIV, out4, sa, a, sb, zero, o), -1); /* TFLite refuses /0 */
    const float fa[3] = { 1.0f, -2.0f, 0.5f }, fb[2] = { 4.0f, 0.0f };
    float fo[6];
    tt_binary_f32(TT_BIN_DIV, out4, sa, fa, sb, fb, fo);
    assert_true(fo[0] == 0.25f && fo[2] == -0.5f && fo[4] == 0.125f);
    assert_true(fo[1] > 3e38f && fo[3] < -3e38f); /* IEEE: +-inf */
}

static void argmax_first_of_equal(void **state)
{
    (void)state;
    /* [2,3] over axis 1: row {1, 5, 5} -> 1 (first of the maxima), row
     * {-128, -128, -7} -> 2; over axis 0 ([1,2,3] as outer 1, axis 2, inner 3):
     * columns {1,-128} {5,-128} {5,-7} -> 0 0 0 */
    const int8_t in[6] = { 1, 5, 5, -128, -128, -7 };
    int32_t o[3];
    tt_argmax_s8(in, 2, 3, 1, o);
    assert_int_equal(o[0], 1);
    assert_int_equal(o[1], 2);
    tt_argmax_s8(in, 1, 2, 3, o);
    assert_int_equal(o[0], 0); assert_int_equal(o[1], 0); assert_int_equal(o[2], 0);
}

static void pack_unpack_gather(void **state)
{
    (void)state;
    /* PACK of two [3] int8 on axis 1 -> [3,2]: interleaved. */
    const int8_t x[3] = { 1, 2, 3 }, y[3] = { -1, -2, -3 };
    const void *srcs[2] = { x, y };
    const int32_t slab[2] = { 1, 1 };
    int8_t packed[6];
    tt_concat(2, srcs, slab, 3, packed);
    const int8_t want[6] = { 1, -1, 2, -2, 3, -3 };
    assert_memory_equal(packed, want, 6);
    /* UNPACK it back along axis 1. */
    int8_t u0[3], u1[3];
    void *outs[2] = { u0, u1 };
    tt_unpack(packed, 3, 2, 1, outs);
    assert_memory_equal(u0, x, 3);
    assert_memory_equal(u1, y, 3);
    /* GATHER_ND: params [2,3] = {{10,11,12},{20,21,22}}; indices [[1,2],[0,0]]
     * -> {22, 10}; indices [[1]] (depth 1) -> the row {20,21,22}. */
    const int8_t p[6] = { 10, 11, 12, 20, 21, 22 };
    const int32_t pd[2] = { 2, 3 }, i2[4] = { 1, 2, 0, 0 }, i1[1] = { 1 }, bad[2] = { 2, 0 };
    int8_t g[3];
    assert_int_equal(tt_gather_nd(p, pd, 2, i2, 2, 2, 1, g), 0);
    assert_int_equal(g[0], 22);
    assert_int_equal(g[1], 10);
    assert_int_equal(tt_gather_nd(p, pd, 2, i1, 1, 1, 1, g), 0);
    const int8_t row[3] = { 20, 21, 22 };
    assert_memory_equal(g, row, 3);
    assert_int_equal(tt_gather_nd(p, pd, 2, bad, 1, 2, 1, g), -1); /* out of range: refused */
}

static void sqrt_correctly_rounded(void **state)
{
    (void)state;
    /* Exact squares, a non-square whose float root is known (sqrt(2) rounds
     * to 0x3fb504f3), denormal 2^-148 -> 2^-74, and the special values. */
    const float in[6] = { 4.0f, 2.0f, 0.0f, 1.0e-44f, 2.25f, -1.0f };
    float o[6];
    tt_sqrt_f32(6, in, o);
    uint32_t b;
    assert_true(o[0] == 2.0f && o[2] == 0.0f && o[4] == 1.5f);
    memcpy(&b, &o[1], 4);
    assert_int_equal(b, 0x3fb504f3u);
    assert_true(o[5] != o[5]); /* NaN */
    float d = 0x1p-148f, r;
    tt_sqrt_f32(1, &d, &r);
    assert_true(r == 0x1p-74f);
    /* Every root checked by squaring: r*r <= x < next(r)^2 around ties. */
    for (uint32_t u = 0x3f800000u; u < 0x3f800000u + 4096u; u++) {
        float x, q;
        memcpy(&x, &u, 4);
        tt_sqrt_f32(1, &x, &q);
        double lo = (double)q - (double)q * 0x1p-24, hi = (double)q + (double)q * 0x1p-24;
        assert_true(lo * lo <= (double)x && (double)x <= hi * hi);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sub_scales_and_broadcast),
        cmocka_unit_test(cast_conversions),
        cmocka_unit_test(resize_bilinear_modes),
        cmocka_unit_test(resize_bilinear_2d),
        cmocka_unit_test(broadcast_int32_float),
        cmocka_unit_test(argmax_first_of_equal),
        cmocka_unit_test(pack_unpack_gather),
        cmocka_unit_test(sqrt_correctly_rounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
