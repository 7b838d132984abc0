/* The Edge TPU timing model against layers worked out by hand, the layer
 * tables of Coral's benchmark architectures against their published
 * parameter and MAC counts, and the TPU/CPU split of TinyTracker. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <math.h>
#include <cmocka.h>

#include "devices/edgetpu_plan.h"
#include "devices/link.h"
#include "emu/board/board.h"
#include "devices/edgetpu_timing.h"
#include "models/gen/coral_archs.h"
#include "models/tflite/tflite.h"

static const struct etpu_cfg cfg = {
    .array_rows = 64, .array_cols = 64, .clock_hz = 250000000,
    .cache_bytes = 1000, .per_invoke_ps = 0, .per_layer_ps = 0, .link_ps_per_kib = 1024,
};

/* 1x1 conv 64 -> 64 at 56x56: one tile; 64 cycles to load its weights,
 * then one output pixel a cycle: 64 + 3136 = 3200 cycles = 12.8 us. */
static void conv1x1_fills_array(void **s)
{
    (void)s;
    struct layer_shape l = { LS_CONV, 1, 1, 56, 56, 64, 64, 64 * 64 + 4 * 64 };
    struct etpu_layer_time t;
    etpu_layer(&cfg, &l, &t);
    assert_int_equal(t.tiles, 1);
    assert_int_equal(t.cycles, 3200);
    assert_int_equal(t.macs, 3136ull * 64 * 64);
    assert_true(fabs(t.utilisation - 3136.0 / 3200.0) < 1e-12);
    struct etpu_run_time r;
    etpu_run(&cfg, &l, 1, 0, 0, &r);
    assert_int_equal(r.compute_ps, 12800000);
}

/* Depthwise 3x3 on 112x112x32: 9 of 64 rows, 32 of 64 columns, one tile:
 * 64 + 12544 cycles for 12544 x 9 x 32 MACs. */
static void depthwise3x3(void **s)
{
    (void)s;
    struct layer_shape l = { LS_DW, 3, 3, 112, 112, 32, 32, 9 * 32 + 4 * 32 };
    struct etpu_layer_time t;
    etpu_layer(&cfg, &l, &t);
    assert_int_equal(t.tiles, 1);
    assert_int_equal(t.cycles, 64 + 12544);
    assert_int_equal(t.macs, 12544ull * 9 * 32);
    assert_true(fabs(t.utilisation - (9.0 * 32 * 12544) / (4096.0 * 12608)) < 1e-12);
}

/* The same depthwise layer with 12 depthwise lanes (the calibrated
 * coralusb value): ceil(32 / 12) = 3 tiles of 64 + 12544 cycles. */
static void depthwise3x3_lanes(void **s)
{
    (void)s;
    struct etpu_cfg c = cfg;
    c.dw_lanes = 12;
    struct layer_shape l = { LS_DW, 3, 3, 112, 112, 32, 32, 9 * 32 + 4 * 32 };
    struct etpu_layer_time t;
    etpu_layer(&c, &l, &t);
    assert_int_equal(t.tiles, 3);
    assert_int_equal(t.cycles, 3 * (64 + 12544));
    c.dw_lanes = 64; /* as many as the columns: the plain mapping */
    etpu_layer(&c, &l, &t);
    assert_int_equal(t.cycles, 64 + 12544);
}

/* Fully connected 1024 -> 1000: 16 x 16 tiles, each a 64-cycle weight load
 * for a single output pixel: 256 x 65 cycles. */
static void fully_connected(void **s)
{
    (void)s;
    struct layer_shape l = { LS_CONV, 1, 1, 1, 1, 1000, 1024, 1024 * 1000 + 4000 };
    struct etpu_layer_time t;
    etpu_layer(&cfg, &l, &t);
    assert_int_equal(t.tiles, 256);
    assert_int_equal(t.cycles, 256 * 65);
}

/* A model larger than the (1000-byte) cache: layers of 600 and 300 bytes
 * are cached, the 500-byte layer overflows and it and every later layer
 * stream: 550 bytes a run, plus 110 bytes of input and output, at 1 ps a
 * byte; 4 layers at 7 ps plus 100 ps per invoke. */
static void model_over_cache(void **s)
{
    (void)s;
    struct etpu_cfg c = cfg;
    c.per_invoke_ps = 100;
    c.per_layer_ps = 7;
    struct layer_shape l[4] = {
        { LS_CONV, 1, 1, 1, 1, 1, 1, 600 }, { LS_CONV, 1, 1, 1, 1, 1, 1, 300 },
        { LS_CONV, 1, 1, 1, 1, 1, 1, 500 }, { LS_CONV, 1, 1, 1, 1, 1, 1, 50 },
    };
    struct etpu_run_time r;
    etpu_run(&c, l, 4, 100, 10, &r);
    assert_int_equal(r.param_bytes, 1450);
    assert_int_equal(r.cached_bytes, 900);
    assert_int_equal(r.streamed_bytes, 550);
    assert_int_equal(r.stream_ps, 550);
    assert_int_equal(r.io_ps, 110);
    assert_int_equal(r.overhead_ps, 100 + 4 * 7);
    assert_int_equal(r.cycles, 4 * 65);
    assert_int_equal(r.total_ps, r.compute_ps + 128 + 550 + 110);
}

/* Published figures (the architectures' papers): parameters and MACs. */
static void archs_match_published(void **s)
{
    (void)s;
    static const struct { const char *name; double params_m, macs_m; } pub[] = {
        { "mobilenet_v1", 4.2, 569 },   /* Howard et al. 2017, Table 8 */
        { "mobilenet_v2", 3.4, 300 },   /* Sandler et al. 2018, Table 4 */
        { "inception_v1", 6.8, 1500 },  /* Szegedy et al. 2014, Table 1 */
        { "vgg16", 138, 15470 },        /* Simonyan and Zisserman; 15.5 GMAC */
        { "resnet50", 25.6, 0 },        /* He et al. 2015 */
        { "inception_v4", 42.7, 0 },    /* Keras applications table */
        { "squeezenet", 1.24, 0 },      /* SqueezeNet 1.1 reference repo */
    };
    static struct arch_model a;
    for (size_t i = 0; i < sizeof pub / sizeof pub[0]; i++) {
        assert_int_equal(arch_build(pub[i].name, &a), 0);
        double p = arch_params(&a) / 1e6, m = arch_macs(&a) / 1e6;
        if (fabs(p - pub[i].params_m) / pub[i].params_m > 0.05)
            fail_msg("%s: %.2fM parameter bytes, published %.2fM", pub[i].name, p, pub[i].params_m);
        if (pub[i].macs_m && fabs(m - pub[i].macs_m) / pub[i].macs_m > 0.05)
            fail_msg("%s: %.0fM MACs, published %.0fM", pub[i].name, m, pub[i].macs_m);
    }
    assert_int_equal(arch_build("no-such-net", &a), -1);
}

/* TinyTracker: every operator runs on the TPU except the final DEQUANTIZE. */
static void tinytracker_split(void **s)
{
    (void)s;
    uint8_t *blob; uint32_t size; char err[256];
    tt_model m; tt_status st;
    static struct etpu_plan p;
    assert_int_equal(tt_load_any("tinytracker", &blob, &size, err, sizeof err), 0);
    assert_int_equal(tt_model_open(&m, blob, size, &st), 0);
    assert_int_equal(etpu_plan_make(&m, &p, err, sizeof err), 0);
    assert_int_equal(m.ops[p.n_ops - 1].code, TTM_OP_DEQUANTIZE);
    assert_int_equal(p.split, p.n_ops - 1);
    assert_int_equal(p.in_bytes, 112 * 112 * 5);
    assert_int_equal(p.out_bytes, 2);
    assert_false(etpu_op_supported(TTM_OP_DEQUANTIZE));
    free(blob);
}

/* A plan stops at the first operator not on the Edge TPU's list, wherever
 * it is: op 10 made a DEQUANTIZE in memory (the plan reads only codes). */
static void split_in_the_middle(void **s)
{
    (void)s;
    uint8_t *blob; uint32_t size; char err[256];
    tt_model m; tt_status st;
    static struct etpu_plan p;
    assert_int_equal(tt_load_any("tinytracker", &blob, &size, err, sizeof err), 0);
    assert_int_equal(tt_model_open(&m, blob, size, &st), 0);
    ((ttm_op_rec *)m.ops)[10].code = TTM_OP_DEQUANTIZE;
    assert_int_equal(etpu_plan_make(&m, &p, err, sizeof err), 0);
    assert_int_equal(p.split, 10);
    assert_int_equal(p.out_bytes, m.tensors[tt_op_output(&m, 9, 0)].bytes);
    free(blob);
}

/* USB 3.0 on the coralusb board: 1 MiB is 1024 packets of 1024 bytes, each
 * with 32 bytes of framing, 10 bits a byte at 5 Gb/s, and no fixed cost a
 * transfer (libedgetpu overlaps its transfers, coralusb.yaml):
 * (1048576 + 32768) x 10 / 5e9 s = 2.162688 ms. */
static void usb3_link(void **s)
{
    (void)s;
    struct board_desc b;
    char err[256];
    assert_int_equal(board_load_builtin("coralusb", &b, err, sizeof err), 0);
    const struct board_link *l = board_find_link(&b, "usb");
    assert_non_null(l);
    assert_int_equal(l->kind, BOARD_LINK_USB3);
    assert_int_equal(link_transfer_ps(l, 1048576), 2162688000ull);
    board_free(&b);
}

/* One run's USB traffic as the firmware driver sends it, on a USB 2.0
 * high-speed link (480 Mbit/s, 512-byte bulk packets, at most 13 a 125 us
 * microframe: USB 2.0 5.8.4; 20 us per transfer), by hand, in ps:
 *   header, 8 B: 64 bits / 480 Mbit/s = 133,333.3 -> 133,334 + 20e6 = 20,133,334
 *   instructions, 68 B: 544 bits -> 1,133,334 + 20e6            = 21,133,334
 *   input header                                                = 20,133,334
 *   input chunk 32,768 B: 64 packets = 4 full microframes (52 packets,
 *     26,624 B: 500e6) + 6,144 B at the signalling rate (102.4e6) + 20e6 = 622,400,000
 *   input chunk 7,232 B: 15 packets = 1 microframe (6,656 B: 125e6) +
 *     576 B (9.6e6) + 20e6                                      = 154,600,000
 *   RUN: 8-byte setup + 4 B = 96 bits: 200,000 + 20e6            = 20,200,000
 *   output, 2 B: 16 bits -> 33,334 + 20e6                       = 20,033,334
 *   event, 16 B: 128 bits -> 266,667 + 20e6                     = 20,266,667
 * Sum: 898,900,003 ps. Streamed parameters (100 B) add a header and
 * 800 bits -> 1,666,667 + 20e6: 20,133,334 + 21,666,667 = 41,800,001. */
static void usb2_run_traffic(void **s)
{
    (void)s;
    struct board_link l = { .kind = BOARD_LINK_USB2, .bandwidth_bps = 480000000, .overhead_ps = 20000000 };
    struct etpu_io io = { 0, 68, 40000, 2 };
    assert_int_equal(etpu_usb_run_ps(&l, 32768, &io), 898900003ull);
    io.stream_bytes = 100;
    assert_int_equal(etpu_usb_run_ps(&l, 32768, &io), 898900003ull + 41800001ull);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(conv1x1_fills_array), cmocka_unit_test(depthwise3x3), cmocka_unit_test(depthwise3x3_lanes),
        cmocka_unit_test(fully_connected), cmocka_unit_test(model_over_cache),
        cmocka_unit_test(archs_match_published), cmocka_unit_test(tinytracker_split),
        cmocka_unit_test(split_in_the_middle), cmocka_unit_test(usb3_link), cmocka_unit_test(usb2_run_traffic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
