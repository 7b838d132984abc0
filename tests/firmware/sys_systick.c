/* SysTick (ARMv7-M ARM B3.3): the interrupt at a fixed reload, WFI sleeping
 * until it arrives, COUNTFLAG set on wrap and cleared by reading CSR, the
 * counter counting down from the reload, a SysTick pended while PRIMASK
 * masks it (ICSR.PENDSTSET) and taken at CPSIE, and ICSR.PENDSTSET set by
 * software. Only counts and orders are printed, never times, so the
 * output is the same on QEMU (host-timed) and ttemu (simulated time).
 * Needs ttemu's exception model (issue 3): built when FW_TEST_SYS=1. */
#include "fwtest.h"
#include "mps2_regs.h"

static volatile uint32_t ticks;
static volatile uint32_t ipsr_in_handler;

static volatile uint32_t stop_at;

void SysTick_Handler(void)
{
    ticks++;
    ipsr_in_handler = get_ipsr();
    if (ticks == stop_at)
        SYST_CSR = 0;   /* stop here, so no late tick can land after the loop */
}

int main(void)
{
    /* 1. Polling, no interrupt: COUNTFLAG. */
    SYST_CSR = 0;
    SYST_RVR = 0xffffff;    /* the longest period: no second wrap between two reads */
    SYST_CVR = 0;           /* any write clears the counter and COUNTFLAG */
    SYST_CSR = SYST_CSR_ENABLE | SYST_CSR_CLKSOURCE;
    uint32_t a = SYST_CVR, b = SYST_CVR;
    /* (QEMU's SysTick runs on host time, so only bounds are printed) */
    printf("counter within reload: %d\n", a <= 0xffffff && b <= 0xffffff);
    FW_CHECK(a <= 0xffffff && b <= 0xffffff);
    unsigned polls = 0;
    while (!(SYST_CSR & SYST_CSR_COUNTFLAG))
        polls++;
    uint32_t csr_after = SYST_CSR;
    (void)polls;
    printf("countflag set on wrap; read again: %lu (cleared by the read)\n",
           (unsigned long)(csr_after & SYST_CSR_COUNTFLAG) >> 16);
    FW_CHECK(!(csr_after & SYST_CSR_COUNTFLAG));

    /* 2. Interrupts, sleeping in WFI between them. */
    SYST_CSR = 0;
    SYST_RVR = 24999;       /* 1 ms at 25 MHz */
    SYST_CVR = 0;
    ticks = 0;
    stop_at = 10;
    SYST_CSR = SYST_CSR_ENABLE | SYST_CSR_CLKSOURCE | SYST_CSR_TICKINT;
    unsigned wakes = 0;
    while (ticks < 10) {
        wfi();
        wakes++;
    }
    stop_at = 0;
    printf("ticks=%lu in handler IPSR=%lu, slept in WFI: %d\n",
           (unsigned long)ticks, (unsigned long)ipsr_in_handler, wakes >= 1);
    FW_CHECK(ticks == 10 && ipsr_in_handler == 15);

    /* 3. Masked by PRIMASK: pends, then is taken at CPSIE. */
    ticks = 0;
    irq_disable();
    SYST_RVR = 99;
    SYST_CVR = 0;
    SYST_CSR = SYST_CSR_ENABLE | SYST_CSR_CLKSOURCE | SYST_CSR_TICKINT;
    while (!(SCB_ICSR & ICSR_PENDSTSET))
        ;
    SYST_CSR = 0;
    uint32_t pending = (SCB_ICSR & ICSR_PENDSTSET) != 0;
    uint32_t before = ticks;
    irq_enable();
    __asm volatile("isb");
    uint32_t after = ticks;
    printf("masked: pending=%lu ticks before cpsie=%lu after=%lu\n", (unsigned long)pending,
           (unsigned long)before, (unsigned long)after);
    FW_CHECK(pending && before == 0 && after == 1);

    /* 4. Pended by software with the timer stopped. */
    ticks = 0;
    SCB_ICSR = ICSR_PENDSTSET;
    barrier();
    printf("software PENDSTSET: ticks=%lu, still pending=%lu\n", (unsigned long)ticks,
           (unsigned long)((SCB_ICSR & ICSR_PENDSTSET) != 0));
    FW_CHECK(ticks == 1);

    /* 5. SysTick priority (SHPR3) below BASEPRI: held off until lowered. */
    SCB_SHPR(15) = 0xc0;
    set_basepri(0x80);
    ticks = 0;
    SCB_ICSR = ICSR_PENDSTSET;
    barrier();
    uint32_t held = ticks;
    set_basepri(0);
    __asm volatile("isb");
    printf("basepri 0x80 vs priority 0xc0: ticks while masked=%lu, after=%lu\n",
           (unsigned long)held, (unsigned long)ticks);
    FW_CHECK(held == 0 && ticks == 1);
    fw_finish("sys_systick", 22);
}
