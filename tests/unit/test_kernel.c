/* Hand-checked cases for the int8 kernels and requantisation. Every
 * expected value is worked out in the comment next to it from TFLite's
 * definitions, not taken from the code's output. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "models/runtime/tt_kernels.h"
#include "models/runtime/tt_requant.h"
#include "models/tflite/graph.h"

#define Q_HALF (1 << 30) /* multiplier 2^30 = 0.5 (with shift 0) */

static void requant_exact_and_ties(void **state)
{
    (void)state;
    /* 100 * 0.5 = 50 exactly, both roundings */
    assert_int_equal(tt_requant_double(100, Q_HALF, 0), 50);
    assert_int_equal(tt_requant_single(100, Q_HALF, 0), 50);
    /* 5 * 0.5 = 2.5: the high multiply rounds half up -> 3 (both) */
    assert_int_equal(tt_requant_double(5, Q_HALF, 0), 3);
    assert_int_equal(tt_requant_single(5, Q_HALF, 0), 3);
    /* -5 * 0.5 = -2.5: gemmlowp's nudge (1 - 2^30) then truncation gives -2,
     * and single rounding (+2^30, >> 31 = floor(-1.5*...)) also gives -2 */
    assert_int_equal(tt_requant_double(-5, Q_HALF, 0), -2);
    assert_int_equal(tt_requant_single(-5, Q_HALF, 0), -2);
    /* -2 * 0.25 = -0.5, an exact tie of the final shift: double rounding's
     * RoundingDivideByPOT goes away from zero (-1), single rounding up (0) */
    assert_int_equal(tt_requant_double(-2, Q_HALF, -1), -1);
    assert_int_equal(tt_requant_single(-2, Q_HALF, -1), 0);
    /* 1 * (2^31-1)/2^32 = 0.4999999998: single rounding gives 0; the high
     * multiply first rounds 0.9999999995 up to 1, making a tie 1/2 that the
     * shift rounds away from zero: the double-rounding artefact, 1 */
    assert_int_equal(tt_requant_single(1, INT32_MAX, -1), 0);
    assert_int_equal(tt_requant_double(1, INT32_MAX, -1), 1);
    /* positive shift: 3 * 0.5 * 2^2 = 6 */
    assert_int_equal(tt_requant_double(3, Q_HALF, 2), 6);
    assert_int_equal(tt_requant_single(3, Q_HALF, 2), 6);
    /* the single overflow case of the doubling high multiply saturates */
    assert_int_equal(tt_srdhm(INT32_MIN, INT32_MIN), INT32_MAX);
}

static void quantize_multiplier(void **state)
{
    (void)state;
    int32_t m, s;
    tt_quantize_multiplier(0.5, &m, &s);  /* 0.5 = 2^30/2^31 * 2^0 */
    assert_int_equal(m, 1 << 30); assert_int_equal(s, 0);
    tt_quantize_multiplier(1.0, &m, &s);  /* 1 = 0.5 * 2^1 */
    assert_int_equal(m, 1 << 30); assert_int_equal(s, 1);
    tt_quantize_multiplier(0.75, &m, &s); /* 0.75 * 2^31 */
    assert_int_equal(m, 1610612736); assert_int_equal(s, 0);
    tt_quantize_multiplier(0.0, &m, &s);
    assert_int_equal(m, 0); assert_int_equal(s, 0);
    tt_quantize_multiplier(1e-12, &m, &s); /* exponent -39 < -31: flushed to 0 */
    assert_int_equal(m, 0); assert_int_equal(s, 0);
}

static tt_conv_params conv_p(const int32_t *mult, const int32_t *shift, int per_channel)
{
    tt_conv_params p = { 1, 1, 1, 1, 0, 0, 1, 0, 0, -128, 127, mult, shift, per_channel, 0 };
    return p;
}

/* 1x1 conv, zero points on both sides, per-channel scales, saturation. */
static void conv_1x1_per_channel(void **state)
{
    (void)state;
    const int8_t in[4] = { 10, -5, 0, 127 };        /* [1,1,2,2], zp 5 */
    const int8_t w[4] = { 1, 2, -3, 1 };            /* [2,1,1,2] */
    const int32_t bias[2] = { 100, -7 };
    const int32_t mult[2] = { Q_HALF, Q_HALF }, shift[2] = { 0, -1 }; /* 0.5, 0.25 */
    tt_conv_params p = conv_p(mult, shift, 1);
    p.in_offset = -5;
    p.out_offset = -10;
    int8_t out[4];
    tt_conv2d_s8(&p, (tt_shape4){ 1, 1, 2, 2 }, in, (tt_shape4){ 2, 1, 1, 2 }, w, bias,
                 (tt_shape4){ 1, 1, 2, 2 }, out);
    /* px0 x={5,-10}: oc0 100+5-20=85 *0.5=42.5->43, -10 -> 33
     *                oc1 -7-15-10=-32 *0.25=-8, -10 -> -18
     * px1 x={-5,122}: oc0 100-5+244=339 *0.5=169.5->170, -10=160 -> saturates 127
     *                 oc1 -7+15+122=130 *0.25=32.5 -> 33 (both roundings), -10 -> 23 */
    const int8_t want[4] = { 33, -18, 127, 23 };
    assert_memory_equal(out, want, 4);
}

/* 3x3 SAME on 2x2: padded pixels contribute nothing even with an input
 * zero point (they are not (0 - zp) * w). */
static void conv_3x3_padding_zero_point(void **state)
{
    (void)state;
    const int8_t in[4] = { 1, 2, 3, 4 };
    int8_t w[9];
    memset(w, 1, sizeof w);
    const int32_t mult[1] = { Q_HALF }, shift[1] = { 1 }; /* 1.0 */
    tt_conv_params p = conv_p(mult, shift, 0);
    p.pad_w = p.pad_h = 1;
    int8_t out[4];
    tt_conv2d_s8(&p, (tt_shape4){ 1, 2, 2, 1 }, in, (tt_shape4){ 1, 3, 3, 1 }, w, NULL,
                 (tt_shape4){ 1, 2, 2, 1 }, out);
    const int8_t want0[4] = { 10, 10, 10, 10 }; /* every window holds all 4 pixels */
    assert_memory_equal(out, want0, 4);
    p.in_offset = -1; /* zp 1: values 0,1,2,3 -> 6 each */
    tt_conv2d_s8(&p, (tt_shape4){ 1, 2, 2, 1 }, in, (tt_shape4){ 1, 3, 3, 1 }, w, NULL,
                 (tt_shape4){ 1, 2, 2, 1 }, out);
    const int8_t want1[4] = { 6, 6, 6, 6 };
    assert_memory_equal(out, want1, 4);
}

static void conv_3x3_stride2(void **state)
{
    (void)state;
    const int8_t in[9] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 }; /* 3x3 */
    int8_t w[9];
    memset(w, 1, sizeof w);
    const int32_t mult[1] = { Q_HALF }, shift[1] = { 1 };
    tt_conv_params p = conv_p(mult, shift, 0);
    p.stride_w = p.stride_h = 2;
    p.pad_w = p.pad_h = 1;
    int8_t out[4];
    tt_conv2d_s8(&p, (tt_shape4){ 1, 3, 3, 1 }, in, (tt_shape4){ 1, 3, 3, 1 }, w, NULL,
                 (tt_shape4){ 1, 2, 2, 1 }, out);
    /* windows centred on (0,0),(0,2),(2,0),(2,2): 1+2+4+5, 2+3+5+6, 4+5+7+8, 5+6+8+9 */
    const int8_t want[4] = { 12, 16, 24, 28 };
    assert_memory_equal(out, want, 4);
}

/* 3x3x64 filter (past the small-patch path): only channel 0 carries weight 1;
 * inputs are 2 with zero point 1, so each in-image tap adds (2-1)*1 and the
 * padded taps add nothing: a 2x2 image gives 4 taps per window. */
static void conv_wide_filter_padding(void **state)
{
    (void)state;
    int8_t in[2 * 2 * 64], w[3 * 3 * 64];
    memset(in, 2, sizeof in);
    memset(w, 0, sizeof w);
    for (int t = 0; t < 9; t++) w[t * 64] = 1;
    const int32_t mult[1] = { Q_HALF }, shift[1] = { 1 };
    tt_conv_params p = conv_p(mult, shift, 0);
    p.pad_w = p.pad_h = 1;
    p.in_offset = -1;
    int8_t out[4];
    tt_conv2d_s8(&p, (tt_shape4){ 1, 2, 2, 64 }, in, (tt_shape4){ 1, 3, 3, 64 }, w, NULL,
                 (tt_shape4){ 1, 2, 2, 1 }, out);
    const int8_t want[4] = { 4, 4, 4, 4 };
    assert_memory_equal(out, want, 4);
}

/* Dilation 2: a 3x3 filter of ones on a 5x5 image samples the pixels at
 * even coordinates: 1+3+5 + 11+13+15 + 21+23+25 = 117 (values = 1..25). */
static void conv_dilation(void **state)
{
    (void)state;
    int8_t in[25], w[9];
    for (int i = 0; i < 25; i++) in[i] = (int8_t)(i + 1);
    memset(w, 1, sizeof w);
    const int32_t mult[1] = { Q_HALF }, shift[1] = { 1 };
    tt_conv_params p = conv_p(mult, shift, 0);
    p.dil_w = p.dil_h = 2;
    int8_t out[1];
    tt_conv2d_s8(&p, (tt_shape4){ 1, 5, 5, 1 }, in, (tt_shape4){ 1, 3, 3, 1 }, w, NULL,
                 (tt_shape4){ 1, 1, 1, 1 }, out);
    assert_int_equal(out[0], 117);
}

/* Dilation 2 with a wide filter (3x3x64, the general path): channel 0 only,
 * ones on a 5x5 image whose channel 0 holds 1..25: the even-coordinate
 * pixels again, 117; other channels hold 100 and must not leak in. */
static void conv_dilation_wide(void **state)
{
    (void)state;
    static int8_t in[25 * 64], w[9 * 64];
    memset(in, 100, sizeof in);
    memset(w, 0, sizeof w);
    for (int i = 0; i < 25; i++) in[i * 64] = (int8_t)(i + 1);
    for (int t = 0; t < 9; t++) w[t * 64] = 1;
    const int32_t mult[1] = { Q_HALF }, shift[1] = { 1 };
    tt_conv_params p = conv_p(mult, shift, 0);
    p.dil_w = p.dil_h = 2;
    int8_t out[1];
    tt_conv2d_s8(&p, (tt_shape4){ 1, 5, 5, 64 }, in, (tt_shape4){ 1, 3, 3, 64 }, w, NULL,
                 (tt_shape4){ 1, 1, 1, 1 }, out);
    assert_int_equal(out[0], 117);
}

/* Depth multiplier 2: output channel = in_channel * 2 + j; fused ReLU. */
static void dwconv_depth_multiplier(void **state)
{
    (void)state;
    const int8_t in[2] = { 3, -4 };
    const int8_t w[4] = { 1, 2, 3, 4 };
    const int32_t bias[4] = { 0, 1, 2, 3 };
    const int32_t mult[1] = { Q_HALF }, shift[1] = { 1 };
    tt_conv_params p = conv_p(mult, shift, 0);
    p.depth_mult = 2;
    int8_t out[4];
    tt_dwconv2d_s8(&p, (tt_shape4){ 1, 1, 1, 2 }, in, (tt_shape4){ 1, 1, 1, 4 }, w, bias,
                   (tt_shape4){ 1, 1, 1, 4 }, out);
    const int8_t want[4] = { 3, 7, -10, -13 }; /* 3*1, 3*2+1, -4*3+2, -4*4+3 */
    assert_memory_equal(out, want, 4);
    p.act_min = 0; /* RELU with output zp 0 */
    tt_dwconv2d_s8(&p, (tt_shape4){ 1, 1, 1, 2 }, in, (tt_shape4){ 1, 1, 1, 4 }, w, bias,
                   (tt_shape4){ 1, 1, 1, 4 }, out);
    const int8_t relu[4] = { 3, 7, 0, 0 };
    assert_memory_equal(out, relu, 4);
}

/* Depthwise 3x3 with padding and per-channel scales. */
static void dwconv_padding_per_channel(void **state)
{
    (void)state;
    const int8_t in[2] = { 10, 20 };            /* 1x1 image, 2 channels */
    int8_t w[18];
    for (int i = 0; i < 18; i++) w[i] = (int8_t)(i % 2 ? 2 : 1); /* ch0 taps 1, ch1 taps 2 */
    const int32_t mult[2] = { Q_HALF, Q_HALF }, shift[2] = { 1, 0 }; /* 1.0 and 0.5 */
    tt_conv_params p = conv_p(mult, shift, 1);
    p.pad_w = p.pad_h = 1;
    p.in_offset = -2;
    int8_t out[2];
    tt_dwconv2d_s8(&p, (tt_shape4){ 1, 1, 1, 2 }, in, (tt_shape4){ 1, 3, 3, 2 }, w, NULL,
                   (tt_shape4){ 1, 1, 1, 2 }, out);
    /* only the centre tap sees the pixel: ch0 (10-2)*1 = 8; ch1 (20-2)*2 = 36 * 0.5 = 18 */
    const int8_t want[2] = { 8, 18 };
    assert_memory_equal(out, want, 2);
}

static void fully_connected_zero_points(void **state)
{
    (void)state;
    const int8_t in[3] = { 1, 2, 3 };                /* zp 1 -> 0,1,2 */
    const int8_t w[6] = { 1, 1, 1, -1, 2, 0 };
    const int32_t bias[2] = { 5, 0 };
    const int32_t mult[1] = { Q_HALF }, shift[1] = { 1 };
    tt_conv_params p = conv_p(mult, shift, 0);
    p.in_offset = -1;
    p.out_offset = 3;
    int8_t out[2];
    tt_fully_connected_s8(&p, 1, 3, in, 2, w, bias, out);
    const int8_t want[2] = { 11, 5 }; /* 5+0+1+2=8 +3; 0-0+2+0=2 +3 */
    assert_memory_equal(out, want, 2);
    const int8_t low[3] = { -128, -128, -128 };      /* -129 each */
    const int8_t w2[6] = { 127, 127, 127, 0, 0, 0 };
    tt_fully_connected_s8(&p, 1, 3, low, 2, w2, bias, out);
    assert_int_equal(out[0], -128);                  /* 5 - 3*129*127 saturates low */
    assert_int_equal(out[1], 3);
}

/* ADD with TFLite's parameters computed as add.cc does. */
static tt_add_params add_params(float s1, int32_t z1, float s2, int32_t z2, float so, int32_t zo)
{
    tt_add_params p = { -z1, -z2, zo, 0, 0, 0, 0, 0, 0, 20, -128, 127 };
    double twice = 2.0 * (double)(s1 > s2 ? s1 : s2);
    tt_quantize_multiplier(s1 / twice, &p.in1_mult, &p.in1_shift);
    tt_quantize_multiplier(s2 / twice, &p.in2_mult, &p.in2_shift);
    tt_quantize_multiplier(twice / ((double)(1 << 20) * so), &p.out_mult, &p.out_shift);
    return p;
}

static void add_scales_and_saturation(void **state)
{
    (void)state;
    tt_add_params p = add_params(0.5f, 0, 0.25f, 2, 1.0f, -1);
    const int8_t a[3] = { 4, -6, 127 }, b[3] = { 10, 2, 127 };
    int8_t out[3];
    tt_add_s8(&p, 3, a, 3, b, 3, out);
    /* 2 + 2 = 4 -> 3; -3 + 0 = -3 -> -4; 63.5 + 31.25 = 94.75 -> 95 -> 94 */
    const int8_t want[3] = { 3, -4, 94 };
    assert_memory_equal(out, want, 3);
    p = add_params(0.5f, 0, 0.25f, 2, 0.25f, 0); /* 94.75 / 0.25 = 379 -> 127 */
    tt_add_s8(&p, 1, a + 2, 1, b + 2, 1, out);
    assert_int_equal(out[0], 127);
    p = add_params(0.5f, 0, 0.5f, 0, 0.5f, 0);   /* broadcast of a single value */
    const int8_t one[1] = { 1 };
    tt_add_s8(&p, 3, a, 3, one, 1, out);
    const int8_t bc[3] = { 5, -5, 127 };
    assert_memory_equal(out, bc, 3);
}

static void mul_zero_points(void **state)
{
    (void)state;
    tt_mul_params p = { -1, 0, 0, 0, 0, -128, 127 };
    tt_quantize_multiplier(0.5 * 0.5 / 0.25, &p.out_mult, &p.out_shift);
    const int8_t a[1] = { 5 }, b[1] = { 6 }; /* 2.0 * 3.0 = 6.0 / 0.25 = 24 */
    int8_t out[1];
    tt_mul_s8(&p, 1, a, 1, b, 1, out);
    assert_int_equal(out[0], 24);
}

static void pad_value_is_zero_point(void **state)
{
    (void)state;
    const int32_t dims[4] = { 1, 1, 2, 1 }, before[4] = { 0, 1, 0, 0 }, after[4] = { 0, 0, 1, 0 };
    const int8_t in[2] = { 7, 8 };
    int8_t out[6];
    tt_pad(dims, before, after, in, out, 1, -3);
    const int8_t want[6] = { -3, -3, -3, 7, 8, -3 }; /* [1,2,3,1] */
    assert_memory_equal(out, want, 6);
}

/* A dead channel (all-zero weights) with a bias above 2^30, as ten
 * convolutions of MLPerf Tiny's visual wake words model have: TFLite's int32
 * accumulator holds it, so the result is just the requantised bias. With
 * multiplier 2^-24 (mult 2^30, shift -23): 1073741952 / 2^24 = 64.0000076
 * -> 64, plus output offset -128 = -64, on every kernel path. A bias of
 * INT32_MAX with a positive sum would overflow TFLite's int32 sum (undefined
 * there): we saturate, 2147483647 / 2^24 = 127.99999994 -> 128, -128 = 0. */
static void dead_channel_full_range_bias(void **state)
{
    (void)state;
    const int32_t mult[1] = { Q_HALF }, shift[1] = { -23 };
    tt_conv_params p = conv_p(mult, shift, 0);
    p.out_offset = -128;
    int8_t in[3 * 3 * 4], w0[3 * 3 * 4], w1[4] = { 1, 1, 1, 1 }, out[9];
    memset(in, 7, sizeof in);
    memset(w0, 0, sizeof w0);
    const int32_t big[1] = { 1073741952 }, max[1] = { INT32_MAX };
    tt_conv2d_s8(&p, (tt_shape4){ 1, 3, 3, 4 }, in, (tt_shape4){ 1, 1, 1, 4 }, w0, big,
                 (tt_shape4){ 1, 3, 3, 1 }, out);                    /* 1x1 path */
    for (int i = 0; i < 9; i++) assert_int_equal(out[i], -64);
    p.pad_w = p.pad_h = 1;
    tt_conv2d_s8(&p, (tt_shape4){ 1, 3, 3, 4 }, in, (tt_shape4){ 1, 3, 3, 4 }, w0, big,
                 (tt_shape4){ 1, 3, 3, 1 }, out);                    /* small-patch path */
    for (int i = 0; i < 9; i++) assert_int_equal(out[i], -64);
    tt_dwconv2d_s8(&p, (tt_shape4){ 1, 3, 3, 1 }, in, (tt_shape4){ 1, 3, 3, 1 }, w0, big,
                   (tt_shape4){ 1, 3, 3, 1 }, out);                  /* depthwise */
    for (int i = 0; i < 9; i++) assert_int_equal(out[i], -64);
    tt_fully_connected_s8(&p, 1, 4, in, 1, w0, big, out);
    assert_int_equal(out[0], -64);
    tt_fully_connected_s8(&p, 1, 4, in, 1, w1, max, out);           /* 2^31-1 + 28 saturates */
    assert_int_equal(out[0], 0);
}

/* TF1 uint8 models imported as int8 keep a filter zero point: TFLite's
 * uint8 conv sums (x - x_zp)(w - w_zp). uint8 x 140, w 131 / 120 with
 * x_zp 128, w_zp 125 become int8 12, 3 / -8 with zero points 0, -3:
 * (12-0)(3+3) = 72 and (12-0)(-8+3) = -60, scale 1. */
static void conv_filter_zero_point(void **state)
{
    (void)state;
    int32_t m, s;
    tt_quantize_multiplier(1.0, &m, &s);
    tt_conv_params p = conv_p(&m, &s, 0);
    p.filter_offset = 3;
    const int8_t in[1] = { 12 }, w[2] = { 3, -8 };
    int8_t out[2];
    tt_conv2d_s8(&p, (tt_shape4){ 1, 1, 1, 1 }, in, (tt_shape4){ 2, 1, 1, 1 }, w, NULL,
                 (tt_shape4){ 1, 1, 1, 2 }, out);
    assert_int_equal(out[0], 72);
    assert_int_equal(out[1], -60);
    tt_fully_connected_s8(&p, 1, 1, in, 2, w, NULL, out);
    assert_int_equal(out[0], 72);
    assert_int_equal(out[1], -60);
    p.depth_mult = 2;
    tt_dwconv2d_s8(&p, (tt_shape4){ 1, 1, 1, 1 }, in, (tt_shape4){ 1, 1, 1, 2 }, w, NULL,
                   (tt_shape4){ 1, 1, 1, 2 }, out);
    assert_int_equal(out[0], 72);
    assert_int_equal(out[1], -60);
}

/* QUANTIZE at uint8 edges: uint8 zp 128 -> int8 zp 0 at the same scale is
 * q - 128; int8 zp -128 -> uint8 zp 0 is q + 128; both saturate. */
static void requantize_uint8_edges(void **state)
{
    (void)state;
    int32_t m, s;
    tt_quantize_multiplier(1.0, &m, &s);
    const uint8_t u[3] = { 0, 255, 128 };
    int8_t q[3];
    tt_requantize_8(3, u, 1, 128, 0, m, s, q, 0);
    assert_int_equal(q[0], -128); assert_int_equal(q[1], 127); assert_int_equal(q[2], 0);
    const int8_t v[3] = { -128, 127, 0 };
    uint8_t r[3];
    tt_requantize_8(3, v, 0, -128, 0, m, s, r, 1);
    assert_int_equal(r[0], 0); assert_int_equal(r[1], 255); assert_int_equal(r[2], 128);
    tt_requantize_8(3, v, 0, 0, 100, m, s, r, 1); /* -128 + 100 < 0 and 227 > 255: clamp */
    assert_int_equal(r[0], 0); assert_int_equal(r[1], 227); assert_int_equal(r[2], 100);
    tt_requantize_8(3, v, 0, 0, 200, m, s, r, 1);
    assert_int_equal(r[1], 255);
}

/* Standalone RELU/RELU6 as TFLite's int8 ReluX: input zp 10 scale 0.5,
 * output zp -5 scale 0.25, so the multiplier is 2. RELU's floor is the
 * output zero point (-5); RELU6's ceiling -5 + 6/0.25 = 19.
 * q=4: (4-10)*2 - 5 = -17 -> -5; q=20: 20 - 5 = 15; q=30: 40 - 5 = 35 -> 19 (RELU6). */
static void relu_standalone(void **state)
{
    (void)state;
    int32_t m, s;
    tt_quantize_multiplier(2.0, &m, &s);
    const int8_t in[3] = { 4, 20, 30 };
    int8_t out[3];
    tt_relu_s8(3, in, 10, -5, m, s, -5, 127, out);
    assert_int_equal(out[0], -5); assert_int_equal(out[1], 15); assert_int_equal(out[2], 35);
    tt_relu_s8(3, in, 10, -5, m, s, -5, 19, out);
    assert_int_equal(out[0], -5); assert_int_equal(out[1], 15); assert_int_equal(out[2], 19);
}

static void pooling(void **state)
{
    (void)state;
    tt_pool_params p = { 2, 2, 2, 2, 0, 0, -128, 127, 0 };
    const int8_t pos[4] = { 1, 2, 3, 5 }, neg[4] = { -1, -2, -3, -5 };
    int8_t out[1];
    tt_avgpool_s8(&p, (tt_shape4){ 1, 2, 2, 1 }, pos, (tt_shape4){ 1, 1, 1, 1 }, out);
    assert_int_equal(out[0], 3);   /* 11/4 = 2.75 -> 3 */
    tt_avgpool_s8(&p, (tt_shape4){ 1, 2, 2, 1 }, neg, (tt_shape4){ 1, 1, 1, 1 }, out);
    assert_int_equal(out[0], -3);  /* -2.75 -> -3 (half away from zero rule) */
    tt_maxpool_s8(&p, (tt_shape4){ 1, 2, 2, 1 }, pos, (tt_shape4){ 1, 1, 1, 1 }, out);
    assert_int_equal(out[0], 5);
    p.act_max = 4;                 /* fused RELU6-style clamp */
    tt_maxpool_s8(&p, (tt_shape4){ 1, 2, 2, 1 }, pos, (tt_shape4){ 1, 1, 1, 1 }, out);
    assert_int_equal(out[0], 4);
    tt_pool_params q = { 1, 1, 3, 3, 1, 1, -128, 127, 0 }; /* padding counts no pixels */
    const int8_t nine[1] = { 9 };
    tt_avgpool_s8(&q, (tt_shape4){ 1, 1, 1, 1 }, nine, (tt_shape4){ 1, 1, 1, 1 }, out);
    assert_int_equal(out[0], 9);
    /* A TF1 uint8 pool run on int8 values (q - 128) keeps TFLite's uint8
     * rounding, (sum + count/2) / count on the uint8 sum, by hand:
     *  uint8 {0, 1}: (1 + 1) / 2 = 1 -> int8 -127 (away from zero: -128);
     *  uint8 {125, 126}: (251 + 1) / 2 = 126 -> -2 (away from zero: -3);
     *  uint8 {127, 126, 125, 123}: (501 + 2) / 4 = 125 -> -3 (no tie). */
    tt_pool_params u = { 2, 1, 2, 1, 0, 0, -128, 127, 1 };
    const int8_t t1[2] = { -128, -127 }, t2[2] = { -3, -2 };
    tt_avgpool_s8(&u, (tt_shape4){ 1, 1, 2, 1 }, t1, (tt_shape4){ 1, 1, 1, 1 }, out);
    assert_int_equal(out[0], -127);
    tt_avgpool_s8(&u, (tt_shape4){ 1, 1, 2, 1 }, t2, (tt_shape4){ 1, 1, 1, 1 }, out);
    assert_int_equal(out[0], -2);
    u.filter_w = 2; u.filter_h = 2; u.stride_h = 2;
    tt_avgpool_s8(&u, (tt_shape4){ 1, 2, 2, 1 }, neg, (tt_shape4){ 1, 1, 1, 1 }, out);
    assert_int_equal(out[0], -3);
    u.half_up = 0;
    tt_avgpool_s8(&u, (tt_shape4){ 1, 1, 2, 1 }, t1, (tt_shape4){ 1, 1, 1, 1 }, out);
    assert_int_equal(out[0], -128);
}

static void mean_over_hw(void **state)
{
    (void)state;
    const int8_t in[8] = { 1, 0, 2, 0, 3, 0, 5, 100 }; /* [1,2,2,2] */
    int32_t m, s;
    tt_quantize_multiplier(1.0, &m, &s);
    int8_t out[2];
    tt_mean_hw_s8((tt_shape4){ 1, 2, 2, 2 }, in, 1, 0, m, s, out);
    /* ch0: (0+1+2+4)=7 /4 = 1.75 -> 2; ch1: (-1-1-1+99)=96 /4 = 24 */
    assert_int_equal(out[0], 2);
    assert_int_equal(out[1], 24);
}

/* TFLite folds 1/count into MEAN's multiplier and rounds once (reference
 * reduce.h: mult' = (mult << floor(log2 n)) / n). Worked by hand:
 *  - ratio 1.0 (mult 2^30, shift 1), n = 4: mult' = 2^32/4 = 2^30, shift -1,
 *    i.e. exactly 0.25. Sum -2 -> -0.5, a tie: single rounding goes up (0),
 *    double rounding's divide-by-2^k away from zero (-1). Requantise-then-
 *    divide (the old form) gives -2 / 4 = -0.5 -> -1 in both builds.
 *  - ratio (2^31-1)/2^31 (mult 2^31-1, shift 0), n = 2: mult' = 2^31-1,
 *    shift -1. Sum 1 -> 0.49999999977: single rounding 0; the old form
 *    first rounded 1 x 0.99999999953 up to 1 and then 1/2 away to 1. */
static void mean_single_rounding_tie(void **state)
{
    (void)state;
    int32_t m, s;
    tt_mean_multiplier(1.0, 4, &m, &s);
    assert_int_equal(m, 1 << 30);
    assert_int_equal(s, -1);
    const int8_t in4[4] = { 0, 0, -1, -1 }; /* [1,2,2,1], zp 0: sum -2 */
    int8_t out[1];
    tt_mean_hw_folded_s8((tt_shape4){ 1, 2, 2, 1 }, in4, 0, 0, m, s, out);
    assert_int_equal(out[0], tt_requant_build_mode() == 1 ? 0 : -1);
    assert_int_equal(tt_requant_single(-2, m, s), 0);
    assert_int_equal(tt_requant_double(-2, m, s), -1);
    tt_mean_multiplier(2147483647.0 / 2147483648.0, 2, &m, &s);
    assert_int_equal(m, INT32_MAX);
    assert_int_equal(s, -1);
    assert_int_equal(tt_requant_single(1, m, s), 0);
    int32_t m0, s0;
    tt_quantize_multiplier(2147483647.0 / 2147483648.0, &m0, &s0);
    const int8_t in2[2] = { 1, 0 };
    tt_mean_hw_s8((tt_shape4){ 1, 1, 2, 1 }, in2, 0, 0, m0, s0, out); /* the old form */
    assert_int_equal(out[0], 1);
    if (tt_requant_build_mode() == 1) {
        tt_mean_hw_folded_s8((tt_shape4){ 1, 1, 2, 1 }, in2, 0, 0, m, s, out);
        assert_int_equal(out[0], 0);
    }
}

static void lut_indexing(void **state)
{
    (void)state;
    int8_t lut[256];
    for (int i = 0; i < 256; i++) lut[i] = (int8_t)(127 - i); /* q -> -q - 1 */
    const int8_t in[3] = { -128, 0, 127 };
    int8_t out[3];
    tt_lut_s8(3, in, lut, out);
    const int8_t want[3] = { 127, -1, -128 };
    assert_memory_equal(out, want, 3);
}

static void softmax_uniform(void **state)
{
    (void)state;
    float table[256];
    for (int i = 0; i < 256; i++) table[i] = 1.0f / (float)(256 - i); /* any decreasing table */
    const int8_t in[2] = { 5, 5 };
    int8_t out[2];
    tt_softmax_s8(1, 2, in, table, 1.0f / 256.0f, -128, out); /* 0.5 each -> 128 - 128 = 0 */
    assert_int_equal(out[0], 0);
    assert_int_equal(out[1], 0);
    const int8_t in2[2] = { 7, 6 }; /* exp ratio table[255]/table[254] = 1 / 0.5: 2/3, 1/3 */
    tt_softmax_s8(1, 2, in2, table, 1.0f / 256.0f, -128, out);
    assert_int_equal(out[0], 171 - 128);  /* 170.67 -> 171 */
    assert_int_equal(out[1], 85 - 128);   /* 85.33 -> 85 */
}

static void quantize_dequantize(void **state)
{
    (void)state;
    const float f[5] = { 0.5f, -0.5f, 0.25f, -0.25f, 1000.0f };
    int8_t q[5];
    tt_quantize_f32(5, f, 0.5f, 1, q);
    /* 1+1, -1+1, round(0.5)=1 +1, round(-0.5)=-1 +1 (half away from zero), saturate */
    const int8_t want[5] = { 2, 0, 2, 0, 127 };
    assert_memory_equal(q, want, 5);
    const int8_t d[3] = { -128, 0, 127 };
    float g[3];
    tt_dequantize_s8(3, d, 0.5f, -1, g);
    assert_true(g[0] == -63.5f && g[1] == 0.5f && g[2] == 64.0f);
    int32_t m, s;
    tt_quantize_multiplier(0.5, &m, &s); /* int8 -> int8 at half the scale step */
    int8_t r[2];
    const int8_t src[2] = { 20, -100 };
    tt_requantize_s8(2, src, 4, -2, m, s, r);
    assert_int_equal(r[0], 6);    /* (20-4)*0.5 = 8 - 2 */
    assert_int_equal(r[1], -54);  /* -104*0.5 = -52 - 2 */
}

static void concat_axis(void **state)
{
    (void)state;
    const int8_t a[4] = { 1, 2, 3, 4 }, b[2] = { 9, 8 }; /* [2,2] and [2,1] along axis 1 */
    const void *src[2] = { a, b };
    const int32_t slab[2] = { 2, 1 };
    int8_t out[6];
    tt_concat(2, src, slab, 2, out);
    const int8_t want[6] = { 1, 2, 9, 3, 4, 8 };
    assert_memory_equal(out, want, 6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(requant_exact_and_ties),
        cmocka_unit_test(quantize_multiplier),
        cmocka_unit_test(conv_1x1_per_channel),
        cmocka_unit_test(conv_3x3_padding_zero_point),
        cmocka_unit_test(conv_3x3_stride2),
        cmocka_unit_test(conv_wide_filter_padding),
        cmocka_unit_test(conv_dilation),
        cmocka_unit_test(conv_dilation_wide),
        cmocka_unit_test(dwconv_depth_multiplier),
        cmocka_unit_test(dwconv_padding_per_channel),
        cmocka_unit_test(fully_connected_zero_points),
        cmocka_unit_test(add_scales_and_saturation),
        cmocka_unit_test(mul_zero_points),
        cmocka_unit_test(pad_value_is_zero_point),
        cmocka_unit_test(dead_channel_full_range_bias),
        cmocka_unit_test(conv_filter_zero_point),
        cmocka_unit_test(requantize_uint8_edges),
        cmocka_unit_test(relu_standalone),
        cmocka_unit_test(pooling),
        cmocka_unit_test(mean_over_hw),
        cmocka_unit_test(mean_single_rounding_tie),
        cmocka_unit_test(lut_indexing),
        cmocka_unit_test(softmax_uniform),
        cmocka_unit_test(quantize_dequantize),
        cmocka_unit_test(concat_axis),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
