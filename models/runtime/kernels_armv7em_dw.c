/* DEPTHWISE_CONV_2D (depth multiplier 1, no dilation) for ARMv7E-M.
 *
 * Channels do not reduce into each other here, so SMLAD's pairwise sum
 * does not apply to one word of channels. Four channels go at a time: one
 * input word and one filter word per tap, SXTAB16/SXTB16 split them into
 * even and odd int16 pairs, and SMLABB/SMLATT accumulate the four lanes
 * separately. Output pixels whose window lies inside the image take a path
 * with no bounds tests whose tap loops have constant trip counts for the
 * 3x3 and 5x5 filters of MobileNetV3 (the compiler unrolls them); border
 * pixels clip the window first. Other depth multipliers and dilations go to
 * the reference kernel. */
#include "models/runtime/kernels_armv7em.h"
#if defined(TT_HAVE_ARMV7EM_KERNELS)
#include "models/runtime/kernels_armv7em_simd.h"

typedef struct { int32_t c0, c1, c2, c3; } acc4;

/* Accumulates taps [kx0, kx1) of rows [ky0, ky1) for channels c..c+3.
 * x points at the window's top-left input pixel channel c (it may lie in
 * the padding: only in-range taps are read), w at tap (0,0) channel c. */
static inline __attribute__((always_inline)) acc4
window4(const int8_t *x, const int8_t *w, int32_t row_stride, int32_t ch, int32_t kw,
        int32_t ky0, int32_t ky1, int32_t kx0, int32_t kx1, int32_t off2, acc4 s)
{
#pragma GCC unroll 5
    for (int32_t ky = ky0; ky < ky1; ky++) {
        const int8_t *xr = x + ky * row_stride, *wr = w + ky * kw * ch;
#pragma GCC unroll 5
        for (int32_t kx = kx0; kx < kx1; kx++) {
            int32_t xv = rd_s8x4(xr + kx * ch), wv = rd_s8x4(wr + kx * ch);
            int32_t xe = sxa_even(off2, xv), xo = sxa_odd(off2, xv);
            int32_t we = sx_even(wv), wo = sx_odd(wv);
            s.c0 = mac_bb(xe, we, s.c0);
            s.c2 = mac_tt(xe, we, s.c2);
            s.c1 = mac_bb(xo, wo, s.c1);
            s.c3 = mac_tt(xo, wo, s.c3);
        }
    }
    return s;
}

/* One output pixel, taps [kx0, kx1) of rows [ky0, ky1) of its window;
 * base is the window origin's offset in the input (it may be negative or
 * lie in the padding: only in-range taps are read, and pointers are formed
 * only for those). */
static inline __attribute__((always_inline)) void
dw_pixel(const opt_epi *e, int32_t off, tt_shape4 in_s, const int8_t *in, int32_t kw,
         const int8_t *filter, const int32_t *bias, int32_t base,
         int32_t ky0, int32_t ky1, int32_t kx0, int32_t kx1, int8_t *o)
{
    const int32_t ch = in_s.c, row_stride = in_s.w * ch;
    const int32_t off2 = offset_pair(off);
    int32_t c = 0;
    for (; c + 4 <= ch; c += 4) {
        acc4 s = bias ? (acc4){ bias[c], bias[c + 1], bias[c + 2], bias[c + 3] } : (acc4){ 0, 0, 0, 0 };
        const int8_t *x = in + base + ky0 * row_stride + kx0 * ch + c;
        const int8_t *w = filter + (ky0 * kw + kx0) * ch + c;
        s = window4(x, w, row_stride, ch, kw, 0, ky1 - ky0, 0, kx1 - kx0, off2, s);
        o[c] = opt_finish(e, s.c0, c);
        o[c + 1] = opt_finish(e, s.c1, c + 1);
        o[c + 2] = opt_finish(e, s.c2, c + 2);
        o[c + 3] = opt_finish(e, s.c3, c + 3);
    }
    for (; c < ch; c++) {
        int32_t acc = bias ? bias[c] : 0;
        for (int32_t ky = ky0; ky < ky1; ky++)
            for (int32_t kx = kx0; kx < kx1; kx++)
                acc += (in[base + ky * row_stride + kx * ch + c] + off) *
                       filter[(ky * kw + kx) * ch + c];
        o[c] = opt_finish(e, acc, c);
    }
}

/* kh and kw are compile-time constants in the 3x3 and 5x5 instances, so an
 * interior pixel's window loops (0..kh, 0..kw) fully unroll. */
static inline __attribute__((always_inline)) void
dw_layer(const tt_conv_params *p, tt_shape4 in_s, const int8_t *in, int32_t kh, int32_t kw,
         const int8_t *filter, const int32_t *bias, tt_shape4 out_s, int8_t *out)
{
    const int32_t row_stride = in_s.w * in_s.c, off = p->in_offset;
    const opt_epi e = epi_of(p);
    for (int32_t b = 0; b < out_s.n; b++)
    for (int32_t oy = 0; oy < out_s.h; oy++) {
        const int32_t iy0 = oy * p->stride_h - p->pad_h;
        const int32_t ky0 = iy0 < 0 ? -iy0 : 0, ky1 = in_s.h - iy0 < kh ? in_s.h - iy0 : kh;
        for (int32_t ox = 0; ox < out_s.w; ox++) {
            const int32_t ix0 = ox * p->stride_w - p->pad_w;
            const int32_t kx0 = ix0 < 0 ? -ix0 : 0, kx1 = in_s.w - ix0 < kw ? in_s.w - ix0 : kw;
            const int32_t base = (b * in_s.h + iy0) * row_stride + ix0 * in_s.c;
            int8_t *o = out + ((b * out_s.h + oy) * out_s.w + ox) * out_s.c;
            if (ky0 == 0 && ky1 == kh && kx0 == 0 && kx1 == kw)
                dw_pixel(&e, off, in_s, in, kw, filter, bias, base, 0, kh, 0, kw, o);
            else
                dw_pixel(&e, off, in_s, in, kw, filter, bias, base, ky0, ky1, kx0, kx1, o);
        }
    }
}

static void dw_3x3(const tt_conv_params *p, tt_shape4 in_s, const int8_t *in,
                   const int8_t *filter, const int32_t *bias, tt_shape4 out_s, int8_t *out)
{
    dw_layer(p, in_s, in, 3, 3, filter, bias, out_s, out);
}

static void dw_5x5(const tt_conv_params *p, tt_shape4 in_s, const int8_t *in,
                   const int8_t *filter, const int32_t *bias, tt_shape4 out_s, int8_t *out)
{
    dw_layer(p, in_s, in, 5, 5, filter, bias, out_s, out);
}

static void dw_any(const tt_conv_params *p, tt_shape4 in_s, const int8_t *in, tt_shape4 f_s,
                   const int8_t *filter, const int32_t *bias, tt_shape4 out_s, int8_t *out)
{
    dw_layer(p, in_s, in, f_s.h, f_s.w, filter, bias, out_s, out);
}

int tt_dwconv2d_s8_armv7em(const tt_conv_params *p, tt_shape4 in_s, const int8_t *in,
                           tt_shape4 f_s, const int8_t *filter, const int32_t *bias,
                           tt_shape4 out_s, int8_t *out)
{
    if (p->depth_mult != 1 || p->dil_w != 1 || p->dil_h != 1 || !offset_fits_lane(p->in_offset))
        return 0;
    if (f_s.h == 3 && f_s.w == 3)
        dw_3x3(p, in_s, in, filter, bias, out_s, out);
    else if (f_s.h == 5 && f_s.w == 5)
        dw_5x5(p, in_s, in, filter, bias, out_s, out);
    else
        dw_any(p, in_s, in, f_s, filter, bias, out_s, out);
    return 1;
}

#else
typedef int tt_armv7em_dw_unused; /* ISO C wants a declaration in every file */
#endif
