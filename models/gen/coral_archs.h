/* The layer shapes of the architectures in Coral's published Edge TPU
 * benchmark table (PAPER.md), for timing only: a list of layer_shape per
 * model, built from compact per-architecture descriptions. */
#ifndef TT_CORAL_ARCHS_H
#define TT_CORAL_ARCHS_H

#include <stddef.h>
#include "models/gen/layer_shape.h"

#define ARCH_MAX_LAYERS 512

struct arch_model {
    const char *name;
    uint32_t in_h, in_w, in_c;      /* input tensor (uint8) */
    uint32_t out_bytes;             /* output tensor bytes */
    size_t n;
    struct layer_shape l[ARCH_MAX_LAYERS];
};

/* Names known to arch_build, NULL-terminated. */
extern const char *const arch_names[];

/* Fills *a with the named architecture; -1 when the name is unknown. */
int arch_build(const char *name, struct arch_model *a);

/* Sums over the layers. */
uint64_t arch_params(const struct arch_model *a);
uint64_t arch_macs(const struct arch_model *a);

#endif
