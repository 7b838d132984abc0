/* Breakpoints and watchpoints: the per-instruction hook, and the MMIO
 * window watched pages are rerouted through while the machine runs. */
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include "emu/gdb/gdb_internal.h"
#include "isa/codecache.h"
#include "isa/insn.h"

/* ---------------- watchpoints: the watched pages' window ---------------- */

static int wp_match(struct gdb *g, uint32_t addr, unsigned size, bool write)
{
    for (unsigned k = 0; k < g->nwp; k++) {
        struct wp *w = &g->wp[k];
        if ((uint64_t)addr >= (uint64_t)w->addr + w->len || (uint64_t)addr + size <= w->addr)
            continue;
        if (w->type == 4 || (write ? w->type == 2 : w->type == 3))
            return (int)k;
    }
    return -1;
}

/* A CPU access matched watchpoint k. */
static void watch_hit(struct gdb *g, int k)
{
    struct cpu *c = &g->m->cpu;
    const struct insn *i = g->cur;
    if (!c->abort || !i)
        return; /* not an instruction's access (a device, the debugger) */
    if (g->mode == MODE_SCOUT) {
        if (c->insns - 1 < g->scout_limit) {
            g->scout_found = true;
            g->scout_insns = c->insns - 1;
            g->scout_addr = g->wp[k].addr;
            g->scout_type = g->wp[k].type;
        }
        return;
    }
    if (g->mode != MODE_RUN)
        return;
    /* Undo the instruction's start and unwind, as a fault does: the
     * registers are as before it, the PC at it. */
    c->cycles -= i->cyc;
    c->insns--;
    if (i->flags & IF_IT)
        c->itstate = c->it_prev;
    c->pc = i->addr;
    g->reason = R_WATCH;
    g->hit_addr = g->wp[k].addr;
    g->hit_type = g->wp[k].type;
    cpu_stop_with(c, CPU_STOP_WATCH);
    longjmp(*c->abort, 1);
}

/* Instruction fetches (decode on demand) read through the window too;
 * they are not data accesses. */
static bool is_fetch(struct gdb *g, uint32_t addr)
{
    return g->cur && addr - g->cur->addr < 4;
}

static bool watch_read(void *dev, uint32_t off, unsigned size, uint32_t *v)
{
    struct watchpage *w = dev;
    uint32_t addr = (w->page << BUS_PAGE_BITS) + off;
    int k = wp_match(w->g, addr, size, false);
    if (k >= 0 && !is_fetch(w->g, addr))
        watch_hit(w->g, k);
    uint32_t x = 0;
    for (unsigned b = 0; b < size; b++)
        x |= (uint32_t)w->saved_r[off + b] << (8 * b);
    *v = x;
    return true;
}

static bool watch_write(void *dev, uint32_t off, unsigned size, uint32_t v)
{
    struct watchpage *w = dev;
    struct gdb *g = w->g;
    uint32_t addr = (w->page << BUS_PAGE_BITS) + off;
    if (w->rom)
        return false;
    int k = wp_match(g, addr, size, true);
    if (k >= 0)
        watch_hit(g, k);
    struct bus *b = &g->m->bus;
    if (b->code_page[w->page] && b->on_code_write)
        b->on_code_write(b->code_ctx, addr, size);
    for (unsigned n = 0; n < size; n++)
        w->saved_r[off + n] = (uint8_t)(v >> (8 * n));
    return true;
}

static const struct mmio_ops watch_ops = { watch_read, watch_write };

void gdb_watch_install(struct gdb *g)
{
    struct bus *b = &g->m->bus;
    struct cpu *c = &g->m->cpu;
    g->nwpages = 0;
    if (g->mode == MODE_REPLAY)
        return;
    for (unsigned k = 0; k < g->nwp; k++) {
        uint32_t first = g->wp[k].addr >> BUS_PAGE_BITS;
        uint32_t last = (uint32_t)(((uint64_t)g->wp[k].addr + g->wp[k].len - 1) >> BUS_PAGE_BITS);
        for (uint32_t p = first; p <= last && p < BUS_NPAGES; p++) {
            bool seen = false;
            for (unsigned j = 0; j < g->nwpages; j++)
                seen |= g->wpages[j].page == p;
            uint16_t idx = b->page_region[p];
            if (seen || idx == BUS_NO_REGION || b->regions[idx].kind == REGION_MMIO ||
                !b->regions[idx].host || b->nregions + g->nwpages >= BUS_MAX_REGIONS ||
                g->nwpages == sizeof g->wpages / sizeof g->wpages[0])
                continue;
            /* Code in the page stays executable: decode entries exist
             * before the page looks like a device window. */
            cc_lookup(c, p << BUS_PAGE_BITS);
            struct watchpage *w = &g->wpages[g->nwpages];
            /* The host memory comes from the region: pages with wait states
             * or a cache in front have no fast-path pointer. */
            uint8_t *host = b->regions[idx].host + ((p << BUS_PAGE_BITS) - b->regions[idx].base);
            *w = (struct watchpage){ g, p, idx, host, b->wmap[p], b->regions[idx].kind == REGION_ROM,
                                     b->rmap[p] == NULL };
            struct bus_region *r = &b->regions[b->nregions + g->nwpages];
            memset(r, 0, sizeof *r);
            snprintf(r->name, sizeof r->name, "gdb-watch");
            r->base = p << BUS_PAGE_BITS;
            r->size = BUS_PAGE_SIZE;
            r->kind = REGION_MMIO;
            r->ops = &watch_ops;
            r->dev = w;
            b->page_region[p] = (uint16_t)(b->nregions + g->nwpages);
            b->rmap[p] = b->wmap[p] = NULL;
            g->nwpages++;
        }
    }
}

void gdb_watch_remove(struct gdb *g)
{
    struct bus *b = &g->m->bus;
    for (unsigned j = 0; j < g->nwpages; j++) {
        struct watchpage *w = &g->wpages[j];
        b->page_region[w->page] = w->saved_region;
        b->rmap[w->page] = w->slow ? NULL : w->saved_r;
        b->wmap[w->page] = (w->rom || w->slow || b->code_page[w->page]) ? NULL : w->saved_r;
        memset(&b->regions[b->nregions + j], 0, sizeof b->regions[0]);
    }
    g->nwpages = 0;
}

void gdb_hook(void *ctx, struct cpu *c, const struct insn *i)
{
    struct gdb *g = ctx;
    g->cur = i;
    if (c->insns >= g->stop_at) {
        g->reason = R_TARGET;
        cpu_stop_with(c, CPU_STOP_WATCH);
        return;
    }
    if (g->mode == MODE_REPLAY)
        return;
    for (unsigned k = 0; k < g->nbp; k++) {
        if (g->bp[k] != i->addr)
            continue;
        if (g->mode == MODE_SCOUT) {
            if (c->insns < g->scout_limit) {
                g->scout_found = true;
                g->scout_insns = c->insns;
                g->scout_addr = i->addr;
                g->scout_type = 0;
            }
            return;
        }
        if (c->insns == g->resume_insns && i->addr == g->resume_pc)
            return; /* resuming from this breakpoint */
        g->reason = R_BP;
        g->hit_addr = i->addr;
        cpu_stop_with(c, CPU_STOP_WATCH);
        return;
    }
}

void gdb_breakpoint(struct gdb *g, const char *p, bool insert)
{
    uint64_t type, addr, kind;
    if (!(*p >= '0' && *p <= '4') || p[1] != ',') {
        (void)g; /* empty reply: unsupported */
        return;
    }
    type = (uint64_t)(*p - '0');
    p += 2;
    if (!gdb_parse_hex(&p, &addr) || *p++ != ',' || !gdb_parse_hex(&p, &kind) || (*p && *p != ';') ||
        addr > 0xffffffffu || kind == 0 || kind > 0x10000) {
        gdb_reply(g, "E01");
        return;
    }
    if (type <= 1) {
        uint32_t a = (uint32_t)addr & ~1u;
        unsigned k;
        for (k = 0; k < g->nbp && g->bp[k] != a; k++)
            ;
        if (insert && k == g->nbp) {
            if (g->nbp == MAX_BP) {
                gdb_reply(g, "E28");
                return;
            }
            g->bp[g->nbp++] = a;
        } else if (!insert && k < g->nbp) {
            g->bp[k] = g->bp[--g->nbp];
        }
        gdb_reply(g, "OK");
        return;
    }
    unsigned k;
    for (k = 0; k < g->nwp; k++)
        if (g->wp[k].addr == addr && g->wp[k].len == kind && g->wp[k].type == (int)type)
            break;
    if (insert && k == g->nwp) {
        if (g->nwp == MAX_WP || addr + kind > 0x100000000ull) {
            gdb_reply(g, "E28");
            return;
        }
        g->wp[g->nwp++] = (struct wp){ (uint32_t)addr, (uint32_t)kind, (int)type };
    } else if (!insert && k < g->nwp) {
        g->wp[k] = g->wp[--g->nwp];
    }
    gdb_reply(g, "OK");
}
