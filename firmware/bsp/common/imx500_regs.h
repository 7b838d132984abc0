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


/* The sensor front end (board device 'isp'): mode, window, one frame
 * through readout, ISP, DSP and the CSI-2 metadata lines into host memory.
 * START reads the window out in the mode's line time; the ISP writes the
 * input tensor into the SRAM (STATUS.ISP_DONE), the DSP runs the model
 * (STATUS.DNN_DONE), and the KPI and output-tensor lines land at RX_ADDR
 * (STATUS.FRAME_DONE, the IRQ). */
#define IMX500_ISP_CTRL        0x00u /* bit0 START, IRQ enables: bit2 frame (and error),
                                      * bit3 ISP done, bit4 DNN done */
#define IMX500_ISP_STATUS      0x04u /* bit0 busy, bit1 frame done, bit2 error, bit3 ISP
                                      * done, bit4 DNN done (1-4 write 1 to clear) */
#define IMX500_ISP_MODE        0x08u /* IMX500_MODE_* */
#define IMX500_ISP_WIN_X       0x0cu /* window in the mode's pixels; W or H 0 = whole */
#define IMX500_ISP_WIN_Y       0x10u
#define IMX500_ISP_WIN_W       0x14u
#define IMX500_ISP_WIN_H       0x18u
#define IMX500_ISP_EXTRA       0x1cu /* input channels 3 and 4: bit16 GRID (TinyTracker's
                                      * position grid), else int8 values in bits 7:0, 15:8 */
#define IMX500_ISP_RX_ADDR     0x20u /* host buffer for the metadata lines */
#define IMX500_ISP_RX_BYTES    0x24u /* bytes landed by the last frame */
#define IMX500_ISP_READOUT_NS  0x28u /* the last frame's readout */
#define IMX500_ISP_ISP_NS      0x2cu /* start to input tensor in the SRAM */
#define IMX500_ISP_CSI_NS      0x30u /* the metadata lines' transfer */
#define IMX500_ISP_FRAMES      0x34u
#define IMX500_ISP_LINE_BYTES  0x38u /* metadata line length (2560) */

#define IMX500_ISP_START       0x1u
#define IMX500_ISP_IRQ         0x4u
#define IMX500_ISP_IRQ_ISP     0x8u
#define IMX500_ISP_IRQ_DNN     0x10u
#define IMX500_ISP_ST_BUSY     0x1u
#define IMX500_ISP_ST_FRAME    0x2u
#define IMX500_ISP_ST_ERROR    0x4u
#define IMX500_ISP_ST_ISP      0x8u
#define IMX500_ISP_ST_DNN      0x10u

#define IMX500_ISP_EXTRA_GRID  0x10000u

#define IMX500_MODE_BINNED     0u /* 2028x1520, 2x2 binned */
#define IMX500_MODE_FULL       1u /* 4056x3040 */

/* The KPI line (the first metadata line), little-endian 32-bit words. */
#define IMX500_KPI_MAGIC       0x3149504bu /* "KPI1" */
#define IMX500_KPI_W_MAGIC     0
#define IMX500_KPI_W_FRAME     1
#define IMX500_KPI_W_DNN_NS    2 /* the DNN's run time */
#define IMX500_KPI_W_DSP_NS    3 /* the DSP's: tensor in the SRAM to the output ready */
#define IMX500_KPI_W_CYCLES    4 /* DSP cycles */
#define IMX500_KPI_W_OUT_BYTES 5 /* output tensor bytes, from the second line on */

#endif
