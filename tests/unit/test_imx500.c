/* IMX500 timing against figures worked out by hand from the public driver
 * facts (PAPER.md) and the published MobileNet v1 layer table; the board
 * file's modes and DSP clock are checked to be those facts and that fit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "devices/imx500.h"
#include "devices/imx500_timing.h"
#include "emu/board/board.h"
#include "emu/machine.h"
#include "firmware/bsp/common/imx500_regs.h"
#include "models/gen/tinytracker_gen.h"
#include "models/runtime/ttm.h"
#include "models/runtime/ttm_stats.h"
#include "models/tflite/graph.h"

#define PIXEL_RATE 744e6
static const struct imx500_mode binned = { "binned", 2028, 1520, 9398, 1117 };
static const struct imx500_mode full = { "full", 4056, 3040, 17900, 1117 };
static const struct imx500_dsp_params array = { 64, 32, 114.11e6, 96 };

static void line_times(void **state)
{
    (void)state;
    /* 9398 / 744 MHz = 12.631720 us; 17900 / 744 MHz = 24.059140 us */
    assert_int_equal(imx500_line_ps(&binned, PIXEL_RATE), 12631720);
    assert_int_equal(imx500_line_ps(&full, PIXEL_RATE), 24059140);
}

static void readout_by_window(void **state)
{
    (void)state;
    /* 1520 x 9398 = 14,284,960 clocks / 744 MHz = 19.200215 ms */
    assert_int_equal(imx500_readout_ps(&binned, PIXEL_RATE, 0), 19200215054ull);
    assert_int_equal(imx500_readout_ps(&binned, PIXEL_RATE, 1520), 19200215054ull);
    assert_int_equal(imx500_readout_ps(&binned, PIXEL_RATE, 9999), 19200215054ull);
    /* a 1000-line window: 9,398,000 clocks = 12.631720430 ms */
    assert_int_equal(imx500_readout_ps(&binned, PIXEL_RATE, 1000), 12631720430ull);
    /* full mode: 3040 x 17900 = 54,416,000 clocks = 73.139785 ms */
    assert_int_equal(imx500_readout_ps(&full, PIXEL_RATE, 0), 73139784946ull);
}

static void frame_period(void **state)
{
    (void)state;
    /* (1520 + 1117) x 9398 = 24,782,526 clocks = 33.309847 ms (the driver's 33.3) */
    assert_int_equal(imx500_frame_ps(&binned, PIXEL_RATE, 0), 33309846774ull);
    /* full: 4157 x 17900 = 74,410,300 clocks = 100.013844 ms, "about 10 fps" */
    assert_int_equal(imx500_frame_ps(&full, PIXEL_RATE, 0), 100013844086ull);
}

static void isp_behind_readout(void **state)
{
    (void)state;
    /* 2e6 pixels at 1e9/s = 2 ms > 1 ms readout; 1000 bytes at 1e9/s = 1 us */
    assert_int_equal(imx500_isp_done_ps(1000000000ull, 2000000, 1e9, 1000, 1e9), 2001000000ull);
    /* readout (3 ms) is the longer: the ISP ends with it */
    assert_int_equal(imx500_isp_done_ps(3000000000ull, 2000000, 1e9, 1000, 1e9), 3001000000ull);
}

static void layer_cycles(void **state)
{
    (void)state;
    /* one row tile, one column tile, 12544 positions, + 96 */
    struct imx500_layer conv = { 27, 32, 112 * 112, 0 };
    assert_int_equal(imx500_layer_cycles(&array, &conv), 12640);
    /* k 65 -> 2 row tiles, cout 33 -> 2 column tiles: 2 x 2 x 10 + 96 */
    struct imx500_layer odd = { 65, 33, 10, 0 };
    assert_int_equal(imx500_layer_cycles(&array, &odd), 136);
    /* 100 elements through 32 lanes: 4 cycles + 96 */
    struct imx500_layer ew = { 0, 0, 0, 100 };
    assert_int_equal(imx500_layer_cycles(&array, &ew), 100);
}

static void mobilenet_table_and_fit(void **state)
{
    (void)state;
    uint32_t n;
    const struct imx500_layer *l = imx500_mobilenet_v1(&n);
    uint64_t macs = 0;
    for (uint32_t k = 0; k < n; k++)
        macs += (uint64_t)l[k].k * l[k].cout * l[k].pixels;
    /* Howard et al. 2017, Table 2: 569 million mult-adds */
    assert_true(macs > 568500000ull && macs < 569500000ull);
    /* 353,744 cycles (worked out layer by layer, docs/imx500.md) / 3.1 ms */
    double hz = imx500_fit_clock_hz(&array, l, n, 3100000000ull);
    assert_true(hz > 114110967.0 && hz < 114110968.0);
}

static const struct board_param *param(const struct board_device *d, const char *key)
{
    for (size_t k = 0; k < d->nparams; k++)
        if (!strcmp(d->params[k].key, key))
            return &d->params[k];
    return NULL;
}

static void board_holds_the_facts_and_the_fit(void **state)
{
    (void)state;
    struct board_desc b;
    char err[256];
    assert_int_equal(board_load("models/boards/imx500.yaml", &b, err, sizeof err), BOARD_OK);
    const struct board_device *s = board_find_device(&b, "sensor");
    const struct board_device *dsp = board_find_device(&b, "dsp");
    assert_non_null(s);
    assert_non_null(dsp);
    const struct board_param *m = param(s, "mode_binned");
    assert_non_null(m);
    assert_int_equal(m->nlist, 4);
    double facts[4] = { 2028, 1520, 9398, 1117 };
    for (int k = 0; k < 4; k++)
        assert_true(m->list[k] == facts[k]);
    assert_true(board_param_num(s->params, s->nparams, "pixel_rate_hz", 0) == 744e6);
    /* the clock is the MobileNet v1 fit to 10 kHz (the file's precision) */
    uint32_t n;
    const struct imx500_layer *l = imx500_mobilenet_v1(&n);
    struct imx500_dsp_params p = {
        (uint32_t)board_param_num(dsp->params, dsp->nparams, "array_rows", 0),
        (uint32_t)board_param_num(dsp->params, dsp->nparams, "array_cols", 0), 0,
        (uint32_t)board_param_num(dsp->params, dsp->nparams, "overhead_cycles", 0),
    };
    double fit = imx500_fit_clock_hz(&p, l, n, 3100000000ull);
    double file = board_param_num(dsp->params, dsp->nparams, "clock_hz", 0);
    assert_true(file > fit - 10e3 && file < fit + 10e3);
    board_free(&b);
}

static void ttm_ops_as_layers(void **state)
{
    (void)state;
    tt_graph g;
    char err[256];
    uint8_t *blob;
    uint32_t size;
    tt_model m;
    tt_status st;
    assert_int_equal(tt_gen_tinytracker(&g, err, sizeof err), 0);
    assert_int_equal(ttm_write(&g, &blob, &size, err, sizeof err), 0);
    tt_graph_free(&g);
    assert_int_equal(tt_model_open(&m, blob, size, &st), 0);
    /* every matrix layer's k x cout x positions is the op's MAC count as
     * ttm_stats counts it from the tensors */
    uint64_t matrix_macs = 0;
    for (uint32_t k = 0; k < m.hdr->n_ops; k++) {
        struct imx500_layer l;
        tt_op_cost c;
        tt_op_stats(&m, k, &c);
        if (imx500_op_layer(&m, k, &l) && l.k) {
            assert_int_equal((uint64_t)l.k * l.cout * l.pixels, c.macs);
            matrix_macs += c.macs;
        }
    }
    tt_op_cost total;
    tt_model_stats(&m, &total);
    assert_int_equal(matrix_macs, total.macs);
    uint64_t *per = calloc(m.hdr->n_ops, sizeof *per), sum = 0;
    uint64_t cycles = imx500_model_cycles(&array, &m, per);
    for (uint32_t k = 0; k < m.hdr->n_ops; k++)
        sum += per[k];
    assert_int_equal(sum, cycles);
    assert_true(cycles * 2048 >= total.macs); /* never above the array's peak */
    free(per);
    free(blob);
}

/* The DSP device on the imx500 board: the model from host RAM into the
 * sensor SRAM, a run on an input written where LOAD says, DONE exactly at
 * the array's time for that model, which the KPI registers report. */
#define DSP 0x40106000u
#define HOST_RAM 0x20000000u

static struct machine *imx500_machine(void)
{
    static struct machine m;
    char err[256];
    m.frame_path = NULL;
    if (machine_init(&m, "models/boards/imx500.yaml", err, sizeof err)) {
        print_error("%s\n", err);
        fail();
    }
    return &m;
}

static uint32_t rd(struct machine *m, uint32_t a)
{
    uint32_t v = 0;
    assert_true(bus_read(&m->bus, a, 4, &v));
    return v;
}

static void wr(struct machine *m, uint32_t a, uint32_t v) { assert_true(bus_write(&m->bus, a, 4, v)); }

static void advance_to(struct machine *m, uint64_t t_ps)
{
    m->cpu.cycles = machine_cycle_at(m, t_ps);
    sched_run_until(&m->sched, machine_now_ps(m));
}

static uint8_t *gen_blob(uint32_t *size)
{
    tt_graph g;
    char err[256];
    uint8_t *blob;
    assert_int_equal(tt_gen_tinytracker(&g, err, sizeof err), 0);
    assert_int_equal(ttm_write(&g, &blob, size, err, sizeof err), 0);
    tt_graph_free(&g);
    return blob;
}

static void dsp_runs_the_model_in_its_time(void **state)
{
    (void)state;
    struct machine *m = imx500_machine();
    uint32_t size;
    uint8_t *blob = gen_blob(&size);
    tt_model ref;
    tt_status st;
    assert_int_equal(tt_model_open(&ref, blob, size, &st), 0);
    assert_true(bus_debug_write(&m->bus, HOST_RAM, blob, size));
    wr(m, DSP + IMX500_DSP_MODEL_ADDR, HOST_RAM);
    wr(m, DSP + IMX500_DSP_MODEL_BYTES, size);
    wr(m, DSP + IMX500_DSP_CTRL, IMX500_CTRL_LOAD);
    assert_int_equal(rd(m, DSP + IMX500_DSP_STATUS), IMX500_ST_LOADED);
    uint32_t arena_at = 0x60000000u + ((size + 15u) & ~15u);
    assert_int_equal(rd(m, DSP + IMX500_DSP_NEED_BYTES), ((size + 15u) & ~15u) + ref.hdr->arena_bytes);
    /* the reference: the same runtime on the host, on the same input */
    uint8_t *arena = calloc(1, ref.hdr->arena_bytes);
    int32_t in = ref.ints[ref.hdr->inputs_at], out = ref.ints[ref.hdr->outputs_at];
    assert_int_equal(rd(m, DSP + IMX500_DSP_INPUT_ADDR), arena_at + ref.tensors[in].data_off);
    uint8_t *x = tt_tensor_ptr(&ref, arena, in);
    for (uint32_t k = 0; k < ref.tensors[in].bytes; k++)
        x[k] = (uint8_t)(k * 37u + 11u);
    assert_true(bus_debug_write(&m->bus, rd(m, DSP + IMX500_DSP_INPUT_ADDR), x, ref.tensors[in].bytes));
    assert_int_equal(tt_invoke(&ref, arena, ref.hdr->arena_bytes, NULL, &st), 0);
    /* the time: the board's array for this model */
    const struct board_device *d = board_find_device(&m->board, "dsp");
    struct imx500_dsp_params p = {
        (uint32_t)board_param_num(d->params, d->nparams, "array_rows", 0),
        (uint32_t)board_param_num(d->params, d->nparams, "array_cols", 0),
        board_param_num(d->params, d->nparams, "clock_hz", 0),
        (uint32_t)board_param_num(d->params, d->nparams, "overhead_cycles", 0),
    };
    uint64_t cycles = imx500_model_cycles(&p, &ref, NULL), t_ps = imx500_cycles_ps(&p, cycles);
    uint64_t t0 = machine_now_ps(m);
    wr(m, DSP + IMX500_DSP_CTRL, IMX500_CTRL_RUN);
    assert_int_equal(rd(m, DSP + IMX500_DSP_STATUS) & IMX500_ST_BUSY, IMX500_ST_BUSY);
    advance_to(m, t0 + t_ps - 5000); /* one host cycle before */
    assert_int_equal(rd(m, DSP + IMX500_DSP_STATUS) & IMX500_ST_DONE, 0);
    advance_to(m, t0 + t_ps);
    assert_int_equal(rd(m, DSP + IMX500_DSP_STATUS), IMX500_ST_LOADED | IMX500_ST_DONE);
    assert_int_equal(rd(m, DSP + IMX500_DSP_KPI_CYCLES), cycles);
    assert_int_equal(rd(m, DSP + IMX500_DSP_KPI_DNN_NS), t_ps / 1000);
    uint32_t ob = rd(m, DSP + IMX500_DSP_OUTPUT_BYTES);
    assert_int_equal(ob, ref.tensors[out].bytes);
    uint8_t got[64];
    assert_true(ob <= sizeof got);
    assert_true(bus_debug_read(&m->bus, rd(m, DSP + IMX500_DSP_OUTPUT_ADDR), got, ob));
    assert_memory_equal(got, tt_tensor_ptr(&ref, arena, out), ob);
    free(arena);
    free(blob);
    machine_free(m);
}

/* A model whose bytes and arena exceed the 8 MiB SRAM is refused at LOAD,
 * with both sizes readable; RUN then refuses too. */
static void dsp_refuses_a_model_over_the_sram(void **state)
{
    (void)state;
    struct machine *m = imx500_machine();
    uint32_t size;
    uint8_t *blob = gen_blob(&size);
    ttm_header *h = (ttm_header *)blob;
    h->arena_bytes = 9u << 20; /* a larger plan than it needs is still a valid model */
    tt_model chk;
    tt_status st;
    assert_int_equal(tt_model_open(&chk, blob, size, &st), 0);
    assert_true(bus_debug_write(&m->bus, HOST_RAM, blob, size));
    wr(m, DSP + IMX500_DSP_MODEL_ADDR, HOST_RAM);
    wr(m, DSP + IMX500_DSP_MODEL_BYTES, size);
    wr(m, DSP + IMX500_DSP_CTRL, IMX500_CTRL_LOAD);
    assert_int_equal(rd(m, DSP + IMX500_DSP_STATUS), IMX500_ST_ERROR);
    assert_int_equal(rd(m, DSP + IMX500_DSP_ERROR), IMX500_ERR_TOO_BIG);
    assert_int_equal(rd(m, DSP + IMX500_DSP_NEED_BYTES), ((size + 15u) & ~15u) + (9u << 20));
    assert_int_equal(rd(m, DSP + IMX500_DSP_SRAM_BYTES), 8u << 20);
    wr(m, DSP + IMX500_DSP_STATUS, IMX500_ST_ERROR);
    wr(m, DSP + IMX500_DSP_CTRL, IMX500_CTRL_RUN);
    assert_int_equal(rd(m, DSP + IMX500_DSP_ERROR), IMX500_ERR_NOT_LOADED);
    /* a corrupt blob is a different refusal */
    h->magic = 0;
    assert_true(bus_debug_write(&m->bus, HOST_RAM, blob, size));
    wr(m, DSP + IMX500_DSP_CTRL, IMX500_CTRL_LOAD);
    assert_int_equal(rd(m, DSP + IMX500_DSP_ERROR), IMX500_ERR_BAD_MODEL);
    free(blob);
    machine_free(m);
}

static void csi2_lines_and_time(void **state)
{
    (void)state;
    /* 8 output bytes: the KPI line and one tensor line; 2560 bytes: one;
     * 2561: two */
    assert_int_equal(imx500_csi2_lines(8, 2560), 2);
    assert_int_equal(imx500_csi2_lines(2560, 2560), 2);
    assert_int_equal(imx500_csi2_lines(2561, 2560), 3);
    /* 2 lines x 2566 bytes x 8 = 41,056 bits at 1776 Mbit/s = 23.117117 us,
     * + 2 x 500 ns */
    assert_int_equal(imx500_csi2_ps(2, 2560, 6, 1776e6, 500000), 23117117ull + 1000000ull);
}

static uint8_t *image(unsigned w, unsigned h, struct rgb_image *img)
{
    img->w = w, img->h = h;
    img->rgb = calloc((size_t)w * h, 3);
    return img->rgb;
}

static void isp_scales_crops_and_quantises(void **state)
{
    (void)state;
    struct rgb_image f;
    uint8_t *px = image(8, 4, &f);
    /* left half 0, right half (R, G, B) = (255, 51, 102) */
    for (unsigned y = 0; y < 4; y++)
        for (unsigned x = 4; x < 8; x++)
            px[(y * 8 + x) * 3] = 255, px[(y * 8 + x) * 3 + 1] = 51, px[(y * 8 + x) * 3 + 2] = 100;
    int8_t out[2 * 2 * 5];
    const int8_t extra[2] = { 7, -9 };
    /* scale 1/64 (exact), zero point 0: q = round((v / 127.5 - 1) x 64):
     * 0 -> -64, 255 -> 64, 51 -> -38.4 -> -38, 100 -> -13.80 -> -14 */
    struct imx500_window whole = { 0, 0, 8, 4 };
    imx500_isp_tensor(&f, &whole, 1, 2, 5, 1.0f / 64, 0, 0, extra, out);
    const int8_t left[5] = { -64, -64, -64, 7, -9 }, right[5] = { 64, -38, -14, 7, -9 };
    assert_memory_equal(out, left, 5);
    assert_memory_equal(out + 5, right, 5);
    /* the grid: block centres x = 2 and 6 of 0..7, y = 2 of 0..3:
     * (2/7 x 2 - 1) x 64 = -27.43 -> -27; (6/7 x 2 - 1) x 64 = 45.71 -> 46;
     * (2/3 x 2 - 1) x 64 = 21.33 -> 21 */
    imx500_isp_tensor(&f, &whole, 1, 2, 5, 1.0f / 64, 0, 1, extra, out);
    assert_int_equal(out[3], -27);
    assert_int_equal(out[4], 21);
    assert_int_equal(out[8], 46);
    assert_int_equal(out[9], 21);
    /* a window over the edge: 1 of 4 columns dark -> means 191.25, 38.25,
     * 75 -> 32, -44.8 -> -45, -26.35 -> -26 */
    struct imx500_window mid = { 3, 0, 4, 4 };
    imx500_isp_tensor(&f, &mid, 1, 1, 3, 1.0f / 64, 0, 0, extra, out);
    const int8_t half[3] = { 32, -45, -26 };
    assert_memory_equal(out, half, 3);
    /* one channel: BT.601 luminance of the right half = 0.299*255 + 0.587*51
     * + 0.114*100 = 117.582 -> -4.98 -> -5 */
    struct imx500_window right_half = { 4, 0, 4, 4 };
    imx500_isp_tensor(&f, &right_half, 2, 2, 1, 1.0f / 64, 0, 0, extra, out);
    for (int k = 0; k < 4; k++)
        assert_int_equal(out[k], -5);
    free(f.rgb);
}

#define ISP 0x40108000u
#define RX_BUF 0x20080000u

/* One frame through the front end on the imx500 board: times from the
 * mode and the window, the input tensor in the SRAM, the DSP's output on
 * that input equal to the runtime's, the KPI line equal to the DSP's time. */
static void frame_through_the_sensor(void **state)
{
    (void)state;
    struct machine *m = imx500_machine();
    uint32_t size;
    uint8_t *blob = gen_blob(&size);
    assert_true(bus_debug_write(&m->bus, HOST_RAM, blob, size));
    wr(m, DSP + IMX500_DSP_MODEL_ADDR, HOST_RAM);
    wr(m, DSP + IMX500_DSP_MODEL_BYTES, size);
    wr(m, DSP + IMX500_DSP_CTRL, IMX500_CTRL_LOAD);
    wr(m, ISP + IMX500_ISP_MODE, IMX500_MODE_BINNED);
    wr(m, ISP + IMX500_ISP_WIN_X, 254); /* a centred 1520 x 1000 window */
    wr(m, ISP + IMX500_ISP_WIN_Y, 260);
    wr(m, ISP + IMX500_ISP_WIN_W, 1520);
    wr(m, ISP + IMX500_ISP_WIN_H, 1000);
    wr(m, ISP + IMX500_ISP_EXTRA, 0x1005);
    wr(m, ISP + IMX500_ISP_RX_ADDR, RX_BUF);
    uint64_t t0 = machine_now_ps(m);
    wr(m, ISP + IMX500_ISP_CTRL, IMX500_ISP_START);
    /* 1000 lines: 12.631720430 ms; the ISP (1.52 Mpixel at 744 M/s = 2.04 ms)
     * keeps up; the 112x112x5 = 62,720-byte tensor at 456.44 MB/s = 137.411 us */
    assert_int_equal(rd(m, ISP + IMX500_ISP_READOUT_NS), 12631720);
    uint64_t isp_ps = 12631720430ull + 137411270ull;
    assert_int_equal(rd(m, ISP + IMX500_ISP_ISP_NS), isp_ps / 1000);
    advance_to(m, t0 + isp_ps - 5000);
    assert_int_equal(rd(m, ISP + IMX500_ISP_STATUS), IMX500_ISP_ST_BUSY);
    advance_to(m, t0 + isp_ps);
    assert_int_equal(rd(m, ISP + IMX500_ISP_STATUS), IMX500_ISP_ST_BUSY | IMX500_ISP_ST_ISP);
    /* the input the ISP built, run by the runtime on the host */
    tt_model ref;
    tt_status st;
    assert_int_equal(tt_model_open(&ref, blob, size, &st), 0);
    uint8_t *arena = calloc(1, ref.hdr->arena_bytes);
    int32_t in = ref.ints[ref.hdr->inputs_at], out = ref.ints[ref.hdr->outputs_at];
    uint32_t in_bytes = ref.tensors[in].bytes, out_bytes = ref.tensors[out].bytes;
    assert_true(bus_debug_read(&m->bus, rd(m, DSP + IMX500_DSP_INPUT_ADDR), tt_tensor_ptr(&ref, arena, in), in_bytes));
    int8_t *x = tt_tensor_ptr(&ref, arena, in);
    assert_int_equal(x[3], 5); /* the grid channels as the firmware set them */
    assert_int_equal(x[4], 16);
    assert_int_equal(tt_invoke(&ref, arena, ref.hdr->arena_bytes, NULL, &st), 0);
    /* DSP time, then 2 CSI-2 lines (24.117117 us) */
    uint64_t dnn_ps = (uint64_t)rd(m, DSP + IMX500_DSP_KPI_DNN_NS) * 1000;
    assert_true(dnn_ps > 0);
    uint64_t dnn_exact = 0;
    {
        const struct board_device *d = board_find_device(&m->board, "dsp");
        struct imx500_dsp_params p = {
            (uint32_t)board_param_num(d->params, d->nparams, "array_rows", 0),
            (uint32_t)board_param_num(d->params, d->nparams, "array_cols", 0),
            board_param_num(d->params, d->nparams, "clock_hz", 0),
            (uint32_t)board_param_num(d->params, d->nparams, "overhead_cycles", 0),
        };
        dnn_exact = imx500_cycles_ps(&p, imx500_model_cycles(&p, &ref, NULL));
    }
    uint64_t end = t0 + isp_ps + dnn_exact + 24117117ull;
    advance_to(m, end - 5000);
    assert_int_equal(rd(m, ISP + IMX500_ISP_STATUS) & IMX500_ISP_ST_FRAME, 0);
    advance_to(m, end);
    assert_int_equal(rd(m, ISP + IMX500_ISP_STATUS),
                     IMX500_ISP_ST_ISP | IMX500_ISP_ST_DNN | IMX500_ISP_ST_FRAME);
    assert_int_equal(rd(m, ISP + IMX500_ISP_RX_BYTES), 2 * 2560);
    uint32_t kpi[6];
    assert_true(bus_debug_read(&m->bus, RX_BUF, kpi, sizeof kpi));
    assert_int_equal(kpi[IMX500_KPI_W_MAGIC], IMX500_KPI_MAGIC);
    assert_int_equal(kpi[IMX500_KPI_W_DNN_NS], dnn_exact / 1000);
    assert_int_equal(kpi[IMX500_KPI_W_CYCLES], rd(m, DSP + IMX500_DSP_KPI_CYCLES));
    assert_int_equal(kpi[IMX500_KPI_W_OUT_BYTES], out_bytes);
    uint8_t got[64];
    assert_true(out_bytes <= sizeof got);
    assert_true(bus_debug_read(&m->bus, RX_BUF + 2560, got, out_bytes));
    assert_memory_equal(got, tt_tensor_ptr(&ref, arena, out), out_bytes);
    /* with no model loaded a frame is refused */
    wr(m, DSP + IMX500_DSP_MODEL_BYTES, 4);
    wr(m, DSP + IMX500_DSP_CTRL, IMX500_CTRL_LOAD);
    wr(m, ISP + IMX500_ISP_CTRL, IMX500_ISP_START);
    assert_int_equal(rd(m, ISP + IMX500_ISP_STATUS) & IMX500_ISP_ST_ERROR, IMX500_ISP_ST_ERROR);
    free(arena);
    free(blob);
    machine_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(line_times),
        cmocka_unit_test(readout_by_window),
        cmocka_unit_test(frame_period),
        cmocka_unit_test(isp_behind_readout),
        cmocka_unit_test(layer_cycles),
        cmocka_unit_test(mobilenet_table_and_fit),
        cmocka_unit_test(board_holds_the_facts_and_the_fit),
        cmocka_unit_test(ttm_ops_as_layers),
        cmocka_unit_test(dsp_runs_the_model_in_its_time),
        cmocka_unit_test(dsp_refuses_a_model_over_the_sram),
        cmocka_unit_test(csi2_lines_and_time),
        cmocka_unit_test(isp_scales_crops_and_quantises),
        cmocka_unit_test(frame_through_the_sensor),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
