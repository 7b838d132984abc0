/* Sleep (ARMv7-M ARM B1.5.19, B3.2.7 SCR, B3.3 SysTick):
 *  - WFI with PRIMASK set wakes on a pending SysTick without taking it;
 *    CPSIE then takes it;
 *  - SCR.SLEEPONEXIT: the handler returns to sleep instead of to the
 *    interrupted WFI loop until it clears SLEEPONEXIT itself; (QEMU does
 *    not sleep on exit: its loop just runs WFI again, so only what both
 *    must agree on is printed: the tick count and where it ended);
 *  - SEV then WFE returns at once (the event register); WFE waits for
 *    the next tick otherwise.
 * Nothing timed by the host is printed. */
#include "fwtest.h"
#include "mps2_regs.h"

static volatile uint32_t ticks, stop_at, clear_soe_at;

void SysTick_Handler(void)
{
    ticks++;
    if (ticks == clear_soe_at)
        SCB_SCR &= ~(1u << 1);
    if (ticks == stop_at) {
        SYST_CSR = 0;
        SCB_ICSR = 1u << 25; /* PENDSTCLR: a host-timed tick (QEMU) may be pending already */
    }
}

static void start_systick(uint32_t reload, int tickint)
{
    SYST_CSR = 0;
    SYST_RVR = reload;
    SYST_CVR = 0;
    SYST_CSR = SYST_CSR_ENABLE | SYST_CSR_CLKSOURCE | (tickint ? SYST_CSR_TICKINT : 0);
}

int main(void)
{
    /* 1. WFI with PRIMASK: wakes, the tick stays pending. */
    irq_disable();
    ticks = 0;
    stop_at = 1;
    start_systick(9999, 1);
    while (!(SCB_ICSR & ICSR_PENDSTSET))
        wfi();
    SYST_CSR = 0;
    uint32_t before = ticks;
    irq_enable();
    barrier();
    printf("wfi under primask: woke with SysTick pending, ticks before cpsie=%lu after=%lu\n",
           (unsigned long)before, (unsigned long)ticks);
    FW_CHECK(before == 0 && ticks == 1);

    /* 2. Sleep-on-exit for five ticks. */
    ticks = 0;
    stop_at = 5;
    clear_soe_at = 5;
    SCB_SCR |= 1u << 1;
    barrier();
    start_systick(24999, 1);
    while (ticks < 5)
        wfi();
    printf("sleep-on-exit: ticks=%lu, SLEEPONEXIT now %lu, counter stopped %d\n",
           (unsigned long)ticks, (unsigned long)(SCB_SCR >> 1 & 1), !(SYST_CSR & SYST_CSR_ENABLE));
    FW_CHECK(ticks == 5 && !(SCB_SCR & 2));

    /* 3. SEV + WFE; WFE waiting for interrupts. */
    __asm volatile("sev\n\twfe" ::: "memory");
    printf("sev then wfe: returned\n");
    ticks = 0;
    stop_at = 3;
    clear_soe_at = 0;
    start_systick(24999, 1);
    while (ticks < 3)
        __asm volatile("wfe" ::: "memory");
    printf("wfe loop: ticks=%lu\n", (unsigned long)ticks);
    FW_CHECK(ticks == 3);
    fw_finish("exc_wfi", 0);
}
