/* The Edge TPU's timing model: pure functions of layer shapes and a few
 * parameters (docs/edgetpu.md). No machine state: the device model, the
 * calibration tool, `ttemu model info --edgetpu` and the unit tests all
 * call the same functions. */
#ifndef TTEMU_DEVICES_EDGETPU_TIMING_H
#define TTEMU_DEVICES_EDGETPU_TIMING_H

#include <stddef.h>
#include <stdint.h>

#include "models/gen/layer_shape.h"

struct etpu_cfg {
    uint32_t array_rows, array_cols;  /* MAC array: rows reduce, columns are outputs */
    uint64_t clock_hz;                /* TPU clock */
    uint64_t cache_bytes;             /* on-chip parameter memory */
    uint64_t per_invoke_ps;           /* calibrated: fixed cost of one invoke */
    uint64_t per_layer_ps;            /* calibrated: fixed cost of one layer */
    uint64_t link_ps_per_kib;         /* calibrated: effective link time per KiB moved */
    uint32_t dw_lanes;                /* calibrated: depthwise channels the array takes at
                                       * once (0: array_cols) */
};

/* One layer on the array. */
struct etpu_layer_time {
    uint64_t tiles;        /* array tiles (weight loads) */
    uint64_t cycles;       /* compute cycles at the TPU clock */
    uint64_t macs;         /* useful multiply-accumulates */
    double utilisation;    /* macs / (cycles x rows x cols) */
};

void etpu_layer(const struct etpu_cfg *c, const struct layer_shape *l, struct etpu_layer_time *t);

/* A whole TPU segment, per inference once the parameters are cached. */
struct etpu_run_time {
    uint64_t compute_ps, overhead_ps, stream_ps, io_ps, total_ps;
    uint64_t cycles, macs, tiles;
    uint64_t param_bytes, cached_bytes, streamed_bytes;
    uint64_t io_bytes;
};

/* Parameters are placed layer by layer in graph order until the next
 * layer's would overflow the cache; the rest stream every inference. */
void etpu_run(const struct etpu_cfg *c, const struct layer_shape *l, size_t n,
              uint64_t in_bytes, uint64_t out_bytes, struct etpu_run_time *t);

/* Link time of len bytes at the effective rate. */
uint64_t etpu_link_ps(const struct etpu_cfg *c, uint64_t len);

/* What a run moves over USB, as the firmware driver sends it
 * (firmware/bsp/common/edgetpu_drv.h): each descriptor (streamed
 * parameters when there are any, instructions, input) is an 8-byte header
 * transfer then its data in transfers of at most chunk bytes; then the
 * RUN control write (4 data bytes + the 8-byte setup), the output in
 * chunk-sized IN transfers and the 16-byte event. Each transfer costs
 * link_transfer_ps (devices/link.c), the link's per-transfer overhead
 * included. The driver's CPU time (copies) is not in it. */
struct etpu_io { uint64_t stream_bytes, instr_bytes, in_bytes, out_bytes; };

struct board_link;
uint64_t etpu_usb_run_ps(const struct board_link *l, uint64_t chunk, const struct etpu_io *io);

#endif
