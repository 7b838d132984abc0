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

/* Result latency of p on the M7: the cycles from p's issue to the issue of
 * a consumer that reads the register at the normal point (EX2, the late
 * ALU); a consumer reading it earlier or later shifts that by its read
 * advance (m7_read_advance). Sources, docs/timing.md "Cortex-M7":
 *  - word loads 1, byte and halfword loads 2: measured on an STM32H743
 *    (github.com/jnk0le/random, "pipeline cycle test", Cortex-M7: "word
 *    loads can be consumed by late ALU in next cycle"; "byte/half loads
 *    can be consumed in second cycle by late ALU (1 extra cycle of result
 *    latency), or third in early ALU"); LLVM ARMScheduleM7.td agrees per
 *    instruction (WriteLd 1, M7SlowLoad 2, LDRD M7LoadLatency1) against
 *    its LoadLatency 2 ("best case for load-use"), which the silicon
 *    figures overrule;
 *  - MUL/MAC 2 (LLVM WriteMUL*, WriteMAC*; jnk0le: "all multiplications
 *    and multiply accumulates have 1 additional cycle of result latency");
 *  - FP add/mul 3, FP MAC 6 (LLVM WriteFP*; jnk0le's table);
 *  - ADD, SUB, MOV without a shift (TA_EARLY_ALU) in the early ALU: 0, so
 *    a late-ALU consumer pairs with it and an address one issues the next
 *    cycle (jnk0le: "result of early alu can be forwarded to late alu in
 *    0 cycles, or early alu next cycle: add, sub ... mov"; "add, sub and
 *    non shifting mov can enter early alu from older op only"). It is in
 *    the early ALU when it is the older op (or alone) and its own
 *    operands were not just produced by its straight-line predecessor;
 *  - any other ALU instruction 1. */
static bool m7_in_early_alu(const struct insn *p)
{
    if (!(p->tattr & TA_EARLY_ALU) || p->cyc == 0 /* the younger of a pair */)
        return false;
    const struct insn *pp = cc_predecessor(p);
    return !pp || !(p->rmask & pp->wmask);
}

static int m7_latency(const struct insn *p)
{
    switch (p->kind) {
    case K_LOAD: case K_EXCL_LOAD:
        return (p->tattr & TA_SUBWORD) ? 2 : 1;
    case K_LDRD: case K_LDM: case K_FP_LOAD: case K_FP_LDM:
        return 1;
    case K_MUL: case K_MAC: case K_MUL_LONG: case K_MAC_LONG:
        return 2;
    case K_FP_ALU: case K_FP_MUL: case K_FP_DP_ALU: case K_FP_DP_MUL: return 3;
    case K_FP_MAC: case K_FP_DP_MAC: return 6;
    default:
        return m7_in_early_alu(p) ? 0 : 1;
    }
}

static bool is_m7_load(unsigned k)
{
    return k == K_LOAD || k == K_EXCL_LOAD || k == K_LDRD || k == K_LDM;
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
 * M7Read_ISS, M7Ex1ReadNoFastBypass): load/store addresses and the
 * operands of shifter instructions. */
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

/* The data register of a single store, read at the end of the pipeline:
 * jnk0le's STM32H743 measurements, "can store any result in same cycle,
 * including ldr, ldrh, ldrb" (two cycles late; LLVM's M7Read_EX2 gives
 * one). */
static uint16_t m7_store_data(const struct insn *i)
{
    if (i->kind != K_STORE && i->kind != K_STRD)
        return 0;
    uint16_t d = (uint16_t)(1u << i->rd | (i->kind == K_STRD ? 1u << i->ra : 0));
    return (uint16_t)(d & ~m7_early_reads(i));
}

/* Registers read a cycle late, at EX3: the accumulator of a 32-bit MAC
 * (LLVM ReadAdvance<ReadMAC, 1>; jnk0le: "accumulate dependency is
 * consumed cycle later"), so an accumulate chain does not stall. */
static uint16_t m7_late_reads(const struct insn *i)
{
    if (i->kind == K_MAC && i->ra != i->rn && i->ra != i->rm)
        return (uint16_t)(1u << i->ra);
    return 0;
}

/* The multiplicands of a multiply, which cannot take a load's result the
 * next cycle (jnk0le: "all multiplications and multiply accumulates can't
 * consume ldr result from previous cycle"): read early from a load. */
static uint16_t m7_mul_operands(const struct insn *i)
{
    switch (i->kind) {
    case K_MUL: case K_MAC: case K_MUL_LONG: case K_MAC_LONG:
        return (uint16_t)(i->rmask & ~m7_late_reads(i));
    default:
        return 0;
    }
}

/* The issue distance i needs after prev, which writes dep (a subset of
 * i's reads): the largest over dep of prev's latency minus i's read
 * advance for that register. 0 or less: the two may issue together. */
static int m7_distance(const struct insn *prev, const struct insn *i, uint16_t dep)
{
    int lat = m7_latency(prev), d = -2;
    uint16_t early = m7_early_reads(i), store = m7_store_data(i), late = m7_late_reads(i);
    if (is_m7_load(prev->kind))
        early |= m7_mul_operands(i);
    for (uint16_t r = dep; r; r &= (uint16_t)(r - 1)) {
        uint16_t b = r & (uint16_t)-r;
        int adv = (b & early) ? -1 : (b & store) ? 2 : (b & late) ? 1 : 0;
        if (lat - adv > d)
            d = lat - adv;
    }
    return d;
}

/* Slot rules of a pair, prev the older op. */
static bool m7_slots_pair(const struct insn *prev, const struct insn *i)
{
    enum slot a = m7_slot(prev->kind), b = m7_slot(i->kind);
    if (a == SLOT_ALONE || b == SLOT_ALONE || prev->cyc == 0 /* already the second of a pair */)
        return false;
    if (a == b && (a == SLOT_STORE || a == SLOT_MAC || a == SLOT_BRANCH || a == SLOT_FPU))
        return false;
    /* A branch issues only as the older op of a pair (jnk0le's CM7 template:
     * "branch can only be the old op"); the younger is the next instruction
     * on its path: the fall-through one when not taken ("not-taken branch
     * can dual issue with following instruction"), the target when
     * predicted taken (isa/branch.c, TA_M7_BR_FOLD). */
    if (b == SLOT_BRANCH)
        return false;
    /* Two loads pair only from different banks, even and odd words (jnk0le:
     * "two loads (targeting dtcm or cache or both) can be dual issued if
     * each one is targeting different bank (even and odd words)"; LLVM's
     * two load units are M7UnitLoadL and M7UnitLoadH). Known at decode
     * only for two immediate offsets from the same base register, taken
     * as word aligned; other pairs of loads are assumed to hit different
     * banks. */
    if (a == SLOT_LOAD && b == SLOT_LOAD && (prev->tattr & i->tattr & TA_IMMOFF) &&
        prev->rn == i->rn && !(((prev->imm ^ i->imm) >> 2) & 1))
        return false;
    /* Multiplies do not pair with stores (jnk0le: "can't dual issue with
     * stores"). */
    if ((a == SLOT_MAC && b == SLOT_STORE) || (a == SLOT_STORE && b == SLOT_MAC))
        return false;
    if (m7_older_only(i->kind))
        return false;
    if (m7_uses_shifter(prev) && m7_uses_shifter(i)) /* one EX1 shifter */
        return false;
    return true;
}

/* The mispredict penalty of an M7 branch: 6, measured on an STM32H743
 * (jnk0le's CM7 template: "extra 6 cycles comes from mispredicted branch",
 * a backward BNE falling through) and LLVM's "Mispredict cost for forward
 * branches is 6" (its MispredictPenalty 4 is a scheduling choice: "but 4
 * works better"); 2 more for a B<c> whose flags were set less than 3
 * cycles before it ("flag forwarding that can reduce branch misprediction
 * penalty from 8 to 6 cycles ... instruction generating flags have to be
 * placed at least 3 cycles before branch"; the template: "2 extra cycles
 * to branch mispredict if placed next to branch"). The distance is summed
 * over the straight-line predecessors' costs. */
static uint8_t m7_mispredict(const struct insn *i, const struct insn *prev)
{
    if (i->kind != K_BRANCH_COND || i->cond >= 14) /* CB(N)Z reads a register, not flags */
        return M7_MISPREDICT;
    unsigned gap = i->cyc;
    for (const struct insn *p = prev; p && gap < 3; p = cc_predecessor(p)) {
        if (p->tattr & TA_FLAGS)
            return M7_MISPREDICT + M7_MISPREDICT_FLAGS;
        gap += p->cyc;
    }
    return M7_MISPREDICT;
}

/* Whether the two instructions that run just before branch i are 16-bit:
 * its straight-line predecessors, except that in a loop closed by i (a
 * backward direct branch) the one before the loop's first instruction is
 * i itself, from the previous pass. An instruction not decoded (never run
 * in straight line) ends the walk: not known, so no. */
static bool m7_two_narrow_before(const struct insn *i, const struct insn *prev)
{
    bool loop = i->kind != K_BX && i->imm <= i->addr; /* the decoder put the target in imm */
    const struct insn *p = prev;
    for (unsigned n = 0; n < 2; n++) {
        if (!p || p->hw != 1)
            return false;
        p = loop && p->addr == i->imm ? i : cc_predecessor(p);
    }
    return true;
}

/* Cortex-M7: an instruction issues in the same cycle as its straight-line
 * predecessor (cost 0) when the slots allow and every register it reads
 * from it is ready in time (m7_distance <= 0); otherwise it issues alone,
 * after the stall its operands need. With the BTAC (model->has_btac) the
 * prediction is made at run time by the branch handlers (isa/branch.c),
 * which charge i->cyc_mispredict when it is wrong; without it, the static
 * rule: backward taken, forward not taken, BX unpredicted. */
static void cost_m7(const struct cpu_model *m, struct insn *i, const struct insn *prev)
{
    unsigned cost = m->static_cost[i->kind];
    /* LDM/STM (PUSH/POP) over the 64-bit load/store path: "load/store
     * pair/multiple (incl pushpop) ... takes ceil(regnum/2) cycles to
     * execute" (jnk0le, STM32H743): the static 1 plus what the handler
     * adds (isa/ls.c, which sets the M4's N). */
    if ((i->kind == K_LDM || i->kind == K_STM) && i->imm2)
        i->cyc_regs = (uint8_t)((i->imm2 + 1u) / 2u - 1u);
    if (prev) {
        uint16_t dep = i->rmask & prev->wmask;
        int d = dep ? m7_distance(prev, i, dep) : 0;
        if (d <= 0 && cost == 1 && m7_slots_pair(prev, i))
            cost = 0;
        else if (d > 1)
            cost += (unsigned)(d - 1);
    }
    i->cyc = (uint8_t)cost;
    i->cyc_taken = i->cyc_nottaken = 0;
    enum slot s = m7_slot(i->kind);
    i->tattr &= (uint8_t)~(TA_M7_BR_YOUNG | TA_M7_BR_FOLD);
    if (s != SLOT_ALONE && s != SLOT_BRANCH && !m7_older_only(i->kind) &&
        m->static_cost[i->kind] == 1)
        i->tattr |= TA_M7_BR_YOUNG;
    if (s != SLOT_BRANCH)
        return;
    i->cyc_mispredict = m7_mispredict(i, prev);
    /* A predicted taken branch "is capable of dual issuing with one
     * instruction at destination address ... requires at least 2 .n
     * instructions executed prior to branch" (jnk0le, STM32H743): the two
     * instructions run before it 16-bit (fetch bandwidth to spare). */
    if (m7_two_narrow_before(i, prev))
        i->tattr |= TA_M7_BR_FOLD;
    if (m->has_btac)
        return;
    if (i->kind == K_BRANCH_COND) {
        bool backward = i->imm <= i->addr; /* the decoder put the target in imm */
        if (backward)
            i->cyc_nottaken = i->cyc_mispredict;
        else
            i->cyc_taken = i->cyc_mispredict;
    } else if (i->kind == K_BX) {
        i->cyc_taken = i->cyc_mispredict; /* indirect: no prediction modelled */
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
