/* Exception return corner cases (ARMv7-M ARM B1.5.8 ExceptionReturn,
 * B1.5.15 escalation, B3.2.4 ICSR.NMIPENDSET, B3.2.13 SHCSR):
 *  - NMI pended by software runs at once;
 *  - SHCSR.SVCALLACT is set inside the SVC handler;
 *  - an SVC handler returning with a reserved EXC_RETURN (0xFFFFFFF5):
 *    SVCall is deactivated and UsageFault INVPC taken on the frame still
 *    stacked, escalated to HardFault (FORCED) with LR = that EXC_RETURN;
 *    HardFault then returns with 0xFFFFFFF9 through the SVC's frame;
 *  - SVC with PRIMASK set cannot run: HardFault, FORCED, no CFSR bit. */
#include "fwtest.h"
#include "mps2_regs.h"

static volatile uint32_t cf, hf, exc, nmi_seen, shcsr_svc, lr_hf;
volatile uint32_t exc_ret_mode;

__attribute__((used)) static void hf_body(uint32_t lr)
{
    exc = get_ipsr() & 0x1ff;
    cf = SCB_CFSR;
    hf = SCB_HFSR;
    lr_hf = lr;
    SCB_CFSR = cf;
    SCB_HFSR = hf;
}

/* Returns through whatever frame is on the MSP, to Thread mode. */
__attribute__((naked)) void HardFault_Handler(void)
{
    __asm volatile("mov r0, lr\n\t"
                   "push {r4, lr}\n\t"
                   "bl hf_body\n\t"
                   "pop {r4, lr}\n\t"
                   "ldr r0, =0xfffffff9\n\t"
                   "bx r0\n\t"
                   ".ltorg");
}

void NMI_Handler(void) { nmi_seen++; }

__attribute__((used)) static void svc_body(void) { shcsr_svc = SCB_SHCSR; }

__attribute__((naked)) void SVC_Handler(void)
{
    __asm volatile("push {r4, lr}\n\t"
                   "bl svc_body\n\t"
                   "pop {r4, lr}\n\t"
                   "ldr r1, =exc_ret_mode\n\t"
                   "ldr r1, [r1]\n\t"
                   "cmp r1, #1\n\t"
                   "bne 1f\n\t"
                   "ldr r0, =0xfffffff5\n\t"
                   "bx r0\n"
                   "1: bx lr\n\t"
                   ".ltorg");
}

int main(void)
{
    SCB_ICSR = 1u << 31; /* NMIPENDSET */
    barrier();
    printf("NMI taken: %lu\n", (unsigned long)nmi_seen);
    FW_CHECK(nmi_seen == 1);

    __asm volatile("svc #0" ::: "r0", "r1", "memory");
    printf("SHCSR in the SVC handler: %08lx\n", (unsigned long)shcsr_svc);
    FW_CHECK(shcsr_svc == (1u << 7));

    exc_ret_mode = 1;
    __asm volatile("svc #0" ::: "r0", "r1", "memory");
    exc_ret_mode = 0;
    printf("reserved EXC_RETURN: exception %lu cfsr=%08lx hfsr=%08lx, SHCSR after %08lx\n",
           (unsigned long)exc, (unsigned long)cf, (unsigned long)hf, (unsigned long)SCB_SHCSR);
    FW_CHECK(exc == 3 && cf == (1u << 18) && hf == (1u << 30));
#if !defined(__ARM_FP)
    /* LR = '1111':EXC_RETURN (B1.5.8). With FP state in the thread QEMU 7.2
     * hands HardFault LR 0 instead, so hard-float images leave it out;
     * tests/unit/test_exc.c checks it. */
    printf("  HardFault's LR=%08lx\n", (unsigned long)lr_hf);
    FW_CHECK(lr_hf == 0xfffffff5u);
#endif

    exc = cf = 0;
    irq_disable();
    __asm volatile("svc #0" ::: "r0", "r1", "memory");
    irq_enable();
    printf("SVC under PRIMASK: exception %lu cfsr=%08lx hfsr=%08lx\n", (unsigned long)exc,
           (unsigned long)cf, (unsigned long)hf);
    FW_CHECK(exc == 3 && cf == 0 && hf == (1u << 30));
    fw_finish("exc_return", 0);
}
