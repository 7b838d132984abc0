/* Sony IMX500 with a Cortex-M4F stand-in host (models/boards/imx500.yaml):
 * code and ram on the host, the sensor's 8 MiB SRAM mapped at 0x60000000;
 * the pixel array (2028x1520 RAW10, 2x2 binned), ISP, DSP (no model yet)
 * and CSI-2 link; ttemu's devices from 0x40100000. */
#ifndef BSP_BOARD_H
#define BSP_BOARD_H

#define BSP_BOARD_NAME   "imx500"
#define BSP_CORE         "cortex-m4f"
#define BSP_CORE_HZ      200000000u

#define BSP_UART_BASE    0x40100000u
#define BSP_UART_IRQ     0
#define BSP_TIMER_BASE   0x40101000u   /* clock_hz 200M */
#define BSP_TIMER_IRQ    1
#define BSP_TIMER_HZ     200000000u
#define BSP_DMA_BASE     0x40102000u
#define BSP_DMA_IRQ      2
#define BSP_PMU_BASE     0x40103000u
#define BSP_TRACE_BASE   0x40104000u

/* The sensor: 2028x1520 RAW10 (2 bytes a pixel in memory, 6 MB), read out
 * into the sensor SRAM; the DMA brings the first 512 KiB (the top ~129
 * lines) to the host's RAM. */
#define BSP_HAS_CAMERA   1
#define BSP_CAMERA_BASE  0x40105000u
#define BSP_CAMERA_IRQ   4
#define BSP_CAMERA_IRQ_HANDLER IRQ4_Handler
#define BSP_FRAME_W      2028
#define BSP_FRAME_H      1520
#define BSP_FRAME_BPP    2
#define BSP_FRAME_FMT    TT_FMT_RAW10
#define BSP_XFER_BYTES   (512u * 1024u)

/* The in-sensor pipeline (firmware/bsp/common/imx500_regs.h): the front
 * end (readout, ISP, CSI-2 tensor lines) and the DSP with its SRAM. */
#define BSP_IMX500_ISP_BASE  0x40108000u
#define BSP_IMX500_ISP_IRQ   7
#define BSP_IMX500_DSP_BASE  0x40106000u
#define BSP_IMX500_DSP_IRQ   5

/* One host clock (200 MHz): no levels to switch. */
#define BSP_IDLE_CLOCK_LEVEL (-1)

/* The ISP works while the frame is read out; CSI-2 runs high speed while
 * the frame crosses to the host; the sensor drops to standby when idle (its
 * component has no "off" for the camera's POWER bit to reach). */
#define BSP_PMU_PLAN \
    { "capture", "isp", "active" }, \
    { "transfer", "isp", "off" }, \
    { "transfer", "csi2", "active" }, \
    { "inference", "csi2", "idle" }, \
    { "idle", "sensor", "standby" },

#endif
