/* ttemu's UART (type "uart", docs/devices.md): DATA, STATUS bit0 TX ready,
 * CTRL bit0 TX-done IRQ. Bytes go to ttemu's stdout. The map:
 * tt_uart_regs.h. */
#ifndef BSP_TT_UART_H
#define BSP_TT_UART_H

#include <stddef.h>
#include <stdint.h>

#include "tt_uart_regs.h"

typedef struct {
    volatile uint32_t DATA;     /* 0x00 W: send a byte */
    volatile uint32_t STATUS;   /* 0x04 R: bit0 TX ready */
    volatile uint32_t CTRL;     /* 0x08 bit0 TX-done IRQ enable */
} tt_uart_t;

_Static_assert(offsetof(tt_uart_t, STATUS) == TT_UART_OFF_STATUS &&
               offsetof(tt_uart_t, CTRL) == TT_UART_OFF_CTRL, "tt_uart_t follows tt_uart_regs.h");

static inline void tt_uart_init(tt_uart_t *u) { u->CTRL = 0; }

static inline void tt_uart_putc(tt_uart_t *u, char c)
{
    while (!(u->STATUS & TT_UART_STATUS_TXREADY))
        ;
    u->DATA = (uint8_t)c;
}

#endif
