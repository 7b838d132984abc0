/* The power-management unit: firmware switches the core clock among the
 * board's levels and puts power components into named states. Registers:
 * firmware/bsp/common/tt_pmu_regs.h (the driver's map too); STATUS is 1
 * if the last COMPONENT/STATE write named something that exists, else 0. */
#include <stdlib.h>
#include <string.h>

#include "devices/device.h"
#include "emu/board/board.h"
#include "firmware/bsp/common/tt_pmu_regs.h"
#include "emu/xalloc.h"

struct pmu_dev {
    struct machine *m;
    uint32_t level;
    char component[64];
    uint32_t status;
};

static bool pmu_read(void *dev, uint32_t off, unsigned size, uint32_t *v)
{
    struct pmu_dev *p = dev;
    (void)size;
    switch (off) {
    case TT_PMU_OFF_CLOCK_LEVEL: *v = p->level; return true;
    case TT_PMU_OFF_CLOCK_HZ: *v = (uint32_t)dev_clock_hz(p->m); return true;
    case TT_PMU_OFF_STATUS: *v = p->status; return true;
    default: *v = 0; return true;
    }
}

static void set_level(struct pmu_dev *p, uint32_t level)
{
    const struct board_core *core = dev_core(p->m);
    if (level >= core->nclock_levels) {
        p->status = 0;
        return;
    }
    p->level = level;
    p->status = 1;
    dev_set_clock(p->m, core->clock_levels_hz[level]);
}

static bool pmu_write(void *dev, uint32_t off, unsigned size, uint32_t v)
{
    struct pmu_dev *p = dev;
    char name[64];
    (void)size;
    switch (off) {
    case TT_PMU_OFF_CLOCK_LEVEL: set_level(p, v); return true;
    case TT_PMU_OFF_COMPONENT:
        p->status = dev_read_cstr(p->m, v, p->component, sizeof p->component);
        return true;
    case TT_PMU_OFF_STATE:
        p->status = dev_read_cstr(p->m, v, name, sizeof name) &&
                    dev_power_state(p->m, p->component, name);
        return true;
    default: return true;
    }
}

static const struct mmio_ops pmu_ops = { pmu_read, pmu_write };

static uint32_t reset_level(const struct machine *m)
{
    const struct board_core *core = dev_core(m);
    for (size_t k = 0; k < core->nclock_levels; k++)
        if (core->clock_levels_hz[k] == core->clock_hz)
            return (uint32_t)k;
    return 0;
}

static void *pmu_create(struct machine *m, const struct board_device *d, char *err, size_t errlen)
{
    (void)d; (void)err; (void)errlen;
    struct pmu_dev *p = xcalloc(1, sizeof *p);
    p->m = m;
    p->level = reset_level(m);
    dev_mmio_sizes(m, MMIO_SIZE_32); /* its registers are words (tt_pmu_regs.h) */
    return p;
}

static void pmu_reset(void *dev)
{
    struct pmu_dev *p = dev;
    p->level = reset_level(p->m);
    p->component[0] = 0;
    p->status = 0;
}

/* Its board YAML parameters (devices/device.h: checked on every board). */
static const struct device_param pmu_params[] = {
    DEVICE_PARAMS_END,
};

const struct device_type device_pmu = {
    "pmu", "core clock levels and power states of the board's components",
    &pmu_ops, pmu_create, pmu_reset, free, pmu_params,
};
