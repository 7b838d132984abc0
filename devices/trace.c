/* The trace device: how firmware tells ttemu what it is doing (an
 * ITM-like stimulus port with a fixed register map, docs/devices.md).
 *
 *   0x00 PHASE     W: address of a NUL-terminated phase name; enters it.
 *                  R: the current phase index
 *   0x04 MACS      W: add this many MACs to the inference counter
 *   0x08 LAYER     W: layer index now starting (0xffffffff: none)
 *   0x0c MARK      W: a free-form marker value (kept in traces)
 *   0x10 TIME_LO   R: simulated time in ns, low word (latches TIME_HI)
 *   0x14 TIME_HI   R: the latched high word
 *   0x18 MACS_LO   R: the MAC counter, low word (latches MACS_HI)
 *   0x1c MACS_HI   R
 */
#include <stdlib.h>

#include "devices/device.h"
#include "emu/machine.h"

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
    case 0x00: *v = (uint32_t)dev_phase_current(t->m); return true;
    case 0x08: *v = t->layer; return true;
    case 0x0c: *v = t->mark; return true;
    case 0x10: t->time_hi = (uint32_t)(ns >> 32); *v = (uint32_t)ns; return true;
    case 0x14: *v = t->time_hi; return true;
    case 0x18: t->macs_hi = (uint32_t)(dev_macs(t->m) >> 32); *v = (uint32_t)dev_macs(t->m); return true;
    case 0x1c: *v = t->macs_hi; return true;
    default: *v = 0; return true;
    }
}

static bool trace_write(void *dev, uint32_t off, unsigned size, uint32_t v)
{
    struct trace_dev *t = dev;
    char name[64];
    (void)size;
    switch (off) {
    case 0x00:
        if (dev_read_cstr(t->m, v, name, sizeof name))
            dev_phase(t->m, name);
        return true;
    case 0x04: dev_macs_add(t->m, v); dev_event(t->m, MEV_MACS, v, 0); return true;
    case 0x08: t->layer = v; dev_event(t->m, MEV_LAYER, v, 0); return true;
    case 0x0c: t->mark = v; dev_event(t->m, MEV_MARK, v, 0); return true;
    default: return true;
    }
}

static const struct mmio_ops trace_ops = { trace_read, trace_write };

static void *trace_create(struct machine *m, const struct board_device *d, char *err, size_t errlen)
{
    (void)d; (void)err; (void)errlen;
    struct trace_dev *t = calloc(1, sizeof *t);
    if (t) {
        t->m = m;
        t->layer = 0xffffffffu;
    }
    return t;
}

static void trace_reset(void *dev)
{
    struct trace_dev *t = dev;
    t->layer = 0xffffffffu;
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
