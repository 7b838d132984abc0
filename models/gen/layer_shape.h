/* Layer shapes: what an accelerator timing model needs to know about one
 * operator (no weights, no quantisation). Built from a .ttm model
 * (devices/edgetpu_plan.c) or from the published architectures'
 * layer tables (models/gen/coral_archs.c). */
#ifndef TT_LAYER_SHAPE_H
#define TT_LAYER_SHAPE_H

#include <stdint.h>

enum ls_kind {
    LS_CONV,   /* conv 2D; fully connected is a conv with a 1x1 output */
    LS_DW,     /* depthwise conv (depth multiplier 1) */
    LS_VEC,    /* element-wise, pooling, pad, concatenation: the vector unit */
    LS_NOP,    /* reshape: no data movement on the device */
};

struct layer_shape {
    uint8_t kind;                   /* enum ls_kind */
    uint8_t k_h, k_w;               /* filter */
    uint32_t out_h, out_w, out_c;
    uint32_t in_c;
    uint64_t param_bytes;           /* int8 weights + int32 biases */
};

#endif
