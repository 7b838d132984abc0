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

#endif
