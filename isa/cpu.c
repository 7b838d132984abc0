/* The core: reset, the run loop, branching and faults. */
#include "isa/cpu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isa/codecache.h"
#include "isa/exec.h"
#include "isa/jit.h"

static void on_code_write(void *ctx, uint32_t addr, unsigned len)
{
    cc_store_hit(ctx, addr, len);
}

int cpu_init(struct cpu *c, const struct cpu_model *model, struct bus *bus)
{
    memset(c, 0, sizeof *c);
    c->model = model;
    c->has_btac = model->has_btac;
    c->bus = bus;
    c->rmap = bus->rmap;
    c->wmap = bus->wmap;
    c->cc = cc_create(c);
    if (!c->cc)
        return -1;
    bus->on_code_write = on_code_write;
    bus->code_ctx = c;
    return 0;
}

void cpu_free(struct cpu *c)
{
    cc_destroy(c->cc);
    c->cc = NULL;
}

static uint32_t read_vector(struct cpu *c, uint32_t addr)
{
    uint32_t v = 0;
    bus_read(c->bus, addr, 4, &v);
    return v;
}

/* Reset behaviour (B1.5.5 TakeReset). */
void cpu_reset_arch(struct cpu *c, uint32_t vtor)
{
    memset(c->r, 0, sizeof c->r);
    c->n = c->z = c->c = c->v = c->q = 0;
    c->ge = c->itstate = 0;
    c->ipsr = 0;
    c->primask = c->faultmask = c->basepri = c->control = 0;
    c->vtor = vtor;
    c->ccr = CCR_STKALIGN;
    c->cpacr = 0;
    c->fpscr = 0;
    c->excl_open = false;
    c->entry_pending = 0;
    c->sp_main = read_vector(c, vtor) & ~3u;
    c->sp_process = 0;
    c->r[REG_SP] = c->sp_main;
    c->r[REG_LR] = 0xffffffffu;
    uint32_t entry = read_vector(c, vtor + 4);
    c->thumb = entry & 1;
    c->pc = entry & ~1u;
    c->stop = CPU_STOP_NONE;
}

void cpu_stop_with(struct cpu *c, enum cpu_stop why)
{
    c->stop = why;
    c->deadline = 0;
}

/* ---- blocks ----
 * The run loop runs a basic block (isa/codecache.c cc_form_block) as a
 * whole when no instruction in it can reach the deadline: its static cycles
 * (plus a bound of what handlers add) stay below it. It then charges the
 * block's cycles and instructions once, before the first instruction, and
 * calls the handlers with no test between them. Otherwise (near the
 * deadline, a block not yet decoded) it runs one instruction at a time
 * exactly as before, so the instruction after which the loop stops, and
 * every cycle count, are the same either way.
 *
 * Inside a block, cycles and insns are ahead by the rest of the block.
 * What may look at them (the memory slow paths, which reach devices, and
 * faults) first makes them exact: the current instruction k is found from
 * r[15], and the rest of the block after it is blk_cyc - cyc cycles and
 * blk_n - 1 instructions. */

const struct insn *cpu_block_sync_slow(struct cpu *c)
{
    const struct insn *e = c->blk_entry;
    const struct insn *k = e + ((c->r[15] - 4 - e->addr) >> 1);
    c->cycles -= (uint64_t)(k->blk_cyc - k->cyc);
    c->insns -= (uint64_t)k->blk_n - 1;
    c->blk_entry = NULL;
    return k;
}

static void block_unpatch(struct cpu *c)
{
    if (c->patched) {
        c->patched->fn = c->patched_fn;
        c->patched = NULL;
    }
}

/* Runs in place of the first instruction after the one that brought the
 * deadline: counts are exact already; leave the loop as if it had stopped
 * there (cpu_run's setjmp, value 2). */
static const struct insn *block_exit(struct cpu *c, const struct insn *i)
{
    block_unpatch(c);
    c->pc = i->addr;
    longjmp(*c->abort, 2);
}

void cpu_block_resume(struct cpu *c, const struct insn *k)
{
    if (!k)
        return;
    if (UNLIKELY(c->cycles >= c->deadline) && k->blk_n > 1) {
        /* The per-instruction loop would stop after k: stay exact and make
         * the next entry leave the block (handlers never see it). */
        if (!c->patched) {
            struct insn *n = (struct insn *)(k + k->hw);
            c->patched = n;
            c->patched_fn = n->fn;
            n->fn = block_exit;
        }
        return;
    }
    c->cycles += (uint64_t)(k->blk_cyc - k->cyc);
    c->insns += (uint64_t)k->blk_n - 1;
    c->blk_entry = k;
}

/* In place of the successor of an instruction run alone: return to it. */
static const struct insn *alone_return(struct cpu *c, const struct insn *i)
{
    block_unpatch(c);
    return i;
}

const struct insn *cpu_run_alone(struct cpu *c, const struct insn *i)
{
    insn_fn fn = cpu_handler(c, i); /* not a translation: that runs the block */
    if (i->blk_n <= 1 || c->patched) /* no successor to chain to (or one patched already) */
        return fn(c, i);
    struct insn *n = (struct insn *)(i + i->hw);
    c->patched = n;
    c->patched_fn = n->fn;
    n->fn = alone_return;
    const struct insn *r = fn(c, i);
    block_unpatch(c);
    return r;
}

/* The hot loop. Kept apart from cpu_run so setjmp there does not force
 * this function's locals to memory. */
static inline const struct insn *run_one(struct cpu *c, const struct insn *i)
{
    c->r[15] = i->addr + 4;
    c->cycles += i->cyc;
    c->insns++;
    return cpu_run_alone(c, i);
}

__attribute__((noinline)) static void run_loop(struct cpu *c, const struct insn *i)
{
    c->blk_entry = NULL;
    /* Runs at least one instruction, whatever the deadline (cpu_run(c, 0)
     * single-steps). */
    if (UNLIKELY(c->cycles >= c->deadline)) {
        i = run_one(c, i);
        c->blk_entry = NULL;
    }
    for (;;) {
        unsigned n = i->blk_n;
        /* One test per block: formed, and no instruction in it can reach
         * the deadline (blk_lim >= 0, so this also means cycles < deadline). */
        if (LIKELY(n != 0 && c->cycles + i->blk_lim < c->deadline)) {
            c->cycles += i->blk_cyc;
            c->insns += n;
            c->blk_entry = i;
            c->jit_chain = JIT_CHAIN_BLOCKS;
            /* r[15] is not set: an instruction that reads it sets it
             * (codecache.c needs_pc, exec.h "r[15] inside a block") */
            i = i->fn(c, i); /* the handlers chain to the block's end (NEXT) */
            continue; /* blk_entry stays set until the loop runs anything else */
        }
        c->blk_entry = NULL;
        if (c->cycles >= c->deadline)
            break;
        if (n == 0 && cc_form_block(c, i))
            continue;
        i = run_one(c, i);
    }
    c->pc = i->addr;
}

/* One instruction at a time with a hook before each. */
__attribute__((noinline)) static void run_loop_hooked(struct cpu *c, const struct insn *i)
{
    do {
        c->r[15] = i->addr + 4;
        c->pc = i->addr;
        c->on_insn(c->on_insn_ctx, c, i);
        if (c->stop != CPU_STOP_NONE)
            return; /* the hook stopped the core before this insn */
        c->cycles += i->cyc;
        c->insns++;
        i = cpu_run_alone(c, i);
    } while (c->cycles < c->deadline);
    c->pc = i->addr;
}

enum cpu_stop cpu_run(struct cpu *c, uint64_t deadline)
{
    jmp_buf jb;
    volatile int why = 0; /* how setjmp returned: 1 a fault, 2 a block left early */
    c->stop = CPU_STOP_NONE;
    c->has_btac = c->model->has_btac; /* the model may be switched between runs (tests) */
    c->deadline = c->deadline_saved = deadline;
    c->resync = false;
    c->abort = &jb;
    /* A fault unwinds to here with c->pc at the handler (or a stop set);
     * single-stepping stops there, as a debugger expects. */
    switch (setjmp(jb)) {
    case 0: break;
    case 1: why = 1; break;
    default: why = 2; break;
    }
    c->blk_entry = NULL;
    block_unpatch(c);
    while (c->stop == CPU_STOP_NONE) {
        if (why != 2) {
            if (why == 1) {
                why = 0;
                if (c->cycles >= c->deadline_saved)
                    break;
                c->deadline = c->deadline_saved;
            }
            if (UNLIKELY(!c->thumb)) { /* EPSR.T clear: every instruction faults */
                c->r[15] = c->pc + 4;
                cpu_fault(c, EXC_USAGEFAULT, UFSR_INVSTATE, 0);
            }
            if (c->on_insn)
                run_loop_hooked(c, cc_lookup(c, c->pc));
            else
                run_loop(c, cc_lookup(c, c->pc));
        }
        why = 0;
        if (!c->resync)
            break;
        c->resync = false;
        c->deadline = c->deadline_saved;
        if (c->cycles >= c->deadline)
            break;
    }
    block_unpatch(c);
    cc_free_retired(c->cc);
    c->abort = NULL;
    return c->stop;
}

const struct insn *cpu_goto(struct cpu *c, uint32_t target)
{
    return cpu_enter(c, cc_lookup(c, target));
}

void cpu_charge_entry(struct cpu *c, uint32_t addr)
{
    cpu_enter(c, cc_lookup(c, addr));
}

const struct insn *cpu_bx(struct cpu *c, uint32_t target)
{
    if (UNLIKELY(c->ipsr != 0 && (target >> 28) == 0xf))
        return cc_lookup(c, exc_return(c, target));
    if (UNLIKELY(!(target & 1))) { /* EPSR.T = 0: the next instruction faults */
        c->thumb = 0;
        return cc_invstate(c, target);
    }
    return cpu_enter(c, cc_lookup(c, target & ~1u));
}

/* The instruction now running is at r[15] - 4 (whatever may fault sets
 * r[15] first: exec.h, "r[15] inside a block"). */
void cpu_fault(struct cpu *c, int exc, uint32_t cfsr_bits, uint32_t addr)
{
    cpu_block_sync(c); /* the faulting instruction counts; the rest of its block does not */
    c->pc = c->r[15] - 4;
    const struct insn *i = cc_lookup(c, c->pc);
    if (i->flags & IF_IT)
        c->itstate = c->it_prev; /* the faulting insn re-runs with its own condition */
    exc_fault(c, exc, cfsr_bits, addr);
    if (c->abort)
        longjmp(*c->abort, 1);
    abort(); /* a fault outside cpu_run is a ttemu bug */
}

void cpu_undefined(struct cpu *c)
{
    cpu_fault(c, EXC_USAGEFAULT, UFSR_UNDEFINSTR, 0);
}

uint32_t cpu_get_apsr(const struct cpu *c)
{
    return (uint32_t)c->n << 31 | (uint32_t)c->z << 30 | (uint32_t)c->c << 29 |
           (uint32_t)c->v << 28 | (uint32_t)c->q << 27 | (uint32_t)c->ge << 16;
}

/* xPSR: APSR flags, IPSR exception number, EPSR T and IT bits (B1.4.2). */
uint32_t cpu_get_xpsr(const struct cpu *c)
{
    uint32_t it = c->itstate;
    return cpu_get_apsr(c) | (c->ipsr & 0x1ff) | (uint32_t)c->thumb << 24 |
           (it & 3) << 25 | (it >> 2) << 10;
}

void cpu_set_xpsr(struct cpu *c, uint32_t x)
{
    c->n = x >> 31 & 1;
    c->z = x >> 30 & 1;
    c->c = x >> 29 & 1;
    c->v = x >> 28 & 1;
    c->q = x >> 27 & 1;
    c->ge = x >> 16 & 0xf;
    c->ipsr = x & 0x1ff;
    c->thumb = x >> 24 & 1;
    c->itstate = (uint8_t)(((x >> 25) & 3) | ((x >> 10) & 0x3f) << 2);
}

void cpu_code_changed(struct cpu *c, uint32_t addr, uint32_t len)
{
    cc_store_hit(c, addr, len);
}

/* The inactive SP lives in its bank field; the active one in r[13]. */
uint32_t cpu_get_sp_main(const struct cpu *c)
{
    return cpu_uses_psp(c) ? c->sp_main : c->r[REG_SP];
}

uint32_t cpu_get_sp_process(const struct cpu *c)
{
    return cpu_uses_psp(c) ? c->r[REG_SP] : c->sp_process;
}

/* SP bits [1:0] are always zero in ARMv7-M (B1.4.1). */
void cpu_set_sp_main(struct cpu *c, uint32_t v)
{
    if (cpu_uses_psp(c))
        c->sp_main = v & ~3u;
    else
        c->r[REG_SP] = v & ~3u;
}

void cpu_set_sp_process(struct cpu *c, uint32_t v)
{
    if (cpu_uses_psp(c))
        c->r[REG_SP] = v & ~3u;
    else
        c->sp_process = v & ~3u;
}

/* Re-banks r[13] around a change that may switch the active SP. */
static void rebank(struct cpu *c, uint32_t ipsr, uint32_t control)
{
    uint32_t msp = cpu_get_sp_main(c), psp = cpu_get_sp_process(c);
    c->ipsr = ipsr;
    c->control = control;
    if (cpu_uses_psp(c)) {
        c->r[REG_SP] = psp;
        c->sp_main = msp;
    } else {
        c->r[REG_SP] = msp;
        c->sp_process = psp;
    }
}

void cpu_set_control(struct cpu *c, uint32_t control)
{
    rebank(c, c->ipsr, control);
}

void cpu_set_ipsr(struct cpu *c, uint32_t ipsr)
{
    rebank(c, ipsr, c->control);
}
