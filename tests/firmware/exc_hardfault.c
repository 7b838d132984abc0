/* A faulting access caught by a HardFault handler (ARMv7-M ARM B1.5.14
 * faults, B1.5.15 escalation, B1.5.6 the stacked frame, B3.2.15 CFSR,
 * B3.2.16 HFSR, B3.2.18 BFAR). With the configurable faults disabled (the
 * reset state), a load and a store to unmapped space are precise
 * BusFaults escalated to HardFault: the handler prints CFSR, HFSR, BFAR,
 * the stacked registers (set to known values just before the access), the
 * stacked PC relative to the faulting instruction and the EXC_RETURN, then
 * clears the status and resumes after the faulting instruction. Then the
 * same with BusFault enabled (its own handler, no FORCED), and an UNDEFINED
 * instruction escalated the same way. */
#include "fwtest.h"
#include "mps2_regs.h"

static volatile uint32_t h_exc, h_cfsr, h_hfsr, h_bfar, h_excret, h_count;
static volatile uint32_t h_frame[8];

/* Called by the naked handlers with the frame and EXC_RETURN. */
__attribute__((used)) static void fault_body(uint32_t *frame, uint32_t excret)
{
    h_exc = get_ipsr() & 0x1ff;
    h_cfsr = SCB_CFSR;
    h_hfsr = SCB_HFSR;
    h_bfar = SCB_BFAR;
    h_excret = excret;
    for (int k = 0; k < 8; k++)
        h_frame[k] = frame[k];
    h_count++;
    SCB_CFSR = h_cfsr;      /* write one to clear */
    SCB_HFSR = h_hfsr;
    frame[6] += 2;          /* every faulting instruction here is 16-bit */
}

#define FAULT_HANDLER(name)                                 \
    __attribute__((naked)) void name(void)                  \
    {                                                       \
        __asm volatile("tst lr, #4\n\t"                     \
                       "ite eq\n\t"                         \
                       "mrseq r0, msp\n\t"                  \
                       "mrsne r0, psp\n\t"                  \
                       "mov r1, lr\n\t"                     \
                       "push {r4, lr}\n\t"                  \
                       "bl fault_body\n\t"                  \
                       "pop {r4, pc}");                     \
    }
FAULT_HANDLER(HardFault_Handler)
FAULT_HANDLER(BusFault_Handler)
FAULT_HANDLER(UsageFault_Handler)

/* Each site sets r0-r3 and r12 to known values, then faults at the
 * global label; returns the label's address in r0 afterwards. */
__attribute__((naked, noinline)) static uint32_t load_site(__attribute__((unused)) uint32_t addr)
{
    __asm volatile("push {r4, lr}\n\t"
                   "mov r4, r0\n\t"
                   "movs r0, #0x10\n\t"
                   "movs r1, #0x11\n\t"
                   "movs r2, #0x12\n\t"
                   "movs r3, #0x13\n\t"
                   "mov r12, r3\n\t"
                   "add r12, r12, #0x100\n\t"
                   ".global exc_hf_load_at\n"
                   "exc_hf_load_at:\n\t"
                   "ldr r0, [r4]\n\t"
                   "ldr r0, =exc_hf_load_at\n\t"
                   "pop {r4, pc}\n\t"
                   ".ltorg");
}

__attribute__((naked, noinline)) static uint32_t store_site(__attribute__((unused)) uint32_t addr)
{
    __asm volatile("push {r4, lr}\n\t"
                   "mov r4, r0\n\t"
                   "movs r0, #0x20\n\t"
                   "movs r1, #0x21\n\t"
                   "movs r2, #0x22\n\t"
                   "movs r3, #0x23\n\t"
                   "mov r12, r3\n\t"
                   ".global exc_hf_store_at\n"
                   "exc_hf_store_at:\n\t"
                   "str r1, [r4]\n\t"
                   "ldr r0, =exc_hf_store_at\n\t"
                   "pop {r4, pc}\n\t"
                   ".ltorg");
}

__attribute__((naked, noinline)) static uint32_t udf_site(void)
{
    __asm volatile("movs r0, #0x30\n\t"
                   "movs r1, #0x31\n\t"
                   "movs r2, #0x32\n\t"
                   "movs r3, #0x33\n\t"
                   "mov r12, r3\n\t"
                   ".global exc_hf_udf_at\n"
                   "exc_hf_udf_at:\n\t"
                   "udf #7\n\t"
                   "ldr r0, =exc_hf_udf_at\n\t"
                   "bx lr\n\t"
                   ".ltorg");
}

static void report(const char *what, uint32_t site)
{
    printf("%s: exception %lu cfsr=%08lx hfsr=%08lx", what, (unsigned long)h_exc,
           (unsigned long)h_cfsr, (unsigned long)h_hfsr);
    if (h_cfsr & (1u << 15))
        printf(" bfar=%08lx", (unsigned long)h_bfar);
    printf("\n  frame r0=%lx r1=%lx r2=%lx r3=%lx r12=%lx pc=site%+ld xpsr.T=%lu"
           " exc_return=%08lx\n",
           (unsigned long)h_frame[0], (unsigned long)h_frame[1], (unsigned long)h_frame[2],
           (unsigned long)h_frame[3], (unsigned long)h_frame[4],
           (long)(h_frame[6] - site), (unsigned long)(h_frame[7] >> 24 & 1),
           (unsigned long)(h_excret | 0x10)); /* bit 4: FP context, varies with the ABI */
    FW_CHECK((h_frame[7] & 0x1ff) == 0);  /* stacked IPSR: Thread mode */
    FW_CHECK(SCB_CFSR == 0 && SCB_HFSR == 0);
}

int main(void)
{
    uint32_t before = h_count, site;

    printf("exc_hardfault: configurable faults disabled\n");
    site = load_site(0x90000004u);
    FW_CHECK(h_count == before + 1 && h_exc == 3);
    FW_CHECK(h_cfsr == 0x8200u && h_hfsr == (1u << 30) && h_bfar == 0x90000004u);
    FW_CHECK(h_frame[0] == 0x10 && h_frame[3] == 0x13 && h_frame[4] == 0x113 && h_frame[6] == site);
    report("load 0x90000004", site);

    site = store_site(0x9000fff0u);
    FW_CHECK(h_exc == 3 && h_bfar == 0x9000fff0u && h_frame[1] == 0x21);
    report("store 0x9000fff0", site);

    site = udf_site();
    FW_CHECK(h_exc == 3 && h_cfsr == (1u << 16) && h_hfsr == (1u << 30));
    report("udf", site);

    printf("exc_hardfault: BusFault and UsageFault enabled\n");
    SCB_SHCSR |= SHCSR_BUSFAULTENA | SHCSR_USGFAULTENA;
    barrier();
    site = load_site(0x90000008u);
    FW_CHECK(h_exc == 5 && h_hfsr == 0 && h_cfsr == 0x8200u);
    report("load 0x90000008", site);
    site = udf_site();
    FW_CHECK(h_exc == 6 && h_hfsr == 0);
    report("udf", site);

    /* BusFault at a priority it cannot preempt from: escalates again. */
    printf("exc_hardfault: BASEPRI 0x20 blocks BusFault at priority 0x40\n");
    SCB_SHPR(5) = 0x40;
    set_basepri(0x20);
    barrier();
    site = load_site(0x9000000cu);
    set_basepri(0);
    FW_CHECK(h_exc == 3 && h_hfsr == (1u << 30));
    report("load 0x9000000c", site);
    printf("faults taken: %lu\n", (unsigned long)(h_count - before));
    fw_finish("exc_hardfault", 0);
}
