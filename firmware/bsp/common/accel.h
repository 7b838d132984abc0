/* The accelerator hand-off: the one interface between the TinyTracker
 * application (firmware/app) and a board's accelerator driver.
 *
 * A board with an accelerator implements these in firmware/bsp/BOARD/
 * accel.c (its Makefile fragment lists the file). Every other board links
 * firmware/bsp/common/accel_none.c, whose accel_available() is 0, and the
 * application runs the model on the board's own core with the int8
 * runtime (models/runtime).
 *
 * The model is a .ttm blob (models/runtime/ttm.h) in the image's model
 * partition; the accelerator gets it whole and decides what it can run
 * (the Edge TPU runs one leading segment and hands the rest back, see
 * accel_run's return). Tensors are the model's own bytes in the arena the
 * application allocated for the model's plan. */
#ifndef BSP_ACCEL_H
#define BSP_ACCEL_H

#include <stddef.h>
#include <stdint.h>

/* What the accelerator can do (accel_caps()). */
#define ACCEL_CAP_RUN          0x1u /* accel_run() runs a model on a given input */
#define ACCEL_CAP_SENSOR_INPUT 0x2u /* the accelerator builds its own input from the
                                     * sensor (IMX500): the application skips capture,
                                     * transfer and preprocess on the host and calls
                                     * accel_sensor_frame() */

/* The accelerator's one-time set-up for a model: power it, open the link,
 * upload what must be uploaded once (Edge TPU parameter caching, IMX500
 * network load). Returns 0, or a negative code after printing one line
 * that says why (the application then runs the model on the core). */
int accel_open(const void *model, size_t model_bytes);

/* Nonzero when accel_open succeeded and accel_run may be called. */
int accel_available(void);

/* A short name for reports and the console ("edgetpu", "imx500-dsp"). */
const char *accel_name(void);

unsigned accel_caps(void);

/* Runs the leading operators of the model that the accelerator supports.
 * The application has opened the model (tt_model_open) and written the
 * input tensor into its arena (the model's own plan, arena_bytes); the
 * driver sends what the accelerator needs, runs it, and writes the
 * segment's output tensors back into the arena where the plan puts them.
 * Returns k, the number of operators it ran (0 .. n_ops): the application
 * runs operators k .. n_ops-1 on the core (tt_invoke_op), as Coral's
 * compiler hands everything after the first unsupported operator to the
 * CPU. Negative on error, after one line saying why. */
int accel_run(const void *model, size_t model_bytes, uint8_t *arena, size_t arena_bytes);

/* ACCEL_CAP_SENSOR_INPUT boards: take one frame, let the sensor build the
 * input tensor and run the model, and return the output tensor in output.
 * The driver marks its own phases (capture, inference, readout) on the
 * trace device. Returns 0, or negative on error. */
int accel_sensor_frame(void *output, size_t out_bytes);

#endif
