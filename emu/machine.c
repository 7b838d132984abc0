/* Board assembly and the top-level run loop. */
#include "emu/machine.h"

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
    /* cycles * 1e12 / Hz without overflow for any realistic run */
    return (uint64_t)((unsigned __int128)m->cpu.cycles * 1000000000000ull / m->clock_hz);
}

static uint64_t now_ps_cb(void *ctx) { return machine_now_ps(ctx); }

static int add_regions(struct machine *m, char *err, size_t errlen)
{
    for (size_t k = 0; k < m->board.nregions; k++) {
        const struct board_region *r = &m->board.regions[k];
        enum region_kind kind = (r->kind == BOARD_MEM_FLASH || r->kind == BOARD_MEM_ROM) ? REGION_ROM : REGION_RAM;
        int idx = bus_add_memory(&m->bus, r->name, r->base, r->size, kind, err, errlen);
        if (idx < 0)
            return -1;
        m->bus.regions[idx].wait_read = (uint8_t)r->wait_read;
        m->bus.regions[idx].wait_write = (uint8_t)r->wait_write;
    }
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
        if (d->size == 0)
            continue;
        uint32_t size = (d->size + BUS_PAGE_SIZE - 1) & ~(BUS_PAGE_SIZE - 1);
        if (bus_add_mmio(&m->bus, d->name, d->base, size, &unimpl_ops, NULL, err, errlen) < 0)
            return -1;
    }
    return 0;
}

int machine_init(struct machine *m, const char *board, char *err, size_t errlen)
{
    memset(m, 0, sizeof *m);
    if (board_load(board, &m->board, err, errlen))
        return -1;
    if (m->board.ncores == 0) {
        snprintf(err, errlen, "%s: the board has no core", m->board.source);
        return -1;
    }
    const struct board_core *core = &m->board.cores[0];
    m->clock_hz = core->clock_hz;
    if (bus_init(&m->bus)) {
        snprintf(err, errlen, "out of memory for the bus tables");
        return -1;
    }
    if (add_regions(m, err, errlen) || add_devices(m, err, errlen))
        return -1;
    if (cpu_init(&m->cpu, cpu_model_find(core_model_name(core->kind)), &m->bus)) {
        snprintf(err, errlen, "out of memory for the core");
        return -1;
    }
    m->cpu.env = (struct cpu_env){ .ctx = m, .bkpt = core_bkpt, .report = core_report };
    semihost_init(&m->semihost);
    m->semihost.now_ps = now_ps_cb;
    m->semihost.time_ctx = m;
    m->semihost.tick_hz = m->clock_hz;
    return 0;
}

void machine_free(struct machine *m)
{
    semihost_close_all(&m->semihost);
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

int machine_load(struct machine *m, const char *path, char *err, size_t errlen)
{
    if (firmware_load(path, &m->fw, err, errlen))
        return -1;
    if (firmware_place(&m->fw, &m->bus, m->board.boot_addr, err, errlen))
        return -1;
    plan_heap(m);
    machine_reset(m);
    return 0;
}

void machine_reset(struct machine *m)
{
    cpu_reset(&m->cpu, m->board.boot_addr);
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
    case CPU_STOP_SLEEP:
        snprintf(m->stop_msg, sizeof m->stop_msg,
                 "WFI/WFE at pc 0x%08x with no event that could wake the core", m->cpu.pc);
        return END_LOCKUP;
    default:
        return END_LOCKUP;
    }
}

enum machine_end machine_run(struct machine *m)
{
    for (;;) {
        uint64_t deadline = m->cpu.cycles + SLICE_CYCLES;
        if (m->max_cycles && deadline > m->max_cycles)
            deadline = m->max_cycles;
        enum cpu_stop s = cpu_run(&m->cpu, deadline);
        if (s != CPU_STOP_NONE)
            return on_stop(m, s);
        if (m->max_cycles && m->cpu.cycles >= m->max_cycles) {
            snprintf(m->stop_msg, sizeof m->stop_msg, "--max-cycles %llu reached at pc 0x%08x",
                     (unsigned long long)m->max_cycles, m->cpu.pc);
            return END_MAXCYCLES;
        }
    }
}
