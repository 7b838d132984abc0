/* Memory-mapped device models. A board's YAML names each device's type;
 * the registry (devices/registry.c) maps the type to its model. A model
 * creates its state from the board entry (parameters, base, IRQ), answers
 * MMIO through mmio_ops, and reaches time, interrupts and power through
 * the machine (emu/machine.h). */
#ifndef TTEMU_DEVICES_DEVICE_H
#define TTEMU_DEVICES_DEVICE_H

#include <stddef.h>

#include "emu/bus.h"

struct machine;
struct board_device;

struct device_type {
    const char *type;     /* as written in board YAML */
    const char *summary;  /* one line, for `ttemu boards show` */
    const struct mmio_ops *ops;
    /* Returns the device state, or NULL with a message naming the board
     * file, the line and what was expected. */
    void *(*create)(struct machine *m, const struct board_device *d, char *err, size_t errlen);
    void (*reset)(void *state);
    void (*destroy)(void *state);
};

/* NULL when no model of that type exists. */
const struct device_type *device_type_find(const char *type);

#endif
