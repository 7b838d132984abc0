/* .tflite reader, written from the public TFLite schema (schema.fbs). Field
 * numbers used below (table: field index):
 *   Model: 0 version, 1 operator_codes, 2 subgraphs, 4 buffers
 *   OperatorCode: 0 deprecated_builtin_code (byte), 3 builtin_code (int)
 *   SubGraph: 0 tensors, 1 inputs, 2 outputs, 3 operators, 4 name
 *   Tensor: 0 shape, 1 type, 2 buffer, 3 name, 4 quantization, 6 sparsity
 *   QuantizationParameters: 2 scale [float], 3 zero_point [long], 6 quantized_dimension
 *   Operator: 0 opcode_index, 1 inputs, 2 outputs, 3 builtin_options_type, 4 builtin_options
 *   Buffer: 0 data [ubyte], 1 offset (ulong), 2 size (ulong)
 * Option tables are listed next to the code that reads them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "models/runtime/tt_checked.h"
#include "models/tflite/fb.h"
#include "models/tflite/tflite.h"

enum { TFL_FLOAT32 = 0, TFL_INT32 = 2, TFL_UINT8 = 3, TFL_INT64 = 4, TFL_INT16 = 7, TFL_INT8 = 9 };

static const struct { int32_t tfl; uint16_t ttm; const char *name; } op_map[] = {
    { 0, TTM_OP_ADD, "ADD" }, { 1, TTM_OP_AVERAGE_POOL_2D, "AVERAGE_POOL_2D" },
    { 2, TTM_OP_CONCATENATION, "CONCATENATION" }, { 3, TTM_OP_CONV_2D, "CONV_2D" },
    { 4, TTM_OP_DEPTHWISE_CONV_2D, "DEPTHWISE_CONV_2D" }, { 6, TTM_OP_DEQUANTIZE, "DEQUANTIZE" },
    { 9, TTM_OP_FULLY_CONNECTED, "FULLY_CONNECTED" }, { 14, TTM_OP_LOGISTIC, "LOGISTIC" },
    { 17, TTM_OP_MAX_POOL_2D, "MAX_POOL_2D" }, { 18, TTM_OP_MUL, "MUL" },
    { 22, TTM_OP_RESHAPE, "RESHAPE" }, { 25, TTM_OP_SOFTMAX, "SOFTMAX" }, { 28, TTM_OP_TANH, "TANH" },
    { 34, TTM_OP_PAD, "PAD" }, { 40, TTM_OP_MEAN, "MEAN" }, { 114, TTM_OP_QUANTIZE, "QUANTIZE" },
    { 117, TTM_OP_HARD_SWISH, "HARD_SWISH" }, { 19, TTM_OP_RELU, "RELU" }, { 21, TTM_OP_RELU6, "RELU6" },
    { 20, TTM_OP_RELU_N1_TO_1, "RELU_N1_TO_1" }, { 41, TTM_OP_SUB, "SUB" }, { 53, TTM_OP_CAST, "CAST" },
    { 23, TTM_OP_RESIZE_BILINEAR, "RESIZE_BILINEAR" },
    { 56, TTM_OP_ARG_MAX, "ARG_MAX" }, { 90, TTM_OP_FLOOR_DIV, "FLOOR_DIV" }, { 42, TTM_OP_DIV, "DIV" },
    { 75, TTM_OP_SQRT, "SQRT" }, { 83, TTM_OP_PACK, "PACK" }, { 88, TTM_OP_UNPACK, "UNPACK" },
    { 107, TTM_OP_GATHER_ND, "GATHER_ND" },
};

typedef struct {
    fb_ctx fb;
    tt_graph *g;
    uint32_t buffers_pos, n_buffers;
    int32_t *opcodes;  /* builtin code per operator_codes entry */
    struct { uint32_t pos, len; } *custom; /* OperatorCode.custom_code (len 0: none) */
    uint32_t n_opcodes;
    char what[64];
} rd;

static const char *at(rd *r, const char *fmt, uint32_t i)
{
    snprintf(r->what, sizeof r->what, fmt, i);
    return r->what;
}

static int read_opcodes(rd *r, const fb_table *model)
{
    uint32_t pos, n;
    if (fb_vec(&r->fb, model, 1, 4, "Model.operator_codes", &pos, &n)) return -1;
    r->opcodes = calloc(n ? n : 1, sizeof *r->opcodes);
    r->custom = calloc(n ? n : 1, sizeof *r->custom);
    if (!r->opcodes || !r->custom) return fb_fail(&r->fb, 0, "out of memory");
    r->n_opcodes = n;
    for (uint32_t i = 0; i < n; i++) {
        fb_table oc;
        uint8_t dep;
        int32_t code;
        const char *w = at(r, "OperatorCode[%u]", i);
        if (fb_vec_table(&r->fb, pos, i, w, &oc) || fb_u8(&r->fb, &oc, 0, 0, w, &dep) ||
            fb_i32(&r->fb, &oc, 3, 0, w, &code))
            return -1;
        /* Codes above 127 only fit builtin_code; older files only set the byte. */
        r->opcodes[i] = code > (int32_t)dep ? code : (int32_t)dep;
        const char *cs;
        uint32_t cn;
        if (fb_str(&r->fb, &oc, 1, w, &cs, &cn)) return -1; /* OperatorCode.custom_code */
        r->custom[i].pos = cn ? (uint32_t)(cs - (const char *)r->fb.buf) : 0;
        r->custom[i].len = cn;
    }
    return 0;
}

static int map_type(rd *r, uint8_t tfl, uint32_t i, uint32_t off, uint8_t *out)
{
    switch (tfl) {
    case TFL_FLOAT32: *out = TTM_T_FLOAT32; return 0;
    case TFL_INT32: *out = TTM_T_INT32; return 0;
    case TFL_UINT8: *out = TTM_T_UINT8; return 0;
    case TFL_INT64: *out = TTM_T_INT64; return 0;
    case TFL_INT16: *out = TTM_T_INT16; return 0;
    case TFL_INT8: *out = TTM_T_INT8; return 0;
    default: {
        char tmp[24];
        return fb_fail(&r->fb, off, "Tensor[%u]: type %s (%u) unsupported (expected FLOAT32, INT8, INT16, INT32, "
                       "INT64 or UINT8)", i, tflite_type_name(tfl, tmp), tfl);
    }
    }
}

static int read_quant(rd *r, const fb_table *tt, uint32_t i, tt_gtensor *t)
{
    fb_table q;
    int present;
    const char *w = at(r, "Tensor[%u].quantization", i);
    if (fb_sub(&r->fb, tt, 4, w, &q, &present)) return -1;
    if (!present) return 0;
    uint32_t sp, sn, zp, zn;
    int32_t qdim;
    if (fb_vec(&r->fb, &q, 2, 4, w, &sp, &sn) || fb_vec(&r->fb, &q, 3, 8, w, &zp, &zn) ||
        fb_i32(&r->fb, &q, 6, 0, w, &qdim))
        return -1;
    if (sn == 0) return 0; /* min/max only: not quantised for us */
    if (zn != sn && zn != 0)
        return fb_fail(&r->fb, q.pos, "%s: %u zero points for %u scales (expected equal counts)", w, zn, sn);
    if (sn > 1 && (qdim < 0 || qdim >= t->ndim || (uint32_t)t->dims[qdim] != sn))
        return fb_fail(&r->fb, q.pos, "%s: %u scales but quantized_dimension %d has size %d", w, sn, qdim,
                       qdim >= 0 && qdim < t->ndim ? t->dims[qdim] : -1);
    t->scales = malloc(4u * sn);
    t->zps = calloc(sn, 4);
    if (!t->scales || !t->zps) return fb_fail(&r->fb, 0, "out of memory");
    for (uint32_t k = 0; k < sn; k++) {
        t->scales[k] = fb_read_f32(&r->fb, sp + 4 * k);
        int64_t z = zn ? fb_read_i64(&r->fb, zp + 8 * k) : 0;
        if (!(t->scales[k] > 0.0f) || z < -32768 || z > 65535)
            return fb_fail(&r->fb, sp + 4 * k, "%s: scale %g / zero point %lld (expected scale > 0, small zero point)",
                           w, (double)t->scales[k], (long long)z);
        t->zps[k] = (int32_t)z;
    }
    t->nq = sn;
    t->qdim = (uint8_t)(sn > 1 ? qdim : 0);
    return 0;
}

static int read_buffer(rd *r, uint32_t i, uint32_t b, tt_gtensor *t)
{
    if (b == 0) return 0; /* buffer 0 is the schema's empty sentinel */
    if (b >= r->n_buffers)
        return fb_fail(&r->fb, 0, "Tensor[%u]: buffer %u out of range (expected < %u buffers)", i, b, r->n_buffers);
    fb_table bt;
    const char *w = at(r, "Buffer[%u]", b);
    uint32_t dp, dn;
    uint64_t off, size;
    if (fb_vec_table(&r->fb, r->buffers_pos, b, w, &bt) || fb_vec(&r->fb, &bt, 0, 1, w, &dp, &dn) ||
        fb_u64(&r->fb, &bt, 1, 0, w, &off) || fb_u64(&r->fb, &bt, 2, 0, w, &size))
        return -1;
    if (!dn && off > 1) { /* data stored after the flatbuffer (large models) */
        if (off > r->fb.size || size > r->fb.size - off)
            return fb_fail(&r->fb, bt.pos, "%s: external data [%llu, +%llu) outside the file", w,
                           (unsigned long long)off, (unsigned long long)size);
        dp = (uint32_t)off;
        dn = (uint32_t)size;
    }
    if (!dn) return 0;
    if (dn != t->data_bytes)
        return fb_fail(&r->fb, dp, "Tensor[%u]: buffer %u holds %u bytes (expected %u for its shape and type)",
                       i, b, dn, t->data_bytes);
    t->data = r->fb.buf + dp;
    t->is_const = 1;
    return 0;
}

static int read_tensor(rd *r, uint32_t vec, uint32_t i, tt_gtensor *t)
{
    fb_table tt;
    const char *w = at(r, "Tensor[%u]", i);
    uint32_t sp, sn, buffer;
    uint8_t type;
    const char *name;
    uint32_t name_len;
    if (fb_vec_table(&r->fb, vec, i, w, &tt) || fb_vec(&r->fb, &tt, 0, 4, w, &sp, &sn) ||
        fb_u8(&r->fb, &tt, 1, 0, w, &type) || fb_u32(&r->fb, &tt, 2, 0, w, &buffer) ||
        fb_str(&r->fb, &tt, 3, w, &name, &name_len))
        return -1;
    if (sn > TTM_MAX_DIMS)
        return fb_fail(&r->fb, sp, "Tensor[%u]: rank %u (expected at most 4)", i, sn);
    t->ndim = (uint8_t)sn;
    uint64_t n = 1;
    for (uint32_t d = 0; d < sn; d++) {
        int32_t v = fb_read_i32(&r->fb, sp + 4 * d);
        if (v == -1 && d == 0) v = 1; /* dynamic batch runs as 1 */
        if (v < 1 || v > (1 << 24))
            return fb_fail(&r->fb, sp + 4 * d, "Tensor[%u]: dimension %u is %d (expected 1..2^24)", i, d, v);
        t->dims[d] = v;
        if (!tt_mul_u64(n, (uint64_t)v, &n)) n = UINT64_MAX; /* 4 x 2^24 would wrap */
    }
    if (map_type(r, type, i, tt.pos, &t->type)) return -1;
    if (!tt_mul_u64(n, tt_type_size(t->type), &n)) n = UINT64_MAX;
    if (n > 0x7fffffffu) return fb_fail(&r->fb, sp, "Tensor[%u]: %llu bytes (expected < 2 GiB)", i, (unsigned long long)n);
    t->data_bytes = (uint32_t)n;
    t->name = malloc(name_len + 1u);
    if (!t->name) return fb_fail(&r->fb, 0, "out of memory");
    memcpy(t->name, name, name_len);
    t->name[name_len] = 0;
    fb_table sparsity;
    int sparse;
    if (fb_sub(&r->fb, &tt, 6, w, &sparsity, &sparse)) return -1;
    if (sparse) return fb_fail(&r->fb, tt.pos, "Tensor[%u]: sparse tensors are not supported (expected dense)", i);
    return read_quant(r, &tt, i, t) || read_buffer(r, i, buffer, t) ? -1 : 0;
}

static int read_index_vec(rd *r, const fb_table *t, unsigned f, const char *w, int32_t *out, uint32_t max,
                          uint32_t *n, int allow_absent)
{
    uint32_t pos, len;
    if (fb_vec(&r->fb, t, f, 4, w, &pos, &len)) return -1;
    if (len > max) return fb_fail(&r->fb, pos, "%s: %u tensor indices (expected at most %u)", w, len, max);
    for (uint32_t k = 0; k < len; k++) {
        out[k] = fb_read_i32(&r->fb, pos + 4 * k);
        if (out[k] < (allow_absent ? -1 : 0) || out[k] >= (int32_t)r->g->nt)
            return fb_fail(&r->fb, pos + 4 * k, "%s: tensor index %d (expected 0..%u)", w, out[k], r->g->nt - 1);
    }
    *n = len;
    return 0;
}

/* Options tables (schema field numbers):
 *   Conv2DOptions: 0 padding, 1 stride_w, 2 stride_h, 3 fused_activation_function,
 *                  4 dilation_w_factor, 5 dilation_h_factor
 *   DepthwiseConv2DOptions: 0 padding, 1 stride_w, 2 stride_h, 3 depth_multiplier,
 *                  4 fused_activation_function, 5 dilation_w_factor, 6 dilation_h_factor
 *   Pool2DOptions: 0 padding, 1 stride_w, 2 stride_h, 3 filter_width, 4 filter_height,
 *                  5 fused_activation_function
 *   FullyConnectedOptions: 0 fused_activation_function, 1 weights_format
 *   AddOptions / MulOptions / SubOptions: 0 fused_activation_function
 *   ResizeBilinearOptions: 2 align_corners, 3 half_pixel_centers (bools)
 *   DivOptions: 0 fused_activation_function
 *   PackOptions / UnpackOptions: 0 values_count / num, 1 axis
 *   ConcatenationOptions: 0 axis, 1 fused_activation_function
 *   SoftmaxOptions: 0 beta */
static int read_options(rd *r, const fb_table *opt, int present, uint32_t k, tt_gop *o)
{
    fb_ctx *c = &r->fb;
    const char *w = at(r, "Operator[%u].builtin_options", k);
    fb_table empty = { 0, 0, 4, 4 };
    const fb_table *t = present ? opt : &empty; /* absent table: all defaults */
    uint8_t padding = 0, act = 0, fmt = 0;
    o->dil_w = o->dil_h = 1;
    o->beta = 1.0f;
    if (!present && o->code != TTM_OP_CONV_2D && o->code != TTM_OP_DEPTHWISE_CONV_2D &&
        o->code != TTM_OP_AVERAGE_POOL_2D && o->code != TTM_OP_MAX_POOL_2D)
        return 0;
    if (!present)
        return fb_fail(c, 0, "Operator[%u] (%s): builtin_options missing (expected strides and padding)", k,
                       tt_op_name(o->code));
    switch (o->code) {
    case TTM_OP_CONV_2D:
        if (fb_u8(c, t, 0, 0, w, &padding) || fb_i32(c, t, 1, 0, w, &o->stride_w) ||
            fb_i32(c, t, 2, 0, w, &o->stride_h) || fb_u8(c, t, 3, 0, w, &act) ||
            fb_i32(c, t, 4, 1, w, &o->dil_w) || fb_i32(c, t, 5, 1, w, &o->dil_h)) return -1;
        break;
    case TTM_OP_DEPTHWISE_CONV_2D:
        if (fb_u8(c, t, 0, 0, w, &padding) || fb_i32(c, t, 1, 0, w, &o->stride_w) ||
            fb_i32(c, t, 2, 0, w, &o->stride_h) || fb_i32(c, t, 3, 0, w, &o->depth_mult) ||
            fb_u8(c, t, 4, 0, w, &act) || fb_i32(c, t, 5, 1, w, &o->dil_w) ||
            fb_i32(c, t, 6, 1, w, &o->dil_h)) return -1;
        break;
    case TTM_OP_AVERAGE_POOL_2D: case TTM_OP_MAX_POOL_2D:
        if (fb_u8(c, t, 0, 0, w, &padding) || fb_i32(c, t, 1, 0, w, &o->stride_w) ||
            fb_i32(c, t, 2, 0, w, &o->stride_h) || fb_i32(c, t, 3, 0, w, &o->filter_w) ||
            fb_i32(c, t, 4, 0, w, &o->filter_h) || fb_u8(c, t, 5, 0, w, &act)) return -1;
        break;
    case TTM_OP_FULLY_CONNECTED:
        if (fb_u8(c, t, 0, 0, w, &act) || fb_u8(c, t, 1, 0, w, &fmt)) return -1;
        if (fmt != 0) return fb_fail(c, t->pos, "%s: weights_format %u (expected DEFAULT)", w, fmt);
        break;
    case TTM_OP_ADD: case TTM_OP_MUL: case TTM_OP_SUB: case TTM_OP_DIV:
        if (fb_u8(c, t, 0, 0, w, &act)) return -1;
        break;
    case TTM_OP_RESIZE_BILINEAR: {
        uint8_t ac = 0, hp = 0;
        if (fb_u8(c, t, 2, 0, w, &ac) || fb_u8(c, t, 3, 0, w, &hp)) return -1;
        o->align_corners = ac != 0;
        o->half_pixel = hp != 0;
        break;
    }
    case TTM_OP_PACK: case TTM_OP_UNPACK:
        if (fb_i32(c, t, 1, 0, w, &o->axis)) return -1;
        break;
    case TTM_OP_CONCATENATION:
        if (fb_i32(c, t, 0, 0, w, &o->axis) || fb_u8(c, t, 1, 0, w, &act)) return -1;
        break;
    case TTM_OP_SOFTMAX:
        if (fb_f32(c, t, 0, 1.0f, w, &o->beta)) return -1;
        break;
    default:
        break;
    }
    if (padding > 1) return fb_fail(c, t->pos, "%s: padding %u (expected SAME or VALID)", w, padding);
    if (act > 3)
        return fb_fail(c, t->pos, "%s: fused activation %u unsupported (expected NONE, RELU, RELU_N1_TO_1, RELU6)",
                       w, act);
    o->padding = padding;
    o->act = act;
    return 0;
}

/* The operator's ttemu code, or a one-line error naming it: the builtin by
 * name, a CUSTOM operator by its custom_code (ethos-u, TFLite_Detection_
 * PostProcess, ...). */
static int op_code(rd *r, uint32_t k, const fb_table *ot, uint32_t opcode, uint16_t *out)
{
    if (opcode >= r->n_opcodes)
        return fb_fail(&r->fb, ot->pos, "Operator[%u]: opcode_index %u (expected < %u operator codes)", k, opcode,
                       r->n_opcodes);
    int32_t code = r->opcodes[opcode];
    for (size_t i = 0; i < sizeof op_map / sizeof op_map[0]; i++)
        if (op_map[i].tfl == code) { *out = op_map[i].ttm; return 0; }
    if (code == 32) {
        int n = r->custom[opcode].len > 64 ? 64 : (int)r->custom[opcode].len;
        return fb_fail(&r->fb, ot->pos, "Operator[%u]: unsupported operator CUSTOM \"%.*s\" (builtin code 32)", k, n,
                       n ? (const char *)r->fb.buf + r->custom[opcode].pos : "");
    }
    char tmp[24];
    return fb_fail(&r->fb, ot->pos, "Operator[%u]: unsupported operator %s (builtin code %d)", k,
                   tflite_builtin_name(code, tmp), code);
}

/* Before any tensor is read: a model with an operator we do not run is
 * refused naming that operator, not a tensor only it would have used. */
static int check_op_codes(rd *r, uint32_t vec, uint32_t n)
{
    for (uint32_t k = 0; k < n; k++) {
        fb_table ot;
        uint32_t opcode;
        uint16_t code;
        const char *w = at(r, "Operator[%u]", k);
        if (fb_vec_table(&r->fb, vec, k, w, &ot) || fb_u32(&r->fb, &ot, 0, 0, w, &opcode) ||
            op_code(r, k, &ot, opcode, &code))
            return -1;
    }
    return 0;
}

static int read_operator(rd *r, uint32_t vec, uint32_t k, tt_gop *o)
{
    fb_table ot, opt;
    const char *w = at(r, "Operator[%u]", k);
    uint32_t opcode, n_in, n_out;
    int present;
    if (fb_vec_table(&r->fb, vec, k, w, &ot) || fb_u32(&r->fb, &ot, 0, 0, w, &opcode) ||
        op_code(r, k, &ot, opcode, &o->code))
        return -1;
    o->src_index = (int32_t)k;
    if (read_index_vec(r, &ot, 1, at(r, "Operator[%u].inputs", k), o->io, TTM_MAX_OP_IO, &n_in, 1)) return -1;
    if (read_index_vec(r, &ot, 2, at(r, "Operator[%u].outputs", k), o->io + n_in, TTM_MAX_OP_IO - n_in, &n_out, 0))
        return -1;
    if (n_out < 1) return fb_fail(&r->fb, ot.pos, "Operator[%u]: no outputs (expected at least one)", k);
    o->n_in = (uint8_t)n_in;
    o->n_out = (uint8_t)n_out;
    w = at(r, "Operator[%u]", k);
    if (fb_sub(&r->fb, &ot, 4, w, &opt, &present)) return -1;
    return read_options(r, &opt, present, k, o);
}

static int read_subgraph(rd *r, const fb_table *model)
{
    uint32_t sgp, sgn, tp, tn, op, on;
    fb_table sg;
    if (fb_vec(&r->fb, model, 2, 4, "Model.subgraphs", &sgp, &sgn)) return -1;
    if (sgn != 1) return fb_fail(&r->fb, sgp, "Model.subgraphs: %u subgraphs (expected exactly 1)", sgn);
    if (fb_vec_table(&r->fb, sgp, 0, "SubGraph[0]", &sg) || fb_vec(&r->fb, &sg, 0, 4, "SubGraph[0].tensors", &tp, &tn) ||
        fb_vec(&r->fb, &sg, 3, 4, "SubGraph[0].operators", &op, &on))
        return -1;
    if (check_op_codes(r, op, on)) return -1;
    tt_graph *g = r->g;
    g->t = calloc(tn ? tn : 1, sizeof *g->t);
    g->ops = calloc(on ? on : 1, sizeof *g->ops);
    if (!g->t || !g->ops) return fb_fail(&r->fb, 0, "out of memory");
    g->nt = tn;
    for (uint32_t i = 0; i < tn; i++)
        if (read_tensor(r, tp, i, &g->t[i])) return -1;
    g->nops = on;
    for (uint32_t k = 0; k < on; k++)
        if (read_operator(r, op, k, &g->ops[k])) return -1;
    if (read_index_vec(r, &sg, 1, "SubGraph[0].inputs", g->inputs, 8, &g->n_inputs, 0) ||
        read_index_vec(r, &sg, 2, "SubGraph[0].outputs", g->outputs, 8, &g->n_outputs, 0))
        return -1;
    if (!g->n_inputs || !g->n_outputs)
        return fb_fail(&r->fb, sg.pos, "SubGraph[0]: %u inputs, %u outputs (expected at least one of each)",
                       g->n_inputs, g->n_outputs);
    return 0;
}

int tflite_read(const uint8_t *buf, uint32_t size, tt_graph *g, char *err, size_t errlen)
{
    rd r = { .g = g };
    fb_table model;
    uint32_t version;
    memset(g, 0, sizeof *g);
    r.fb.buf = buf;
    r.fb.size = size;
    int rc = -1;
    if (size >= 8 && memcmp(buf + 4, "TFL3", 4) != 0) {
        fb_fail(&r.fb, 4, "file identifier is not \"TFL3\" (expected a .tflite flatbuffer)");
        goto out;
    }
    if (fb_root(&r.fb, &model) || fb_u32(&r.fb, &model, 0, 0, "Model", &version)) goto out;
    if (version != 3) { fb_fail(&r.fb, model.pos, "Model.version %u (expected schema version 3)", version); goto out; }
    if (fb_vec(&r.fb, &model, 4, 4, "Model.buffers", &r.buffers_pos, &r.n_buffers)) goto out;
    if (read_opcodes(&r, &model) || read_subgraph(&r, &model)) goto out;
    if (tt_graph_uint8_to_int8(g, r.fb.err, sizeof r.fb.err)) goto out;
    rc = 0;
out:
    free(r.opcodes);
    free(r.custom);
    if (rc) {
        snprintf(err, errlen, "%s", r.fb.err[0] ? r.fb.err : "unreadable .tflite");
        tt_graph_free(g);
    }
    return rc;
}
