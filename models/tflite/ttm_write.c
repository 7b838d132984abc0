/* Graph -> .ttm blob: everything the runtime would otherwise compute at
 * start-up (padding, clamp ranges, fixed-point multipliers, lookup tables,
 * the arena plan) is computed here once, on the host, in double precision
 * as TFLite does in its Prepare() functions. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "models/runtime/tt_checked.h"
#include "models/tflite/graph.h"

typedef struct {       /* growable byte buffer for the constant section */
    uint8_t *p;
    size_t n, cap;
} bytes;

typedef struct {
    const tt_graph *g;
    bytes data;        /* constants, appended 16-byte aligned */
    ttm_op_rec *ops;
    int32_t *ints;
    uint32_t n_ints;
    char *err;
    size_t errlen;
} wctx;

static int fail(wctx *w, const tt_gop *o, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(wctx *w, const tt_gop *o, const char *fmt, ...)
{
    int n = snprintf(w->err, w->errlen, "operator %d (%s): ", o->src_index, tt_op_name(o->code));
    va_list ap;
    va_start(ap, fmt);
    if (n >= 0 && (size_t)n < w->errlen) vsnprintf(w->err + n, w->errlen - (size_t)n, fmt, ap);
    va_end(ap);
    return -1;
}

/* Appends len bytes at a 16-byte aligned offset; returns that offset or -1. */
static int64_t put(bytes *b, const void *src, size_t len)
{
    size_t at = (b->n + (TTM_ALIGN - 1)) & ~(size_t)(TTM_ALIGN - 1);
    if (at + len > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < at + len) cap *= 2;
        uint8_t *p = realloc(b->p, cap);
        if (!p) return -1;
        b->p = p;
        b->cap = cap;
    }
    memset(b->p + b->n, 0, at - b->n);
    if (len) memcpy(b->p + at, src, len);
    b->n = at + len;
    return (int64_t)at;
}

void tt_quantize_multiplier(double real, int32_t *mult, int32_t *shift)
{
    if (real == 0.0) { *mult = 0; *shift = 0; return; }
    int e;
    double q = frexp(real, &e); /* real = q * 2^e, q in [0.5, 1) */
    int64_t fixed = (int64_t)round(q * (double)(INT64_C(1) << 31));
    if (fixed == (INT64_C(1) << 31)) { fixed /= 2; e++; }
    if (e < -31) { e = 0; fixed = 0; }
    if (e > 30) { e = 30; fixed = (INT64_C(1) << 31) - 1; }
    *mult = (int32_t)fixed;
    *shift = e;
}

/* TFLite's integer MEAN (reference reduce.h): 1/count folded into the
 * multiplier, mult' = (mult << s) / count with s = floor(log2 count),
 * limited to 32 and to 31 + shift so the shift stays >= -31. */
void tt_mean_multiplier(double real, int32_t count, int32_t *mult, int32_t *shift)
{
    tt_quantize_multiplier(real, mult, shift);
    int s = 0;
    while (s < 32 && ((int64_t)2 << s) <= count) s++;
    if (s > 31 + *shift) s = 31 + *shift;
    if (s < 0) s = 0;
    *mult = (int32_t)(((int64_t)*mult << s) / count);
    *shift -= s;
}

static const tt_gtensor *T(const wctx *w, const tt_gop *o, unsigned j)
{
    int32_t i = j < (unsigned)o->n_in + o->n_out ? o->io[j] : -1;
    return i >= 0 ? &w->g->t[i] : NULL;
}

static float scale0(const tt_gtensor *t) { return t && t->nq ? t->scales[0] : 0.0f; }
static int32_t zp0(const tt_gtensor *t) { return t && t->nq ? t->zps[0] : 0; }

/* zp + round(x / scale) as TFLite's activation range computes it, but
 * saturated: a damaged file's scale (tiny, zero, NaN) must not make the
 * float-to-int conversion undefined; the range is clamped to int8 after. */
static int32_t quantize_value(const tt_gtensor *t, float x)
{
    double q = (double)roundf(x / scale0(t)) + zp0(t);
    if (!(q >= (double)INT32_MIN)) /* NaN too */
        return INT32_MIN;
    return q > (double)INT32_MAX ? INT32_MAX : (int32_t)q;
}

static void act_range(const tt_gtensor *out, int act, int32_t *lo, int32_t *hi)
{
    int32_t a = -128, b = 127;
    if (act == TT_ACT_RELU) a = quantize_value(out, 0.0f);
    else if (act == TT_ACT_RELU6) { a = quantize_value(out, 0.0f); b = quantize_value(out, 6.0f); }
    else if (act == TT_ACT_RELU_N1_TO_1) { a = quantize_value(out, -1.0f); b = quantize_value(out, 1.0f); }
    *lo = a > -128 ? a : -128;
    *hi = b < 127 ? b : 127;
}

/* TFLite's output size and top/left padding for SAME and VALID. */
static int spatial(wctx *w, const tt_gop *o, int32_t in, int32_t k, int32_t stride, int32_t dil,
                   int32_t out, int32_t *pad)
{
    if (stride < 1 || dil < 1 || k < 1) return fail(w, o, "stride, dilation and filter must be >= 1");
    int32_t eff, span, total;
    /* filter, dilation and stride come from the file: products checked */
    if (!tt_mul_i32(k - 1, dil, &eff) || !tt_add_i32(eff, 1, &eff) || !tt_add_i32(in, stride, &span) ||
        !tt_mul_i32(out - 1, stride, &total) || !tt_add_i32(total, eff - in, &total))
        return fail(w, o, "filter, dilation, stride and sizes whose products fit in 32 bits");
    int32_t want = o->padding == TT_PAD_SAME ? (span - 1) / stride
                                             : (span - eff) / stride;
    if (want != out)
        return fail(w, o, "output size %d but %s padding gives %d (input %d, filter %d, stride %d)",
                    out, o->padding == TT_PAD_SAME ? "SAME" : "VALID", want, in, k, stride);
    *pad = total > 0 ? total / 2 : 0;
    return 0;
}

static int need(wctx *w, const tt_gop *o, int ok, const char *what)
{
    return ok ? 0 : fail(w, o, "expected %s", what);
}

static int is_s8_4d(const tt_gtensor *t) { return t && t->type == TTM_T_INT8 && t->ndim == 4 && t->nq; }

/* mult[n], shift[n] into the constant section. */
static int put_mults(wctx *w, ttm_op_rec *r, const double *real, uint32_t n)
{
    int32_t *p = malloc(8u * n);
    if (!p) return -1;
    for (uint32_t i = 0; i < n; i++) tt_quantize_multiplier(real[i], &p[i], &p[n + i]);
    int64_t at = put(&w->data, p, 8u * n);
    free(p);
    if (at < 0) return -1;
    r->params_off = (uint32_t)at; /* relative to the data section; fixed up later */
    r->params_bytes = 8u * n;
    return 0;
}

/* int8 weights have zero point 0; a converted TF1 uint8 model keeps one
 * per-tensor zero point, which the kernels apply (filter_offset). */
static int filter_zps(wctx *w, const tt_gop *o, const tt_gtensor *f)
{
    for (uint32_t c = 0; c < f->nq; c++)
        if ((f->nq > 1 && f->zps[c]) || f->zps[c] < -128 || f->zps[c] > 127)
            return fail(w, o, "expected weight zero points 0 (per channel) or one in -128..127, got %d", f->zps[c]);
    return 0;
}

static int conv_like(wctx *w, const tt_gop *o, ttm_op_rec *r)
{
    const int dw = o->code == TTM_OP_DEPTHWISE_CONV_2D;
    const tt_gtensor *in = T(w, o, 0), *f = T(w, o, 1), *out = T(w, o, o->n_in);
    if (need(w, o, o->n_in == 3 && o->n_out == 1 && is_s8_4d(in) && is_s8_4d(out) && f &&
             f->type == TTM_T_INT8 && f->ndim == 4 && f->is_const && f->nq,
             "int8 4-D quantised input/output and a constant int8 4-D filter")) return -1;
    int32_t cout = out->dims[3];
    if (dw) {
        int32_t dm = o->depth_mult > 0 ? o->depth_mult : cout / in->dims[3], prod;
        if (need(w, o, tt_mul_i32(in->dims[3], dm, &prod) && prod == cout,
                 "input channels x depth multiplier = output channels"))
            return -1;
        r->opt[TTM_O_DEPTH_MULT] = dm;
    }
    if (spatial(w, o, in->dims[2], f->dims[2], o->stride_w, o->dil_w, out->dims[2], &r->opt[TTM_O_PAD_W]) ||
        spatial(w, o, in->dims[1], f->dims[1], o->stride_h, o->dil_h, out->dims[1], &r->opt[TTM_O_PAD_H]))
        return -1;
    r->opt[TTM_O_STRIDE_W] = o->stride_w; r->opt[TTM_O_STRIDE_H] = o->stride_h;
    r->opt[TTM_O_DIL_W] = o->dil_w; r->opt[TTM_O_DIL_H] = o->dil_h;
    r->opt[TTM_O_FILTER_W] = f->dims[2]; r->opt[TTM_O_FILTER_H] = f->dims[1];
    act_range(out, o->act, &r->opt[TTM_O_ACT_MIN], &r->opt[TTM_O_ACT_MAX]);
    uint32_t n = f->nq > 1 ? (uint32_t)cout : 1u;
    if (need(w, o, f->nq == 1 || f->nq == (uint32_t)cout, "one filter scale, or one per output channel"))
        return -1;
    r->opt[TTM_O_PER_CHANNEL] = f->nq > 1;
    if (filter_zps(w, o, f)) return -1;
    double *real = malloc(sizeof(double) * n);
    if (!real) return -1;
    for (uint32_t c = 0; c < n; c++)
        real[c] = (double)scale0(in) * (double)f->scales[c] / (double)scale0(out);
    int rc = put_mults(w, r, real, n);
    free(real);
    return rc;
}

static int fully_connected(wctx *w, const tt_gop *o, ttm_op_rec *r)
{
    const tt_gtensor *in = T(w, o, 0), *f = T(w, o, 1), *out = T(w, o, o->n_in);
    if (need(w, o, o->n_in == 3 && o->n_out == 1 && in && in->type == TTM_T_INT8 && in->nq && out &&
             out->type == TTM_T_INT8 && out->nq && f && f->type == TTM_T_INT8 && f->ndim == 2 &&
             f->is_const && f->nq, "int8 quantised input/output and constant int8 2-D weights"))
        return -1;
    act_range(out, o->act, &r->opt[TTM_O_ACT_MIN], &r->opt[TTM_O_ACT_MAX]);
    uint32_t n = f->nq > 1 ? (uint32_t)f->dims[0] : 1u;
    if (need(w, o, f->nq == 1 || f->nq == (uint32_t)f->dims[0], "one weight scale, or one per unit"))
        return -1;
    r->opt[TTM_O_PER_CHANNEL] = f->nq > 1;
    if (filter_zps(w, o, f)) return -1;
    double *real = malloc(sizeof(double) * n);
    if (!real) return -1;
    for (uint32_t c = 0; c < n; c++)
        real[c] = (double)scale0(in) * (double)f->scales[c] / (double)scale0(out);
    int rc = put_mults(w, r, real, n);
    free(real);
    return rc;
}

/* Each dimension of t, right-aligned to out, equals out's or is 1. */
static int broadcasts_to(const tt_gtensor *t, const tt_gtensor *out)
{
    if (t->ndim > out->ndim) return 0;
    for (int d = 0; d < t->ndim; d++) {
        int32_t td = t->dims[d], od = out->dims[d + out->ndim - t->ndim];
        if (td != od && td != 1) return 0;
    }
    return 1;
}

/* int32 ADD/SUB/MUL/FLOOR_DIV and float32 ADD/SUB/MUL/DIV: plain arithmetic. */
static int plain_binary(wctx *w, const tt_gop *o, const tt_gtensor *a, const tt_gtensor *b, const tt_gtensor *out)
{
    int i32 = out->type == TTM_T_INT32;
    if (need(w, o, a->type == out->type && b->type == out->type && (i32 || out->type == TTM_T_FLOAT32) &&
             !a->nq && !b->nq && !out->nq, "int8 quantised, int32 or float32 inputs and output of one type") ||
        need(w, o, o->act == TT_ACT_NONE, "no fused activation on int32/float32 arithmetic") ||
        need(w, o, i32 ? o->code != TTM_OP_DIV : o->code != TTM_OP_FLOOR_DIV,
             "FLOOR_DIV on int32, DIV on float32"))
        return -1;
    return 0;
}

static int add_mul(wctx *w, const tt_gop *o, ttm_op_rec *r)
{
    const tt_gtensor *a = T(w, o, 0), *b = T(w, o, 1), *out = T(w, o, o->n_in);
    if (need(w, o, o->n_in == 2 && o->n_out == 1 && a && b && broadcasts_to(a, out) && broadcasts_to(b, out),
             "two inputs broadcasting to the output's shape")) return -1;
    if (out->type != TTM_T_INT8 || o->code == TTM_OP_DIV || o->code == TTM_OP_FLOOR_DIV)
        return plain_binary(w, o, a, b, out);
    if (need(w, o, a->type == TTM_T_INT8 && b->type == TTM_T_INT8 && a->nq && b->nq && out->nq,
             "two int8 quantised inputs and an int8 output")) return -1;
    act_range(out, o->act, &r->opt[TTM_O_ACT_MIN], &r->opt[TTM_O_ACT_MAX]);
    if (o->code == TTM_OP_MUL) {
        double real = (double)scale0(a) * (double)scale0(b) / (double)scale0(out);
        return put_mults(w, r, &real, 1);
    }
    /* TFLite's int8 ADD: common scale 2*max(s1,s2), 20 bits of headroom. */
    r->opt[TTM_O_LEFT_SHIFT] = 20;
    double twice_max = 2.0 * (double)(scale0(a) > scale0(b) ? scale0(a) : scale0(b));
    double real[3] = { (double)scale0(a) / twice_max, (double)scale0(b) / twice_max,
                       twice_max / ((double)(1 << 20) * (double)scale0(out)) };
    if (need(w, o, real[2] < 1.0, "an output scale above 2*max(input scales)/2^20")) return -1;
    return put_mults(w, r, real, 3);
}

static int const_ints(const tt_gtensor *t, int64_t *v, uint32_t max)
{
    if (!t || !t->is_const || (t->type != TTM_T_INT32 && t->type != TTM_T_INT64)) return -1;
    unsigned es = t->type == TTM_T_INT32 ? 4 : 8;
    uint32_t n = t->data_bytes / es;
    if (n > max) return -1;
    for (uint32_t i = 0; i < n; i++) {
        if (es == 4) { int32_t x; memcpy(&x, t->data + 4 * i, 4); v[i] = x; }
        else memcpy(&v[i], t->data + 8 * i, 8);
    }
    return (int)n;
}

static int pad(wctx *w, const tt_gop *o, ttm_op_rec *r)
{
    const tt_gtensor *in = T(w, o, 0), *out = T(w, o, o->n_in);
    int64_t p[8];
    if (need(w, o, o->n_in >= 2 && o->n_out == 1 && in && in->ndim == 4 && out->ndim == 4 &&
             in->type == out->type && const_ints(T(w, o, 1), p, 8) == 8,
             "a 4-D input and constant [4,2] paddings")) return -1;
    if (in->type == TTM_T_INT8 && (!in->nq || !out->nq || scale0(in) != scale0(out) || zp0(in) != zp0(out)))
        return fail(w, o, "expected equal input and output quantisation");
    for (int d = 0; d < 4; d++) {
        if (p[2 * d] < 0 || p[2 * d + 1] < 0 || p[2 * d] > 4096 || p[2 * d + 1] > 4096)
            return fail(w, o, "expected paddings in 0..4096");
        r->opt[TTM_O_PAD_BEFORE0 + d] = (int32_t)p[2 * d];
        r->opt[TTM_O_PAD_AFTER0 + d] = (int32_t)p[2 * d + 1];
    }
    return 0;
}

static int pool(wctx *w, const tt_gop *o, ttm_op_rec *r)
{
    const tt_gtensor *in = T(w, o, 0), *out = T(w, o, o->n_in);
    if (need(w, o, o->n_out == 1 && is_s8_4d(in) && is_s8_4d(out), "int8 4-D input and output")) return -1;
    if (need(w, o, scale0(in) == scale0(out) && zp0(in) == zp0(out), "equal input and output quantisation"))
        return -1;
    if (spatial(w, o, in->dims[2], o->filter_w, o->stride_w, 1, out->dims[2], &r->opt[TTM_O_PAD_W]) ||
        spatial(w, o, in->dims[1], o->filter_h, o->stride_h, 1, out->dims[1], &r->opt[TTM_O_PAD_H]))
        return -1;
    r->opt[TTM_O_STRIDE_W] = o->stride_w; r->opt[TTM_O_STRIDE_H] = o->stride_h;
    r->opt[TTM_O_FILTER_W] = o->filter_w; r->opt[TTM_O_FILTER_H] = o->filter_h;
    /* TFLite's uint8 average rounds halves up, its int8 one away from zero:
     * a TF1 uint8 pool run on int8 values keeps the uint8 rounding. */
    r->opt[TTM_O_POOL_HALF_UP] = o->code == TTM_OP_AVERAGE_POOL_2D && in->from_uint8;
    act_range(out, o->act, &r->opt[TTM_O_ACT_MIN], &r->opt[TTM_O_ACT_MAX]);
    return 0;
}

static int mean(wctx *w, const tt_gop *o, ttm_op_rec *r)
{
    const tt_gtensor *in = T(w, o, 0), *out = T(w, o, o->n_in);
    int64_t ax[4];
    int n = const_ints(T(w, o, 1), ax, 4);
    if (need(w, o, o->n_out == 1 && is_s8_4d(in) && out && out->type == TTM_T_INT8 && out->nq &&
             n == 2 && ((ax[0] == 1 && ax[1] == 2) || (ax[0] == 2 && ax[1] == 1)),
             "int8 4-D input and a mean over axes {1,2} (H and W)")) return -1;
    int32_t pm[2];
    tt_mean_multiplier((double)scale0(in) / (double)scale0(out), in->dims[1] * in->dims[2], &pm[0], &pm[1]);
    int64_t at = put(&w->data, pm, sizeof pm);
    if (at < 0) return -1;
    r->params_off = (uint32_t)at;
    r->params_bytes = sizeof pm;
    r->opt[TTM_O_MEAN_FOLDED] = 1;
    return 0;
}

static int concat(wctx *w, const tt_gop *o, ttm_op_rec *r)
{
    const tt_gtensor *out = T(w, o, o->n_in);
    int32_t axis = o->axis < 0 ? o->axis + out->ndim : o->axis;
    if (need(w, o, o->n_out == 1 && axis >= 0 && axis < out->ndim, "an axis within the output's rank"))
        return -1;
    for (unsigned j = 0; j < o->n_in; j++) {
        const tt_gtensor *t = T(w, o, j);
        if (t && t->type == TTM_T_INT8 && (!t->nq || scale0(t) != scale0(out) || zp0(t) != zp0(out)))
            return fail(w, o, "expected input %u quantised like the output (TFLite's int8 rule)", j);
    }
    r->opt[TTM_O_AXIS] = axis;
    return 0;
}

/* TANH, LOGISTIC, HARD_SWISH as 256-entry tables (float, round to nearest,
 * clamp), the way XNNPack and TFLite's int8 LUT paths evaluate them. */
static int lut(wctx *w, const tt_gop *o, ttm_op_rec *r)
{
    const tt_gtensor *in = T(w, o, 0), *out = T(w, o, o->n_in);
    if (need(w, o, o->n_out == 1 && in && in->type == TTM_T_INT8 && out->type == TTM_T_INT8 && in->nq &&
             out->nq, "int8 quantised input and output")) return -1;
    int8_t table[256];
    for (int q = -128; q <= 127; q++) {
        float x = scale0(in) * (float)(q - zp0(in)), y;
        if (o->code == TTM_OP_TANH) y = tanhf(x);
        else if (o->code == TTM_OP_LOGISTIC) y = 1.0f / (1.0f + expf(-x));
        else y = x * fminf(fmaxf(x + 3.0f, 0.0f), 6.0f) / 6.0f;
        float v = nearbyintf(y / scale0(out)) + (float)zp0(out);
        table[q + 128] = (int8_t)(v < -128.0f ? -128 : v > 127.0f ? 127 : (int)v);
    }
    int64_t at = put(&w->data, table, 256);
    if (at < 0) return -1;
    r->params_off = (uint32_t)at;
    r->params_bytes = 256;
    return 0;
}

static int softmax(wctx *w, const tt_gop *o, ttm_op_rec *r)
{
    const tt_gtensor *in = T(w, o, 0), *out = T(w, o, o->n_in);
    if (need(w, o, o->n_out == 1 && in && in->type == TTM_T_INT8 && out->type == TTM_T_INT8 && in->nq &&
             out->nq, "int8 quantised input and output")) return -1;
    float table[256];
    for (int i = 0; i < 256; i++)
        table[i] = (float)exp((double)o->beta * (double)scale0(in) * (double)(i - 255));
    int64_t at = put(&w->data, table, sizeof table);
    if (at < 0) return -1;
    r->params_off = (uint32_t)at;
    r->params_bytes = sizeof table;
    return 0;
}

static int quantize(wctx *w, const tt_gop *o, ttm_op_rec *r)
{
    const tt_gtensor *in = T(w, o, 0), *out = T(w, o, o->n_in);
    const int q8_in = in && (in->type == TTM_T_INT8 || in->type == TTM_T_UINT8) && in->nq;
    const int q8_out = out->nq && (out->type == TTM_T_INT8 || out->type == TTM_T_UINT8);
    if (need(w, o, in && q8_out && (q8_in || (in->type == TTM_T_FLOAT32 && out->type == TTM_T_INT8)),
             "float32 input and an int8 output, or int8/uint8 input and output")) return -1;
    if (in->type == TTM_T_FLOAT32) return 0;
    double real = (double)scale0(in) / (double)scale0(out);
    return put_mults(w, r, &real, 1);
}

/* Standalone RELU, RELU6, RELU_N1_TO_1 (TFLite's int8 ReluX): rescale to
 * the output, then clamp to the activation's range in output units. */
static int relu(wctx *w, const tt_gop *o, ttm_op_rec *r)
{
    const tt_gtensor *in = T(w, o, 0), *out = T(w, o, o->n_in);
    if (need(w, o, o->n_out == 1 && in && in->type == TTM_T_INT8 && out->type == TTM_T_INT8 && in->nq &&
             out->nq, "int8 quantised input and output")) return -1;
    int act = o->code == TTM_OP_RELU ? TT_ACT_RELU : o->code == TTM_OP_RELU6 ? TT_ACT_RELU6 : TT_ACT_RELU_N1_TO_1;
    act_range(out, act, &r->opt[TTM_O_ACT_MIN], &r->opt[TTM_O_ACT_MAX]);
    double real = (double)scale0(in) / (double)scale0(out);
    return put_mults(w, r, &real, 1);
}

/* ARG_MAX of int8 along a constant axis, int32 indices. */
static int arg_max(wctx *w, const tt_gop *o, ttm_op_rec *r)
{
    const tt_gtensor *in = T(w, o, 0), *out = T(w, o, o->n_in);
    int64_t ax[1];
    if (need(w, o, o->n_in == 2 && o->n_out == 1 && in && in->type == TTM_T_INT8 && out->type == TTM_T_INT32 &&
             const_ints(T(w, o, 1), ax, 1) == 1, "an int8 input, a constant axis and an int32 output")) return -1;
    int64_t axis = ax[0] < 0 ? ax[0] + in->ndim : ax[0];
    if (need(w, o, axis >= 0 && axis < in->ndim && out->ndim == in->ndim - 1, "an axis within the input's rank "
             "and an output without it")) return -1;
    for (int d = 0, e = 0; d < in->ndim; d++)
        if (d != axis && in->dims[d] != out->dims[e++]) return fail(w, o, "expected the output to be the input less the axis");
    r->opt[TTM_O_AXIS] = (int32_t)axis;
    return 0;
}

/* PACK (n inputs of one shape, stacked on a new axis) and UNPACK (the
 * reverse); int8 tensors quantised alike on both sides. */
static int pack(wctx *w, const tt_gop *o, ttm_op_rec *r)
{
    int is_pack = o->code == TTM_OP_PACK;
    const tt_gtensor *one = T(w, o, is_pack ? 0 : o->n_in), *many = T(w, o, is_pack ? o->n_in : 0);
    unsigned n = is_pack ? o->n_in : o->n_out;
    if (need(w, o, one && many && (is_pack ? o->n_out == 1 : o->n_in == 1) && many->ndim == one->ndim + 1 &&
             n >= 1, "one stacked tensor of one more dimension than the others")) return -1;
    int32_t axis = o->axis < 0 ? o->axis + many->ndim : o->axis;
    if (need(w, o, axis >= 0 && axis < many->ndim && many->dims[axis] == (int32_t)n, "an axis of the tensor count"))
        return -1;
    for (unsigned j = 0; j < n; j++) {
        const tt_gtensor *t = T(w, o, is_pack ? j : o->n_in + j);
        if (!t || t->type != many->type || t->ndim != one->ndim)
            return fail(w, o, "expected tensors of one type and shape");
        for (int d = 0, e = 0; d < many->ndim; d++)
            if (d != axis && t->dims[e++] != many->dims[d]) return fail(w, o, "expected tensors of one shape");
        if (t->type == TTM_T_INT8 && (!t->nq || !many->nq || scale0(t) != scale0(many) || zp0(t) != zp0(many)))
            return fail(w, o, "expected int8 tensors quantised alike");
    }
    r->opt[TTM_O_AXIS] = axis;
    return 0;
}

/* GATHER_ND: params of 1- or 4-byte elements, int32 index tuples. */
static int gather_nd(wctx *w, const tt_gop *o, ttm_op_rec *r)
{
    (void)r;
    const tt_gtensor *p = T(w, o, 0), *ix = T(w, o, 1), *out = T(w, o, o->n_in);
    if (need(w, o, o->n_in == 2 && o->n_out == 1 && p && ix && ix->type == TTM_T_INT32 && ix->ndim >= 1 &&
             out->type == p->type && (p->type == TTM_T_INT8 || p->type == TTM_T_INT32 || p->type == TTM_T_FLOAT32),
             "int8, int32 or float32 params, int32 indices and an output of the params' type")) return -1;
    int32_t depth = ix->dims[ix->ndim - 1];
    int64_t n = 1;
    for (int d = 0; d < ix->ndim - 1; d++) n *= ix->dims[d];
    for (int d = depth; d < p->ndim; d++) n *= p->dims[d];
    int64_t on = 1;
    for (int d = 0; d < out->ndim; d++) on *= out->dims[d];
    if (need(w, o, depth >= 1 && depth <= p->ndim && n == on, "index tuples no longer than the params' rank "
             "selecting the output's element count")) return -1;
    if (p->type == TTM_T_INT8 && (!p->nq || !out->nq || scale0(p) != scale0(out) || zp0(p) != zp0(out)))
        return fail(w, o, "expected params and output quantised alike");
    return 0;
}

static int sqrt_op(wctx *w, const tt_gop *o, ttm_op_rec *r)
{
    (void)r;
    const tt_gtensor *in = T(w, o, 0), *out = T(w, o, o->n_in);
    return need(w, o, o->n_out == 1 && in && in->type == TTM_T_FLOAT32 && out->type == TTM_T_FLOAT32,
                "float32 input and output");
}

/* CAST between int8, uint8, int32 and float32 (TFLite's static_cast per
 * element; float to integer truncates toward zero, saturating here). */
static int cast(wctx *w, const tt_gop *o, ttm_op_rec *r)
{
    (void)r;
    const tt_gtensor *in = T(w, o, 0), *out = T(w, o, o->n_in);
    int ok_in = in && (in->type == TTM_T_INT8 || in->type == TTM_T_UINT8 || in->type == TTM_T_INT32 ||
                       in->type == TTM_T_FLOAT32);
    int ok_out = out->type == TTM_T_INT8 || out->type == TTM_T_UINT8 || out->type == TTM_T_INT32 ||
                 out->type == TTM_T_FLOAT32;
    if (need(w, o, o->n_out == 1 && ok_in && ok_out, "int8, uint8, int32 or float32 input and output")) return -1;
    /* A TF1 uint8 tensor is int8 here (q - 128): its real uint8 values are
     * not what a cast would see. */
    return need(w, o, !in->from_uint8 && !out->from_uint8, "no uint8 tensor converted to int8 on either side");
}

/* RESIZE_BILINEAR on int8 NHWC (TFLite's integer reference: 10-bit
 * fractional positions, rounding half away from zero), output size from the
 * output shape (the size input must agree). */
static int resize(wctx *w, const tt_gop *o, ttm_op_rec *r)
{
    const tt_gtensor *in = T(w, o, 0), *out = T(w, o, o->n_in);
    int64_t size[2];
    if (need(w, o, o->n_in == 2 && o->n_out == 1 && is_s8_4d(in) && is_s8_4d(out) &&
             const_ints(T(w, o, 1), size, 2) == 2 && size[0] == out->dims[1] && size[1] == out->dims[2] &&
             in->dims[0] == out->dims[0] && in->dims[3] == out->dims[3],
             "int8 4-D input and output and a constant size equal to the output's height and width")) return -1;
    if (need(w, o, scale0(in) == scale0(out) && zp0(in) == zp0(out), "equal input and output quantisation") ||
        need(w, o, !in->from_uint8, "an int8 tensor (a uint8 resize rounds differently)") ||
        need(w, o, !(o->align_corners && o->half_pixel), "not both align_corners and half_pixel_centers") ||
        need(w, o, in->dims[1] <= 65536 && in->dims[2] <= 65536 && out->dims[1] <= 65536 && out->dims[2] <= 65536,
             "heights and widths up to 65536")) return -1;
    r->opt[TTM_O_ALIGN_CORNERS] = o->align_corners;
    r->opt[TTM_O_HALF_PIXEL] = o->half_pixel;
    return 0;
}

static int resolve_op(wctx *w, const tt_gop *o, ttm_op_rec *r)
{
    memset(r, 0, sizeof *r);
    r->code = o->code;
    r->n_in = o->n_in;
    r->n_out = o->n_out;
    r->src_index = (uint32_t)o->src_index;
    r->opt[TTM_O_ACT_MIN] = -128;
    r->opt[TTM_O_ACT_MAX] = 127;
    r->params_off = UINT32_MAX; /* none yet */
    switch (o->code) {
    case TTM_OP_CONV_2D: case TTM_OP_DEPTHWISE_CONV_2D: return conv_like(w, o, r);
    case TTM_OP_FULLY_CONNECTED: return fully_connected(w, o, r);
    case TTM_OP_ADD: case TTM_OP_MUL: case TTM_OP_SUB: case TTM_OP_DIV: case TTM_OP_FLOOR_DIV:
        return add_mul(w, o, r);
    case TTM_OP_ARG_MAX: return arg_max(w, o, r);
    case TTM_OP_PACK: case TTM_OP_UNPACK: return pack(w, o, r);
    case TTM_OP_GATHER_ND: return gather_nd(w, o, r);
    case TTM_OP_SQRT: return sqrt_op(w, o, r);
    case TTM_OP_CAST: return cast(w, o, r);
    case TTM_OP_RESIZE_BILINEAR: return resize(w, o, r);
    case TTM_OP_PAD: return pad(w, o, r);
    case TTM_OP_AVERAGE_POOL_2D: case TTM_OP_MAX_POOL_2D: return pool(w, o, r);
    case TTM_OP_MEAN: return mean(w, o, r);
    case TTM_OP_CONCATENATION: return concat(w, o, r);
    case TTM_OP_TANH: case TTM_OP_LOGISTIC: case TTM_OP_HARD_SWISH: return lut(w, o, r);
    case TTM_OP_SOFTMAX: return softmax(w, o, r);
    case TTM_OP_QUANTIZE: return quantize(w, o, r);
    case TTM_OP_RELU: case TTM_OP_RELU6: case TTM_OP_RELU_N1_TO_1: return relu(w, o, r);
    case TTM_OP_RESHAPE: case TTM_OP_DEQUANTIZE: return 0;
    default: return fail(w, o, "unknown operator code %u", o->code);
    }
}

/* ---- arena plan ---- */

typedef struct { int32_t first, last; uint32_t bytes, off; int32_t t; } life;

static int by_size_desc(const void *a, const void *b)
{
    const life *x = a, *y = b;
    if (x->bytes != y->bytes) return x->bytes < y->bytes ? 1 : -1;
    return x->t - y->t;
}

static int by_first_use(const void *a, const void *b)
{
    const life *x = a, *y = b;
    if (x->first != y->first) return x->first < y->first ? -1 : 1;
    return by_size_desc(a, b);
}

static int by_area_desc(const void *a, const void *b) /* bytes x lifetime */
{
    const life *x = a, *y = b;
    uint64_t ax = (uint64_t)x->bytes * (uint64_t)(x->last - x->first + 2);
    uint64_t ay = (uint64_t)y->bytes * (uint64_t)(y->last - y->first + 2);
    if (ax != ay) return ax < ay ? 1 : -1;
    return by_size_desc(a, b);
}

/* Places S[0..n) in order at the lowest offset free during each lifetime. */
static uint32_t place(life *S, uint32_t n)
{
    uint32_t arena = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t off = 0;
        for (int moved = 1; moved;) { /* bump past every overlapping placed block */
            moved = 0;
            for (uint32_t j = 0; j < i; j++) {
                if (S[j].last < S[i].first || S[i].last < S[j].first) continue;
                if (off < S[j].off + S[j].bytes && S[j].off < off + S[i].bytes) {
                    off = S[j].off + S[j].bytes;
                    moved = 1;
                }
            }
        }
        S[i].off = off;
        if (off + S[i].bytes > arena) arena = off + S[i].bytes;
    }
    return arena;
}

static uint32_t align16(uint32_t v) { return (v + 15u) & ~15u; }

/* Liveness over the operator order, then greedy placement (see place()). */
static int plan_arena(const tt_graph *g, uint32_t *offs, uint32_t *arena, uint32_t *peak)
{
    life *L = calloc(g->nt ? g->nt : 1, sizeof *L);
    if (!L) return -1;
    const int32_t never = INT32_MAX;
    for (uint32_t i = 0; i < g->nt; i++) {
        L[i].first = never; L[i].last = -1; L[i].t = (int32_t)i;
        L[i].bytes = align16(g->t[i].data_bytes);
    }
    for (uint32_t j = 0; j < g->n_inputs; j++) L[g->inputs[j]].first = -1;
    for (uint32_t k = 0; k < g->nops; k++) {
        const tt_gop *o = &g->ops[k];
        for (unsigned j = 0; j < (unsigned)o->n_in + o->n_out; j++) {
            int32_t t = o->io[j];
            if (t < 0 || g->t[t].is_const) continue;
            if ((int32_t)k < L[t].first) L[t].first = (int32_t)k;
            if ((int32_t)k > L[t].last) L[t].last = (int32_t)k;
        }
    }
    for (uint32_t j = 0; j < g->n_outputs; j++) L[g->outputs[j]].last = (int32_t)g->nops;
    for (uint32_t i = 0; i < g->nt; i++)
        if (L[i].first == never) { L[i].first = 0; L[i].last = -1; } /* unused: no lifetime */
    *peak = 0;
    for (int32_t k = 0; k < (int32_t)g->nops; k++) {
        uint32_t live = 0;
        for (uint32_t i = 0; i < g->nt; i++)
            if (!g->t[i].is_const && L[i].first <= k && k <= L[i].last) live += g->t[i].data_bytes;
        if (live > *peak) *peak = live;
    }
    life *S = malloc(sizeof *S * (g->nt ? g->nt : 1));
    if (!S) { free(L); return -1; }
    uint32_t n = 0;
    for (uint32_t i = 0; i < g->nt; i++) if (!g->t[i].is_const) S[n++] = L[i];
    /* Greedy placement is order-sensitive: try a few orders, and from each
     * repeatedly move the tensor that sets the arena's end to the front of
     * the order (it then gets a low offset and the others fit around it). */
    int (*const orders[3])(const void *, const void *) = { by_size_desc, by_area_desc, by_first_use };
    *arena = UINT32_MAX;
    for (int k = 0; k < 3; k++) {
        qsort(S, n, sizeof *S, orders[k]);
        for (int round = 0; round < 32 && n > 0; round++) {
            uint32_t a = place(S, n), top = 0;
            if (a < *arena) {
                *arena = a;
                for (uint32_t i = 0; i < n; i++) offs[S[i].t] = S[i].off;
            }
            for (uint32_t i = 0; i < n; i++) if (S[i].off + S[i].bytes == a) top = i;
            if (top == 0) break;
            life moved = S[top];
            memmove(S + 1, S, top * sizeof *S);
            S[0] = moved;
        }
    }
    if (n == 0) *arena = 0;
    free(S);
    free(L);
    return 0;
}

/* ---- serialisation ---- */

static int check_graph(wctx *w)
{
    const tt_graph *g = w->g;
    for (uint32_t k = 0; k < g->nops; k++) {
        const tt_gop *o = &g->ops[k];
        if ((unsigned)o->n_in + o->n_out > TTM_MAX_OP_IO || o->n_out < 1)
            return fail(w, o, "expected 1..16 inputs+outputs");
        for (unsigned j = 0; j < (unsigned)o->n_in + o->n_out; j++)
            if (o->io[j] < -1 || o->io[j] >= (int32_t)g->nt || (j >= o->n_in && o->io[j] < 0))
                return fail(w, o, "tensor index %d out of range", o->io[j]);
    }
    for (uint32_t j = 0; j < g->n_inputs + g->n_outputs; j++) {
        int32_t t = j < g->n_inputs ? g->inputs[j] : g->outputs[j - g->n_inputs];
        if (t < 0 || t >= (int32_t)g->nt || g->t[t].is_const) {
            snprintf(w->err, w->errlen, "model input/output tensor %d is not an activation", t);
            return -1;
        }
    }
    return 0;
}

static uint32_t add_name(bytes *names, const char *s)
{
    uint32_t at = (uint32_t)names->n;
    size_t len = strlen(s) + 1;
    if (names->n + len > names->cap) {
        size_t cap = names->cap ? names->cap * 2 : 4096;
        while (cap < names->n + len) cap *= 2;
        uint8_t *p = realloc(names->p, cap);
        if (!p) return 0;
        names->p = p;
        names->cap = cap;
    }
    memcpy(names->p + names->n, s, len);
    names->n += len;
    return at;
}

static int build_tensors(wctx *w, ttm_tensor_rec *tr, bytes *names, const uint32_t *arena_off)
{
    const tt_graph *g = w->g;
    for (uint32_t i = 0; i < g->nt; i++) {
        const tt_gtensor *t = &g->t[i];
        ttm_tensor_rec *r = &tr[i];
        memset(r, 0, sizeof *r);
        r->type = t->type; r->ndim = t->ndim; r->qdim = t->qdim;
        for (unsigned d = 0; d < t->ndim && d < TTM_MAX_DIMS; d++) r->dims[d] = t->dims[d];
        r->bytes = t->data_bytes;
        r->kind = t->is_const ? TTM_K_CONST : TTM_K_ARENA;
        r->nq = t->nq;
        r->scale = scale0(t);
        r->zero_point = zp0(t);
        r->name_off = add_name(names, t->name ? t->name : "");
        if (t->is_const) {
            int64_t at = put(&w->data, t->data, t->data_bytes);
            if (at < 0) return -1;
            r->data_off = (uint32_t)at;
        } else {
            r->data_off = arena_off[i];
        }
        if (t->nq > 1) {
            int64_t at = put(&w->data, t->scales, 4u * t->nq);
            if (at < 0 || put(&w->data, t->zps, 4u * t->nq) < 0) return -1;
            r->q_off = (uint32_t)at;
        }
    }
    return 0;
}

static int build_ops(wctx *w)
{
    const tt_graph *g = w->g;
    uint32_t n_ints = g->n_inputs + g->n_outputs;
    for (uint32_t k = 0; k < g->nops; k++) n_ints += (uint32_t)g->ops[k].n_in + g->ops[k].n_out;
    w->ints = calloc(n_ints ? n_ints : 1, 4);
    w->ops = calloc(g->nops ? g->nops : 1, sizeof *w->ops);
    if (!w->ints || !w->ops) return -1;
    for (uint32_t j = 0; j < g->n_inputs; j++) w->ints[w->n_ints++] = g->inputs[j];
    for (uint32_t j = 0; j < g->n_outputs; j++) w->ints[w->n_ints++] = g->outputs[j];
    for (uint32_t k = 0; k < g->nops; k++) {
        const tt_gop *o = &g->ops[k];
        if (resolve_op(w, o, &w->ops[k])) {
            if (!w->err[0]) snprintf(w->err, w->errlen, "out of memory");
            return -1;
        }
        w->ops[k].io_at = w->n_ints;
        for (unsigned j = 0; j < (unsigned)o->n_in + o->n_out; j++) w->ints[w->n_ints++] = o->io[j];
    }
    return 0;
}

int ttm_write(const tt_graph *g, uint8_t **blob, uint32_t *size, char *err, size_t errlen)
{
    wctx w = { .g = g, .err = err, .errlen = errlen };
    bytes names = { 0 };
    uint32_t *arena_off = calloc(g->nt ? g->nt : 1, 4);
    ttm_tensor_rec *tr = calloc(g->nt ? g->nt : 1, sizeof *tr);
    ttm_header h = { 0 };
    int rc = -1;
    err[0] = 0;
    *blob = NULL;
    if (!arena_off || !tr || check_graph(&w) || build_ops(&w)) goto out;
    if (plan_arena(g, arena_off, &h.arena_bytes, &h.peak_live_bytes)) goto out;
    h.name_off = add_name(&names, g->name);
    if (build_tensors(&w, tr, &names, arena_off)) goto out;
    /* layout: header | tensors | ops | ints | names | data */
    h.magic = TTM_MAGIC; h.version = TTM_VERSION; h.header_bytes = sizeof h;
    h.n_tensors = g->nt; h.tensors_off = sizeof h;
    h.n_ops = g->nops; h.ops_off = h.tensors_off + g->nt * (uint32_t)sizeof *tr;
    h.n_ints = w.n_ints; h.ints_off = h.ops_off + g->nops * (uint32_t)sizeof(ttm_op_rec);
    h.names_off = h.ints_off + 4u * w.n_ints; h.names_bytes = (uint32_t)names.n;
    h.n_inputs = g->n_inputs; h.inputs_at = 0;
    h.n_outputs = g->n_outputs; h.outputs_at = g->n_inputs;
    h.flags = g->flags;
    uint32_t data_off = align16(h.names_off + h.names_bytes);
    uint64_t total = (uint64_t)data_off + w.data.n;
    if (total > 0x7fffffffu) { snprintf(err, errlen, "model larger than 2 GiB"); goto out; }
    h.file_bytes = (uint32_t)total;
    for (uint32_t i = 0; i < g->nt; i++) {
        if (tr[i].kind == TTM_K_CONST) tr[i].data_off += data_off;
        if (tr[i].nq > 1) tr[i].q_off += data_off;
    }
    for (uint32_t k = 0; k < g->nops; k++) {
        if (w.ops[k].params_off == UINT32_MAX) { w.ops[k].params_off = 0; w.ops[k].params_bytes = 0; }
        else w.ops[k].params_off += data_off;
    }
    uint8_t *b = aligned_alloc(16, (h.file_bytes + 15u) & ~15u);
    if (!b) goto out;
    memset(b, 0, h.file_bytes);
    memcpy(b, &h, sizeof h);
    memcpy(b + h.tensors_off, tr, g->nt * sizeof *tr);
    memcpy(b + h.ops_off, w.ops, g->nops * sizeof *w.ops);
    memcpy(b + h.ints_off, w.ints, 4u * w.n_ints);
    memcpy(b + h.names_off, names.p, names.n);
    if (w.data.n) memcpy(b + data_off, w.data.p, w.data.n);
    *blob = b;
    *size = h.file_bytes;
    rc = 0;
out:
    if (rc && !err[0]) snprintf(err, errlen, "out of memory");
    free(arena_off); free(tr); free(names.p); free(w.data.p); free(w.ops); free(w.ints);
    return rc;
}

void tt_graph_free(tt_graph *g)
{
    for (uint32_t i = 0; i < g->nt; i++) {
        free(g->t[i].scales);
        free(g->t[i].zps);
        free(g->t[i].name);
    }
    free(g->t);
    free(g->ops);
    free(g->owned);
    memset(g, 0, sizeof *g);
}
