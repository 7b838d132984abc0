/* CAST and RESIZE_BILINEAR (the operators MoveNet's pre- and post-
 * processing and its feature-pyramid upsampling use). */
#include <string.h>
#include "models/runtime/tt_kernels.h"
#include "models/runtime/ttm.h"

int tt_cast_type_ok(unsigned type)
{
    return type == TTM_T_INT8 || type == TTM_T_UINT8 || type == TTM_T_INT32 || type == TTM_T_FLOAT32;
}

/* float -> integer in [lo, hi]: truncation toward zero, saturating, NaN 0. */
static int64_t f_to_int(float v, int64_t lo, int64_t hi)
{
    if (!(v == v)) return 0;
    if (v <= (float)lo) return lo;
    if (v >= (float)hi) return hi;
    return (int64_t)v;
}

static int64_t i_clamp(int64_t v, int64_t lo, int64_t hi) { return v < lo ? lo : v > hi ? hi : v; }

void tt_cast(uint32_t n, unsigned in_type, const void *in, unsigned out_type, void *out)
{
    const uint8_t *src = in;
    uint8_t *dst = out;
    for (uint32_t i = 0; i < n; i++) {
        int64_t iv = 0;
        float fv = 0.0f;
        int is_f = in_type == TTM_T_FLOAT32;
        switch (in_type) {
        case TTM_T_INT8: iv = ((const int8_t *)in)[i]; break;
        case TTM_T_UINT8: iv = src[i]; break;
        case TTM_T_INT32: { int32_t x; memcpy(&x, src + 4 * i, 4); iv = x; break; }
        default: memcpy(&fv, src + 4 * i, 4); break;
        }
        switch (out_type) {
        case TTM_T_INT8: ((int8_t *)out)[i] = (int8_t)(is_f ? f_to_int(fv, -128, 127) : i_clamp(iv, -128, 127)); break;
        case TTM_T_UINT8: dst[i] = (uint8_t)(is_f ? f_to_int(fv, 0, 255) : i_clamp(iv, 0, 255)); break;
        case TTM_T_INT32: {
            int32_t x = (int32_t)(is_f ? f_to_int(fv, INT32_MIN, 2147483520) : iv);
            memcpy(dst + 4 * i, &x, 4);
            break;
        }
        default: {
            float x = is_f ? fv : (float)iv; /* int32 -> float: round to nearest */
            memcpy(dst + 4 * i, &x, 4);
            break;
        }
        }
    }
}

/* Output pixel `v` in input units of 1/1024: its position, and the two
 * input pixels either side (TFLite's ComputeInterpolationValues, integer). */
static void interp(int32_t v, int32_t scale_10, int half_pixel, int32_t in_size, int32_t *pos,
                   int32_t *lo, int32_t *hi)
{
    *pos = half_pixel ? v * scale_10 + scale_10 / 2 - (1 << 9) : v * scale_10;
    int32_t l = *pos / (1 << 10); /* truncates toward zero, as C++ does */
    int32_t h = (*pos + (1 << 10) - 1) / (1 << 10);
    *lo = l > 0 ? l : 0;
    *hi = h < in_size - 1 ? h : in_size - 1;
}

/* 1/1024-pixel step between output pixels. */
static int32_t step_10(int32_t in_size, int32_t out_size, int align_corners)
{
    if (align_corners && out_size > 1)
        return ((1 << 10) * (in_size - 1) + (out_size - 1) / 2) / (out_size - 1);
    return ((1 << 10) * in_size + out_size / 2) / out_size;
}

void tt_resize_bilinear_s8(tt_shape4 in_s, const int8_t *in, tt_shape4 out_s, int align_corners,
                           int half_pixel, int8_t *out)
{
    const int32_t sy = step_10(in_s.h, out_s.h, align_corners), sx = step_10(in_s.w, out_s.w, align_corners);
    const int32_t one = 1 << 10;
    for (int32_t b = 0; b < out_s.n; b++)
    for (int32_t y = 0; y < out_s.h; y++) {
        int32_t py, y0, y1;
        interp(y, sy, half_pixel, in_s.h, &py, &y0, &y1);
        const int64_t wy1 = py - one * y0, wy0 = one - wy1;
        for (int32_t x = 0; x < out_s.w; x++) {
            int32_t px, x0, x1;
            interp(x, sx, half_pixel, in_s.w, &px, &x0, &x1);
            const int64_t wx1 = px - one * x0, wx0 = one - wx1;
            const int8_t *r0 = in + ((int64_t)b * in_s.h + y0) * in_s.w * in_s.c;
            const int8_t *r1 = in + ((int64_t)b * in_s.h + y1) * in_s.w * in_s.c;
            int8_t *o = out + (((int64_t)b * out_s.h + y) * out_s.w + x) * out_s.c;
            for (int32_t c = 0; c < out_s.c; c++) {
                int64_t s = r0[x0 * in_s.c + c] * wy0 * wx0 + r1[x0 * in_s.c + c] * wy1 * wx0 +
                            r0[x1 * in_s.c + c] * wy0 * wx1 + r1[x1 * in_s.c + c] * wy1 * wx1;
                /* (s + round) / 2^20 truncating toward zero, by shifts
                 * (no 64-bit division helper in the firmware). */
                int64_t t = s > 0 ? (s + (1 << 19)) >> 20 : -((-s + (1 << 19)) >> 20);
                o[c] = (int8_t)t;
            }
        }
    }
}
