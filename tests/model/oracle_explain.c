/* Why the oracle and TFLite's reference arithmetic differ by 1 LSB.
 *
 *   oracle-explain MODEL.tflite ORACLE_DIR OURS_DIR
 *
 * ORACLE_DIR is the oracle's --tensors all --dump-dir; OURS_DIR is ttemu's
 * --dump-dir of a single-rounding run fed the oracle's tensors (--feed-dir),
 * so every operator sees the oracle's inputs. For every CONV_2D,
 * DEPTHWISE_CONV_2D, FULLY_CONNECTED and ADD whose tensors were dumped,
 * each output element is computed here twice from the oracle's inputs:
 *
 *  - TFLite's reference kernels with TFLITE_SINGLE_ROUNDING: the real scale
 *    in double, quantised to a Q31 multiplier (QuantizeMultiplier), one
 *    64-bit product rounded half up; ADD with the 20-bit left shift and
 *    three such multipliers (reference_ops add.h, quantization_util);
 *  - XNNPack's arithmetic (what LiteRT.js runs): convolutions and FC scale
 *    the int32 accumulator by input_scale * filter_scale / output_scale
 *    computed in float32, round the float32 product to nearest even (magic
 *    bias / lrintf); ADD uses 21-bit multipliers lrintf(scale * 2^shift)
 *    with shift = 20 - exponent of the larger float32 scale ratio, one sum
 *    and an arithmetic shift with half added (src/params-init.c,
 *    qs8-vadd, qs8-gemm fp32 kernels).
 *
 * It prints, per operator with a difference, how many elements the oracle
 * and ttemu disagree on and how close to a rounding tie (x.5) each such
 * value is, and fails unless (1) the XNNPack formula reproduces every
 * oracle element and (2) ttemu's output equals the TFLite formula on every
 * element. Together: every difference is XNNPack's float rounding of a
 * value within float precision of a tie, not an error of ours.
 * uint8 tensors (TF1 models) are int8 after import, 128 lower with the
 * zero point 128 lower (docs/model.md): both formulas give the same result
 * on either form, so the oracle's uint8 dumps (marked UINT8 in its
 * manifest.tsv) are read 128 lower and compared in int8. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/tflite/tflite.h"

typedef struct {
    long n, oracle_vs_xnn, ours_vs_tfl, differ;
    double worst_tie_dist; /* largest |frac - 0.5| among differing elements */
} tally;

static const char *g_oracle, *g_ours;
static unsigned char g_oracle_u8[1 << 16]; /* tensor index -> dumped as UINT8 */

/* The oracle's manifest: slot, tensor_index, name, dtype, ... (tab separated). */
static void read_manifest(const char *dir)
{
    char p[4096], line[8192];
    snprintf(p, sizeof p, "%s/manifest.tsv", dir);
    FILE *f = fopen(p, "r");
    while (f && fgets(line, sizeof line, f)) {
        char *tab1 = strchr(line, '\t'), *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
        char *tab3 = tab2 ? strchr(tab2 + 1, '\t') : NULL;
        long t = tab1 ? strtol(tab1 + 1, NULL, 10) : -1;
        if (tab3 && t >= 0 && t < (long)sizeof g_oracle_u8 && !strncmp(tab3 + 1, "UINT8\t", 6))
            g_oracle_u8[t] = 1;
    }
    if (f) fclose(f);
}

/* Tensor t as int32 values from DIR/tNNNN.txt; NULL when absent. */
static int32_t *load(const char *dir, int32_t t, long n, int shift128)
{
    char p[4096];
    snprintf(p, sizeof p, "%s/t%04d.txt", dir, t);
    FILE *f = fopen(p, "r");
    if (!f) return NULL;
    int32_t *v = malloc((size_t)n * sizeof *v);
    for (long i = 0; v && i < n; i++)
        if (fscanf(f, "%d", &v[i]) != 1) { free(v); v = NULL; }
        else v[i] += shift128;
    fclose(f);
    return v;
}

static long elems(const tt_gtensor *t)
{
    long n = 1;
    for (int d = 0; d < t->ndim; d++) n *= t->dims[d];
    return n;
}

static int32_t wval(const tt_gtensor *w, long i) { return (int8_t)w->data[i]; }

static void range(const tt_gtensor *o, int act, int32_t *lo, int32_t *hi)
{
    float s = o->scales[0];
    int32_t zp = o->zps[0], qmin = -128, qmax = 127;
    *lo = qmin; *hi = qmax;
    if (act == TT_ACT_RELU || act == TT_ACT_RELU6) *lo = zp + (int32_t)roundf(0.0f / s);
    if (act == TT_ACT_RELU6) *hi = zp + (int32_t)roundf(6.0f / s);
    if (act == TT_ACT_RELU_N1_TO_1) { *lo = zp + (int32_t)roundf(-1.0f / s); *hi = zp + (int32_t)roundf(1.0f / s); }
    if (*lo < qmin) *lo = qmin;
    if (*hi > qmax) *hi = qmax;
}

static int32_t clampi(int64_t v, int32_t lo, int32_t hi) { return (int32_t)(v < lo ? lo : v > hi ? hi : v); }

/* TFLite single rounding of acc * real. */
static int64_t tfl_scale(int64_t acc, double real)
{
    int32_t m, s;
    tt_quantize_multiplier(real, &m, &s);
    int total = 31 - s;
    return (acc * m + (INT64_C(1) << (total - 1))) >> total;
}

/* XNNPack: fl32(fl32(acc) * scale), then round to nearest even. */
static int64_t xnn_scale(int64_t acc, float scale)
{
    float y = (float)acc * scale;
    return (int64_t)nearbyintf(y);
}

static void count(tally *t, int32_t oracle, int32_t ours, int32_t tfl, int32_t xnn, double exact)
{
    t->n++;
    t->oracle_vs_xnn += oracle != xnn;
    t->ours_vs_tfl += ours != tfl;
    if (oracle != ours) {
        t->differ++;
        double d = fabs(exact - floor(exact) - 0.5);
        if (d > t->worst_tie_dist) t->worst_tie_dist = d;
    }
}

/* The int32 accumulator of output element (oh, ow, oc) of a CONV_2D or
 * DEPTHWISE_CONV_2D, SAME or VALID padding as TFLite computes it. */
static int64_t conv_acc(const tt_gop *o, const tt_gtensor *I, const int32_t *x, const tt_gtensor *W,
                        const tt_gtensor *O, int oh, int ow, int oc)
{
    int dw = o->code == TTM_OP_DEPTHWISE_CONV_2D;
    int IH = I->dims[1], IW = I->dims[2], IC = I->dims[3], KH = W->dims[1], KW = W->dims[2];
    int pt = 0, pl = 0;
    if (o->padding == TT_PAD_SAME) {
        int ph = (O->dims[1] - 1) * o->stride_h + (KH - 1) * o->dil_h + 1 - IH;
        int pw = (O->dims[2] - 1) * o->stride_w + (KW - 1) * o->dil_w + 1 - IW;
        pt = ph > 0 ? ph / 2 : 0;
        pl = pw > 0 ? pw / 2 : 0;
    }
    int32_t izp = I->zps[0], wzp = W->zps[W->nq > 1 ? oc : 0];
    int64_t acc = 0;
    for (int kh = 0; kh < KH; kh++)
        for (int kw = 0; kw < KW; kw++) {
            int ih = oh * o->stride_h - pt + kh * o->dil_h, iw = ow * o->stride_w - pl + kw * o->dil_w;
            if (ih < 0 || ih >= IH || iw < 0 || iw >= IW) continue;
            const int32_t *px = x + ((long)ih * IW + iw) * IC;
            if (dw) {
                acc += (int64_t)(px[oc / o->depth_mult] - izp) * (wval(W, ((long)kh * KW + kw) * O->dims[3] + oc) - wzp);
                continue;
            }
            for (int ic = 0; ic < IC; ic++)
                acc += (int64_t)(px[ic] - izp) * (wval(W, (((long)oc * KH + kh) * KW + kw) * IC + ic) - wzp);
        }
    return acc;
}

static int64_t fc_acc(const tt_gtensor *W, const tt_gtensor *I, const int32_t *x, long b, int u)
{
    int in = W->dims[1];
    int64_t acc = 0;
    for (int i = 0; i < in; i++)
        acc += (int64_t)(x[b * in + i] - I->zps[0]) * (wval(W, (long)u * in + i) - W->zps[W->nq > 1 ? u : 0]);
    return acc;
}

/* CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED. */
static void explain_mac(const tt_graph *g, const tt_gop *o, const int32_t *x, const int32_t *ref,
                        const int32_t *ours, tally *t)
{
    const tt_gtensor *I = &g->t[o->io[0]], *W = &g->t[o->io[1]], *O = &g->t[o->io[o->n_in]];
    const int32_t *bias = o->io[2] >= 0 ? (const int32_t *)g->t[o->io[2]].data : NULL;
    int fc = o->code == TTM_OP_FULLY_CONNECTED;
    int OC = O->dims[O->ndim - 1];
    int32_t lo, hi;
    range(O, o->act, &lo, &hi);
    for (long e = 0, n = elems(O); e < n; e++) {
        int oc = (int)(e % OC);
        int64_t acc = fc ? fc_acc(W, I, x, e / OC, oc)
                         : conv_acc(o, I, x, W, O, (int)(e / OC / O->dims[2]), (int)(e / OC % O->dims[2]), oc);
        acc += bias ? bias[oc] : 0;
        float si = I->scales[0], sw = W->scales[W->nq > 1 ? oc : 0], so = O->scales[0];
        double real = (double)si * (double)sw / (double)so;
        int32_t tfl = clampi(tfl_scale(acc, real) + O->zps[0], lo, hi);
        int32_t xnn = clampi(xnn_scale(acc, si * sw / so) + O->zps[0], lo, hi);
        count(t, ref[e], ours[e], tfl, xnn, (double)acc * real);
    }
}

/* ADD of two same-shaped tensors or one a single value. */
static void explain_add(const tt_graph *g, const tt_gop *o, const int32_t *a, const int32_t *b,
                        const int32_t *ref, const int32_t *ours, tally *t)
{
    const tt_gtensor *A = &g->t[o->io[0]], *B = &g->t[o->io[1]], *O = &g->t[o->io[2]];
    long na = elems(A), nb = elems(B);
    float sa = A->scales[0], sb = B->scales[0], so = O->scales[0];
    int32_t za = A->zps[0], zb = B->zps[0], zo = O->zps[0], lo, hi;
    range(O, o->act, &lo, &hi);
    /* TFLite (reference add.h, single rounding): 20-bit left shift. */
    double twice_max = 2.0 * fmax(sa, sb);
    double r1 = sa / twice_max, r2 = sb / twice_max, ro = twice_max / ((double)(1 << 20) * so);
    /* XNNPack: 21-bit multipliers from float32 ratios. */
    float fa = sa / so, fb = sb / so, fmx = fa > fb ? fa : fb;
    int exp2 = 0;
    frexpf(fmx, &exp2);
    int shift = 20 - (exp2 - 1);
    long ma = lrintf(ldexpf(fa, shift)), mb = lrintf(ldexpf(fb, shift));
    for (long e = 0, n = elems(O); e < n; e++) {
        int32_t qa = a[na == 1 ? 0 : e], qb = b[nb == 1 ? 0 : e];
        int64_t s1 = tfl_scale((int64_t)(qa - za) * (1 << 20), r1);
        int64_t s2 = tfl_scale((int64_t)(qb - zb) * (1 << 20), r2);
        int32_t tfl = clampi(tfl_scale(s1 + s2, ro) + zo, lo, hi);
        int64_t sum = (int64_t)ma * (qa - za) + (int64_t)mb * (qb - zb) + ((int64_t)1 << (shift - 1));
        int32_t xnn = clampi((sum >> shift) + zo, lo, hi);
        count(t, ref[e], ours[e], tfl, xnn, (double)sa / so * (qa - za) + (double)sb / so * (qb - zb));
    }
}

static int32_t *load_act(int32_t t, const tt_graph *g, const char *dir, int ours)
{
    if (t < 0 || g->t[t].is_const || g->t[t].type != TTM_T_INT8) return NULL;
    return load(dir, t, elems(&g->t[t]), !ours && t < (int32_t)sizeof g_oracle_u8 && g_oracle_u8[t] ? -128 : 0);
}

/* One operator: 1 when it was checked. */
static int explain_op(const tt_graph *g, const tt_gop *o, tally *t)
{
    int add = o->code == TTM_OP_ADD;
    if (!add && o->code != TTM_OP_CONV_2D && o->code != TTM_OP_DEPTHWISE_CONV_2D &&
        o->code != TTM_OP_FULLY_CONNECTED)
        return 0;
    int32_t out = o->io[o->n_in];
    int32_t *x = load_act(o->io[0], g, g_oracle, 0), *y = add ? load_act(o->io[1], g, g_oracle, 0) : NULL;
    int32_t *ref = load_act(out, g, g_oracle, 0), *ours = load_act(out, g, g_ours, 1);
    int ok = x && ref && ours && (!add || y) && g->t[out].nq == 1;
    if (ok && add) explain_add(g, o, x, y, ref, ours, t);
    else if (ok) explain_mac(g, o, x, ref, ours, t);
    free(x); free(y); free(ref); free(ours);
    return ok;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: oracle-explain MODEL.tflite ORACLE_DIR OURS_DIR\n");
        return 64;
    }
    g_oracle = argv[2];
    g_ours = argv[3];
    read_manifest(g_oracle);
    FILE *f = fopen(argv[1], "rb");
    long sz = f && !fseek(f, 0, SEEK_END) ? ftell(f) : -1;
    uint8_t *buf = sz > 0 ? malloc((size_t)sz) : NULL;
    if (!buf || fseek(f, 0, SEEK_SET) || fread(buf, 1, (size_t)sz, f) != (size_t)sz) {
        fprintf(stderr, "oracle-explain: %s: cannot read\n", argv[1]);
        return 66;
    }
    fclose(f);
    tt_graph g;
    char err[512];
    memset(&g, 0, sizeof g);
    if (tflite_read(buf, (uint32_t)sz, &g, err, sizeof err)) {
        fprintf(stderr, "oracle-explain: %s\n", err);
        return 65;
    }
    tally all = { 0 };
    int ops = 0;
    for (uint32_t k = 0; k < g.nops; k++) {
        tally t = { 0 };
        if (!explain_op(&g, &g.ops[k], &t)) continue;
        ops++;
        if (t.differ || t.oracle_vs_xnn || t.ours_vs_tfl)
            printf("  op %d: %ld of %ld differ (all within %.2g of a tie); XNNPack formula misses %ld, "
                   "ttemu differs from TFLite's formula on %ld\n", g.ops[k].src_index, t.differ, t.n,
                   t.worst_tie_dist, t.oracle_vs_xnn, t.ours_vs_tfl);
        all.n += t.n; all.differ += t.differ; all.oracle_vs_xnn += t.oracle_vs_xnn;
        all.ours_vs_tfl += t.ours_vs_tfl;
        if (t.worst_tie_dist > all.worst_tie_dist) all.worst_tie_dist = t.worst_tie_dist;
    }
    printf("explain: ops=%d elements=%ld differ=%ld worst_tie_dist=%.3g xnnpack_misses=%ld ttemu_vs_tflite=%ld\n",
           ops, all.n, all.differ, all.worst_tie_dist, all.oracle_vs_xnn, all.ours_vs_tfl);
    tt_graph_free(&g);
    free(buf);
    return ops > 0 && !all.oracle_vs_xnn && !all.ours_vs_tfl ? 0 : 1;
}
