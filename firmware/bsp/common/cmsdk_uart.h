/* Arm CMSDK APB UART (type "cmsdk-uart": the MPS2 boards, as in QEMU):
 * DATA, STATE bit0 TX full, CTRL bit0 TX enable, INTSTATUS, BAUDDIV. */
#ifndef BSP_CMSDK_UART_H
#define BSP_CMSDK_UART_H

#include <stdint.h>

typedef struct {
    volatile uint32_t DATA;       /* 0x00 */
    volatile uint32_t STATE;      /* 0x04 bit0 TX buffer full */
    volatile uint32_t CTRL;       /* 0x08 bit0 TX enable */
    volatile uint32_t INTSTATUS;  /* 0x0c W1C */
    volatile uint32_t BAUDDIV;    /* 0x10 */
} cmsdk_uart_t;

static inline void cmsdk_uart_init(cmsdk_uart_t *u)
{
    u->BAUDDIV = 16;  /* the smallest divider the CMSDK UART accepts */
    u->CTRL = 1;      /* TX enable: bytes written while disabled are dropped */
}

static inline void cmsdk_uart_putc(cmsdk_uart_t *u, char c)
{
    while (u->STATE & 1u)
        ;
    u->DATA = (uint8_t)c;
}

#endif
