/* Memory timing: wait states and the Cortex-M7 caches (see cache.h and
 * docs/timing.md for the rules and their sources). */
#include "isa/cache.h"

#include <stdlib.h>
#include <string.h>

#include "isa/cpu.h"

static bool pow2(uint32_t v) { return v && !(v & (v - 1)); }

int cache_init(struct cache *k, const struct cache_config *cfg)
{
    memset(k, 0, sizeof *k);
    if (!pow2(cfg->size) || !pow2(cfg->line) || !pow2(cfg->ways) || cfg->line < 4 ||
        (uint64_t)cfg->line * cfg->ways > cfg->size)
        return -1;
    k->cfg = *cfg;
    k->line_bits = (unsigned)__builtin_ctz(cfg->line);
    k->nsets = cfg->size / (cfg->line * cfg->ways);
    size_t n = (size_t)k->nsets * cfg->ways;
    k->tag = calloc(n, sizeof *k->tag);
    k->stamp = calloc(n, sizeof *k->stamp);
    k->dirty = calloc(n, 1);
    if (!k->tag || !k->stamp || !k->dirty) {
        cache_free(k);
        return -1;
    }
    return 0;
}

void cache_free(struct cache *k)
{
    free(k->tag);
    free(k->stamp);
    free(k->dirty);
    k->tag = k->stamp = NULL;
    k->dirty = NULL;
}

void cache_invalidate_all(struct cache *k)
{
    size_t n = (size_t)k->nsets * k->cfg.ways;
    memset(k->tag, 0, n * sizeof *k->tag);
    memset(k->dirty, 0, n);
}

/* LRU: every use stamps the line with a running clock; the victim is an
 * invalid way, else the smallest stamp. */
enum cache_result cache_access(struct cache *k, uint32_t addr, bool write)
{
    uint32_t line = addr >> k->line_bits;
    uint32_t set = line & (k->nsets - 1);
    size_t base = (size_t)set * k->cfg.ways;
    uint32_t want = line + 1;
    k->clock++;
    size_t victim = base;
    for (size_t w = base; w < base + k->cfg.ways; w++) {
        if (k->tag[w] == want) {
            k->stamp[w] = k->clock;
            k->dirty[w] |= write;
            k->hits++;
            return CACHE_HIT;
        }
        if (k->tag[victim] != 0 && (k->tag[w] == 0 || k->stamp[w] < k->stamp[victim]))
            victim = w;
    }
    k->misses++;
    bool wb = k->tag[victim] != 0 && k->dirty[victim];
    k->writebacks += wb;
    k->tag[victim] = want;
    k->stamp[victim] = k->clock;
    k->dirty[victim] = write;
    return wb ? CACHE_MISS_WRITEBACK : CACHE_MISS;
}

bool mem_default_cacheable(uint32_t addr)
{
    return addr < 0x40000000u || (addr >= 0x60000000u && addr < 0xa0000000u);
}

/* Region kinds on the bus do not say TCM; the machine tells us through
 * the board. A bare core (tests) has no TCMs. */
static int attach(struct cpu *c, const struct cache_config *ic, const struct cache_config *dc,
                  const bool *is_tcm)
{
    memsys_detach(c);
    struct memsys *m = calloc(1, sizeof *m);
    if (!m)
        return -1;
    if ((ic && cache_init(&m->ic, ic)) || (dc && cache_init(&m->dc, dc))) {
        cache_free(&m->ic);
        free(m);
        return -1;
    }
    m->has_ic = ic != NULL;
    m->has_dc = dc != NULL;
    struct bus *b = c->bus;
    for (unsigned k = 0; k < b->nregions; k++) {
        struct bus_region *r = &b->regions[k];
        bool memory = r->kind != REGION_MMIO;
        m->cached[k] = memory && !(is_tcm && is_tcm[k]) && mem_default_cacheable(r->base);
        if (memory && (r->wait_read || r->wait_write || (m->has_dc && m->cached[k])))
            bus_set_slow(b, k);
    }
    c->mem = m;
    return 0;
}

int memsys_attach(struct cpu *c, const struct cache_config *ic, const struct cache_config *dc)
{
    return attach(c, ic, dc, NULL);
}

int memsys_attach_tcm(struct cpu *c, const struct cache_config *ic, const struct cache_config *dc,
                      const bool *is_tcm)
{
    return attach(c, ic, dc, is_tcm);
}

void memsys_detach(struct cpu *c)
{
    if (!c->mem)
        return;
    cache_free(&c->mem->ic);
    cache_free(&c->mem->dc);
    free(c->mem);
    c->mem = NULL;
}

static inline int region_of(const struct bus *b, uint32_t addr)
{
    uint16_t idx = b->page_region[addr >> BUS_PAGE_BITS];
    return idx == BUS_NO_REGION ? -1 : idx;
}

/* A line fill (or a write-back) moves line/8 beats, each paying the
 * region's wait states. */
static unsigned fill_cost(const struct cache *k, unsigned wait)
{
    return wait * (k->cfg.line / MEM_BEAT_BYTES ? k->cfg.line / MEM_BEAT_BYTES : 1);
}

unsigned memsys_data_cost(struct cpu *c, uint32_t addr, bool write)
{
    int idx = region_of(c->bus, addr);
    if (idx < 0)
        return 0;
    const struct bus_region *r = &c->bus->regions[idx];
    struct memsys *m = c->mem;
    if (m && m->has_dc && idx < BUS_MAX_REGIONS && m->cached[idx]) {
        enum cache_result res = cache_access(&m->dc, addr, write);
        if (res == CACHE_HIT)
            return m->dc.cfg.hit_cycles;
        unsigned cost = m->dc.cfg.miss_cycles + fill_cost(&m->dc, r->wait_read);
        bus_charge(c->bus, (unsigned)idx, false, fill_cost(&m->dc, 1)); /* energy per beat */
        if (res == CACHE_MISS_WRITEBACK) { /* the victim's region is taken to be this one */
            cost += fill_cost(&m->dc, r->wait_write);
            bus_charge(c->bus, (unsigned)idx, true, fill_cost(&m->dc, 1));
        }
        return cost;
    }
    bus_charge(c->bus, (unsigned)idx, write, 1); /* read_pj/write_pj, emu/bus.h */
    return write ? r->wait_write : r->wait_read;
}

bool memsys_fetch_cached(const struct cpu *c, uint32_t addr)
{
    const struct memsys *m = c->mem;
    int idx = region_of(c->bus, addr);
    return m && m->has_ic && idx >= 0 && m->cached[idx];
}

unsigned memsys_fetch_cost(struct cpu *c, uint32_t addr, unsigned len)
{
    if (!memsys_fetch_cached(c, addr))
        return 0;
    struct memsys *m = c->mem;
    const struct bus_region *r = &c->bus->regions[region_of(c->bus, addr)];
    unsigned cost = 0;
    uint32_t first = addr >> m->ic.line_bits, last = (addr + len - 1) >> m->ic.line_bits;
    for (uint32_t l = first; l <= last; l++)
        if (cache_access(&m->ic, l << m->ic.line_bits, false) != CACHE_HIT)
            cost += m->ic.cfg.miss_cycles + fill_cost(&m->ic, r->wait_read);
    return cost;
}

unsigned memsys_fetch_wait(const struct cpu *c, uint32_t addr)
{
    int idx = region_of(c->bus, addr);
    if (idx < 0 || memsys_fetch_cached(c, addr))
        return 0;
    return c->bus->regions[idx].wait_read;
}
