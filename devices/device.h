/* Memory-mapped device models. A board's YAML names each device's type;
 * the registry (devices/registry.c) maps the type to its model. A model
 * creates its state from the board entry (parameters, base, IRQ), answers
 * MMIO through mmio_ops, and reaches time, interrupts and power through
 * the machine (emu/machine.h). */
#ifndef TTEMU_DEVICES_DEVICE_H
#define TTEMU_DEVICES_DEVICE_H

#include <stdbool.h>
#include <stddef.h>

#include "emu/bus.h"

struct machine;
struct board_desc;
struct board_device;

/* A parameter a device type accepts under `params:` in board YAML. The
 * board check refuses a parameter not in its type's list, one of the
 * wrong kind, and a missing required one, each at its file:line:column. */
enum device_param_kind { DP_NUMBER, DP_STRING, DP_LIST, DP_ANY };

struct device_param {
    const char *name;
    enum device_param_kind kind;
    const char *unit;     /* "Hz", "ns", "bytes", "" for a count or a name */
    bool required;
};
#define DEVICE_PARAMS_END { NULL, DP_ANY, NULL, false }

struct device_type {
    const char *type;     /* as written in board YAML */
    const char *summary;  /* one line, for `ttemu boards show` */
    const struct mmio_ops *ops;
    /* Returns the device state, or NULL with a message naming the board
     * file, the line and what was expected. */
    void *(*create)(struct machine *m, const struct board_device *d, char *err, size_t errlen);
    void (*reset)(void *state);
    void (*destroy)(void *state);
    /* Its parameters, ending with DEVICE_PARAMS_END; NULL: not checked
     * (a model written before typed parameters, to be given a list). */
    const struct device_param *params;
};

/* NULL when no model of that type exists. */
const struct device_type *device_type_find(const char *type);

/* The checks every command runs on a board's devices (ttemu run and
 * ttemu boards show alike): each type has a model, or the entry says
 * `model: none`; each parameter is one its type knows, of the right kind;
 * the required ones are there. Returns 0, or -1 with one line in err. */
int device_check_board(const struct board_desc *b, char *err, size_t errlen);

#endif
