/* Preemptive context switching (ARMv7-M ARM B1.5.6-B1.5.8 entry/return
 * and frames, B1.4.4 CONTROL.SPSEL, B3.3 SysTick): main moves onto the
 * process stack (handlers get their own MSP stack), SysTick (priority
 * 0x80) pends PendSV (0xe0, the lowest) on every tick, and PendSV
 * switches round-robin between main and two threads whose first frames
 * are built by hand. The threads spin with r4-r11 holding their own
 * patterns and check them on every iteration, so a context switch that
 * lost a register shows. After 12 ticks PendSV goes back to main for
 * good. Only facts independent of host timing (QEMU's SysTick runs on
 * host time) are printed. */
#include "fwtest.h"
#include "mps2_regs.h"

#define NTICKS 12
#define STACK_WORDS 256

static uint32_t stacks[3][STACK_WORDS] __attribute__((aligned(8)));
static uint32_t handler_stack[512] __attribute__((aligned(8)));
static uint32_t saved_sp[3];
static volatile uint32_t ticks, switches, current;
volatile uint32_t exc_thr_counters[3], exc_thr_errors;

void SysTick_Handler(void)
{
    ticks++;
    if (ticks == NTICKS) {
        SYST_CSR = 0;
        SCB_ICSR = 1u << 25; /* PENDSTCLR: QEMU's host-timed tick may be pending */
    }
    SCB_ICSR = ICSR_PENDSVSET;
}

__attribute__((used)) static uint32_t schedule(uint32_t sp)
{
    saved_sp[current] = sp;
    switches++;
    current = ticks >= NTICKS ? 0 : (current + 1) % 3;
    return saved_sp[current];
}

__attribute__((naked)) void PendSV_Handler(void)
{
    __asm volatile(
        "mrs r0, psp\n\t"
#if defined(__ARM_FP)
        "tst lr, #0x10\n\t"
        "it eq\n\t"
        "vstmdbeq r0!, {s16-s31}\n\t"
#endif
        "stmdb r0!, {r4-r11, lr}\n\t"
        "bl schedule\n\t"
        "ldmia r0!, {r4-r11, lr}\n\t"
#if defined(__ARM_FP)
        "tst lr, #0x10\n\t"
        "it eq\n\t"
        "vldmiaeq r0!, {s16-s31}\n\t"
#endif
        "msr psp, r0\n\t"
        "bx lr");
}

/* Thread ID: counts in exc_thr_counters[ID], r4-r11 = ID*16 + 4..11. */
#define THREAD(ID)                                                          \
    __attribute__((naked, noreturn)) static void thread##ID(void)           \
    {                                                                       \
        __asm volatile(                                                     \
            "ldr r1, =exc_thr_counters + 4*" #ID "\n\t"                     \
            "movs r4, #" #ID "*16+4\n\t"                                    \
            "movs r5, #" #ID "*16+5\n\t"                                    \
            "movs r6, #" #ID "*16+6\n\t"                                    \
            "movs r7, #" #ID "*16+7\n\t"                                    \
            "mov r8, #" #ID "*16+8\n\t"                                     \
            "mov r9, #" #ID "*16+9\n\t"                                     \
            "mov r10, #" #ID "*16+10\n\t"                                   \
            "mov r11, #" #ID "*16+11\n\t"                                   \
            "1: ldr r3, [r1]\n\t"                                           \
            "adds r3, #1\n\t"                                               \
            "str r3, [r1]\n\t"                                              \
            "cmp r4, #" #ID "*16+4\n\t bne 2f\n\t"                          \
            "cmp r5, #" #ID "*16+5\n\t bne 2f\n\t"                          \
            "cmp r6, #" #ID "*16+6\n\t bne 2f\n\t"                          \
            "cmp r7, #" #ID "*16+7\n\t bne 2f\n\t"                          \
            "cmp r8, #" #ID "*16+8\n\t bne 2f\n\t"                          \
            "cmp r9, #" #ID "*16+9\n\t bne 2f\n\t"                          \
            "cmp r10, #" #ID "*16+10\n\t bne 2f\n\t"                        \
            "cmp r11, #" #ID "*16+11\n\t bne 2f\n\t"                        \
            "b 1b\n\t"                                                      \
            "2: ldr r2, =exc_thr_errors\n\t"                                \
            "ldr r3, [r2]\n\t"                                              \
            "adds r3, #1\n\t"                                               \
            "str r3, [r2]\n\t"                                              \
            "b 1b\n\t"                                                      \
            ".ltorg");                                                      \
    }
THREAD(1)
THREAD(2)

/* A first frame for a thread: what PendSV pops (r4-r11, EXC_RETURN to
 * Thread mode on the PSP without FP state), then the exception frame. */
static uint32_t make_context(int k, void (*entry)(void))
{
    uint32_t *sp = &stacks[k][STACK_WORDS];
    *--sp = 1u << 24;                                  /* xPSR: T */
    *--sp = (uint32_t)(uintptr_t)entry & ~1u;          /* PC */
    *--sp = 0;                                         /* LR: never returns */
    for (int r = 0; r < 5; r++)                        /* r12, r3-r0 */
        *--sp = 0;
    *--sp = 0xfffffffdu;                               /* EXC_RETURN */
    for (int r = 0; r < 8; r++)                        /* r11-r4 */
        *--sp = 0;
    return (uint32_t)(uintptr_t)sp;
}

int main(void)
{
    saved_sp[1] = make_context(1, thread1);
    saved_sp[2] = make_context(2, thread2);
    /* main onto the PSP (same stack), handlers onto their own MSP stack */
    __asm volatile("mrs r0, msp\n\t"
                   "msr psp, r0\n\t"
                   "movs r0, #2\n\t"
                   "msr control, r0\n\t"
                   "isb\n\t"
                   "msr msp, %0"
                   :: "r"(&handler_stack[512]) : "r0", "memory");
    SCB_SHPR(14) = 0xe0;
    SCB_SHPR(15) = 0x80;
    SYST_RVR = 24999;  /* 1 ms at 25 MHz */
    SYST_CVR = 0;
    SYST_CSR = SYST_CSR_ENABLE | SYST_CSR_CLKSOURCE | SYST_CSR_TICKINT;
    while (ticks < NTICKS)
        exc_thr_counters[0]++;
    printf("main on the PSP: CONTROL.SPSEL=%lu\n", (unsigned long)(get_control() >> 1 & 1));
    /* (on QEMU two host-timed ticks may share one PendSV: no exact count) */
    printf("ticks=%lu, at least one switch per context: %d, back in main\n",
           (unsigned long)ticks, switches >= 3);
    printf("thread 1 ran: %d, thread 2 ran: %d, main ran: %d\n", exc_thr_counters[1] > 0,
           exc_thr_counters[2] > 0, exc_thr_counters[0] > 0);
    printf("callee-saved registers kept across preemption: %d\n", exc_thr_errors == 0);
    FW_CHECK(ticks == NTICKS && switches >= 3 && exc_thr_errors == 0);
    FW_CHECK(exc_thr_counters[1] > 0 && exc_thr_counters[2] > 0);
    fw_finish("exc_threads", 0);
}
