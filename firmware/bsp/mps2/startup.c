/* Reset, vector table and fault reporting for the MPS2 boards (AN386
 * Cortex-M4, AN500 Cortex-M7) under QEMU and ttemu.
 *
 * The image is linked with newlib and --specs=rdimon.specs -nostartfiles:
 * newlib's rdimon syscalls give stdio and exit() over ARM semihosting, but
 * this file, not rdimon-crt0, brings the C world up. rdimon-crt0 asks the
 * host for SYS_HEAPINFO and moves the stack to the answer; QEMU answers
 * from its machine RAM (the PSRAM), not from where this image lives, so the
 * stack and heap bounds come from the linker script instead and an emulator
 * needs no particular SYS_HEAPINFO answer.
 *
 * Reset sequence: stack pointer to the top of RAM, copy .data from its load
 * image, zero .bss, enable the FPU when built for hard float, open the
 * semihosting handles, run constructors, main(), exit(main's result). */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <errno.h>
#include "bsp.h"

extern uint32_t __data_load__[], __data_start__[], __data_end__[];
extern uint32_t __bss_start__[], __bss_end__[];
extern uint32_t __stack_top__[];
extern char __heap_start__[], __heap_end__[];

extern void initialise_monitor_handles(void); /* newlib rdimon */
extern void __libc_init_array(void);
extern int main(int argc, char **argv);

void Reset_Handler(void);
void bsp_exception_entry(void);

/* Handlers an image may define (CMSIS names); each defaults to the BSP's
 * report-and-exit. External interrupt n is IRQn_Handler. */
#define BSP_WEAK_HANDLER(name) void name(void) __attribute__((weak, alias("bsp_exception_entry")))
BSP_WEAK_HANDLER(NMI_Handler);
BSP_WEAK_HANDLER(HardFault_Handler);
BSP_WEAK_HANDLER(MemManage_Handler);
BSP_WEAK_HANDLER(BusFault_Handler);
BSP_WEAK_HANDLER(UsageFault_Handler);
BSP_WEAK_HANDLER(SVC_Handler);
BSP_WEAK_HANDLER(DebugMon_Handler);
BSP_WEAK_HANDLER(PendSV_Handler);
BSP_WEAK_HANDLER(SysTick_Handler);
#define BSP_IRQ(n) BSP_WEAK_HANDLER(IRQ##n##_Handler)
BSP_IRQ(0);  BSP_IRQ(1);  BSP_IRQ(2);  BSP_IRQ(3);  BSP_IRQ(4);  BSP_IRQ(5);  BSP_IRQ(6);
BSP_IRQ(7);  BSP_IRQ(8);  BSP_IRQ(9);  BSP_IRQ(10); BSP_IRQ(11); BSP_IRQ(12); BSP_IRQ(13);
BSP_IRQ(14); BSP_IRQ(15); BSP_IRQ(16); BSP_IRQ(17); BSP_IRQ(18); BSP_IRQ(19); BSP_IRQ(20);
BSP_IRQ(21); BSP_IRQ(22); BSP_IRQ(23); BSP_IRQ(24); BSP_IRQ(25); BSP_IRQ(26); BSP_IRQ(27);
BSP_IRQ(28); BSP_IRQ(29); BSP_IRQ(30); BSP_IRQ(31);

/* 16 system exceptions + the 32 external interrupts of AN386/AN500
 * (QEMU's mps2.c gives both num-irq 32). Reserved slots report too. */
#define BSP_NUM_VECTORS (16 + 32)

__attribute__((section(".vectors"), used))
void (*const bsp_vectors[BSP_NUM_VECTORS])(void) = {
    (void (*)(void))__stack_top__, Reset_Handler,
    NMI_Handler, HardFault_Handler, MemManage_Handler, BusFault_Handler, UsageFault_Handler,
    bsp_exception_entry, bsp_exception_entry, bsp_exception_entry, bsp_exception_entry,
    SVC_Handler, DebugMon_Handler, bsp_exception_entry, PendSV_Handler, SysTick_Handler,
    IRQ0_Handler,  IRQ1_Handler,  IRQ2_Handler,  IRQ3_Handler,  IRQ4_Handler,  IRQ5_Handler,
    IRQ6_Handler,  IRQ7_Handler,  IRQ8_Handler,  IRQ9_Handler,  IRQ10_Handler, IRQ11_Handler,
    IRQ12_Handler, IRQ13_Handler, IRQ14_Handler, IRQ15_Handler, IRQ16_Handler, IRQ17_Handler,
    IRQ18_Handler, IRQ19_Handler, IRQ20_Handler, IRQ21_Handler, IRQ22_Handler, IRQ23_Handler,
    IRQ24_Handler, IRQ25_Handler, IRQ26_Handler, IRQ27_Handler, IRQ28_Handler, IRQ29_Handler,
    IRQ30_Handler, IRQ31_Handler,
};

/* newlib's __libc_init_array and exit() call _init/_fini, which crti.o
 * supplies in a normal link; -nostartfiles drops it, and C images have
 * nothing to put there. */
void _init(void) {}
void _fini(void) {}

static char *bsp_brk;

/* Heap for malloc: from the end of .bss up to the stack reserve. Replaces
 * newlib rdimon's weak _sbrk, whose upper bound comes from SYS_HEAPINFO. */
void *_sbrk(ptrdiff_t incr)
{
    if (bsp_brk == NULL)
        bsp_brk = __heap_start__;
    char *old = bsp_brk;
    if (incr > __heap_end__ - bsp_brk || incr < __heap_start__ - bsp_brk) {
        errno = ENOMEM;
        return (void *)-1;
    }
    bsp_brk += incr;
    return old;
}

__attribute__((noreturn, used)) void bsp_c_start(void);
__attribute__((noreturn, used)) void bsp_c_start(void)
{
    uint32_t *src = __data_load__, *dst = __data_start__;
    if (src != dst)
        while (dst < __data_end__)
            *dst++ = *src++;
    for (dst = __bss_start__; dst < __bss_end__; )
        *dst++ = 0;

#if defined(__ARM_FP)
    /* CP10 and CP11 full access (CPACR bits 20-23), before any FP code. */
    *(volatile uint32_t *)0xE000ED88u |= 0xFu << 20;
    __asm volatile("dsb\n\tisb" ::: "memory");
#endif

    initialise_monitor_handles();
    __libc_init_array();
    static char name[] = "firmware";
    static char *argv[] = { name, NULL };
    exit(main(1, argv));
}

/* Naked so that nothing touches the stack before SP is known to be ours
 * (a loader of a raw .bin may enter here with any SP). */
__attribute__((naked, noreturn, section(".text.Reset_Handler")))
void Reset_Handler(void)
{
    __asm volatile(
        "ldr r0, =__stack_top__\n\t"
        "mov sp, r0\n\t"
        "b bsp_c_start\n\t"
        ".ltorg");
}

/* ---- semihosting, used directly where newlib cannot be trusted ---- */

long bsp_semihost(long op, void *arg)
{
    register long r0 __asm("r0") = op;
    register void *r1 __asm("r1") = arg;
    __asm volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void bsp_puts_raw(const char *s)
{
    bsp_semihost(BSP_SYS_WRITE0, (void *)s);
}

__attribute__((noreturn)) void bsp_exit_raw(int code)
{
    /* SYS_EXIT_EXTENDED carries the code on 32-bit targets; a host without
     * it falls through to plain SYS_EXIT (which can only say 0 or not). */
    uint32_t block[2] = { BSP_ADP_STOPPED_APPLICATION_EXIT, (uint32_t)code };
    bsp_semihost(BSP_SYS_EXIT_EXTENDED, block);
    bsp_semihost(BSP_SYS_EXIT, (void *)(uintptr_t)
                 (code ? BSP_ADP_STOPPED_RUNTIME_ERROR : BSP_ADP_STOPPED_APPLICATION_EXIT));
    for (;;)
        __asm volatile("bkpt 0");
}

static char *put_hex(char *p, uint32_t v)
{
    *p++ = '0'; *p++ = 'x';
    for (int sh = 28; sh >= 0; sh -= 4)
        *p++ = "0123456789abcdef"[(v >> sh) & 0xf];
    return p;
}

static char *put_str(char *p, const char *s)
{
    while (*s)
        *p++ = *s++;
    return p;
}

static char *put_dec(char *p, uint32_t v)
{
    char tmp[10];
    int n = 0;
    do { tmp[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    while (n)
        *p++ = tmp[--n];
    return p;
}

static const char *const exc_names[16] = {
    "?", "Reset", "NMI", "HardFault", "MemManage", "BusFault", "UsageFault",
    "Reserved7", "Reserved8", "Reserved9", "Reserved10", "SVCall",
    "DebugMonitor", "Reserved13", "PendSV", "SysTick",
};

/* Any exception the image did not ask for: report it on the semihosting
 * console with the stacked PC and the fault status registers, then exit
 * with BSP_EXIT_EXCEPTION_BASE + exception number (IRQs: + 16, capped). */
__attribute__((noreturn, used))
void bsp_exception_report(uint32_t *frame, uint32_t exc_return)
{
    uint32_t ipsr;
    __asm volatile("mrs %0, ipsr" : "=r"(ipsr));
    uint32_t exc = ipsr & 0x1ff;
    volatile uint32_t *scb = (volatile uint32_t *)0xE000ED00u;

    char buf[256], *p = buf;
    p = put_str(p, "mps2-bsp: unhandled exception ");
    p = put_dec(p, exc);
    if (exc < 16) {
        p = put_str(p, " (");
        p = put_str(p, exc_names[exc]);
        p = put_str(p, ")");
    } else {
        p = put_str(p, " (IRQ ");
        p = put_dec(p, exc - 16);
        p = put_str(p, ")");
    }
    p = put_str(p, " pc="); p = put_hex(p, frame[6]);
    p = put_str(p, " lr="); p = put_hex(p, frame[5]);
    p = put_str(p, " exc_return="); p = put_hex(p, exc_return);
    p = put_str(p, " cfsr="); p = put_hex(p, scb[0x28 / 4]);
    p = put_str(p, " hfsr="); p = put_hex(p, scb[0x2c / 4]);
    p = put_str(p, " bfar="); p = put_hex(p, scb[0x38 / 4]);
    p = put_str(p, "\n");
    *p = 0;
    bsp_puts_raw(buf);
    bsp_exit_raw(BSP_EXIT_EXCEPTION_BASE + (int)(exc < 16 ? exc : 16));
}

/* Finds the exception frame on whichever stack was in use (EXC_RETURN bit
 * 2) and hands it to the reporter. */
__attribute__((naked))
void bsp_exception_entry(void)
{
    __asm volatile(
        "tst lr, #4\n\t"
        "ite eq\n\t"
        "mrseq r0, msp\n\t"
        "mrsne r0, psp\n\t"
        "mov r1, lr\n\t"
        "b bsp_exception_report");
}
