/* Slow paths of data accesses: MMIO, page-straddling, code pages, bus
 * errors, and memory with wait states or behind the D-cache (which pay
 * their cycles here, isa/cache.h). A bus error is a precise BusFault with BFAR (B3.2.15). */
#include "isa/exec.h"

#include "isa/cache.h"

/* Both run with exact cycle and instruction counts (cpu_block_sync): a
 * device may read the time or arm an event, and the wait states may bring
 * the deadline; either ends the block after this instruction. */
uint32_t cpu_load_slow(struct cpu *c, uint32_t addr, unsigned size)
{
    const struct insn *k = cpu_block_sync(c);
    uint32_t v;
    if (!bus_read(c->bus, addr, size, &v))
        cpu_fault(c, EXC_BUSFAULT, BFSR_PRECISERR | BFSR_BFARVALID, addr);
    c->cycles += memsys_data_cost(c, addr, false); /* wait states, D-cache */
    cpu_block_resume(c, k);
    return v;
}

void cpu_store_slow(struct cpu *c, uint32_t addr, unsigned size, uint32_t v)
{
    const struct insn *k = cpu_block_sync(c);
    if (!bus_write(c->bus, addr, size, v))
        cpu_fault(c, EXC_BUSFAULT, BFSR_PRECISERR | BFSR_BFARVALID, addr);
    c->cycles += memsys_data_cost(c, addr, true); /* wait states, D-cache */
    cpu_block_resume(c, k);
}
