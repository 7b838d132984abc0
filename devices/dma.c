/* DMA controller: memory-to-memory copies that take simulated time.
 *
 * Registers: firmware/bsp/common/tt_dma_regs.h (the driver's map too).
 * The copy lands when the transfer completes, as on hardware:
 * firmware that reads the destination early sees the old bytes.
 * Time: a `link` parameter names the board link the data crosses;
 * otherwise the system bus moves `bytes_per_cycle` (default 4: one 32-bit
 * AHB beat a cycle, an assumption) at the core clock, after
 * `setup_cycles` (default 0). Energy: the device's power component counts
 * the action "byte" per byte moved, when it has one. */
#include <stdio.h>
#include <stdlib.h>

#include "devices/device.h"
#include "devices/link.h"
#include "emu/board/board.h"
#include "firmware/bsp/common/tt_dma_regs.h"
#include "emu/xalloc.h"

#define DMA_MAX_CHANNELS TT_DMA_MAX_CHANNELS

struct dma;

struct channel {
    struct dma *dma;
    uint32_t src, dst, len, ctrl, status;
    struct sched_event done;
};

struct dma {
    struct machine *m;
    const struct board_device *d;
    const struct board_link *link;
    unsigned nch;
    double bytes_per_cycle, setup_cycles;
    int power, byte_action;
    struct channel ch[DMA_MAX_CHANNELS];
};

static void update_irq(struct dma *d)
{
    bool level = false;
    for (unsigned k = 0; k < d->nch; k++)
        level |= (d->ch[k].status & TT_DMA_DONE) && (d->ch[k].ctrl & TT_DMA_CTRL_IRQ);
    if (d->d->irq >= 0)
        dev_irq(d->m, d->d->irq, level);
}

static bool copy(struct machine *m, uint32_t src, uint32_t dst, uint32_t len)
{
    uint8_t buf[4096];
    for (uint32_t done = 0; done < len;) {
        uint32_t n = len - done < sizeof buf ? len - done : (uint32_t)sizeof buf;
        if (!dev_master_read(m, src + done, buf, n) || !dev_master_write(m, dst + done, buf, n))
            return false;
        done += n;
    }
    return true;
}

static void finished(void *ctx, uint64_t t_ps)
{
    struct channel *c = ctx;
    struct dma *d = c->dma;
    (void)t_ps;
    bool ok = copy(d->m, c->src, c->dst, c->len);
    c->status = (c->status & ~TT_DMA_BUSY) | TT_DMA_DONE | (ok ? 0u : TT_DMA_ERROR);
    if (d->power >= 0 && d->byte_action >= 0)
        dev_power_act(d->m, d->power, d->byte_action, c->len);
    update_irq(d);
}

/* The bus side: setup, the bytes at bytes_per_cycle, and the wait states
 * of every beat read from the source and written to the destination (the
 * master waits as the core would). A link, when named, bounds it too. */
static uint64_t duration_ps(const struct dma *d, const struct channel *c)
{
    double cycles = d->setup_cycles + (double)c->len / d->bytes_per_cycle +
                    (double)dev_master_wait_cycles(d->m, c->src, c->len, false) +
                    (double)dev_master_wait_cycles(d->m, c->dst, c->len, true);
    uint64_t bus_ps = (uint64_t)(cycles * 1e12 / (double)dev_clock_hz(d->m));
    uint64_t link_ps = d->link ? link_transfer_ps(d->link, c->len) : 0;
    return link_ps > bus_ps ? link_ps : bus_ps;
}

static void start(struct channel *c)
{
    struct dma *d = c->dma;
    if (c->status & TT_DMA_BUSY)
        return; /* already running: the write is ignored */
    c->status = TT_DMA_BUSY;
    dev_arm(d->m, &c->done, dev_now_ps(d->m) + duration_ps(d, c));
}

/* The channel a register offset belongs to; NULL past the last one (the
 * window reads as zero and ignores writes there). */
static struct channel *channel_at(struct dma *d, uint32_t off)
{
    unsigned n = off / TT_DMA_CH_STRIDE;
    return n < d->nch ? &d->ch[n] : NULL;
}

static bool dma_read(void *dev, uint32_t off, unsigned size, uint32_t *v)
{
    struct channel *c = channel_at(dev, off);
    (void)size;
    *v = 0;
    if (!c)
        return true;
    switch (off % TT_DMA_CH_STRIDE) {
    case TT_DMA_OFF_SRC: *v = c->src; break;
    case TT_DMA_OFF_DST: *v = c->dst; break;
    case TT_DMA_OFF_LEN: *v = c->len; break;
    case TT_DMA_OFF_CTRL: *v = c->ctrl & TT_DMA_CTRL_IRQ; break;
    case TT_DMA_OFF_STATUS: *v = c->status; break;
    }
    return true;
}

static bool dma_write(void *dev, uint32_t off, unsigned size, uint32_t v)
{
    struct dma *d = dev;
    struct channel *c = channel_at(d, off);
    (void)size;
    if (!c)
        return true;
    switch (off % TT_DMA_CH_STRIDE) {
    case TT_DMA_OFF_SRC: c->src = v; break;
    case TT_DMA_OFF_DST: c->dst = v; break;
    case TT_DMA_OFF_LEN: c->len = v; break;
    case TT_DMA_OFF_CTRL:
        c->ctrl = v & TT_DMA_CTRL_IRQ;
        if (v & TT_DMA_CTRL_START)
            start(c);
        update_irq(d);
        break;
    case TT_DMA_OFF_STATUS:
        c->status &= ~(v & (TT_DMA_DONE | TT_DMA_ERROR));
        update_irq(d);
        break;
    }
    return true;
}

static const struct mmio_ops dma_ops = { dma_read, dma_write };

static void *dma_create(struct machine *m, const struct board_device *bd, char *err, size_t errlen)
{
    double nch = board_param_num(bd->params, bd->nparams, "channels", 1);
    const char *link = board_param_str(bd->params, bd->nparams, "link", NULL);
    struct dma *d = xcalloc(1, sizeof *d);
    *d = (struct dma){ .m = m, .d = bd, .nch = (unsigned)nch,
        .bytes_per_cycle = board_param_num(bd->params, bd->nparams, "bytes_per_cycle", 4),
        .setup_cycles = board_param_num(bd->params, bd->nparams, "setup_cycles", 0) };
    d->link = link ? dev_link(m, link) : NULL;
    if (nch < 1 || nch > DMA_MAX_CHANNELS || d->bytes_per_cycle <= 0 || (link && !d->link)) {
        snprintf(err, errlen, "%s:%u:%u: device '%s': expected 1-%d channels, a positive "
                 "bytes_per_cycle and a known link", dev_board_source(m), bd->loc.line, bd->loc.col,
                 bd->name, DMA_MAX_CHANNELS);
        free(d);
        return NULL;
    }
    d->power = bd->power ? dev_power_comp(m, bd->power) : -1;
    d->byte_action = d->power >= 0 ? dev_power_action(m, d->power, "byte") : -1;
    for (unsigned k = 0; k < d->nch; k++) {
        d->ch[k].dma = d;
        sched_event_init(&d->ch[k].done, bd->name, finished, &d->ch[k]);
    }
    dev_mmio_sizes(m, MMIO_SIZE_32); /* its registers are words (tt_dma_regs.h) */
    return d;
}

static void dma_reset(void *dev)
{
    struct dma *d = dev;
    for (unsigned k = 0; k < d->nch; k++) {
        dev_disarm(d->m, &d->ch[k].done);
        d->ch[k].src = d->ch[k].dst = d->ch[k].len = d->ch[k].ctrl = d->ch[k].status = 0;
    }
}

static void dma_destroy(void *dev)
{
    dma_reset(dev);
    free(dev);
}

/* Its board YAML parameters (devices/device.h: checked on every board). */
static const struct device_param dma_params[] = {
    { "channels", DP_NUMBER, "", false },
    { "bytes_per_cycle", DP_NUMBER, "bytes", false },
    { "setup_cycles", DP_NUMBER, "cycles", false },
    { "link", DP_STRING, "", false },
    DEVICE_PARAMS_END,
};

const struct device_type device_dma = {
    "dma", "memory-to-memory DMA with timed completion and interrupts",
    &dma_ops, dma_create, dma_reset, dma_destroy, dma_params,
};
