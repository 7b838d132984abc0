/* The IMX500 driver behind the accelerator hand-off (accel.h): the host
 * uploads the network once, then each frame is taken, turned into the
 * input tensor and run inside the sensor; the host only receives the
 * frame's KPI and output-tensor lines through its CSI-2 receiver.
 * Registers: firmware/bsp/common/imx500_regs.h.
 *
 * Phases (the trace device): capture from START until the ISP has written
 * the input tensor (readout and ISP: the paper's ~17.9 ms), inference
 * until the DSP is done (0.86 ms in the paper), readout while the lines
 * cross CSI-2 and the host checks the KPI line and copies the output (the
 * paper's 0.24 ms "retrieve the result"). The host sleeps (WFI, with
 * interrupts masked so no handler is needed) between the sensor's events. */
#include <stdio.h>
#include <string.h>

#include "accel.h"
#include "bsp.h"
#include "imx500_regs.h"

#define ISP_REG(off) (*(volatile uint32_t *)(BSP_IMX500_ISP_BASE + (off)))
#define DSP_REG(off) (*(volatile uint32_t *)(BSP_IMX500_DSP_BASE + (off)))

/* The metadata lines land here: the KPI line and up to 16 output lines. */
#define RX_LINES 17u
static uint32_t rx_buf[RX_LINES * 2560u / 4u];
static int opened;

int accel_open(const void *model, size_t model_bytes)
{
    DSP_REG(IMX500_DSP_MODEL_ADDR) = (uint32_t)(uintptr_t)model;
    DSP_REG(IMX500_DSP_MODEL_BYTES) = (uint32_t)model_bytes;
    DSP_REG(IMX500_DSP_CTRL) = IMX500_CTRL_LOAD;
    uint32_t st = DSP_REG(IMX500_DSP_STATUS);
    if (!(st & IMX500_ST_LOADED)) {
        uint32_t err = DSP_REG(IMX500_DSP_ERROR);
        if (err == IMX500_ERR_TOO_BIG)
            printf("imx500: model refused: it needs %lu bytes (model %lu + arena), the sensor SRAM holds %lu\n",
                   (unsigned long)DSP_REG(IMX500_DSP_NEED_BYTES), (unsigned long)model_bytes,
                   (unsigned long)DSP_REG(IMX500_DSP_SRAM_BYTES));
        else
            printf("imx500: model refused by the sensor (error %lu)\n", (unsigned long)err);
        return -1;
    }
    ISP_REG(IMX500_ISP_MODE) = IMX500_MODE_BINNED;
    /* the centred square of the binned frame: the ISP scales it to the
     * model's input */
    ISP_REG(IMX500_ISP_WIN_X) = (2028u - 1520u) / 2u;
    ISP_REG(IMX500_ISP_WIN_Y) = 0;
    ISP_REG(IMX500_ISP_WIN_W) = 1520u;
    ISP_REG(IMX500_ISP_WIN_H) = 1520u;
    ISP_REG(IMX500_ISP_EXTRA) = IMX500_ISP_EXTRA_GRID;
    ISP_REG(IMX500_ISP_RX_ADDR) = (uint32_t)(uintptr_t)rx_buf;
    opened = 1;
    return 0;
}

int accel_available(void) { return opened; }
const char *accel_name(void) { return "imx500-dsp"; }
unsigned accel_caps(void) { return ACCEL_CAP_SENSOR_INPUT; }

int accel_run(const void *model, size_t model_bytes, uint8_t *arena, size_t arena_bytes)
{
    (void)model;
    (void)model_bytes;
    (void)arena;
    (void)arena_bytes;
    return -1; /* the sensor builds its own input: accel_sensor_frame */
}

/* Sleeps until STATUS has `bit` (or an error), then clears it. */
static int wait_for(uint32_t bit)
{
    uint32_t st;
    while (!((st = ISP_REG(IMX500_ISP_STATUS)) & (bit | IMX500_ISP_ST_ERROR)))
        cpu_wfi();
    ISP_REG(IMX500_ISP_STATUS) = st & (bit | IMX500_ISP_ST_ERROR);
    NVIC_ICPR[BSP_IMX500_ISP_IRQ / 32] = 1u << (BSP_IMX500_ISP_IRQ % 32);
    return st & IMX500_ISP_ST_ERROR ? -1 : 0;
}

int accel_sensor_frame(void *output, size_t out_bytes)
{
    if (!opened)
        return -1;
    __asm volatile("cpsid i" ::: "memory");
    nvic_enable(BSP_IMX500_ISP_IRQ);
    tt_trace_phase(BSP_TRACE, "capture");
    ISP_REG(IMX500_ISP_CTRL) = IMX500_ISP_START | IMX500_ISP_IRQ | IMX500_ISP_IRQ_ISP | IMX500_ISP_IRQ_DNN;
    int rc = wait_for(IMX500_ISP_ST_ISP);
    if (!rc) {
        tt_trace_phase(BSP_TRACE, "inference");
        rc = wait_for(IMX500_ISP_ST_DNN);
    }
    if (!rc) {
        tt_trace_phase(BSP_TRACE, "readout");
        rc = wait_for(IMX500_ISP_ST_FRAME);
    }
    nvic_disable(BSP_IMX500_ISP_IRQ);
    __asm volatile("cpsie i" ::: "memory");
    if (rc) {
        printf("imx500: the sensor reported an error on this frame\n");
        return -1;
    }
    uint32_t line = ISP_REG(IMX500_ISP_LINE_BYTES) / 4u;
    if (rx_buf[IMX500_KPI_W_MAGIC] != IMX500_KPI_MAGIC || rx_buf[IMX500_KPI_W_OUT_BYTES] != out_bytes ||
        out_bytes > (RX_LINES - 1u) * line * 4u) {
        printf("imx500: the KPI line does not describe a %lu-byte output tensor\n", (unsigned long)out_bytes);
        return -1;
    }
    memcpy(output, &rx_buf[line], out_bytes);
    return 0;
}
