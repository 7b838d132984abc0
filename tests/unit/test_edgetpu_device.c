/* The Edge TPU device and the USB host controller, driven register by
 * register as the firmware driver does (firmware/bsp/common/edgetpu_drv.h),
 * on the coralusb and coralmicro boards: the output against the int8
 * runtime run on the host on the same input (the reference the device
 * must equal bit for bit), the protocol's refusals, the power pin, and the
 * run's time against its parts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "devices/edgetpu_plan.h"
#include "devices/edgetpu_timing.h"
#include "devices/link.h"
#include "emu/board/board.h"
#include "emu/machine.h"
#include "firmware/bsp/common/edgetpu_regs.h"
#include "firmware/bsp/common/usb_host_regs.h"
#include "models/gen/tinytracker_gen.h"
#include "models/runtime/ttm.h"
#include "models/tflite/graph.h"

#define ETPU 0x40106000u
#define USBH 0x40107000u
#define RAM 0x80000000u   /* SDRAM on both boards */
#define WORD (RAM + 0x3f00000u)
#define BUF (RAM + 0x3000000u)

static struct machine *board(const char *name)
{
    static struct machine m;
    char err[256];
    machine_free(&m);
    memset(&m, 0, sizeof m);
    if (machine_init(&m, name, err, sizeof err)) {
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

/* One transfer to its end: the time it took (ps), *status the final STATUS. */
static uint64_t xfer(struct machine *m, uint32_t ep, uint32_t addr, uint32_t len, uint32_t lo, uint32_t hi,
                     uint32_t *status)
{
    wr(m, USBH + USBH_EP, ep);
    wr(m, USBH + USBH_ADDR, addr);
    wr(m, USBH + USBH_LEN, len);
    wr(m, USBH + USBH_SETUP_LO, lo);
    wr(m, USBH + USBH_SETUP_HI, hi);
    uint64_t t0 = machine_now_ps(m);
    wr(m, USBH + USBH_CMD, USBH_CMD_START);
    uint64_t t = t0;
    while (!(rd(m, USBH + USBH_STATUS) & (USBH_ST_DONE | USBH_ST_ERROR)) && t < t0 + 1000000000000ull)
        advance_to(m, t += 1000000); /* 1 us steps */
    *status = rd(m, USBH + USBH_STATUS);
    wr(m, USBH + USBH_STATUS, *status & (USBH_ST_DONE | USBH_ST_ERROR));
    return t - t0;
}

static int csr_write(struct machine *m, uint32_t csr, uint32_t v)
{
    uint32_t st;
    assert_true(bus_debug_write(&m->bus, WORD, &v, 4));
    xfer(m, 0, WORD, 4, ETPU_REQ_TYPE_OUT | ETPU_REQ_WRITE_CSR << 8 | csr << 16, 4u << 16, &st);
    return st & USBH_ST_ERROR ? -1 : 0;
}

static uint32_t csr_read(struct machine *m, uint32_t csr)
{
    uint32_t st, v = 0;
    xfer(m, 0, WORD, 4, ETPU_REQ_TYPE_IN | ETPU_REQ_READ_CSR << 8 | csr << 16, 4u << 16, &st);
    assert_int_equal(st & USBH_ST_ERROR, 0);
    assert_true(bus_debug_read(&m->bus, WORD, &v, 4));
    return v;
}

/* A descriptor: header then the bytes in one transfer. 0, or -1 (stall). */
static int send(struct machine *m, uint32_t tag, const void *p, uint32_t n)
{
    uint32_t hdr[2] = { n, tag }, st;
    assert_true(bus_debug_write(&m->bus, BUF, hdr, 8));
    xfer(m, ETPU_EP_BULK_OUT, BUF, 8, 0, 0, &st);
    if (st & USBH_ST_ERROR)
        return -1;
    if (!n)
        return 0;
    assert_true(bus_debug_write(&m->bus, BUF, p, n));
    xfer(m, ETPU_EP_BULK_OUT, BUF, n, 0, 0, &st);
    return st & USBH_ST_ERROR ? -1 : 0;
}

static uint8_t *tinytracker(uint32_t *size, tt_model *mdl)
{
    tt_graph g;
    char err[256];
    uint8_t *blob;
    tt_status st;
    assert_int_equal(tt_gen_tinytracker(&g, err, sizeof err), 0);
    assert_int_equal(ttm_write(&g, &blob, size, err, sizeof err), 0);
    tt_graph_free(&g);
    assert_int_equal(tt_model_open(mdl, blob, *size, &st), 0);
    return blob;
}

static void open_port(struct machine *m)
{
    wr(m, ETPU + ETPU_PIN, ETPU_PIN_POWER);
    wr(m, USBH + USBH_CTRL, USBH_CTRL_RUN | USBH_CTRL_IRQ);
    assert_true(rd(m, USBH + USBH_STATUS) & USBH_ST_CONNECTED);
    assert_int_equal(csr_read(m, ETPU_CSR_ID), ETPU_ID);
}

/* The whole flow on coralusb: the output is the host runtime's, int8 sent
 * as uint8; the run's time is the per-invoke cost plus the segment's array
 * time (etpu_run, hand-checked in test_edgetpu.c) at the board's clock. */
static void run_equals_host_runtime(void **s)
{
    (void)s;
    struct machine *m = board("coralusb");
    open_port(m);
    assert_int_equal(rd(m, USBH + USBH_SPEED), USBH_SPEED_SUPER);
    uint32_t size;
    tt_model ref;
    uint8_t *blob = tinytracker(&size, &ref);
    assert_int_equal(send(m, ETPU_TAG_EXECUTABLE, blob, size), 0);
    assert_true(csr_read(m, ETPU_CSR_STATUS) & ETPU_ST_LOADED);
    assert_int_equal(csr_read(m, ETPU_CSR_SEG_OPS), ref.hdr->n_ops - 1); /* all but DEQUANTIZE */
    assert_int_equal(csr_read(m, ETPU_CSR_STREAM_BYTES), 0);
    uint32_t io = csr_read(m, ETPU_CSR_INSTR_OFF), ib = csr_read(m, ETPU_CSR_INSTR_BYTES);
    assert_int_equal(io, ref.hdr->ops_off);
    assert_int_equal(ib, (ref.hdr->n_ops - 1) * sizeof(ttm_op_rec));
    /* RUN before this run's instructions and input: refused */
    assert_int_equal(csr_write(m, ETPU_CSR_RUN, ETPU_RUN_START), -1);
    assert_int_equal(csr_read(m, ETPU_CSR_ERROR), ETPU_ERR_NOT_READY);
    /* the reference: the runtime on the host, operators 0..n-2 */
    uint8_t *arena = calloc(1, ref.hdr->arena_bytes);
    int32_t in = ref.ints[ref.hdr->inputs_at], raw = tt_op_input(&ref, ref.hdr->n_ops - 1, 0);
    uint32_t in_bytes = ref.tensors[in].bytes;
    int8_t *x = tt_tensor_ptr(&ref, arena, in);
    uint8_t *sent = malloc(in_bytes);
    for (uint32_t k = 0; k < in_bytes; k++) {
        x[k] = (int8_t)(k * 37u + 11u);
        sent[k] = (uint8_t)x[k] ^ 0x80u;
    }
    tt_status st;
    for (uint32_t op = 0; op + 1 < ref.hdr->n_ops; op++)
        assert_int_equal(tt_invoke_op(&ref, arena, op, &st), 0);
    assert_int_equal(send(m, ETPU_TAG_INSTRUCTIONS, blob + io, ib), 0);
    assert_int_equal(send(m, ETPU_TAG_INPUT, sent, in_bytes), 0);
    uint64_t t_run = machine_now_ps(m);
    assert_int_equal(csr_write(m, ETPU_CSR_RUN, ETPU_RUN_START), 0);
    uint32_t out_bytes = csr_read(m, ETPU_CSR_OUT_BYTES), ust;
    assert_int_equal(out_bytes, ref.tensors[raw].bytes);
    xfer(m, ETPU_EP_OUTPUT, BUF, out_bytes, 0, 0, &ust);
    assert_int_equal(ust & USBH_ST_ERROR, 0);
    uint8_t got[16];
    assert_true(bus_debug_read(&m->bus, BUF, got, out_bytes));
    const int8_t *want = tt_tensor_ptr(&ref, arena, raw);
    for (uint32_t k = 0; k < out_bytes; k++)
        assert_int_equal(got[k] ^ 0x80u, (uint8_t)want[k]);
    struct etpu_event ev;
    xfer(m, ETPU_EP_EVENT, BUF, sizeof ev, 0, 0, &ust);
    assert_true(bus_debug_read(&m->bus, BUF, &ev, sizeof ev));
    assert_int_equal(ev.tag, ETPU_EVENT_DONE);
    assert_int_equal(ev.error, ETPU_ERR_NONE);
    /* time: the board's per-invoke cost + the array time of the segment */
    const struct board_device *d = board_find_device(&m->board, "tpu");
    struct etpu_cfg c = { 64, 64, 250000000, 8178892,
                          (uint64_t)board_param_num(d->params, d->nparams, "per_invoke_ns", 0) * 1000,
                          (uint64_t)board_param_num(d->params, d->nparams, "per_layer_ns", 0) * 1000, 0,
                          (uint32_t)board_param_num(d->params, d->nparams, "dw_lanes", 0) };
    static struct etpu_plan p;
    char err[128];
    assert_int_equal(etpu_plan_make(&ref, &p, err, sizeof err), 0);
    struct etpu_run_time rt;
    etpu_run(&c, p.l, p.split, 0, 0, &rt);
    uint64_t run_ps = (uint64_t)rd(m, ETPU + ETPU_LAST_RUN_NS) * 1000;
    assert_true(run_ps + 1000 > rt.compute_ps + rt.overhead_ps && run_ps <= rt.compute_ps + rt.overhead_ps + p.split);
    assert_int_equal(rd(m, ETPU + ETPU_LAST_CYCLES), rt.cycles);
    assert_true(machine_now_ps(m) > t_run + run_ps);
    /* the next run needs its own instructions and input again */
    assert_int_equal(csr_write(m, ETPU_CSR_RUN, ETPU_RUN_START), -1);
    free(arena);
    free(sent);
    free(blob);
}

/* Descriptors the TPU refuses: data before the executable, an unknown tag,
 * instructions that are not the executable's, an input of the wrong size. */
static void protocol_refusals(void **s)
{
    (void)s;
    struct machine *m = board("coralusb");
    open_port(m);
    uint8_t junk[64] = { 1, 2, 3 };
    assert_int_equal(send(m, ETPU_TAG_INPUT, junk, sizeof junk), -1);
    assert_int_equal(rd(m, USBH + USBH_ERROR), USBH_ERR_STALL);
    assert_int_equal(csr_read(m, ETPU_CSR_ERROR), ETPU_ERR_PROTOCOL);
    assert_int_equal(send(m, 77, junk, sizeof junk), -1);
    uint32_t size;
    tt_model ref;
    uint8_t *blob = tinytracker(&size, &ref);
    assert_int_equal(send(m, ETPU_TAG_EXECUTABLE, blob, size), 0);
    uint32_t ib = csr_read(m, ETPU_CSR_INSTR_BYTES);
    uint8_t *wrong = calloc(1, ib);
    assert_int_equal(send(m, ETPU_TAG_INSTRUCTIONS, wrong, ib), -1);
    assert_int_equal(send(m, ETPU_TAG_INPUT, junk, sizeof junk), -1);
    /* an executable that is not a .ttm */
    memset(wrong, 0xab, ib);
    assert_int_equal(send(m, ETPU_TAG_EXECUTABLE, wrong, ib), 0);
    assert_int_equal(csr_read(m, ETPU_CSR_STATUS) & ETPU_ST_LOADED, 0);
    assert_int_equal(csr_read(m, ETPU_CSR_ERROR), ETPU_ERR_BAD_MODEL);
    /* a clock level the board does not list */
    assert_int_equal(csr_write(m, ETPU_CSR_CLOCK, 4), -1);
    assert_int_equal(csr_write(m, ETPU_CSR_CLOCK, 0), 0);
    assert_int_equal(rd(m, ETPU + ETPU_CLOCK_HZ), 500000000);
    free(wrong);
    free(blob);
}

/* Coral Micro: the TPU is off until its power pin is raised, the port
 * then sees a high-speed device, and a control transfer takes the USB 2.0
 * link's time for 12 bytes: 8-byte setup + 4 data bytes = 96 bits at
 * 480 Mbit/s = 200 ns. The link has no fixed cost a transfer and the
 * schedule was started in the same instant (CTRL.RUN: the controller has
 * not slept yet), so nothing waits: 200 ns. */
static void coralmicro_power_pin(void **s)
{
    (void)s;
    struct machine *m = board("coralmicro");
    wr(m, USBH + USBH_CTRL, USBH_CTRL_RUN | USBH_CTRL_IRQ);
    assert_int_equal(rd(m, USBH + USBH_STATUS) & USBH_ST_CONNECTED, 0);
    uint32_t st;
    xfer(m, 0, WORD, 4, ETPU_REQ_TYPE_IN | ETPU_REQ_READ_CSR << 8, 4u << 16, &st);
    assert_int_equal(rd(m, USBH + USBH_ERROR), USBH_ERR_NO_DEVICE);
    wr(m, ETPU + ETPU_PIN, ETPU_PIN_POWER);
    assert_int_equal(rd(m, USBH + USBH_SPEED), USBH_SPEED_HIGH);
    wr(m, USBH + USBH_EP, 0);
    wr(m, USBH + USBH_ADDR, WORD);
    wr(m, USBH + USBH_SETUP_LO, ETPU_REQ_TYPE_IN | ETPU_REQ_READ_CSR << 8);
    wr(m, USBH + USBH_SETUP_HI, 4u << 16);
    uint64_t t0 = machine_now_ps(m);
    wr(m, USBH + USBH_CMD, USBH_CMD_START);
    advance_to(m, t0 + 200000 - 3000); /* a core cycle is 1250 ps */
    assert_int_equal(rd(m, USBH + USBH_STATUS) & USBH_ST_DONE, 0);
    advance_to(m, t0 + 200000 + 3000);
    assert_true(rd(m, USBH + USBH_STATUS) & USBH_ST_DONE);
    uint32_t v;
    assert_true(bus_debug_read(&m->bus, WORD, &v, 4));
    assert_int_equal(v, ETPU_ID);
    assert_int_equal(rd(m, USBH + USBH_XFER_NS), 200);
    assert_int_equal(rd(m, USBH + USBH_WAIT_NS), 0);
    /* power off drops the executable: the port loses the device */
    wr(m, ETPU + ETPU_PIN, 0);
    assert_int_equal(rd(m, USBH + USBH_STATUS) & USBH_ST_CONNECTED, 0);
}

/* One control read (12 bytes: 200 ns on the wire) queued at t_ps; its
 * completion time (polled at 50 ns) and the WAIT_NS it reports. */
static uint64_t csr_read_at(struct machine *m, uint64_t t_ps, uint32_t *wait_ns)
{
    advance_to(m, t_ps);
    wr(m, USBH + USBH_EP, 0);
    wr(m, USBH + USBH_ADDR, WORD);
    wr(m, USBH + USBH_SETUP_LO, ETPU_REQ_TYPE_IN | ETPU_REQ_READ_CSR << 8);
    wr(m, USBH + USBH_SETUP_HI, 4u << 16);
    uint64_t t = machine_now_ps(m);
    wr(m, USBH + USBH_CMD, USBH_CMD_START);
    while (!(rd(m, USBH + USBH_STATUS) & USBH_ST_DONE) && t < t_ps + 200000000)
        advance_to(m, t += 50000);
    wr(m, USBH + USBH_STATUS, USBH_ST_DONE);
    *wait_ns = rd(m, USBH + USBH_WAIT_NS);
    return t;
}

/* Coral Micro's EHCI schedule (coralmicro.yaml: AsyncSchedSleepTime 10 us,
 * ITC 0), by hand, microframes of 125 us counted from CTRL.RUN at r:
 * - at r: the first transfer moves at once, ends at r + 0.2 us;
 * - queued at r + 3.2 us: the schedule has slept since r + 0.2 us, so it
 *   is taken up at r + 10.2 us (wait 7 us) and ends at r + 10.4 us;
 * - queued at r + 124 us: sleeps from r + 10.4 us would end at r + 130.4
 *   us, after the next microframe starts at r + 125 us, where the
 *   controller traverses again: wait 1 us, ends at r + 125.2 us;
 * - queued at r + 125.2 us + 25 us = r + 150.2 us, in the next microframe:
 *   sleeps from r + 125.2 us end at r + 155.2 us: wait 5 us. */
static void coralmicro_ehci_schedule(void **s)
{
    (void)s;
    struct machine *m = board("coralmicro");
    wr(m, ETPU + ETPU_PIN, ETPU_PIN_POWER);
    uint64_t r = machine_now_ps(m);
    wr(m, USBH + USBH_CTRL, USBH_CTRL_RUN);
    uint32_t w;
    assert_true(csr_read_at(m, r, &w) <= r + 200000 + 50000);
    assert_int_equal(w, 0);
    uint64_t t = csr_read_at(m, r + 3200000, &w);
    assert_int_equal(w, 7000);
    assert_true(t >= r + 10400000 && t < r + 10400000 + 50000);
    t = csr_read_at(m, r + 124000000, &w);
    assert_int_equal(w, 1000);
    assert_true(t >= r + 125200000 && t < r + 125200000 + 50000);
    csr_read_at(m, r + 150200000, &w);
    assert_int_equal(w, 5000);
    assert_int_equal(rd(m, USBH + USBH_SCHED_NS), 7000 + 1000 + 5000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(run_equals_host_runtime),
        cmocka_unit_test(protocol_refusals),
        cmocka_unit_test(coralmicro_power_pin),
        cmocka_unit_test(coralmicro_ehci_schedule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
