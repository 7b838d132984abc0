/* What instruction handlers use: register and flag access, memory fast
 * paths, branching and faults. Included only by isa/ sources. */
#ifndef TTEMU_ISA_EXEC_H
#define TTEMU_ISA_EXEC_H

#include <string.h>

#include "isa/mem.h"
#include "isa/alu.h"
#include "isa/codecache.h"
#include "isa/cpu.h"
#include "isa/exception.h"
#include "isa/insn.h"

#define LIKELY(x)   __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)

/* Handlers are defined with this so each has the same shape. */
#define HANDLER(name) static const struct insn *name(struct cpu *c, const struct insn *i)

/* Threaded dispatch: inside a block (isa/cpu.c) a handler does not return
 * to the run loop but jumps to the next instruction's handler itself (a
 * tail call: one indirect jump per handler, which the host predicts per
 * site); the block's last instruction returns its successor to the loop.
 * The chain is at most one block long, so the stack stays bounded even
 * where the compiler keeps a frame.
 *
 * r[15] inside a block: neither the run loop (for the block's first
 * instruction) nor NEXT() sets it. An instruction that reads the PC (a PC
 * operand, or a fault, a slow path or a block end, which find the current
 * instruction from r[15]) runs through exec_set_pc (isa/codecache.c,
 * needs_pc), which sets it first; the single loads' and stores' general
 * handlers set it themselves (isa/ls.c), so the pure data-processing kinds
 * and the fast loads and stores skip the store. */
static inline const struct insn *cpu_continue(struct cpu *c, const struct insn *n)
{
    return n->fn(c, n);
}
#define NEXT()                                          \
    do {                                                \
        const struct insn *next_ = i->next;             \
        if (next_)                                      \
            return cpu_continue(c, next_);              \
        return i + i->hw;                               \
    } while (0)

static inline void set_nz(struct cpu *c, uint32_t v)
{
    c->n = (uint8_t)(v >> 31);
    c->z = v == 0;
}

/* ConditionPassed() for a 4-bit condition (A7.3, table A7-1), without a
 * branch: entry `cond` of the table has bit NZCV set where the condition
 * holds for those flags (each 0 or 1). The flags are read one byte each:
 * a word load over four just-written bytes would miss store forwarding. */
static inline bool cond_holds(const struct cpu *c, unsigned cond)
{
    static const uint16_t holds[16] = {
        0xf0f0, 0x0f0f, 0xcccc, 0x3333, 0xff00, 0x00ff, 0xaaaa, 0x5555,
        0x0c0c, 0xf3f3, 0xaa55, 0x55aa, 0x0a05, 0xf5fa, 0xffff, 0xffff,
    };
    unsigned nzcv = (unsigned)c->n << 3 | (unsigned)c->z << 2 | (unsigned)c->c << 1 | c->v;
    return holds[cond & 15u] >> nzcv & 1u;
}

/* ITAdvance() (A7.3.2): shift the mask; the block ends when it empties. */
static inline uint8_t it_advance(uint8_t it)
{
    return (it & 7) == 0 ? 0 : (uint8_t)((it & 0xe0) | ((it << 1) & 0x1f));
}

/* An instruction entered non-sequentially (taken branch, exception entry
 * or return): its cost differs from the fall-through one the run loop adds
 * (nothing pipelines into it), so the difference is charged here. */
static inline const struct insn *cpu_enter(struct cpu *c, const struct insn *e)
{
    if (UNLIKELY(cc_undecoded(e))) { /* charged when it decodes (codecache.c) */
        c->entry_pending = e->addr | 1;
        return e;
    }
    c->cycles += (uint64_t)(int64_t)e->cyc_entry_adj;
    return e;
}

/* Branching. cpu_goto: a branch within Thumb code (bit 0 already clear).
 * cpu_bx: BXWritePC/LoadWritePC: interworking, EXC_RETURN. */
const struct insn *cpu_goto(struct cpu *c, uint32_t target);
const struct insn *cpu_bx(struct cpu *c, uint32_t target);

/* A direct branch from i to its decoded target (target == i->imm): within
 * i's code page the target's entry is plain pointer arithmetic (one entry
 * per halfword), no lookup, and the decoder has done it (i->tgt). */
static inline const struct insn *cpu_goto_from(struct cpu *c, const struct insn *i, uint32_t target)
{
    if (LIKELY(i->tgt != 0))
        return cpu_enter(c, i + i->tgt);
    if (((target ^ i->addr) >> BUS_PAGE_BITS) == 0)
        return cpu_enter(c, i + ((int32_t)(target - i->addr) >> 1));
    return cpu_goto(c, target);
}

/* Blocks (isa/cpu.c): inside a block the run loop has already charged
 * the whole block's static cycles and counted its instructions. A slow
 * path that may reach devices (which read the time) or add cycles makes
 * the counts exact first and restores the block's share after:
 *   k = cpu_block_sync(c); ...access, c->cycles += ...; cpu_block_resume(c, k);
 * cpu_block_resume leaves the block after the current instruction when the
 * deadline has come (an event now due, an exit request), as the
 * per-instruction loop would. */
const struct insn *cpu_block_sync_slow(struct cpu *c);
void cpu_block_resume(struct cpu *c, const struct insn *k);
static inline const struct insn *cpu_block_sync(struct cpu *c)
{
    return c->blk_entry ? cpu_block_sync_slow(c) : NULL;
}

/* Superinstructions, chosen when a block is formed (isa/codecache.c):
 * SUBS or CMP (immediate, or register unshifted) followed in its block by
 * B<c> runs as one handler, which sets the flags as SUBS does and decides the branch from
 * the compare itself (isa/branch.c). NULL when the pair does not fuse. */
bool dp_is_cmp(const struct insn *i, bool *reg);
insn_fn branch_fuse_cmp(const struct insn *b, bool reg);

/* Runs n alone, though it may chain (a wrapper, a page crossing, the
 * per-instruction loops): its successor in the block is patched to return
 * at once (isa/cpu.c). */
const struct insn *cpu_run_alone(struct cpu *c, const struct insn *n);

/* Faults: never return; the run loop resumes at the handler (or stops). */
_Noreturn void cpu_fault(struct cpu *c, int exc, uint32_t cfsr_bits, uint32_t addr);
_Noreturn void cpu_undefined(struct cpu *c);

/* Slow paths (isa/memory.c): MMIO, page-straddling accesses, code pages,
 * bus errors (which raise a precise BusFault). */
uint32_t cpu_load_slow(struct cpu *c, uint32_t addr, unsigned size);
void cpu_store_slow(struct cpu *c, uint32_t addr, unsigned size, uint32_t v);

#define PAGE_OFF(a) ((a) & (BUS_PAGE_SIZE - 1))

static inline uint32_t ld32(struct cpu *c, uint32_t a)
{
    uint8_t *p = c->rmap[a >> BUS_PAGE_BITS];
    if (LIKELY(p && PAGE_OFF(a) <= BUS_PAGE_SIZE - 4)) {
        uint32_t v;
        memcpy(&v, p + PAGE_OFF(a), 4);
        return v;
    }
    return cpu_load_slow(c, a, 4);
}

static inline uint32_t ld16(struct cpu *c, uint32_t a)
{
    uint8_t *p = c->rmap[a >> BUS_PAGE_BITS];
    if (LIKELY(p && PAGE_OFF(a) <= BUS_PAGE_SIZE - 2)) {
        uint16_t v;
        memcpy(&v, p + PAGE_OFF(a), 2);
        return v;
    }
    return cpu_load_slow(c, a, 2);
}

static inline uint32_t ld8(struct cpu *c, uint32_t a)
{
    uint8_t *p = c->rmap[a >> BUS_PAGE_BITS];
    if (LIKELY(p))
        return p[PAGE_OFF(a)];
    return cpu_load_slow(c, a, 1);
}

static inline void st32(struct cpu *c, uint32_t a, uint32_t v)
{
    uint8_t *p = c->wmap[a >> BUS_PAGE_BITS];
    if (LIKELY(p && PAGE_OFF(a) <= BUS_PAGE_SIZE - 4))
        memcpy(p + PAGE_OFF(a), &v, 4);
    else
        cpu_store_slow(c, a, 4, v);
}

static inline void st16(struct cpu *c, uint32_t a, uint32_t v)
{
    uint8_t *p = c->wmap[a >> BUS_PAGE_BITS];
    uint16_t h = (uint16_t)v;
    if (LIKELY(p && PAGE_OFF(a) <= BUS_PAGE_SIZE - 2))
        memcpy(p + PAGE_OFF(a), &h, 2);
    else
        cpu_store_slow(c, a, 2, v);
}

static inline void st8(struct cpu *c, uint32_t a, uint32_t v)
{
    uint8_t *p = c->wmap[a >> BUS_PAGE_BITS];
    if (LIKELY(p))
        p[PAGE_OFF(a)] = (uint8_t)v;
    else
        cpu_store_slow(c, a, 1, v);
}

/* The host address of an aligned access of size bytes at a to a page
 * with a host pointer, else NULL (the caller's general path then handles
 * it: unaligned, MMIO, slow or code pages). Aligned, it cannot straddle. */
static inline const uint8_t *fast_rd(const struct cpu *c, uint32_t a, unsigned size)
{
    const uint8_t *p = c->rmap[a >> BUS_PAGE_BITS];
    if (UNLIKELY(!p) || UNLIKELY(a & (size - 1)))
        return NULL;
    return p + PAGE_OFF(a);
}

static inline uint8_t *fast_wr(const struct cpu *c, uint32_t a, unsigned size)
{
    uint8_t *p = c->wmap[a >> BUS_PAGE_BITS];
    if (UNLIKELY(!p) || UNLIKELY(a & (size - 1)))
        return NULL;
    return p + PAGE_OFF(a);
}

/* Unaligned halfword/word accesses are allowed unless CCR.UNALIGN_TRP
 * (B3.2.8); LDM/STM/LDRD/STRD/LDREX/STREX always need alignment. */
#define CCR_UNALIGN_TRP (1u << 3)
#define CCR_DIV_0_TRP   (1u << 4)
#define CCR_STKALIGN    (1u << 9)

static inline void check_align(struct cpu *c, uint32_t a, unsigned size, bool always)
{
    if (UNLIKELY(a & (size - 1)) && (always || (c->ccr & CCR_UNALIGN_TRP)))
        cpu_fault(c, EXC_USAGEFAULT, UFSR_UNALIGNED, 0);
}

#endif
