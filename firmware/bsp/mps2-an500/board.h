/* Arm MPS2+ AN500 (models/boards/mps2-an500.yaml, QEMU's memory map): cortex-m7
 * at 25 MHz, CMSDK UART0 and timer0, ttemu's trace, pmu and dma in QEMU's
 * RESERVED 4 window. No camera: the firmware makes a test frame in
 * software. (firmware/bsp/mps2 is the QEMU-compatible BSP of the tests;
 * this one only describes the board for the board test.) */
#ifndef BSP_BOARD_H
#define BSP_BOARD_H

#define BSP_BOARD_NAME   "mps2-an500"
#define BSP_CORE         "cortex-m7"
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
