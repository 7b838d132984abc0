/* make calibrate-edgetpu / make validate-edgetpu: fits the Edge TPU timing
 * model's free parameters (the per-layer cost and the depthwise lanes; the
 * Dev Board column also an effective link time) on a named subset of
 * Coral's published benchmark table, with the per-invoke cost sourced
 * (PAPER.md), then predicts every other row and TinyTracker without
 * refitting (docs/edgetpu.md).
 *
 *   calibrate-edgetpu [--yaml COLUMN]
 *
 * Without options: the fit and the prediction table (markdown). With
 * --yaml usb|devboard: the YAML lines of that column's fit, for
 * scripts/calibrate-edgetpu.sh to write into the board files. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/edgetpu_plan.h"
#include "devices/edgetpu_timing.h"
#include "devices/link.h"
#include "emu/board/board.h"
#include "models/gen/coral_archs.h"
#include "models/tflite/tflite.h"

/* Coral's "Edge TPU performance benchmarks" (PAPER.md): ms per inference,
 * desktop host + USB Accelerator on USB 3.0, and the Dev Board. */
static const struct row { const char *arch, *label; double usb_ms, dev_ms; int fit; } rows[] = {
    { "mobilenet_v1", "MobileNet v1 224", 2.4, 2.4, 1 },
    { "mobilenet_v2", "MobileNet v2 224", 2.6, 2.6, 1 },
    { "squeezenet", "SqueezeNet 224", 2.1, 2.0, 0 },
    { "inception_v1", "Inception v1 224", 3.4, 4.1, 0 },
    { "inception_v4", "Inception v4 299", 85, 102, 1 },
    { "resnet50", "ResNet-50 V1 299", 49, 56, 0 },
    { "ssd_mobilenet_v1", "MobileNet v1 SSD 224", 6.5, 11, 0 },
    { "vgg16", "VGG16 224", 296, 343, 1 },
    { "efficientnet_edgetpu_s", "EfficientNet-EdgeTpu-S", 5.1, 5.5, 0 },
    { "efficientnet_edgetpu_m", "EfficientNet-EdgeTpu-M", 8.7, 10.6, 0 },
};
#define N_ROWS (sizeof rows / sizeof rows[0])

/* Sourced, not fitted: PAPER.md, users' measurements: "a tiny model costs
 * about 0.3 ms per invoke on the Dev Board (a fixed per-invoke floor)". */
#define PER_INVOKE_PS 300e6

#define N_FIT 4 /* rows marked fit: MobileNet v1 and v2 (depthwise), Inception v4, VGG16 */

/* The depthwise lanes being tried (the grid of main's search). */
static uint32_t dw_lanes = 64;

/* The fixed, sourced part of the model (PAPER.md). */
static struct etpu_cfg base_cfg(void)
{
    return (struct etpu_cfg){
        .array_rows = 64, .array_cols = 64,     /* 4 TOPS at 500 MHz: 4096 MAC/cycle */
        .clock_hz = 250000000,                  /* std runtime and Dev Board: "high" */
        .cache_bytes = (uint64_t)(7.8 * 1048576), /* compiler logs: 7.7-7.9 MiB usable */
        .dw_lanes = dw_lanes,
    };
}

/* What a model costs apart from the free parameters: x = (1, layers, KiB).
 * USB 3.0 column (dev 0): input, output, instructions and streamed
 * parameters cross the coralusb board's usb3 link (devices/link.c) as the
 * firmware driver sends them (etpu_usb_run_ps, 1 MiB transfers as
 * firmware/bsp/coralusb/accel.c): no free link parameter, the same time
 * the emulated device takes. Dev Board column (dev 1, PCIe, not a ttemu
 * board): an effective link time per KiB is the third free parameter. */
struct terms { double fixed_ps, layers, kib; };

#define USB_CHUNK_BYTES (1024u * 1024u) /* firmware/bsp/coralusb/accel.c */

static const struct board_link *usb3_link(void)
{
    static struct board_desc b;
    static const struct board_link *l;
    char err[256];
    if (l)
        return l;
    if (board_load_builtin("coralusb", &b, err, sizeof err) || !(l = board_find_link(&b, "usb"))) {
        fprintf(stderr, "calibrate-edgetpu: coralusb: %s\n", l ? err : "no link 'usb'");
        exit(1);
    }
    return l;
}

static struct terms terms_of(const struct layer_shape *l, size_t n, uint64_t in_b, uint64_t out_b, int dev)
{
    struct etpu_cfg c = base_cfg();
    c.per_layer_ps = 1;          /* unit costs: overhead_ps counts layers */
    c.link_ps_per_kib = 1024;    /* link ps = bytes */
    struct etpu_run_time t;
    etpu_run(&c, l, n, in_b, out_b, &t);
    if (dev)
        return (struct terms){ (double)t.compute_ps, (double)t.overhead_ps,
                               (double)(t.stream_ps + t.io_ps) / 1024.0 };
    struct etpu_io io = { t.streamed_bytes, n * sizeof(ttm_op_rec), in_b, out_b };
    return (struct terms){ (double)t.compute_ps + (double)etpu_usb_run_ps(usb3_link(), USB_CHUNK_BYTES, &io),
                           (double)t.overhead_ps, 0 };
}

static struct terms arch_terms(const char *name, int dev)
{
    static struct arch_model a;
    if (arch_build(name, &a)) { fprintf(stderr, "calibrate-edgetpu: no architecture '%s'\n", name); exit(2); }
    return terms_of(a.l, a.n, (uint64_t)a.in_h * a.in_w * a.in_c, a.out_bytes, dev);
}

/* Solves the normal equations of a k-parameter least squares (k <= 3). */
static int solve(int k, double a[3][3], double y[3], double x[3])
{
    for (int c = 0; c < k; c++) {
        int piv = c;
        for (int r = c + 1; r < k; r++) if (fabs(a[r][c]) > fabs(a[piv][c])) piv = r;
        if (fabs(a[piv][c]) < 1e-30) return -1;
        for (int j = 0; j < 3; j++) { double t = a[c][j]; a[c][j] = a[piv][j]; a[piv][j] = t; }
        double t = y[c]; y[c] = y[piv]; y[piv] = t;
        for (int r = 0; r < k; r++) {
            if (r == c) continue;
            double f = a[r][c] / a[c][c];
            for (int j = c; j < k; j++) a[r][j] -= f * a[c][j];
            y[r] -= f * y[c];
        }
    }
    for (int c = 0; c < k; c++) x[c] = y[c] / a[c][c];
    return 0;
}

/* Fits t_ms = fixed + p0 + layers p1 + kib p2 on the fit rows (p0 is the
 * sourced PER_INVOKE_PS, not free), minimising
 * the squared relative errors, with every p >= 0 (a negative cost is not
 * physical): every subset of free parameters is tried, the best feasible
 * one wins. */
static int fit(int dev, double p[3], double *residual)
{
    double x[N_FIT][3], y[N_FIT];
    int k = 0;
    for (size_t i = 0; i < N_ROWS && k < N_FIT; i++) {
        if (!rows[i].fit) continue;
        struct terms t = arch_terms(rows[i].arch, dev);
        double ref = (dev ? rows[i].dev_ms : rows[i].usb_ms) * 1e9;
        x[k][0] = 1 / ref; x[k][1] = t.layers / ref; x[k][2] = t.kib / ref;
        y[k++] = (ref - t.fixed_ps - PER_INVOKE_PS) / ref;
    }
    double best = INFINITY;
    /* free: per_layer (bit 1), and on the Dev Board the link (bit 2);
     * per_invoke (bit 0) is sourced */
    for (int mask = 2; mask < (dev ? 8 : 4); mask += 2) {
        int idx[3], n = 0;
        for (int j = 0; j < 3; j++) if (mask & (1 << j)) idx[n++] = j;
        double a[3][3] = { { 0 } }, b[3] = { 0 }, q[3];
        for (int r = 0; r < k; r++)
            for (int i = 0; i < n; i++) {
                b[i] += x[r][idx[i]] * y[r];
                for (int j = 0; j < n; j++) a[i][j] += x[r][idx[i]] * x[r][idx[j]];
            }
        if (solve(n, a, b, q)) continue;
        double full[3] = { 0 }, res = 0;
        int ok = 1;
        for (int i = 0; i < n; i++) { full[idx[i]] = q[i]; ok &= q[i] >= 0; }
        if (!ok) continue;
        for (int r = 0; r < k; r++) {
            double e = x[r][0] * full[0] + x[r][1] * full[1] + x[r][2] * full[2] - y[r];
            res += e * e;
        }
        if (res < best) { best = res; memcpy(p, full, sizeof full); }
    }
    p[0] = PER_INVOKE_PS;
    *residual = best;
    return isinf(best) ? -1 : 0;
}

static double predict_ms(struct terms t, const double p[3])
{
    return (t.fixed_ps + p[0] + t.layers * p[1] + t.kib * p[2]) / 1e9; /* p[0]: PER_INVOKE_PS */
}

static int tinytracker_terms(struct terms *t)
{
    uint8_t *blob; uint32_t size; char err[256];
    tt_model m; tt_status st;
    static struct etpu_plan p;
    if (tt_load_any("tinytracker", &blob, &size, err, sizeof err) ||
        tt_model_open(&m, blob, size, &st) || etpu_plan_make(&m, &p, err, sizeof err)) {
        fprintf(stderr, "calibrate-edgetpu: built-in tinytracker: %s\n", err);
        return -1;
    }
    *t = terms_of(p.l, p.split, p.in_bytes, p.out_bytes, 0);
    free(blob);
    return 0;
}

static void row_out(const char *label, const char *role, double ref, double got)
{
    printf("| %s | %s | %.2f | %.2f | %+.1f%% |\n", label, role, ref, got, 100.0 * (got - ref) / ref);
}

static void table(const double pu[3], const double pd[3])
{
    printf("fit on: MobileNet v1 224, MobileNet v2 224, Inception v4 299, VGG16 224 (each column separately, non-negative least squares on relative error)\n");
    printf("per_invoke %.0f us from PAPER.md (not fitted); fitted: per_layer and the depthwise lanes (searched 1-64)\n",
           PER_INVOKE_PS / 1e6);
    printf("usb3: per_invoke %.1f us, per_layer %.2f us, depthwise lanes %u, link: the coralusb usb3 link model\n",
           pu[0] / 1e6, pu[1] / 1e6, (unsigned)dw_lanes);
    printf("devboard: per_invoke %.1f us, per_layer %.2f us, link %.3f us/KiB (depthwise lanes: the USB fit's)\n\n",
           pd[0] / 1e6, pd[1] / 1e6, pd[2] / 1e6);
    printf("| model | role | Coral [ms] | ttemu [ms] | error |\n|---|---|---|---|---|\n");
    double worst = 0;
    for (int dev = 0; dev < 2; dev++)
        for (size_t i = 0; i < N_ROWS; i++) {
            struct terms t = arch_terms(rows[i].arch, dev);
            double ref = dev ? rows[i].dev_ms : rows[i].usb_ms, got = predict_ms(t, dev ? pd : pu);
            char label[64];
            snprintf(label, sizeof label, "%s (%s)", rows[i].label, dev ? "Dev Board" : "USB 3");
            row_out(label, rows[i].fit ? "fit" : "held out", ref, got);
            if (!rows[i].fit && fabs(got - ref) / ref > worst) worst = fabs(got - ref) / ref;
        }
    struct terms tt;
    if (!tinytracker_terms(&tt)) {
        row_out("TinyTracker 112 (USB Accelerator, Table II)", "held out", 0.87, predict_ms(tt, pu));
    }
    printf("\nworst held-out error on Coral's table: %.1f%%\n", 100 * worst);
}

/* The USB column's fit: every depthwise lane count 1..64 (the array's
 * columns), the non-negative least squares of the others at each; the
 * smallest residual wins (the first one on a tie). The Dev Board column
 * is the same chip: it keeps those lanes and fits its own costs. */
static int fit_all(double pu[3], double pd[3])
{
    double best = INFINITY, res;
    uint32_t best_lanes = 0;
    for (dw_lanes = 1; dw_lanes <= 64; dw_lanes++)
        if (!fit(0, pu, &res) && res < best - 1e-15) { best = res; best_lanes = dw_lanes; }
    if (!best_lanes)
        return -1;
    dw_lanes = best_lanes;
    return fit(0, pu, &res) || fit(1, pd, &res) ? -1 : 0;
}

int main(int argc, char **argv)
{
    double pu[3], pd[3];
    if (fit_all(pu, pd)) { fprintf(stderr, "calibrate-edgetpu: no non-negative fit\n"); return 1; }
    if (argc == 3 && !strcmp(argv[1], "--yaml")) {
        int dev = !strcmp(argv[2], "devboard");
        const double *p = dev ? pd : pu;
        printf("      # PAPER.md (users' measurement): a tiny model costs about 0.3 ms per invoke\n"
               "      per_invoke_ns: %.0f\n", p[0] / 1e3);
        printf("      # calibrated: make calibrate-edgetpu, non-negative least-squares fit of Coral's %s column on\n"
               "      # MobileNet v1 224, MobileNet v2 224, Inception v4 299 and VGG16 224 (docs/edgetpu.md)\n",
               dev ? "Dev Board" : "USB 3.0 Accelerator");
        printf("      per_layer_ns: %.0f\n", p[1] / 1e3);
        printf("      # calibrated: the same fit on the USB 3.0 column, the depthwise lanes searched 1-64\n"
               "      dw_lanes: %u\n", (unsigned)dw_lanes);
        return 0;
    }
    if (argc != 1) { fprintf(stderr, "usage: calibrate-edgetpu [--yaml usb|devboard]\n"); return 2; }
    table(pu, pd);
    return 0;
}
