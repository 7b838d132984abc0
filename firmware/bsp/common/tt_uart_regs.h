/* ttemu's UART (type "uart", docs/devices.md): its register map, shared by
 * the device model (devices/uart.c) and the firmware driver (tt_uart.h).
 * Bytes go to ttemu's stdout. All registers are 32-bit words. */
#ifndef BSP_TT_UART_REGS_H
#define BSP_TT_UART_REGS_H

#define TT_UART_OFF_DATA   0x00u /* W: send a byte */
#define TT_UART_OFF_STATUS 0x04u /* R */
#define TT_UART_OFF_CTRL   0x08u

#define TT_UART_STATUS_TXREADY 1u
#define TT_UART_STATUS_RXDATA  2u  /* never set: no receive path */
#define TT_UART_CTRL_TXIRQ     1u  /* IRQ when a byte has gone (with a baud rate) */

#endif
