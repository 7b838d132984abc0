/* ARMv7-M core helpers for ttemu board firmware: interrupt masking, WFI,
 * and the NVIC (ARMv7-M ARM B3.4). Plain inline functions, no CMSIS. */
#ifndef BSP_ARMV7M_H
#define BSP_ARMV7M_H

#include <stdint.h>

#define NVIC_ISER ((volatile uint32_t *)0xE000E100u) /* set-enable, 32 IRQs a word */
#define NVIC_ICER ((volatile uint32_t *)0xE000E180u) /* clear-enable */
#define NVIC_ISPR ((volatile uint32_t *)0xE000E200u) /* set-pending */
#define NVIC_ICPR ((volatile uint32_t *)0xE000E280u) /* clear-pending */
#define NVIC_IPR  ((volatile uint8_t *)0xE000E400u)  /* one priority byte per IRQ */
#define SCB_VTOR  (*(volatile uint32_t *)0xE000ED08u)

static inline void cpu_irq_disable(void) { __asm volatile("cpsid i" ::: "memory"); }
static inline void cpu_irq_enable(void)  { __asm volatile("cpsie i\n\tisb" ::: "memory"); }
static inline void cpu_wfi(void)         { __asm volatile("dsb\n\twfi" ::: "memory"); }

static inline uint32_t cpu_primask(void)
{
    uint32_t v;
    __asm volatile("mrs %0, primask" : "=r"(v));
    return v;
}

static inline void nvic_enable(unsigned irq)        { NVIC_ISER[irq / 32] = 1u << (irq % 32); }
static inline void nvic_disable(unsigned irq)
{
    NVIC_ICER[irq / 32] = 1u << (irq % 32);
    __asm volatile("dsb\n\tisb" ::: "memory");
}
static inline void nvic_clear_pending(unsigned irq) { NVIC_ICPR[irq / 32] = 1u << (irq % 32); }
static inline void nvic_set_priority(unsigned irq, uint8_t prio) { NVIC_IPR[irq] = prio; }

/* Whether the NVIC answers for irq: enabling it reads back as enabled
 * (B3.4.4). A build of the emulator without an NVIC reads 0 there, and the
 * drivers then poll instead of sleeping. Leaves the IRQ disabled. */
static inline int nvic_usable(unsigned irq)
{
    nvic_enable(irq);
    int ok = (NVIC_ISER[irq / 32] >> (irq % 32)) & 1;
    nvic_disable(irq);
    return ok;
}

/* Waits until (*reg & mask) != 0. When the NVIC answers for irq (and the
 * device has its interrupt enabled), the core sleeps in WFI with PRIMASK
 * set: a pending interrupt wakes WFI even while masked (B1.5.19), so no
 * handler runs and the check-then-sleep has no lost-wakeup race. Otherwise
 * it polls. irq < 0: always poll. PRIMASK is set from the start, so a
 * device that has already finished cannot reach a handler while the NVIC
 * is probed; it is restored at the end, when the IRQ is disabled again.
 * The caller then clears the device's status and calls bsp_irq_ack(). */
static inline void bsp_wait_bits(volatile uint32_t *reg, uint32_t mask, int irq)
{
    uint32_t masked = cpu_primask();
    cpu_irq_disable();
    if (irq >= 0 && nvic_usable((unsigned)irq)) {
        nvic_clear_pending((unsigned)irq);
        nvic_enable((unsigned)irq);
        while (!(*reg & mask))
            cpu_wfi();
        nvic_disable((unsigned)irq);
    } else {
        while (!(*reg & mask))
            ;
    }
    if (!masked)
        cpu_irq_enable();
}

/* After the device's status is cleared: drop the latched pending bit. */
static inline void bsp_irq_ack(int irq)
{
    if (irq >= 0)
        nvic_clear_pending((unsigned)irq);
}

#endif
