/* The system bus (emu/bus.c): memory regions and memory-mapped devices.
 * The part the core uses (page tables, regions, bus_read/bus_write, code
 * pages) is isa/mem.h; this adds building the map, and the debugger's and
 * bus masters' accesses. */
#ifndef TTEMU_EMU_BUS_H
#define TTEMU_EMU_BUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "isa/mem.h"

/* Returns 0 (out of memory exits, emu/xalloc.h). */
int  bus_init(struct bus *b);
void bus_free(struct bus *b);
/* Regions must be page aligned and must not overlap; returns the index or
 * -1 with a message in err. */
int bus_add_memory(struct bus *b, const char *name, uint32_t base, uint32_t size,
                   enum region_kind kind, char *err, size_t errlen);
int bus_add_mmio(struct bus *b, const char *name, uint32_t base, uint32_t size,
                 const struct mmio_ops *ops, void *dev, char *err, size_t errlen);

/* Debugger/loader accesses: may write ROM, never touch MMIO side effects
 * except through ops; return false where nothing is mapped. */
bool bus_debug_read(struct bus *b, uint32_t addr, void *buf, size_t len);
bool bus_debug_write(struct bus *b, uint32_t addr, const void *buf, size_t len);
/* True if [addr, addr+len) lies entirely in RAM or ROM. */
bool bus_is_memory(const struct bus *b, uint32_t addr, uint32_t len);

/* Bus-master accesses (DMA, camera, accelerators): they obey the regions
 * as the core does: a write to ROM or flash, unmapped space or an MMIO
 * register that refuses is a bus error (false; the regions before the one
 * that refused have moved, as a real master's earlier beats would). The
 * master moves 32-bit beats (BUS_MASTER_BEAT bytes, aligned); each beat
 * charges its region's read_pj/write_pj. MMIO is accessed in the widest
 * size the device accepts that the beat's alignment allows. */
#define BUS_MASTER_BEAT 4u
bool bus_master_read(struct bus *b, uint32_t addr, void *buf, size_t len);
bool bus_master_write(struct bus *b, uint32_t addr, const void *buf, size_t len);
/* The wait states the regions add to such a transfer: for each beat, its
 * region's wait_read (or wait_write), in core cycles. No side effects. */
uint64_t bus_master_wait_cycles(const struct bus *b, uint32_t addr, size_t len, bool write);

#endif
