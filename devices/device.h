/* Memory-mapped device models. A board's YAML names each device's type;
 * the registry (devices/registry.c) maps the type to its model. A model
 * creates its state from the board entry (parameters, base, IRQ), answers
 * MMIO through mmio_ops, and reaches the rest of the machine only through
 * the dev_* functions below (emu/device_api.c): time and events,
 * interrupt lines, memory as a bus master, power, trace events and the
 * board it sits on. A device does not reach into struct machine. */
#ifndef TTEMU_DEVICES_DEVICE_H
#define TTEMU_DEVICES_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "emu/bus.h"
#include "emu/sched.h"

struct machine;
struct board_desc;
struct board_device;
struct board_link;
struct board_core;

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

/* ---- the device API (emu/device_api.c) ---------------------------------- */

/* Time: now, the core clock, and events on the picosecond heap. Arming an
 * armed event moves it; disarming an idle one does nothing. */
uint64_t dev_now_ps(const struct machine *m);
uint64_t dev_clock_hz(const struct machine *m);
void dev_arm(struct machine *m, struct sched_event *e, uint64_t t_ps);
void dev_disarm(struct machine *m, struct sched_event *e);
/* The simulated time of core cycle n (the picosecond it starts); cycles
 * before the last clock change map to the time of that change. */
uint64_t dev_cycle_ps(const struct machine *m, uint64_t n);
/* Core cycles spent asleep (WFI/WFE), for the DWT's sleep counter. */
uint64_t dev_sleep_cycles(const struct machine *m);
/* Changes the core clock and makes the core re-plan its event deadlines. */
void dev_set_clock(struct machine *m, uint64_t hz);

/* From a model's create: the access sizes its registers answer, a mask of
 * MMIO_SIZE_8/16/32 (emu/bus.h). Any other size is a bus error, which the
 * core takes as a precise BusFault (CFSR.PRECISERR, BFAR), as the real
 * part's bus would; a bus master uses the widest size allowed. Without
 * the call, any size. */
void dev_mmio_sizes(struct machine *m, unsigned sizes);

/* Raises (level true) or lowers external interrupt line irq (IRQn). */
void dev_irq(struct machine *m, int irq, bool level);

/* Memory as a bus master (camera, DMA, accelerators), through the bus's
 * master path (emu/bus.h): false on a bus error (unmapped, a write to ROM
 * or flash, an MMIO register refusing the access), which the device
 * reports in its own status (the DMA's and camera's ERROR bits). Each
 * 32-bit beat charges its region's read_pj/write_pj to the region's power
 * component. The time is the device's to model: dev_master_wait_cycles
 * gives the core cycles the regions' wait states add to a transfer. */
bool dev_master_read(struct machine *m, uint32_t addr, void *buf, size_t n);
bool dev_master_write(struct machine *m, uint32_t addr, const void *buf, size_t n);
uint64_t dev_master_wait_cycles(const struct machine *m, uint32_t addr, size_t n, bool write);
/* A NUL-terminated string from memory; false if unmapped or too long. */
bool dev_read_cstr(struct machine *m, uint32_t addr, char *buf, size_t len);

/* Power: a component and its actions by name (-1 if absent), a state
 * switch by names (false if unknown), count x an action's energy. */
int dev_power_comp(const struct machine *m, const char *comp);
int dev_power_action(const struct machine *m, int comp, const char *action);
bool dev_power_state(struct machine *m, const char *comp, const char *state);
void dev_power_act(struct machine *m, int comp, int action, uint64_t count);
/* Phases: enter one by name, or the index of the current one. */
void dev_phase(struct machine *m, const char *name);
int dev_phase_current(const struct machine *m);
/* MACs reported by firmware and accelerators (the report's MAC/cycle). */
void dev_macs_add(struct machine *m, uint64_t n);
uint64_t dev_macs(const struct machine *m);

/* Events the machine and devices report for traces (traces/trace.h).
 * a and b depend on the kind. */
enum machine_event_kind {
    MEV_IRQ = 1,   /* a: IRQ line, b: level (machine_set_irq) */
    MEV_LAYER,     /* a: layer index now starting, 0xffffffff none (trace device) */
    MEV_MARK,      /* a: marker value (trace device) */
    MEV_MACS,      /* a: MACs reported (trace device) */
};

/* Trace events: kind is an enum machine_event_kind. */
void dev_event(struct machine *m, int kind, uint32_t a, uint32_t b);
/* The same at an explicit time (an event handler's own t_ps). */
void dev_event_at(struct machine *m, int kind, uint64_t t_ps, uint32_t a, uint32_t b);

/* The board: the whole description (read-only: other devices' entries,
 * its regions), its file (for messages naming file:line:col), a link by
 * name (NULL if none), the first core, the --frame image path or NULL. */
const struct board_desc *dev_board(const struct machine *m);
const char *dev_board_source(const struct machine *m);
const struct board_link *dev_link(const struct machine *m, const char *name);
const struct board_core *dev_core(const struct machine *m);
const char *dev_frame_path(const struct machine *m);
/* Where a UART's bytes go (the semihosting console stream). */
FILE *dev_console(const struct machine *m);
/* Another device of the board by name: its state, and its type in *type;
 * NULL when there is none or it has no model (the USB host reaches the
 * device at the other end of its link this way). */
void *dev_peer(const struct machine *m, const char *name, const struct device_type **type);

#endif
