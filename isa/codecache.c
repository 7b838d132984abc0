/* The decoded-instruction cache (see codecache.h). */
#include "isa/codecache.h"

#include <stdio.h>
#include <stdlib.h>

#include "isa/decode.h"
#include "isa/exec.h"
#include "isa/jit.h"
#include "isa/timing.h"

#define CC_ENTRIES (BUS_PAGE_SIZE / 2)

struct code_page {
    struct code_page *next_retired;
    struct code_page *next_live, *prev_live; /* every live page, for destroy */
    struct insn e[CC_ENTRIES + 2]; /* two sentinels: a 32-bit insn in the last slot steps 2 */
};

struct code_cache {
    struct code_page **pages;   /* BUS_NPAGES entries */
    struct code_page *retired;  /* replaced pages, freed after cpu_run */
    struct code_page *live;     /* list of the pages in use */
    struct insn fetch_fault;    /* returned for non-executable targets */
    struct insn invstate;
    struct jit *jit;            /* the translating tier, or NULL (isa/jit.h) */
};

#define decode_on_demand cc_decode_on_demand
static const struct insn *cross_page(struct cpu *c, const struct insn *i);

/* These entries are not decoded (no needs_pc): they set r[15] for
 * cpu_fault themselves. */
HANDLER(raise_fetch_fault)
{
    c->r[15] = i->addr + 4;
    cpu_fault(c, EXC_BUSFAULT, BFSR_IBUSERR, 0);
}

HANDLER(raise_invstate)
{
    c->r[15] = i->addr + 4;
    cpu_fault(c, EXC_USAGEFAULT, UFSR_INVSTATE, 0);
}

struct code_cache *cc_create(struct cpu *c)
{
    (void)c;
    struct code_cache *cc = calloc(1, sizeof *cc);
    if (!cc)
        return NULL;
    cc->pages = calloc(BUS_NPAGES, sizeof *cc->pages);
    if (!cc->pages) {
        free(cc);
        return NULL;
    }
    cc->fetch_fault = (struct insn){ .fn = raise_fetch_fault, .hw = 1, .kind = K_UNDEF };
    cc->invstate = (struct insn){ .fn = raise_invstate, .hw = 1, .kind = K_UNDEF };
    decode_init();
    cc->jit = jit_create();
    jit_range(cc->jit, &c->jit_lo, &c->jit_size);
    return cc;
}

const struct jit *cc_jit(const struct code_cache *cc) { return cc->jit; }

void cc_free_retired(struct code_cache *cc)
{
    while (cc->retired) {
        struct code_page *p = cc->retired;
        cc->retired = p->next_retired;
        free(p);
    }
}

void cc_destroy(struct code_cache *cc)
{
    if (!cc)
        return;
    while (cc->live) {
        struct code_page *p = cc->live;
        cc->live = p->next_live;
        free(p);
    }
    cc_free_retired(cc);
    jit_destroy(cc->jit);
    free(cc->pages);
    free(cc);
}

static void init_page(struct code_page *p, uint32_t base)
{
    for (unsigned k = 0; k < CC_ENTRIES; k++)
        p->e[k] = (struct insn){ .fn = decode_on_demand, .addr = base + 2 * k, .hw = 1 };
    p->e[CC_ENTRIES] = (struct insn){ .fn = cross_page, .addr = base + BUS_PAGE_SIZE, .hw = 1 };
    p->e[CC_ENTRIES + 1] = (struct insn){ .fn = cross_page, .addr = base + BUS_PAGE_SIZE + 2, .hw = 1 };
}

/* Executable: RAM or ROM outside the architecturally never-execute ranges
 * of the default memory map (B3.1: 0x40000000-0x5fffffff devices,
 * 0xa0000000 upwards devices and system). */
static bool executable(const struct bus *b, uint32_t addr)
{
    if ((addr >= 0x40000000u && addr < 0x60000000u) || addr >= 0xa0000000u)
        return false;
    const struct bus_region *r = bus_region_at(b, addr);
    return r && r->kind != REGION_MMIO;
}

static struct code_page *new_page(struct cpu *c, uint32_t page)
{
    struct code_page *p = aligned_alloc(64, sizeof *p); /* entries on cache lines */
    if (!p) {
        fprintf(stderr, "ttemu: out of memory for the code cache\n");
        abort();
    }
    init_page(p, page << BUS_PAGE_BITS);
    c->cc->pages[page] = p;
    p->prev_live = NULL;
    p->next_live = c->cc->live;
    if (p->next_live)
        p->next_live->prev_live = p;
    c->cc->live = p;
    bus_mark_code_page(c->bus, page);
    return p;
}

const struct insn *cc_lookup(struct cpu *c, uint32_t addr)
{
    uint32_t page = addr >> BUS_PAGE_BITS;
    struct code_page *p = c->cc->pages[page];
    if (UNLIKELY(!p)) {
        if (!executable(c->bus, addr)) {
            c->cc->fetch_fault.addr = addr;
            return &c->cc->fetch_fault;
        }
        p = new_page(c, page);
    }
    return &p->e[PAGE_OFF(addr) >> 1];
}

const struct insn *cc_invstate(struct cpu *c, uint32_t addr)
{
    c->cc->invstate.addr = addr;
    return &c->cc->invstate;
}

/* Fetches the halfwords at addr; a fetch from unmapped space faults. */
static uint16_t fetch16(struct cpu *c, uint32_t addr)
{
    uint32_t v;
    if (!bus_read(c->bus, addr, 2, &v))
        cpu_fault(c, EXC_BUSFAULT, BFSR_IBUSERR, 0);
    return (uint16_t)v;
}

HANDLER(exec_in_it);
HANDLER(exec_sp_masked);
HANDLER(exec_in_it_sp_masked);

/* The decoded instruction just before e in the same page, if any. */
static const struct insn *predecessor(const struct insn *e)
{
    unsigned idx = PAGE_OFF(e->addr) >> 1;
    if (idx >= 1 && e[-1].fn != decode_on_demand && e[-1].hw == 1)
        return &e[-1];
    if (idx >= 2 && e[-2].fn != decode_on_demand && e[-2].hw == 2)
        return &e[-2];
    return NULL;
}

const struct insn *cc_predecessor(const struct insn *e) { return predecessor(e); }

/* A direct branch whose target is a 32-bit instruction at 2 mod 4. */
static bool target_wide_unaligned(struct cpu *c, const struct insn *e)
{
    uint32_t t = e->imm, hw;
    if (e->kind != K_BRANCH && e->kind != K_BRANCH_COND && e->kind != K_BL)
        return false;
    return (t & 2) && bus_read(c->bus, t, 2, &hw) && insn_is_32bit((uint16_t)hw);
}

/* The kinds whose handlers have all their register operands in rd, rn,
 * rm and ra; the timing masks (rmask, wmask) also hold encoding fields of
 * 1111 that name no register (CMP.W's Rd, MOV.W's Rn), so for these the
 * fields, not the masks, say whether the PC is an operand. */
static bool operands_in_fields(unsigned kind)
{
    switch (kind) {
    case K_ALU: case K_ALU_SHIFT_REG: case K_MOV: case K_CMP: case K_MUL: case K_MUL_LONG:
    case K_MAC: case K_MAC_LONG: case K_DSP: case K_SAT: case K_BITFIELD: case K_EXTEND:
    case K_IT: case K_NOP: case K_LOAD: case K_STORE:
    case K_BRANCH: case K_BRANCH_COND: case K_BL:
        return true;
    default:
        return false;
    }
}

/* Whether e's handler may read r[15] (exec.h, "r[15] inside a block"):
 * all but the data-processing, multiply, extend, bitfield, IT and NOP
 * kinds and the direct branches, whose handlers never fault, reach a slow
 * path or read the PC except through a register field (a branch's target
 * and link come from i->addr), and the single loads and stores, whose
 * general handlers set r[15] themselves; and any instruction with a
 * register field naming the PC (read or written). */
static bool needs_pc(const struct insn *e)
{
    /* rn = 15 in a load is the literal form, whose address is precomputed */
    bool rn_pc = e->rn == 15 && e->kind != K_LOAD;
    return e->rd == 15 || rn_pc || e->rm == 15 || e->ra == 15 || !operands_in_fields(e->kind);
}

HANDLER(exec_set_pc);

/* Decodes e from its halfwords and costs it (isa/timing.c). */
static void decode_entry(struct cpu *c, struct insn *e, uint16_t hw1, uint16_t hw2)
{
    bool in_it = c->itstate != 0;
    decode_insn(c->model, hw1, hw2, in_it, e);
    timing_decode(c->model, e, predecessor(e), target_wide_unaligned(c, e));
    timing_fetch(c, e, predecessor(e)); /* wait states, I-cache (isa/timing.c) */
    if (in_it || (e->flags & IF_SPMASK)) {
        e->inner = e->fn;
        e->fn = !(e->flags & IF_SPMASK) ? exec_in_it : in_it ? exec_in_it_sp_masked : exec_sp_masked;
    } else if (needs_pc(e)) {
        e->inner = e->fn;
        e->fn = exec_set_pc;
    }
    /* A direct branch within the page: its target entry (exec.h cpu_goto_from). */
    if ((e->kind == K_BRANCH || e->kind == K_BRANCH_COND || e->kind == K_BL) &&
        ((e->imm ^ e->addr) >> BUS_PAGE_BITS) == 0)
        e->tgt = (int16_t)((int32_t)(e->imm - e->addr) >> 1);
    /* A 32-bit instruction in the last halfword reaches into the next page:
     * stores there must invalidate this page too. */
    if (e->hw == 2 && PAGE_OFF(e->addr) == BUS_PAGE_SIZE - 2)
        bus_mark_code_page(c->bus, (e->addr >> BUS_PAGE_BITS) + 1);
}

const struct insn *decode_on_demand(struct cpu *c, const struct insn *i)
{
    struct insn *e = (struct insn *)i;
    uint16_t hw1 = fetch16(c, e->addr);
    uint16_t hw2 = insn_is_32bit(hw1) ? fetch16(c, e->addr + 2) : 0;
    decode_entry(c, e, hw1, hw2);
    c->cycles += e->cyc;
    if (UNLIKELY(c->entry_pending == (e->addr | 1))) { /* reached by a branch (cpu_enter) */
        c->entry_pending = 0;
        c->cycles += (uint64_t)(int64_t)e->cyc_entry_adj;
    }
    return e->fn(c, e);
}

/* Decoded ahead of running, so its entry cost is known when a branch
 * reaches it. A fetch that would fault is left to the run loop, which
 * raises it at the right instruction. */
const struct insn *cc_predecode(struct cpu *c, const struct insn *i)
{
    struct insn *e = (struct insn *)i;
    uint32_t hw1, hw2 = 0;
    if (!bus_read(c->bus, e->addr, 2, &hw1))
        return e;
    if (insn_is_32bit((uint16_t)hw1) && !bus_read(c->bus, e->addr + 2, 2, &hw2))
        return e;
    decode_entry(c, e, (uint16_t)hw1, (uint16_t)hw2);
    return e;
}

/* Blocks end at an instruction that may leave the straight line or must
 * reach the run loop at once: anything but the plain data-processing,
 * load/store, multiply/divide and FP arithmetic kinds, and any of those
 * that writes the PC (LDM/POP with PC, MOV/ADD to PC, LDR PC). A block
 * also ends at its last instruction starting in a 128-byte chunk, so a
 * block never crosses a page and an instruction's end is its own property,
 * whichever instruction the block was entered at. */
#define BLOCK_CHUNK_BITS 7u
#define BLOCK_MAX (1u << (BLOCK_CHUNK_BITS - 1))

static bool plain_kind(unsigned k)
{
    switch (k) {
    case K_ALU: case K_ALU_SHIFT_REG: case K_MOV: case K_CMP: case K_LOAD: case K_STORE:
    case K_LDM: case K_STM: case K_LDRD: case K_STRD: case K_MUL: case K_MUL_LONG:
    case K_MAC: case K_MAC_LONG: case K_DIV: case K_DSP: case K_SAT: case K_BITFIELD:
    case K_EXTEND: case K_IT: case K_NOP: case K_EXCL_LOAD: case K_EXCL_STORE:
    case K_FP_ALU: case K_FP_MUL: case K_FP_MAC: case K_FP_DIV: case K_FP_SQRT: case K_FP_MOV:
    case K_FP_CVT: case K_FP_CMP: case K_FP_LOAD: case K_FP_STORE: case K_FP_LDM: case K_FP_STM:
    case K_FP_DP_ALU: case K_FP_DP_MUL: case K_FP_DP_MAC: case K_FP_DP_DIV: case K_FP_DP_SQRT:
        return true;
    default:
        return false;
    }
}

static bool ends_block(const struct insn *e)
{
    bool pc = ((e->wmask & 0x8000u) && !operands_in_fields(e->kind)) || e->rd == 15 ||
              (e->kind == K_LDM && (e->imm & 0x8000u));
    uint32_t next = e->addr + 2u * e->hw;
    return !plain_kind(e->kind) || pc || ((e->addr ^ next) >> BLOCK_CHUNK_BITS) != 0;
}

/* An upper bound of the cycles e's handler may add to its static cost
 * (the handlers' `c->cycles +=` other than the memory slow paths, which
 * check the deadline themselves: isa/memory.c). */
static unsigned dynamic_bound(const struct cpu *c, const struct insn *e)
{
    switch (e->kind) {
    case K_LDM: case K_STM: return 2u + e->imm2;  /* per register (+2 for a PC load) */
    case K_DIV: return c->model->div_early_term ? 10u : 0u; /* ceil(32 * 10 / 32) */
    case K_FP_LOAD: case K_FP_STORE: return 1u;  /* the second word of a double */
    case K_FP_LDM: case K_FP_STM: return e->imm2; /* per word */
    case K_BRANCH: case K_BRANCH_COND: case K_BL: case K_BX: /* isa/branch.c */
        return (e->cyc_taken > e->cyc_nottaken ? e->cyc_taken : e->cyc_nottaken) +
               (c->model->has_btac ? M7_MISPREDICT + M7_MISPREDICT_FLAGS : 0u); /* a mispredict */
    default: return 0;
    }
}

/* Every translation forgotten: each translated entry gets its handler
 * back (the live pages'; retired ones are never run again). Called from
 * the run loop, where no translated code is running. */
static void forget_translations(struct cpu *c)
{
    for (struct code_page *p = c->cc->live; p; p = p->next_live)
        for (unsigned k = 0; k < CC_ENTRIES; k++) {
            struct insn *e = &p->e[k];
            if (cpu_is_translation(c, e->fn)) {
                e->fn = e->inner;
                e->inner = NULL;
            }
        }
    if (c->patched && cpu_is_translation(c, c->patched_fn)) {
        c->patched_fn = c->patched->inner;
        c->patched->inner = NULL;
    }
    jit_reset(c->cc->jit);
}

bool cc_form_block(struct cpu *c, const struct insn *e)
{
    struct insn *run[BLOCK_MAX];
    unsigned n = 0, cyc = 0, lim = 0, len = 0;
    struct insn *k = (struct insn *)e;
    const struct insn *tail = NULL;
    for (;;) {
        if (k->fn == decode_on_demand || k->fn == cross_page)
            return false;
        if (k->blk_n) { /* the rest was formed from a later entry */
            cyc = k->blk_cyc, lim = k->blk_lim, len = k->blk_n;
            tail = k;
            break;
        }
        run[n++] = k;
        if (ends_block(k))
            break;
        k += k->hw;
    }
    unsigned formed = n;
    while (n-- > 0) {
        k = run[n];
        cyc += k->cyc;
        lim += k->cyc + dynamic_bound(c, k);
        len++;
        k->blk_cyc = (uint16_t)cyc;
        k->blk_lim = (uint16_t)lim;
        k->blk_n = (uint8_t)len;
        /* exec_sp_masked chains itself after masking */
        k->next = len > 1 && !(k->flags & IF_SPMASK) ? k + k->hw : NULL;
        bool reg;
        insn_fn fused;
        /* (translated code compares and branches on the host's flags itself) */
        if (!c->cc->jit && k->next && dp_is_cmp(k, &reg) &&
            (fused = branch_fuse_cmp(k->next, reg)) != NULL)
            k->fn = fused; /* CMP + B<c> (exec.h) */
    }
    if (c->cc->jit) {
        if (!jit_has_room(c->cc->jit))
            forget_translations(c);
        jit_translate(c->cc->jit, run, formed, tail, c->model->has_btac);
    }
    return true;
}

static const struct insn *cross_page(struct cpu *c, const struct insn *i)
{
    const struct insn *n = cc_lookup(c, i->addr);
    c->r[15] = n->addr + 4;
    c->cycles += n->cyc;
    return cpu_run_alone(c, n);
}

/* An instruction that reads r[15] (needs_pc): NEXT() does not set it. */
HANDLER(exec_set_pc)
{
    c->r[15] = i->addr + 4;
    return i->inner(c, i);
}

/* Runs an instruction inside an IT block: the condition comes from the
 * live ITSTATE, so an exception return into the block behaves as well. */
HANDLER(exec_in_it)
{
    uint8_t it = c->itstate;
    c->r[15] = i->addr + 4;
    if (UNLIKELY(it == 0))
        return i->inner(c, i);
    c->it_prev = it;
    c->itstate = it_advance(it);
    if (cond_holds(c, it >> 4))
        return i->inner(c, i);
    NEXT();
}

/* Data processing into SP: R[13] assignment keeps bits [1:0] zero. */
HANDLER(exec_sp_masked)
{
    c->r[15] = i->addr + 4;
    const struct insn *n = i->inner(c, i); /* i->next is NULL: it returns here */
    c->r[REG_SP] &= ~3u;
    if (i->blk_n > 1)
        return cpu_continue(c, n);
    return n;
}

HANDLER(exec_in_it_sp_masked)
{
    uint8_t it = c->itstate;
    c->r[15] = i->addr + 4;
    if (it) {
        c->it_prev = it;
        c->itstate = it_advance(it);
        if (!cond_holds(c, it >> 4))
            return i->blk_n > 1 ? cpu_continue(c, i + i->hw) : i + i->hw;
    }
    return exec_sp_masked(c, i);
}

/* Forget a page whose code was overwritten; it is decoded afresh when
 * execution comes back, and stores to it are fast again until then. */
static void retire_page(struct cpu *c, uint32_t page)
{
    struct code_page *old = c->cc->pages[page];
    c->cc->pages[page] = NULL;
    if (old->prev_live)
        old->prev_live->next_live = old->next_live;
    else
        c->cc->live = old->next_live;
    if (old->next_live)
        old->next_live->prev_live = old->prev_live;
    old->next_retired = c->cc->retired;
    c->cc->retired = old;
    bus_unmark_code_page(c->bus, page);
    /* The running handler may still return into the old page: leave the
     * loop after it and look the next instruction up again. */
    c->resync = true;
    c->deadline = 0;
}

void cc_store_hit(struct cpu *c, uint32_t addr, unsigned len)
{
    /* A 32-bit instruction that starts 2 bytes earlier covers addr too. */
    uint32_t first = (addr >= 2 ? addr - 2 : 0) & ~1u;
    for (uint64_t a = first; a < (uint64_t)addr + len; a += 2) {
        uint32_t page = (uint32_t)a >> BUS_PAGE_BITS;
        struct code_page *p = c->cc->pages[page];
        if (p && p->e[PAGE_OFF((uint32_t)a) >> 1].fn != decode_on_demand)
            retire_page(c, page);
    }
}
