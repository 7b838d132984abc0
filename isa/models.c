/* The core models: identity and static instruction costs. The dynamic
 * part of timing (wait states, taken branches, pipelining) is added by the
 * handlers and the timing code; see docs/timing.md. */
#include <string.h>

#include "isa/cpu.h"
#include "isa/insn.h"

/* Cortex-M4 TRM r0p1, 3.3.1 "Cortex-M4 instruction timings": the issue
 * cost of each class. Branches are 1+P: the 1 is here, the refill P is
 * added when taken (isa/timing.c). TBB/TBH and LDR PC always branch, and
 * the TRM's load/store timings spell their cost out: LDR PC "at least two
 * cycles for the load, and three cycles for the pipeline reload" (5);
 * TBB/TBH "two cycles for the load, one cycle for the add, and three
 * cycles for the pipeline reload" (6). Loads 2, pipelining with a
 * neighbour. */
static const uint8_t m4_cost[K_COUNT] = {
    [K_ALU] = 1, [K_ALU_SHIFT_REG] = 1, [K_MOV] = 1, [K_CMP] = 1,
    [K_BRANCH] = 1, [K_BRANCH_COND] = 1, [K_BL] = 1, [K_BX] = 1, [K_TBB] = 6,
    [K_LOAD] = 2, [K_STORE] = 2, [K_LOAD_PC] = 5, [K_LDM] = 1, [K_STM] = 1,
    [K_LDRD] = 3, [K_STRD] = 3, [K_MUL] = 1, [K_MUL_LONG] = 1, [K_MAC] = 1,
    [K_MAC_LONG] = 1, [K_DIV] = 2, [K_DSP] = 1, [K_SAT] = 1, [K_BITFIELD] = 1,
    [K_EXTEND] = 1, [K_IT] = 1, [K_NOP] = 1, [K_BARRIER] = 4, [K_SYS] = 1,
    [K_MRS] = 2, [K_MSR] = 2, [K_HINT_SLEEP] = 1, [K_EXCL_LOAD] = 2,
    [K_EXCL_STORE] = 2, [K_BKPT] = 1, [K_SVC] = 1, [K_UNDEF] = 1,
    [K_FP_ALU] = 1, [K_FP_MUL] = 1, [K_FP_MAC] = 3, [K_FP_DIV] = 14, [K_FP_SQRT] = 14,
    [K_FP_MOV] = 1, [K_FP_CVT] = 1, [K_FP_CMP] = 1, [K_FP_LOAD] = 2, [K_FP_STORE] = 2,
    [K_FP_LDM] = 1, [K_FP_STM] = 1, [K_FP_SYS] = 1,
};

/* Cortex-M7: single-issue view of the latencies (PAPER.md's summary of the
 * M7 TRM; LLVM ARMScheduleM7.td); dual issue and the caches are modelled in
 * isa/timing.c and isa/cache.c. The divide is its static 7: the M4's
 * early-termination term is not added on this core. */
static const uint8_t m7_cost[K_COUNT] = {
    [K_ALU] = 1, [K_ALU_SHIFT_REG] = 1, [K_MOV] = 1, [K_CMP] = 1,
    [K_BRANCH] = 1, [K_BRANCH_COND] = 1, [K_BL] = 1, [K_BX] = 1, [K_TBB] = 3,
    [K_LOAD] = 1, [K_STORE] = 1, [K_LOAD_PC] = 3, [K_LDM] = 1, [K_STM] = 1,
    [K_LDRD] = 1, [K_STRD] = 1, [K_MUL] = 1, [K_MUL_LONG] = 1, [K_MAC] = 1,
    [K_MAC_LONG] = 1, [K_DIV] = 7, [K_DSP] = 1, [K_SAT] = 1, [K_BITFIELD] = 1,
    [K_EXTEND] = 1, [K_IT] = 1, [K_NOP] = 1, [K_BARRIER] = 4, [K_SYS] = 1,
    [K_MRS] = 1, [K_MSR] = 2, [K_HINT_SLEEP] = 1, [K_EXCL_LOAD] = 1,
    [K_EXCL_STORE] = 1, [K_BKPT] = 1, [K_SVC] = 1, [K_UNDEF] = 1,
    [K_FP_ALU] = 1, [K_FP_MUL] = 1, [K_FP_MAC] = 1, [K_FP_DIV] = 16, [K_FP_SQRT] = 16,
    [K_FP_MOV] = 1, [K_FP_CVT] = 1, [K_FP_CMP] = 1, [K_FP_LOAD] = 1, [K_FP_STORE] = 1,
    [K_FP_LDM] = 1, [K_FP_STM] = 1, [K_FP_SYS] = 1, [K_FP_DP_ALU] = 1, [K_FP_DP_MUL] = 1,
    [K_FP_DP_MAC] = 1, [K_FP_DP_DIV] = 31, [K_FP_DP_SQRT] = 31,
};

/* The M4 divide: "2-12, early termination" (TRM 3.3.1). */
static const struct cpu_model models[] = {
    /* CPUID values: Cortex-M4 r0p1 0x410fc241, Cortex-M7 r1p2 0x411fc272 (TRMs). */
    { "cortex-m4",  CPU_CORTEX_M4, false, false, 0x410fc241u, m4_cost, true },
    { "cortex-m4f", CPU_CORTEX_M4, true,  false, 0x410fc241u, m4_cost, true },
    { "cortex-m7",  CPU_CORTEX_M7, true,  true,  0x411fc272u, m7_cost, false },
};

const struct cpu_model *cpu_model_find(const char *name)
{
    for (size_t k = 0; k < sizeof models / sizeof models[0]; k++)
        if (!strcmp(models[k].name, name))
            return &models[k];
    return NULL;
}
