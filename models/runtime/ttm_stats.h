/* Cost figures of a model's operators (see ttm_stats.c). */
#ifndef TT_TTM_STATS_H
#define TT_TTM_STATS_H

#include <stdint.h>
#include "models/runtime/ttm.h"

typedef struct {
    uint64_t params;        /* elements of constant inputs */
    uint64_t macs;          /* multiply-accumulates of CONV/DWCONV/FC */
    uint64_t weight_bytes;  /* bytes of constant inputs */
} tt_op_cost;

void tt_op_stats(const tt_model *m, uint32_t op, tt_op_cost *c);
void tt_model_stats(const tt_model *m, tt_op_cost *total);

#endif
