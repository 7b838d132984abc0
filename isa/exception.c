/* Exception model. This first version has no exception entry: a fault
 * stops the core with a message naming the address and the encoding.
 * (The system issue replaces it with the full B1.5 model.) */
#include <stdio.h>

#include "isa/codecache.h"
#include "isa/exec.h"

static const char *fault_name(uint32_t bits)
{
    if (bits & UFSR_UNDEFINSTR) return "undefined instruction";
    if (bits & UFSR_INVSTATE) return "invalid state (branch to an even address)";
    if (bits & UFSR_INVPC) return "invalid EXC_RETURN";
    if (bits & UFSR_NOCP) return "coprocessor access with the FPU off or absent";
    if (bits & UFSR_UNALIGNED) return "unaligned access";
    if (bits & UFSR_DIVBYZERO) return "divide by zero";
    if (bits & BFSR_IBUSERR) return "instruction fetch from unmapped or non-executable memory";
    if (bits & BFSR_PRECISERR) return "data access to unmapped memory";
    return "fault";
}

void exc_fault(struct cpu *c, int exc, uint32_t cfsr_bits, uint32_t addr)
{
    char msg[160];
    uint32_t raw = cc_lookup(c, c->pc)->raw;
    int n = snprintf(msg, sizeof msg, "%s at pc 0x%08x", fault_name(cfsr_bits), c->pc);
    if ((cfsr_bits & UFSR_UNDEFINSTR) && raw > 0xffff)
        snprintf(msg + n, sizeof msg - (size_t)n, " (encoding %04x %04x)", raw >> 16, raw & 0xffff);
    else if (cfsr_bits & UFSR_UNDEFINSTR)
        snprintf(msg + n, sizeof msg - (size_t)n, " (encoding %04x)", raw);
    else if (cfsr_bits & BFSR_BFARVALID)
        snprintf(msg + n, sizeof msg - (size_t)n, ", address 0x%08x", addr);
    (void)exc;
    if (c->env.report)
        c->env.report(c->env.ctx, c, msg);
    cpu_stop_with(c, (cfsr_bits & UFSR_UNDEFINSTR) ? CPU_STOP_UNDEF : CPU_STOP_LOCKUP);
}

uint32_t exc_return(struct cpu *c, uint32_t value)
{
    (void)value;
    cpu_fault(c, EXC_USAGEFAULT, UFSR_INVPC, 0);
}

void exc_svc(struct cpu *c, uint32_t return_addr)
{
    (void)return_addr;
    if (c->env.report)
        c->env.report(c->env.ctx, c, "SVC with no exception model");
    cpu_stop_with(c, CPU_STOP_LOCKUP);
}

bool exc_take_pending(struct cpu *c)
{
    (void)c;
    return false;
}

bool exc_wakeup_pending(const struct cpu *c)
{
    (void)c;
    return false;
}
