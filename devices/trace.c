/* The trace device: how firmware tells ttemu what it is doing (an
 * ITM-like stimulus port with a fixed register map, docs/devices.md).
 * Registers: firmware/bsp/common/tt_trace_regs.h (the driver's map too).
 * PHASE takes the address of a NUL-terminated phase name and enters it;
 * MARK values are kept in traces. */
#include <stdlib.h>

#include "devices/device.h"
#include "firmware/bsp/common/tt_trace_regs.h"
#include "emu/xalloc.h"

struct trace_dev {
    struct machine *m;
    uint32_t layer, mark, time_hi, macs_hi;
};

static bool trace_read(void *dev, uint32_t off, unsigned size, uint32_t *v)
{
    struct trace_dev *t = dev;
    (void)size;
    uint64_t ns = dev_now_ps(t->m) / 1000;
    switch (off) {
    case TT_TRACE_OFF_PHASE: *v = (uint32_t)dev_phase_current(t->m); return true;
    case TT_TRACE_OFF_LAYER: *v = t->layer; return true;
    case TT_TRACE_OFF_MARK: *v = t->mark; return true;
    case TT_TRACE_OFF_TIME_LO: t->time_hi = (uint32_t)(ns >> 32); *v = (uint32_t)ns; return true;
    case TT_TRACE_OFF_TIME_HI: *v = t->time_hi; return true;
    case TT_TRACE_OFF_MACS_LO:
        t->macs_hi = (uint32_t)(dev_macs(t->m) >> 32);
        *v = (uint32_t)dev_macs(t->m);
        return true;
    case TT_TRACE_OFF_MACS_HI: *v = t->macs_hi; return true;
    default: *v = 0; return true;
    }
}

static bool trace_write(void *dev, uint32_t off, unsigned size, uint32_t v)
{
    struct trace_dev *t = dev;
    char name[64];
    (void)size;
    switch (off) {
    case TT_TRACE_OFF_PHASE:
        if (dev_read_cstr(t->m, v, name, sizeof name))
            dev_phase(t->m, name);
        return true;
    case TT_TRACE_OFF_MACS: dev_macs_add(t->m, v); dev_event(t->m, MEV_MACS, v, 0); return true;
    case TT_TRACE_OFF_LAYER: t->layer = v; dev_event(t->m, MEV_LAYER, v, 0); return true;
    case TT_TRACE_OFF_MARK: t->mark = v; dev_event(t->m, MEV_MARK, v, 0); return true;
    default: return true;
    }
}

static const struct mmio_ops trace_ops = { trace_read, trace_write };

static void *trace_create(struct machine *m, const struct board_device *d, char *err, size_t errlen)
{
    (void)d; (void)err; (void)errlen;
    struct trace_dev *t = xcalloc(1, sizeof *t);
    t->m = m;
    t->layer = TT_TRACE_NO_LAYER;
    dev_mmio_sizes(m, MMIO_SIZE_32); /* its registers are words (tt_trace_regs.h) */
    return t;
}

static void trace_reset(void *dev)
{
    struct trace_dev *t = dev;
    t->layer = TT_TRACE_NO_LAYER;
    t->mark = 0;
}

/* Its board YAML parameters (devices/device.h: checked on every board). */
static const struct device_param trace_params[] = {
    DEVICE_PARAMS_END,
};

const struct device_type device_trace = {
    "trace", "phase markers, MAC counter and simulated time for firmware",
    &trace_ops, trace_create, trace_reset, free, trace_params,
};
