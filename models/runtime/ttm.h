/* The .ttm model format and the portable int8 runtime's public API.
 *
 * A .ttm file is one flat little-endian blob that the runtime uses in place:
 * no parsing into heap structures, no malloc. Constant data (weights, biases,
 * precomputed requantisation multipliers, lookup tables) sits in the blob at
 * 16-byte aligned offsets; activations live in a caller-provided arena at
 * offsets planned by the converter. docs/model-format.md is the reference.
 *
 * Portable C99: only stdint.h, stddef.h and string.h. The same sources build
 * into ttemu (host) and into the firmware (arm-none-eabi-gcc). */
#ifndef TT_TTM_H
#define TT_TTM_H

#include <stddef.h>
#include <stdint.h>

#define TTM_MAGIC      0x314D5454u /* "TTM1" read as a little-endian u32 */
#define TTM_VERSION    1u
#define TTM_MAX_DIMS   4
#define TTM_ALIGN      16u
#define TTM_MAX_OP_IO  16 /* inputs + outputs of one operator */

/* Element types (on disk: one byte). */
enum ttm_type {
    TTM_T_NONE = 0, TTM_T_INT8 = 1, TTM_T_INT32 = 2, TTM_T_FLOAT32 = 3,
    TTM_T_UINT8 = 4, TTM_T_INT64 = 5, TTM_T_INT16 = 6, TTM_T__COUNT
};

/* Tensor kinds. */
enum ttm_kind { TTM_K_ARENA = 0, TTM_K_CONST = 1 };

/* Operators (on-disk codes are stable: append only). */
enum ttm_op {
    TTM_OP_CONV_2D = 1, TTM_OP_DEPTHWISE_CONV_2D, TTM_OP_FULLY_CONNECTED,
    TTM_OP_ADD, TTM_OP_MUL, TTM_OP_PAD, TTM_OP_RESHAPE, TTM_OP_CONCATENATION,
    TTM_OP_MEAN, TTM_OP_AVERAGE_POOL_2D, TTM_OP_MAX_POOL_2D, TTM_OP_SOFTMAX,
    TTM_OP_LOGISTIC, TTM_OP_TANH, TTM_OP_HARD_SWISH, TTM_OP_QUANTIZE,
    TTM_OP_DEQUANTIZE, TTM_OP_RELU, TTM_OP_RELU6, TTM_OP_RELU_N1_TO_1,
    TTM_OP_SUB, TTM_OP_CAST, TTM_OP_RESIZE_BILINEAR,
    TTM_OP_ARG_MAX, TTM_OP_FLOOR_DIV, TTM_OP_DIV, TTM_OP_SQRT, TTM_OP_PACK, TTM_OP_UNPACK, TTM_OP_GATHER_ND,
    TTM_OP__COUNT
};

/* Indices into ttm_op_rec.opt[] (meaning depends on the operator). */
enum ttm_opt {
    TTM_O_STRIDE_W = 0, TTM_O_STRIDE_H, TTM_O_DIL_W, TTM_O_DIL_H,
    TTM_O_PAD_W, TTM_O_PAD_H,   /* left/top padding in input pixels */
    TTM_O_DEPTH_MULT, TTM_O_ACT_MIN, TTM_O_ACT_MAX,
    TTM_O_FILTER_W, TTM_O_FILTER_H,
    TTM_O_PER_CHANNEL,          /* conv/fc: params hold one (mult, shift) per output channel */
    TTM_O__COUNT
};
/* Aliases reusing slots for ops without spatial options. */
#define TTM_O_AXIS        TTM_O_STRIDE_W   /* CONCATENATION, PACK, UNPACK, ARG_MAX */
#define TTM_O_LEFT_SHIFT  TTM_O_STRIDE_W   /* ADD: fixed left shift (20 for int8) */
#define TTM_O_PAD_BEFORE0 TTM_O_STRIDE_W   /* PAD: before[4] in slots 0..3, after[4] in 4..7 */
#define TTM_O_PAD_AFTER0  TTM_O_PAD_W
#define TTM_O_MEAN_FOLDED TTM_O_STRIDE_W   /* MEAN: 1 = params hold in/out scale / count (one rounding) */
#define TTM_O_ALIGN_CORNERS TTM_O_STRIDE_W /* RESIZE_BILINEAR: align_corners (0/1) */
#define TTM_O_HALF_PIXEL  TTM_O_STRIDE_H   /* RESIZE_BILINEAR: half_pixel_centers (0/1) */
#define TTM_O_POOL_HALF_UP TTM_O_DEPTH_MULT /* AVERAGE/MAX_POOL_2D: 1 = average rounds halves up (uint8 source) */

typedef struct {
    uint32_t magic, version, file_bytes, header_bytes;
    uint32_t n_tensors, tensors_off;   /* ttm_tensor_rec[n_tensors] */
    uint32_t n_ops, ops_off;           /* ttm_op_rec[n_ops] */
    uint32_t n_ints, ints_off;         /* int32 pool: operator and model I/O tensor indices */
    uint32_t names_bytes, names_off;   /* NUL-terminated strings */
    uint32_t n_inputs, inputs_at;      /* model inputs: ints[inputs_at ..] */
    uint32_t n_outputs, outputs_at;
    uint32_t arena_bytes;              /* planned arena size */
    uint32_t peak_live_bytes;          /* largest sum of live activations at one op */
    uint32_t flags;                    /* TTM_F_* */
    uint32_t name_off;                 /* model name in the names table */
    uint32_t reserved[4];
} ttm_header; /* 96 bytes */

#define TTM_F_SYNTHETIC 1u  /* weights made by models/gen, not trained */

typedef struct {
    uint8_t type, ndim, kind, qdim;    /* qdim: per-channel quantised dimension */
    int32_t dims[TTM_MAX_DIMS];
    uint32_t bytes;
    uint32_t data_off;                 /* CONST: blob offset; ARENA: arena offset */
    float scale;                       /* first (or only) scale; 0 = not quantised */
    int32_t zero_point;
    uint32_t nq;                       /* quant entries: 0 none, 1 per tensor, >1 per channel */
    uint32_t q_off;                    /* nq > 1: blob offset of float scale[nq], int32 zp[nq] */
    uint32_t name_off;
} ttm_tensor_rec; /* 48 bytes */

typedef struct {
    uint16_t code;
    uint8_t n_in, n_out;
    uint32_t io_at;                    /* ints[io_at ..]: inputs then outputs; -1 = absent */
    uint32_t params_off, params_bytes; /* precomputed constants in the blob */
    int32_t opt[TTM_O__COUNT];
    uint32_t src_index;                /* operator index in the source model */
} ttm_op_rec; /* 68 bytes */

/* Why a model was rejected or an invocation failed: the place is given as
 * table + index (+ byte offset), so the host can print one precise line. */
typedef struct {
    const char *what;    /* static text: what was expected */
    const char *table;   /* "header", "tensor", "operator", ... */
    int32_t index;       /* record index within the table, -1 if none */
    uint32_t offset;     /* byte offset in the blob, when meaningful */
} tt_status;

typedef struct {
    const uint8_t *blob;
    uint32_t size;
    const ttm_header *hdr;
    const ttm_tensor_rec *tensors;
    const ttm_op_rec *ops;
    const int32_t *ints;
    const char *names;
} tt_model;

/* Checks every table, offset, shape and operator against the blob size and
 * each other, so a corrupt file can never make tt_invoke read or write out of
 * bounds. blob must be 4-byte aligned. Returns 0 or -1 with *st filled. */
int tt_model_open(tt_model *m, const void *blob, uint32_t size, tt_status *st);

const char *tt_op_name(unsigned code);
const char *tt_type_name(unsigned type);
unsigned tt_type_size(unsigned type);
const char *tt_tensor_name(const tt_model *m, int32_t t);
int32_t tt_op_input(const tt_model *m, uint32_t op, unsigned k);
int32_t tt_op_output(const tt_model *m, uint32_t op, unsigned k);
/* Whether tensor t is read by an operator from op on, or is a model output:
 * what a split at op (the Edge TPU's segment end) must hand back. */
int tt_tensor_read_from(const tt_model *m, uint32_t op, int32_t t);
uint32_t tt_tensor_elems(const ttm_tensor_rec *t);

/* Pointer to a tensor's bytes: constants in the blob, activations in arena. */
void *tt_tensor_ptr(const tt_model *m, uint8_t *arena, int32_t t);

/* Called around each operator; a non-zero return stops the invocation. */
typedef int (*tt_op_hook)(void *user, const tt_model *m, uint8_t *arena, uint32_t op);

typedef struct {
    tt_op_hook before, after;
    void *user;
} tt_hooks;

/* Runs the model: inputs must already be in the arena (tt_tensor_ptr).
 * arena must hold hdr->arena_bytes bytes and be 4-byte aligned. */
int tt_invoke(const tt_model *m, uint8_t *arena, uint32_t arena_bytes,
              const tt_hooks *hooks, tt_status *st);

/* Runs one operator (exposed so tools can re-run an op in isolation). */
int tt_invoke_op(const tt_model *m, uint8_t *arena, uint32_t op, tt_status *st);

#endif
