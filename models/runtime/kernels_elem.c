/* Elementwise and reduction kernels: ADD, MUL, MEAN, pooling, lookup-table
 * activations, SOFTMAX, (DE)QUANTIZE, PAD and CONCATENATION. */
#include <string.h>
#include "models/runtime/tt_kernels.h"
#include "models/runtime/tt_requant.h"

static inline int8_t clamp8(int64_t v, int32_t lo, int32_t hi)
{
    return (int8_t)(v < lo ? lo : v > hi ? hi : v);
}

/* TFLite's int8 ADD: both inputs are brought to a common scale with 20 bits
 * of headroom (left_shift), summed, then rescaled to the output. */
void tt_add_s8(const tt_add_params *p, uint32_t n, const int8_t *in1, uint32_t in1_n,
               const int8_t *in2, uint32_t in2_n, int8_t *out)
{
    const int32_t lift = (int32_t)1 << p->left_shift;
    for (uint32_t i = 0; i < n; i++) {
        int32_t a = (p->in1_offset + in1[in1_n == 1 ? 0 : i]) * lift;
        int32_t b = (p->in2_offset + in2[in2_n == 1 ? 0 : i]) * lift;
        int32_t sa = tt_requant(a, p->in1_mult, p->in1_shift);
        int32_t sb = tt_requant(b, p->in2_mult, p->in2_shift);
        int64_t o = (int64_t)tt_requant(sa + sb, p->out_mult, p->out_shift) + p->out_offset;
        out[i] = clamp8(o, p->act_min, p->act_max);
    }
}

void tt_mul_s8(const tt_mul_params *p, uint32_t n, const int8_t *in1, uint32_t in1_n,
               const int8_t *in2, uint32_t in2_n, int8_t *out)
{
    for (uint32_t i = 0; i < n; i++) {
        int32_t a = p->in1_offset + in1[in1_n == 1 ? 0 : i];
        int32_t b = p->in2_offset + in2[in2_n == 1 ? 0 : i];
        int64_t o = (int64_t)tt_requant(a * b, p->out_mult, p->out_shift) + p->out_offset;
        out[i] = clamp8(o, p->act_min, p->act_max);
    }
}

/* Integer division rounding half away from zero (TFLite's pooling/mean).
 * Sums within count/2 of the int32 limits saturate instead of overflowing;
 * int32 only, so the firmware build needs no 64-bit division helper. */
static inline int32_t div_round(int32_t sum, int32_t count)
{
    if (sum > 0)
        return sum > INT32_MAX - count / 2 ? INT32_MAX / count : (sum + count / 2) / count;
    return sum < INT32_MIN + count / 2 ? INT32_MIN / count : (sum - count / 2) / count;
}

void tt_mean_hw_s8(tt_shape4 in_s, const int8_t *in, int32_t in_zp, int32_t out_zp,
                   int32_t mult, int32_t shift, int8_t *out)
{
    const int32_t count = in_s.h * in_s.w;
    for (int32_t b = 0; b < in_s.n; b++)
    for (int32_t c = 0; c < in_s.c; c++) {
        int32_t acc = 0;
        for (int32_t i = 0; i < count; i++)
            acc += in[((int64_t)b * count + i) * in_s.c + c] - in_zp;
        int64_t v = (int64_t)div_round(tt_requant(acc, mult, shift), count) + out_zp;
        out[(int64_t)b * in_s.c + c] = clamp8(v, -128, 127);
    }
}

void tt_mean_hw_folded_s8(tt_shape4 in_s, const int8_t *in, int32_t in_zp, int32_t out_zp,
                          int32_t mult, int32_t shift, int8_t *out)
{
    const int32_t count = in_s.h * in_s.w;
    for (int32_t b = 0; b < in_s.n; b++)
    for (int32_t c = 0; c < in_s.c; c++) {
        int32_t acc = 0;
        for (int32_t i = 0; i < count; i++)
            acc += in[((int64_t)b * count + i) * in_s.c + c] - in_zp;
        out[(int64_t)b * in_s.c + c] = clamp8((int64_t)tt_requant(acc, mult, shift) + out_zp, -128, 127);
    }
}

/* floor((sum + count/2) / count): TFLite's uint8 average, (sum + count/2) /
 * count on non-negative uint8 sums, taken on the int8 values (q - 128):
 * the floor keeps it exact, as the 128 * count offset is a multiple of
 * count. int32 only, no overflow (|sum| <= 128 * 65536). */
static inline int32_t div_half_up(int32_t sum, int32_t count)
{
    int32_t a = sum + count / 2, q = a / count;
    return q - (a % count != 0 && a < 0);
}

static void pool(const tt_pool_params *p, tt_shape4 in_s, const int8_t *in,
                 tt_shape4 out_s, int8_t *out, int is_max)
{
    for (int32_t b = 0; b < out_s.n; b++)
    for (int32_t oy = 0; oy < out_s.h; oy++)
    for (int32_t ox = 0; ox < out_s.w; ox++)
    for (int32_t c = 0; c < out_s.c; c++) {
        int32_t iy0 = oy * p->stride_h - p->pad_h, ix0 = ox * p->stride_w - p->pad_w;
        int32_t acc = is_max ? -128 : 0, count = 0;
        for (int32_t ky = 0; ky < p->filter_h; ky++) {
            int32_t iy = iy0 + ky;
            if (iy < 0 || iy >= in_s.h) continue;
            for (int32_t kx = 0; kx < p->filter_w; kx++) {
                int32_t ix = ix0 + kx;
                if (ix < 0 || ix >= in_s.w) continue;
                int32_t x = in[(((int64_t)b * in_s.h + iy) * in_s.w + ix) * in_s.c + c];
                if (is_max) { if (x > acc) acc = x; }
                else acc += x;
                count++;
            }
        }
        /* Only padding under the window: TFLite leaves average at 0. */
        int32_t v = is_max ? acc : !count ? 0 : p->half_up ? div_half_up(acc, count) : div_round(acc, count);
        out[(((int64_t)b * out_s.h + oy) * out_s.w + ox) * out_s.c + c] =
            clamp8(v, p->act_min, p->act_max);
    }
}

void tt_avgpool_s8(const tt_pool_params *p, tt_shape4 in_s, const int8_t *in,
                   tt_shape4 out_s, int8_t *out)
{
    pool(p, in_s, in, out_s, out, 0);
}

void tt_maxpool_s8(const tt_pool_params *p, tt_shape4 in_s, const int8_t *in,
                   tt_shape4 out_s, int8_t *out)
{
    pool(p, in_s, in, out_s, out, 1);
}

void tt_lut_s8(uint32_t n, const int8_t *in, const int8_t lut[256], int8_t *out)
{
    for (uint32_t i = 0; i < n; i++)
        out[i] = lut[(uint8_t)(in[i] + 128)];
}

/* float -> nearest int32, halves away from zero, saturating; no libm. */
static int32_t round_f32(float v)
{
    if (!(v == v)) return 0; /* NaN */
    if (v >= 2147483520.0f) return INT32_MAX;
    if (v <= -2147483648.0f) return INT32_MIN;
    int32_t t = (int32_t)v; /* truncates toward zero */
    float frac = v - (float)t;
    if (frac >= 0.5f) t++;
    else if (frac <= -0.5f) t--;
    return t;
}

void tt_softmax_s8(int32_t rows, int32_t depth, const int8_t *in, const float *exp_table,
                   float out_scale, int32_t out_zp, int8_t *out)
{
    for (int32_t r = 0; r < rows; r++) {
        const int8_t *x = in + (int64_t)r * depth;
        int32_t mx = -128;
        for (int32_t j = 0; j < depth; j++) if (x[j] > mx) mx = x[j];
        /* exp(beta*s*(x - max)) = exp_table[255 - (max - x)] */
        float sum = 0.0f;
        for (int32_t j = 0; j < depth; j++) sum += exp_table[255 - (mx - x[j])];
        float inv = 1.0f / (sum * out_scale);
        for (int32_t j = 0; j < depth; j++) {
            int32_t q = round_f32(exp_table[255 - (mx - x[j])] * inv) + out_zp;
            out[(int64_t)r * depth + j] = clamp8(q, -128, 127);
        }
    }
}

void tt_dequantize_s8(uint32_t n, const int8_t *in, float scale, int32_t zp, float *out)
{
    for (uint32_t i = 0; i < n; i++)
        out[i] = scale * (float)(in[i] - zp);
}

void tt_quantize_f32(uint32_t n, const float *in, float scale, int32_t zp, int8_t *out)
{
    for (uint32_t i = 0; i < n; i++) {
        int32_t q = round_f32(in[i] / scale);
        q = q > 1000 ? 1000 : q < -1000 ? -1000 : q; /* keep + zp in range */
        out[i] = clamp8(q + zp, -128, 127);
    }
}

void tt_requantize_s8(uint32_t n, const int8_t *in, int32_t in_zp, int32_t out_zp,
                      int32_t mult, int32_t shift, int8_t *out)
{
    for (uint32_t i = 0; i < n; i++)
        out[i] = clamp8((int64_t)tt_requant(in[i] - in_zp, mult, shift) + out_zp, -128, 127);
}

void tt_relu_s8(uint32_t n, const int8_t *in, int32_t in_zp, int32_t out_zp, int32_t mult, int32_t shift,
                int32_t lo, int32_t hi, int8_t *out)
{
    for (uint32_t i = 0; i < n; i++)
        out[i] = clamp8((int64_t)tt_requant(in[i] - in_zp, mult, shift) + out_zp, lo, hi);
}

void tt_requantize_8(uint32_t n, const void *in, int in_u8, int32_t in_zp, int32_t out_zp,
                     int32_t mult, int32_t shift, void *out, int out_u8)
{
    const uint8_t *u = in;
    const int8_t *s = in;
    const int32_t lo = out_u8 ? 0 : -128, hi = out_u8 ? 255 : 127;
    for (uint32_t i = 0; i < n; i++) {
        int32_t q = in_u8 ? (int32_t)u[i] : (int32_t)s[i];
        int64_t v = (int64_t)tt_requant(q - in_zp, mult, shift) + out_zp;
        v = v < lo ? lo : v > hi ? hi : v;
        if (out_u8) ((uint8_t *)out)[i] = (uint8_t)v;
        else ((int8_t *)out)[i] = (int8_t)v;
    }
}

void tt_pad(const int32_t in_dims[4], const int32_t before[4], const int32_t after[4],
            const void *in, void *out, unsigned elem_size, int32_t pad_value)
{
    int32_t od[4];
    for (int d = 0; d < 4; d++) od[d] = in_dims[d] + before[d] + after[d];
    const uint8_t *src = in;
    uint8_t *dst = out;
    const size_t out_n = (size_t)od[0] * od[1] * od[2] * od[3];
    /* Fill with the pad value first, then copy each input row into place. */
    if (elem_size == 1) memset(dst, (int)(int8_t)pad_value, out_n);
    else for (size_t i = 0; i < out_n; i++) memcpy(dst + i * 4, &pad_value, 4);
    const size_t row = (size_t)in_dims[3] * elem_size;
    for (int32_t a = 0; a < in_dims[0]; a++)
    for (int32_t b = 0; b < in_dims[1]; b++)
    for (int32_t c = 0; c < in_dims[2]; c++) {
        size_t o = ((((size_t)(a + before[0]) * od[1] + (b + before[1])) * od[2]
                     + (c + before[2])) * od[3] + before[3]) * elem_size;
        size_t i = (((size_t)a * in_dims[1] + b) * in_dims[2] + c) * row;
        memcpy(dst + o, src + i, row);
    }
}

void tt_concat(int32_t n_in, const void *const *in, const int32_t *in_bytes_per_outer,
               int32_t outer, void *out)
{
    uint8_t *dst = out;
    for (int32_t o = 0; o < outer; o++)
        for (int32_t k = 0; k < n_in; k++) {
            const uint8_t *src = in[k];
            memcpy(dst, src + (size_t)o * in_bytes_per_outer[k], (size_t)in_bytes_per_outer[k]);
            dst += in_bytes_per_outer[k];
        }
}
