/* Faults, caught and recovered (ARMv7-M ARM B1.5.14 fault behaviour,
 * B3.2.15 CFSR, B3.2.16 HFSR, B3.2.18 BFAR): a load from unmapped space
 * as a precise BusFault (BFAR valid), the same escalated to HardFault
 * (HFSR.FORCED) when BusFault is disabled, UDF as UsageFault UNDEFINSTR,
 * SDIV by zero with CCR.DIV_0_TRP, an unaligned LDR with CCR.UNALIGN_TRP,
 * a BX to an even address (INVSTATE), and in soft-float images an FP
 * instruction with CPACR off (NOCP). Each handler records the fault
 * status, clears it, and resumes the thread at a recovery point that
 * longjmps back to the test driver. Needs ttemu's exception model
 * (issue 3): built when FW_TEST_SYS=1. */
#include <setjmp.h>
#include <string.h>
#include "fwtest.h"
#include "mps2_regs.h"

static jmp_buf case_jb;
static volatile uint32_t seen_exc, seen_cfsr, seen_hfsr, seen_bfar, seen_pc, seen_count;

static void recover(void)
{
    longjmp(case_jb, 1);
}

/* Called from the naked handlers with the stacked frame. */
__attribute__((used)) static void fault_common(uint32_t *frame)
{
    seen_exc = get_ipsr() & 0x1ff;
    seen_cfsr = SCB_CFSR;
    seen_hfsr = SCB_HFSR;
    seen_bfar = SCB_BFAR;
    seen_pc = frame[6];
    seen_count++;
    SCB_CFSR = seen_cfsr;   /* write-one-to-clear */
    SCB_HFSR = seen_hfsr;
    frame[6] = (uint32_t)(uintptr_t)recover & ~1u;  /* resume at recover() */
    frame[7] |= 1u << 24;                             /* with EPSR.T set */
}

#define FAULT_ENTRY(name)                                   \
    __attribute__((naked)) void name(void)                  \
    {                                                       \
        __asm volatile("tst lr, #4\n\t"                     \
                       "ite eq\n\t"                         \
                       "mrseq r0, msp\n\t"                  \
                       "mrsne r0, psp\n\t"                  \
                       "push {r4, lr}\n\t"                  \
                       "bl fault_common\n\t"                \
                       "pop {r4, pc}");                     \
    }
FAULT_ENTRY(HardFault_Handler)
FAULT_ENTRY(BusFault_Handler)
FAULT_ENTRY(UsageFault_Handler)
FAULT_ENTRY(MemManage_Handler)

/* Fault sites, each a function so the faulting PC is known. */
__attribute__((noinline)) static uint32_t load_from(uint32_t addr)
{
    return *(volatile uint32_t *)(uintptr_t)addr;
}
__attribute__((naked, noinline)) static void do_udf(void)
{
    __asm volatile("udf #42\n\tbx lr");
}
__attribute__((noinline)) static int divide(volatile int a, volatile int b)
{
    return a / b;
}
__attribute__((naked, noinline)) static void bx_even(void)
{
    __asm volatile("ldr r0, =1f\n\t"
                   "bic r0, r0, #1\n\t"
                   "bx r0\n\t"
                   "1: bx lr\n\t"
                   ".ltorg");
}
#ifndef __ARM_FP
__attribute__((naked, noinline)) static void fp_insn(void)
{
    /* VADD.F32 s0, s0, s0 */
    __asm volatile(".inst.w 0xee300a00\n\tbx lr");
}
#endif

static uint32_t site_of(const void *fn) { return (uint32_t)(uintptr_t)fn & ~1u; }

/* exp_exc 0: no fault expected. exp_cfsr/exp_hfsr: bits the manual says
 * must be set (B3.2.15, B3.2.16). */
static void run_case(const char *name, void (*body)(void), uint32_t site, uint32_t exp_exc,
                     uint32_t exp_cfsr, uint32_t exp_hfsr)
{
    seen_exc = seen_cfsr = seen_hfsr = seen_bfar = seen_pc = 0;
    uint32_t before = seen_count;
    if (setjmp(case_jb) == 0) {
        body();
        printf("%-18s no fault\n", name);
        FW_CHECK(exp_exc == 0);
        return;
    }
    FW_CHECK(seen_exc == exp_exc);
    FW_CHECK((seen_cfsr & exp_cfsr) == exp_cfsr && (seen_hfsr & exp_hfsr) == exp_hfsr);
    FW_CHECK(!(seen_cfsr & (1u << 15)) || seen_bfar == 0x90000000u || seen_bfar == 0x9abc0010u);
    printf("%-18s exception %lu, cfsr=%08lx hfsr=%08lx", name, (unsigned long)seen_exc,
           (unsigned long)seen_cfsr, (unsigned long)seen_hfsr);
    if (seen_cfsr & (1u << 15))
        printf(" bfar=%08lx", (unsigned long)seen_bfar);
    if (site)
        printf(" pc=site+%lu", (unsigned long)(seen_pc - site));
    printf(" faults=%lu\n", (unsigned long)(seen_count - before));
}

static void c_load_unmapped(void) { load_from(0x90000000u); }
static void c_load_unmapped2(void) { load_from(0x9abc0010u); }
static void c_udf(void) { do_udf(); }
static void c_div0(void) { divide(7, 0); }
static void c_div_ok(void) { printf("  7/2=%d (trap on, divisor not zero)\n", divide(7, 2)); }
static void c_unaligned(void)
{
    static uint32_t words[2] = { 0x11223344u, 0x55667788u };
    load_from((uint32_t)(uintptr_t)words + 1);
}
static void c_bx_even(void) { bx_even(); }
#ifndef __ARM_FP
static void c_nocp(void) { fp_insn(); }
#endif

int main(void)
{
    printf("sys_faults: configurable faults enabled\n");
    SCB_SHCSR |= SHCSR_BUSFAULTENA | SHCSR_USGFAULTENA | SHCSR_MEMFAULTENA;
    barrier();
    run_case("load unmapped", c_load_unmapped, site_of(load_from), 5, 0x8200, 0);
    run_case("load unmapped 2", c_load_unmapped2, site_of(load_from), 5, 0x8200, 0);
    run_case("udf", c_udf, site_of(do_udf), 6, 1u << 16, 0);
    run_case("div0, no trap", c_div0, 0, 0, 0, 0);
    SCB_CCR |= CCR_DIV_0_TRP;
    run_case("div0, trap", c_div0, 0, 6, 1u << 25, 0);
    run_case("div ok, trap", c_div_ok, 0, 0, 0, 0);
    SCB_CCR &= ~CCR_DIV_0_TRP;
    run_case("unaligned, no trap", c_unaligned, 0, 0, 0, 0);
    SCB_CCR |= CCR_UNALIGN_TRP;
    run_case("unaligned, trap", c_unaligned, site_of(load_from), 6, 1u << 24, 0);
    SCB_CCR &= ~CCR_UNALIGN_TRP;
    run_case("bx even", c_bx_even, 0, 6, 1u << 17, 0);
#ifndef __ARM_FP
    uint32_t cpacr = SCB_CPACR;
    SCB_CPACR = cpacr & ~(0xfu << 20);
    barrier();
    run_case("fp, cpacr off", c_nocp, site_of(fp_insn), 6, 1u << 19, 0);
    SCB_CPACR = cpacr;
    barrier();
#endif

    printf("sys_faults: configurable faults disabled (escalate to HardFault)\n");
    SCB_SHCSR &= ~(SHCSR_BUSFAULTENA | SHCSR_USGFAULTENA | SHCSR_MEMFAULTENA);
    barrier();
    run_case("load unmapped", c_load_unmapped, site_of(load_from), 3, 0x8200, 1u << 30);
    run_case("udf", c_udf, site_of(do_udf), 3, 1u << 16, 1u << 30);
    fw_finish("sys_faults", 21);
}
