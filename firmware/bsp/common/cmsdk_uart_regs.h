/* Arm CMSDK APB UART (type "cmsdk-uart": the MPS2 boards, as in QEMU): its
 * register map, shared by the device model (devices/uart.c) and the
 * firmware driver (cmsdk_uart.h). */
#ifndef BSP_CMSDK_UART_REGS_H
#define BSP_CMSDK_UART_REGS_H

#define CMSDK_UART_OFF_DATA      0x00u
#define CMSDK_UART_OFF_STATE     0x04u
#define CMSDK_UART_OFF_CTRL      0x08u
#define CMSDK_UART_OFF_INTSTATUS 0x0cu /* W1C (INTCLEAR) */
#define CMSDK_UART_OFF_BAUDDIV   0x10u

#define CMSDK_UART_STATE_TXFULL 1u
#define CMSDK_UART_CTRL_TXEN    1u  /* bytes written while disabled are dropped */

#endif
