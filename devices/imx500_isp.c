/* The IMX500's sensor front end: one frame from the pixel array through
 * the ISP into the DSP's input tensor, then the KPI and output-tensor
 * metadata lines over CSI-2 into the host's memory (the host's CSI-2
 * receiver is folded in: RX_ADDR is where it lands the lines).
 * Registers: firmware/bsp/common/imx500_regs.h. Timing: imx500_timing.h.
 * Power: the sensor streams during the readout, the ISP is active from
 * the start until the tensor is written, the CSI-2 transmitter is active
 * while the lines cross; everything else is off or idle. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/device.h"
#include "devices/imx500.h"
#include "devices/imx500_timing.h"
#include "emu/board/board.h"
#include "firmware/bsp/common/imx500_regs.h"
#include "emu/xalloc.h"

struct isp {
    struct machine *m;
    const struct board_device *d;
    const char *sensor_power, *dsp_name, *csi_power;
    struct imx500_mode modes[2];
    double pixel_rate_hz, pixels_per_s, out_bytes_per_s;
    const struct board_link *link;
    uint32_t line_bytes, packet_overhead;
    uint32_t ctrl, status, mode, extra, rx_addr, rx_bytes, frames;
    struct imx500_window win;
    uint64_t t0_ps, readout_ps, isp_ps, csi_ps, dsp_ps;
    struct rgb_image file;
    int8_t *in_copy;            /* the input tensor, when its lines are sent */
    uint32_t in_bytes;
    struct dsp *dsp;
    struct sched_event ev_isp, ev_csi;
};

static void set_power(struct isp *s, const char *comp, const char *state)
{
    if (comp)
        dev_power_state(s->m, comp, state);
}

/* CTRL's enables map onto STATUS's events: IRQ on FRAME (and ERROR),
 * IRQ_ISP on ISP done, IRQ_DNN on DNN done. */
static void update_irq(struct isp *s)
{
    uint32_t want = 0;
    if (s->ctrl & IMX500_ISP_IRQ) want |= IMX500_ISP_ST_FRAME | IMX500_ISP_ST_ERROR;
    if (s->ctrl & IMX500_ISP_IRQ_ISP) want |= IMX500_ISP_ST_ISP;
    if (s->ctrl & IMX500_ISP_IRQ_DNN) want |= IMX500_ISP_ST_DNN;
    if (s->d->irq >= 0)
        dev_irq(s->m, s->d->irq, (s->status & want) != 0);
}

static void fail_frame(struct isp *s)
{
    s->status = (s->status & ~IMX500_ISP_ST_BUSY) | IMX500_ISP_ST_ERROR;
    set_power(s, s->sensor_power, "standby");
    set_power(s, s->d->power, "off");
    update_irq(s);
}

/* The window clipped to the mode. */
static struct imx500_window window(const struct isp *s)
{
    const struct imx500_mode *md = &s->modes[s->mode];
    struct imx500_window w = s->win;
    if (w.x >= md->width) w.x = 0;
    if (w.y >= md->height) w.y = 0;
    if (w.w == 0 || w.x + w.w > md->width) w.w = md->width - w.x;
    if (w.h == 0 || w.y + w.h > md->height) w.h = md->height - w.y;
    return w;
}

static void start(struct isp *s)
{
    uint32_t in_addr;
    if (!s->dsp)
        s->dsp = imx500_dsp_find(s->m, s->dsp_name);
    const ttm_tensor_rec *in = s->dsp ? imx500_dsp_input(s->dsp, &in_addr) : NULL;
    if (!in || in->type != TTM_T_INT8 || in->ndim != 4)
        return fail_frame(s); /* no model loaded, or not an int8 NHWC input */
    struct imx500_window w = window(s);
    const struct imx500_mode *md = &s->modes[s->mode];
    s->t0_ps = dev_now_ps(s->m);
    s->readout_ps = imx500_readout_ps(md, s->pixel_rate_hz, w.h);
    s->isp_ps = imx500_isp_done_ps(s->readout_ps, (uint64_t)w.w * w.h, s->pixels_per_s, in->bytes,
                                   s->out_bytes_per_s);
    s->status = (s->status & ~(IMX500_ISP_ST_ISP | IMX500_ISP_ST_DNN | IMX500_ISP_ST_ERROR)) |
                IMX500_ISP_ST_BUSY;
    set_power(s, s->sensor_power, "streaming");
    set_power(s, s->d->power, "active");
    dev_arm(s->m, &s->ev_isp, s->t0_ps + s->isp_ps);
}

static void dnn_done(void *ctx, uint64_t t_ps);

/* The readout and ISP pass are over: the tensor goes into the SRAM and
 * the DSP starts. */
static void isp_done(void *ctx, uint64_t t_ps)
{
    struct isp *s = ctx;
    uint32_t in_addr;
    const ttm_tensor_rec *in = imx500_dsp_input(s->dsp, &in_addr);
    const struct imx500_mode *md = &s->modes[s->mode];
    struct rgb_image scene = { 0 }, scaled = { 0 };
    const struct rgb_image *src = &scaled;
    struct imx500_window w = window(s);
    /* the scene at the mode's size: a --frame file is centre-cropped and
     * scaled to it as the camera device does, the built-in scene drawn */
    if (s->file.rgb) {
        scaled.w = md->width, scaled.h = md->height;
        scaled.rgb = xmalloc((size_t)md->width * md->height * 3);
        if (scaled.rgb)
            frame_convert(&s->file, md->width, md->height, PIX_RGB888, scaled.rgb);
    } else if (frame_test_scene(md->width, md->height, s->frames, &scene) == 0) {
        src = &scene;
    }
    int8_t *t = xmalloc(in->bytes), extra[2] = { (int8_t)(s->extra & 0xff), (int8_t)(s->extra >> 8) };
    bool ok = src->rgb && t;
    if (ok) {
        imx500_isp_tensor(src, &w, (uint32_t)in->dims[1], (uint32_t)in->dims[2], (uint32_t)in->dims[3],
                          in->scale, in->zero_point, (s->extra & IMX500_ISP_EXTRA_GRID) != 0, extra, t);
        ok = dev_master_write(s->m, in_addr, t, in->bytes);
    }
    free(s->in_copy);
    s->in_copy = NULL;
    s->in_bytes = 0;
    if (ok && (s->ctrl & IMX500_ISP_INPUT_LINES))
        s->in_copy = t, s->in_bytes = in->bytes, t = NULL;
    free(t);
    frame_free(&scene);
    frame_free(&scaled);
    set_power(s, s->sensor_power, "standby");
    set_power(s, s->d->power, "off");
    if (!ok || imx500_dsp_start(s->dsp, t_ps, dnn_done, s))
        return fail_frame(s);
    s->status |= IMX500_ISP_ST_ISP;
    update_irq(s);
}

/* The DSP has the output: the metadata lines start across CSI-2. */
/* KPI, the input lines when sent, the output lines. */
static uint32_t meta_lines(const struct isp *s, uint32_t out_bytes)
{
    return imx500_csi2_lines(out_bytes, s->line_bytes) + (s->in_bytes + s->line_bytes - 1) / s->line_bytes;
}

static void dnn_done(void *ctx, uint64_t t_ps)
{
    struct isp *s = ctx;
    uint32_t out_addr, out_bytes;
    uint64_t cycles;
    imx500_dsp_result(s->dsp, &out_addr, &out_bytes, &cycles, &s->dsp_ps);
    uint32_t lines = meta_lines(s, out_bytes);
    s->csi_ps = imx500_csi2_ps(lines, s->line_bytes, s->packet_overhead,
                               (double)s->link->bandwidth_bps, s->link->overhead_ps);
    s->status |= IMX500_ISP_ST_DNN;
    update_irq(s);
    set_power(s, s->csi_power, "active");
    dev_arm(s->m, &s->ev_csi, t_ps + s->csi_ps);
}

/* The lines are in host memory: KPI line, then the output tensor. */
static void csi_done(void *ctx, uint64_t t_ps)
{
    struct isp *s = ctx;
    (void)t_ps;
    uint32_t out_addr, out_bytes;
    uint64_t cycles, dnn_ps;
    imx500_dsp_result(s->dsp, &out_addr, &out_bytes, &cycles, &dnn_ps);
    uint32_t lines = meta_lines(s, out_bytes);
    uint32_t in_lines = lines - imx500_csi2_lines(out_bytes, s->line_bytes);
    uint8_t *buf = xcalloc(lines, s->line_bytes);
    bool ok = buf != NULL;
    if (ok) {
        uint32_t kpi[7] = { IMX500_KPI_MAGIC, s->frames, (uint32_t)(dnn_ps / 1000),
                            (uint32_t)(dnn_ps / 1000), (uint32_t)cycles, out_bytes, s->in_bytes };
        memcpy(buf, kpi, sizeof kpi); /* the host is little-endian, as the line is */
        if (s->in_copy)
            memcpy(buf + s->line_bytes, s->in_copy, s->in_bytes);
        ok = dev_master_read(s->m, out_addr, buf + (size_t)(1 + in_lines) * s->line_bytes, out_bytes) &&
             dev_master_write(s->m, s->rx_addr, buf, (size_t)lines * s->line_bytes);
    }
    free(buf);
    set_power(s, s->csi_power, "idle");
    s->rx_bytes = ok ? lines * s->line_bytes : 0;
    s->frames++;
    s->status = (s->status & ~IMX500_ISP_ST_BUSY) | IMX500_ISP_ST_FRAME | (ok ? 0 : IMX500_ISP_ST_ERROR);
    update_irq(s);
}

static uint32_t ns(uint64_t ps) { return (uint32_t)(ps / 1000); }

static bool isp_read(void *dev, uint32_t off, unsigned size, uint32_t *v)
{
    struct isp *s = dev;
    (void)size;
    switch (off) {
    case IMX500_ISP_CTRL: *v = s->ctrl; break;
    case IMX500_ISP_STATUS: *v = s->status; break;
    case IMX500_ISP_MODE: *v = s->mode; break;
    case IMX500_ISP_WIN_X: *v = s->win.x; break;
    case IMX500_ISP_WIN_Y: *v = s->win.y; break;
    case IMX500_ISP_WIN_W: *v = s->win.w; break;
    case IMX500_ISP_WIN_H: *v = s->win.h; break;
    case IMX500_ISP_EXTRA: *v = s->extra; break;
    case IMX500_ISP_RX_ADDR: *v = s->rx_addr; break;
    case IMX500_ISP_RX_BYTES: *v = s->rx_bytes; break;
    case IMX500_ISP_READOUT_NS: *v = ns(s->readout_ps); break;
    case IMX500_ISP_ISP_NS: *v = ns(s->isp_ps); break;
    case IMX500_ISP_CSI_NS: *v = ns(s->csi_ps); break;
    case IMX500_ISP_FRAMES: *v = s->frames; break;
    case IMX500_ISP_LINE_BYTES: *v = s->line_bytes; break;
    default: *v = 0; break;
    }
    return true;
}

static bool isp_write(void *dev, uint32_t off, unsigned size, uint32_t v)
{
    struct isp *s = dev;
    (void)size;
    bool busy = s->status & IMX500_ISP_ST_BUSY; /* the set-up is fixed while a frame runs */
    switch (off) {
    case IMX500_ISP_CTRL:
        s->ctrl = v & (IMX500_ISP_IRQ | IMX500_ISP_IRQ_ISP | IMX500_ISP_IRQ_DNN | IMX500_ISP_INPUT_LINES);
        if ((v & IMX500_ISP_START) && !busy)
            start(s);
        update_irq(s);
        break;
    case IMX500_ISP_STATUS:
        s->status &= ~(v & (IMX500_ISP_ST_FRAME | IMX500_ISP_ST_ERROR | IMX500_ISP_ST_ISP | IMX500_ISP_ST_DNN));
        update_irq(s);
        break;
    case IMX500_ISP_MODE: if (!busy) s->mode = v <= IMX500_MODE_FULL ? v : IMX500_MODE_BINNED; break;
    case IMX500_ISP_WIN_X: if (!busy) s->win.x = v; break;
    case IMX500_ISP_WIN_Y: if (!busy) s->win.y = v; break;
    case IMX500_ISP_WIN_W: if (!busy) s->win.w = v; break;
    case IMX500_ISP_WIN_H: if (!busy) s->win.h = v; break;
    case IMX500_ISP_EXTRA: s->extra = v & (0xffffu | IMX500_ISP_EXTRA_GRID); break;
    case IMX500_ISP_RX_ADDR: s->rx_addr = v; break;
    }
    return true;
}

static const struct mmio_ops isp_ops = { isp_read, isp_write };

static void *bad(struct isp *s, const char *where, unsigned line, unsigned col, const char *name,
                 const char *what, char *err, size_t errlen)
{
    snprintf(err, errlen, "%s:%u:%u: device '%s': %s", where, line, col, name, what);
    free(s);
    return NULL;
}

/* A mode from the sensor's params: [width, height, line_length_pck, min_vblank_lines]. */
static int mode_param(const struct board_device *sen, const char *key, struct imx500_mode *md)
{
    for (size_t k = 0; k < sen->nparams; k++) {
        const struct board_param *p = &sen->params[k];
        if (strcmp(p->key, key) || p->kind != BOARD_PARAM_LIST || p->nlist != 4)
            continue;
        for (int j = 0; j < 4; j++)
            if (!(p->list[j] >= 1 && p->list[j] <= 1e6))
                return -1;
        *md = (struct imx500_mode){ key, (uint32_t)p->list[0], (uint32_t)p->list[1],
                                    (uint32_t)p->list[2], (uint32_t)p->list[3] };
        return 0;
    }
    return -1;
}

static void *isp_create(struct machine *m, const struct board_device *d, char *err, size_t errlen)
{
    struct isp *s = xcalloc(1, sizeof *s);
    const char *src = dev_board_source(m);
    if (!s)
        return NULL;
    s->m = m;
    s->d = d;
    const struct board_param *p = d->params;
    size_t n = d->nparams;
    const struct board_device *sen = board_find_device(dev_board(m), board_param_str(p, n, "input", ""));
    if (!sen)
        return bad(s, src, d->loc.line, d->loc.col, d->name, "input: expected the sensor device's name", err, errlen);
    if (mode_param(sen, "mode_binned", &s->modes[0]) || mode_param(sen, "mode_full", &s->modes[1]))
        return bad(s, src, sen->loc.line, sen->loc.col, sen->name,
                   "mode_binned and mode_full: expected [width, height, line_length_pck, min_vblank_lines]",
                   err, errlen);
    s->pixel_rate_hz = board_param_num(sen->params, sen->nparams, "pixel_rate_hz", 0);
    s->pixels_per_s = board_param_num(p, n, "pixels_per_s", 0);
    s->out_bytes_per_s = board_param_num(p, n, "out_bytes_per_s", 0);
    if (s->pixel_rate_hz <= 0 || s->pixels_per_s <= 0 || s->out_bytes_per_s <= 0)
        return bad(s, src, d->loc.line, d->loc.col, d->name,
                   "expected the sensor's pixel_rate_hz, pixels_per_s and out_bytes_per_s above 0", err, errlen);
    s->sensor_power = sen->power;
    s->dsp_name = board_param_str(p, n, "output", "dsp");
    s->link = board_find_link(dev_board(m), board_param_str(p, n, "link", ""));
    if (!s->link)
        return bad(s, src, d->loc.line, d->loc.col, d->name, "link: expected the CSI-2 link's name", err, errlen);
    s->csi_power = s->link->power;
    s->line_bytes = (uint32_t)board_param_num(s->link->params, s->link->nparams, "metadata_line_bytes", 2560);
    s->packet_overhead = (uint32_t)board_param_num(s->link->params, s->link->nparams, "packet_overhead_bytes", 0);
    if (dev_frame_path(m) && frame_load_pnm(dev_frame_path(m), &s->file, err, errlen)) {
        free(s);
        return NULL;
    }
    sched_event_init(&s->ev_isp, d->name, isp_done, s);
    sched_event_init(&s->ev_csi, d->name, csi_done, s);
    dev_mmio_sizes(m, MMIO_SIZE_32); /* its registers are words (imx500_regs.h) */
    return s;
}

static void isp_reset(void *dev)
{
    struct isp *s = dev;
    dev_disarm(s->m, &s->ev_isp);
    dev_disarm(s->m, &s->ev_csi);
    s->ctrl = s->status = s->mode = s->extra = s->rx_addr = s->rx_bytes = s->frames = 0;
    s->win = (struct imx500_window){ 0 };
    s->readout_ps = s->isp_ps = s->csi_ps = s->dsp_ps = 0;
}

static void isp_destroy(void *dev)
{
    struct isp *s = dev;
    isp_reset(s);
    free(s->in_copy);
    frame_free(&s->file);
    free(s);
}

/* Its board YAML parameters (devices/device.h: checked on every board). */
static const struct device_param imx500_isp_params[] = {
    { "input", DP_STRING, "", false },
    { "output", DP_STRING, "", false },
    { "link", DP_STRING, "", false },
    { "pixels_per_s", DP_NUMBER, "pixels/s", false },
    { "out_bytes_per_s", DP_NUMBER, "bytes/s", false },
    DEVICE_PARAMS_END,
};

const struct device_type device_imx500_isp = {
    "imx500-isp", "IMX500 front end: mode/window readout, ISP to the DSP's input, CSI-2 tensor lines to the host",
    &isp_ops, isp_create, isp_reset, isp_destroy, imx500_isp_params,
};
