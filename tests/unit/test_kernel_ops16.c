/* Hand-worked cases for the operators issue 16 added for MoveNet: SUB,
 * CAST and RESIZE_BILINEAR. Every expected value is derived in the comment
 * next to it from TFLite's reference definitions (reference sub.h, cast.cc,
 * resize_bilinear.h), not taken from the code's output. */
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sub_scales_and_broadcast),
        cmocka_unit_test(cast_conversions),
        cmocka_unit_test(resize_bilinear_modes),
        cmocka_unit_test(resize_bilinear_2d),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
