/* Decode-time timing: an instruction's cost given the instruction before it
 * in straight-line code. Pipelining and dual-issue depend on neighbours;
 * deciding them once per address, when the instruction is decoded, keeps
 * the run loop to a single add. The approximation: an instruction reached
 * by a branch is costed as if its straight-line predecessor had run.
 * docs/timing.md gives the source of every rule. */
#include "isa/timing.h"

#include "isa/cpu.h"

static bool is_single_ls(unsigned k) { return k == K_LOAD || k == K_STORE; }

static bool is_alu(unsigned k)
{
    return k == K_ALU || k == K_ALU_SHIFT_REG || k == K_MOV || k == K_EXTEND ||
           k == K_BITFIELD || k == K_DSP || k == K_SAT || k == K_MUL || k == K_MAC;
}

static bool is_branch(unsigned k)
{
    return k == K_BRANCH || k == K_BRANCH_COND || k == K_BL || k == K_BX || k == K_TBB;
}

/* Base register of a load/store: the first register it reads. */
static bool address_depends(const struct insn *i, const struct insn *prev)
{
    return (i->rmask & prev->wmask & (1u << i->rn)) != 0;
}

/* Cortex-M4 TRM 3.3.1: loads/stores 2 cycles, but neighbouring single
 * loads/stores pipeline (N in N+1); an address computed by the previous
 * instruction stalls one cycle (PAPER.md, "an address that depends on the
 * previous ALU result stalls one cycle"). Taken branches refill: 1+P,
 * P 1-3 by target alignment and width (the handler adds the target part). */
static void cost_m4(const struct cpu_model *m, struct insn *i, const struct insn *prev, bool wide)
{
    unsigned cost = m->static_cost[i->kind];
    if (prev && is_single_ls(i->kind)) {
        if (is_single_ls(prev->kind) && !address_depends(i, prev) && cost > 1)
            cost -= 1;
        else if (is_alu(prev->kind) && address_depends(i, prev))
            cost += 1;
    }
    i->cyc = (uint8_t)cost;
    i->cyc_taken = is_branch(i->kind) ? (uint8_t)(2 + wide) : 0;
    i->cyc_nottaken = 0;
}

/* Which M7 issue slot an instruction needs (TRM 3.3: two ALU, two load,
 * one store, one MAC, one branch, one FPU per cycle; LDM/STM, LDRD/STRD,
 * TBB/TBH and divide issue alone). */
enum slot { SLOT_ALONE, SLOT_ALU, SLOT_LOAD, SLOT_STORE, SLOT_MAC, SLOT_BRANCH, SLOT_FPU };

static enum slot m7_slot(unsigned k)
{
    switch (k) {
    case K_ALU: case K_ALU_SHIFT_REG: case K_MOV: case K_CMP: case K_EXTEND:
    case K_BITFIELD: case K_SAT: case K_DSP: case K_NOP: case K_IT:
        return SLOT_ALU;
    case K_LOAD: case K_LOAD_PC: case K_FP_LOAD: return SLOT_LOAD;
    case K_STORE: case K_FP_STORE: return SLOT_STORE;
    case K_MUL: case K_MAC: case K_MUL_LONG: case K_MAC_LONG: return SLOT_MAC;
    case K_BRANCH: case K_BRANCH_COND: case K_BL: case K_BX: return SLOT_BRANCH;
    case K_FP_ALU: case K_FP_MUL: case K_FP_MAC: case K_FP_MOV: case K_FP_CVT: case K_FP_CMP:
    case K_FP_DP_ALU: case K_FP_DP_MUL: case K_FP_DP_MAC:
        return SLOT_FPU;
    default: return SLOT_ALONE;
    }
}

/* Extra latency a consumer sees right after a producer of this kind
 * (result latency minus one): load-use 2, MUL/MAC 2, FP add/mul 3,
 * FP MAC 6 (PAPER.md's summary of the M7 TRM). */
static unsigned m7_result_stall(unsigned k)
{
    switch (k) {
    case K_LOAD: case K_LDRD: case K_LDM: case K_MUL: case K_MAC:
    case K_MUL_LONG: case K_MAC_LONG: case K_EXCL_LOAD:
        return 1;
    case K_FP_ALU: case K_FP_MUL: case K_FP_DP_ALU: case K_FP_DP_MUL: return 2;
    case K_FP_MAC: case K_FP_DP_MAC: return 5;
    default: return 0;
    }
}

static bool m7_pairs(const struct insn *prev, const struct insn *i)
{
    enum slot a = m7_slot(prev->kind), b = m7_slot(i->kind);
    if (a == SLOT_ALONE || b == SLOT_ALONE || prev->cyc == 0 /* already the second of a pair */)
        return false;
    if (a == b && (a == SLOT_STORE || a == SLOT_MAC || a == SLOT_BRANCH || a == SLOT_FPU))
        return false;
    if (a == SLOT_BRANCH) /* the branch ends the issue group */
        return false;
    return !(i->rmask & prev->wmask);
}

/* Cortex-M7: dual issue with the predecessor when the slots allow and no
 * dependency exists; result latencies stall a dependent successor. The
 * branch predictor is modelled as static backward-taken/forward-not-taken:
 * a taken branch predicted taken costs nothing extra, a mispredicted one
 * the refill of the 6-stage pipeline. */
#define M7_MISPREDICT 4

static void cost_m7(const struct cpu_model *m, struct insn *i, const struct insn *prev)
{
    unsigned cost = m->static_cost[i->kind];
    if (prev) {
        bool depends = (i->rmask & prev->wmask) != 0;
        if (depends)
            cost += m7_result_stall(prev->kind);
        else if (m7_pairs(prev, i) && cost == 1)
            cost = 0;
    }
    i->cyc = (uint8_t)cost;
    i->cyc_taken = i->cyc_nottaken = 0;
    if (i->kind == K_BRANCH_COND) {
        bool backward = i->imm <= i->addr; /* the decoder put the target in imm */
        if (backward)
            i->cyc_nottaken = M7_MISPREDICT;
        else
            i->cyc_taken = M7_MISPREDICT;
    } else if (i->kind == K_BX) {
        i->cyc_taken = M7_MISPREDICT; /* indirect: no prediction modelled */
    }
}

void timing_decode(const struct cpu_model *m, struct insn *i, const struct insn *prev,
                   bool target_wide_unaligned)
{
    if (m->kind == CPU_CORTEX_M7)
        cost_m7(m, i, prev);
    else
        cost_m4(m, i, prev, target_wide_unaligned);
}
