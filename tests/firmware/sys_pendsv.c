/* PendSV context switching (ARMv7-M ARM B1.5.6 exception entry/return,
 * B1.5.7 stack frames, B1.4.4 CONTROL.SPSEL): main moves itself onto the
 * process stack, then three contexts (main and two threads, each with its
 * own PSP stack) take turns, each yield pending PendSV, whose handler
 * saves r4-r11 (and s16-s31 when the frame has FP state) and EXC_RETURN
 * on the outgoing stack and restores the next. Threads print, use
 * callee-saved registers across yields, and finish by returning into an
 * exit routine. Needs ttemu's exception model (issue 3): built when
 * FW_TEST_SYS=1. */
#include <string.h>
#include "fwtest.h"
#include "mps2_regs.h"

#define NCTX 3
#define STACK_WORDS 1024

static uint32_t stacks[NCTX][STACK_WORDS] __attribute__((aligned(8)));
static uint32_t handler_stack[512] __attribute__((aligned(8)));
static uint32_t saved_sp[NCTX];
static volatile int done[NCTX];
static volatile int current;
static volatile unsigned switches;

static void yield(void)
{
    SCB_ICSR = ICSR_PENDSVSET;
    barrier();
}

/* Returns the stack pointer of the context to run next. */
__attribute__((used)) static uint32_t schedule(uint32_t sp)
{
    saved_sp[current] = sp;
    switches++;
    int next = current;
    for (int k = 1; k <= NCTX; k++) {
        int c = (current + k) % NCTX;
        if (!done[c]) {
            next = c;
            break;
        }
    }
    current = next;
    return saved_sp[next];
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

static void thread_exit(void)
{
    done[current] = 1;
    for (;;)
        yield();
}

/* Work that keeps values in callee-saved registers across yields. */
static void worker(uint32_t id)
{
    uint32_t a = id * 1000u, b = id ^ 0x55u, c = 7u, d = id << 4;
    float f = (float)id * 0.5f;   /* lives in s16-s31 across yields on hard-float builds */
    for (int round = 0; round < 4; round++) {
        f = f * 1.5f + (float)round;
        a += (uint32_t)round * 3u + c;
        b = b * 33u + a;
        d ^= b >> 3;
        printf("thread %lu round %d: a=%lu b=%08lx psp-stack=%d control=%lu\n", (unsigned long)id,
               round, (unsigned long)a, (unsigned long)b,
               get_psp() >= (uint32_t)(uintptr_t)stacks[id] &&
                   get_psp() < (uint32_t)(uintptr_t)stacks[id + 1],
               (unsigned long)(get_control() & 2));
        yield();
        c += d & 1u;
    }
    printf("thread %lu done: %08lx f*1000=%ld\n", (unsigned long)id, (unsigned long)(a ^ b ^ c ^ d),
           (long)(f * 1000.0f));
}

static void thread1(void) { worker(1); }
static void thread2(void) { worker(2); }

static void make_context(int id, void (*fn)(void))
{
    uint32_t *sp = &stacks[id][STACK_WORDS];
    *--sp = 1u << 24;                                   /* xPSR: Thumb */
    *--sp = (uint32_t)(uintptr_t)fn & ~1u;              /* PC */
    *--sp = (uint32_t)(uintptr_t)thread_exit;           /* LR */
    for (int r = 0; r < 5; r++)                         /* r12, r3..r0 */
        *--sp = 0;
    *--sp = 0xfffffffdu;                                /* EXC_RETURN: thread, PSP, no FP */
    for (int r = 0; r < 8; r++)                         /* r11..r4 */
        *--sp = 0x40404040u + (uint32_t)r;
    saved_sp[id] = (uint32_t)(uintptr_t)sp;
}

/* main continues on PSP (same value), MSP moves to a stack of its own. */
__attribute__((naked, noinline)) static void move_to_psp(__attribute__((unused)) uint32_t msp_top)
{
    __asm volatile("mrs r1, msp\n\t"
                   "msr psp, r1\n\t"
                   "mrs r1, control\n\t"
                   "orr r1, r1, #2\n\t"
                   "msr control, r1\n\t"
                   "isb\n\t"
                   "msr msp, r0\n\t"
                   "bx lr");
}

int main(void)
{
    SCB_SHPR(14) = 0xe0;   /* PendSV lowest */
    make_context(1, thread1);
    make_context(2, thread2);
    current = 0;
    move_to_psp((uint32_t)(uintptr_t)&handler_stack[512]);
    printf("main on PSP: control=%lu\n", (unsigned long)(get_control() & 2));
    int turns = 0;
    while (!done[1] || !done[2]) {
        printf("main turn %d\n", turns++);
        yield();
    }
    printf("both threads done after %u switches; main turns %d\n", switches, turns);
    FW_CHECK(turns == 5);
    fw_finish("sys_pendsv", 25);
}
