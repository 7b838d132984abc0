/* Slow paths of data accesses: MMIO, page-straddling, code pages, bus
 * errors, and memory with wait states or behind the D-cache (which pay
 * their cycles here, isa/cache.h). A bus error is a precise BusFault with BFAR (B3.2.15). */
#include "isa/exec.h"

#include "isa/cache.h"

uint32_t cpu_load_slow(struct cpu *c, uint32_t addr, unsigned size)
{
    uint32_t v;
    if (!bus_read(c->bus, addr, size, &v))
        cpu_fault(c, EXC_BUSFAULT, BFSR_PRECISERR | BFSR_BFARVALID, addr);
    c->cycles += memsys_data_cost(c, addr, false); /* wait states, D-cache */
    return v;
}

void cpu_store_slow(struct cpu *c, uint32_t addr, unsigned size, uint32_t v)
{
    if (!bus_write(c->bus, addr, size, v))
        cpu_fault(c, EXC_BUSFAULT, BFSR_PRECISERR | BFSR_BFARVALID, addr);
    c->cycles += memsys_data_cost(c, addr, true); /* wait states, D-cache */
}
