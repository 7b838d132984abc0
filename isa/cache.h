/* Memory timing: per-region wait states charged where the access happens,
 * and the Cortex-M7 instruction and data caches (docs/timing.md).
 *
 * Zero-wait, uncached memory keeps the inline fast path of isa/exec.h: the
 * bus page tables point straight at it. A region with wait states, or a
 * cacheable region behind a modelled D-cache, gets NULL page-table entries
 * (bus_set_slow), so its accesses take cpu_load_slow/cpu_store_slow
 * (isa/memory.c), which add memsys_data_cost(). Instruction fetch is costed
 * at decode time (timing_fetch in isa/timing.c). */
#ifndef TTEMU_ISA_CACHE_H
#define TTEMU_ISA_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "isa/mem.h"

struct cpu;

/* A set-associative cache of tags only (the data lives in the bus's
 * memory: the cache changes time, never values). Write-back,
 * write-allocate, LRU replacement. */
struct cache_config {
    uint32_t size, line, ways;      /* bytes, bytes, ways; powers of two */
    unsigned hit_cycles;            /* extra cycles on a hit (0: hidden by the pipeline) */
    unsigned miss_cycles;           /* fixed miss latency, before the line fill's wait states */
};

struct cache {
    struct cache_config cfg;
    unsigned line_bits;
    uint32_t nsets;
    uint32_t *tag;                  /* nsets * ways; line address + 1, 0 = invalid */
    uint32_t *stamp;                /* last use, for LRU */
    uint8_t *dirty;
    uint32_t clock;
    uint64_t hits, misses, writebacks;
};

enum cache_result { CACHE_HIT, CACHE_MISS, CACHE_MISS_WRITEBACK };

/* 0, or -1 when the geometry is not powers of two or does not fit. */
int cache_init(struct cache *k, const struct cache_config *cfg);
void cache_free(struct cache *k);
/* Looks addr up, allocating on a miss (reads and writes); a write marks the
 * line dirty. A miss that evicts a dirty line reports the write-back. */
enum cache_result cache_access(struct cache *k, uint32_t addr, bool write);
void cache_invalidate_all(struct cache *k);

/* Line fills move 64 bits a beat (the M7's AXI master is 64 bits wide):
 * a fill costs the region's wait states once per beat. */
#define MEM_BEAT_BYTES 8u

struct memsys {
    struct cache ic, dc;
    bool has_ic, has_dc;
    uint8_t cached[BUS_MAX_REGIONS]; /* region is cacheable (default memory map) */
};

/* ARMv7-M default memory map (B3.1): Code 0x00000000-0x1fffffff, SRAM
 * 0x20000000-0x3fffffff and external RAM 0x60000000-0x9fffffff are Normal,
 * cacheable memory; peripherals, devices and the PPB are not. TCMs are never
 * cached (they sit beside the caches). */
bool mem_default_cacheable(uint32_t addr);

/* Builds the core's memory timing: ic/dc NULL for no such cache. Marks
 * slow every memory region with wait states or cached by a D-cache; c->mem
 * is set. Returns 0, or -1 (out of memory or a bad geometry). */
int memsys_attach(struct cpu *c, const struct cache_config *ic, const struct cache_config *dc);
/* The same, with is_tcm[k] true for the bus regions that are TCMs (never
 * cached): the machine reads these from the board (emu/machine.c). */
int memsys_attach_tcm(struct cpu *c, const struct cache_config *ic, const struct cache_config *dc,
                      const bool *is_tcm);
void memsys_detach(struct cpu *c);

/* Extra cycles of a data access that reached the slow path: the region's
 * wait states, or the D-cache's hit/miss cost for a cached region. */
unsigned memsys_data_cost(struct cpu *c, uint32_t addr, bool write);

/* Decode time: the one-off cost of fetching the I-cache line(s) holding
 * [addr, addr + len) when they are not resident (0 without an I-cache or
 * for uncached code), and whether the code is cached at all. */
unsigned memsys_fetch_cost(struct cpu *c, uint32_t addr, unsigned len);
bool memsys_fetch_cached(const struct cpu *c, uint32_t addr);
/* Fetch wait states of the region holding addr (0 when cached or none). */
unsigned memsys_fetch_wait(const struct cpu *c, uint32_t addr);

#endif
