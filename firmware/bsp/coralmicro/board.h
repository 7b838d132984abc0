/* Coral Dev Board Micro (models/boards/coralmicro.yaml): i.MX RT1176
 * Cortex-M7 at 800/400/200 MHz; ITCM, DTCM, OCRAM, 64 MiB SDRAM; HM01B0
 * camera (324x324 Bayer) on an 8-bit parallel bus; Edge TPU on USB 2.0
; ttemu's devices from 0x40100000. */
#ifndef BSP_BOARD_H
#define BSP_BOARD_H

#define BSP_BOARD_NAME   "coralmicro"
#define BSP_CORE         "cortex-m7"
#define BSP_CORE_HZ      800000000u

#define BSP_UART_BASE    0x40100000u
#define BSP_UART_IRQ     0
#define BSP_TIMER_BASE   0x40101000u   /* clock_hz 800M */
#define BSP_TIMER_IRQ    1
#define BSP_TIMER_HZ     800000000u
#define BSP_DMA_BASE     0x40102000u
#define BSP_DMA_IRQ      2
#define BSP_PMU_BASE     0x40103000u
#define BSP_TRACE_BASE   0x40104000u

/* HM01B0: 324x324 bayer8; frames land in SDRAM, the DMA moves them to OCRAM */
#define BSP_HAS_CAMERA   1
#define BSP_CAMERA_BASE  0x40105000u
#define BSP_CAMERA_IRQ   4
#define BSP_CAMERA_IRQ_HANDLER IRQ4_Handler
#define BSP_FRAME_W      324
#define BSP_FRAME_H      324
#define BSP_FRAME_BPP    1
#define BSP_FRAME_FMT    TT_FMT_BAYER8
#define BSP_XFER_BYTES   (BSP_FRAME_W * BSP_FRAME_H * BSP_FRAME_BPP)

/* clock_levels_hz: [800M, 400M, 200M]; idle at 200 MHz. */
#define BSP_CLOCK_LEVELS_HZ  { 800000000u, 400000000u, 200000000u }
#define BSP_IDLE_CLOCK_LEVEL 2

/* Coral's firmware turns the camera off once the frame is captured (the
 * paper's explanation of its 34.2 mJ); the Edge TPU stays powered, idle
 * after the inference (its driver, accel.c, powers it at accel_open),
 * until the board idles at the end. */
#define BSP_PMU_PLAN { "transfer", "camera", "off" }, { "idle", "tpu", "off" },

/* The Edge TPU (edgetpu_regs.h) behind the USB host controller
 * (usb_host_regs.h). BSP_ETPU_CLOCK_LEVEL -1: the driver keeps the TPU's
 * reset clock, the board YAML's clock_hz (250 MHz, "high": the SDK's
 * default), so the board file (or --set tpu.clock_hz) says which runtime
 * setting runs; 0..3 would force one of [500, 250, 125, 63] MHz. */
#define BSP_ETPU_BASE        0x40106000u
#define BSP_USBH_BASE        0x40107000u
#define BSP_USBH_IRQ         6
#define BSP_ETPU_CLOCK_LEVEL (-1)

#endif
