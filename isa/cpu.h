/* The ARMv7-M core: architectural state, execution control and the API the
 * machine, devices, the GDB server and the tests use.
 *
 * Execution model: instructions are decoded once into `struct insn`
 * (isa/insn.h) held in a per-page code cache; the run loop runs basic
 * blocks, charging each block's cycles once, and inside a block each
 * handler jumps to the next one (isa/cpu.c, isa/exec.h NEXT). The loop
 * stops after the instruction at which `cycles` reaches `deadline`: the
 * scheduler, single-step, a semihosting exit and a pending interrupt all
 * stop it by moving the deadline, so the hot loop has a single test per
 * block. */
#ifndef TTEMU_ISA_CPU_H
#define TTEMU_ISA_CPU_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#include "isa/insn.h"

struct bus;
struct code_cache;
struct insn;
struct cpu;
struct exc_state;
struct memsys;

enum { REG_SP = 13, REG_LR = 14, REG_PC = 15, REG_SINK = 16 };

/* Why cpu_run returned. */
enum cpu_stop {
    CPU_STOP_NONE = 0,  /* the deadline was reached */
    CPU_STOP_EXIT,      /* semihosting SYS_EXIT: see exit_code */
    CPU_STOP_BKPT,      /* BKPT other than semihosting: pc is at the BKPT */
    CPU_STOP_SLEEP,     /* WFI/WFE with nothing pending: time may skip */
    CPU_STOP_LOCKUP,    /* fault with no way to take it */
    CPU_STOP_UNDEF,     /* undefined instruction and no exception model */
    CPU_STOP_WATCH,     /* a watchpoint matched */
    CPU_STOP_ERROR,     /* host-side error (e.g. semihosting I/O) */
};

enum cpu_kind { CPU_CORTEX_M4, CPU_CORTEX_M7 };

/* What a core model provides: features the decoder checks, identity
 * registers, and the timing model's static cost table (isa/timing.c). */
struct cpu_model {
    const char *name;
    enum cpu_kind kind;
    bool has_fpu;      /* FPv4-SP (M4F) or FPv5 (M7) */
    bool has_fpu_dp;   /* double precision (M7 FPv5-D16) */
    uint32_t cpuid;    /* SCB->CPUID */
    const uint8_t *static_cost; /* cycles per insn kind, indexed by enum insn_kind */
    bool div_early_term; /* SDIV/UDIV add an early-termination term to the static cost */
    bool has_btac;       /* dynamic branch prediction through a BTAC (M7; isa/branch.c) */
};

/* The Cortex-M7's branch target address cache (M7 TRM 1.x "Prefetch Unit":
 * "A Branch Target Address Cache (BTAC) for single-cycle turn-around of
 * branch predictor state and target address"; ACTLR.DISBTACREAD "1: BTAC
 * is not used and only static branch prediction can occur"). Arm does not
 * publish its size or policy: BTAC_ENTRIES direct-mapped entries indexed
 * by the branch's halfword address is our assumption (docs/timing.md).
 * Mispredict penalty: 6, 2 more for a B<c> whose flags were set less than 3
 * cycles before it (measured on an STM32H743, docs/timing.md; isa/timing.c
 * m7_mispredict puts each branch's figure in insn.cyc_mispredict). */
#define BTAC_ENTRIES 64
#define M7_MISPREDICT 6
#define M7_MISPREDICT_FLAGS 2
struct btac_entry {
    uint32_t tag;    /* branch address | 1 when valid, else 0 */
    uint32_t target; /* last taken target (BX: the value written to the PC) */
    uint8_t taken;   /* the branch's last outcome */
};

const struct cpu_model *cpu_model_find(const char *name);

/* Callbacks into the machine, so the core knows nothing of boards. */
struct cpu_env {
    void *ctx;
    /* BKPT #imm: returns true if handled (semihosting), else the core stops. */
    bool (*bkpt)(void *ctx, struct cpu *c, unsigned imm);
    /* The core stopped with a message worth showing the user. */
    void (*report)(void *ctx, struct cpu *c, const char *msg);
};

struct cpu {
    /* --- hot state: the run loop and handlers touch these --- */
    uint32_t r[17];          /* r[15] reads as the current insn's address + 4;
                                r[16] is a write sink for TST/TEQ/CMP/CMN */
    uint64_t cycles;         /* core clock cycles since reset */
    uint64_t deadline;       /* run loop exits once cycles >= deadline */
    uint8_t **rmap;          /* host pointer per 4 KiB page for loads, or NULL */
    uint8_t **wmap;          /* same for stores; NULL also where code is cached */
    uint8_t n, z, c, v, q;   /* APSR flags, each 0 or 1 */
    uint8_t ge;              /* APSR.GE[3:0] */
    uint8_t itstate;         /* EPSR.IT[7:0]; 0 outside an IT block */
    uint8_t thumb;           /* EPSR.T */
    uint8_t it_prev;         /* ITSTATE of the IT-block insn now running */
    uint8_t has_btac;        /* model->has_btac, cached by cpu_init and cpu_run */

    /* --- system state --- */
    uint32_t pc;             /* next instruction when not inside cpu_run */
    uint32_t ipsr;           /* current exception number, 0 in Thread mode */
    uint32_t sp_main, sp_process; /* the banked SPs; r[13] holds the active one */
    uint32_t primask, faultmask, basepri, control;
    /* SCB state the core itself consults; the SCB device reads/writes these. */
    uint32_t vtor, ccr, cpacr, aircr_prigroup;
    uint64_t insns;          /* instructions retired */

    /* --- FPU --- */
    union { uint32_t s[32]; uint64_t d[16]; } fp;
    uint32_t fpscr;

    /* --- exclusive monitor for LDREX/STREX --- */
    bool excl_open;
    bool event_reg;          /* WFE/SEV event register */
    uint32_t excl_addr;

    /* --- control --- */
    enum cpu_stop stop;
    int exit_code;           /* with CPU_STOP_EXIT */
    bool resync;             /* code changed under the loop: look up again */
    uint64_t deadline_saved; /* the real deadline while resync forces an exit */
    uint32_t entry_pending;  /* address | 1 of a not yet decoded instruction
                                entered non-sequentially, else 0 */
    jmp_buf *abort;          /* where a faulting access unwinds to */
    /* Block execution (isa/cpu.c): while a block runs, cycles and insns
     * already include the rest of it; blk_entry is where it was entered
     * (NULL outside a block), so a slow path or a fault can make them exact
     * (cpu_block_sync). patched: an entry whose handler was replaced by the
     * block exit stub, to leave the block after the current instruction. */
    const struct insn *blk_entry;
    struct insn *patched;
    const struct insn *(*patched_fn)(struct cpu *, const struct insn *);
    /* The translated code's range (isa/jit.h): an entry whose fn lies in
     * it keeps its handler in inner (cpu_handler). */
    uintptr_t jit_lo;
    size_t jit_size;
    uint32_t jit_chain;      /* blocks host code may still enter before the
                                run loop's next visit (isa/jit_branch.c) */

    /* Called before every instruction when set (tracing, debugger): the
     * run loop then takes a separate path, so it costs nothing when NULL. */
    void (*on_insn)(void *ctx, struct cpu *c, const struct insn *i);
    void *on_insn_ctx;

    const struct cpu_model *model;
    struct bus *bus;
    struct code_cache *cc;
    struct cpu_env env;
    /* Exception model state (isa/exception.h), NULL on a bare core. */
    struct exc_state *exc;
    /* Memory timing (isa/cache.h): wait states and caches; NULL on a bare
     * core, whose slow-path accesses then cost their region's wait states. */
    struct memsys *mem;
    /* Branch predictor state (has_btac cores): empty at cpu_init, kept
     * across machine_reset as the caches are, so runs stay deterministic. */
    struct btac_entry btac[BTAC_ENTRIES];
};

/* Lifecycle. cpu_init allocates the code cache; the bus must outlive it. */
int  cpu_init(struct cpu *c, const struct cpu_model *model, struct bus *bus);
void cpu_free(struct cpu *c);
/* Architectural reset: SP and PC from the vector table at vtor. */
void cpu_reset_arch(struct cpu *c, uint32_t vtor);
/* Run until the deadline or a stop; returns c->stop. */
enum cpu_stop cpu_run(struct cpu *c, uint64_t deadline);
/* Ask a running core to leave its loop after the current instruction. */
static inline void cpu_request_exit(struct cpu *c) { c->deadline = 0; }
void cpu_stop_with(struct cpu *c, enum cpu_stop why);

/* The instruction at addr is entered non-sequentially (exception entry or
 * return): charge its entry cost (isa/timing.c) now. */
void cpu_charge_entry(struct cpu *c, uint32_t addr);

/* xPSR assembled from the unpacked flags, and back. */
uint32_t cpu_get_xpsr(const struct cpu *c);
void     cpu_set_xpsr(struct cpu *c, uint32_t xpsr);
uint32_t cpu_get_apsr(const struct cpu *c);

/* Banked stack pointers: r[13] holds the active one (SP_process in Thread
 * mode with CONTROL.SPSEL set, else SP_main); these read and write either. */
static inline bool cpu_uses_psp(const struct cpu *c) { return c->ipsr == 0 && (c->control & 2); }
static inline bool cpu_privileged(const struct cpu *c) { return c->ipsr != 0 || !(c->control & 1); }
uint32_t cpu_get_sp_main(const struct cpu *c);
uint32_t cpu_get_sp_process(const struct cpu *c);
void cpu_set_sp_main(struct cpu *c, uint32_t v);
void cpu_set_sp_process(struct cpu *c, uint32_t v);
/* Changes CONTROL (and mode via ipsr) keeping r[13] the active SP. */
void cpu_set_control(struct cpu *c, uint32_t control);
void cpu_set_ipsr(struct cpu *c, uint32_t ipsr);

/* Whether fn is translated code (isa/jit.h), not a handler. */
static inline bool cpu_is_translation(const struct cpu *c, insn_fn fn)
{
    return (uintptr_t)fn - c->jit_lo < c->jit_size;
}

/* The handler that runs i alone (and chains, NEXT): its fn, or, where fn
 * is a translation, the handler kept in inner. */
static inline insn_fn cpu_handler(const struct cpu *c, const struct insn *i)
{
    return cpu_is_translation(c, i->fn) ? i->inner : i->fn;
}

/* Code in [addr, addr+len) changed behind the core's back (debugger, DMA,
 * loader): drop decoded instructions there. */
void cpu_code_changed(struct cpu *c, uint32_t addr, uint32_t len);

#endif
