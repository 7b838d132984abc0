/* Builds the TinyTracker graph layer by layer, in the published file's
 * operator order: grid 1x1 conv, MobileNetV3-Small minimalistic (3x3 kernels,
 * ReLU, no squeeze-excite), 1x1 conv to 2 channels, reshape, FC 128 (ReLU),
 * FC 2, TANH, DEQUANTIZE.
 *
 * Weights: xorshift32 uniform, He-scaled (variance 2/fan_in before ReLU,
 * 1/fan_in otherwise), quantised symmetric per output channel like TFLite's
 * post-training quantisation. Activation scales come from a propagated
 * second-moment estimate (range = 3 sigma) so that tensors use the int8
 * range without saturating wholesale; nothing is calibrated on data. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "models/gen/tinytracker_gen.h"

#define MAX_T 256
#define MAX_OPS 64
#define CONST_BYTES (1u << 21)

typedef struct {
    tt_graph *g;
    uint32_t rng;
    size_t used;            /* bump allocator in g->owned */
    float m2[MAX_T];        /* estimated E[x^2] of each activation tensor */
} gen;

static float uniform(gen *s) /* [-1, 1) */
{
    uint32_t x = s->rng;
    x ^= x << 13; x ^= x >> 17; x ^= x << 5;
    s->rng = x;
    return (float)((double)x / 2147483648.0 - 1.0);
}

static void *alloc_const(gen *s, size_t n)
{
    size_t at = (s->used + 15u) & ~(size_t)15u;
    if (at + n > CONST_BYTES) return NULL;
    s->used = at + n;
    return s->g->owned + at;
}

static int32_t tensor(gen *s, const char *name, uint8_t type, int ndim, const int32_t *dims)
{
    tt_graph *g = s->g;
    if (g->nt >= MAX_T) return -1;
    tt_gtensor *t = &g->t[g->nt];
    memset(t, 0, sizeof *t);
    t->type = type;
    t->ndim = (uint8_t)ndim;
    uint32_t n = tt_type_size(type);
    for (int d = 0; d < ndim; d++) { t->dims[d] = dims[d]; n *= (uint32_t)dims[d]; }
    t->data_bytes = n;
    t->name = strdup(name);
    return t->name ? (int32_t)g->nt++ : -1;
}

static int quant(gen *s, int32_t t, uint32_t nq, const float *scales, int32_t zp, uint8_t qdim)
{
    tt_gtensor *x = &s->g->t[t];
    x->scales = malloc(4u * nq);
    x->zps = malloc(4u * nq);
    if (!x->scales || !x->zps) return -1;
    for (uint32_t i = 0; i < nq; i++) { x->scales[i] = scales[i]; x->zps[i] = zp; }
    x->nq = nq;
    x->qdim = qdim;
    return 0;
}

/* Activation tensor [1,h,w,c] quantised for an estimated second moment. */
static int32_t act(gen *s, const char *name, int32_t h, int32_t w, int32_t c, float m2, int relu)
{
    int32_t dims[4] = { 1, h, w, c };
    int32_t t = tensor(s, name, TTM_T_INT8, 4, dims);
    if (t < 0) return -1;
    float sigma = sqrtf(m2 > 1e-12f ? m2 : 1e-12f);
    float scale = relu ? 3.0f * sigma / 255.0f : 6.0f * sigma / 255.0f;
    s->m2[t] = relu ? m2 / 2.0f : m2;
    return quant(s, t, 1, &scale, relu ? -128 : 0, 0) ? -1 : t;
}

static tt_gop *op(gen *s, uint16_t code, int n_in, const int32_t *in, int32_t out)
{
    tt_graph *g = s->g;
    if (g->nops >= MAX_OPS) return NULL;
    tt_gop *o = &g->ops[g->nops];
    memset(o, 0, sizeof *o);
    o->code = code;
    o->src_index = (int32_t)g->nops++;
    o->n_in = (uint8_t)n_in;
    o->n_out = 1;
    for (int j = 0; j < n_in; j++) o->io[j] = in[j];
    o->io[n_in] = out;
    o->stride_w = o->stride_h = o->dil_w = o->dil_h = 1;
    return o;
}

/* Constant int8 filter [o,kh,kw,i] (or [1,kh,kw,c] depthwise) and int32 bias,
 * per-channel symmetric, from float weights with the given variance. */
static int weights(gen *s, const char *name, const int32_t fd[4], int dw, float var, float in_scale,
                   float bias_sigma, int zero_mean, int32_t *wt, int32_t *bt)
{
    int32_t cout = dw ? fd[3] : fd[0], per = fd[1] * fd[2] * (dw ? 1 : fd[3]);
    float a = sqrtf(3.0f * var);
    float *wf = malloc(sizeof(float) * (size_t)cout * (size_t)per), *scales = malloc(sizeof(float) * (size_t)cout);
    char nm[96];
    snprintf(nm, sizeof nm, "%s/weights", name);
    *wt = tensor(s, nm, TTM_T_INT8, 4, fd);
    snprintf(nm, sizeof nm, "%s/bias", name);
    *bt = tensor(s, nm, TTM_T_INT32, 1, &cout);
    if (!wf || !scales || *wt < 0 || *bt < 0) { free(wf); free(scales); return -1; }
    int8_t *q = alloc_const(s, (size_t)cout * (size_t)per);
    int32_t *b = alloc_const(s, 4u * (size_t)cout);
    if (!q || !b) { free(wf); free(scales); return -1; }
    for (int32_t i = 0; i < cout * per; i++) wf[i] = a * uniform(s);
    /* After a ReLU every input has a positive mean; zero-sum weight rows
     * keep that mean from swamping the output (used for the last FC). */
    for (int32_t c = 0; c < cout && zero_mean && !dw; c++) {
        float mean = 0;
        for (int32_t k = 0; k < per; k++) mean += wf[c * per + k];
        mean /= (float)per;
        for (int32_t k = 0; k < per; k++) wf[c * per + k] -= mean;
    }
    for (int32_t c = 0; c < cout; c++) {
        float mx = 1e-8f;
        for (int32_t k = 0; k < per; k++) {
            /* depthwise filters are [1,kh,kw,c]: channel is the fastest index */
            float v = fabsf(wf[dw ? k * cout + c : c * per + k]);
            if (v > mx) mx = v;
        }
        scales[c] = mx / 127.0f;
        for (int32_t k = 0; k < per; k++) {
            int32_t i = dw ? k * cout + c : c * per + k;
            q[i] = (int8_t)lrintf(wf[i] / scales[c]);
        }
        b[c] = (int32_t)lrintf(bias_sigma * uniform(s) / (in_scale * scales[c]));
    }
    tt_gtensor *W = &s->g->t[*wt], *B = &s->g->t[*bt];
    W->is_const = B->is_const = 1;
    W->data = (const uint8_t *)q;
    B->data = (const uint8_t *)b;
    int rc = quant(s, *wt, (uint32_t)cout, scales, 0, dw ? 3 : 0);
    for (int32_t c = 0; c < cout && !rc; c++) scales[c] *= in_scale;
    if (!rc) rc = quant(s, *bt, (uint32_t)cout, scales, 0, 0);
    free(wf);
    free(scales);
    return rc;
}

static const tt_gtensor *T(gen *s, int32_t t) { return &s->g->t[t]; }

/* Conv (1x1 or kxk, stride st, SAME) with optional ReLU. */
static int32_t conv(gen *s, const char *name, int32_t in, int32_t cout, int32_t k, int32_t st, int relu)
{
    const tt_gtensor *x = T(s, in);
    int32_t h = (x->dims[1] + st - 1) / st, w = (x->dims[2] + st - 1) / st, cin = x->dims[3];
    int32_t fd[4] = { cout, k, k, cin }, wt, bt;
    float fan = (float)(k * k * cin), var = (relu ? 2.0f : 1.0f) / fan;
    float pre = fan * var * s->m2[in];
    if (weights(s, name, fd, 0, var, x->scales[0], 0.1f * sqrtf(pre), 0, &wt, &bt)) return -1;
    int32_t out = act(s, name, h, w, cout, pre, relu);
    int32_t io[3] = { in, wt, bt };
    tt_gop *o = out < 0 ? NULL : op(s, TTM_OP_CONV_2D, 3, io, out);
    if (!o) return -1;
    o->stride_w = o->stride_h = st;
    o->padding = TT_PAD_SAME;
    o->act = relu ? TT_ACT_RELU : TT_ACT_NONE;
    return out;
}

static int32_t dwconv(gen *s, const char *name, int32_t in, int32_t st)
{
    const tt_gtensor *x = T(s, in);
    int32_t c = x->dims[3], h, w;
    int32_t padding = TT_PAD_SAME;
    if (st == 2) { /* Keras MobileNetV3: explicit PAD then VALID */
        int32_t before = x->dims[1] % 2 ? 1 : 0, after = 1;
        int32_t pd[4] = { 1, x->dims[1] + before + after, x->dims[2] + before + after, c };
        char nm[96];
        snprintf(nm, sizeof nm, "%s/pad", name);
        int32_t pt = tensor(s, nm, TTM_T_INT8, 4, pd);
        int32_t two[2] = { 4, 2 };
        snprintf(nm, sizeof nm, "%s/paddings", name);
        int32_t cp = tensor(s, nm, TTM_T_INT32, 2, two);
        int32_t *pv = alloc_const(s, 32);
        if (pt < 0 || cp < 0 || !pv) return -1;
        int32_t vals[8] = { 0, 0, before, after, before, after, 0, 0 };
        memcpy(pv, vals, sizeof vals);
        s->g->t[cp].is_const = 1;
        s->g->t[cp].data = (const uint8_t *)pv;
        if (quant(s, pt, 1, x->scales, x->zps[0], 0)) return -1;
        s->m2[pt] = s->m2[in];
        int32_t io[2] = { in, cp };
        if (!op(s, TTM_OP_PAD, 2, io, pt)) return -1;
        in = pt;
        x = T(s, in);
        padding = TT_PAD_VALID;
        h = (x->dims[1] - 3) / 2 + 1;
        w = (x->dims[2] - 3) / 2 + 1;
    } else {
        h = x->dims[1];
        w = x->dims[2];
    }
    int32_t fd[4] = { 1, 3, 3, c }, wt, bt;
    float var = 2.0f / 9.0f, pre = 9.0f * var * s->m2[in];
    if (weights(s, name, fd, 1, var, x->scales[0], 0.1f * sqrtf(pre), 0, &wt, &bt)) return -1;
    int32_t out = act(s, name, h, w, c, pre, 1);
    int32_t io[3] = { in, wt, bt };
    tt_gop *o = out < 0 ? NULL : op(s, TTM_OP_DEPTHWISE_CONV_2D, 3, io, out);
    if (!o) return -1;
    o->stride_w = o->stride_h = st;
    o->depth_mult = 1;
    o->padding = padding;
    o->act = TT_ACT_RELU;
    return out;
}

static int32_t add(gen *s, const char *name, int32_t a, int32_t b)
{
    const tt_gtensor *x = T(s, a);
    float m2 = s->m2[a] + s->m2[b];
    int32_t out = act(s, name, x->dims[1], x->dims[2], x->dims[3], m2, 0);
    int32_t io[2] = { a, b };
    return out >= 0 && op(s, TTM_OP_ADD, 2, io, out) ? out : -1;
}

/* MobileNetV3 inverted residual: expand 1x1, depthwise 3x3, project 1x1. */
static int32_t block(gen *s, int idx, int32_t in, int32_t expand, int32_t cout, int32_t st)
{
    char nm[64];
    int32_t x = in, cin = T(s, in)->dims[3];
    if (idx > 0) {
        snprintf(nm, sizeof nm, "block%d/expand", idx);
        x = conv(s, nm, x, expand, 1, 1, 1);
    }
    snprintf(nm, sizeof nm, "block%d/depthwise", idx);
    x = x < 0 ? -1 : dwconv(s, nm, x, st);
    snprintf(nm, sizeof nm, "block%d/project", idx);
    x = x < 0 ? -1 : conv(s, nm, x, cout, 1, 1, 0);
    if (x >= 0 && st == 1 && cin == cout) {
        snprintf(nm, sizeof nm, "block%d/add", idx);
        x = add(s, nm, in, x);
    }
    return x;
}

static int32_t fc(gen *s, const char *name, int32_t in, int32_t units, int relu, int zero_mean)
{
    const tt_gtensor *x = T(s, in);
    int32_t depth = x->dims[x->ndim - 1], fd[4] = { units, 1, 1, depth }, wt, bt;
    float var = (relu ? 2.0f : 1.0f) / (float)depth;
    if (zero_mean) var /= s->m2[in]; /* the last FC: unit output variance for TANH */
    float pre = (float)depth * var * s->m2[in];
    if (weights(s, name, fd, 0, var, x->scales[0], 0.1f * sqrtf(pre), zero_mean, &wt, &bt)) return -1;
    /* FULLY_CONNECTED weights are 2-D and per-tensor in the published model */
    tt_gtensor *W = &s->g->t[wt];
    W->ndim = 2; W->dims[1] = depth;
    int32_t od[2] = { 1, units };
    int32_t out = tensor(s, name, TTM_T_INT8, 2, od);
    if (out < 0) return -1;
    float sc = (relu ? 3.0f : 6.0f) * sqrtf(pre) / 255.0f;
    if (quant(s, out, 1, &sc, relu ? -128 : 0, 0)) return -1;
    s->m2[out] = relu ? pre / 2 : pre;
    int32_t io[3] = { in, wt, bt };
    tt_gop *o = op(s, TTM_OP_FULLY_CONNECTED, 3, io, out);
    if (!o) return -1;
    o->act = relu ? TT_ACT_RELU : TT_ACT_NONE;
    return out;
}

/* Per-channel FC weights -> one scale: requantise to the largest scale. */
static void per_tensor_weights(gen *s, int32_t wt, int32_t bt)
{
    tt_gtensor *W = &s->g->t[wt], *B = &s->g->t[bt];
    float mx = 0;
    for (uint32_t c = 0; c < W->nq; c++) if (W->scales[c] > mx) mx = W->scales[c];
    int8_t *q = (int8_t *)(uintptr_t)W->data;
    int32_t per = W->dims[1];
    for (uint32_t c = 0; c < W->nq; c++)
        for (int32_t k = 0; k < per; k++)
            q[c * (uint32_t)per + (uint32_t)k] = (int8_t)lrintf(q[c * (uint32_t)per + (uint32_t)k] * W->scales[c] / mx);
    float in_scale = B->scales[0] / W->scales[0];
    int32_t *b = (int32_t *)(uintptr_t)B->data;
    for (uint32_t c = 0; c < B->nq; c++) b[c] = (int32_t)lrintf((float)b[c] * B->scales[c] / (in_scale * mx));
    W->nq = B->nq = 1;
    W->scales[0] = mx;
    B->scales[0] = in_scale * mx;
}

static int32_t head(gen *s, int32_t x)
{
    x = conv(s, "head/conv_2ch", x, 2, 1, 1, 0);
    if (x < 0) return -1;
    const tt_gtensor *c = T(s, x);
    int32_t flat = c->dims[1] * c->dims[2] * c->dims[3];
    int32_t sd[1] = { 2 }, od[2] = { 1, flat };
    int32_t shp = tensor(s, "head/shape", TTM_T_INT32, 1, sd);
    int32_t r = tensor(s, "head/reshape", TTM_T_INT8, 2, od);
    int32_t *sv = alloc_const(s, 8);
    if (shp < 0 || r < 0 || !sv) return -1;
    sv[0] = 1; sv[1] = flat;
    s->g->t[shp].is_const = 1;
    s->g->t[shp].data = (const uint8_t *)sv;
    if (quant(s, r, 1, c->scales, c->zps[0], 0)) return -1;
    s->m2[r] = s->m2[x];
    int32_t io[2] = { x, shp };
    if (!op(s, TTM_OP_RESHAPE, 2, io, r)) return -1;
    x = fc(s, "head/fc128", r, 128, 1, 0);
    if (x >= 0) per_tensor_weights(s, s->g->ops[s->g->nops - 1].io[1], s->g->ops[s->g->nops - 1].io[2]);
    x = x < 0 ? -1 : fc(s, "head/fc2", x, 2, 0, 1);
    if (x >= 0) per_tensor_weights(s, s->g->ops[s->g->nops - 1].io[1], s->g->ops[s->g->nops - 1].io[2]);
    if (x < 0) return -1;
    int32_t th = tensor(s, "head/tanh", TTM_T_INT8, 2, (int32_t[]){ 1, 2 });
    float ts = 1.0f / 128.0f;
    if (th < 0 || quant(s, th, 1, &ts, 0, 0) || !op(s, TTM_OP_TANH, 1, &x, th)) return -1;
    int32_t y = tensor(s, "Identity", TTM_T_FLOAT32, 2, (int32_t[]){ 1, 2 });
    return y >= 0 && op(s, TTM_OP_DEQUANTIZE, 1, &th, y) ? y : -1;
}

int tt_gen_tinytracker(tt_graph *g, char *err, size_t errlen)
{
    /* expand, out, stride of MobileNetV3-Small's 11 blocks (minimalistic) */
    static const int32_t blocks[11][3] = {
        { 16, 16, 2 }, { 72, 24, 2 }, { 88, 24, 1 }, { 96, 40, 2 }, { 240, 40, 1 }, { 240, 40, 1 },
        { 120, 48, 1 }, { 144, 48, 1 }, { 288, 96, 2 }, { 576, 96, 1 }, { 576, 96, 1 } };
    static gen s;
    memset(&s, 0, sizeof s);
    memset(g, 0, sizeof *g);
    s.g = g;
    s.rng = TT_GEN_SEED;
    g->t = calloc(MAX_T, sizeof *g->t);
    g->ops = calloc(MAX_OPS, sizeof *g->ops);
    g->owned = aligned_alloc(16, CONST_BYTES);
    if (!g->t || !g->ops || !g->owned) goto fail;
    memset(g->owned, 0, CONST_BYTES);
    snprintf(g->name, sizeof g->name, "tinytracker (synthetic, %dx%dx%d)", TT_GEN_SIDE, TT_GEN_SIDE, TT_GEN_CHANNELS);
    g->flags = TTM_F_SYNTHETIC;
    /* input like the published model: [-1, 1] in int8, scale 2/255, zp 0 */
    int32_t in = act(&s, "input_1", TT_GEN_SIDE, TT_GEN_SIDE, TT_GEN_CHANNELS, 1.0f / 3.0f, 0);
    if (in < 0) goto fail;
    g->t[in].scales[0] = 2.0f / 255.0f;
    g->inputs[0] = in;
    g->n_inputs = 1;
    int32_t x = conv(&s, "grid/conv1x1", in, 3, 1, 1, 0);
    x = x < 0 ? -1 : conv(&s, "stem/conv3x3", x, 16, 3, 2, 1);
    for (int b = 0; b < 11 && x >= 0; b++) x = block(&s, b, x, blocks[b][0], blocks[b][1], blocks[b][2]);
    x = x < 0 ? -1 : conv(&s, "last/conv1x1", x, 576, 1, 1, 1);
    x = x < 0 ? -1 : head(&s, x);
    if (x < 0) goto fail;
    g->outputs[0] = x;
    g->n_outputs = 1;
    return 0;
fail:
    snprintf(err, errlen, "generator ran out of its fixed tables or memory");
    tt_graph_free(g);
    return -1;
}
