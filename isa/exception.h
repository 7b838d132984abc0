/* Exception numbers and fault status bits (ARMv7-M B1.5, B3.2.15). */
#ifndef TTEMU_ISA_EXCEPTION_H
#define TTEMU_ISA_EXCEPTION_H

#include <stdbool.h>
#include <stdint.h>

struct cpu;

enum exc_num {
    EXC_RESET = 1, EXC_NMI = 2, EXC_HARDFAULT = 3, EXC_MEMMANAGE = 4,
    EXC_BUSFAULT = 5, EXC_USAGEFAULT = 6, EXC_SVCALL = 11, EXC_DEBUGMON = 12,
    EXC_PENDSV = 14, EXC_SYSTICK = 15, EXC_IRQ0 = 16,
};

/* CFSR bits: MMFSR [7:0], BFSR [15:8], UFSR [31:16]. */
enum {
    MMFSR_IACCVIOL = 1u << 0, MMFSR_DACCVIOL = 1u << 1, MMFSR_MUNSTKERR = 1u << 3,
    MMFSR_MSTKERR = 1u << 4, MMFSR_MLSPERR = 1u << 5, MMFSR_MMARVALID = 1u << 7,
    BFSR_IBUSERR = 1u << 8, BFSR_PRECISERR = 1u << 9, BFSR_IMPRECISERR = 1u << 10,
    BFSR_UNSTKERR = 1u << 11, BFSR_STKERR = 1u << 12, BFSR_LSPERR = 1u << 13,
    BFSR_BFARVALID = 1u << 15,
    UFSR_UNDEFINSTR = 1u << 16, UFSR_INVSTATE = 1u << 17, UFSR_INVPC = 1u << 18,
    UFSR_NOCP = 1u << 19, UFSR_UNALIGNED = 1u << 24, UFSR_DIVBYZERO = 1u << 25,
};

/* A synchronous fault of the instruction at c->pc: takes the exception
 * (escalating to HardFault or lockup as the manual says) or stops the
 * core. cfsr_bits are UFSR/BFSR/MMFSR bits; addr is BFAR/MMFAR when the
 * matching *ARVALID bit is set. Returns; the caller unwinds. */
void exc_fault(struct cpu *c, int exc, uint32_t cfsr_bits, uint32_t addr);
/* Exception return: called when a load/BX writes an EXC_RETURN value to
 * the PC in Handler mode; returns the address to go on at. */
uint32_t exc_return(struct cpu *c, uint32_t exc_return_value);
/* Called by the machine between run slices: takes the highest-priority
 * pending exception if it can preempt now (B1.5.4). Returns true if one
 * was taken. */
bool exc_take_pending(struct cpu *c);
/* WFI wakes on any pending interrupt, even one PRIMASK masks (B1.5.19). */
bool exc_wakeup_pending(const struct cpu *c);
/* SVC: raises SVCall with the return address after the SVC. */
void exc_svc(struct cpu *c, uint32_t return_addr);


/* ---- the exception state (B1.5.2 priorities, B3.2 SCB, B3.4 NVIC) ----
 *
 * One per core, reached through cpu->exc (NULL on a bare core: then faults
 * stop the core with a message, as before the exception model existed).
 * The SCS devices (devices/scb.c, nvic.c, systick.c) read and write these
 * fields; exception.c owns the behaviour. Priorities are stored as the
 * registers hold them (only the top prio_bits bits implemented). */
#define EXC_MAX_IRQ 496
#define EXC_MAX (16 + EXC_MAX_IRQ)

/* HFSR (B3.2.16), SHCSR (B3.2.13), SCR (B3.2.7), FPCCR (B3.2.21) bits. */
enum {
    HFSR_VECTTBL = 1u << 1, HFSR_FORCED = 1u << 30, HFSR_DEBUGEVT = 1u << 31,
    SCR_SLEEPONEXIT = 1u << 1, SCR_SLEEPDEEP = 1u << 2, SCR_SEVONPEND = 1u << 4,
    FPCCR_LSPACT = 1u << 0, FPCCR_USER = 1u << 1, FPCCR_THREAD = 1u << 3,
    FPCCR_HFRDY = 1u << 4, FPCCR_MMRDY = 1u << 5, FPCCR_BFRDY = 1u << 6,
    FPCCR_MONRDY = 1u << 8, FPCCR_LSPEN = 1u << 30, FPCCR_ASPEN = 1u << 31,
};

/* Cycle costs (Cortex-M4 TRM 3.3.1 / r0p1 "Exception handling"): entry 12,
 * tail-chain 6, return 10; the FP frame's 18 extra words add 17 more to
 * entry and return when stacked (not when stacking is lazy). */
#define EXC_CYC_ENTRY 12
#define EXC_CYC_TAILCHAIN 6
#define EXC_CYC_RETURN 10
#define EXC_CYC_FP_FRAME 17

struct exc_state {
    unsigned num_irq;         /* external interrupts of this NVIC */
    unsigned prio_bits;       /* implemented priority bits (top of the byte) */
    unsigned npending;        /* how many pending[] are set (fast test) */
    uint8_t pending[EXC_MAX], active[EXC_MAX], enabled[EXC_MAX], prio[EXC_MAX];
    uint8_t level[EXC_MAX];   /* IRQ input lines (level-sensitive re-pend) */
    uint32_t cfsr, hfsr, dfsr, mmfar, bfar, afsr;
    uint32_t scr;
    uint32_t fpccr, fpcar, fpdscr;
    /* Statistics the DWT counts and the report may use. */
    uint64_t entries;         /* exceptions taken (incl. tail-chained) */
    uint64_t overhead_cycles; /* cycles of entry, return and tail-chain */
    /* AIRCR.SYSRESETREQ: the owner resets the machine outside the run loop
     * (exc_take_pending calls this when the request is set). */
    bool reset_req;
    void (*sysreset)(void *ctx);
    void *sysreset_ctx;
};

/* Creates the exception state of a core (num_irq external interrupts,
 * prio_bits implemented priority bits) and resets it; -1 when out of
 * memory. exc_detach frees it; exc_reset is the reset values (B1.5.5). */
int  exc_attach(struct cpu *c, unsigned num_irq, unsigned prio_bits);
void exc_detach(struct cpu *c);
void exc_reset(struct cpu *c);
/* Sets/clears the pending state of exception n (a running core leaves its
 * loop so the exception is taken promptly). */
void exc_set_pending(struct cpu *c, unsigned n);
void exc_clear_pending(struct cpu *c, unsigned n);
/* An external interrupt line changed (NVIC input; level-sensitive). */
void exc_irq_line(struct cpu *c, unsigned irq, bool level);
/* Writes the priority register byte of exception n (4..15 or an IRQ). */
void exc_set_priority(struct cpu *c, unsigned n, uint32_t byte);
/* Configurable exceptions' enables (SHCSR) and IRQ enables (NVIC). */
void exc_set_enabled(struct cpu *c, unsigned n, bool on);
/* The current execution priority (B1.5.4: -3..255, 256 in Thread mode
 * with no boost), and the group priority of exception n. */
int  exc_execution_priority(const struct cpu *c);
int  exc_group_priority(const struct cpu *c, unsigned n);
/* ICSR fields: the highest-priority pending enabled exception (0 none),
 * whether any external interrupt is pending, RETTOBASE. */
unsigned exc_vectpending(const struct cpu *c);
bool exc_isrpending(const struct cpu *c);
bool exc_rettobase(const struct cpu *c);
/* Saves the FP context lazily reserved by an exception entry
 * (PreserveFPState, B1.5.7) when FPCCR.LSPACT is set: for the FP
 * instructions' ExecuteFPCheck. */
void exc_fp_preserve(struct cpu *c);

#endif
