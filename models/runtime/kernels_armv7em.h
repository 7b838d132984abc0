/* Optimised int8 kernels for ARMv7E-M (Cortex-M4/M7 with the DSP
 * extension): CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED with dual
 * 16-bit MAC inner loops (SXTB16/SXTAB16 + SMLAD), bit-identical to the
 * reference kernels in kernels_conv.c (docs/kernels.md).
 *
 * Compiled only when TT_KERNELS_OPT is defined and the target has the DSP
 * extension; elsewhere the .c files are empty and nothing here is called.
 * Each entry returns 1 when it computed the layer, 0 when the shape is one
 * it does not handle (the caller then runs the reference kernel). */
#ifndef TT_KERNELS_ARMV7EM_H
#define TT_KERNELS_ARMV7EM_H

#include "models/runtime/tt_kernels.h"

#if defined(TT_KERNELS_OPT) && defined(__ARM_FEATURE_DSP)
#define TT_HAVE_ARMV7EM_KERNELS 1

int tt_conv2d_s8_armv7em(const tt_conv_params *p, tt_shape4 in_s, const int8_t *in,
                         tt_shape4 f_s, const int8_t *filter, const int32_t *bias,
                         tt_shape4 out_s, int8_t *out);
int tt_dwconv2d_s8_armv7em(const tt_conv_params *p, tt_shape4 in_s, const int8_t *in,
                           tt_shape4 f_s, const int8_t *filter, const int32_t *bias,
                           tt_shape4 out_s, int8_t *out);
int tt_fully_connected_s8_armv7em(const tt_conv_params *p, int32_t batches, int32_t depth,
                                  const int8_t *in, int32_t units, const int8_t *weights,
                                  const int32_t *bias, int8_t *out);
#endif

#endif
