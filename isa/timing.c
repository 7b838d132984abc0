/* Decode-time timing: an instruction's cost given how it is entered.
 * Pipelining and dual-issue depend on the instruction that ran before: its
 * straight-line predecessor when entered by fall-through (i->cyc), nothing
 * when entered by a taken branch, an exception entry or return (i->cyc +
 * i->cyc_entry_adj, charged by cpu_enter). Deciding both once per address,
 * when the instruction is decoded, keeps the run loop to a single add.
 * docs/timing.md gives the source of every rule. */
#include "isa/timing.h"

#include "isa/cache.h"
#include "isa/codecache.h"
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

static bool is_load(unsigned k) { return k == K_LOAD || k == K_EXCL_LOAD; }

/* The M4's pipeline refill P after a taken branch (TRM 3.3.1: "1 to 3
 * depending on the alignment and width of the target instruction, and
 * whether the processor manages to speculate the address early"). A direct
 * branch (B, B<c>, CB(N)Z, BL) has its target in the instruction, which
 * the decode stage speculates: P = 1, one more when the target is a 32-bit
 * instruction at 2 mod 4 (its second halfword is in the next fetch word).
 * Sources: LLVM ARMScheduleM4.td, MispredictPenalty = 2 "Best case branch
 * taken cost"; published DWT measurements on a Cortex-M4
 * (compendium.i-0.nl, "Branch timing": a taken branch 2 cycles, 3 to an
 * unaligned wide instruction). BX/BLX take their target from a register:
 * P = 2 is our assumption (docs/timing.md). Loads to the PC and TBB/TBH
 * carry their refill in the static cost (isa/models.c). */
static uint8_t m4_refill(unsigned k, bool wide)
{
    if (k == K_BX)
        return 2;
    return (uint8_t)(1 + wide);
}

/* Cortex-M4 TRM r0p1 3.3.1 and its "Load/store timings" (the text the
 * Cortex-M3 TRM r2p0 3.3.1 shares): a single load or store issues in 2;
 * "LDR [any] are pipelined when possible": after a load, the next load or
 * store whose address does not use that load's destination loses one cycle;
 * "STR Rx,[Ry,#imm] is always one cycle" (its data phase overlaps the next
 * instruction); "nothing can be pipelined after the store"; "any load or
 * store that generates an address dependent on the result of a preceding
 * data processing operation will stall the pipeline for an additional
 * cycle". Taken branches refill: 1+P (m4_refill; the handler adds P).
 * prev is NULL when the instruction is
 * entered by a taken branch or an exception: nothing pipelines into it. */
static void cost_m4(const struct cpu_model *m, struct insn *i, const struct insn *prev, bool wide)
{
    unsigned cost = m->static_cost[i->kind];
    if (i->kind == K_STORE && !(i->flags & IF_REGOFF))
        cost = 1;
    else if (prev && is_single_ls(i->kind) && is_load(prev->kind) && !address_depends(i, prev) &&
             cost > 1)
        cost -= 1;
    if (prev && is_single_ls(i->kind) && is_alu(prev->kind) && address_depends(i, prev))
        cost += 1;
    i->cyc = (uint8_t)cost;
    i->cyc_taken = is_branch(i->kind) ? m4_refill(i->kind, wide) : 0;
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

/* Extra latency a consumer sees right after a producer (result latency
 * minus one): load-use 2, MUL/MAC 2, FP add/mul 3, FP MAC 6 (PAPER.md's
 * summary of the M7 TRM; LLVM ARMScheduleM7.td LoadLatency 2, WriteMUL*
 * and WriteMAC* 2). A consumer that reads a register early (address,
 * shifter operand) waits one more cycle (m7_early_reads), one that reads
 * it late (a MAC's accumulator) one less (m7_late_reads). */
static unsigned m7_result_stall(const struct insn *p)
{
    switch (p->kind) {
    case K_LOAD: case K_LDRD: case K_LDM: case K_MUL: case K_MAC:
    case K_MUL_LONG: case K_MAC_LONG: case K_EXCL_LOAD:
        return 1;
    case K_FP_ALU: case K_FP_MUL: case K_FP_DP_ALU: case K_FP_DP_MUL: return 2;
    case K_FP_MAC: case K_FP_DP_MAC: return 5;
    default: return 0;
    }
}

/* Uses the M7's single early (EX1) shifter. LLVM ARMScheduleM7.td puts
 * shifted-register ALU operations, register-controlled shifts, bitfield,
 * extend, saturate and PKH on one resource, M7UnitShift1; published
 * measurements on an STM32H7 (the mastodon/quinapalus-style notes cited in
 * docs/timing.md) add that 16-bit immediate shifts and modified immediates
 * that do not fit in the low 8 bits count too. */
static bool m7_uses_shifter(const struct insn *i)
{
    switch (i->kind) {
    case K_ALU_SHIFT_REG: case K_BITFIELD: case K_EXTEND: case K_SAT:
        return true;
    case K_ALU: case K_MOV: case K_CMP:
        return (i->tattr & TA_SHIFTER) != 0; /* set by the decoder (isa/dp.c) */
    default:
        return false;
    }
}

/* Issues only as the older instruction of a pair (LLVM BeginGroup /
 * M7Slot0Only: DSP/SIMD, extend, bitfield, saturate; double-precision FP). */
static bool m7_older_only(unsigned k)
{
    switch (k) {
    case K_DSP: case K_EXTEND: case K_BITFIELD: case K_SAT:
    case K_FP_DP_ALU: case K_FP_DP_MUL: case K_FP_DP_MAC:
        return true;
    default:
        return false;
    }
}

/* Registers the instruction reads a cycle early, at EX1 (LLVM
 * M7Read_ISS, M7Ex1ReadNoFastBypass): load/store addresses (a store's data
 * register is read late) and the operands of shifter instructions. */
static uint16_t m7_early_reads(const struct insn *i)
{
    switch (i->kind) {
    case K_LOAD: case K_LOAD_PC: case K_LDRD: case K_LDM: case K_EXCL_LOAD: case K_FP_LOAD:
    case K_FP_LDM: case K_TBB:
        return i->rmask;
    case K_STORE: case K_STRD: case K_EXCL_STORE:
        return (uint16_t)((1u << i->rn) | (i->rmask & (1u << i->rm) & ~(1u << i->rd)));
    case K_STM: case K_FP_STORE: case K_FP_STM:
        return (uint16_t)(1u << i->rn);
    default:
        return m7_uses_shifter(i) ? i->rmask : 0;
    }
}

/* Registers read a cycle late, at EX3: the accumulator of a 32-bit MAC
 * (LLVM ReadAdvance<ReadMAC, 1>), so an accumulate chain (MLA r0, .., r0)
 * does not stall on the MAC latency. */
static uint16_t m7_late_reads(const struct insn *i)
{
    if (i->kind == K_MAC && i->ra != i->rn && i->ra != i->rm)
        return (uint16_t)(1u << i->ra);
    return 0;
}

/* Stall of i after prev when i reads what prev writes (dep != 0). */
static unsigned m7_dependency_stall(const struct insn *prev, const struct insn *i, uint16_t dep)
{
    int stall = (int)m7_result_stall(prev);
    if (dep & m7_early_reads(i))
        stall += 1;
    else if (!(dep & ~m7_late_reads(i)))
        stall -= 1;
    return stall > 0 ? (unsigned)stall : 0;
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
    if (m7_older_only(i->kind))
        return false;
    if (m7_uses_shifter(prev) && m7_uses_shifter(i)) /* one EX1 shifter */
        return false;
    return !(i->rmask & prev->wmask);
}

/* Cortex-M7: dual issue with the predecessor when the slots allow and no
 * dependency exists; result latencies stall a dependent successor, one
 * cycle more when the consumer reads the register early (an address, a
 * shifted operand). The branch predictor is modelled as static
 * backward-taken/forward-not-taken: a correctly predicted branch costs
 * nothing extra, a mispredicted one the refill: 6 for a forward branch
 * (LLVM ARMScheduleM7.td: "Mispredict cost for forward branches is 6"),
 * 4 otherwise (its MispredictPenalty). */
#define M7_MISPREDICT 4
#define M7_MISPREDICT_FWD 6

static void cost_m7(const struct cpu_model *m, struct insn *i, const struct insn *prev)
{
    unsigned cost = m->static_cost[i->kind];
    if (prev) {
        uint16_t dep = i->rmask & prev->wmask;
        if (dep)
            cost += m7_dependency_stall(prev, i, dep);
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
            i->cyc_taken = M7_MISPREDICT_FWD;
    } else if (i->kind == K_BX) {
        i->cyc_taken = M7_MISPREDICT; /* indirect: no prediction modelled */
    }
}

static void cost(const struct cpu_model *m, struct insn *i, const struct insn *prev, bool wide)
{
    if (m->kind == CPU_CORTEX_M7)
        cost_m7(m, i, prev);
    else
        cost_m4(m, i, prev, wide);
}

static int8_t clamp8(int v) { return (int8_t)(v > 127 ? 127 : v < -128 ? -128 : v); }

/* Costed twice: entered non-sequentially (no predecessor in the pipeline:
 * after a taken branch the target starts a new issue group and nothing
 * pipelines into it), then after its straight-line predecessor. */
void timing_decode(const struct cpu_model *m, struct insn *i, const struct insn *prev,
                   bool target_wide_unaligned)
{
    cost(m, i, NULL, target_wide_unaligned);
    int entry = i->cyc;
    cost(m, i, prev, target_wide_unaligned);
    i->cyc_entry_adj = clamp8(entry - i->cyc);
}

static uint8_t sat8(unsigned v) { return (uint8_t)(v > 255 ? 255 : v); }

/* Fetch through a prefetch (line) buffer of TIMING_FETCH_LINE bytes: the
 * buffer requests the next line as soon as the core starts on the current
 * one, and a line takes W + 1 cycles to arrive from a region with W read
 * wait states (1 from zero-wait memory). Straight-line code therefore
 * stalls max(0, W + 1 - T) cycles when it enters a line, T being the
 * cycles it spent in the previous line (the class costs of the decoded
 * straight-line instructions there, without their own fetch stalls, which
 * happened before that line arrived); the stall is charged to the
 * instruction whose bytes first reach into the new line. A line entered by
 * a branch is a non-sequential fetch and costs W, paid by the branch (its
 * taken cost, for direct branches). Cached code (M7 with an I-cache)
 * instead pays a line fill the first time the line is decoded. */
static unsigned cycles_in_line(const struct cpu_model *m, const struct insn *p, uint32_t line)
{
    unsigned t = 0;
    for (; p && p->addr / TIMING_FETCH_LINE == line; p = cc_predecessor(p))
        t += m->static_cost[p->kind]; /* the class cost: fetch stalls come before the line */
    return t;
}

void timing_fetch(struct cpu *c, struct insn *e, const struct insn *prev)
{
    unsigned len = 2u * e->hw;
    if (memsys_fetch_cached(c, e->addr)) {
        c->cycles += memsys_fetch_cost(c, e->addr, len);
    } else {
        unsigned w = memsys_fetch_wait(c, e->addr);
        if (w) {
            uint32_t last = (e->addr + len - 1) / TIMING_FETCH_LINE;
            uint32_t seen = prev ? (prev->addr + 2u * prev->hw - 1) / TIMING_FETCH_LINE
                                 : e->addr / TIMING_FETCH_LINE;
            if (last > seen) {
                unsigned t = cycles_in_line(c->model, prev, seen);
                unsigned stall = t == 0 ? w : w + 1 > t ? w + 1 - t : 0;
                uint8_t seq = sat8(e->cyc + stall + w * (last - seen - 1));
                /* Entered by a branch, the branch paid the line's fetch. */
                e->cyc_entry_adj = clamp8(e->cyc_entry_adj - (seq - e->cyc));
                e->cyc = seq;
            }
        }
    }
    if (e->kind == K_BRANCH || e->kind == K_BRANCH_COND || e->kind == K_BL)
        e->cyc_taken = sat8(e->cyc_taken + memsys_fetch_wait(c, e->imm));
}
