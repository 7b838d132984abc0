/* What the two MPS2 boards (mps2-an386.yaml, mps2-an500.yaml) share for the
 * board test: QEMU's memory map at 25 MHz, CMSDK UART0 and timer0, ttemu's
 * trace, pmu and dma in QEMU's RESERVED 4 window, and no camera (the
 * firmware makes a test frame in software). Each board's board.h names the
 * board and its core, then includes this. */
#ifndef BSP_MPS2_BOARD_H
#define BSP_MPS2_BOARD_H

#define BSP_CORE_HZ      25000000u

#define BSP_UART_CMSDK   1
#define BSP_UART_BASE    0x40004000u   /* uart0: rx irq 0, tx irq 1 */
#define BSP_UART_IRQ     1
#define BSP_TIMER_CMSDK  1
#define BSP_TIMER_BASE   0x40000000u   /* timer0, irq 8, clock_hz 25M */
#define BSP_TIMER_IRQ    8
#define BSP_TIMER_HZ     25000000u
#define BSP_DMA_BASE     0x40032000u   /* dma, irq 30 */
#define BSP_DMA_IRQ      30
#define BSP_PMU_BASE     0x40031000u
#define BSP_TRACE_BASE   0x40030000u

#define BSP_HAS_CAMERA   0
#define BSP_FRAME_W      160
#define BSP_FRAME_H      120
#define BSP_FRAME_BPP    1
#define BSP_FRAME_FMT    TT_FMT_GRAY8
#define BSP_XFER_BYTES   (BSP_FRAME_W * BSP_FRAME_H * BSP_FRAME_BPP)

#define BSP_IDLE_CLOCK_LEVEL (-1)
#define BSP_PMU_PLAN            /* only the core, which the machine drives */

#endif
