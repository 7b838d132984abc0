/* The IMX500 DSP's registers: shared by the device model
 * (devices/imx500_dsp.c) and the host driver, so both read one map.
 * Offsets from the device's base (models/boards/imx500.yaml: dsp).
 *
 * LOAD copies the .ttm at MODEL_ADDR (host memory, MODEL_BYTES long) into
 * the start of the sensor SRAM, checks it, and plans the arena after it;
 * a model whose bytes plus arena exceed the SRAM is refused (STATUS.ERROR,
 * ERROR = IMX500_ERR_TOO_BIG, NEED_BYTES and SRAM_BYTES say by how much).
 * RUN runs the loaded model on the input tensor already in the arena
 * (the ISP writes it; INPUT_ADDR says where) and raises DONE after the
 * DSP's simulated time, which KPI_DSP_CYCLES and KPI_DNN_NS report, as the
 * real sensor's KPI line does. OUTPUT_ADDR/OUTPUT_BYTES: the output tensor. */
#ifndef BSP_IMX500_REGS_H
#define BSP_IMX500_REGS_H

#define IMX500_DSP_CTRL         0x00u /* bit0 LOAD, bit1 RUN, bit2 IRQ enable */
#define IMX500_DSP_STATUS       0x04u /* bit0 busy, bit1 loaded, bit2 done (w1c), bit3 error */
#define IMX500_DSP_MODEL_ADDR   0x08u
#define IMX500_DSP_MODEL_BYTES  0x0cu
#define IMX500_DSP_ERROR        0x10u /* IMX500_ERR_* of the last refusal */
#define IMX500_DSP_NEED_BYTES   0x14u /* model + arena, after LOAD */
#define IMX500_DSP_SRAM_BYTES   0x18u
#define IMX500_DSP_INPUT_ADDR   0x1cu /* in the sensor SRAM, after LOAD */
#define IMX500_DSP_INPUT_BYTES  0x20u
#define IMX500_DSP_OUTPUT_ADDR  0x24u
#define IMX500_DSP_OUTPUT_BYTES 0x28u
#define IMX500_DSP_KPI_CYCLES   0x2cu /* DSP cycles of the last run */
#define IMX500_DSP_KPI_DNN_NS   0x30u /* its time in ns */
#define IMX500_DSP_LOAD_NS      0x34u /* the model upload's time, once at boot */

#define IMX500_CTRL_LOAD   0x1u
#define IMX500_CTRL_RUN    0x2u
#define IMX500_CTRL_IRQ    0x4u
#define IMX500_ST_BUSY     0x1u
#define IMX500_ST_LOADED   0x2u
#define IMX500_ST_DONE     0x4u
#define IMX500_ST_ERROR    0x8u

#define IMX500_ERR_NONE       0u
#define IMX500_ERR_TOO_BIG    1u /* model + arena over the SRAM */
#define IMX500_ERR_BAD_MODEL  2u /* not a valid .ttm (tt_model_open refused it) */
#define IMX500_ERR_READ       3u /* MODEL_ADDR..+BYTES is not readable memory */
#define IMX500_ERR_NOT_LOADED 4u /* RUN before a successful LOAD */
#define IMX500_ERR_INVOKE     5u /* the runtime stopped (tt_invoke) */

#endif
