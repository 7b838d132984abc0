/* The device API of devices/device.h: the one place where a device model's
 * request meets struct machine, so the machine's layout can change without
 * touching devices/. */
#include "devices/device.h"

#include <string.h>

#include "emu/machine.h"
#include "emu/power/power.h"

uint64_t dev_now_ps(const struct machine *m) { return machine_now_ps(m); }
uint64_t dev_clock_hz(const struct machine *m) { return m->clock_hz; }

uint64_t dev_cycle_ps(const struct machine *m, uint64_t n)
{
    if (n <= m->base_cycles)
        return m->base_ps;
    unsigned __int128 d = (unsigned __int128)(n - m->base_cycles) * 1000000000000ull;
    return m->base_ps + (uint64_t)(d / m->clock_hz);
}

uint64_t dev_sleep_cycles(const struct machine *m) { return m->sleep_cycles; }

void dev_arm(struct machine *m, struct sched_event *e, uint64_t t_ps) { machine_arm(m, e, t_ps); }
void dev_disarm(struct machine *m, struct sched_event *e) { sched_disarm(&m->sched, e); }

void dev_set_clock(struct machine *m, uint64_t hz)
{
    machine_set_clock(m, hz);
    cpu_request_exit(&m->cpu); /* event deadlines were in the old clock's cycles */
}

void dev_irq(struct machine *m, int irq, bool level) { machine_set_irq(m, irq, level); }

void dev_mmio_sizes(struct machine *m, unsigned sizes) { m->new_device_sizes = sizes; }

/* The bus's master path: region permissions, energy per beat. */
bool dev_master_read(struct machine *m, uint32_t addr, void *buf, size_t n)
{
    return bus_master_read(&m->bus, addr, buf, n);
}

bool dev_master_write(struct machine *m, uint32_t addr, const void *buf, size_t n)
{
    return bus_master_write(&m->bus, addr, buf, n);
}

uint64_t dev_master_wait_cycles(const struct machine *m, uint32_t addr, size_t n, bool write)
{
    return bus_master_wait_cycles(&m->bus, addr, n, write);
}

bool dev_read_cstr(struct machine *m, uint32_t addr, char *buf, size_t len)
{
    return machine_read_cstr(m, addr, buf, len);
}

int dev_power_comp(const struct machine *m, const char *comp) { return power_comp_id(m->power, comp); }

int dev_power_action(const struct machine *m, int comp, const char *action)
{
    return power_action_id(m->power, comp, action);
}

bool dev_power_state(struct machine *m, const char *comp, const char *state)
{
    return machine_power_state(m, comp, state);
}

void dev_power_act(struct machine *m, int comp, int action, uint64_t count)
{
    power_action(m->power, comp, action, count);
}

void dev_phase(struct machine *m, const char *name) { machine_phase(m, name); }
int dev_phase_current(const struct machine *m) { return power_current_phase(m->power); }
void dev_macs_add(struct machine *m, uint64_t n) { m->macs += n; }
uint64_t dev_macs(const struct machine *m) { return m->macs; }

void dev_event(struct machine *m, int kind, uint32_t a, uint32_t b)
{
    machine_event(m, (enum machine_event_kind)kind, a, b);
}

void dev_event_at(struct machine *m, int kind, uint64_t t_ps, uint32_t a, uint32_t b)
{
    if (m->events.fn)
        m->events.fn(m->events.ctx, (enum machine_event_kind)kind, t_ps, a, b);
}

const struct board_desc *dev_board(const struct machine *m) { return &m->board; }
const char *dev_board_source(const struct machine *m) { return m->board.source; }

const struct board_link *dev_link(const struct machine *m, const char *name)
{
    return board_find_link(&m->board, name);
}

const struct board_core *dev_core(const struct machine *m) { return &m->board.cores[0]; }
const char *dev_frame_path(const struct machine *m) { return m->frame_path; }
FILE *dev_console(const struct machine *m) { return m->semihost.out; }

void *dev_peer(const struct machine *m, const char *name, const struct device_type **type)
{
    for (unsigned k = 0; k < m->ndevices; k++)
        if (!strcmp(m->devices[k].desc->name, name)) {
            *type = m->devices[k].type;
            return m->devices[k].state;
        }
    *type = NULL;
    return NULL;
}
