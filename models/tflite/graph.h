/* Host-side model graph: what the .tflite reader and the synthetic
 * TinyTracker generator produce, and what the .ttm writer consumes. Uses
 * malloc freely (host only; the firmware sees only .ttm blobs). */
#ifndef TT_GRAPH_H
#define TT_GRAPH_H

#include <stddef.h>
#include <stdint.h>
#include "models/runtime/ttm.h"

enum tt_act { TT_ACT_NONE = 0, TT_ACT_RELU = 1, TT_ACT_RELU_N1_TO_1 = 2, TT_ACT_RELU6 = 3 };
enum tt_padding { TT_PAD_SAME = 0, TT_PAD_VALID = 1 };

typedef struct {
    uint8_t type;             /* enum ttm_type */
    uint8_t ndim;
    uint8_t is_const;
    uint8_t qdim;
    int32_t dims[TTM_MAX_DIMS];
    const uint8_t *data;      /* constants: borrowed (file buffer or graph-owned) */
    uint32_t data_bytes;
    uint32_t nq;              /* 0 none, 1 per tensor, n per channel */
    float *scales;            /* owned, nq entries */
    int32_t *zps;             /* owned, nq entries */
    char *name;               /* owned */
    uint8_t from_uint8;       /* a uint8 tensor of the source, int8 here (models/tflite/uint8.c) */
} tt_gtensor;

typedef struct {
    uint16_t code;            /* enum ttm_op */
    uint8_t n_in, n_out;
    int32_t io[TTM_MAX_OP_IO];/* inputs then outputs, -1 = absent */
    int32_t src_index;        /* index in the source model */
    /* options, as the source gives them */
    int32_t padding, stride_w, stride_h, dil_w, dil_h, depth_mult, act;
    int32_t filter_w, filter_h, axis;
    float beta;
} tt_gop;

typedef struct {
    tt_gtensor *t;
    uint32_t nt;
    tt_gop *ops;
    uint32_t nops;
    int32_t inputs[8], outputs[8];
    uint32_t n_inputs, n_outputs;
    char name[96];
    uint32_t flags;           /* TTM_F_* */
    uint8_t *owned;           /* constant data owned by the graph (generator) */
} tt_graph;

void tt_graph_free(tt_graph *g);

/* Serialises g into a freshly malloc'ed .ttm blob (16-byte aligned):
 * resolves padding, activation ranges, requantisation multipliers and
 * lookup tables, plans the arena. On failure returns -1 with a message
 * naming the operator (by source index) in err. */
int ttm_write(const tt_graph *g, uint8_t **blob, uint32_t *size, char *err, size_t errlen);

/* TFLite's QuantizeMultiplier: real = mult * 2^shift / 2^31, mult in [2^30, 2^31). */
void tt_quantize_multiplier(double real, int32_t *mult, int32_t *shift);

/* MEAN's multiplier for input/output scale ratio real over count elements. */
void tt_mean_multiplier(double real, int32_t count, int32_t *mult, int32_t *shift);

#endif
