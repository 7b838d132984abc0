/* Reset, vector table, console and unexpected-exception report for the
 * ttemu boards (firmware/bsp/BOARD/board.ld places the regions).
 *
 * Linked with newlib and --specs=rdimon.specs -nostartfiles: rdimon's
 * syscalls give stdio and exit() over ARM semihosting, but this file, not
 * rdimon's crt0, starts the C world, so nothing depends on the host's
 * SYS_HEAPINFO answer: the stack is the top of the board's RAM region and
 * the heap runs from the end of .bss to the stack reserve (board.ld).
 *
 * Reset: SP = top of RAM, VTOR = this table, copy .data, zero .bss, open
 * the semihosting handles, constructors, exit(main()). */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "bsp.h"

extern uint32_t __data_load__[], __data_start__[], __data_end__[];
extern uint32_t __bss_start__[], __bss_end__[];
extern uint32_t __stack_top__[];
extern char __heap_start__[], __heap_end__[];

extern void initialise_monitor_handles(void); /* newlib rdimon */
extern void __libc_init_array(void);
extern int main(void);

void Reset_Handler(void);
void bsp_default_handler(void);

#define WEAK(name) void name(void) __attribute__((weak, alias("bsp_default_handler")))
WEAK(NMI_Handler);       WEAK(HardFault_Handler); WEAK(MemManage_Handler);
WEAK(BusFault_Handler);  WEAK(UsageFault_Handler); WEAK(SVC_Handler);
WEAK(DebugMon_Handler);  WEAK(PendSV_Handler);    WEAK(SysTick_Handler);
WEAK(IRQ0_Handler);  WEAK(IRQ1_Handler);  WEAK(IRQ2_Handler);  WEAK(IRQ3_Handler);
WEAK(IRQ4_Handler);  WEAK(IRQ5_Handler);  WEAK(IRQ6_Handler);  WEAK(IRQ7_Handler);
WEAK(IRQ8_Handler);  WEAK(IRQ9_Handler);  WEAK(IRQ10_Handler); WEAK(IRQ11_Handler);
WEAK(IRQ12_Handler); WEAK(IRQ13_Handler); WEAK(IRQ14_Handler); WEAK(IRQ15_Handler);
WEAK(IRQ16_Handler); WEAK(IRQ17_Handler); WEAK(IRQ18_Handler); WEAK(IRQ19_Handler);
WEAK(IRQ20_Handler); WEAK(IRQ21_Handler); WEAK(IRQ22_Handler); WEAK(IRQ23_Handler);
WEAK(IRQ24_Handler); WEAK(IRQ25_Handler); WEAK(IRQ26_Handler); WEAK(IRQ27_Handler);
WEAK(IRQ28_Handler); WEAK(IRQ29_Handler); WEAK(IRQ30_Handler); WEAK(IRQ31_Handler);

/* 16 system exceptions + 32 external interrupts (ttemu's NVIC default).
 * 48 words: VTOR needs 256-byte alignment (board.ld puts it at a region
 * base). */
__attribute__((section(".vectors"), used))
void (*const bsp_vectors[16 + 32])(void) = {
    (void (*)(void))__stack_top__, Reset_Handler,
    NMI_Handler, HardFault_Handler, MemManage_Handler, BusFault_Handler, UsageFault_Handler,
    bsp_default_handler, bsp_default_handler, bsp_default_handler, bsp_default_handler,
    SVC_Handler, DebugMon_Handler, bsp_default_handler, PendSV_Handler, SysTick_Handler,
    IRQ0_Handler,  IRQ1_Handler,  IRQ2_Handler,  IRQ3_Handler,  IRQ4_Handler,  IRQ5_Handler,
    IRQ6_Handler,  IRQ7_Handler,  IRQ8_Handler,  IRQ9_Handler,  IRQ10_Handler, IRQ11_Handler,
    IRQ12_Handler, IRQ13_Handler, IRQ14_Handler, IRQ15_Handler, IRQ16_Handler, IRQ17_Handler,
    IRQ18_Handler, IRQ19_Handler, IRQ20_Handler, IRQ21_Handler, IRQ22_Handler, IRQ23_Handler,
    IRQ24_Handler, IRQ25_Handler, IRQ26_Handler, IRQ27_Handler, IRQ28_Handler, IRQ29_Handler,
    IRQ30_Handler, IRQ31_Handler,
};

/* -nostartfiles drops crti.o's _init/_fini, which newlib still calls. */
void _init(void) {}
void _fini(void) {}

/* The heap for malloc, bounded by the linker script (replaces rdimon's
 * _sbrk, whose limit comes from SYS_HEAPINFO). */
void *_sbrk(ptrdiff_t incr)
{
    static char *brk;
    if (!brk)
        brk = __heap_start__;
    if (incr > __heap_end__ - brk || incr < __heap_start__ - brk) {
        errno = ENOMEM;
        return (void *)-1;
    }
    char *old = brk;
    brk += incr;
    return old;
}

__attribute__((noreturn, used)) void bsp_c_start(void);
__attribute__((noreturn, used)) void bsp_c_start(void)
{
    SCB_VTOR = (uint32_t)(uintptr_t)bsp_vectors;
    for (uint32_t *s = __data_load__, *d = __data_start__; s != d && d < __data_end__; )
        *d++ = *s++;
    for (uint32_t *d = __bss_start__; d < __bss_end__; )
        *d++ = 0;
#if defined(__ARM_FP)
    *(volatile uint32_t *)0xE000ED88u |= 0xFu << 20; /* CPACR: CP10/CP11 full access */
    __asm volatile("dsb\n\tisb" ::: "memory");
#endif
    bsp_uart_init();
    initialise_monitor_handles();
    __libc_init_array();
    exit(main());
}

/* Naked: nothing may touch the stack before SP is ours (a loader of a raw
 * .bin may enter with any SP). */
__attribute__((naked, noreturn, section(".text.Reset_Handler")))
void Reset_Handler(void)
{
    __asm volatile("ldr r0, =__stack_top__\n\t"
                   "mov sp, r0\n\t"
                   "b bsp_c_start\n\t"
                   ".ltorg");
}

/* ---- console ---- */

void bsp_puts(const char *s)
{
    while (*s)
        bsp_uart_putc(*s++);
}

int bsp_printf(const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    bsp_puts(buf);
    return n;
}

/* ---- semihosting ---- */

long bsp_semihost(long op, void *arg)
{
    register long r0 __asm("r0") = op;
    register void *r1 __asm("r1") = arg;
    __asm volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

__attribute__((noreturn)) void bsp_exit_raw(int code)
{
    uint32_t block[2] = { 0x20026 /* ADP_Stopped_ApplicationExit */, (uint32_t)code };
    bsp_semihost(0x20 /* SYS_EXIT_EXTENDED */, block);
    bsp_semihost(0x18 /* SYS_EXIT */, (void *)(uintptr_t)(code ? 0x20023 : 0x20026));
    for (;;)
        __asm volatile("bkpt 0");
}

/* ---- unexpected exceptions ---- */

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

/* One line on the semihosting console (SYS_WRITE0: no newlib, no UART, so
 * it works whatever state the image is in), then exit 100 + exception. */
__attribute__((noreturn, used)) void bsp_exception_report(uint32_t *frame, uint32_t exc_return)
{
    uint32_t ipsr;
    __asm volatile("mrs %0, ipsr" : "=r"(ipsr));
    uint32_t exc = ipsr & 0x1ff;
    volatile uint32_t *scb = (volatile uint32_t *)0xE000ED00u;
    char buf[160], *p = buf;
    p = put_str(p, BSP_BOARD_NAME "-bsp: unhandled exception ");
    p = put_hex(p, exc);
    p = put_str(p, " pc="); p = put_hex(p, frame[6]);
    p = put_str(p, " lr="); p = put_hex(p, frame[5]);
    p = put_str(p, " exc_return="); p = put_hex(p, exc_return);
    p = put_str(p, " cfsr="); p = put_hex(p, scb[0x28 / 4]);
    p = put_str(p, " hfsr="); p = put_hex(p, scb[0x2c / 4]);
    p = put_str(p, "\n");
    *p = 0;
    bsp_semihost(0x04 /* SYS_WRITE0 */, buf);
    bsp_exit_raw(BSP_EXIT_EXCEPTION_BASE + (int)(exc < 16 ? exc : 16));
}

/* The frame is on the stack EXC_RETURN bit 2 names. */
__attribute__((naked)) void bsp_default_handler(void)
{
    __asm volatile("tst lr, #4\n\t"
                   "ite eq\n\t"
                   "mrseq r0, msp\n\t"
                   "mrsne r0, psp\n\t"
                   "mov r1, lr\n\t"
                   "b bsp_exception_report");
}
