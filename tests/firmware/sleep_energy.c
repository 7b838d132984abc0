/* Sleeps 10 ms in WFI, woken by CMSDK timer0 (IRQ 8 on the MPS2 boards),
 * then exits. tests/suites/42-sleep-energy.sh checks the joules ttemu
 * charges for the sleep against the board file's idle power; QEMU runs the
 * same image for the output comparison. Prints nothing time-dependent. */
#include <stdint.h>
#include <stdio.h>

#define TIMER0_CTRL   (*(volatile uint32_t *)0x40000000u)
#define TIMER0_VALUE  (*(volatile uint32_t *)0x40000004u)
#define TIMER0_RELOAD (*(volatile uint32_t *)0x40000008u)
#define TIMER0_INT    (*(volatile uint32_t *)0x4000000cu)
#define NVIC_ISER0    (*(volatile uint32_t *)0xe000e100u)
#define NVIC_ICER0    (*(volatile uint32_t *)0xe000e180u)

#define SYSCLK_HZ 25000000u            /* the MPS2 FPGA's 25 MHz */
#define SLEEP_TICKS (SYSCLK_HZ / 100)  /* 10 ms */

static volatile unsigned wakeups;

void IRQ8_Handler(void)
{
    TIMER0_INT = 1;   /* clear the timer's interrupt */
    TIMER0_CTRL = 0;  /* one shot */
    wakeups++;
}

int main(void)
{
    printf("sleeping 10 ms in WFI\n");
    TIMER0_CTRL = 0;
    TIMER0_INT = 1;
    TIMER0_RELOAD = SLEEP_TICKS;
    TIMER0_VALUE = SLEEP_TICKS;
    NVIC_ISER0 = 1u << 8;
    /* Check and sleep with interrupts masked: WFI still wakes on a pending
     * (masked) interrupt, and the handler runs once PRIMASK is cleared, so
     * a timer firing between the check and the WFI cannot be missed. */
    __asm volatile("cpsid i" ::: "memory");
    TIMER0_CTRL = 1u | (1u << 3); /* enable, interrupt enable */
    while (!wakeups) {
        __asm volatile("wfi");
        __asm volatile("cpsie i\n\tisb\n\tcpsid i" ::: "memory");
    }
    __asm volatile("cpsie i" ::: "memory");
    NVIC_ICER0 = 1u << 8;
    printf("woken %u time(s)\n", wakeups);
    return 0;
}
