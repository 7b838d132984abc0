/* MPS2 board support (AN386 Cortex-M4, AN500 Cortex-M7): what startup.c
 * offers to firmware beyond newlib. See startup.c for the reset sequence. */
#ifndef MPS2_BSP_H
#define MPS2_BSP_H

/* ARM semihosting operation numbers used directly by the BSP. */
#define BSP_SYS_WRITE0          0x04
#define BSP_SYS_EXIT            0x18
#define BSP_SYS_EXIT_EXTENDED   0x20
#define BSP_ADP_STOPPED_APPLICATION_EXIT 0x20026
#define BSP_ADP_STOPPED_RUNTIME_ERROR    0x20023

/* An unhandled exception N exits with this + N (N = 2..15; 16 for any IRQ):
 * 102 NMI, 103 HardFault, 104 MemManage, 105 BusFault, 106 UsageFault,
 * 111 SVCall, 114 PendSV, 115 SysTick, 116 external interrupt. */
#define BSP_EXIT_EXCEPTION_BASE 100

/* Raw semihosting call: BKPT 0xAB with r0 = op, r1 = arg; returns r0. */
long bsp_semihost(long op, void *arg);
/* Writes a NUL-terminated string with SYS_WRITE0 (no newlib involved). */
void bsp_puts_raw(const char *s);
/* Exits with SYS_EXIT_EXTENDED (code passes through), without newlib. */
void bsp_exit_raw(int code) __attribute__((noreturn));

#endif
