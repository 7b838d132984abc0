/* The system bus: region table, page maps and the slow access path. */
#include "emu/bus.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/xalloc.h"

int bus_init(struct bus *b)
{
    memset(b, 0, sizeof *b);
    b->rmap = xcalloc(BUS_NPAGES, sizeof *b->rmap);
    b->wmap = xcalloc(BUS_NPAGES, sizeof *b->wmap);
    b->page_region = xmalloc(BUS_NPAGES * sizeof *b->page_region);
    b->code_page = xcalloc(BUS_NPAGES, 1);
    memset(b->page_region, 0xff, BUS_NPAGES * sizeof *b->page_region);
    return 0;
}

void bus_free(struct bus *b)
{
    for (unsigned k = 0; k < b->nregions; k++)
        free(b->regions[k].host);
    free(b->rmap);
    free(b->wmap);
    free(b->page_region);
    free(b->code_page);
    memset(b, 0, sizeof *b);
}

static int add_region(struct bus *b, const struct bus_region *r, char *err, size_t errlen)
{
    uint64_t end = (uint64_t)r->base + r->size;
    if (r->size == 0 || (r->base | r->size) & (BUS_PAGE_SIZE - 1) || end > (1ull << 32)) {
        snprintf(err, errlen, "region '%s' at 0x%08x size 0x%x: expected a non-empty, "
                 "4 KiB aligned range inside the 32-bit space", r->name, r->base, r->size);
        return -1;
    }
    if (b->nregions == BUS_MAX_REGIONS) {
        snprintf(err, errlen, "region '%s': more than %d regions", r->name, BUS_MAX_REGIONS);
        return -1;
    }
    for (uint64_t p = r->base >> BUS_PAGE_BITS; p < end >> BUS_PAGE_BITS; p++)
        if (b->page_region[p] != BUS_NO_REGION) {
            snprintf(err, errlen, "region '%s' at 0x%08x overlaps region '%s'", r->name,
                     r->base, b->regions[b->page_region[p]].name);
            return -1;
        }
    unsigned idx = b->nregions++;
    b->regions[idx] = *r;
    struct bus_region *reg = &b->regions[idx];
    for (uint64_t p = r->base >> BUS_PAGE_BITS; p < end >> BUS_PAGE_BITS; p++) {
        b->page_region[p] = (uint16_t)idx;
        if (reg->host) {
            uint8_t *host = reg->host + ((p << BUS_PAGE_BITS) - r->base);
            b->rmap[p] = host;
            b->wmap[p] = reg->kind == REGION_RAM ? host : NULL;
        }
    }
    return (int)idx;
}

int bus_add_memory(struct bus *b, const char *name, uint32_t base, uint32_t size,
                   enum region_kind kind, char *err, size_t errlen)
{
    struct bus_region r = { .base = base, .size = size, .kind = kind, .power = -1 };
    snprintf(r.name, sizeof r.name, "%s", name);
    r.host = xcalloc(1, size);
    int idx = add_region(b, &r, err, errlen);
    if (idx < 0)
        free(r.host);
    return idx;
}

int bus_add_mmio(struct bus *b, const char *name, uint32_t base, uint32_t size,
                 const struct mmio_ops *ops, void *dev, char *err, size_t errlen)
{
    struct bus_region r = { .base = base, .size = size, .kind = REGION_MMIO, .ops = ops, .dev = dev,
                            .power = -1 };
    snprintf(r.name, sizeof r.name, "%s", name);
    return add_region(b, &r, err, errlen);
}

const struct bus_region *bus_region_at(const struct bus *b, uint32_t addr)
{
    if (!b->page_region)
        return NULL;
    uint16_t idx = b->page_region[addr >> BUS_PAGE_BITS];
    return idx == BUS_NO_REGION ? NULL : &b->regions[idx];
}

static uint32_t load_le(const uint8_t *p, unsigned size)
{
    uint32_t v = 0;
    for (unsigned k = 0; k < size; k++)
        v |= (uint32_t)p[k] << (8 * k);
    return v;
}

static void store_le(uint8_t *p, unsigned size, uint32_t v)
{
    for (unsigned k = 0; k < size; k++)
        p[k] = (uint8_t)(v >> (8 * k));
}

static bool size_ok(const struct bus_region *r, unsigned size)
{
    return !r->sizes || (r->sizes & size);
}

/* An access that straddles regions or pages is split into bytes. */
static bool split_read(struct bus *b, uint32_t addr, unsigned size, uint32_t *value)
{
    uint32_t v = 0, byte;
    for (unsigned k = 0; k < size; k++) {
        if (!bus_read(b, addr + k, 1, &byte))
            return false;
        v |= byte << (8 * k);
    }
    *value = v;
    return true;
}

bool bus_read(struct bus *b, uint32_t addr, unsigned size, uint32_t *value)
{
    const struct bus_region *r = bus_region_at(b, addr);
    if (!r)
        return false;
    uint32_t off = addr - r->base;
    if (off + size > r->size || ((addr & (BUS_PAGE_SIZE - 1)) + size > BUS_PAGE_SIZE
                                 && r->kind != REGION_MMIO))
        return size > 1 && split_read(b, addr, size, value);
    if (r->kind == REGION_MMIO)
        return r->ops->read && size_ok(r, size) && r->ops->read(r->dev, off, size, value);
    *value = load_le(r->host + off, size);
    return true;
}

bool bus_write(struct bus *b, uint32_t addr, unsigned size, uint32_t value)
{
    const struct bus_region *r = bus_region_at(b, addr);
    if (!r || r->kind == REGION_ROM)
        return false;
    uint32_t off = addr - r->base;
    if (off + size > r->size || ((addr & (BUS_PAGE_SIZE - 1)) + size > BUS_PAGE_SIZE
                                 && r->kind != REGION_MMIO)) {
        for (unsigned k = 0; k < size; k++)
            if (!bus_write(b, addr + k, 1, (value >> (8 * k)) & 0xff))
                return false;
        return true;
    }
    if (r->kind == REGION_MMIO)
        return r->ops->write && size_ok(r, size) && r->ops->write(r->dev, off, size, value);
    if (b->code_page[addr >> BUS_PAGE_BITS] && b->on_code_write)
        b->on_code_write(b->code_ctx, addr, size);
    store_le(r->host + off, size, value);
    return true;
}

bool bus_is_memory(const struct bus *b, uint32_t addr, uint32_t len)
{
    for (uint64_t a = addr; a < (uint64_t)addr + len;) {
        const struct bus_region *r = bus_region_at(b, (uint32_t)a);
        if (!r || r->kind == REGION_MMIO)
            return false;
        a = (uint64_t)r->base + r->size;
    }
    return true;
}

static bool debug_access(struct bus *b, uint32_t addr, uint8_t *buf, size_t len, bool write)
{
    for (size_t k = 0; k < len; k++) {
        uint32_t a = addr + (uint32_t)k;
        const struct bus_region *r = bus_region_at(b, a);
        if (!r || (uint64_t)addr + k > 0xffffffffu)
            return false;
        if (r->kind == REGION_MMIO) {
            uint32_t v = 0;
            bool ok = write ? r->ops->write && r->ops->write(r->dev, a - r->base, 1, buf[k])
                            : r->ops->read && r->ops->read(r->dev, a - r->base, 1, &v);
            if (!ok)
                return false;
            if (!write)
                buf[k] = (uint8_t)v;
            continue;
        }
        if (write) {
            if (b->code_page[a >> BUS_PAGE_BITS] && b->on_code_write)
                b->on_code_write(b->code_ctx, a, 1);
            r->host[a - r->base] = buf[k];
        } else {
            buf[k] = r->host[a - r->base];
        }
    }
    return true;
}

bool bus_debug_read(struct bus *b, uint32_t addr, void *buf, size_t len)
{
    return debug_access(b, addr, buf, len, false);
}

bool bus_debug_write(struct bus *b, uint32_t addr, const void *buf, size_t len)
{
    return debug_access(b, addr, (uint8_t *)buf, len, true);
}

void bus_charge(struct bus *b, unsigned idx, bool write, uint64_t n)
{
    const struct bus_region *r = &b->regions[idx];
    double pj = write ? r->write_pj : r->read_pj;
    if (pj > 0 && n && r->power >= 0 && b->on_energy)
        b->on_energy(b->energy_ctx, r->power, pj * (double)n);
}

/* Beats of a master transfer over [a, end): aligned 32-bit words touched. */
static uint64_t beats(uint64_t a, uint64_t end)
{
    return (end + BUS_MASTER_BEAT - 1) / BUS_MASTER_BEAT - a / BUS_MASTER_BEAT;
}

/* The widest size the device takes that fits at off with n bytes left. */
static unsigned mmio_beat_size(const struct bus_region *r, uint32_t off, size_t n)
{
    for (unsigned size = 4; size; size /= 2)
        if (!(off & (size - 1)) && n >= size && size_ok(r, size))
            return size;
    return 0;
}

static bool master_mmio(const struct bus_region *r, uint32_t off, uint8_t *p, size_t n, bool write)
{
    for (size_t k = 0; k < n;) {
        unsigned size = mmio_beat_size(r, off + (uint32_t)k, n - k);
        uint32_t v = 0;
        if (!size || (write ? !r->ops->write : !r->ops->read))
            return false;
        if (write) {
            for (unsigned j = 0; j < size; j++)
                v |= (uint32_t)p[k + j] << (8 * j);
            if (!r->ops->write(r->dev, off + (uint32_t)k, size, v))
                return false;
        } else {
            if (!r->ops->read(r->dev, off + (uint32_t)k, size, &v))
                return false;
            for (unsigned j = 0; j < size; j++)
                p[k + j] = (uint8_t)(v >> (8 * j));
        }
        k += size;
    }
    return true;
}

static void master_store(struct bus *b, const struct bus_region *r, uint64_t a, const uint8_t *p, size_t n)
{
    for (uint64_t q = a; q < a + n; q = (q | (BUS_PAGE_SIZE - 1)) + 1) {
        uint64_t stop = (q | (BUS_PAGE_SIZE - 1)) + 1;
        if (stop > a + n)
            stop = a + n;
        if (b->code_page[q >> BUS_PAGE_BITS] && b->on_code_write)
            b->on_code_write(b->code_ctx, (uint32_t)q, (unsigned)(stop - q));
    }
    memcpy(r->host + (a - r->base), p, n);
}

static bool master_access(struct bus *b, uint32_t addr, uint8_t *buf, size_t len, bool write)
{
    uint64_t end = (uint64_t)addr + len;
    if (end > (1ull << 32))
        return false;
    for (uint64_t a = addr; a < end;) {
        const struct bus_region *r = bus_region_at(b, (uint32_t)a);
        if (!r || (write && r->kind == REGION_ROM))
            return false;
        uint64_t stop = (uint64_t)r->base + r->size < end ? (uint64_t)r->base + r->size : end;
        uint8_t *p = buf + (a - addr);
        size_t n = (size_t)(stop - a);
        if (r->kind == REGION_MMIO) {
            if (!master_mmio(r, (uint32_t)(a - r->base), p, n, write))
                return false;
        } else if (write) {
            master_store(b, r, a, p, n);
        } else {
            memcpy(p, r->host + (a - r->base), n);
        }
        bus_charge(b, (unsigned)(r - b->regions), write, beats(a, stop));
        a = stop;
    }
    return true;
}

bool bus_master_read(struct bus *b, uint32_t addr, void *buf, size_t len)
{
    return master_access(b, addr, buf, len, false);
}

bool bus_master_write(struct bus *b, uint32_t addr, const void *buf, size_t len)
{
    return master_access(b, addr, (uint8_t *)buf, len, true);
}

uint64_t bus_master_wait_cycles(const struct bus *b, uint32_t addr, size_t len, bool write)
{
    uint64_t end = (uint64_t)addr + len, cycles = 0;
    for (uint64_t a = addr; a < end && a < (1ull << 32);) {
        const struct bus_region *r = bus_region_at(b, (uint32_t)a);
        if (!r)
            break; /* the transfer ends in a bus error there */
        uint64_t stop = (uint64_t)r->base + r->size < end ? (uint64_t)r->base + r->size : end;
        cycles += beats(a, stop) * (write ? r->wait_write : r->wait_read);
        a = stop;
    }
    return cycles;
}

void bus_mark_code_page(struct bus *b, uint32_t page)
{
    b->code_page[page] = 1;
    b->wmap[page] = NULL;
}

void bus_unmark_code_page(struct bus *b, uint32_t page)
{
    b->code_page[page] = 0;
    uint16_t idx = b->page_region[page];
    if (idx != BUS_NO_REGION && b->regions[idx].kind == REGION_RAM)
        b->wmap[page] = b->rmap[page];
}

void bus_set_slow(struct bus *b, unsigned idx)
{
    const struct bus_region *r = &b->regions[idx];
    uint64_t end = (uint64_t)r->base + r->size;
    for (uint64_t p = r->base >> BUS_PAGE_BITS; p < end >> BUS_PAGE_BITS; p++)
        b->rmap[p] = b->wmap[p] = NULL;
}
