/* The TinyTracker application's parts (firmware/app): where the frame
 * comes from, how it becomes the model's input, the command line. */
#ifndef APP_APP_H
#define APP_APP_H

#include <stdint.h>

#include "models/runtime/ttm.h"

/* The face box in frame pixels. */
struct app_box {
    uint32_t x, y, w, h;
};

/* A frame in memory as the camera (or the software stand-in) wrote it. */
struct app_frame {
    const uint8_t *pixels;
    uint32_t w, h, bpp, fmt;   /* fmt: TT_FMT_* */
};

/* frame_src.c: capture one frame into the frame buffer, then transfer it
 * to where preprocessing reads it. Return 0 or a nonzero status after one
 * line on stdout. */
int app_capture(struct app_frame *f);
int app_transfer(struct app_frame *f);
void app_camera_idle(void);

/* cmdline.c: reads the firmware's command line through semihosting and
 * parses --face X,Y,W,H (clipped nothing: a box outside the frame is an
 * error). Without --face the box is the centre square of the frame.
 * Returns 0, or 2 after one line naming the argument. */
int app_face_box(const struct app_frame *f, struct app_box *box);

/* duty.c: the duty cycle (--frames N --fps F on the command line). Without
 * them: one frame, no timer. app_duty_args returns 0, or 2 after one line
 * naming the bad argument; app_duty_begin starts the frame clock at the
 * first frame; app_duty_wait idles until the next frame's slot (also after
 * the last: the window ends at N/F); app_duty_end stops the timer. */
struct app_duty {
    uint32_t frames;           /* N, default 1 */
    uint32_t load, subs;       /* timer ticks per sub-period, sub-periods per frame; 0: no --fps */
    uint32_t late;             /* frames that missed their slot */
};
int app_duty_args(struct app_duty *d);
void app_duty_begin(const struct app_duty *d);
void app_duty_wait(struct app_duty *d);
void app_duty_end(const struct app_duty *d);

/* preprocess.c: crop box, resize to the input tensor's H x W (nearest
 * sample at the centre of each output pixel), convert to the tensor's
 * channels (1 grey, 3 RGB, 5 RGB + grid x, grid y) scaled to [-1, 1] and
 * quantise with the tensor's scale and zero point. Returns 0, or nonzero
 * after one line when the tensor is not a [1,H,W,C] int8 tensor of a
 * channel count it knows. */
int app_preprocess(const struct app_frame *f, const struct app_box *box,
                   const ttm_tensor_rec *in, int8_t *dst);

/* What ttemu's --dump-tensors reads at exit (the symbol tt_app_io): the
 * model input as built and the output as computed, by address. */
struct app_io {
    uint32_t magic;            /* APP_IO_MAGIC once filled */
    uint32_t input_addr, input_bytes;
    uint32_t output_addr, output_bytes;
};
#define APP_IO_MAGIC 0x4f495454u /* "TTIO" */

/* Read by ttemu --model before the run (symbol tt_app_layout, in the
 * loaded read-only data): where the model partition and the heap are. */
struct app_layout {
    uint32_t model_start, model_end, heap_start, heap_end;
};

#endif
