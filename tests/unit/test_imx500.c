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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
