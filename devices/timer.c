/* Down-counting timers, driven by scheduled events (no per-cycle cost).
 *
 * "cmsdk-timer" (Arm CMSDK APB timer, as on QEMU's mps2 boards):
 * firmware/bsp/common/cmsdk_timer_regs.h; "timer" (ttemu's own):
 * firmware/bsp/common/tt_timer_regs.h (the drivers' maps too). Both count VALUE down at the clock_hz parameter; reaching zero sets the
 * status bit, raises the IRQ when enabled, and reloads (a zero reload
 * stops the count). */
#include <stdio.h>
#include <stdlib.h>

#include "devices/device.h"
#include "emu/board/board.h"
#include "firmware/bsp/common/cmsdk_timer_regs.h"
#include "firmware/bsp/common/tt_timer_regs.h"
#include "emu/xalloc.h"

struct regmap { uint32_t ctrl, value, reload, status; uint32_t en_bit, irq_bit; };

static const struct regmap cmsdk_map = {
    CMSDK_TIMER_OFF_CTRL, CMSDK_TIMER_OFF_VALUE, CMSDK_TIMER_OFF_RELOAD, CMSDK_TIMER_OFF_INTSTATUS,
    CMSDK_TIMER_CTRL_EN, CMSDK_TIMER_CTRL_IRQ,
};
static const struct regmap ttemu_map = {
    TT_TIMER_OFF_CTRL, TT_TIMER_OFF_VALUE, TT_TIMER_OFF_LOAD, TT_TIMER_OFF_STATUS,
    TT_TIMER_CTRL_EN, TT_TIMER_CTRL_IRQ,
};

struct timer {
    struct machine *m;
    const struct board_device *d;
    const struct regmap *map;
    uint64_t clock_hz;
    uint32_t ctrl, reload, status;
    uint32_t start_value;   /* VALUE when counting (re)started at start_ps */
    uint64_t start_ps;
    struct sched_event zero;
};

static uint64_t ticks_ps(const struct timer *t, uint64_t n)
{
    return (uint64_t)(((unsigned __int128)n * 1000000000000ull + t->clock_hz - 1) / t->clock_hz);
}

static uint32_t current(const struct timer *t)
{
    if (!(t->ctrl & t->map->en_bit))
        return t->start_value;
    uint64_t ticks = (uint64_t)((unsigned __int128)(dev_now_ps(t->m) - t->start_ps) *
                                t->clock_hz / 1000000000000ull);
    return ticks >= t->start_value ? 0 : t->start_value - (uint32_t)ticks;
}

static void update_irq(struct timer *t)
{
    if (t->d->irq >= 0)
        dev_irq(t->m, t->d->irq, t->status && (t->ctrl & t->map->irq_bit));
}

static void restart(struct timer *t, uint32_t value, uint64_t now)
{
    t->start_value = value;
    t->start_ps = now;
    if ((t->ctrl & t->map->en_bit) && value > 0)
        dev_arm(t->m, &t->zero, now + ticks_ps(t, value));
    else
        dev_disarm(t->m, &t->zero);
}

static void reached_zero(void *ctx, uint64_t t_ps)
{
    struct timer *t = ctx;
    t->status = 1; /* TT_TIMER_EXPIRED; the CMSDK's INTSTATUS bit 0 */
    update_irq(t);
    restart(t, t->reload, t_ps);
}

static bool timer_read(void *dev, uint32_t off, unsigned size, uint32_t *v)
{
    struct timer *t = dev;
    (void)size;
    if (off == t->map->ctrl) *v = t->ctrl;
    else if (off == t->map->value) *v = current(t);
    else if (off == t->map->reload) *v = t->reload;
    else if (off == t->map->status) *v = t->status;
    else *v = 0;
    return true;
}

static bool timer_write(void *dev, uint32_t off, unsigned size, uint32_t v)
{
    struct timer *t = dev;
    uint64_t now = dev_now_ps(t->m);
    (void)size;
    if (off == t->map->ctrl) {
        uint32_t value = current(t);
        t->ctrl = v;
        restart(t, value, now);
        update_irq(t);
    } else if (off == t->map->value) {
        restart(t, v, now);
    } else if (off == t->map->reload) {
        t->reload = v;
        if (t->map == &ttemu_map) /* LOAD also restarts the count */
            restart(t, v, now);
    } else if (off == t->map->status) {
        t->status &= ~v;
        update_irq(t);
    }
    return true;
}

static const struct mmio_ops timer_ops = { timer_read, timer_write };

static void *create(struct machine *m, const struct board_device *d, const struct regmap *map,
                    char *err, size_t errlen)
{
    double hz = board_param_num(d->params, d->nparams, "clock_hz", (double)dev_clock_hz(m));
    if (hz < 1) {
        snprintf(err, errlen, "%s:%u:%u: device '%s': clock_hz: expected a positive frequency",
                 dev_board_source(m), d->loc.line, d->loc.col, d->name);
        return NULL;
    }
    struct timer *t = xcalloc(1, sizeof *t);
    *t = (struct timer){ .m = m, .d = d, .map = map, .clock_hz = (uint64_t)hz };
    sched_event_init(&t->zero, d->name, reached_zero, t);
    return t;
}

static void *cmsdk_create(struct machine *m, const struct board_device *d, char *err, size_t errlen)
{
    return create(m, d, &cmsdk_map, err, errlen);
}

static void *ttemu_create(struct machine *m, const struct board_device *d, char *err, size_t errlen)
{
    dev_mmio_sizes(m, MMIO_SIZE_32); /* its registers are words (tt_timer_regs.h) */
    return create(m, d, &ttemu_map, err, errlen);
}

static void timer_reset(void *dev)
{
    struct timer *t = dev;
    dev_disarm(t->m, &t->zero);
    t->ctrl = t->reload = t->status = t->start_value = 0;
    t->start_ps = 0;
}

static void timer_destroy(void *dev)
{
    timer_reset(dev);
    free(dev);
}

/* Its board YAML parameters (devices/device.h: checked on every board). */
static const struct device_param cmsdk_timer_params[] = {
    { "clock_hz", DP_NUMBER, "Hz", false },
    DEVICE_PARAMS_END,
};

const struct device_type device_cmsdk_timer = {
    "cmsdk-timer", "Arm CMSDK APB timer (as on QEMU's MPS2 boards)",
    &timer_ops, cmsdk_create, timer_reset, timer_destroy, cmsdk_timer_params,
};

/* Its board YAML parameters (devices/device.h: checked on every board). */
static const struct device_param timer_params[] = {
    { "clock_hz", DP_NUMBER, "Hz", false },
    DEVICE_PARAMS_END,
};

const struct device_type device_timer = {
    "timer", "down-counting timer with reload and interrupt",
    &timer_ops, ttemu_create, timer_reset, timer_destroy, timer_params,
};
