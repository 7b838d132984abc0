/* Coral USB Accelerator with a Cortex-M7 stand-in host
 * (models/boards/coralusb.yaml): ITCM, DTCM, SDRAM; Edge TPU on USB 3.0;
 * no camera: the host gets its frame from elsewhere, so
 * the firmware makes a test frame in software. */
#ifndef BSP_BOARD_H
#define BSP_BOARD_H

#define BSP_BOARD_NAME   "coralusb"
#define BSP_CORE         "cortex-m7"
#define BSP_CORE_HZ      600000000u

#define BSP_UART_BASE    0x40100000u
#define BSP_UART_IRQ     0
#define BSP_TIMER_BASE   0x40101000u   /* clock_hz 600M */
#define BSP_TIMER_IRQ    1
#define BSP_TIMER_HZ     600000000u
#define BSP_DMA_BASE     0x40102000u
#define BSP_DMA_IRQ      2
#define BSP_PMU_BASE     0x40103000u
#define BSP_TRACE_BASE   0x40104000u

/* No camera: a 224x224 gray frame made by the host in SDRAM. */
#define BSP_HAS_CAMERA   0
#define BSP_FRAME_W      224
#define BSP_FRAME_H      224
#define BSP_FRAME_BPP    1
#define BSP_FRAME_FMT    TT_FMT_GRAY8
#define BSP_XFER_BYTES   (BSP_FRAME_W * BSP_FRAME_H * BSP_FRAME_BPP)

/* One clock (600 MHz): no levels to switch. */
#define BSP_IDLE_CLOCK_LEVEL (-1)

/* The accelerator is bus powered from the start; the host powers the
 * port down when it idles at the end. */
#define BSP_PMU_PLAN { "idle", "tpu", "off" },

/* The Edge TPU (edgetpu_regs.h) behind the USB host controller
 * (usb_host_regs.h); clock level 1 of [500, 250, 125, 63] MHz is 250 MHz: the standard runtime (libedgetpu1-std). */
#define BSP_ETPU_BASE        0x40106000u
#define BSP_USBH_BASE        0x40107000u
#define BSP_USBH_IRQ         6
#define BSP_ETPU_CLOCK_LEVEL (-1) /* keep the YAML's clock_hz (see bsp/coralmicro/board.h) */

#endif
