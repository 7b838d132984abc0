/* CONV_2D for ARMv7E-M: 1x1 convolutions as a matrix product straight from
 * the NHWC tensor (no im2col), and every other shape through a per-pixel
 * int16 patch. Both run two SMLADs per four MACs (kernels_armv7em_simd.h). */
#include "models/runtime/kernels_armv7em.h"
#if defined(TT_HAVE_ARMV7EM_KERNELS)
#include "models/runtime/kernels_armv7em_simd.h"

/* Dot products of two pixels' inputs with two filter rows: 2x2 outputs per
 * pass, so each loaded word feeds two SMLAD pairs. The input offset is not
 * added here (see conv_1x1), which with x1 = x0 + cin and w1 = w0 + cin
 * addressed by one stride register keeps the loop within the 14 usable
 * registers (no spills). */
typedef struct { int32_t a00, a01, a10, a11; } acc2x2;

static acc2x2 dot_2px_2oc(const int8_t *x0, const int8_t *w0, int32_t cin, acc2x2 s)
{
    const int8_t *end = x0 + (cin & ~3);
    for (; x0 < end; x0 += 4, w0 += 4) {
        int32_t xa = rd_s8x4(x0), xb = rd_s8x4(x0 + cin);
        int32_t ae = sx_even(xa), ao = sx_odd(xa);
        int32_t be = sx_even(xb), bo = sx_odd(xb);
        int32_t w = rd_s8x4(w0);
        int32_t we = sx_even(w), wo = sx_odd(w);
        s.a00 = mac2(ae, we, mac2(ao, wo, s.a00));
        s.a10 = mac2(be, we, mac2(bo, wo, s.a10));
        w = rd_s8x4(w0 + cin);
        we = sx_even(w);
        wo = sx_odd(w);
        s.a01 = mac2(ae, we, mac2(ao, wo, s.a01));
        s.a11 = mac2(be, we, mac2(bo, wo, s.a11));
    }
    for (int32_t i = 0; i < (cin & 3); i++) {
        int32_t a = x0[i], b = x0[cin + i];
        s.a00 += a * w0[i];
        s.a10 += b * w0[i];
        s.a01 += a * w0[cin + i];
        s.a11 += b * w0[cin + i];
    }
    return s;
}

/* One pixel, one filter row: the odd channel and the odd pixel. */
static int32_t dot_1x1(const int8_t *x, const int8_t *w, int32_t n, int32_t off, int32_t acc)
{
    const int32_t off2 = offset_pair(off);
    int32_t i = 0;
    for (; i + 4 <= n; i += 4) {
        int32_t xv = rd_s8x4(x + i), wv = rd_s8x4(w + i);
        acc = mac2(sxa_even(off2, xv), sx_even(wv), acc);
        acc = mac2(sxa_odd(off2, xv), sx_odd(wv), acc);
    }
    for (; i < n; i++) acc += (x[i] + off) * w[i];
    return acc;
}

static int32_t sum_s8(const int8_t *w, int32_t n)
{
    int32_t s = 0;
    for (int32_t i = 0; i < n; i++) s += w[i];
    return s;
}

/* sum((x + off) * w) = sum(x * w) + off * sum(w): the offset is folded into
 * each output channel's starting value once (exact in int32, the same
 * identity kernels_conv.c uses), so the 2x2 loop needs no offset lane. */
#define OC_BLOCK 64
static void conv_1x1(const tt_conv_params *p, int32_t pixels, int32_t cin, const int8_t *in,
                     const int8_t *filter, const int32_t *bias, int32_t cout, int8_t *out)
{
    const opt_epi e = epi_of(p);
    int32_t base[OC_BLOCK];
    for (int32_t oc0 = 0; oc0 < cout; oc0 += OC_BLOCK) {
        const int32_t nb = cout - oc0 < OC_BLOCK ? cout - oc0 : OC_BLOCK;
        for (int32_t j = 0; j < nb; j++)
            base[j] = (bias ? bias[oc0 + j] : 0) + p->in_offset * sum_s8(filter + (oc0 + j) * cin, cin);
        int32_t px = 0;
        for (; px + 2 <= pixels; px += 2) {
            const int8_t *x0 = in + px * cin;
            int8_t *o0 = out + px * cout, *o1 = o0 + cout;
            int32_t j = 0;
            for (; j + 2 <= nb; j += 2) {
                const int32_t oc = oc0 + j;
                acc2x2 s = dot_2px_2oc(x0, filter + oc * cin, cin,
                                       (acc2x2){ base[j], base[j + 1], base[j], base[j + 1] });
                o0[oc] = opt_finish(&e, s.a00, oc);
                o0[oc + 1] = opt_finish(&e, s.a01, oc + 1);
                o1[oc] = opt_finish(&e, s.a10, oc);
                o1[oc + 1] = opt_finish(&e, s.a11, oc + 1);
            }
            if (j < nb) {
                const int32_t oc = oc0 + j;
                const int8_t *w = filter + oc * cin;
                o0[oc] = opt_finish(&e, dot_1x1(x0, w, cin, 0, base[j]), oc);
                o1[oc] = opt_finish(&e, dot_1x1(x0 + cin, w, cin, 0, base[j]), oc);
            }
        }
        if (px < pixels)
            for (int32_t j = 0; j < nb; j++)
                out[px * cout + oc0 + j] =
                    opt_finish(&e, dot_1x1(in + px * cin, filter + (oc0 + j) * cin, cin, 0, base[j]),
                               oc0 + j);
    }
}

/* The receptive field of one output pixel, offset applied and padding 0,
 * as int16 in filter order, then each group of four stored as
 * [p0,p2,p1,p3] so its two words are the even and odd pairs that
 * sx_even/sx_odd make of four filter bytes. */
#define PATCH_MAX 1024
static int32_t gather_patch(const tt_conv_params *p, tt_shape4 in_s, const int8_t *in,
                            tt_shape4 f_s, int32_t b, int32_t oy, int32_t ox, int16_t *patch)
{
    const int32_t cin = in_s.c;
    const int32_t iy0 = oy * p->stride_h - p->pad_h, ix0 = ox * p->stride_w - p->pad_w;
    int16_t *pp = patch;
    for (int32_t ky = 0; ky < f_s.h; ky++) {
        const int32_t iy = iy0 + ky * p->dil_h;
        for (int32_t kx = 0; kx < f_s.w; kx++, pp += cin) {
            const int32_t ix = ix0 + kx * p->dil_w;
            if (iy < 0 || iy >= in_s.h || ix < 0 || ix >= in_s.w) {
                memset(pp, 0, sizeof *pp * (size_t)cin);
                continue;
            }
            const int8_t *x = in + ((b * in_s.h + iy) * in_s.w + ix) * cin;
            for (int32_t ic = 0; ic < cin; ic++) pp[ic] = (int16_t)(x[ic] + p->in_offset);
        }
    }
    const int32_t len = (int32_t)(pp - patch);
    for (int32_t i = 0; i + 4 <= len; i += 4) {
        int16_t t = patch[i + 1];
        patch[i + 1] = patch[i + 2];
        patch[i + 2] = t;
    }
    return len;
}

static int32_t dot_patch(const int16_t *patch, const int8_t *w, int32_t len, int32_t acc)
{
    int32_t i = 0;
    for (; i + 4 <= len; i += 4) {
        int32_t wv = rd_s8x4(w + i);
        acc = mac2(rd_s16x2(patch + i), sx_even(wv), acc);
        acc = mac2(rd_s16x2(patch + i + 2), sx_odd(wv), acc);
    }
    for (; i < len; i++) acc += patch[i] * w[i];
    return acc;
}

static void conv_patch(const tt_conv_params *p, tt_shape4 in_s, const int8_t *in,
                       tt_shape4 f_s, const int8_t *filter, const int32_t *bias,
                       tt_shape4 out_s, int8_t *out)
{
    const opt_epi e = epi_of(p);
    int16_t patch[PATCH_MAX];
    const int32_t cout = out_s.c;
    for (int32_t b = 0; b < out_s.n; b++)
    for (int32_t oy = 0; oy < out_s.h; oy++)
    for (int32_t ox = 0; ox < out_s.w; ox++) {
        const int32_t len = gather_patch(p, in_s, in, f_s, b, oy, ox, patch);
        int8_t *o = out + ((b * out_s.h + oy) * out_s.w + ox) * cout;
        int32_t oc = 0;
        /* Two filter rows a pass: each patch word is loaded once for both. */
        for (; oc + 2 <= cout; oc += 2) {
            const int8_t *w0 = filter + oc * len, *w1 = w0 + len;
            int32_t s0 = bias ? bias[oc] : 0, s1 = bias ? bias[oc + 1] : 0;
            int32_t i = 0;
            for (; i + 4 <= len; i += 4) {
                int32_t pe = rd_s16x2(patch + i), po = rd_s16x2(patch + i + 2);
                int32_t u = rd_s8x4(w0 + i), v = rd_s8x4(w1 + i);
                s0 = mac2(pe, sx_even(u), mac2(po, sx_odd(u), s0));
                s1 = mac2(pe, sx_even(v), mac2(po, sx_odd(v), s1));
            }
            for (; i < len; i++) {
                s0 += patch[i] * w0[i];
                s1 += patch[i] * w1[i];
            }
            o[oc] = opt_finish(&e, s0, oc);
            o[oc + 1] = opt_finish(&e, s1, oc + 1);
        }
        if (oc < cout)
            o[oc] = opt_finish(&e, dot_patch(patch, filter + oc * len, len, bias ? bias[oc] : 0), oc);
    }
}

int tt_conv2d_s8_armv7em(const tt_conv_params *p, tt_shape4 in_s, const int8_t *in,
                         tt_shape4 f_s, const int8_t *filter, const int32_t *bias,
                         tt_shape4 out_s, int8_t *out)
{
    if (!offset_fits_lane(p->in_offset))
        return 0;
    if (f_s.h == 1 && f_s.w == 1 && p->stride_w == 1 && p->stride_h == 1 &&
        p->pad_w == 0 && p->pad_h == 0 && in_s.h == out_s.h && in_s.w == out_s.w) {
        conv_1x1(p, in_s.n * in_s.h * in_s.w, in_s.c, in, filter, bias, out_s.c, out);
        return 1;
    }
    if (f_s.h * f_s.w * in_s.c > PATCH_MAX)
        return 0;
    conv_patch(p, in_s, in, f_s, filter, bias, out_s, out);
    return 1;
}

#else
typedef int tt_armv7em_conv_unused; /* ISO C wants a declaration in every file */
#endif
