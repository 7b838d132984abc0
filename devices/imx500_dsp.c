/* The IMX500's DSP AI processor with its on-chip SRAM: it holds one .ttm
 * and its arena in the SRAM (a board memory region), runs it with the
 * shared int8 runtime, and takes the time devices/imx500_timing.c gives
 * for the model on its MAC array. Registers: firmware/bsp/common/
 * imx500_regs.h. Power: "active" while running, "idle" between runs,
 * "off" before a model is loaded. Each operator's start is a layer event
 * at its share of the run's time (MEV_LAYER, as the Edge TPU gives them),
 * so traces, `ttemu profile` and `plot --layers` show the sensor's layers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/device.h"
#include "devices/imx500.h"
#include "devices/imx500_timing.h"
#include "emu/board/board.h"
#include "models/runtime/ttm_stats.h"
#include "firmware/bsp/common/imx500_regs.h"
#include "emu/xalloc.h"

extern const struct device_type device_imx500_dsp;

struct dsp {
    struct machine *m;
    const struct board_device *d;
    struct imx500_dsp_params p;
    double upload_bytes_per_s;
    uint32_t sram_base, sram_bytes;
    uint32_t ctrl, status, error, model_addr, model_bytes, need_bytes;
    uint32_t in_addr, in_bytes, out_addr, out_bytes, arena_addr, arena_bytes;
    uint64_t kpi_cycles, kpi_ps, load_ps;
    uint8_t *sram;              /* model then arena, the device's working copy */
    tt_model model;
    struct sched_event done;
    struct sched_event layer_ev;
    uint64_t *op_end_cycles;    /* operator k ends op_end_cycles[k] cycles into a run */
    uint32_t n_ops, layer;      /* the model's operators; the next layer event's */
    uint64_t run_start_ps;
    void (*notify)(void *ctx, uint64_t t_ps); /* the front end's callback on DONE */
    void *notify_ctx;
};

static void power(struct dsp *s, const char *state)
{
    if (s->d->power)
        dev_power_state(s->m, s->d->power, state);
}

static void update_irq(struct dsp *s)
{
    if (s->d->irq >= 0)
        dev_irq(s->m, s->d->irq, (s->status & IMX500_ST_DONE) && (s->ctrl & IMX500_CTRL_IRQ));
}

static void refuse(struct dsp *s, uint32_t code)
{
    s->error = code;
    s->status = (s->status & ~IMX500_ST_BUSY) | IMX500_ST_ERROR;
    update_irq(s);
}

static uint32_t align16(uint32_t v) { return (v + 15u) & ~15u; }

/* Copies the model into the SRAM and plans the arena after it. */
static void load(struct dsp *s)
{
    s->status &= ~(IMX500_ST_LOADED | IMX500_ST_ERROR);
    s->error = IMX500_ERR_NONE;
    uint32_t n = s->model_bytes;
    uint8_t *blob = malloc(n ? n : 1);
    tt_status st;
    tt_model mdl;
    if (!blob || !dev_master_read(s->m, s->model_addr, blob, n)) {
        free(blob);
        return refuse(s, IMX500_ERR_READ);
    }
    int bad = tt_model_open(&mdl, blob, n, &st);
    uint64_t need = (uint64_t)align16(n) + (bad ? 0 : mdl.hdr->arena_bytes);
    s->need_bytes = need > UINT32_MAX ? UINT32_MAX : (uint32_t)need;
    if (!bad && need > s->sram_bytes) {
        free(blob);
        return refuse(s, IMX500_ERR_TOO_BIG);
    }
    if (bad) {
        free(blob);
        return refuse(s, IMX500_ERR_BAD_MODEL);
    }
    memcpy(s->sram, blob, n);
    free(blob);
    tt_model_open(&s->model, s->sram, n, &st); /* the same bytes, now in place */
    s->arena_addr = s->sram_base + align16(n);
    s->arena_bytes = s->model.hdr->arena_bytes;
    const ttm_tensor_rec *in = &s->model.tensors[s->model.ints[s->model.hdr->inputs_at]];
    const ttm_tensor_rec *out = &s->model.tensors[s->model.ints[s->model.hdr->outputs_at]];
    s->in_addr = s->arena_addr + in->data_off, s->in_bytes = in->bytes;
    s->out_addr = s->arena_addr + out->data_off, s->out_bytes = out->bytes;
    s->load_ps = (uint64_t)((double)n / s->upload_bytes_per_s * 1e12);
    s->n_ops = s->model.hdr->n_ops;
    free(s->op_end_cycles);
    s->op_end_cycles = xcalloc(s->n_ops, sizeof *s->op_end_cycles);
    s->status |= IMX500_ST_LOADED;
    power(s, "idle");
}

/* Runs the model now on the arena's bytes (the runtime's result is
 * functional; the time is the array's) and raises DONE after that time. */
static void run(struct dsp *s, uint64_t start_ps)
{
    if (!(s->status & IMX500_ST_LOADED))
        return refuse(s, IMX500_ERR_NOT_LOADED);
    uint8_t *arena = s->sram + (s->arena_addr - s->sram_base);
    tt_status st;
    dev_master_read(s->m, s->arena_addr, arena, s->arena_bytes);
    if (tt_invoke(&s->model, arena, s->arena_bytes, NULL, &st))
        return refuse(s, IMX500_ERR_INVOKE);
    s->kpi_cycles = imx500_model_cycles(&s->p, &s->model, s->op_end_cycles);
    for (uint32_t k = 1; k < s->n_ops; k++)
        s->op_end_cycles[k] += s->op_end_cycles[k - 1];
    s->kpi_ps = imx500_cycles_ps(&s->p, s->kpi_cycles);
    s->status = (s->status & ~(IMX500_ST_DONE | IMX500_ST_ERROR)) | IMX500_ST_BUSY;
    power(s, "active");
    s->run_start_ps = start_ps;
    s->layer = 0;
    if (s->n_ops)
        dev_arm(s->m, &s->layer_ev, start_ps);
    dev_arm(s->m, &s->done, start_ps + s->kpi_ps);
}

/* Layer k starts when the operators before it have had their cycles. */
static void layer_start(void *ctx, uint64_t t_ps)
{
    struct dsp *s = ctx;
    dev_event_at(s->m, MEV_LAYER, t_ps, s->layer, 0);
    if (++s->layer < s->n_ops)
        dev_arm(s->m, &s->layer_ev,
                s->run_start_ps + imx500_cycles_ps(&s->p, s->op_end_cycles[s->layer - 1]));
}

static void finish(void *ctx, uint64_t t_ps)
{
    struct dsp *s = ctx;
    uint8_t *arena = s->sram + (s->arena_addr - s->sram_base);
    /* operators of no cycles at the end start now, then the last closes */
    dev_disarm(s->m, &s->layer_ev);
    for (; s->layer < s->n_ops; s->layer++)
        dev_event_at(s->m, MEV_LAYER, t_ps, s->layer, 0);
    dev_event_at(s->m, MEV_LAYER, t_ps, 0xffffffffu, 0);
    dev_master_write(s->m, s->arena_addr, arena, s->arena_bytes);
    s->status = (s->status & ~IMX500_ST_BUSY) | IMX500_ST_DONE;
    /* the model's MACs, as a trace-device report would give them: the
     * report's MAC/cycle for the inference phase counts them */
    tt_op_cost cost;
    tt_model_stats(&s->model, &cost);
    dev_macs_add(s->m, cost.macs);
    dev_event_at(s->m, MEV_MACS, t_ps, (uint32_t)cost.macs, 0);
    power(s, "idle");
    update_irq(s);
    void (*notify)(void *, uint64_t) = s->notify;
    s->notify = NULL;
    if (notify)
        notify(s->notify_ctx, t_ps);
}

static bool dsp_read(void *dev, uint32_t off, unsigned size, uint32_t *v)
{
    struct dsp *s = dev;
    (void)size;
    switch (off) {
    case IMX500_DSP_CTRL: *v = s->ctrl; break;
    case IMX500_DSP_STATUS: *v = s->status; break;
    case IMX500_DSP_MODEL_ADDR: *v = s->model_addr; break;
    case IMX500_DSP_MODEL_BYTES: *v = s->model_bytes; break;
    case IMX500_DSP_ERROR: *v = s->error; break;
    case IMX500_DSP_NEED_BYTES: *v = s->need_bytes; break;
    case IMX500_DSP_SRAM_BYTES: *v = s->sram_bytes; break;
    case IMX500_DSP_INPUT_ADDR: *v = s->in_addr; break;
    case IMX500_DSP_INPUT_BYTES: *v = s->in_bytes; break;
    case IMX500_DSP_OUTPUT_ADDR: *v = s->out_addr; break;
    case IMX500_DSP_OUTPUT_BYTES: *v = s->out_bytes; break;
    case IMX500_DSP_KPI_CYCLES: *v = (uint32_t)s->kpi_cycles; break;
    case IMX500_DSP_KPI_DNN_NS: *v = (uint32_t)(s->kpi_ps / 1000); break;
    case IMX500_DSP_LOAD_NS: *v = (uint32_t)(s->load_ps / 1000 > UINT32_MAX ? UINT32_MAX : s->load_ps / 1000); break;
    default: *v = 0; break;
    }
    return true;
}

static bool dsp_write(void *dev, uint32_t off, unsigned size, uint32_t v)
{
    struct dsp *s = dev;
    (void)size;
    switch (off) {
    case IMX500_DSP_CTRL:
        s->ctrl = v & IMX500_CTRL_IRQ;
        if (s->status & IMX500_ST_BUSY)
            break; /* a command while running is ignored, as a busy engine would */
        if (v & IMX500_CTRL_LOAD)
            load(s);
        if (v & IMX500_CTRL_RUN)
            run(s, dev_now_ps(s->m));
        update_irq(s);
        break;
    case IMX500_DSP_STATUS: s->status &= ~(v & (IMX500_ST_DONE | IMX500_ST_ERROR)); update_irq(s); break;
    case IMX500_DSP_MODEL_ADDR: s->model_addr = v; break;
    case IMX500_DSP_MODEL_BYTES: s->model_bytes = v; break;
    }
    return true;
}

static const struct mmio_ops dsp_ops = { dsp_read, dsp_write };

static void *bad(struct dsp *s, struct machine *m, const struct board_device *d, char *err,
                 size_t errlen, const char *what)
{
    snprintf(err, errlen, "%s:%u:%u: device '%s': %s", dev_board_source(m), d->loc.line, d->loc.col,
             d->name, what);
    free(s);
    return NULL;
}

static void *dsp_create(struct machine *m, const struct board_device *d, char *err, size_t errlen)
{
    struct dsp *s = xcalloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->m = m;
    s->d = d;
    const struct board_param *p = d->params;
    size_t n = d->nparams;
    s->p.rows = (uint32_t)board_param_num(p, n, "array_rows", 0);
    s->p.cols = (uint32_t)board_param_num(p, n, "array_cols", 0);
    s->p.clock_hz = board_param_num(p, n, "clock_hz", 0);
    s->p.overhead_cycles = (uint32_t)board_param_num(p, n, "overhead_cycles", 0);
    s->upload_bytes_per_s = board_param_num(p, n, "upload_bytes_per_s", 0);
    if (s->p.rows < 1 || s->p.cols < 1 || s->p.clock_hz <= 0 || s->upload_bytes_per_s <= 0)
        return bad(s, m, d, err, errlen,
                   "expected array_rows, array_cols, clock_hz and upload_bytes_per_s above 0");
    const char *mem = board_param_str(p, n, "memory", NULL);
    const struct board_region *r = mem ? board_find_region(dev_board(m), mem) : NULL;
    if (!r)
        return bad(s, m, d, err, errlen, "memory: expected the name of the sensor SRAM region");
    s->sram_base = r->base;
    s->sram_bytes = (uint32_t)r->size;
    if (!(s->sram = xmalloc(s->sram_bytes)))
        return bad(s, m, d, err, errlen, "out of memory for the sensor SRAM");
    sched_event_init(&s->done, d->name, finish, s);
    sched_event_init(&s->layer_ev, d->name, layer_start, s);
    dev_mmio_sizes(m, MMIO_SIZE_32); /* its registers are words (imx500_regs.h) */
    return s;
}

static void dsp_reset(void *dev)
{
    struct dsp *s = dev;
    dev_disarm(s->m, &s->done);
    dev_disarm(s->m, &s->layer_ev);
    s->notify = NULL;
    s->ctrl = s->status = s->error = s->need_bytes = 0;
    s->model_addr = s->model_bytes = s->in_addr = s->in_bytes = s->out_addr = s->out_bytes = 0;
    s->kpi_cycles = s->kpi_ps = s->load_ps = 0;
}

static void dsp_destroy(void *dev)
{
    struct dsp *s = dev;
    dsp_reset(s);
    free(s->op_end_cycles);
    free(s->sram);
    free(s);
}

struct dsp *imx500_dsp_find(struct machine *m, const char *name)
{
    const struct device_type *type;
    void *s = dev_peer(m, name, &type);
    return type == &device_imx500_dsp ? s : NULL;
}

const ttm_tensor_rec *imx500_dsp_input(const struct dsp *s, uint32_t *addr)
{
    if (!(s->status & IMX500_ST_LOADED))
        return NULL;
    *addr = s->in_addr;
    return &s->model.tensors[s->model.ints[s->model.hdr->inputs_at]];
}

int imx500_dsp_start(struct dsp *s, uint64_t t_ps, void (*done)(void *ctx, uint64_t t_ps), void *ctx)
{
    if (s->status & IMX500_ST_BUSY)
        return -1;
    run(s, t_ps);
    if (!(s->status & IMX500_ST_BUSY))
        return -1;
    s->notify = done;
    s->notify_ctx = ctx;
    return 0;
}

void imx500_dsp_result(const struct dsp *s, uint32_t *out_addr, uint32_t *out_bytes,
                       uint64_t *cycles, uint64_t *t_ps)
{
    *out_addr = s->out_addr;
    *out_bytes = s->out_bytes;
    *cycles = s->kpi_cycles;
    *t_ps = s->kpi_ps;
}

/* Its board YAML parameters (devices/device.h: checked on every board). */
static const struct device_param imx500_dsp_params[] = {
    { "array_rows", DP_NUMBER, "MACs", false },
    { "array_cols", DP_NUMBER, "MACs", false },
    { "clock_hz", DP_NUMBER, "Hz", false },
    { "macs_per_cycle", DP_NUMBER, "", false },
    { "memory", DP_STRING, "", false },
    { "overhead_cycles", DP_NUMBER, "cycles", false },
    { "tops_per_watt", DP_NUMBER, "TOPS/W", false },
    { "upload_bytes_per_s", DP_NUMBER, "bytes/s", false },
    DEVICE_PARAMS_END,
};

const struct device_type device_imx500_dsp = {
    "imx500-dsp", "IMX500 DSP: runs a .ttm from the on-chip SRAM, timed on its MAC array",
    &dsp_ops, dsp_create, dsp_reset, dsp_destroy, imx500_dsp_params,
};
