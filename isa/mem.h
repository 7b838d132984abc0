/* The memory interface the core is written against: the system bus's
 * page tables and regions, and the accesses the core makes. The core
 * (isa/) owns this contract; emu/bus.c implements it, and emu/bus.h adds
 * what only the machine needs (building the map, debugger and bus-master
 * accesses). So isa/ includes nothing of emu/.
 *
 * Fast path: two flat tables (one entry per 4 KiB page of the 4 GiB space)
 * give a host pointer for loads and for stores. A NULL entry sends the
 * access down the slow path: MMIO, unmapped space (a bus error), a store to
 * read-only memory, an access that straddles a page, or a store into a page
 * that holds decoded code (so the code cache is invalidated). */
#ifndef TTEMU_ISA_MEM_H
#define TTEMU_ISA_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BUS_PAGE_BITS 12u
#define BUS_PAGE_SIZE (1u << BUS_PAGE_BITS)
#define BUS_NPAGES    (1u << (32u - BUS_PAGE_BITS))
#define BUS_MAX_REGIONS 64
#define BUS_NO_REGION 0xffffu

enum region_kind { REGION_RAM, REGION_ROM, REGION_MMIO };

/* Access sizes an MMIO region accepts (bus_region.sizes): a mask of
 * these, or 0 for any size (the default: a model that says nothing takes
 * all). The bus never calls a device's read/write with a size outside the
 * mask: such an access is a bus error (the core's precise BusFault), as on
 * a part whose registers answer only word accesses. */
#define MMIO_SIZE_8  1u
#define MMIO_SIZE_16 2u
#define MMIO_SIZE_32 4u

/* An MMIO device answers reads and writes at an offset into its window.
 * size is 1, 2 or 4. A read returns false for a bus error. */
struct mmio_ops {
    bool (*read)(void *dev, uint32_t offset, unsigned size, uint32_t *value);
    bool (*write)(void *dev, uint32_t offset, unsigned size, uint32_t value);
};

struct bus_region {
    char name[32];
    uint32_t base, size;
    enum region_kind kind;
    uint8_t *host;              /* RAM/ROM backing store, owned by the bus */
    const struct mmio_ops *ops; /* MMIO */
    void *dev;
    unsigned sizes;             /* MMIO: MMIO_SIZE_* mask, 0: any */
    uint8_t wait_read, wait_write; /* extra cycles per access (timing model) */
    double read_pj, write_pj;   /* energy per access, charged through on_energy */
    int power;                  /* the power component it goes to, -1: none */
};

/* Called when a store hits a page holding decoded code. */
typedef void (*bus_code_write_fn)(void *ctx, uint32_t addr, unsigned len);
/* Called with the energy of accesses to a region that has read_pj/write_pj
 * (its power component, the picojoules). */
typedef void (*bus_energy_fn)(void *ctx, int power, double energy_pj);

struct bus {
    uint8_t **rmap, **wmap;      /* BUS_NPAGES entries each */
    uint16_t *page_region;       /* region index per page */
    uint8_t *code_page;          /* 1 where the code cache holds decoded code */
    struct bus_region regions[BUS_MAX_REGIONS];
    unsigned nregions;
    bus_code_write_fn on_code_write;
    void *code_ctx;
    bus_energy_fn on_energy;
    void *energy_ctx;
};

const struct bus_region *bus_region_at(const struct bus *b, uint32_t addr);

/* CPU-side accesses (obey ROM, raise bus errors by returning false). */
bool bus_read(struct bus *b, uint32_t addr, unsigned size, uint32_t *value);
bool bus_write(struct bus *b, uint32_t addr, unsigned size, uint32_t value);

/* Sends every access to region idx down the slow path (NULL page-table
 * entries), where the timing model charges wait states and cache costs. */
void bus_set_slow(struct bus *b, unsigned idx);

/* The code cache marks and unmarks pages it has decoded. */
void bus_mark_code_page(struct bus *b, uint32_t page);
void bus_unmark_code_page(struct bus *b, uint32_t page);

/* Charges n accesses to region idx: n x read_pj (or write_pj) to its
 * power component (nothing when it has no energy or no hook). */
void bus_charge(struct bus *b, unsigned idx, bool write, uint64_t n);

#endif
