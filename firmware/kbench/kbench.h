/* The kernel bench (docs/kernels.md): the reference and the ARMv7E-M
 * kernels linked into one image. kernels_conv.c is compiled twice: once
 * plain with its entry points renamed ref_* (mk/kbench.mk), once with
 * TT_KERNELS_OPT, where tt_* dispatch to the optimised kernels first. */
#ifndef KBENCH_H
#define KBENCH_H

#include <stdint.h>
#include "models/runtime/tt_kernels.h"
#include "models/runtime/kernels_armv7em.h"

void ref_conv2d_s8(const tt_conv_params *p, tt_shape4 in_s, const int8_t *in,
                   tt_shape4 f_s, const int8_t *filter, const int32_t *bias,
                   tt_shape4 out_s, int8_t *out);
void ref_dwconv2d_s8(const tt_conv_params *p, tt_shape4 in_s, const int8_t *in,
                     tt_shape4 f_s, const int8_t *filter, const int32_t *bias,
                     tt_shape4 out_s, int8_t *out);
void ref_fully_connected_s8(const tt_conv_params *p, int32_t batches, int32_t depth,
                            const int8_t *in, int32_t units, const int8_t *weights,
                            const int32_t *bias, int8_t *out);

/* One layer of any of the three kinds, with its data. */
enum kb_kind { KB_CONV, KB_DW, KB_FC };
typedef struct {
    enum kb_kind kind;
    tt_conv_params p;
    tt_shape4 in_s, f_s, out_s;        /* FC: in_s.n batches, in_s.c depth, out_s.c units */
    int32_t mult[1024], shift[1024];
} kb_layer;

/* The layer run three ways; returns 1 when the opt entry handled it. */
int kb_run_ref(const kb_layer *l, const int8_t *in, const int8_t *w, const int32_t *bias, int8_t *out);
int kb_run_opt(const kb_layer *l, const int8_t *in, const int8_t *w, const int32_t *bias, int8_t *out);
int kb_run_dispatch(const kb_layer *l, const int8_t *in, const int8_t *w, const int32_t *bias, int8_t *out);

#endif
