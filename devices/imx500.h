/* The IMX500's blocks as the sensor front end (devices/imx500_isp.c) sees
 * them: the ISP's tensor building as a pure function, and the DSP
 * (devices/imx500_dsp.c) it hands each frame's tensor to. */
#ifndef TTEMU_DEVICES_IMX500_H
#define TTEMU_DEVICES_IMX500_H

#include <stdint.h>

#include "devices/frame.h"
#include "models/runtime/ttm.h"

struct machine;
struct dsp;

/* The part of the frame the firmware programmed (pixels of the mode). */
struct imx500_window { uint32_t x, y, w, h; };

/* Builds an int8 NHWC input tensor of h x w x c from the window of frame,
 * the values the application's own preprocess gives on the other boards
 * (firmware/app/preprocess.c): each output pixel is the mean of its block
 * of the window (area scaling), channels 0-2 are R, G, B (channel 0 alone
 * is the BT.601 luminance when c < 3) as v / 127.5 - 1; from channel 3 on,
 * with grid set, TinyTracker's grid channels: the block centre's position
 * in the whole frame, x / (width - 1) and y / (height - 1), mapped to
 * [-1, 1] the same way; without grid, the int8 values extra[k - 3]. Then
 * q = round(v / scale) + zero_point, clamped. */
void imx500_isp_tensor(const struct rgb_image *frame, const struct imx500_window *win,
                       uint32_t h, uint32_t w, uint32_t c, float scale, int32_t zero_point,
                       int grid, const int8_t *extra, int8_t *out);

/* The DSP named `name` on machine m, or NULL. */
struct dsp *imx500_dsp_find(struct machine *m, const char *name);

/* The loaded model's input tensor and its address in the sensor SRAM;
 * NULL when no model is loaded. */
const ttm_tensor_rec *imx500_dsp_input(const struct dsp *s, uint32_t *addr);

/* Runs the loaded model on the SRAM's input from t_ps; done(ctx, end) is
 * called when the DSP finishes. Returns 0, or -1 when it cannot start (not
 * loaded, busy). */
int imx500_dsp_start(struct dsp *s, uint64_t t_ps, void (*done)(void *ctx, uint64_t t_ps), void *ctx);

/* The last run: output tensor (address, bytes), cycles, time. */
void imx500_dsp_result(const struct dsp *s, uint32_t *out_addr, uint32_t *out_bytes,
                       uint64_t *cycles, uint64_t *t_ps);

#endif
