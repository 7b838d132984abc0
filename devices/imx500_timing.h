/* IMX500 timing as pure functions: the sensor's readout by mode and window,
 * the ISP's pass, and the DSP's per-layer cycles. The devices
 * (devices/imx500_*.c) and the unit tests call these; the numbers come from
 * models/boards/imx500.yaml (docs/imx500.md has the sources and the fit). */
#ifndef TTEMU_DEVICES_IMX500_TIMING_H
#define TTEMU_DEVICES_IMX500_TIMING_H

#include <stdint.h>

#include "models/runtime/ttm.h"

/* One readout mode of the sensor (a line of the board's `modes`). */
struct imx500_mode {
    const char *name;
    uint32_t width, height;        /* active pixels of the mode */
    uint32_t line_length_pck;      /* pixel clocks per line */
    uint32_t min_vblank_lines;     /* shortest vertical blanking */
};

/* Time of one line: line_length_pck / pixel_rate_hz. */
uint64_t imx500_line_ps(const struct imx500_mode *md, double pixel_rate_hz);

/* Reading `lines` lines of the programmed window (the sensor reads only
 * the window's rows; 0 means the mode's full height). */
uint64_t imx500_readout_ps(const struct imx500_mode *md, double pixel_rate_hz, uint32_t lines);

/* The shortest frame period: window lines plus the minimum blanking. */
uint64_t imx500_frame_ps(const struct imx500_mode *md, double pixel_rate_hz, uint32_t lines);

/* The ISP consumes the window at pixels_per_s; it runs behind the readout,
 * so its pass ends at max(readout end, start + pixels / rate) plus the time
 * to write the tensor at out_bytes_per_s. Returns the time after the
 * readout's start when the input tensor is in the SRAM. */
uint64_t imx500_isp_done_ps(uint64_t readout_ps, uint64_t in_pixels, double pixels_per_s,
                            uint64_t out_bytes, double out_bytes_per_s);

/* The DSP: a rows x cols MAC array. A layer is a matrix product of
 * `pixels` output positions, each a K-long reduction (on the rows) for
 * `cout` output channels (on the columns); a depthwise layer is the same
 * with K = kernel height x width and cout = channels. Element-wise work
 * (add, activation, pooling, padding) moves `elems` elements through the
 * cols output lanes. Each layer also pays overhead_cycles. */
struct imx500_dsp_params {
    uint32_t rows, cols;
    double clock_hz;
    uint32_t overhead_cycles;
};

struct imx500_layer {
    uint32_t k, cout, pixels;      /* matrix layers (k > 0) */
    uint64_t elems;                /* element-wise layers (k == 0) */
};

uint64_t imx500_layer_cycles(const struct imx500_dsp_params *p, const struct imx500_layer *l);

/* The layer a .ttm operator is (RESHAPE and DEQUANTIZE of the output are
 * free: 0 elements, no overhead; they return 0). */
int imx500_op_layer(const tt_model *m, uint32_t op, struct imx500_layer *l);

/* Cycles of the whole model, and of each op into per_op (may be NULL). */
uint64_t imx500_model_cycles(const struct imx500_dsp_params *p, const tt_model *m, uint64_t *per_op);

uint64_t imx500_cycles_ps(const struct imx500_dsp_params *p, uint64_t cycles);

/* MobileNet v1 1.0/224's layers (Howard et al. 2017, Table 1), the one
 * published IMX500 figure the DSP clock is fitted to; n gets the count. */
const struct imx500_layer *imx500_mobilenet_v1(uint32_t *n);

/* The clock that runs `layers` in t_ps with the array and overhead of p
 * (the calibration; docs/imx500.md). */
double imx500_fit_clock_hz(const struct imx500_dsp_params *p, const struct imx500_layer *layers,
                           uint32_t n, uint64_t t_ps);

/* CSI-2 metadata after the image lines: one KPI line and enough
 * line_bytes-long lines for `tensor_bytes` of output tensor. */
uint32_t imx500_csi2_lines(uint64_t tensor_bytes, uint32_t line_bytes);

/* Sending `lines` lines: each line_bytes plus packet_overhead_bytes at
 * bandwidth_bps, plus per_line_ps (high-speed entry and exit). */
uint64_t imx500_csi2_ps(uint32_t lines, uint32_t line_bytes, uint32_t packet_overhead_bytes,
                        double bandwidth_bps, uint64_t per_line_ps);
#endif
