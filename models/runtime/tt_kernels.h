/* int8 kernels with TensorFlow Lite's quantisation semantics.
 *
 * Layout is NHWC. Quantised value q stands for scale * (q - zero_point).
 * Kernels take offsets the way TFLite's reference kernels do:
 * in_offset = -input_zero_point, out_offset = +output_zero_point. The
 * requantisation multipliers/shifts are precomputed (models/tflite/quant.c),
 * so the kernels are integer-only except the float boundary ops
 * (QUANTIZE from float, DEQUANTIZE, SOFTMAX). They never allocate and trust
 * their arguments: tt_model_open() validated shapes before any call. */
#ifndef TT_KERNELS_H
#define TT_KERNELS_H

#include <stdint.h>

typedef struct { int32_t n, h, w, c; } tt_shape4;

typedef struct {
    int32_t stride_w, stride_h, dil_w, dil_h;
    int32_t pad_w, pad_h;              /* left/top zero padding (input pixels) */
    int32_t depth_mult;                /* depthwise only */
    int32_t in_offset, out_offset;
    int32_t act_min, act_max;          /* clamp, in output quantised units */
    const int32_t *mult, *shift;       /* per output channel, or [0] for all */
    int per_channel;
    int32_t filter_offset;             /* -filter zero point: 0 for int8 models; TF1 uint8
                                        * models converted to int8 keep theirs */
} tt_conv_params;

/* filter [C_out, KH, KW, C_in]; bias int32 [C_out] or NULL. */
void tt_conv2d_s8(const tt_conv_params *p, tt_shape4 in_s, const int8_t *in,
                  tt_shape4 f_s, const int8_t *filter, const int32_t *bias,
                  tt_shape4 out_s, int8_t *out);

/* filter [1, KH, KW, C_in * depth_mult]. */
void tt_dwconv2d_s8(const tt_conv_params *p, tt_shape4 in_s, const int8_t *in,
                    tt_shape4 f_s, const int8_t *filter, const int32_t *bias,
                    tt_shape4 out_s, int8_t *out);

/* in [batches, depth], weights [units, depth], out [batches, units]. */
void tt_fully_connected_s8(const tt_conv_params *p, int32_t batches, int32_t depth,
                           const int8_t *in, int32_t units, const int8_t *weights,
                           const int32_t *bias, int8_t *out);

typedef struct {
    int32_t in1_offset, in2_offset, out_offset;
    int32_t in1_mult, in1_shift, in2_mult, in2_shift, out_mult, out_shift;
    int32_t left_shift;
    int32_t act_min, act_max;
} tt_add_params;

/* Elementwise over n values, or with broadcasting when in2_n == 1 / in1_n == 1. */
void tt_add_s8(const tt_add_params *p, uint32_t n, const int8_t *in1, uint32_t in1_n,
               const int8_t *in2, uint32_t in2_n, int8_t *out);

typedef struct {
    int32_t in1_offset, in2_offset, out_offset;
    int32_t out_mult, out_shift;
    int32_t act_min, act_max;
} tt_mul_params;

void tt_mul_s8(const tt_mul_params *p, uint32_t n, const int8_t *in1, uint32_t in1_n,
               const int8_t *in2, uint32_t in2_n, int8_t *out);

/* PAD over up to 4 dims: before[d], after[d]; pad_value is the output's zero point
 * (so padding means real 0). elem_size 1 or 4. */
void tt_pad(const int32_t in_dims[4], const int32_t before[4], const int32_t after[4],
            const void *in, void *out, unsigned elem_size, int32_t pad_value);

typedef struct {
    int32_t stride_w, stride_h, filter_w, filter_h, pad_w, pad_h;
    int32_t act_min, act_max;
    /* AVERAGE_POOL_2D: 0 halves away from zero (TFLite's int8 reference),
     * 1 halves up (its uint8 reference, for a TF1 uint8 pool run as int8). */
    int32_t half_up;
} tt_pool_params;

void tt_avgpool_s8(const tt_pool_params *p, tt_shape4 in_s, const int8_t *in,
                   tt_shape4 out_s, int8_t *out);
void tt_maxpool_s8(const tt_pool_params *p, tt_shape4 in_s, const int8_t *in,
                   tt_shape4 out_s, int8_t *out);

/* MEAN over H and W of an NHWC tensor (keep_dims or not: same data), as
 * .ttm files before the folded form did it: requantise, then divide. */
void tt_mean_hw_s8(tt_shape4 in_s, const int8_t *in, int32_t in_zp, int32_t out_zp,
                   int32_t mult, int32_t shift, int8_t *out);

/* MEAN as TFLite computes it: the sum requantised once by a multiplier
 * that already holds 1/count (tt_mean_multiplier, at conversion). */
void tt_mean_hw_folded_s8(tt_shape4 in_s, const int8_t *in, int32_t in_zp, int32_t out_zp,
                          int32_t mult, int32_t shift, int8_t *out);

/* Elementwise through a 256-entry table indexed by (uint8)(q + 128): TANH,
 * LOGISTIC and HARD_SWISH are evaluated this way (table built at conversion). */
void tt_lut_s8(uint32_t n, const int8_t *in, const int8_t lut[256], int8_t *out);

/* SOFTMAX along the last axis; exp_table[i] = exp(beta*scale*(i - 255)). */
void tt_softmax_s8(int32_t rows, int32_t depth, const int8_t *in, const float *exp_table,
                   float out_scale, int32_t out_zp, int8_t *out);

void tt_dequantize_s8(uint32_t n, const int8_t *in, float scale, int32_t zp, float *out);
/* float -> int8: round half away from zero, like TFLite's reference. */
void tt_quantize_f32(uint32_t n, const float *in, float scale, int32_t zp, int8_t *out);
/* int8 -> int8 rescale: out = zp_out + requant(q - zp_in). */
void tt_requantize_s8(uint32_t n, const int8_t *in, int32_t in_zp, int32_t out_zp,
                      int32_t mult, int32_t shift, int8_t *out);

/* RELU / RELU6 / RELU_N1_TO_1 (TFLite's ReluX): clamp(out_zp + requant(q - in_zp), lo, hi). */
void tt_relu_s8(uint32_t n, const int8_t *in, int32_t in_zp, int32_t out_zp, int32_t mult, int32_t shift,
                int32_t lo, int32_t hi, int8_t *out);

/* 8-bit -> 8-bit rescale where either side may be uint8 (QUANTIZE at a
 * uint8 model edge): out = zp_out + requant(q - zp_in), clamped to the
 * output type's range. */
void tt_requantize_8(uint32_t n, const void *in, int in_u8, int32_t in_zp, int32_t out_zp,
                     int32_t mult, int32_t shift, void *out, int out_u8);

/* CONCATENATION of int8/any tensors along an axis given as outer x inner
 * slabs: each input contributes axis_len[k] * inner bytes per outer step. */
void tt_concat(int32_t n_in, const void *const *in, const int32_t *in_bytes_per_outer,
               int32_t outer, void *out);

#endif
