/* The TPU/CPU split of a .ttm model, as Coral's compiler makes it: one
 * TPU segment from the first operator up to (not including) the first
 * operator the Edge TPU cannot run; that one and everything after run on
 * the board's CPU. */
#ifndef TTEMU_DEVICES_EDGETPU_PLAN_H
#define TTEMU_DEVICES_EDGETPU_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "models/gen/layer_shape.h"
#include "models/runtime/ttm.h"

#define ETPU_PLAN_MAX_OPS 1024

struct etpu_plan {
    uint32_t n_ops;               /* operators in the model */
    uint32_t split;               /* first CPU operator (n_ops: all on the TPU) */
    uint64_t in_bytes;            /* model input 0 (sent to the TPU) */
    uint64_t out_bytes;           /* output of the segment's last operator */
    struct layer_shape l[ETPU_PLAN_MAX_OPS]; /* the TPU segment's layers, l[0..split) */
};

/* 1 when the Edge TPU runs this operator (Coral's documented op list). */
int etpu_op_supported(unsigned code);

/* Fills *p; -1 with a message when the model has more operators than the
 * plan holds or an operator's tensors are not the shapes it needs. */
int etpu_plan_make(const tt_model *m, struct etpu_plan *p, char *err, size_t errlen);

#endif
