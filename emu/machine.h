/* The machine: owns the board description, the bus, the core, the loaded
 * firmware and everything attached to them. No globals: several machines
 * can live in one process (the GDB server's replay keeps two). */
#ifndef TTEMU_EMU_MACHINE_H
#define TTEMU_EMU_MACHINE_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/device.h"
#include "emu/board/board.h"
#include "emu/bus.h"
#include "emu/loader.h"
#include "emu/sched.h"
#include "emu/semihost.h"
#include "isa/cpu.h"

/* How a run ended. */
enum machine_end {
    END_EXIT,       /* the firmware exited; exit_code holds its status */
    END_MAXCYCLES,  /* the --max-cycles budget ran out */
    END_LOCKUP,     /* fault with nowhere to go, or sleep with nothing to wake it */
    END_UNDEF,      /* undefined instruction with no handler */
    END_BKPT,       /* a BKPT (not semihosting) with no debugger attached */
    END_PAUSE,      /* machine_run_for: the cycle limit was reached; call again to go on */
    END_DEBUG,      /* a debugger hook (cpu.on_insn) stopped the core: CPU_STOP_WATCH */
    END_MAXTIME,    /* the simulated-time bound (max_ps) was reached */
    END_STOPPED,    /* stop_request was set (a signal, --timeout, the trace cap) */
};

#define MACHINE_MAX_DEVICES 64

struct device_type;
struct board_overrides;

struct machine_device {
    const struct device_type *type;
    const struct board_device *desc;
    void *state;
};

/* The interrupt controller's input: devices raise and lower IRQ lines
 * through machine_set_irq(); the NVIC model installs itself here. */
struct irq_sink {
    void (*set)(void *ctx, int irq, bool level);
    void *ctx;
};

/* Trace events: enum machine_event_kind is in devices/device.h (devices
 * emit them through dev_event). The hook is NULL unless a trace is written. */
struct machine_events {
    void (*fn)(void *ctx, enum machine_event_kind kind, uint64_t t_ps, uint32_t a, uint32_t b);
    void *ctx;
};

struct machine {
    struct board_desc board;
    struct bus bus;
    struct cpu cpu;
    struct sched sched;
    struct semihost semihost;
    struct firmware fw;
    struct machine_device devices[MACHINE_MAX_DEVICES];
    unsigned ndevices;
    struct irq_sink irq;
    struct scs *scs;        /* the core's system space (devices/scs.h) */
    unsigned new_device_sizes; /* dev_mmio_sizes() of the device being created */
    /* Time base: now = base_ps + (cycles - base_cycles) / clock. Rebased
     * whenever the core clock changes. */
    uint64_t base_ps, base_cycles;
    uint64_t clock_hz;      /* the core clock now */
    uint64_t sleep_cycles;  /* cycles spent asleep (WFI/WFE) */
    struct power *power;    /* energy per component and phase */
    int core_power, core_run, core_sleep; /* component and states, -1 if absent */
    uint64_t macs;          /* MACs the firmware and accelerators reported */
    const char *frame_path; /* --frame: camera image (PGM/PPM), or NULL for the test scene */
    /* --clock, --set: board edits applied by machine_init (emu/board_override.h),
     * or NULL. Like frame_path, set before machine_init. */
    const struct board_overrides *overrides;
    bool sleeping;
    uint64_t max_cycles;    /* 0: no limit */
    uint64_t max_ps;        /* simulated-time bound, 0: none (stops with END_MAXTIME) */
    /* Non-zero: stop at the next slice boundary (an instruction boundary)
     * with END_STOPPED; the value is the exit status the requester wants.
     * Set from signal handlers, hence volatile and a plain int. */
    volatile int stop_request;
    int exit_code;
    char stop_msg[256];     /* why the core stopped, for the user */
    struct machine_events events; /* trace hook, see machine_event() */
};

/* Builds the machine of a board (built-in name or YAML path). Returns 0,
 * or the kind of error (enum board_status) with one line in err. */
int machine_init(struct machine *m, const char *board, char *err, size_t errlen);
void machine_free(struct machine *m);
/* Loads the firmware into memory and resets the core from the vector table.
 * Returns 0, or the kind of error (enum fw_status) with one line in err. */
int machine_load(struct machine *m, const char *path, char *err, size_t errlen);
void machine_reset(struct machine *m);
/* Runs to the end; returns how it ended. */
enum machine_end machine_run(struct machine *m);
/* Runs until the end, a debugger stop (END_DEBUG), or until the core's
 * cycle counter reaches until_cycles (END_PAUSE; the machine can go on).
 * Does not finish the power model (machine_run does). The GDB server and
 * replays use it: slice boundaries depend only on the machine's state and
 * the limits given, so the same limits give the same run. */
enum machine_end machine_run_for(struct machine *m, uint64_t until_cycles);
/* Simulated time of the core's current cycle. */
uint64_t machine_now_ps(const struct machine *m);
/* The first core cycle at or after t_ps. */
uint64_t machine_cycle_at(const struct machine *m, uint64_t t_ps);
/* Changes the core clock from now on. */
void machine_set_clock(struct machine *m, uint64_t hz);
/* Raises or lowers external interrupt line irq (0-based, IRQn). */
void machine_set_irq(struct machine *m, int irq, bool level);
/* Arms a device event; a running core leaves its loop in time for it. */
void machine_arm(struct machine *m, struct sched_event *e, uint64_t t_ps);
/* Reads a NUL-terminated string from guest memory (debug path, no
 * faults); false if unmapped or longer than len-1. */
bool machine_read_cstr(struct machine *m, uint32_t addr, char *buf, size_t len);
/* Switches a power component's state by names; false if unknown. */
bool machine_power_state(struct machine *m, const char *comp, const char *state);
/* Enters the named phase (created on first use). */
void machine_phase(struct machine *m, const char *name);
/* Reports an event to the trace hook, if any (cheap when none). */
static inline void machine_event(struct machine *m, enum machine_event_kind kind, uint32_t a, uint32_t b)
{
    if (m->events.fn)
        m->events.fn(m->events.ctx, kind, machine_now_ps(m), a, b);
}
/* A device's state by name, or NULL. */
void *machine_device(const struct machine *m, const char *name);

#endif
