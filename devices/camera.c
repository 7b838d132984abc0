/* A camera sensor as a bus master: it reads a frame out over its line
 * time and writes the pixels into memory, then flags completion.
 * Registers: firmware/bsp/common/tt_camera_regs.h (the driver's map too).
 *
 * Timing (board parameters): line time = line_time_ns, or line_length_pck
 * / pixel_clock_hz; a bus narrower than a pixel needs proportionally more
 * clocks (bus_width_bits); readout = height x line time; a frame starts
 * every frame_length_lines x line time in continuous mode; after POWER on
 * the sensor is ready startup_ms later. The board link named by `link`
 * bounds the transfer when it is slower than the readout.
 * Power: POWER moves the device's power component to its "off" state (or
 * "standby" when it has no "off") or to the first of "streaming", "active",
 * "on" it has. */
#include <stdio.h>
#include <stdlib.h>

#include "devices/device.h"
#include "devices/frame.h"
#include "devices/link.h"
#include "emu/board/board.h"
#include "firmware/bsp/common/tt_camera_regs.h"
#include "emu/xalloc.h"

struct camera {
    struct machine *m;
    const struct board_device *d;
    unsigned w, h;
    enum pixel_format fmt;
    uint64_t line_ps, readout_ps, frame_ps, startup_ps;
    const struct board_link *link;
    uint32_t ctrl, status, fb, frames;
    uint64_t ready_ps;          /* powered and settled from this time */
    struct rgb_image file;      /* --frame, loaded once */
    uint8_t *pixels;            /* one converted frame */
    struct sched_event done;
};

static uint32_t frame_bytes(const struct camera *c)
{
    return c->w * c->h * pixel_format_bytes(c->fmt);
}

static void set_power(struct camera *c, bool on)
{
    static const char *const on_states[] = { "streaming", "active", "on" };
    if (!c->d->power)
        return;
    if (!on) { /* a sensor without an "off" state goes to "standby" */
        if (!dev_power_state(c->m, c->d->power, "off"))
            dev_power_state(c->m, c->d->power, "standby");
        return;
    }
    for (size_t k = 0; k < 3; k++)
        if (dev_power_state(c->m, c->d->power, on_states[k]))
            return;
}

static void update_irq(struct camera *c)
{
    if (c->d->irq >= 0)
        dev_irq(c->m, c->d->irq, (c->status & TT_CAM_DONE) && (c->ctrl & TT_CAM_CTRL_IRQ));
}

/* The slowest of the readout, the link and the system bus (one 32-bit
 * beat a core cycle plus the frame buffer region's wait states). */
static uint64_t transfer_ps(const struct camera *c)
{
    uint64_t link = c->link ? link_transfer_ps(c->link, frame_bytes(c)) : 0;
    uint64_t cycles = (frame_bytes(c) + 3) / 4 + dev_master_wait_cycles(c->m, c->fb, frame_bytes(c), true);
    uint64_t bus = (uint64_t)((unsigned __int128)cycles * 1000000000000ull / dev_clock_hz(c->m));
    uint64_t t = link > c->readout_ps ? link : c->readout_ps;
    return bus > t ? bus : t;
}

static void begin(struct camera *c, uint64_t now)
{
    uint64_t start = now > c->ready_ps ? now : c->ready_ps;
    c->status = (c->status & ~TT_CAM_ERROR) | TT_CAM_BUSY;
    dev_arm(c->m, &c->done, start + transfer_ps(c));
}

static void deliver(void *ctx, uint64_t t_ps)
{
    struct camera *c = ctx;
    struct rgb_image scene = { 0 };
    const struct rgb_image *src = &c->file;
    if (!c->file.rgb) {
        frame_test_scene(c->w, c->h, c->frames, &scene);
        src = &scene;
    }
    bool ok = src->rgb != NULL;
    if (ok) {
        frame_convert(src, c->w, c->h, c->fmt, c->pixels);
        ok = dev_master_write(c->m, c->fb, c->pixels, frame_bytes(c));
    }
    frame_free(&scene);
    c->frames++;
    c->status = (c->status & ~TT_CAM_BUSY) | TT_CAM_DONE | (ok ? 0u : TT_CAM_ERROR);
    update_irq(c);
    if ((c->ctrl & TT_CAM_CTRL_CONTINUOUS) && (c->ctrl & TT_CAM_CTRL_POWER)) /* the next frame period */
        begin(c, t_ps + (c->frame_ps > c->readout_ps ? c->frame_ps - c->readout_ps : 0));
}

static bool cam_read(void *dev, uint32_t off, unsigned size, uint32_t *v)
{
    struct camera *c = dev;
    (void)size;
    switch (off) {
    case TT_CAM_OFF_CTRL: *v = c->ctrl; break;
    case TT_CAM_OFF_STATUS: *v = c->status; break;
    case TT_CAM_OFF_FB_ADDR: *v = c->fb; break;
    case TT_CAM_OFF_WIDTH: *v = c->w; break;
    case TT_CAM_OFF_HEIGHT: *v = c->h; break;
    case TT_CAM_OFF_BYTES_PER_PIXEL: *v = pixel_format_bytes(c->fmt); break;
    case TT_CAM_OFF_FRAME_COUNT: *v = c->frames; break;
    case TT_CAM_OFF_FRAME_BYTES: *v = frame_bytes(c); break;
    case TT_CAM_OFF_READOUT_NS: *v = (uint32_t)(c->readout_ps / 1000); break;
    default: *v = 0; break;
    }
    return true;
}

static void write_ctrl(struct camera *c, uint32_t v)
{
    uint64_t now = dev_now_ps(c->m);
    bool was_on = c->ctrl & TT_CAM_CTRL_POWER, on = v & TT_CAM_CTRL_POWER;
    c->ctrl = v & (TT_CAM_CTRL_CONTINUOUS | TT_CAM_CTRL_IRQ | TT_CAM_CTRL_POWER);
    if (on != was_on) {
        set_power(c, on);
        c->ready_ps = on ? now + c->startup_ps : 0;
        if (!on)
            dev_disarm(c->m, &c->done), c->status &= ~TT_CAM_BUSY;
    }
    if ((v & TT_CAM_CTRL_START) && !(c->status & TT_CAM_BUSY)) {
        if (on)
            begin(c, now);
        else
            c->status |= TT_CAM_ERROR;
    }
    update_irq(c);
}

static bool cam_write(void *dev, uint32_t off, unsigned size, uint32_t v)
{
    struct camera *c = dev;
    (void)size;
    switch (off) {
    case TT_CAM_OFF_CTRL: write_ctrl(c, v); break;
    case TT_CAM_OFF_STATUS: c->status &= ~(v & (TT_CAM_DONE | TT_CAM_ERROR)); update_irq(c); break;
    case TT_CAM_OFF_FB_ADDR: c->fb = v; break;
    }
    return true;
}

static const struct mmio_ops cam_ops = { cam_read, cam_write };

static int bad(struct machine *m, const struct board_device *d, char *err, size_t errlen, const char *what)
{
    snprintf(err, errlen, "%s:%u:%u: device '%s': %s", dev_board_source(m), d->loc.line, d->loc.col,
             d->name, what);
    return -1;
}

static int configure(struct camera *c, char *err, size_t errlen)
{
    const struct board_device *d = c->d;
    const struct board_param *p = d->params;
    size_t n = d->nparams;
    double w = board_param_num(p, n, "width", 0), h = board_param_num(p, n, "height", 0);
    const char *fmt = board_param_str(p, n, "format", "gray8");
    if (w < 1 || h < 1 || w > 8192 || h > 8192)
        return bad(c->m, d, err, errlen, "width and height: expected 1-8192 pixels");
    if (pixel_format_parse(fmt, &c->fmt))
        return bad(c->m, d, err, errlen, "format: expected gray8, bayer8, rgb565, rgb888, yuv422 or raw10");
    c->w = (unsigned)w;
    c->h = (unsigned)h;
    double line_ns = board_param_num(p, n, "line_time_ns", 0);
    double pck = board_param_num(p, n, "line_length_pck", 0), pclk = board_param_num(p, n, "pixel_clock_hz", 0);
    if (line_ns <= 0 && pck > 0 && pclk > 0)
        line_ns = pck / pclk * 1e9;
    if (line_ns <= 0)
        return bad(c->m, d, err, errlen, "expected line_time_ns, or line_length_pck and pixel_clock_hz");
    double bus = board_param_num(p, n, "bus_width_bits", 0), bits = 8.0 * pixel_format_bytes(c->fmt);
    if (bus > 0 && bus < bits && pck > 0) /* a narrow bus needs more pixel clocks */
        line_ns *= bits / bus;
    c->line_ps = (uint64_t)(line_ns * 1000.0);
    c->readout_ps = c->line_ps * c->h;
    c->frame_ps = c->line_ps * (uint64_t)board_param_num(p, n, "frame_length_lines", h);
    c->startup_ps = (uint64_t)(board_param_num(p, n, "startup_ms", 0) * 1e9);
    const char *link = board_param_str(p, n, "link", NULL);
    c->link = link ? dev_link(c->m, link) : NULL;
    if (link && !c->link)
        return bad(c->m, d, err, errlen, "link: expected the name of one of the board's links");
    return 0;
}

static void *cam_create(struct machine *m, const struct board_device *d, char *err, size_t errlen)
{
    struct camera *c = xcalloc(1, sizeof *c);
    c->m = m;
    c->d = d;
    if (configure(c, err, errlen) ||
        (dev_frame_path(m) && frame_load_pnm(dev_frame_path(m), &c->file, err, errlen))) {
        frame_free(&c->file);
        free(c);
        return NULL;
    }
    c->pixels = xmalloc(frame_bytes(c));
    sched_event_init(&c->done, d->name, deliver, c);
    dev_mmio_sizes(m, MMIO_SIZE_32); /* its registers are words (tt_camera_regs.h) */
    return c;
}

static void cam_reset(void *dev)
{
    struct camera *c = dev;
    dev_disarm(c->m, &c->done);
    c->ctrl = c->status = c->fb = c->frames = 0;
    c->ready_ps = 0;
}

static void cam_destroy(void *dev)
{
    struct camera *c = dev;
    cam_reset(c);
    frame_free(&c->file);
    free(c->pixels);
    free(c);
}

/* Its board YAML parameters (devices/device.h: checked on every board). */
static const struct device_param camera_params[] = {
    { "sensor", DP_STRING, "", false },
    { "width", DP_NUMBER, "pixels", true },
    { "height", DP_NUMBER, "pixels", true },
    { "format", DP_STRING, "", false },
    { "bytes_per_pixel", DP_NUMBER, "bytes", false },
    { "bits_per_pixel", DP_NUMBER, "bits", false },
    { "bus_width_bits", DP_NUMBER, "bits", false },
    { "fps", DP_NUMBER, "frames/s", false },
    { "line_time_ns", DP_NUMBER, "ns", false },
    { "line_length_pck", DP_NUMBER, "pixel clocks", false },
    { "pixel_clock_hz", DP_NUMBER, "Hz", false },
    { "pixel_rate_hz", DP_NUMBER, "Hz", false },
    { "frame_length_lines", DP_NUMBER, "lines", false },
    { "startup_ms", DP_NUMBER, "ms", false },
    { "link", DP_STRING, "", false },
    { "output", DP_STRING, "", false },
    { "mode_binned", DP_LIST, "", false },
    { "mode_full", DP_LIST, "", false },
    { "size", DP_ANY, "", false },
    DEVICE_PARAMS_END,
};

const struct device_type device_camera = {
    "camera", "image sensor: timed readout into memory from --frame or a test scene",
    &cam_ops, cam_create, cam_reset, cam_destroy, camera_params,
};
