/* CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED, int8 with per-channel or
 * per-tensor requantisation (TFLite reference semantics: the filter zero
 * point is 0, padded input pixels contribute nothing). */
/* The MAC loops are worth GCC's vectoriser (off at -O2 for reductions). */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("O3")
#endif
#include <string.h>
#include "models/runtime/tt_kernels.h"
#include "models/runtime/tt_requant.h"
#include "models/runtime/kernels_armv7em.h"

/* KERNELS=opt firmware builds hand each layer to the ARMv7E-M kernels
 * first; they return 0 for shapes they leave to the code below. */
#if defined(TT_HAVE_ARMV7EM_KERNELS)
#define TT_OPT_FIRST(call) do { if (call) return; } while (0)
#else
#define TT_OPT_FIRST(call) do { } while (0)
#endif

static inline int8_t finish(const tt_conv_params *p, int32_t acc, int32_t ch)
{
    int32_t k = p->per_channel ? ch : 0;
    /* int64 so that a hostile multiplier cannot overflow the offset add */
    int64_t v = (int64_t)tt_requant(acc, p->mult[k], p->shift[k]) + p->out_offset;
    if (v < p->act_min) v = p->act_min;
    if (v > p->act_max) v = p->act_max;
    return (int8_t)v;
}

/* 1x1, stride 1, no padding: a plain matrix product, the bulk of TinyTracker's
 * MACs. sum((x+off)*w) = sum(x*w) + off*sum(w), so the offset is folded once
 * per output channel instead of added per MAC. Output channels go in blocks
 * so one pixel's inputs and the block's weights stay in cache. */
#define OC_BLOCK 64
static void conv_1x1(const tt_conv_params *p, tt_shape4 in_s, const int8_t *in,
                     const int8_t *filter, const int32_t *bias, tt_shape4 out_s, int8_t *out)
{
    const int32_t cin = in_s.c, cout = out_s.c;
    const int32_t pixels = in_s.n * in_s.h * in_s.w;
    int32_t base[OC_BLOCK];
    for (int32_t oc0 = 0; oc0 < cout; oc0 += OC_BLOCK) {
        const int32_t nb = cout - oc0 < OC_BLOCK ? cout - oc0 : OC_BLOCK;
        for (int32_t j = 0; j < nb; j++) {
            const int8_t *w = filter + (int64_t)(oc0 + j) * cin;
            int32_t wsum = 0;
            for (int32_t ic = 0; ic < cin; ic++) wsum += w[ic];
            base[j] = (bias ? bias[oc0 + j] : 0) + p->in_offset * wsum;
        }
        for (int32_t px = 0; px < pixels; px++) {
            const int8_t *x = in + (int64_t)px * cin;
            int8_t *o = out + (int64_t)px * cout + oc0;
            for (int32_t j = 0; j < nb; j++) {
                const int8_t *w = filter + (int64_t)(oc0 + j) * cin;
                int32_t acc = 0;
                for (int32_t ic = 0; ic < cin; ic++) acc += x[ic] * w[ic];
                o[j] = finish(p, base[j] + acc, oc0 + j);
            }
        }
    }
}

/* Small filters (the stem's 3x3x3): gather each output pixel's receptive
 * field once, offset applied and padding as 0, into a patch laid out like a
 * filter row; every output channel is then one contiguous dot product. */
#define PATCH_MAX 512
static void conv_patch(const tt_conv_params *p, tt_shape4 in_s, const int8_t *in,
                       tt_shape4 f_s, const int8_t *filter, const int32_t *bias,
                       tt_shape4 out_s, int8_t *out)
{
    const int32_t cin = in_s.c, kh = f_s.h, kw = f_s.w, len = kh * kw * cin;
    int16_t patch[PATCH_MAX];
    for (int32_t b = 0; b < out_s.n; b++)
    for (int32_t oy = 0; oy < out_s.h; oy++)
    for (int32_t ox = 0; ox < out_s.w; ox++) {
        const int32_t iy0 = oy * p->stride_h - p->pad_h, ix0 = ox * p->stride_w - p->pad_w;
        int16_t *pp = patch;
        for (int32_t ky = 0; ky < kh; ky++) {
            int32_t iy = iy0 + ky * p->dil_h;
            for (int32_t kx = 0; kx < kw; kx++, pp += cin) {
                int32_t ix = ix0 + kx * p->dil_w;
                if (iy < 0 || iy >= in_s.h || ix < 0 || ix >= in_s.w) {
                    memset(pp, 0, sizeof *pp * (size_t)cin);
                    continue;
                }
                const int8_t *x = in + (((int64_t)b * in_s.h + iy) * in_s.w + ix) * cin;
                for (int32_t ic = 0; ic < cin; ic++) pp[ic] = (int16_t)(x[ic] + p->in_offset);
            }
        }
        int8_t *o = out + (((int64_t)b * out_s.h + oy) * out_s.w + ox) * out_s.c;
        for (int32_t oc = 0; oc < out_s.c; oc++) {
            const int8_t *w = filter + (int64_t)oc * len;
            int32_t acc = bias ? bias[oc] : 0;
            for (int32_t i = 0; i < len; i++) acc += patch[i] * w[i];
            o[oc] = finish(p, acc, oc);
        }
    }
}

/* No dilation: the taps of one filter row that fall inside the image are
 * contiguous in both the input row and the filter, so each row is one dot
 * product of (valid taps x Cin) with no per-tap bounds test. */
static void conv_undilated(const tt_conv_params *p, tt_shape4 in_s, const int8_t *in,
                           tt_shape4 f_s, const int8_t *filter, const int32_t *bias,
                           tt_shape4 out_s, int8_t *out)
{
    const int32_t cin = in_s.c, kh = f_s.h, kw = f_s.w;
    for (int32_t b = 0; b < out_s.n; b++)
    for (int32_t oy = 0; oy < out_s.h; oy++)
    for (int32_t ox = 0; ox < out_s.w; ox++) {
        const int32_t iy0 = oy * p->stride_h - p->pad_h, ix0 = ox * p->stride_w - p->pad_w;
        const int32_t ky0 = iy0 < 0 ? -iy0 : 0, ky1 = in_s.h - iy0 < kh ? in_s.h - iy0 : kh;
        const int32_t kx0 = ix0 < 0 ? -ix0 : 0, kx1 = in_s.w - ix0 < kw ? in_s.w - ix0 : kw;
        const int32_t len = (kx1 - kx0) * cin;
        int8_t *o = out + (((int64_t)b * out_s.h + oy) * out_s.w + ox) * out_s.c;
        for (int32_t oc = 0; oc < out_s.c; oc++) {
            int32_t acc = bias ? bias[oc] : 0;
            for (int32_t ky = ky0; ky < ky1; ky++) {
                const int8_t *x = in + (((int64_t)b * in_s.h + iy0 + ky) * in_s.w + ix0 + kx0) * cin;
                const int8_t *w = filter + (((int64_t)oc * kh + ky) * kw + kx0) * cin;
                for (int32_t i = 0; i < len; i++) acc += (x[i] + p->in_offset) * w[i];
            }
            o[oc] = finish(p, acc, oc);
        }
    }
}

void tt_conv2d_s8(const tt_conv_params *p, tt_shape4 in_s, const int8_t *in,
                  tt_shape4 f_s, const int8_t *filter, const int32_t *bias,
                  tt_shape4 out_s, int8_t *out)
{
    TT_OPT_FIRST(tt_conv2d_s8_armv7em(p, in_s, in, f_s, filter, bias, out_s, out));
    if (f_s.h == 1 && f_s.w == 1 && p->stride_w == 1 && p->stride_h == 1 &&
        p->pad_w == 0 && p->pad_h == 0 && in_s.h == out_s.h && in_s.w == out_s.w) {
        conv_1x1(p, in_s, in, filter, bias, out_s, out);
        return;
    }
    if ((int64_t)f_s.h * f_s.w * in_s.c <= PATCH_MAX) {
        conv_patch(p, in_s, in, f_s, filter, bias, out_s, out);
        return;
    }
    if (p->dil_w == 1 && p->dil_h == 1) {
        conv_undilated(p, in_s, in, f_s, filter, bias, out_s, out);
        return;
    }
    const int32_t cin = in_s.c, kh = f_s.h, kw = f_s.w;
    for (int32_t b = 0; b < out_s.n; b++)
    for (int32_t oy = 0; oy < out_s.h; oy++)
    for (int32_t ox = 0; ox < out_s.w; ox++) {
        const int32_t iy0 = oy * p->stride_h - p->pad_h, ix0 = ox * p->stride_w - p->pad_w;
        int8_t *o = out + (((int64_t)b * out_s.h + oy) * out_s.w + ox) * out_s.c;
        for (int32_t oc = 0; oc < out_s.c; oc++) {
            int32_t acc = bias ? bias[oc] : 0;
            for (int32_t ky = 0; ky < kh; ky++) {
                int32_t iy = iy0 + ky * p->dil_h;
                if (iy < 0 || iy >= in_s.h) continue;
                for (int32_t kx = 0; kx < kw; kx++) {
                    int32_t ix = ix0 + kx * p->dil_w;
                    if (ix < 0 || ix >= in_s.w) continue;
                    const int8_t *x = in + (((int64_t)b * in_s.h + iy) * in_s.w + ix) * cin;
                    const int8_t *w = filter + (((int64_t)oc * kh + ky) * kw + kx) * cin;
                    for (int32_t ic = 0; ic < cin; ic++)
                        acc += (x[ic] + p->in_offset) * w[ic];
                }
            }
            o[oc] = finish(p, acc, oc);
        }
    }
}

/* Depth multiplier 1 (every MobileNet depthwise layer): channels are the
 * innermost, contiguous index of input, filter and output, so each tap is a
 * vectorisable multiply-add over a block of channels. */
#define DW_BLOCK 64
static void dwconv_m1(const tt_conv_params *p, tt_shape4 in_s, const int8_t *in,
                      tt_shape4 f_s, const int8_t *filter, const int32_t *bias,
                      tt_shape4 out_s, int8_t *out)
{
    const int32_t ch = in_s.c;
    int32_t acc[DW_BLOCK];
    for (int32_t b = 0; b < out_s.n; b++)
    for (int32_t oy = 0; oy < out_s.h; oy++)
    for (int32_t ox = 0; ox < out_s.w; ox++) {
        const int32_t iy0 = oy * p->stride_h - p->pad_h, ix0 = ox * p->stride_w - p->pad_w;
        int8_t *o = out + (((int64_t)b * out_s.h + oy) * out_s.w + ox) * ch;
        for (int32_t c0 = 0; c0 < ch; c0 += DW_BLOCK) {
            const int32_t nb = ch - c0 < DW_BLOCK ? ch - c0 : DW_BLOCK;
            for (int32_t j = 0; j < nb; j++) acc[j] = bias ? bias[c0 + j] : 0;
            for (int32_t ky = 0; ky < f_s.h; ky++) {
                int32_t iy = iy0 + ky * p->dil_h;
                if (iy < 0 || iy >= in_s.h) continue;
                for (int32_t kx = 0; kx < f_s.w; kx++) {
                    int32_t ix = ix0 + kx * p->dil_w;
                    if (ix < 0 || ix >= in_s.w) continue;
                    const int8_t *x = in + (((int64_t)b * in_s.h + iy) * in_s.w + ix) * ch + c0;
                    const int8_t *w = filter + ((int64_t)ky * f_s.w + kx) * ch + c0;
                    for (int32_t j = 0; j < nb; j++) acc[j] += (x[j] + p->in_offset) * w[j];
                }
            }
            for (int32_t j = 0; j < nb; j++) o[c0 + j] = finish(p, acc[j], c0 + j);
        }
    }
}

void tt_dwconv2d_s8(const tt_conv_params *p, tt_shape4 in_s, const int8_t *in,
                    tt_shape4 f_s, const int8_t *filter, const int32_t *bias,
                    tt_shape4 out_s, int8_t *out)
{
    TT_OPT_FIRST(tt_dwconv2d_s8_armv7em(p, in_s, in, f_s, filter, bias, out_s, out));
    if (p->depth_mult == 1) {
        dwconv_m1(p, in_s, in, f_s, filter, bias, out_s, out);
        return;
    }
    const int32_t cin = in_s.c, m = p->depth_mult, cout = out_s.c;
    for (int32_t b = 0; b < out_s.n; b++)
    for (int32_t oy = 0; oy < out_s.h; oy++)
    for (int32_t ox = 0; ox < out_s.w; ox++) {
        const int32_t iy0 = oy * p->stride_h - p->pad_h, ix0 = ox * p->stride_w - p->pad_w;
        int8_t *o = out + (((int64_t)b * out_s.h + oy) * out_s.w + ox) * cout;
        for (int32_t ic = 0; ic < cin; ic++)
        for (int32_t j = 0; j < m; j++) {
            const int32_t oc = ic * m + j;
            int32_t acc = bias ? bias[oc] : 0;
            for (int32_t ky = 0; ky < f_s.h; ky++) {
                int32_t iy = iy0 + ky * p->dil_h;
                if (iy < 0 || iy >= in_s.h) continue;
                for (int32_t kx = 0; kx < f_s.w; kx++) {
                    int32_t ix = ix0 + kx * p->dil_w;
                    if (ix < 0 || ix >= in_s.w) continue;
                    int32_t x = in[(((int64_t)b * in_s.h + iy) * in_s.w + ix) * cin + ic];
                    int32_t w = filter[((int64_t)ky * f_s.w + kx) * cout + oc];
                    acc += (x + p->in_offset) * w;
                }
            }
            o[oc] = finish(p, acc, oc);
        }
    }
}

void tt_fully_connected_s8(const tt_conv_params *p, int32_t batches, int32_t depth,
                           const int8_t *in, int32_t units, const int8_t *weights,
                           const int32_t *bias, int8_t *out)
{
    TT_OPT_FIRST(tt_fully_connected_s8_armv7em(p, batches, depth, in, units, weights, bias, out));
    for (int32_t b = 0; b < batches; b++) {
        const int8_t *x = in + (int64_t)b * depth;
        for (int32_t u = 0; u < units; u++) {
            const int8_t *w = weights + (int64_t)u * depth;
            int32_t acc = bias ? bias[u] : 0;
            for (int32_t d = 0; d < depth; d++)
                acc += (x[d] + p->in_offset) * w[d];
            out[(int64_t)b * units + u] = finish(p, acc, u);
        }
    }
}
