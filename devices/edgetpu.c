/* The Edge TPU as the board's firmware sees it: a USB device behind the
 * board's USB host controller (devices/usb_host.c) with a power-enable
 * pin. Registers, CSRs, endpoints and descriptors:
 * firmware/bsp/common/edgetpu_regs.h; the flow and the timing:
 * docs/edgetpu.md.
 *
 * The driver sends the .ttm once (the executable: planning and the
 * parameter cache), then per run the streamed parameters, the instruction
 * stream and the input, writes CSR RUN, and reads the output and the
 * event. The result is computed at RUN by the int8 runtime on the
 * device's copy of the model (devices/edgetpu_exec.c); the output and the
 * event appear when the run's time is over: the fixed per-run cost, then
 * each layer's array time at the TPU clock plus the per-layer cost
 * (devices/edgetpu_timing.c). Input, output, instructions and streamed
 * parameters take the link's time in the host controller, not here.
 * Power: "off" while the power pin is low, "active" during a run, "idle"
 * otherwise; action "mac" per MAC when the component has it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/device.h"
#include "devices/edgetpu.h"
#include "devices/usb_host.h"
#include "emu/board/board.h"
#include "firmware/bsp/common/edgetpu_regs.h"
#include "models/runtime/ttm_stats.h"
#include "emu/xalloc.h"

#define ETPU_MAX_LEVELS 8
#define ETPU_MAX_EXECUTABLE (64u << 20) /* larger than any model a board's memory holds */

extern const struct device_type device_edgetpu;

struct etpu {
    struct machine *m;
    const struct board_device *d;
    struct usbh *host;
    struct usb_function fn;
    struct etpu_cfg cfg;
    uint64_t levels_hz[ETPU_MAX_LEVELS];
    unsigned nlevels, level;
    int powered, has_pin;
    uint32_t status, error;
    struct etpu_exec x;
    /* the descriptor being received on EP 1 */
    uint8_t hdr[ETPU_HEADER_BYTES];
    uint32_t hdr_fill, tag, rx_len, rx_at;
    uint8_t *rx;              /* executable being received */
    /* the run */
    uint8_t *out;
    uint32_t out_at;
    struct etpu_event ev;
    int ev_ready;
    uint64_t run_start_ps, last_run_ps, last_cycles, runs;
    uint32_t layer;           /* next layer to finish, during a run */
    int layer_begun;          /* the first layer has begun (after the per-invoke cost) */
    struct sched_event step;
    int power, mac_action;
};

static void power(struct etpu *t, const char *state)
{
    if (t->d->power)
        dev_power_state(t->m, t->d->power, state);
}

static void refuse(struct etpu *t, uint32_t code)
{
    t->error = code;
    t->status |= ETPU_ST_ERROR;
}

static void drop_executable(struct etpu *t)
{
    etpu_exec_free(&t->x);
    free(t->rx);
    free(t->out);
    t->rx = t->out = NULL;
    t->hdr_fill = t->rx_len = t->rx_at = t->out_at = 0;
    t->ev_ready = 0;
    t->status = 0;
    dev_disarm(t->m, &t->step);
}

/* ---- descriptors on bulk OUT EP 1 ---- */

static int begin_descriptor(struct etpu *t)
{
    uint32_t len, tag;
    memcpy(&len, t->hdr, 4);
    memcpy(&tag, t->hdr + 4, 4);
    t->tag = tag;
    t->rx_len = len;
    t->rx_at = 0;
    int loaded = (t->status & ETPU_ST_LOADED) != 0;
    switch (tag) {
    case ETPU_TAG_EXECUTABLE:
        if (len < sizeof(ttm_header) || len > ETPU_MAX_EXECUTABLE || !(t->rx = xmalloc(len)))
            return -1;
        t->status &= ~ETPU_ST_LOADED;
        return 0;
    case ETPU_TAG_INSTRUCTIONS: return loaded && len == t->x.instr_bytes ? 0 : -1;
    case ETPU_TAG_INPUT: return loaded && len == t->x.in_bytes ? 0 : -1;
    case ETPU_TAG_PARAMETERS: return loaded && len == t->x.stream_bytes && len ? 0 : -1;
    default: return -1;
    }
}

/* n bytes of the current descriptor's data at offset rx_at. */
static int take_data(struct etpu *t, const uint8_t *p, uint32_t n)
{
    switch (t->tag) {
    case ETPU_TAG_EXECUTABLE: memcpy(t->rx + t->rx_at, p, n); return 0;
    case ETPU_TAG_INSTRUCTIONS: return memcmp(t->x.blob + t->x.instr_off + t->rx_at, p, n) ? -1 : 0;
    case ETPU_TAG_PARAMETERS: return memcmp(t->x.blob + t->x.stream_off + t->rx_at, p, n) ? -1 : 0;
    case ETPU_TAG_INPUT: {
        const ttm_tensor_rec *r = &t->x.model.tensors[t->x.model.ints[t->x.model.hdr->inputs_at]];
        uint8_t *dst = etpu_exec_input(&t->x) + t->rx_at;
        for (uint32_t i = 0; i < n; i++)   /* the TPU takes uint8: int8 arrives XOR 0x80 */
            dst[i] = r->type == TTM_T_INT8 ? (uint8_t)(p[i] ^ 0x80u) : p[i];
        return 0;
    }
    }
    return -1;
}

static void end_descriptor(struct etpu *t)
{
    char err[256];
    switch (t->tag) {
    case ETPU_TAG_EXECUTABLE:
        if (etpu_exec_load(&t->x, &t->cfg, t->rx, t->rx_len, err, sizeof err)) {
            fprintf(stderr, "ttemu: %s: executable refused: %s\n", t->d->name, err);
            refuse(t, ETPU_ERR_BAD_MODEL);
        } else {
            t->status = ETPU_ST_LOADED | (t->x.stream_bytes ? 0 : ETPU_ST_PARAMS);
        }
        free(t->rx);
        t->rx = NULL;
        break;
    case ETPU_TAG_INSTRUCTIONS: t->status |= ETPU_ST_INSTR; break;
    case ETPU_TAG_INPUT: t->status |= ETPU_ST_INPUT; break;
    case ETPU_TAG_PARAMETERS: t->status |= ETPU_ST_PARAMS; break;
    }
    t->hdr_fill = 0;
    t->rx_len = t->rx_at = 0;
}

static int bulk_out(struct etpu *t, const uint8_t *p, uint32_t n)
{
    while (n) {
        if (t->hdr_fill < ETPU_HEADER_BYTES) {
            uint32_t k = ETPU_HEADER_BYTES - t->hdr_fill < n ? ETPU_HEADER_BYTES - t->hdr_fill : n;
            memcpy(t->hdr + t->hdr_fill, p, k);
            t->hdr_fill += k, p += k, n -= k;
            if (t->hdr_fill == ETPU_HEADER_BYTES && begin_descriptor(t))
                return -1;
            if (t->hdr_fill == ETPU_HEADER_BYTES && !t->rx_len)
                end_descriptor(t);
            continue;
        }
        uint32_t k = t->rx_len - t->rx_at < n ? t->rx_len - t->rx_at : n;
        if (take_data(t, p, k))
            return -1;
        t->rx_at += k, p += k, n -= k;
        if (t->rx_at == t->rx_len)
            end_descriptor(t);
    }
    return 0;
}

static int fn_out(void *dev, unsigned ep, const uint8_t *data, uint32_t len)
{
    struct etpu *t = dev;
    if (ep != ETPU_EP_BULK_OUT || (t->status & ETPU_ST_RUNNING) || bulk_out(t, data, len)) {
        free(t->rx);
        t->rx = NULL;
        t->hdr_fill = t->rx_len = t->rx_at = 0;
        refuse(t, ETPU_ERR_PROTOCOL);
        return -1;
    }
    return 0;
}

/* ---- the run ---- */

/* After the per-invoke cost, the first layer begins; then each layer's
 * end: its MACs, then the next layer; the last one makes the output and
 * the event. Each layer's start is a layer event (MEV_LAYER, the
 * operator's index; 0xffffffff after the last), so traces and `ttemu
 * profile` show the TPU's layers as they show the core's operators. */
static void step(void *ctx, uint64_t t_ps)
{
    struct etpu *t = ctx;
    struct etpu_exec *x = &t->x;
    uint64_t cycles;
    if (!t->layer_begun) {
        t->layer_begun = 1;
        dev_event(t->m, MEV_LAYER, 0, 0);
        dev_arm(t->m, &t->step, t_ps + etpu_exec_layer_ps(x, &t->cfg, 0, &cycles));
        return;
    }
    if (t->layer < x->plan->split) {
        etpu_exec_layer_ps(x, &t->cfg, t->layer, &cycles);
        tt_op_cost c;
        tt_op_stats(&x->model, t->layer, &c);
        dev_macs_add(t->m, c.macs);
        if (t->power >= 0 && t->mac_action >= 0)
            dev_power_act(t->m, t->power, t->mac_action, c.macs);
        t->layer++;
    }
    if (t->layer < x->plan->split) {
        dev_event(t->m, MEV_LAYER, t->layer, 0);
        dev_arm(t->m, &t->step, t_ps + etpu_exec_layer_ps(x, &t->cfg, t->layer, &cycles));
        return;
    }
    dev_event(t->m, MEV_LAYER, 0xffffffffu, 0);
    t->last_run_ps = t_ps - t->run_start_ps;
    t->status = (t->status & ~ETPU_ST_RUNNING) | ETPU_ST_OUTPUT;
    t->out_at = 0;
    t->ev = (struct etpu_event){ ETPU_EVENT_DONE, ETPU_ERR_NONE, (uint32_t)(t->last_run_ps / 1000),
                                 (uint32_t)t->last_cycles };
    t->ev_ready = 1;
    t->runs++;
    power(t, "idle");
    if (t->host)
        usb_host_kick(t->host);
}

/* 0, or -1 (the control transfer stalls) when the run cannot start. */
static int run(struct etpu *t)
{
    uint32_t need = ETPU_ST_LOADED | ETPU_ST_INSTR | ETPU_ST_INPUT | ETPU_ST_PARAMS;
    if ((t->status & need) != need || (t->status & ETPU_ST_RUNNING))
        return refuse(t, ETPU_ERR_NOT_READY), -1;
    char err[256];
    struct etpu_exec *x = &t->x;
    free(t->out);
    if (!(t->out = xmalloc(x->out_bytes ? x->out_bytes : 1)) || etpu_exec_run(x, err, sizeof err)) {
        fprintf(stderr, "ttemu: %s: run stopped: %s\n", t->d->name, t->out ? err : "out of memory");
        return refuse(t, ETPU_ERR_INVOKE), -1;
    }
    etpu_exec_output(x, t->out);
    t->status = (t->status & ~(ETPU_ST_INSTR | ETPU_ST_INPUT | ETPU_ST_OUTPUT)) | ETPU_ST_RUNNING;
    if (x->stream_bytes)
        t->status &= ~ETPU_ST_PARAMS;
    t->ev_ready = 0;
    t->run_start_ps = dev_now_ps(t->m);
    t->last_cycles = 0;
    for (uint32_t i = 0; i < x->plan->split; i++) {
        uint64_t cycles;
        etpu_exec_layer_ps(x, &t->cfg, i, &cycles);
        t->last_cycles += cycles;
    }
    t->layer = 0;
    t->layer_begun = !x->plan->split; /* no layers: the step only ends the run */
    power(t, "active");
    dev_arm(t->m, &t->step, t->run_start_ps + t->cfg.per_invoke_ps);
    return 0;
}

/* ---- CSRs over control transfers ---- */

static uint32_t csr_read(const struct etpu *t, uint32_t off)
{
    const struct etpu_exec *x = &t->x;
    switch (off) {
    case ETPU_CSR_ID: return ETPU_ID;
    case ETPU_CSR_STATUS: return t->status;
    case ETPU_CSR_ERROR: return t->error;
    case ETPU_CSR_CLOCK: return t->level;
    case ETPU_CSR_SEG_OPS: return x->plan ? x->plan->split : 0;
    case ETPU_CSR_IN_BYTES: return x->in_bytes;
    case ETPU_CSR_OUT_BYTES: return x->out_bytes;
    case ETPU_CSR_CACHE_BYTES: return (uint32_t)x->cached_bytes;
    case ETPU_CSR_STREAM_OFF: return x->stream_off;
    case ETPU_CSR_STREAM_BYTES: return x->stream_bytes;
    case ETPU_CSR_INSTR_OFF: return x->instr_off;
    case ETPU_CSR_INSTR_BYTES: return x->instr_bytes;
    default: return 0;
    }
}

static int csr_write(struct etpu *t, uint32_t off, uint32_t v)
{
    switch (off) {
    case ETPU_CSR_CLOCK:
        if (v >= t->nlevels || (t->status & ETPU_ST_RUNNING))
            return refuse(t, ETPU_ERR_CSR), -1;
        t->level = v;
        t->cfg.clock_hz = t->levels_hz[v];
        return 0;
    case ETPU_CSR_RUN:
        return v & ETPU_RUN_START ? run(t) : 0;
    case ETPU_CSR_RESET:
        if (v & 1)
            drop_executable(t);
        return 0;
    default:
        return refuse(t, ETPU_ERR_CSR), -1;
    }
}

static int fn_control(void *dev, const struct usb_setup *s, uint8_t *data)
{
    struct etpu *t = dev;
    if (s->length != 4)
        return -1;
    if (s->type == ETPU_REQ_TYPE_IN && s->request == ETPU_REQ_READ_CSR) {
        uint32_t v = csr_read(t, s->value);
        memcpy(data, &v, 4);
        return 0;
    }
    if (s->type == ETPU_REQ_TYPE_OUT && s->request == ETPU_REQ_WRITE_CSR) {
        uint32_t v;
        memcpy(&v, data, 4);
        return csr_write(t, s->value, v);
    }
    return -1;
}

/* ---- IN endpoints ---- */

static uint32_t fn_in_avail(void *dev, unsigned ep)
{
    struct etpu *t = dev;
    if (ep == ETPU_EP_OUTPUT && (t->status & ETPU_ST_OUTPUT))
        return t->x.out_bytes - t->out_at;
    if (ep == ETPU_EP_EVENT && t->ev_ready)
        return sizeof t->ev;
    return 0;
}

static uint32_t fn_in(void *dev, unsigned ep, uint8_t *data, uint32_t len)
{
    struct etpu *t = dev;
    uint32_t n = fn_in_avail(dev, ep);
    n = n < len ? n : len;
    if (ep == ETPU_EP_OUTPUT) {
        memcpy(data, t->out + t->out_at, n);
        if ((t->out_at += n) == t->x.out_bytes)
            t->status &= ~ETPU_ST_OUTPUT;
    } else if (ep == ETPU_EP_EVENT) {
        memcpy(data, &t->ev, n);
        t->ev_ready = 0;
    }
    return n;
}

static bool fn_attached(void *dev) { return ((struct etpu *)dev)->powered; }

const struct usb_function *edgetpu_usb_function(void *tpu_state, struct usbh *h)
{
    struct etpu *t = tpu_state;
    t->host = h;
    return &t->fn;
}

/* ---- the window ---- */

static bool etpu_read(void *dev, uint32_t off, unsigned size, uint32_t *v)
{
    struct etpu *t = dev;
    (void)size;
    switch (off) {
    case ETPU_PIN: *v = t->powered ? ETPU_PIN_POWER : 0; break;
    case ETPU_PIN_STATUS:
        *v = (t->powered ? ETPU_PIN_ST_POWERED : 0) | (t->status & ETPU_ST_RUNNING ? ETPU_PIN_ST_RUNNING : 0);
        break;
    case ETPU_LAST_RUN_NS: *v = (uint32_t)(t->last_run_ps / 1000); break;
    case ETPU_LAST_CYCLES: *v = (uint32_t)t->last_cycles; break;
    case ETPU_LAST_MACS: *v = (uint32_t)t->x.macs; break;
    case ETPU_RUNS: *v = (uint32_t)t->runs; break;
    case ETPU_CLOCK_HZ: *v = (uint32_t)t->cfg.clock_hz; break;
    default: *v = 0; break;
    }
    return true;
}

static bool etpu_write(void *dev, uint32_t off, unsigned size, uint32_t v)
{
    struct etpu *t = dev;
    (void)size;
    if (off != ETPU_PIN || !t->has_pin)
        return true; /* no pin: powered by the bus whenever plugged in */
    int on = (v & ETPU_PIN_POWER) != 0;
    if (on == t->powered)
        return true;
    t->powered = on;
    if (!on)
        drop_executable(t); /* the cache does not survive power-off */
    power(t, on ? "idle" : "off");
    return true;
}

static const struct mmio_ops etpu_ops = { etpu_read, etpu_write };

/* ---- board entry ---- */

static void *bad(struct etpu *t, struct machine *m, const struct board_device *d, const char *key,
                 char *err, size_t errlen, const char *what)
{
    const struct board_param *p = key ? board_param_find(d->params, d->nparams, key) : NULL;
    snprintf(err, errlen, "%s:%u:%u: device '%s': %s", dev_board_source(m), p ? p->loc.line : d->loc.line,
             p ? p->loc.col : d->loc.col, d->name, what);
    free(t);
    return NULL;
}

static int positive(const struct board_device *d, const char *key, double *v)
{
    *v = board_param_num(d->params, d->nparams, key, -1);
    return *v > 0;
}

static void *levels(struct etpu *t, struct machine *m, const struct board_device *d, char *err, size_t errlen)
{
    const struct board_param *p = board_param_find(d->params, d->nparams, "clock_levels_hz");
    t->nlevels = 1;
    t->levels_hz[0] = t->cfg.clock_hz;
    t->level = 0;
    if (!p)
        return t;
    if (p->nlist < 1 || p->nlist > ETPU_MAX_LEVELS)
        return bad(t, m, d, "clock_levels_hz", err, errlen, "clock_levels_hz: expected 1 to 8 clocks in Hz");
    t->nlevels = (unsigned)p->nlist;
    int found = 0;
    for (unsigned k = 0; k < t->nlevels; k++) {
        if (p->list[k] <= 0)
            return bad(t, m, d, "clock_levels_hz", err, errlen, "clock_levels_hz: expected clocks above 0 Hz");
        t->levels_hz[k] = (uint64_t)p->list[k];
        if (!found && t->levels_hz[k] == t->cfg.clock_hz)
            found = 1, t->level = k;
    }
    if (!found)
        return bad(t, m, d, "clock_hz", err, errlen, "clock_hz: expected one of clock_levels_hz");
    return t;
}

static void *etpu_create(struct machine *m, const struct board_device *d, char *err, size_t errlen)
{
    struct etpu *t = xcalloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->m = m;
    t->d = d;
    double clock, rows, cols, cache, inv, lay;
    if (!positive(d, "clock_hz", &clock))
        return bad(t, m, d, "clock_hz", err, errlen, "clock_hz: expected the TPU clock in Hz, above 0");
    if (!positive(d, "array_rows", &rows) || !positive(d, "array_cols", &cols) || rows > 4096 || cols > 4096)
        return bad(t, m, d, board_param_find(d->params, d->nparams, "array_cols") && rows > 0 ? "array_cols"
                   : "array_rows", err, errlen, "array_rows, array_cols: expected the MAC array's size, 1 to 4096");
    if (!positive(d, "param_cache_bytes", &cache))
        return bad(t, m, d, "param_cache_bytes", err, errlen, "param_cache_bytes: expected bytes above 0");
    inv = board_param_num(d->params, d->nparams, "per_invoke_ns", -1);
    lay = board_param_num(d->params, d->nparams, "per_layer_ns", -1);
    if (inv < 0)
        return bad(t, m, d, "per_invoke_ns", err, errlen, "per_invoke_ns: expected a time in ns, 0 or more");
    if (lay < 0)
        return bad(t, m, d, "per_layer_ns", err, errlen, "per_layer_ns: expected a time in ns, 0 or more");
    const char *link = board_param_str(d->params, d->nparams, "link", NULL);
    const struct board_link *l = link ? dev_link(m, link) : NULL;
    if (!l || (l->kind != BOARD_LINK_USB2 && l->kind != BOARD_LINK_USB3))
        return bad(t, m, d, "link", err, errlen, "link: expected the name of the usb2 or usb3 link it is on");
    t->cfg = (struct etpu_cfg){ .array_rows = (uint32_t)rows, .array_cols = (uint32_t)cols,
                                .clock_hz = (uint64_t)clock, .cache_bytes = (uint64_t)cache,
                                .per_invoke_ps = (uint64_t)(inv * 1000 + 0.5),
                                .per_layer_ps = (uint64_t)(lay * 1000 + 0.5) };
    if (!levels(t, m, d, err, errlen))
        return NULL;
    double lanes = board_param_num(d->params, d->nparams, "dw_lanes", cols);
    if (lanes < 1 || lanes > cols || lanes != (uint32_t)lanes)
        return bad(t, m, d, "dw_lanes", err, errlen, "dw_lanes: expected a whole number of channels, 1 to array_cols");
    t->cfg.dw_lanes = (uint32_t)lanes;
    double pin = board_param_num(d->params, d->nparams, "power_pin", 1);
    if (pin != 0 && pin != 1)
        return bad(t, m, d, "power_pin", err, errlen, "power_pin: expected 1 (a power-enable pin) or 0 (bus powered)");
    t->has_pin = pin == 1;
    t->powered = !t->has_pin;
    t->fn = (struct usb_function){ t, fn_attached, fn_control, fn_out, fn_in_avail, fn_in };
    t->power = d->power ? dev_power_comp(m, d->power) : -1;
    t->mac_action = t->power >= 0 ? dev_power_action(m, t->power, "mac") : -1;
    sched_event_init(&t->step, d->name, step, t);
    return t;
}

static void etpu_reset(void *dev)
{
    struct etpu *t = dev;
    drop_executable(t);
    t->powered = !t->has_pin;
    t->error = 0;
    t->last_run_ps = t->last_cycles = t->runs = 0;
    t->cfg.clock_hz = t->levels_hz[t->level];
}

static void etpu_destroy(void *dev)
{
    etpu_reset(dev);
    free(dev);
}

/* Its board YAML parameters (devices/device.h: checked on every board). */
static const struct device_param edgetpu_params[] = {
    { "clock_hz", DP_NUMBER, "Hz", true },
    { "clock_levels_hz", DP_LIST, "Hz", false },
    { "array_rows", DP_NUMBER, "MACs", true },
    { "array_cols", DP_NUMBER, "MACs", true },
    { "param_cache_bytes", DP_NUMBER, "bytes", true },
    { "per_invoke_ns", DP_NUMBER, "ns", true },
    { "per_layer_ns", DP_NUMBER, "ns", true },
    { "dw_lanes", DP_NUMBER, "channels", false },
    { "link", DP_STRING, "", true },
    { "power_pin", DP_NUMBER, "", false },
    DEVICE_PARAMS_END,
};

const struct device_type device_edgetpu = {
    "edgetpu", "Edge TPU on USB: executable upload, parameter cache, runs timed per layer on its MAC array",
    &etpu_ops, etpu_create, etpu_reset, etpu_destroy, edgetpu_params,
};
