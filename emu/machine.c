/* Board assembly and the top-level run loop. */
#include "emu/machine.h"
#include "emu/board_override.h"

#include "isa/cache.h"

#include "devices/device.h"
#include "emu/power/power.h"
#include "devices/scs.h"
#include "isa/exception.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Run slices: the core returns to the machine at least this often so
 * device events and limits are looked at. */
#define SLICE_CYCLES 1000000u

static const char *core_model_name(enum board_core_kind k)
{
    switch (k) {
    case BOARD_CORE_M4: return "cortex-m4";
    case BOARD_CORE_M4F: return "cortex-m4f";
    default: return "cortex-m7";
    }
}

static void core_report(void *ctx, struct cpu *c, const char *msg)
{
    (void)c;
    struct machine *m = ctx;
    snprintf(m->stop_msg, sizeof m->stop_msg, "%s", msg);
}

static bool core_bkpt(void *ctx, struct cpu *c, unsigned imm)
{
    struct machine *m = ctx;
    if (imm != 0xab)
        return false;
    if (!semihost_call(&m->semihost, c))
        snprintf(m->stop_msg, sizeof m->stop_msg, "unknown semihosting operation 0x%x at pc 0x%08x",
                 c->r[0], c->r[15] - 4);
    return true;
}

uint64_t machine_now_ps(const struct machine *m)
{
    unsigned __int128 d = (unsigned __int128)(m->cpu.cycles - m->base_cycles) * 1000000000000ull;
    return m->base_ps + (uint64_t)(d / m->clock_hz);
}

uint64_t machine_cycle_at(const struct machine *m, uint64_t t_ps)
{
    if (t_ps == SCHED_NEVER)
        return UINT64_MAX;
    if (t_ps <= m->base_ps)
        return m->base_cycles;
    unsigned __int128 n = (unsigned __int128)(t_ps - m->base_ps) * m->clock_hz + 999999999999ull;
    unsigned __int128 c = m->base_cycles + n / 1000000000000ull;
    return c > UINT64_MAX ? UINT64_MAX : (uint64_t)c;
}

void machine_set_clock(struct machine *m, uint64_t hz)
{
    m->base_ps = machine_now_ps(m);
    m->base_cycles = m->cpu.cycles;
    m->clock_hz = hz;
    m->semihost.tick_hz = hz;
    if (m->core_power >= 0)
        power_set_clock(m->power, m->core_power, hz, m->base_ps);
}

void machine_set_irq(struct machine *m, int irq, bool level)
{
    machine_event(m, MEV_IRQ, (uint32_t)irq, level);
    if (m->irq.set)
        m->irq.set(m->irq.ctx, irq, level);
}

void machine_arm(struct machine *m, struct sched_event *e, uint64_t t_ps)
{
    sched_arm(&m->sched, e, t_ps);
    if (machine_cycle_at(m, t_ps) < m->cpu.deadline)
        cpu_request_exit(&m->cpu);
}

bool machine_read_cstr(struct machine *m, uint32_t addr, char *buf, size_t len)
{
    for (size_t k = 0; k < len; k++) {
        if (!bus_debug_read(&m->bus, addr + (uint32_t)k, &buf[k], 1))
            return false;
        if (!buf[k])
            return true;
    }
    buf[len - 1] = 0;
    return false;
}

bool machine_power_state(struct machine *m, const char *comp, const char *state)
{
    int c = power_comp_id(m->power, comp);
    int s = c < 0 ? -1 : power_state_id(m->power, c, state);
    if (s < 0)
        return false;
    power_set_state(m->power, c, s, machine_now_ps(m));
    return true;
}

void machine_phase(struct machine *m, const char *name)
{
    int ph = power_phase_id(m->power, name);
    if (ph >= 0)
        power_set_phase(m->power, ph, machine_now_ps(m));
}

/* The core's power follows its sleep state and clock. */
static void core_power_state(struct machine *m, bool asleep)
{
    int st = asleep ? m->core_sleep : m->core_run;
    if (m->core_power >= 0 && st >= 0)
        power_set_state(m->power, m->core_power, st, machine_now_ps(m));
}

static void setup_power(struct machine *m)
{
    m->power = power_create(&m->board); /* never NULL (emu/xalloc.h) */
    const char *name = m->board.cores[0].power;
    m->core_power = name ? power_comp_id(m->power, name) : -1;
    m->core_run = m->core_power >= 0 ? power_state_id(m->power, m->core_power, "run") : -1;
    m->core_sleep = m->core_power >= 0 ? power_state_id(m->power, m->core_power, "sleep") : -1;
}

void *machine_device(const struct machine *m, const char *name)
{
    for (unsigned k = 0; k < m->ndevices; k++)
        if (!strcmp(m->devices[k].desc->name, name))
            return m->devices[k].state;
    return NULL;
}

static uint64_t now_ps_cb(void *ctx) { return machine_now_ps(ctx); }

/* A bus error about a board item, given the file and line it came from. */
static int located(const struct machine *m, struct board_loc loc, char *err, size_t errlen)
{
    char why[256];
    snprintf(why, sizeof why, "%s", err);
    board_errorf(&m->board, loc, err, errlen, "%s", why);
    return -1;
}

/* The bus's energy per access (read_pj/write_pj), into the power model. */
static void charge_energy(void *ctx, int power, double energy_pj)
{
    struct machine *m = ctx;
    power_add_energy(m->power, power, energy_pj);
}

static int add_regions(struct machine *m, char *err, size_t errlen)
{
    for (size_t k = 0; k < m->board.nregions; k++) {
        const struct board_region *r = &m->board.regions[k];
        enum region_kind kind = (r->kind == BOARD_MEM_FLASH || r->kind == BOARD_MEM_ROM) ? REGION_ROM : REGION_RAM;
        int idx = bus_add_memory(&m->bus, r->name, r->base, r->size, kind, err, errlen);
        if (idx < 0)
            return located(m, r->loc, err, errlen);
        struct bus_region *br = &m->bus.regions[idx];
        br->wait_read = (uint8_t)r->wait_read;
        br->wait_write = (uint8_t)r->wait_write;
        if (r->has_energy) { /* the board check made sure it names a component */
            br->read_pj = r->read_pj;
            br->write_pj = r->write_pj;
            br->power = power_comp_id(m->power, r->power);
            bus_set_slow(&m->bus, (unsigned)idx); /* core accesses pay it on the slow path */
        }
    }
    m->bus.on_energy = charge_energy;
    m->bus.energy_ctx = m;
    return 0;
}

/* Until a device has a model, its window behaves like QEMU's
 * "unimplemented device": reads 0, writes are ignored. */
static bool unimpl_read(void *dev, uint32_t off, unsigned size, uint32_t *v)
{
    (void)dev; (void)off; (void)size;
    *v = 0;
    return true;
}

static bool unimpl_write(void *dev, uint32_t off, unsigned size, uint32_t v)
{
    (void)dev; (void)off; (void)size; (void)v;
    return true;
}

static const struct mmio_ops unimpl_ops = { unimpl_read, unimpl_write };

static int add_devices(struct machine *m, char *err, size_t errlen)
{
    for (size_t k = 0; k < m->board.ndevices; k++) {
        const struct board_device *d = &m->board.devices[k];
        const struct device_type *t = device_type_find(d->type);
        void *state = NULL;
        if (t && t->create) {
            if (m->ndevices == MACHINE_MAX_DEVICES) {
                snprintf(err, errlen, "%s: more than %d devices", m->board.source, MACHINE_MAX_DEVICES);
                return -1;
            }
            m->new_device_sizes = 0;
            state = t->create(m, d, err, errlen);
            if (!state)
                return -1;
            m->devices[m->ndevices++] = (struct machine_device){ t, d, state };
        }
        if (d->size == 0)
            continue;
        uint32_t size = (d->size + BUS_PAGE_SIZE - 1) & ~(BUS_PAGE_SIZE - 1);
        int idx = bus_add_mmio(&m->bus, d->name, d->base, size, t && t->ops ? t->ops : &unimpl_ops,
                               state, err, errlen);
        if (idx < 0)
            return located(m, d->loc, err, errlen);
        m->bus.regions[idx].sizes = state ? m->new_device_sizes : 0;
    }
    return 0;
}

/* AIRCR.SYSRESETREQ, outside the run loop: the whole machine resets and
 * the image is placed in memory again, as QEMU does on a system reset
 * request (its ROM blobs are reloaded), so .data starts over. */
static void sysreset(void *ctx)
{
    struct machine *m = ctx;
    char err[160];
    if (m->fw.nsegs || m->fw.image_len)
        firmware_place(&m->fw, &m->bus, m->board.boot_addr, err, sizeof err);
    machine_reset(m);
}

static int attach_scs(struct machine *m, char *err, size_t errlen)
{
    struct scs_host h = { m, &m->bus, &m->cpu, &m->board, sysreset, m };
    m->scs = scs_attach(&h, err, errlen);
    if (!m->scs)
        return -1;
    m->irq = (struct irq_sink){ scs_set_irq, m->scs };
    return 0;
}

static struct cache_config cache_config_of(const struct board_cache *k)
{
    return (struct cache_config){ k->size, k->line, k->ways, k->hit_cycles, k->miss_cycles };
}

/* The core's caches and wait states from the board: the core knows bus
 * regions, not the board, so the machine says which regions are TCMs (it
 * adds one bus region per board region, at its base). */
static int attach_memsys(struct machine *m, const struct board_core *core)
{
    struct cache_config ic = cache_config_of(&core->icache), dc = cache_config_of(&core->dcache);
    bool tcm[BUS_MAX_REGIONS] = { false };
    for (unsigned k = 0; k < m->bus.nregions; k++)
        for (size_t j = 0; j < m->board.nregions; j++)
            if (m->board.regions[j].base == m->bus.regions[k].base && m->bus.regions[k].kind != REGION_MMIO)
                tcm[k] = m->board.regions[j].kind == BOARD_MEM_TCM;
    return memsys_attach_tcm(&m->cpu, core->icache.present ? &ic : NULL, core->dcache.present ? &dc : NULL, tcm);
}

int machine_init(struct machine *m, const char *board, char *err, size_t errlen)
{
    const char *frame = m->frame_path; /* the inputs set before init */
    const struct board_overrides *ov = m->overrides;
    memset(m, 0, sizeof *m);
    m->frame_path = frame;
    m->overrides = ov;
    int rc = board_load(board, &m->board, err, errlen);
    if (rc)
        return rc;
    if (board_override_apply(&m->board, ov, err, errlen))
        return BOARD_EOPTION;
    if (device_check_board(&m->board, err, errlen))
        return BOARD_EPARSE;
    if (m->board.ncores == 0) {
        snprintf(err, errlen, "%s: the board has no core", m->board.source);
        return BOARD_EPARSE;
    }
    const struct board_core *core = &m->board.cores[0];
    m->clock_hz = core->clock_hz;
    bus_init(&m->bus);     /* these two cannot fail: out of memory exits (emu/xalloc.h) */
    sched_init(&m->sched);
    if (cpu_init(&m->cpu, cpu_model_find(core_model_name(core->kind)), &m->bus)) {
        snprintf(err, errlen, "out of memory for the core");
        return BOARD_ENOMEM;
    }
    m->cpu.env = (struct cpu_env){ .ctx = m, .bkpt = core_bkpt, .report = core_report };
    setup_power(m);
    if (add_regions(m, err, errlen) || attach_scs(m, err, errlen) ||
        add_devices(m, err, errlen))
        return BOARD_EPARSE;
    if (attach_memsys(m, core)) { /* wait states, caches: isa/cache.h */
        snprintf(err, errlen, "%s: cannot build the caches of core '%s'", m->board.source, core->name);
        return BOARD_EPARSE;
    }
    semihost_init(&m->semihost);
    m->semihost.now_ps = now_ps_cb;
    m->semihost.time_ctx = m;
    m->semihost.tick_hz = m->clock_hz;
    return 0;
}

void machine_free(struct machine *m)
{
    for (unsigned k = 0; k < m->ndevices; k++)
        if (m->devices[k].type->destroy)
            m->devices[k].type->destroy(m->devices[k].state);
    scs_detach(m->scs);
    m->scs = NULL;
    m->irq = (struct irq_sink){ NULL, NULL };
    sched_free(&m->sched);
    power_destroy(m->power);
    semihost_close_all(&m->semihost);
    memsys_detach(&m->cpu);
    cpu_free(&m->cpu);
    bus_free(&m->bus);
    firmware_free(&m->fw);
    board_free(&m->board);
}

/* SYS_HEAPINFO: the heap starts after the image in the RAM region that
 * holds the top of the image; the stack takes the top 64 KiB of that
 * region (or of the first RAM region for a .bin). */
static void plan_heap(struct machine *m)
{
    const struct bus_region *r = NULL;
    for (size_t k = 0; k < m->fw.nsegs && m->fw.is_elf; k++) {
        const struct bus_region *s = bus_region_at(&m->bus, m->fw.segs[k].paddr);
        if (s && s->kind == REGION_RAM && s->base >= 0x20000000u)
            r = s;
    }
    for (unsigned k = 0; !r && k < m->bus.nregions; k++)
        if (m->bus.regions[k].kind == REGION_RAM && m->bus.regions[k].base >= 0x20000000u)
            r = &m->bus.regions[k];
    if (!r)
        return;
    uint32_t top = r->base + r->size, heap = r->base;
    if (m->fw.image_end >= r->base && m->fw.image_end < top)
        heap = (m->fw.image_end + 8) & ~7u;
    uint32_t stack_size = r->size / 4 < 0x10000u ? r->size / 4 : 0x10000u;
    m->semihost.heap_base = heap;
    m->semihost.heap_limit = top - stack_size;
    m->semihost.stack_base = top;
    m->semihost.stack_limit = top - stack_size;
}

/* The reset vector table (initial SP, reset handler) must be part of the
 * image: without it the core would start from whatever memory holds. */
static bool covers_vectors(const struct firmware *fw, uint32_t boot)
{
    if (!fw->is_elf)
        return fw->image_len >= 8;
    for (size_t k = 0; k < fw->nsegs; k++)
        if (boot >= fw->segs[k].paddr && (uint64_t)boot + 8 <= (uint64_t)fw->segs[k].paddr + fw->segs[k].filesz)
            return true;
    return false;
}

int machine_load(struct machine *m, const char *path, char *err, size_t errlen)
{
    int rc = firmware_load(path, &m->fw, err, errlen);
    if (rc)
        return rc;
    if (firmware_place(&m->fw, &m->bus, m->board.boot_addr, err, errlen))
        return FW_EFORMAT;
    if (!covers_vectors(&m->fw, m->board.boot_addr)) {
        snprintf(err, errlen, "%s: no vector table at the boot address 0x%08x: expected the image "
                 "to hold the initial SP and reset vector there (8 bytes)", path, m->board.boot_addr);
        return FW_EFORMAT;
    }
    plan_heap(m);
    machine_reset(m);
    return 0;
}

void machine_reset(struct machine *m)
{
    for (unsigned k = 0; k < m->ndevices; k++)
        if (m->devices[k].type->reset)
            m->devices[k].type->reset(m->devices[k].state);
    scs_reset(m->scs);
    cpu_reset_arch(&m->cpu, m->board.boot_addr);
    m->sleeping = false;
}

static enum machine_end on_stop(struct machine *m, enum cpu_stop s)
{
    switch (s) {
    case CPU_STOP_EXIT:
        m->exit_code = m->cpu.exit_code;
        return END_EXIT;
    case CPU_STOP_UNDEF:
        return END_UNDEF;
    case CPU_STOP_BKPT:
        snprintf(m->stop_msg, sizeof m->stop_msg, "BKPT at pc 0x%08x with no debugger attached", m->cpu.pc);
        return END_BKPT;
    case CPU_STOP_WATCH:
        return END_DEBUG;
    case CPU_STOP_SLEEP:
        snprintf(m->stop_msg, sizeof m->stop_msg,
                 "WFI/WFE at pc 0x%08x with no event that could wake the core", m->cpu.pc);
        return END_LOCKUP;
    default:
        return END_LOCKUP;
    }
}

/* The simulated-time bound: reached, and the cycle at which it will be. */
static bool out_of_time(struct machine *m)
{
    if (!m->max_ps || machine_now_ps(m) < m->max_ps)
        return false;
    snprintf(m->stop_msg, sizeof m->stop_msg, "simulated-time bound of %.6g s reached at pc 0x%08x",
             (double)m->max_ps * 1e-12, m->cpu.pc);
    return true;
}

static uint64_t time_bound_cycle(const struct machine *m, uint64_t limit)
{
    if (!m->max_ps)
        return limit;
    uint64_t c = machine_cycle_at(m, m->max_ps);
    return c < limit ? c : limit;
}

/* Asleep: time jumps to the next event (charged as sleep); with no event
 * left the core would sleep for ever. Returns false then. */
static bool sleep_until_event(struct machine *m)
{
    uint64_t next = machine_cycle_at(m, sched_next_ps(&m->sched));
    if (next == UINT64_MAX)
        return false;
    if (m->max_cycles && next > m->max_cycles)
        next = m->max_cycles;
    next = time_bound_cycle(m, next);
    if (next > m->cpu.cycles) {
        m->sleep_cycles += next - m->cpu.cycles;
        m->cpu.cycles = next;
    }
    return true;
}

static bool out_of_cycles(struct machine *m)
{
    if (!m->max_cycles || m->cpu.cycles < m->max_cycles)
        return false;
    snprintf(m->stop_msg, sizeof m->stop_msg, "--max-cycles %llu reached at pc 0x%08x",
             (unsigned long long)m->max_cycles, m->cpu.pc);
    return true;
}

static enum machine_end run_loop(struct machine *m, uint64_t until);

enum machine_end machine_run(struct machine *m)
{
    enum machine_end end = run_loop(m, 0);
    power_finish(m->power, machine_now_ps(m));
    return end;
}

enum machine_end machine_run_for(struct machine *m, uint64_t until_cycles)
{
    return run_loop(m, until_cycles ? until_cycles : 1);
}

/* until: 0 for no limit, else pause once cycles reach it. */
static enum machine_end run_loop(struct machine *m, uint64_t until)
{
    for (;;) {
        sched_run_until(&m->sched, machine_now_ps(m));
        if ((exc_take_pending(&m->cpu) || exc_wakeup_pending(&m->cpu)) && m->sleeping) {
            m->sleeping = false;
            core_power_state(m, false);
        }
        if (out_of_cycles(m))
            return END_MAXCYCLES;
        if (out_of_time(m))
            return END_MAXTIME;
        if (m->stop_request)
            return END_STOPPED;
        if (until && m->cpu.cycles >= until)
            return END_PAUSE;
        if (m->sleeping) {
            if (!sleep_until_event(m))
                return on_stop(m, CPU_STOP_SLEEP);
            continue;
        }
        uint64_t deadline = m->cpu.cycles + SLICE_CYCLES;
        uint64_t next = machine_cycle_at(m, sched_next_ps(&m->sched));
        if (next < deadline)
            deadline = next > m->cpu.cycles ? next : m->cpu.cycles;
        if (m->max_cycles && deadline > m->max_cycles)
            deadline = m->max_cycles;
        deadline = time_bound_cycle(m, deadline);
        if (deadline < m->cpu.cycles)
            deadline = m->cpu.cycles;
        if (until && deadline > until)
            deadline = until;
        enum cpu_stop s = cpu_run(&m->cpu, deadline);
        if (s == CPU_STOP_SLEEP) {
            m->sleeping = true;
            core_power_state(m, true);
        }
        else if (s != CPU_STOP_NONE)
            return on_stop(m, s);
    }
}
