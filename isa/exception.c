/* The ARMv7-M exception model (ARMv7-M ARM B1.5): priorities and grouping,
 * preemption, entry (PushStack + ExceptionTaken, B1.5.6), return
 * (ExceptionReturn + PopStack, B1.5.8), tail-chaining, synchronous faults
 * with escalation to HardFault and lockup (B1.5.14-15), SVC, WFI wake-up
 * and sleep-on-exit (B1.5.19).
 *
 * Entry and return are atomic here: late arrival is the choice of the
 * highest-priority pending exception at the moment of entry (every
 * asynchronous event due before the entry is already pending then), which
 * is what the manual's late-arrival rule gives for events that arrive
 * before stacking starts; an event that would arrive during the 12 entry
 * cycles is taken after the first handler's entry (nested), not instead.
 *
 * A bare core (cpu->exc NULL: the ISA unit tests' harness) has no
 * exception model: a fault stops the core with a message naming it. */
#include <stdio.h>
#include <stdlib.h>

#include "isa/codecache.h"
#include "isa/exec.h"

#define CONTROL_NPRIV 1u
#define CONTROL_SPSEL 2u
#define CONTROL_FPCA 4u
#define CCR_NONBASETHRDENA 1u
#define CCR_BFHFNMIGN (1u << 8)

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
    if (bits & (BFSR_STKERR | MMFSR_MSTKERR)) return "exception stacking to unmapped memory";
    if (bits & (BFSR_UNSTKERR | MMFSR_MUNSTKERR)) return "exception unstacking from unmapped memory";
    if (bits & BFSR_LSPERR) return "lazy FP state preservation to unmapped memory";
    return "fault";
}

static const char *exc_label(unsigned n, char *buf, size_t len)
{
    static const char *const names[16] = {
        "Thread mode", "Reset", "NMI", "HardFault", "MemManage", "BusFault", "UsageFault",
        "exception 7", "exception 8", "exception 9", "exception 10", "SVCall",
        "DebugMonitor", "exception 13", "PendSV", "SysTick",
    };
    if (n < 16)
        return names[n];
    snprintf(buf, len, "IRQ %u", n - 16);
    return buf;
}

/* The message a fault gives when nothing can take it. */
static void describe(struct cpu *c, char *msg, size_t len, uint32_t cfsr_bits, uint32_t addr)
{
    int n = snprintf(msg, len, "%s at pc 0x%08x", fault_name(cfsr_bits), c->pc);
    if (n < 0 || (size_t)n >= len)
        return;
    if (cfsr_bits & UFSR_UNDEFINSTR) {
        uint32_t raw = cc_lookup(c, c->pc)->raw;
        if (raw > 0xffff)
            snprintf(msg + n, len - (size_t)n, " (encoding %04x %04x)", raw >> 16, raw & 0xffff);
        else
            snprintf(msg + n, len - (size_t)n, " (encoding %04x)", raw);
    } else if (cfsr_bits & (BFSR_BFARVALID | MMFSR_MMARVALID)) {
        snprintf(msg + n, len - (size_t)n, ", address 0x%08x", addr);
    }
}

/* Lockup (B1.5.15): the core stops; the CLI exits with 80. */
static void lockup(struct cpu *c, const char *what)
{
    char msg[240], buf[16];
    snprintf(msg, sizeof msg, "lockup: %s in %s (HardFault cannot preempt at execution priority %d)",
             what, exc_label(c->ipsr, buf, sizeof buf), exc_execution_priority(c));
    if (c->env.report)
        c->env.report(c->env.ctx, c, msg);
    cpu_stop_with(c, CPU_STOP_LOCKUP);
}

/* ---- state ---- */

int exc_attach(struct cpu *c, unsigned num_irq, unsigned prio_bits)
{
    struct exc_state *e = calloc(1, sizeof *e);
    if (!e)
        return -1;
    e->num_irq = num_irq > EXC_MAX_IRQ ? EXC_MAX_IRQ : num_irq;
    e->prio_bits = prio_bits < 2 ? 2 : prio_bits > 8 ? 8 : prio_bits;
    c->exc = e;
    exc_reset(c);
    return 0;
}

void exc_detach(struct cpu *c)
{
    free(c->exc);
    c->exc = NULL;
}

void exc_reset(struct cpu *c)
{
    struct exc_state *e = c->exc;
    if (!e)
        return;
    unsigned num_irq = e->num_irq, prio_bits = e->prio_bits;
    void (*sysreset)(void *) = e->sysreset;
    void *ctx = e->sysreset_ctx;
    uint64_t entries = e->entries, overhead = e->overhead_cycles;
    memset(e, 0, sizeof *e);
    e->num_irq = num_irq;
    e->prio_bits = prio_bits;
    e->sysreset = sysreset;
    e->sysreset_ctx = ctx;
    e->entries = entries;
    e->overhead_cycles = overhead;
    e->enabled[EXC_NMI] = e->enabled[EXC_HARDFAULT] = 1;
    e->enabled[EXC_SVCALL] = e->enabled[EXC_PENDSV] = e->enabled[EXC_SYSTICK] = 1;
    /* FPCCR resets with ASPEN and LSPEN set (B3.2.21) where there is an FPU. */
    if (c->model && c->model->has_fpu)
        e->fpccr = FPCCR_ASPEN | FPCCR_LSPEN;
    c->aircr_prigroup = 0;
}

static inline unsigned nexc(const struct exc_state *e) { return 16 + e->num_irq; }

void exc_set_pending(struct cpu *c, unsigned n)
{
    struct exc_state *e = c->exc;
    if (!e || n >= nexc(e) || n < EXC_NMI)
        return;
    if (!e->pending[n]) {
        e->pending[n] = 1;
        e->npending++;
        if (e->scr & SCR_SEVONPEND)
            c->event_reg = true;
    }
    cpu_request_exit(c);
}

void exc_clear_pending(struct cpu *c, unsigned n)
{
    struct exc_state *e = c->exc;
    if (!e || n >= nexc(e))
        return;
    /* A level-sensitive IRQ whose line is still high stays pending while
     * it is not active (B3.4.1). */
    if (n >= 16 && e->level[n] && !e->active[n])
        return;
    if (e->pending[n]) {
        e->pending[n] = 0;
        e->npending--;
    }
}

void exc_irq_line(struct cpu *c, unsigned irq, bool level)
{
    struct exc_state *e = c->exc;
    if (!e || irq >= e->num_irq)
        return;
    unsigned n = 16 + irq;
    bool rising = level && !e->level[n];
    e->level[n] = level;
    if (rising)
        exc_set_pending(c, n);
}

void exc_set_priority(struct cpu *c, unsigned n, uint32_t byte)
{
    struct exc_state *e = c->exc;
    if (!e || n < EXC_MEMMANAGE || n >= nexc(e))
        return;
    e->prio[n] = (uint8_t)(byte & (0xffu << (8 - e->prio_bits)));
    if (e->npending)
        cpu_request_exit(c);
}

void exc_set_enabled(struct cpu *c, unsigned n, bool on)
{
    struct exc_state *e = c->exc;
    if (!e || n >= nexc(e))
        return;
    e->enabled[n] = on;
    if (on && e->npending)
        cpu_request_exit(c);
}

/* ---- priorities (B1.5.4) ---- */

static int raw_priority(const struct exc_state *e, unsigned n)
{
    switch (n) {
    case EXC_RESET: return -3;
    case EXC_NMI: return -2;
    case EXC_HARDFAULT: return -1;
    default: return e->prio[n];
    }
}

/* The group priority of a priority value under AIRCR.PRIGROUP. */
static int group_of(const struct cpu *c, int p)
{
    if (p < 0)
        return p;
    int groupvalue = 2 << (c->aircr_prigroup & 7);
    return p - p % groupvalue;
}

int exc_group_priority(const struct cpu *c, unsigned n)
{
    return group_of(c, raw_priority(c->exc, n));
}

/* ExecutionPriority(); `ignore_primask` for the WFI wake-up test. */
static int exec_priority(const struct cpu *c, bool ignore_primask)
{
    const struct exc_state *e = c->exc;
    int highest = 256, boosted = 256;
    for (unsigned n = 2; n < nexc(e); n++)
        if (e->active[n]) {
            int p = group_of(c, raw_priority(e, n));
            if (p < highest)
                highest = p;
        }
    if (c->basepri & 0xff)
        boosted = group_of(c, (int)(c->basepri & 0xff));
    if ((c->primask & 1) && !ignore_primask)
        boosted = 0;
    if (c->faultmask & 1)
        boosted = -1;
    return boosted < highest ? boosted : highest;
}

int exc_execution_priority(const struct cpu *c)
{
    return c->exc ? exec_priority(c, false) : 256;
}

static bool is_enabled(const struct exc_state *e, unsigned n)
{
    return e->enabled[n] != 0;
}

/* The pending, enabled exception that would be taken first: lowest
 * priority value, then lowest exception number (B1.5.4). 0 if none. */
static unsigned highest_pending(const struct cpu *c)
{
    const struct exc_state *e = c->exc;
    if (!e->npending)
        return 0;
    unsigned best = 0;
    int bestp = 1000;
    for (unsigned n = 2; n < nexc(e); n++)
        if (e->pending[n] && is_enabled(e, n)) {
            int p = raw_priority(e, n);
            if (p < bestp) {
                bestp = p;
                best = n;
            }
        }
    return best;
}

unsigned exc_vectpending(const struct cpu *c)
{
    return c->exc ? highest_pending(c) : 0;
}

bool exc_isrpending(const struct cpu *c)
{
    const struct exc_state *e = c->exc;
    if (!e || !e->npending)
        return false;
    for (unsigned n = 16; n < nexc(e); n++)
        if (e->pending[n])
            return true;
    return false;
}

static unsigned active_count(const struct exc_state *e)
{
    unsigned k = 0;
    for (unsigned n = 1; n < nexc(e); n++)
        k += e->active[n];
    return k;
}

bool exc_rettobase(const struct cpu *c)
{
    return c->exc && c->ipsr != 0 && active_count(c->exc) == 1;
}

/* ---- memory for stacking: faults are recorded, never longjmp ---- */

static bool mem_w32(struct cpu *c, uint32_t a, uint32_t v)
{
    uint8_t *p = c->wmap[a >> BUS_PAGE_BITS];
    if (p && !(a & 3)) {
        memcpy(p + PAGE_OFF(a), &v, 4);
        return true;
    }
    return bus_write(c->bus, a, 4, v);
}

static bool mem_r32(struct cpu *c, uint32_t a, uint32_t *v)
{
    uint8_t *p = c->rmap[a >> BUS_PAGE_BITS];
    if (p && !(a & 3)) {
        memcpy(v, p + PAGE_OFF(a), 4);
        return true;
    }
    return bus_read(c->bus, a, 4, v);
}

static bool has_fp(const struct cpu *c) { return c->model && c->model->has_fpu; }

/* UpdateFPCCR (B1.5.6 PushStack, lazy case): note where the FP state goes
 * and which handlers could take the fault of preserving it. */
static void update_fpccr(struct cpu *c, uint32_t frameptr, bool thread)
{
    struct exc_state *e = c->exc;
    uint32_t f = e->fpccr & (FPCCR_ASPEN | FPCCR_LSPEN);
    e->fpcar = (frameptr + 0x20) & ~7u;
    f |= FPCCR_LSPACT;
    if (!cpu_privileged(c) && thread)
        f |= FPCCR_USER;
    if (thread)
        f |= FPCCR_THREAD;
    int ep = exec_priority(c, false);
    if (-1 < ep) f |= FPCCR_HFRDY;
    if (e->enabled[EXC_MEMMANAGE] && group_of(c, e->prio[EXC_MEMMANAGE]) < ep) f |= FPCCR_MMRDY;
    if (e->enabled[EXC_BUSFAULT] && group_of(c, e->prio[EXC_BUSFAULT]) < ep) f |= FPCCR_BFRDY;
    if (e->enabled[EXC_DEBUGMON] && group_of(c, e->prio[EXC_DEBUGMON]) < ep) f |= FPCCR_MONRDY;
    e->fpccr = f;
}

/* PushStack (B1.5.6). `thread`: the mode being left; `xpsr`: the value to
 * stack (bit 9 is replaced by the alignment flag). Returns false when a
 * write faulted (STKERR); sets LR to the EXC_RETURN value. */
static bool push_stack(struct cpu *c, bool thread, uint32_t ret_addr, uint32_t xpsr)
{
    struct exc_state *e = c->exc;
    bool fpca = has_fp(c) && (c->control & CONTROL_FPCA);
    uint32_t framesize = fpca ? 0x68 : 0x20;
    bool forcealign = fpca || (c->ccr & CCR_STKALIGN);
    uint32_t spmask = forcealign ? ~7u : ~3u;
    bool use_psp = thread && (c->control & CONTROL_SPSEL);
    uint32_t sp = use_psp ? cpu_get_sp_process(c) : cpu_get_sp_main(c);
    uint32_t align = (sp >> 2) & 1 & forcealign;
    uint32_t frame = (sp - framesize) & spmask;
    if (use_psp)
        cpu_set_sp_process(c, frame);
    else
        cpu_set_sp_main(c, frame);
    bool ok = true;
    ok &= mem_w32(c, frame + 0x00, c->r[0]);
    ok &= mem_w32(c, frame + 0x04, c->r[1]);
    ok &= mem_w32(c, frame + 0x08, c->r[2]);
    ok &= mem_w32(c, frame + 0x0c, c->r[3]);
    ok &= mem_w32(c, frame + 0x10, c->r[12]);
    ok &= mem_w32(c, frame + 0x14, c->r[REG_LR]);
    ok &= mem_w32(c, frame + 0x18, ret_addr);
    ok &= mem_w32(c, frame + 0x1c, (xpsr & ~(1u << 9)) | align << 9);
    if (fpca) {
        /* The FP state is written at entry even when stacking is lazy
         * (FPCCR.LSPEN): the reserved space's content is UNKNOWN until the
         * state is preserved, and the registers hold the same values
         * until the handler's first FP instruction, so this differs from
         * lazy preservation only in when the reserved words are written
         * (the cycles charged are the lazy ones). */
        for (unsigned k = 0; k < 16; k++)
            ok &= mem_w32(c, frame + 0x20 + 4 * k, c->fp.s[k]);
        ok &= mem_w32(c, frame + 0x60, c->fpscr);
        if (e->fpccr & FPCCR_LSPEN)
            update_fpccr(c, frame, thread);
        else
            c->cycles += EXC_CYC_FP_FRAME;
    }
    if (thread)
        c->r[REG_LR] = 0xffffffe0u | (fpca ? 0 : 0x10) | 0x8 | (use_psp ? 0x4 : 0) | 0x1;
    else
        c->r[REG_LR] = 0xffffffe0u | (fpca ? 0 : 0x10) | 0x1;
    return ok;
}

void exc_fp_preserve(struct cpu *c)
{
    struct exc_state *e = c->exc;
    if (!e || !(e->fpccr & FPCCR_LSPACT))
        return;
    bool ok = true;
    for (unsigned k = 0; k < 16; k++)
        ok &= mem_w32(c, e->fpcar + 4 * k, c->fp.s[k]);
    ok &= mem_w32(c, e->fpcar + 0x40, c->fpscr);
    e->fpccr &= ~FPCCR_LSPACT;
    if (!ok)
        e->cfsr |= BFSR_LSPERR;
}

/* ExceptionTaken (B1.5.6): vector fetch and the switch to Handler mode.
 * Returns false if the vector could not be read. */
static bool exception_taken(struct cpu *c, unsigned n)
{
    struct exc_state *e = c->exc;
    uint32_t vec;
    if (!mem_r32(c, (c->vtor & ~0x7fu) + 4 * n, &vec))
        return false;
    cpu_set_ipsr(c, n);
    cpu_set_control(c, c->control & ~(CONTROL_SPSEL | CONTROL_FPCA));
    c->itstate = 0;
    c->thumb = vec & 1;
    c->pc = vec & ~1u;
    if (c->thumb)
        cpu_charge_entry(c, c->pc);
    if (e->pending[n]) {
        e->pending[n] = 0;
        e->npending--;
    }
    e->active[n] = 1;
    e->entries++;
    c->event_reg = true;
    c->excl_open = false;
    return true;
}

static void enter(struct cpu *c, unsigned n, uint32_t ret_addr);

/* A fault raised by the exception machinery itself (stacking, vector
 * fetch, unstacking, bad EXC_RETURN): becomes pending, escalating to
 * HardFault when its handler is disabled or cannot preempt, or locks up. */
static bool derive_fault(struct cpu *c, unsigned n, uint32_t cfsr_bits, const char *what)
{
    struct exc_state *e = c->exc;
    e->cfsr |= cfsr_bits;
    int ep = exec_priority(c, false);
    if (n != EXC_HARDFAULT && (!is_enabled(e, n) || group_of(c, raw_priority(e, n)) >= ep)) {
        e->hfsr |= HFSR_FORCED;
        n = EXC_HARDFAULT;
    }
    if (n == EXC_HARDFAULT && -1 >= ep) {
        lockup(c, what);
        return false;
    }
    exc_set_pending(c, n);
    return true;
}

/* Takes exception n now: stacking, then the handler. */
static void enter(struct cpu *c, unsigned n, uint32_t ret_addr)
{
    struct exc_state *e = c->exc;
    bool thread = c->ipsr == 0;
    bool stacked = push_stack(c, thread, ret_addr, cpu_get_xpsr(c));
    c->cycles += EXC_CYC_ENTRY;
    e->overhead_cycles += EXC_CYC_ENTRY;
    if (!exception_taken(c, n)) {
        /* Vector read error: HardFault (HFSR.VECTTBL) on the same frame,
         * or lockup if NMI's or HardFault's own vector failed. */
        e->hfsr |= HFSR_VECTTBL;
        if (n == EXC_HARDFAULT || n == EXC_NMI || -1 >= exec_priority(c, false) ||
            !exception_taken(c, EXC_HARDFAULT)) {
            lockup(c, "vector table read error");
            return;
        }
        if (e->pending[n]) {
            e->pending[n] = 0;
            e->npending--;
        }
    }
    if (!stacked)
        derive_fault(c, EXC_BUSFAULT, BFSR_STKERR, "exception stacking to unmapped memory");
}

/* Takes every pending exception that can preempt, highest first (a
 * derived fault of the entry itself is then taken before the first
 * handler instruction). */
static bool take_pending(struct cpu *c)
{
    bool took = false;
    for (int k = 0; k < 8 && c->stop != CPU_STOP_LOCKUP; k++) {
        unsigned n = highest_pending(c);
        if (!n || group_of(c, raw_priority(c->exc, n)) >= exec_priority(c, false))
            break;
        enter(c, n, c->pc);
        took = true;
    }
    return took;
}

bool exc_take_pending(struct cpu *c)
{
    struct exc_state *e = c->exc;
    if (!e)
        return false;
    if (e->reset_req) {
        e->reset_req = false;
        if (e->sysreset)
            e->sysreset(e->sysreset_ctx);
        return false;
    }
    if (!e->npending)
        return false;
    return take_pending(c);
}

/* WFI wakes on a pending exception that would preempt if PRIMASK were 0
 * (B1.5.19); with SCR.SEVONPEND, WFE also wakes on any new pending one
 * (the event register, set in exc_set_pending). */
bool exc_wakeup_pending(const struct cpu *c)
{
    const struct exc_state *e = c->exc;
    if (!e || !e->npending)
        return false;
    unsigned n = highest_pending(c);
    return n && group_of(c, raw_priority(e, n)) < exec_priority(c, true);
}

/* ---- synchronous exceptions ---- */

/* Takes synchronous exception n (a fault or SVCall) with ret_addr stacked:
 * escalates to HardFault when n is disabled or cannot preempt (B1.5.15),
 * locks up when HardFault cannot. `what` names it for the lockup message. */
static void take_sync(struct cpu *c, unsigned n, uint32_t ret_addr, const char *what)
{
    struct exc_state *e = c->exc;
    int ep = exec_priority(c, false);
    if (n != EXC_HARDFAULT && (!is_enabled(e, n) || group_of(c, raw_priority(e, n)) >= ep)) {
        e->hfsr |= HFSR_FORCED;
        n = EXC_HARDFAULT;
    }
    if (n == EXC_HARDFAULT && -1 >= ep) {
        lockup(c, what);
        return;
    }
    if (!e->pending[n]) {
        e->pending[n] = 1;
        e->npending++;
    }
    /* The synchronous exception (or an NMI pending at the same time, which
     * has higher priority) is taken before the next instruction. */
    unsigned first = highest_pending(c);
    if (first != n && group_of(c, raw_priority(e, first)) < ep)
        n = first;
    enter(c, n, ret_addr);
    take_pending(c);
}

void exc_fault(struct cpu *c, int exc, uint32_t cfsr_bits, uint32_t addr)
{
    char msg[200];
    struct exc_state *e = c->exc;
    describe(c, msg, sizeof msg, cfsr_bits, addr);
    if (!e) {
        if (c->env.report)
            c->env.report(c->env.ctx, c, msg);
        cpu_stop_with(c, (cfsr_bits & UFSR_UNDEFINSTR) ? CPU_STOP_UNDEF : CPU_STOP_LOCKUP);
        return;
    }
    /* CCR.BFHFNMIGN: at priority -1 or -2 a precise data BusFault is
     * ignored (B3.2.8): the access does nothing, the insn completes. */
    if ((cfsr_bits & BFSR_PRECISERR) && (c->ccr & CCR_BFHFNMIGN) && exec_priority(c, false) < 0) {
        const struct insn *i = cc_lookup(c, c->pc);
        if (i->flags & IF_IT) /* ITAdvance() again: cpu_fault rewound it */
            c->itstate = (c->itstate & 7) ? (uint8_t)((c->itstate & 0xe0) | ((c->itstate << 1) & 0x1f)) : 0;
        c->pc += 2u * i->hw;
        return;
    }
    /* An instruction fetch from an Execute Never region of the default
     * memory map (B3.1: Peripheral 0x40000000-0x5FFFFFFF, Device
     * 0xA0000000-0xDFFFFFFF, System 0xE0000000 up) is a MemManage fault
     * (IACCVIOL, no MMFAR), whether or not anything is mapped there. */
    if (cfsr_bits & BFSR_IBUSERR) {
        uint32_t a = c->pc;
        if ((a >= 0x40000000u && a < 0x60000000u) || a >= 0xa0000000u) {
            exc = EXC_MEMMANAGE;
            cfsr_bits = MMFSR_IACCVIOL;
        }
    }
    e->cfsr |= cfsr_bits;
    if (cfsr_bits & BFSR_BFARVALID)
        e->bfar = addr;
    if (cfsr_bits & MMFSR_MMARVALID)
        e->mmfar = addr;
    take_sync(c, (unsigned)exc, c->pc, msg);
}

void exc_svc(struct cpu *c, uint32_t return_addr)
{
    if (!c->exc) {
        if (c->env.report)
            c->env.report(c->env.ctx, c, "SVC with no exception model");
        c->pc = return_addr - 2;
        cpu_stop_with(c, CPU_STOP_LOCKUP);
        return;
    }
    char msg[80];
    snprintf(msg, sizeof msg, "SVC at pc 0x%08x", return_addr - 2);
    take_sync(c, EXC_SVCALL, return_addr, msg);
}

/* ---- exception return (B1.5.8) ---- */

/* DeActivate(): the returning exception is no longer active; FAULTMASK is
 * cleared unless returning from NMI. A level-sensitive IRQ whose line is
 * still high becomes pending again. */
static void deactivate(struct cpu *c, unsigned n)
{
    struct exc_state *e = c->exc;
    e->active[n] = 0;
    if (c->ipsr != EXC_NMI)
        c->faultmask = 0;
    if (n >= 16 && n < nexc(e) && e->level[n])
        exc_set_pending(c, n);
}

/* A bad return: UsageFault INVPC taken on the frame still stacked (the
 * pseudocode's ExceptionTaken without PushStack), LR = the EXC_RETURN. */
static uint32_t invpc(struct cpu *c, uint32_t value, bool deact)
{
    struct exc_state *e = c->exc;
    if (deact)
        deactivate(c, c->ipsr);
    char msg[80];
    snprintf(msg, sizeof msg, "invalid EXC_RETURN 0x%08x", value);
    if (!derive_fault(c, EXC_USAGEFAULT, UFSR_INVPC, msg))
        return c->pc;
    unsigned n = highest_pending(c);
    if (!exception_taken(c, n)) {
        lockup(c, "vector table read error");
        return c->pc;
    }
    c->r[REG_LR] = value;
    c->cycles += EXC_CYC_TAILCHAIN;
    e->overhead_cycles += EXC_CYC_TAILCHAIN;
    return c->pc;
}

uint32_t exc_return(struct cpu *c, uint32_t value)
{
    struct exc_state *e = c->exc;
    if (!e)
        cpu_fault(c, EXC_USAGEFAULT, UFSR_INVPC, 0);
    c->pc = c->r[15] - 4; /* the returning instruction, for messages */
    unsigned ret = c->ipsr & 0x1ff;
    bool fp = has_fp(c);
    bool bad_bits = fp ? (value | 0x1fu) != 0xffffffffu : (value | 0xfu) != 0xffffffffu;
    if (bad_bits || ret >= nexc(e) || !e->active[ret])
        return invpc(c, value, ret < nexc(e) && e->active[ret]);
    unsigned mode = value & 0xf;
    if (mode != 0x1 && mode != 0x9 && mode != 0xd)
        return invpc(c, value, true);
    if (mode != 0x1 && active_count(e) != 1 && !(c->ccr & CCR_NONBASETHRDENA))
        return invpc(c, value, true);

    deactivate(c, ret);

    /* Tail-chaining: a pending exception that preempts the context being
     * returned to is taken on the same frame (B1.5.12). */
    unsigned n = highest_pending(c);
    if (n) {
        int ep = exec_priority(c, false);
        if (group_of(c, raw_priority(e, n)) < ep && exception_taken(c, n)) {
            c->r[REG_LR] = value;
            c->cycles += EXC_CYC_TAILCHAIN;
            e->overhead_cycles += EXC_CYC_TAILCHAIN;
            return c->pc;
        }
    }

    /* PopStack: read the whole frame before changing any state, so an
     * unstacking fault leaves the registers as they are. */
    bool to_psp = mode == 0xd;
    bool fpframe = fp && !(value & 0x10);
    uint32_t frame = to_psp ? cpu_get_sp_process(c) : cpu_get_sp_main(c);
    uint32_t w[8], s[17];
    bool ok = true;
    for (unsigned k = 0; k < 8; k++)
        ok &= mem_r32(c, frame + 4 * k, &w[k]);
    bool restore_fp = fpframe;
    if (fpframe)
        for (unsigned k = 0; k < 17; k++)
            ok &= mem_r32(c, frame + 0x20 + 4 * k, &s[k]);
    if (!ok) {
        e->cfsr |= BFSR_UNSTKERR;
        if (!derive_fault(c, EXC_BUSFAULT, 0, "exception unstacking from unmapped memory"))
            return c->pc;
        unsigned f = highest_pending(c);
        if (!exception_taken(c, f)) {
            lockup(c, "vector table read error");
            return c->pc;
        }
        c->r[REG_LR] = value;
        return c->pc;
    }
    c->r[0] = w[0]; c->r[1] = w[1]; c->r[2] = w[2]; c->r[3] = w[3];
    c->r[12] = w[4]; c->r[REG_LR] = w[5];
    uint32_t pc = w[6], psr = w[7];
    if (restore_fp) {
        /* The state was written at entry (see push_stack), so restoring it
         * is right whether or not lazy preservation happened since. */
        for (unsigned k = 0; k < 16; k++)
            c->fp.s[k] = s[k];
        c->fpscr = s[16];
        if (!(e->fpccr & FPCCR_LSPEN))
            c->cycles += EXC_CYC_FP_FRAME;
    }
    if (fpframe || (e->fpccr & FPCCR_LSPACT))
        e->fpccr &= ~FPCCR_LSPACT;
    bool forcealign = fpframe || (c->ccr & CCR_STKALIGN);
    uint32_t framesize = fpframe ? 0x68 : 0x20;
    uint32_t newsp = (frame + framesize) | ((psr >> 9 & 1) && forcealign ? 4u : 0u);
    uint32_t msp = cpu_get_sp_main(c), psp = cpu_get_sp_process(c);
    if (to_psp)
        psp = newsp;
    else
        msp = newsp;
    uint32_t control = c->control & ~CONTROL_SPSEL;
    if (to_psp)
        control |= CONTROL_SPSEL;
    if (fp)
        control = fpframe ? control | CONTROL_FPCA : control & ~CONTROL_FPCA;
    /* APSR, IPSR and EPSR from the frame (bit 9 is the alignment flag). */
    bool to_thread = mode != 0x1;
    cpu_set_xpsr(c, psr & ~(1u << 9));
    uint32_t stacked_ipsr = c->ipsr;
    bool mismatch = to_thread ? stacked_ipsr != 0 : stacked_ipsr == 0;
    if (mismatch) /* IPSR is the mode here: keep it consistent for now */
        c->ipsr = to_thread ? 0 : ret;
    c->control = control;
    if (cpu_uses_psp(c)) {
        c->r[REG_SP] = psp & ~3u;
        c->sp_main = msp & ~3u;
    } else {
        c->r[REG_SP] = msp & ~3u;
        c->sp_process = psp & ~3u;
    }
    c->cycles += EXC_CYC_RETURN;
    e->overhead_cycles += EXC_CYC_RETURN;
    c->excl_open = false;
    c->event_reg = true;

    /* The IPSR in the frame must match the mode returned to: else
     * UsageFault INVPC, stacking again (B1.5.8). */
    if (mismatch) {
        uint32_t xpsr = (cpu_get_xpsr(c) & ~0x1ffu) | stacked_ipsr;
        bool stacked = push_stack(c, to_thread, pc & ~1u, xpsr);
        c->pc = pc & ~1u;
        if (!derive_fault(c, EXC_USAGEFAULT, UFSR_INVPC,
                          "invalid EXC_RETURN (stacked IPSR does not match the mode)"))
            return c->pc;
        unsigned f = highest_pending(c);
        if (!exception_taken(c, f))
            lockup(c, "vector table read error");
        else if (!stacked)
            derive_fault(c, EXC_BUSFAULT, BFSR_STKERR, "exception stacking to unmapped memory");
        return c->pc;
    }

    if (!c->thumb) {
        /* EPSR.T clear: the next instruction takes INVSTATE; let the run
         * loop's outer check see it. */
        c->resync = true;
        c->deadline = 0;
    }
    if (to_thread && (e->scr & SCR_SLEEPONEXIT))
        cpu_stop_with(c, CPU_STOP_SLEEP);
    c->pc = pc & ~1u;
    if (c->thumb)
        cpu_charge_entry(c, c->pc);
    return c->pc;
}
