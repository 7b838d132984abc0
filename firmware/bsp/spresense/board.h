/* Sony Spresense (models/boards/spresense.yaml): one CXD5602 Cortex-M4F at
 * 156/32/8.2 MHz, 1.5 MiB application SRAM at 0x0d000000, the ISX012 camera
 * on a parallel bus, ttemu's devices from 0x40100000. */
#ifndef BSP_BOARD_H
#define BSP_BOARD_H

#define BSP_BOARD_NAME   "spresense"
#define BSP_CORE         "cortex-m4f"
#define BSP_CORE_HZ      156000000u

#define BSP_UART_BASE    0x40100000u   /* uart0, irq 0 */
#define BSP_UART_IRQ     0
#define BSP_TIMER_BASE   0x40101000u   /* timer0, irq 1, clock_hz 156M */
#define BSP_TIMER_IRQ    1
#define BSP_TIMER_HZ     156000000u
#define BSP_DMA_BASE     0x40102000u   /* dma, irq 2, 4 channels */
#define BSP_DMA_IRQ      2
#define BSP_PMU_BASE     0x40103000u
#define BSP_TRACE_BASE   0x40104000u

/* ISX012: 320x240 YUV 4:2:2 */
#define BSP_HAS_CAMERA   1
#define BSP_CAMERA_BASE  0x40105000u
#define BSP_CAMERA_IRQ   4
#define BSP_CAMERA_IRQ_HANDLER IRQ4_Handler
#define BSP_FRAME_W      320
#define BSP_FRAME_H      240
#define BSP_FRAME_BPP    2
#define BSP_FRAME_FMT    TT_FMT_YUV422
/* The application leaves the ISX012 streaming after capture, as the
 * paper's Spresense measurement does (PAPER.md: "the camera stays active
 * after capture"). */
#define BSP_CAMERA_STREAMS_AFTER_CAPTURE 1
/* The DMA copies the whole frame (SRAM to SRAM). */
#define BSP_XFER_BYTES   (BSP_FRAME_W * BSP_FRAME_H * BSP_FRAME_BPP)

/* clock_levels_hz: [156M, 32M, 8.2M]; the idle phase runs at 8.2 MHz. */
#define BSP_CLOCK_LEVELS_HZ  { 156000000u, 32000000u, 8200000u }
#define BSP_IDLE_CLOCK_LEVEL 2

/* Power components: board, camera, cpu. The camera goes off through its
 * own CTRL POWER bit; nothing else is the firmware's to switch. */
#define BSP_PMU_PLAN

#endif
