/* One in-sensor frame through the IMX500 driver, for tests/suites/
 * 49-imx500.sh: uploads the embedded .ttm (MODEL_PATH, the build's), takes
 * a frame with its input-tensor lines and prints the KPI line, the output
 * tensor and the input tensor the ISP built, as hex, so the suite can
 * run `ttemu model run` on that input and compare. Exit: 0, 3 the model was
 * refused, 5 the frame failed. */
#include <stdio.h>

#include "accel.h"
#include "bsp.h"
#include "imx500_regs.h"
#include "imx500_drv.h"
#include "models/runtime/ttm.h"

__asm__(".section .rodata.imx500_model,\"a\"\n.balign 16\n.global imx500_model\nimx500_model:\n"
        ".incbin \"" MODEL_PATH "\"\n.previous\n");
extern const uint8_t imx500_model[];

#define DSP_REG(off) (*(volatile uint32_t *)(BSP_IMX500_DSP_BASE + (off)))

static void hex(const char *what, const uint8_t *p, uint32_t n)
{
    printf("%s %lu\n", what, (unsigned long)n);
    for (uint32_t k = 0; k < n; k++)
        printf("%02x%s", p[k], (k % 32 == 31 || k + 1 == n) ? "\n" : "");
}

int main(void)
{
    const ttm_header *h = (const ttm_header *)imx500_model;
    if (accel_open(imx500_model, h->file_bytes) || !accel_available())
        return 3;
    imx500_send_input_lines(1);
    static uint8_t out[256];
    uint32_t ob = DSP_REG(IMX500_DSP_OUTPUT_BYTES);
    if (ob > sizeof out || accel_sensor_frame(out, ob))
        return 5;
    tt_trace_phase(BSP_TRACE, "idle"); /* the printing below is the test's, not the frame's */
    printf("kpi dnn_ns %lu cycles %lu\n", (unsigned long)DSP_REG(IMX500_DSP_KPI_DNN_NS),
           (unsigned long)DSP_REG(IMX500_DSP_KPI_CYCLES));
    hex("output", out, ob);
    const uint8_t *in;
    uint32_t in_bytes = imx500_input_lines(&in);
    hex("input", in, in_bytes);
    return 0;
}
