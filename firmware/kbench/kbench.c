/* Kernel bench: the ARMv7E-M int8 kernels against the reference kernels.
 *
 * Part 1 (compared byte for byte between QEMU and ttemu by
 * tests/suites/47-kernels.sh): seeded random layers of every kind (odd
 * channel counts and widths, strides, padding, dilation, per-tensor and
 * per-channel multipliers, activation clamps, zero points at both ends of
 * int8, no bias) run through the reference, the optimised entry and the
 * dispatching entry; the outputs must be identical and nothing may be
 * written past the output. Lines start "case" or "summary".
 * Part 2 (ttemu only: QEMU's DWT has no cycle counter): TinyTracker-sized
 * layers timed with DWT.CYCCNT, ref and opt. Lines start "time".
 * Exits 0 when every comparison held. */
#include <stdio.h>
#include <string.h>
#include "kbench.h"
#include "models/runtime/kernels_armv7em_simd.h"

#define BUF     (64 * 1024)
#define GUARD   64
static int8_t in_buf[BUF], w_buf[BUF];
static int8_t out_ref[BUF + GUARD], out_opt[BUF + GUARD], out_disp[BUF + GUARD];
static int32_t bias_buf[1024];
static kb_layer L;

static uint32_t seed = 0x2545f491u;
static uint32_t rnd(void)
{
    seed ^= seed << 13;
    seed ^= seed >> 17;
    seed ^= seed << 5;
    return seed;
}
static int32_t rnd_in(int32_t lo, int32_t hi) { return lo + (int32_t)(rnd() % (uint32_t)(hi - lo + 1)); }

static int32_t out_dim(int32_t in, int32_t k, int32_t stride, int32_t pad, int32_t dil)
{
    int32_t span = in + 2 * pad - dil * (k - 1) - 1;
    return span < 0 ? 0 : span / stride + 1;
}

static int32_t log2i(int32_t v)
{
    int32_t n = 0;
    while (v > 1) { v >>= 1; n++; }
    return n;
}

/* Quantisation for a layer whose dot products have `taps` terms: multipliers
 * in [2^30, 2^31) and shifts that bring a typical accumulator near int8. */
static void random_quant(tt_conv_params *p, int32_t channels, int32_t taps)
{
    p->in_offset = -rnd_in(-128, 127);
    p->out_offset = rnd_in(-128, 127);
    /* Zero points at the ends of the range, where x + offset reaches 255. */
    if (rnd() % 8 == 0) p->in_offset = rnd() & 1 ? 128 : -127;
    p->per_channel = (int)(rnd() % 3 != 0);
    const int32_t n = p->per_channel ? channels : 1;
    const int32_t base_shift = -(6 + log2i(taps) / 2);
    for (int32_t i = 0; i < n; i++) {
        L.mult[i] = (int32_t)(0x40000000u + (rnd() & 0x3fffffffu));
        L.shift[i] = base_shift + rnd_in(-2, 1);
    }
    p->mult = L.mult;
    p->shift = L.shift;
    if (rnd() % 3 == 0) {
        p->act_min = -128;
        p->act_max = 127;
    } else {
        p->act_min = rnd_in(-128, 0);
        p->act_max = rnd_in(p->act_min, 127);
    }
}

static void fill(int8_t *b, int32_t n)
{
    for (int32_t i = 0; i < n; i++) b[i] = (int8_t)rnd();
}

static const int32_t *fill_bias(int32_t n, int allow_null)
{
    if (allow_null && rnd() % 6 == 0) return NULL;
    for (int32_t i = 0; i < n; i++) bias_buf[i] = rnd_in(-40000, 40000);
    return bias_buf;
}

static int32_t out_elems(void)
{
    return L.out_s.n * L.out_s.h * L.out_s.w * L.out_s.c;
}

static unsigned cases, on_opt, mismatches;

static uint32_t fnv(const int8_t *b, int32_t n)
{
    uint32_t h = 2166136261u;
    for (int32_t i = 0; i < n; i++) h = (h ^ (uint8_t)b[i]) * 16777619u;
    return h;
}

/* Runs the current layer L three ways and compares. */
static void compare(const char *what, const int32_t *bias)
{
    const int32_t n = out_elems();
    memset(out_ref, 0x5a, sizeof out_ref);
    memset(out_opt, 0x5a, sizeof out_opt);
    memset(out_disp, 0x5a, sizeof out_disp);
    kb_run_ref(&L, in_buf, w_buf, bias, out_ref);
    int handled = kb_run_opt(&L, in_buf, w_buf, bias, out_opt);
    if (!handled) memcpy(out_opt, out_ref, sizeof out_opt);
    kb_run_dispatch(&L, in_buf, w_buf, bias, out_disp);
    int same = memcmp(out_ref, out_opt, (size_t)n + GUARD) == 0 &&
               memcmp(out_ref, out_disp, (size_t)n + GUARD) == 0;
    for (int32_t i = n; i < n + GUARD; i++)
        if (out_ref[i] != 0x5a) same = 0;
    cases++;
    on_opt += (unsigned)handled;
    if (!same) mismatches++;
    printf("case %3u %-4s in %ldx%ldx%ldx%ld f %ldx%ld s%ld p%ld d%ld out %ldx%ldx%ld %s%s off %ld/%ld "
           "clamp %ld..%ld %s %08lx: %s\n",
           cases, what, (long)L.in_s.n, (long)L.in_s.h, (long)L.in_s.w, (long)L.in_s.c,
           (long)L.f_s.h, (long)L.f_s.w, (long)L.p.stride_w, (long)L.p.pad_w, (long)L.p.dil_w,
           (long)L.out_s.h, (long)L.out_s.w, (long)L.out_s.c, L.p.per_channel ? "pc" : "pt",
           bias ? "" : " nobias", (long)L.p.in_offset, (long)L.p.out_offset, (long)L.p.act_min,
           (long)L.p.act_max, handled ? "opt" : "fallback", (unsigned long)fnv(out_ref, n),
           same ? "same" : "DIFFER");
}

/* The optimised epilogue's requantisation against tt_requant: every pair
 * of edge operands over the whole shift range, then random ones. */
static void check_requant(void)
{
    static const int32_t xs[] = { INT32_MIN, INT32_MIN + 1, -(1 << 30) - 1, -(1 << 30), -65537,
                                  -32768, -257, -3, -2, -1, 0, 1, 2, 3, 255, 32767, 65536,
                                  1 << 30, (1 << 30) + 1, INT32_MAX - 1, INT32_MAX };
    static const int32_t ms[] = { INT32_MIN, -1, 0, 1, 3, 1 << 30, (1 << 30) + 1,
                                  0x5a5a5a5a, INT32_MAX };
    unsigned n = 0, bad = 0;
    for (unsigned i = 0; i < sizeof xs / sizeof xs[0]; i++)
        for (unsigned j = 0; j < sizeof ms / sizeof ms[0]; j++)
            for (int32_t sh = -31; sh <= 30; sh++, n++)
                bad += opt_requant(xs[i], ms[j], sh) != tt_requant(xs[i], ms[j], sh);
    for (unsigned i = 0; i < 20000; i++, n++) {
        int32_t x = (int32_t)rnd() >> (rnd() % 32), m = (int32_t)rnd(), sh = rnd_in(-31, 30);
        bad += opt_requant(x, m, sh) != tt_requant(x, m, sh);
    }
    mismatches += bad;
    printf("requant: %u operand triples, %u differ\n", n, bad);
}

static void random_conv(int general)
{
    memset(&L, 0, sizeof L);
    L.kind = KB_CONV;
    int32_t kh = 1, kw = 1, stride = 1, pad = 0, dil = 1;
    if (general) {
        kh = rnd_in(1, 5);
        kw = rnd() % 3 ? kh : rnd_in(1, 5);
        stride = rnd_in(1, 3);
        dil = rnd() % 4 ? 1 : 2;
        pad = rnd_in(0, (kh > kw ? kh : kw) - 1);
    }
    const int32_t cin = general ? rnd_in(1, 12) : rnd_in(1, 37);
    const int32_t cout = rnd_in(1, 19), batches = rnd() % 5 ? 1 : 2;
    int32_t h, w;
    do {
        h = rnd_in(1, 11);
        w = rnd_in(1, 11);
    } while (out_dim(h, kh, stride, pad, dil) < 1 || out_dim(w, kw, stride, pad, dil) < 1);
    L.in_s = (tt_shape4){ batches, h, w, cin };
    L.f_s = (tt_shape4){ cout, kh, kw, cin };
    L.out_s = (tt_shape4){ batches, out_dim(h, kh, stride, pad, dil), out_dim(w, kw, stride, pad, dil), cout };
    L.p = (tt_conv_params){ .stride_w = stride, .stride_h = stride, .dil_w = dil, .dil_h = dil,
                            .pad_w = pad, .pad_h = pad, .depth_mult = 1 };
    random_quant(&L.p, cout, kh * kw * cin);
    fill(in_buf, batches * h * w * cin);
    fill(w_buf, cout * kh * kw * cin);
    compare(general ? "conv" : "1x1", fill_bias(cout, 1));
}

static void random_dw(void)
{
    static const int32_t ks[] = { 3, 5, 3, 5, 3, 2, 7, 1 };
    memset(&L, 0, sizeof L);
    L.kind = KB_DW;
    const int32_t k = ks[rnd() % 8];
    const int32_t stride = rnd_in(1, 2), pad = rnd_in(0, k / 2);
    const int32_t m = rnd() % 10 ? 1 : 2, dil = rnd() % 10 ? 1 : 2;
    const int32_t cin = rnd_in(1, 40), cout = cin * m;
    int32_t h, w;
    do {
        h = rnd_in(1, 12);
        w = rnd_in(1, 12);
    } while (out_dim(h, k, stride, pad, dil) < 1 || out_dim(w, k, stride, pad, dil) < 1);
    L.in_s = (tt_shape4){ 1, h, w, cin };
    L.f_s = (tt_shape4){ 1, k, k, cout };
    L.out_s = (tt_shape4){ 1, out_dim(h, k, stride, pad, dil), out_dim(w, k, stride, pad, dil), cout };
    L.p = (tt_conv_params){ .stride_w = stride, .stride_h = stride, .dil_w = dil, .dil_h = dil,
                            .pad_w = pad, .pad_h = pad, .depth_mult = m };
    random_quant(&L.p, cout, k * k);
    fill(in_buf, h * w * cin);
    fill(w_buf, k * k * cout);
    compare("dw", fill_bias(cout, 1));
}

static void random_fc(void)
{
    memset(&L, 0, sizeof L);
    L.kind = KB_FC;
    const int32_t batches = rnd_in(1, 3), depth = rnd_in(1, 300), units = rnd_in(1, 40);
    L.in_s = (tt_shape4){ batches, 1, 1, depth };
    L.f_s = (tt_shape4){ units, 1, 1, depth };
    L.out_s = (tt_shape4){ batches, 1, 1, units };
    L.p = (tt_conv_params){ .stride_w = 1, .stride_h = 1, .dil_w = 1, .dil_h = 1, .depth_mult = 1 };
    random_quant(&L.p, units, depth);
    fill(in_buf, batches * depth);
    fill(w_buf, units * depth);
    compare("fc", fill_bias(units, 1));
}

/* A receptive field (5x5x48) longer than the optimised path's patch
 * buffer: the opt entry must decline it and the dispatch fall back. */
static void big_patch_case(void)
{
    memset(&L, 0, sizeof L);
    L.kind = KB_CONV;
    L.in_s = (tt_shape4){ 1, 6, 5, 48 };
    L.f_s = (tt_shape4){ 3, 5, 5, 48 };
    L.out_s = (tt_shape4){ 1, 2, 1, 3 };
    L.p = (tt_conv_params){ .stride_w = 1, .stride_h = 1, .dil_w = 1, .dil_h = 1, .depth_mult = 1 };
    random_quant(&L.p, 3, 5 * 5 * 48);
    fill(in_buf, 6 * 5 * 48);
    fill(w_buf, 3 * 5 * 5 * 48);
    compare("conv", fill_bias(3, 0));
}

/* ---- part 2: cycles ---- */
#define DEMCR      (*(volatile uint32_t *)0xe000edfcu)
#define DWT_CTRL   (*(volatile uint32_t *)0xe0001000u)
#define DWT_CYCCNT (*(volatile uint32_t *)0xe0001004u)
#define DWT_LAR    (*(volatile uint32_t *)0xe0001fb0u) /* Cortex-M7 software lock */

typedef int (*kb_runner)(const kb_layer *, const int8_t *, const int8_t *, const int32_t *, int8_t *);

static uint32_t cycles_of(kb_runner run, const int32_t *bias, int8_t *out)
{
    uint32_t t0 = DWT_CYCCNT;
    run(&L, in_buf, w_buf, bias, out);
    return DWT_CYCCNT - t0;
}

static void fixed_layer(enum kb_kind kind, const char *name, tt_shape4 in_s, int32_t k, int32_t stride,
                        int32_t pad, int32_t cout)
{
    memset(&L, 0, sizeof L);
    L.kind = kind;
    const int32_t oh = out_dim(in_s.h, k, stride, pad, 1), ow = out_dim(in_s.w, k, stride, pad, 1);
    L.in_s = in_s;
    L.f_s = kind == KB_DW ? (tt_shape4){ 1, k, k, in_s.c } : (tt_shape4){ cout, k, k, in_s.c };
    L.out_s = (tt_shape4){ in_s.n, oh, ow, cout };
    L.p = (tt_conv_params){ .stride_w = stride, .stride_h = stride, .dil_w = 1, .dil_h = 1,
                            .pad_w = pad, .pad_h = pad, .depth_mult = 1 };
    const int32_t taps = kind == KB_DW ? k * k : k * k * in_s.c;
    random_quant(&L.p, cout, taps);
    fill(in_buf, in_s.n * in_s.h * in_s.w * in_s.c);
    fill(w_buf, kind == KB_DW ? k * k * cout : cout * taps);
    const int32_t *bias = fill_bias(cout, 0);
    const uint32_t macs = (uint32_t)(L.out_s.n * oh * ow * cout * taps);
    uint32_t ref = cycles_of(kb_run_ref, bias, out_ref);
    uint32_t opt = cycles_of(kb_run_dispatch, bias, out_opt);
    int same = memcmp(out_ref, out_opt, (size_t)out_elems()) == 0;
    if (!same) mismatches++;
    /* MAC/cycle in thousandths: integer printing, no float formatting. */
    printf("time %-28s macs %8lu ref %9lu cyc %lu.%03lu MAC/cyc  opt %9lu cyc %lu.%03lu MAC/cyc  x%lu.%02lu %s\n",
           name, (unsigned long)macs, (unsigned long)ref, (unsigned long)(macs / ref),
           (unsigned long)((uint64_t)macs * 1000u / ref % 1000u), (unsigned long)opt,
           (unsigned long)(macs / opt), (unsigned long)((uint64_t)macs * 1000u / opt % 1000u),
           (unsigned long)(ref / opt), (unsigned long)((uint64_t)ref * 100u / opt % 100u),
           same ? "same" : "DIFFER");
}

/* The per-output epilogue alone (requantise, offset, clamp, store), per
 * channel, so the MAC loops' share of a layer's cycles can be told apart. */
static void time_epilogue(void)
{
    memset(&L, 0, sizeof L);
    L.p = (tt_conv_params){ .stride_w = 1, .stride_h = 1, .dil_w = 1, .dil_h = 1, .depth_mult = 1 };
    random_quant(&L.p, 256, 64);
    L.p.per_channel = 1;
    for (int32_t i = 0; i < 256; i++) bias_buf[i] = rnd_in(-200000, 200000);
    const opt_epi e = epi_of(&L.p);
    uint32_t t0 = DWT_CYCCNT;
    for (int32_t i = 0; i < 4096; i++) out_opt[i] = opt_finish(&e, bias_buf[i & 255], i & 255);
    uint32_t opt = DWT_CYCCNT - t0;
    printf("time epilogue (requantise+clamp+store) opt %lu.%02lu cycles per output\n",
           (unsigned long)(opt / 4096), (unsigned long)(opt * 100u / 4096 % 100u));
}

/* ADD has no optimised kernel (docs/kernels.md): its per-element cost on
 * the reference, a residual block's shape (14x14x24), with TFLite-style
 * parameters (20 bits of headroom, output shift ~ -20). */
static void time_add(void)
{
    const uint32_t n = 14 * 14 * 24;
    const tt_add_params ap = { .in1_offset = 5, .in2_offset = -3, .out_offset = 2,
                               .in1_mult = 1518500250, .in1_shift = -1,
                               .in2_mult = 1200000000, .in2_shift = -1,
                               .out_mult = 1600000000, .out_shift = -19, .left_shift = 20,
                               .act_min = -128, .act_max = 127 };
    fill(in_buf, (int32_t)(2 * n));
    uint32_t t0 = DWT_CYCCNT;
    tt_add_s8(&ap, n, in_buf, n, in_buf + n, n, out_ref);
    uint32_t c = DWT_CYCCNT - t0;
    printf("time add 14x14x24 (reference kernel) %lu.%02lu cycles per element\n",
           (unsigned long)(c / n), (unsigned long)((uint64_t)c * 100u / n % 100u));
}

static void timing(void)
{
    DEMCR |= 1u << 24;  /* TRCENA */
    DWT_LAR = 0xc5acce55u;
    DWT_CYCCNT = 0;
    DWT_CTRL |= 1;      /* CYCCNTENA */
    /* TinyTracker's layer shapes (ttemu model info tinytracker). */
    fixed_layer(KB_CONV, "conv1x1 28x28x16->72", (tt_shape4){ 1, 28, 28, 16 }, 1, 1, 0, 72);
    fixed_layer(KB_CONV, "conv1x1 7x7x40->240", (tt_shape4){ 1, 7, 7, 40 }, 1, 1, 0, 240);
    fixed_layer(KB_CONV, "conv1x1 4x4x576->96", (tt_shape4){ 1, 4, 4, 576 }, 1, 1, 0, 96);
    fixed_layer(KB_CONV, "conv3x3s2 112x112x3->16", (tt_shape4){ 1, 112, 112, 3 }, 3, 2, 0, 16);
    fixed_layer(KB_DW, "dw3x3s1 14x14x88", (tt_shape4){ 1, 14, 14, 88 }, 3, 1, 1, 88);
    fixed_layer(KB_DW, "dw3x3s2 29x29x72", (tt_shape4){ 1, 29, 29, 72 }, 3, 2, 0, 72);
    fixed_layer(KB_DW, "dw5x5s1 7x7x240", (tt_shape4){ 1, 7, 7, 240 }, 5, 1, 2, 240);
    fixed_layer(KB_DW, "dw5x5s2 15x15x96", (tt_shape4){ 1, 15, 15, 96 }, 5, 2, 1, 96);
    fixed_layer(KB_FC, "fc 512->96", (tt_shape4){ 1, 1, 1, 512 }, 1, 1, 0, 96);
    fixed_layer(KB_FC, "fc 32->128", (tt_shape4){ 1, 1, 1, 32 }, 1, 1, 0, 128);
    time_epilogue();
    time_add();
}

int main(void)
{
    check_requant();
    for (int i = 0; i < 60; i++) random_conv(0);
    for (int i = 0; i < 60; i++) random_conv(1);
    for (int i = 0; i < 80; i++) random_dw();
    for (int i = 0; i < 50; i++) random_fc();
    big_patch_case();
    printf("summary: %u cases, %u on the opt path, %u fallback, %u differ\n", cases, on_opt,
           cases - on_opt, mismatches);
    fflush(stdout);
    if (DWT_CTRL >> 28 == 0)  /* NUMCOMP 0: no DWT (QEMU), no timing */
        printf("timing: no DWT cycle counter\n");
    else
        timing();
    return mismatches ? 1 : 0;
}
