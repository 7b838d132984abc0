/* SVC and privilege (ARMv7-M ARM B1.5.6, B1.4.4 CONTROL): SVC numbers read
 * from the instruction, arguments from and results to the stacked r0-r3,
 * IPSR 11 in the handler, handler mode privileged even when the thread is
 * not, dropping thread privilege with CONTROL.nPRIV, an unprivileged
 * access to the SCB faulting, and an SVC giving privilege back. Needs
 * ttemu's exception model (issue 3): built when FW_TEST_SYS=1. */
#include "fwtest.h"
#include "mps2_regs.h"

static volatile uint32_t faults, fault_cfsr;

__attribute__((used)) static void svc_dispatch(uint32_t *frame)
{
    uint16_t insn = *(const uint16_t *)(uintptr_t)(frame[6] - 2);
    uint32_t num = insn & 0xff;
    switch (num) {
    case 0: frame[0] = frame[0] + frame[1]; break;
    case 1: frame[0] = frame[0] * frame[1] - frame[2] + frame[3]; break;
    case 2: frame[0] = get_ipsr(); break;
    case 3: frame[0] = get_control(); break;
    case 4: set_control(get_control() & ~1u); frame[0] = 0; break;   /* privilege back */
    default: frame[0] = 0xdead0000u | num; break;
    }
}

__attribute__((naked)) void SVC_Handler(void)
{
    __asm volatile("tst lr, #4\n\t"
                   "ite eq\n\t"
                   "mrseq r0, msp\n\t"
                   "mrsne r0, psp\n\t"
                   "push {r4, lr}\n\t"
                   "bl svc_dispatch\n\t"
                   "pop {r4, pc}");
}

/* Unprivileged SCB access: BusFault (or HardFault); skip the instruction. */
__attribute__((used)) static void fault_skip(uint32_t *frame)
{
    faults++;
    fault_cfsr = SCB_CFSR;
    SCB_CFSR = fault_cfsr;
    SCB_HFSR = SCB_HFSR;
    uint16_t first = *(const uint16_t *)(uintptr_t)frame[6];
    frame[6] += ((first >> 11) >= 0x1d) ? 4 : 2;
}
__attribute__((naked)) void HardFault_Handler(void)
{
    __asm volatile("tst lr, #4\n\t"
                   "ite eq\n\t"
                   "mrseq r0, msp\n\t"
                   "mrsne r0, psp\n\t"
                   "push {r4, lr}\n\t"
                   "bl fault_skip\n\t"
                   "pop {r4, pc}");
}
void BusFault_Handler(void) __attribute__((alias("HardFault_Handler")));

#define SVC2(n, a, b) ({                                                     \
        register uint32_t r0 __asm("r0") = (a), r1 __asm("r1") = (b);        \
        __asm volatile("svc %[num]" : "+r"(r0) : "r"(r1), [num] "i"(n) : "memory"); \
        r0; })
#define SVC4(n, a, b, c, d) ({                                               \
        register uint32_t r0 __asm("r0") = (a), r1 __asm("r1") = (b),        \
                 r2 __asm("r2") = (c), r3 __asm("r3") = (d);                 \
        __asm volatile("svc %[num]" : "+r"(r0) : "r"(r1), "r"(r2), "r"(r3), [num] "i"(n) : "memory"); \
        r0; })

int main(void)
{
    SCB_SHCSR |= SHCSR_BUSFAULTENA;
    uint32_t r = SVC2(0, 40, 2);
    printf("svc 0 add(40,2) = %lu\n", (unsigned long)r);
    FW_CHECK(r == 42);
    r = SVC4(1, 6, 7, 2, 100);
    printf("svc 1 (6*7-2+100) = %lu\n", (unsigned long)r);
    FW_CHECK(r == 140);
    r = SVC2(2, 0, 0);
    printf("svc 2 IPSR in handler = %lu\n", (unsigned long)r);
    FW_CHECK(r == 11);
    printf("svc 77 (unknown) = %08lx\n", (unsigned long)SVC2(77, 0, 0));

    printf("thread CONTROL = %lu\n", (unsigned long)get_control());
    /* Drop privilege. Nothing is printed until it is back: semihosting
     * from unprivileged code is refused by some hosts (QEMU). */
    set_control(get_control() | 1u);
    uint32_t ctl_thread = get_control(), ctl_handler = SVC2(3, 0, 0);
    irq_disable();                      /* ignored when unprivileged */
    uint32_t primask_unpriv = get_primask();
    volatile uint32_t v = SCB_CPUID;    /* faults when unprivileged */
    (void)v;
    SVC2(4, 0, 0);
    uint32_t ctl_back = get_control();
    printf("after nPRIV: CONTROL = %lu, handler sees CONTROL = %lu\n",
           (unsigned long)ctl_thread, (unsigned long)ctl_handler);
    printf("unprivileged cpsid: PRIMASK = %lu\n", (unsigned long)primask_unpriv);
    printf("unprivileged SCB read: faults = %lu, cfsr precise bus error = %lu\n",
           (unsigned long)faults, (unsigned long)((fault_cfsr >> 9) & 1));
    printf("after svc 4: CONTROL = %lu\n", (unsigned long)ctl_back);
    /* bits 1:0 (SPSEL, nPRIV); FPCA (bit 2) follows FP use on hard-float builds */
    FW_CHECK((ctl_thread & 3) == 1 && (ctl_handler & 3) == 1 && primask_unpriv == 0);
    FW_CHECK(faults == 1);
    FW_CHECK((ctl_back & 1) == 0);
    irq_disable();
    printf("privileged cpsid: PRIMASK = %lu\n", (unsigned long)get_primask());
    irq_enable();
    fw_finish("sys_svc", 24);
}
