/* The Edge TPU device's executable side (devices/edgetpu_exec.c): what
 * the device keeps of the .ttm it was sent, the functional run with the
 * shared int8 runtime, and the run's time from devices/edgetpu_timing.c.
 * The USB protocol and the registers are devices/edgetpu.c. */
#ifndef TTEMU_DEVICES_EDGETPU_H
#define TTEMU_DEVICES_EDGETPU_H

#include <stddef.h>
#include <stdint.h>

#include "devices/edgetpu_plan.h"
#include "devices/edgetpu_timing.h"
#include "models/runtime/ttm.h"

#define ETPU_MAX_LIVE 64 /* tensors a segment hands to the CPU */

struct etpu_exec {
    uint8_t *blob;          /* the .ttm, 16-byte aligned copy */
    uint32_t bytes;
    tt_model model;
    struct etpu_plan *plan; /* the TPU segment: operators 0 .. plan->split-1 */
    uint8_t *arena;         /* the device's own arena (the model's plan) */
    int32_t live[ETPU_MAX_LIVE]; /* segment tensors read after it, in operator order */
    uint32_t nlive;
    uint32_t in_bytes, out_bytes;
    uint32_t instr_off, instr_bytes;   /* the segment's operator records */
    uint32_t stream_off, stream_bytes; /* parameters beyond the cache */
    uint64_t cached_bytes, param_bytes, macs;
};

/* Opens blob (bytes long) as the executable: copies it, plans the segment
 * and the cache. Returns 0, or -1 with one line in err. */
int etpu_exec_load(struct etpu_exec *x, const struct etpu_cfg *c, const uint8_t *blob, uint32_t bytes,
                   char *err, size_t errlen);
void etpu_exec_free(struct etpu_exec *x);

/* The input tensor's place in the arena. */
uint8_t *etpu_exec_input(struct etpu_exec *x);

/* Runs the segment on the arena. 0, or -1 with one line in err. */
int etpu_exec_run(struct etpu_exec *x, char *err, size_t errlen);

/* The segment's live-out tensors, concatenated (out_bytes), int8 as uint8. */
void etpu_exec_output(const struct etpu_exec *x, uint8_t *out);

/* The time of layer i of the segment on the array (its share of the
 * per-layer cost included) and the fixed per-run cost. */
uint64_t etpu_exec_layer_ps(const struct etpu_exec *x, const struct etpu_cfg *c, uint32_t i,
                            uint64_t *cycles);

#endif
