/* Arm CMSDK APB UART (type "cmsdk-uart": the MPS2 boards, as in QEMU):
 * DATA, STATE bit0 TX full, CTRL bit0 TX enable, INTSTATUS, BAUDDIV. The
 * map: cmsdk_uart_regs.h. */
#ifndef BSP_CMSDK_UART_H
#define BSP_CMSDK_UART_H

#include <stddef.h>
#include <stdint.h>

#include "cmsdk_uart_regs.h"

typedef struct {
    volatile uint32_t DATA;       /* 0x00 */
    volatile uint32_t STATE;      /* 0x04 bit0 TX buffer full */
    volatile uint32_t CTRL;       /* 0x08 bit0 TX enable */
    volatile uint32_t INTSTATUS;  /* 0x0c W1C */
    volatile uint32_t BAUDDIV;    /* 0x10 */
} cmsdk_uart_t;

_Static_assert(offsetof(cmsdk_uart_t, STATE) == CMSDK_UART_OFF_STATE &&
               offsetof(cmsdk_uart_t, CTRL) == CMSDK_UART_OFF_CTRL &&
               offsetof(cmsdk_uart_t, BAUDDIV) == CMSDK_UART_OFF_BAUDDIV,
               "cmsdk_uart_t follows cmsdk_uart_regs.h");

static inline void cmsdk_uart_init(cmsdk_uart_t *u)
{
    u->BAUDDIV = 16;  /* the smallest divider the CMSDK UART accepts */
    u->CTRL = CMSDK_UART_CTRL_TXEN; /* TX enable: bytes written while disabled are dropped */
}

static inline void cmsdk_uart_putc(cmsdk_uart_t *u, char c)
{
    while (u->STATE & CMSDK_UART_STATE_TXFULL)
        ;
    u->DATA = (uint8_t)c;
}

#endif
