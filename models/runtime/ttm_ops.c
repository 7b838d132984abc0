/* Each operator twice: a check run once by tt_model_open (shapes, types,
 * parameter sizes and ranges, so the kernels may trust their arguments) and
 * the call into the kernel at invoke time. */
#include <string.h>
#include "models/runtime/ttm.h"
#include "models/runtime/ttm_internal.h"
#include "models/runtime/tt_kernels.h"

typedef struct {
    const tt_model *m;
    uint32_t k, at;
    const ttm_op_rec *o;
    tt_status *st;
} chk;

static int bad(const chk *c, const char *what)
{
    return tt_fail(c->st, "operator", (int32_t)c->k, c->at, what);
}

static const ttm_tensor_rec *in_t(const tt_model *m, uint32_t k, unsigned j)
{
    int32_t t = tt_op_input(m, k, j);
    return t >= 0 ? &m->tensors[t] : NULL;
}

static const ttm_tensor_rec *out_t(const tt_model *m, uint32_t k, unsigned j)
{
    int32_t t = tt_op_output(m, k, j);
    return t >= 0 ? &m->tensors[t] : NULL;
}

static tt_shape4 shape4(const ttm_tensor_rec *t)
{
    tt_shape4 s = { t->dims[0], t->dims[1], t->dims[2], t->dims[3] };
    return s;
}

static const int32_t *params_i32(const tt_model *m, const ttm_op_rec *o)
{
    return (const int32_t *)(const void *)(m->blob + o->params_off);
}

static int is_s8_4d(const ttm_tensor_rec *t)
{
    return t && t->type == TTM_T_INT8 && t->ndim == 4;
}

static int zp_ok(const ttm_tensor_rec *t)
{
    return t->zero_point >= -128 && t->zero_point <= 127;
}

/* zero point within the tensor's own 8-bit range */
static int q8_zp_ok(const ttm_tensor_rec *t)
{
    return t->type == TTM_T_UINT8 ? t->zero_point >= 0 && t->zero_point <= 255 : zp_ok(t);
}

static int act_ok(const ttm_op_rec *o)
{
    int32_t lo = o->opt[TTM_O_ACT_MIN], hi = o->opt[TTM_O_ACT_MAX];
    return lo >= -128 && lo <= hi && hi <= 127;
}

/* n (mult, shift) pairs stored as mult[n] then shift[n]. max_shift bounds the
 * headroom a kernel relies on (ADD needs multipliers below one). */
static int mults_ok(const chk *c, uint32_t n, int32_t max_shift)
{
    if (c->o->params_bytes < n * 8u) return 0;
    const int32_t *p = params_i32(c->m, c->o);
    for (uint32_t i = 0; i < n; i++)
        if (p[i] < 0 || p[n + i] < -31 || p[n + i] > max_shift) return 0;
    return 1;
}

static int check_conv(const chk *c)
{
    const tt_model *m = c->m;
    const ttm_op_rec *o = c->o;
    const ttm_tensor_rec *in = in_t(m, c->k, 0), *f = in_t(m, c->k, 1), *b = in_t(m, c->k, 2);
    const ttm_tensor_rec *out = out_t(m, c->k, 0);
    const int dw = o->code == TTM_OP_DEPTHWISE_CONV_2D;
    if (o->n_in != 3 || o->n_out != 1) return bad(c, "3 inputs and 1 output");
    if (!is_s8_4d(in) || !is_s8_4d(f) || !is_s8_4d(out)) return bad(c, "int8 4-D input, filter and output");
    if (f->kind != TTM_K_CONST) return bad(c, "a constant filter");
    if (in->dims[0] != out->dims[0]) return bad(c, "equal batch sizes");
    int32_t cout = out->dims[3];
    if (dw ? (f->dims[0] != 1 || f->dims[3] != cout || o->opt[TTM_O_DEPTH_MULT] < 1 ||
              (int64_t)in->dims[3] * o->opt[TTM_O_DEPTH_MULT] != cout)
           : (f->dims[3] != in->dims[3] || f->dims[0] != cout))
        return bad(c, "filter channels matching input and output channels");
    if ((int64_t)f->dims[1] * f->dims[2] * (dw ? 1 : f->dims[3]) > 32768)
        return bad(c, "at most 32768 MACs per output (int32 headroom)");
    if (b && (b->type != TTM_T_INT32 || b->kind != TTM_K_CONST || tt_tensor_elems(b) != (uint32_t)cout))
        return bad(c, "a constant int32 bias with one value per output channel");
    for (int j = TTM_O_STRIDE_W; j <= TTM_O_DIL_H; j++)
        if (o->opt[j] < 1 || o->opt[j] > 1024) return bad(c, "strides and dilations in 1..1024");
    if (o->opt[TTM_O_PAD_W] < 0 || o->opt[TTM_O_PAD_W] > 1024 ||
        o->opt[TTM_O_PAD_H] < 0 || o->opt[TTM_O_PAD_H] > 1024) return bad(c, "padding in 0..1024");
    if (!act_ok(o) || !zp_ok(in) || !zp_ok(out)) return bad(c, "int8 zero points and activation range");
    if (!zp_ok(f) || (f->nq > 1 && f->zero_point))
        return bad(c, "a filter zero point in -128..127 (0 when per channel)");
    if (!mults_ok(c, o->opt[TTM_O_PER_CHANNEL] ? (uint32_t)cout : 1u, 30))
        return bad(c, "requantisation multipliers >= 0 and shifts in -31..30 for each channel");
    return 0;
}

static int check_fc(const chk *c)
{
    const tt_model *m = c->m;
    const ttm_op_rec *o = c->o;
    const ttm_tensor_rec *in = in_t(m, c->k, 0), *w = in_t(m, c->k, 1), *b = in_t(m, c->k, 2);
    const ttm_tensor_rec *out = out_t(m, c->k, 0);
    if (o->n_in != 3 || o->n_out != 1) return bad(c, "3 inputs and 1 output");
    if (!in || !w || !out || in->type != TTM_T_INT8 || w->type != TTM_T_INT8 || out->type != TTM_T_INT8 ||
        w->ndim != 2 || w->kind != TTM_K_CONST)
        return bad(c, "int8 input and output, constant int8 2-D weights");
    int32_t units = w->dims[0], depth = w->dims[1];
    if (depth > 32768) return bad(c, "at most 32768 inputs per unit (int32 headroom)");
    uint32_t n = tt_tensor_elems(in);
    if (n % (uint32_t)depth || tt_tensor_elems(out) != n / (uint32_t)depth * (uint32_t)units)
        return bad(c, "input a multiple of the weight depth, output batches x units");
    if (b && (b->type != TTM_T_INT32 || b->kind != TTM_K_CONST || tt_tensor_elems(b) != (uint32_t)units))
        return bad(c, "a constant int32 bias with one value per unit");
    if (!act_ok(o) || !zp_ok(in) || !zp_ok(out)) return bad(c, "int8 zero points and activation range");
    if (!zp_ok(w) || (w->nq > 1 && w->zero_point))
        return bad(c, "a weight zero point in -128..127 (0 when per channel)");
    if (!mults_ok(c, o->opt[TTM_O_PER_CHANNEL] ? (uint32_t)units : 1u, 30))
        return bad(c, "requantisation multipliers >= 0 and shifts in -31..30");
    return 0;
}

static int check_binary(const chk *c)
{
    const ttm_op_rec *o = c->o;
    const ttm_tensor_rec *a = in_t(c->m, c->k, 0), *b = in_t(c->m, c->k, 1), *out = out_t(c->m, c->k, 0);
    if (o->n_in != 2 || o->n_out != 1 || !a || !b) return bad(c, "2 inputs and 1 output");
    if (a->type != TTM_T_INT8 || b->type != TTM_T_INT8 || out->type != TTM_T_INT8)
        return bad(c, "int8 inputs and output");
    uint32_t n = tt_tensor_elems(out), na = tt_tensor_elems(a), nb = tt_tensor_elems(b);
    if ((na != n && na != 1) || (nb != n && nb != 1)) return bad(c, "inputs of the output's size (or one value)");
    if (!act_ok(o) || !zp_ok(a) || !zp_ok(b) || !zp_ok(out)) return bad(c, "int8 zero points and activation range");
    if (o->code == TTM_OP_ADD) {
        if (o->opt[TTM_O_LEFT_SHIFT] < 0 || o->opt[TTM_O_LEFT_SHIFT] > 20) return bad(c, "a left shift in 0..20");
        if (!mults_ok(c, 3, 0)) return bad(c, "3 multipliers below one (shifts -31..0)");
    } else if (!mults_ok(c, 1, 30)) {
        return bad(c, "a multiplier >= 0 with shift in -31..30");
    }
    return 0;
}

static int check_pad(const chk *c)
{
    const ttm_op_rec *o = c->o;
    const ttm_tensor_rec *in = in_t(c->m, c->k, 0), *out = out_t(c->m, c->k, 0);
    if (o->n_out != 1 || !in || in->type != out->type || in->ndim != 4 || out->ndim != 4)
        return bad(c, "4-D input and output of one type");
    if (tt_type_size(in->type) != 1 && tt_type_size(in->type) != 4) return bad(c, "1- or 4-byte elements");
    for (int d = 0; d < 4; d++) {
        int32_t pb = o->opt[TTM_O_PAD_BEFORE0 + d], pa = o->opt[TTM_O_PAD_AFTER0 + d];
        if (pb < 0 || pa < 0 || (int64_t)in->dims[d] + pb + pa != out->dims[d])
            return bad(c, "non-negative padding with output = input + before + after");
    }
    if (!zp_ok(out)) return bad(c, "an int8 output zero point");
    return 0;
}

static int check_same_size(const chk *c)
{
    const ttm_op_rec *o = c->o;
    const ttm_tensor_rec *in = in_t(c->m, c->k, 0), *out = out_t(c->m, c->k, 0);
    if (o->n_out != 1 || !in) return bad(c, "an input and 1 output");
    if (tt_tensor_elems(in) != tt_tensor_elems(out)) return bad(c, "input and output of equal element counts");
    switch (o->code) {
    case TTM_OP_RESHAPE:
        if (in->bytes != out->bytes) return bad(c, "input and output of equal byte sizes");
        return 0;
    case TTM_OP_LOGISTIC: case TTM_OP_TANH: case TTM_OP_HARD_SWISH:
        if (in->type != TTM_T_INT8 || out->type != TTM_T_INT8 || o->params_bytes < 256)
            return bad(c, "int8 input and output and a 256-byte table");
        return 0;
    case TTM_OP_DEQUANTIZE:
        if (in->type != TTM_T_INT8 || out->type != TTM_T_FLOAT32) return bad(c, "int8 in, float32 out");
        return 0;
    case TTM_OP_QUANTIZE:
        if (in->type == TTM_T_FLOAT32) {
            if (out->type != TTM_T_INT8 || !zp_ok(out)) return bad(c, "an int8 output from float32");
            return 0;
        }
        if ((in->type != TTM_T_INT8 && in->type != TTM_T_UINT8) ||
            (out->type != TTM_T_INT8 && out->type != TTM_T_UINT8) || !q8_zp_ok(in) || !q8_zp_ok(out) ||
            !mults_ok(c, 1, 30))
            return bad(c, "float32 input, or int8/uint8 input and output with a multiplier");
        return 0;
    case TTM_OP_RELU: case TTM_OP_RELU6: case TTM_OP_RELU_N1_TO_1:
        if (in->type != TTM_T_INT8 || out->type != TTM_T_INT8 || !zp_ok(in) || !zp_ok(out) || !act_ok(o) ||
            !mults_ok(c, 1, 30))
            return bad(c, "int8 input and output, an int8 activation range and a multiplier");
        return 0;
    case TTM_OP_SOFTMAX:
        if (in->type != TTM_T_INT8 || out->type != TTM_T_INT8 || in->ndim < 1 || o->params_bytes < 1024 ||
            !zp_ok(out))
            return bad(c, "int8 input and output and a 256-float table");
        return 0;
    default:
        return bad(c, "a known operator");
    }
}

static int check_pool_mean(const chk *c)
{
    const ttm_op_rec *o = c->o;
    const ttm_tensor_rec *in = in_t(c->m, c->k, 0), *out = out_t(c->m, c->k, 0);
    if (o->n_out != 1 || !is_s8_4d(in) || !out || out->type != TTM_T_INT8)
        return bad(c, "int8 4-D input and int8 output");
    if (!zp_ok(in) || !zp_ok(out)) return bad(c, "int8 zero points");
    if (o->code == TTM_OP_MEAN) {
        if (tt_tensor_elems(out) != (uint32_t)(in->dims[0] * in->dims[3]) ||
            (int64_t)in->dims[1] * in->dims[2] > (1 << 23))
            return bad(c, "MEAN over H and W: output batches x channels");
        if (!mults_ok(c, 1, 30)) return bad(c, "a multiplier >= 0 with shift in -31..30");
        return 0;
    }
    if (out->ndim != 4 || out->dims[0] != in->dims[0] || out->dims[3] != in->dims[3])
        return bad(c, "4-D output with the input's batches and channels");
    for (int j = TTM_O_STRIDE_W; j <= TTM_O_STRIDE_H; j++)
        if (o->opt[j] < 1 || o->opt[j] > 1024) return bad(c, "strides in 1..1024");
    if (o->opt[TTM_O_FILTER_W] < 1 || o->opt[TTM_O_FILTER_H] < 1 ||
        (int64_t)o->opt[TTM_O_FILTER_W] * o->opt[TTM_O_FILTER_H] > (1 << 16))
        return bad(c, "a filter of 1..65536 pixels");
    if ((uint32_t)o->opt[TTM_O_POOL_HALF_UP] > 1u)
        return bad(c, "a pool rounding flag of 0 or 1");
    if (o->opt[TTM_O_PAD_W] < 0 || o->opt[TTM_O_PAD_W] > 1024 || o->opt[TTM_O_PAD_H] < 0 ||
        o->opt[TTM_O_PAD_H] > 1024 || !act_ok(o))
        return bad(c, "padding in 0..1024 and an int8 activation range");
    return 0;
}

static int check_concat(const chk *c)
{
    const ttm_op_rec *o = c->o;
    const ttm_tensor_rec *out = out_t(c->m, c->k, 0);
    int32_t axis = o->opt[TTM_O_AXIS];
    if (o->n_out != 1 || o->n_in < 1 || axis < 0 || axis >= out->ndim) return bad(c, "inputs, 1 output, axis in range");
    int64_t sum = 0;
    for (unsigned j = 0; j < o->n_in; j++) {
        const ttm_tensor_rec *t = in_t(c->m, c->k, j);
        if (!t || t->type != out->type || t->ndim != out->ndim) return bad(c, "inputs of the output's type and rank");
        for (int d = 0; d < out->ndim; d++)
            if (d != axis && t->dims[d] != out->dims[d]) return bad(c, "inputs equal to the output off the axis");
        sum += t->dims[axis];
    }
    if (sum != out->dims[axis]) return bad(c, "input sizes along the axis adding up to the output's");
    return 0;
}

int tt_check_op(const tt_model *m, uint32_t k, tt_status *st)
{
    chk c = { m, k, m->hdr->ops_off + k * (uint32_t)sizeof(ttm_op_rec), &m->ops[k], st };
    switch (c.o->code) {
    case TTM_OP_CONV_2D: case TTM_OP_DEPTHWISE_CONV_2D: return check_conv(&c);
    case TTM_OP_FULLY_CONNECTED: return check_fc(&c);
    case TTM_OP_ADD: case TTM_OP_MUL: return check_binary(&c);
    case TTM_OP_PAD: return check_pad(&c);
    case TTM_OP_MEAN: case TTM_OP_AVERAGE_POOL_2D: case TTM_OP_MAX_POOL_2D: return check_pool_mean(&c);
    case TTM_OP_CONCATENATION: return check_concat(&c);
    default: return check_same_size(&c);
    }
}

/* ---- invocation ---- */

static void conv_params(const tt_model *m, const ttm_op_rec *o, const ttm_tensor_rec *in,
                        const ttm_tensor_rec *f, const ttm_tensor_rec *out, uint32_t nq, tt_conv_params *p)
{
    p->filter_offset = -f->zero_point;
    const int32_t *pr = params_i32(m, o);
    p->stride_w = o->opt[TTM_O_STRIDE_W]; p->stride_h = o->opt[TTM_O_STRIDE_H];
    p->dil_w = o->opt[TTM_O_DIL_W]; p->dil_h = o->opt[TTM_O_DIL_H];
    p->pad_w = o->opt[TTM_O_PAD_W]; p->pad_h = o->opt[TTM_O_PAD_H];
    p->depth_mult = o->opt[TTM_O_DEPTH_MULT];
    p->in_offset = -in->zero_point; p->out_offset = out->zero_point;
    p->act_min = o->opt[TTM_O_ACT_MIN]; p->act_max = o->opt[TTM_O_ACT_MAX];
    p->per_channel = o->opt[TTM_O_PER_CHANNEL] != 0;
    p->mult = pr; p->shift = pr + (p->per_channel ? nq : 1);
}

static void run_conv(const tt_model *m, uint8_t *arena, uint32_t k)
{
    const ttm_op_rec *o = &m->ops[k];
    const ttm_tensor_rec *in = in_t(m, k, 0), *f = in_t(m, k, 1), *out = out_t(m, k, 0);
    tt_conv_params p;
    conv_params(m, o, in, f, out, (uint32_t)out->dims[3], &p);
    const int8_t *x = tt_tensor_ptr(m, arena, tt_op_input(m, k, 0));
    const int8_t *w = tt_tensor_ptr(m, arena, tt_op_input(m, k, 1));
    const int32_t *b = tt_tensor_ptr(m, arena, tt_op_input(m, k, 2));
    int8_t *y = tt_tensor_ptr(m, arena, tt_op_output(m, k, 0));
    if (o->code == TTM_OP_CONV_2D)
        tt_conv2d_s8(&p, shape4(in), x, shape4(f), w, b, shape4(out), y);
    else
        tt_dwconv2d_s8(&p, shape4(in), x, shape4(f), w, b, shape4(out), y);
}

static void run_fc(const tt_model *m, uint8_t *arena, uint32_t k)
{
    const ttm_op_rec *o = &m->ops[k];
    const ttm_tensor_rec *in = in_t(m, k, 0), *w = in_t(m, k, 1), *out = out_t(m, k, 0);
    tt_conv_params p;
    conv_params(m, o, in, w, out, (uint32_t)w->dims[0], &p);
    int32_t depth = w->dims[1];
    tt_fully_connected_s8(&p, (int32_t)(tt_tensor_elems(in) / (uint32_t)depth), depth,
                          tt_tensor_ptr(m, arena, tt_op_input(m, k, 0)), w->dims[0],
                          tt_tensor_ptr(m, arena, tt_op_input(m, k, 1)),
                          tt_tensor_ptr(m, arena, tt_op_input(m, k, 2)),
                          tt_tensor_ptr(m, arena, tt_op_output(m, k, 0)));
}

static void run_binary(const tt_model *m, uint8_t *arena, uint32_t k)
{
    const ttm_op_rec *o = &m->ops[k];
    const ttm_tensor_rec *a = in_t(m, k, 0), *b = in_t(m, k, 1), *out = out_t(m, k, 0);
    const int32_t *pr = params_i32(m, o);
    const int8_t *x1 = tt_tensor_ptr(m, arena, tt_op_input(m, k, 0));
    const int8_t *x2 = tt_tensor_ptr(m, arena, tt_op_input(m, k, 1));
    int8_t *y = tt_tensor_ptr(m, arena, tt_op_output(m, k, 0));
    if (o->code == TTM_OP_ADD) {
        tt_add_params p = { -a->zero_point, -b->zero_point, out->zero_point,
                            pr[0], pr[3], pr[1], pr[4], pr[2], pr[5],
                            o->opt[TTM_O_LEFT_SHIFT], o->opt[TTM_O_ACT_MIN], o->opt[TTM_O_ACT_MAX] };
        tt_add_s8(&p, tt_tensor_elems(out), x1, tt_tensor_elems(a), x2, tt_tensor_elems(b), y);
    } else {
        tt_mul_params p = { -a->zero_point, -b->zero_point, out->zero_point, pr[0], pr[1],
                            o->opt[TTM_O_ACT_MIN], o->opt[TTM_O_ACT_MAX] };
        tt_mul_s8(&p, tt_tensor_elems(out), x1, tt_tensor_elems(a), x2, tt_tensor_elems(b), y);
    }
}

static void run_pool_mean(const tt_model *m, uint8_t *arena, uint32_t k)
{
    const ttm_op_rec *o = &m->ops[k];
    const ttm_tensor_rec *in = in_t(m, k, 0), *out = out_t(m, k, 0);
    const int8_t *x = tt_tensor_ptr(m, arena, tt_op_input(m, k, 0));
    int8_t *y = tt_tensor_ptr(m, arena, tt_op_output(m, k, 0));
    if (o->code == TTM_OP_MEAN) {
        const int32_t *pr = params_i32(m, o);
        if (o->opt[TTM_O_MEAN_FOLDED])
            tt_mean_hw_folded_s8(shape4(in), x, in->zero_point, out->zero_point, pr[0], pr[1], y);
        else
            tt_mean_hw_s8(shape4(in), x, in->zero_point, out->zero_point, pr[0], pr[1], y);
        return;
    }
    tt_pool_params p = { o->opt[TTM_O_STRIDE_W], o->opt[TTM_O_STRIDE_H], o->opt[TTM_O_FILTER_W],
                         o->opt[TTM_O_FILTER_H], o->opt[TTM_O_PAD_W], o->opt[TTM_O_PAD_H],
                         o->opt[TTM_O_ACT_MIN], o->opt[TTM_O_ACT_MAX], o->opt[TTM_O_POOL_HALF_UP] };
    if (o->code == TTM_OP_MAX_POOL_2D) tt_maxpool_s8(&p, shape4(in), x, shape4(out), y);
    else tt_avgpool_s8(&p, shape4(in), x, shape4(out), y);
}

static void run_concat(const tt_model *m, uint8_t *arena, uint32_t k)
{
    const ttm_op_rec *o = &m->ops[k];
    const ttm_tensor_rec *out = out_t(m, k, 0);
    const void *srcs[TTM_MAX_OP_IO];
    int32_t slab[TTM_MAX_OP_IO];
    int32_t axis = o->opt[TTM_O_AXIS], outer = 1, inner = (int32_t)tt_type_size(out->type);
    for (int d = 0; d < axis; d++) outer *= out->dims[d];
    for (int d = axis + 1; d < out->ndim; d++) inner *= out->dims[d];
    for (unsigned j = 0; j < o->n_in; j++) {
        srcs[j] = tt_tensor_ptr(m, arena, tt_op_input(m, k, j));
        slab[j] = in_t(m, k, j)->dims[axis] * inner;
    }
    tt_concat(o->n_in, srcs, slab, outer, tt_tensor_ptr(m, arena, tt_op_output(m, k, 0)));
}

static void run_unary(const tt_model *m, uint8_t *arena, uint32_t k)
{
    const ttm_op_rec *o = &m->ops[k];
    const ttm_tensor_rec *in = in_t(m, k, 0), *out = out_t(m, k, 0);
    const void *x = tt_tensor_ptr(m, arena, tt_op_input(m, k, 0));
    void *y = tt_tensor_ptr(m, arena, tt_op_output(m, k, 0));
    const uint8_t *pr = m->blob + o->params_off;
    uint32_t n = tt_tensor_elems(out);
    switch (o->code) {
    case TTM_OP_RESHAPE: memmove(y, x, out->bytes); break;
    case TTM_OP_LOGISTIC: case TTM_OP_TANH: case TTM_OP_HARD_SWISH:
        tt_lut_s8(n, x, (const int8_t *)pr, y); break;
    case TTM_OP_DEQUANTIZE: tt_dequantize_s8(n, x, in->scale, in->zero_point, y); break;
    case TTM_OP_RELU: case TTM_OP_RELU6: case TTM_OP_RELU_N1_TO_1:
        tt_relu_s8(n, x, in->zero_point, out->zero_point, params_i32(m, o)[0], params_i32(m, o)[1],
                   o->opt[TTM_O_ACT_MIN], o->opt[TTM_O_ACT_MAX], y);
        break;
    case TTM_OP_QUANTIZE:
        if (in->type == TTM_T_FLOAT32) tt_quantize_f32(n, x, out->scale, out->zero_point, y);
        else tt_requantize_8(n, x, in->type == TTM_T_UINT8, in->zero_point, out->zero_point,
                             params_i32(m, o)[0], params_i32(m, o)[1], y, out->type == TTM_T_UINT8);
        break;
    case TTM_OP_SOFTMAX: {
        int32_t depth = in->dims[in->ndim - 1];
        tt_softmax_s8((int32_t)(n / (uint32_t)depth), depth, x, (const float *)(const void *)pr,
                      out->scale, out->zero_point, y);
        break;
    }
    default: break;
    }
}

int tt_invoke_op(const tt_model *m, uint8_t *arena, uint32_t k, tt_status *st)
{
    const ttm_op_rec *o = &m->ops[k];
    switch (o->code) {
    case TTM_OP_CONV_2D: case TTM_OP_DEPTHWISE_CONV_2D: run_conv(m, arena, k); break;
    case TTM_OP_FULLY_CONNECTED: run_fc(m, arena, k); break;
    case TTM_OP_ADD: case TTM_OP_MUL: run_binary(m, arena, k); break;
    case TTM_OP_PAD: {
        const ttm_tensor_rec *in = in_t(m, k, 0), *out = out_t(m, k, 0);
        tt_pad(in->dims, &o->opt[TTM_O_PAD_BEFORE0], &o->opt[TTM_O_PAD_AFTER0],
               tt_tensor_ptr(m, arena, tt_op_input(m, k, 0)), tt_tensor_ptr(m, arena, tt_op_output(m, k, 0)),
               tt_type_size(in->type), out->type == TTM_T_INT8 ? out->zero_point : 0);
        break;
    }
    case TTM_OP_MEAN: case TTM_OP_AVERAGE_POOL_2D: case TTM_OP_MAX_POOL_2D: run_pool_mean(m, arena, k); break;
    case TTM_OP_CONCATENATION: run_concat(m, arena, k); break;
    case TTM_OP_RESHAPE: case TTM_OP_LOGISTIC: case TTM_OP_TANH: case TTM_OP_HARD_SWISH:
    case TTM_OP_DEQUANTIZE: case TTM_OP_QUANTIZE: case TTM_OP_SOFTMAX:
    case TTM_OP_RELU: case TTM_OP_RELU6: case TTM_OP_RELU_N1_TO_1: run_unary(m, arena, k); break;
    default: return tt_fail(st, "operator", (int32_t)k, 0, "a known operator code");
    }
    return 0;
}

int tt_invoke(const tt_model *m, uint8_t *arena, uint32_t arena_bytes,
              const tt_hooks *hooks, tt_status *st)
{
    if (arena_bytes < m->hdr->arena_bytes || (uintptr_t)arena % 4)
        return tt_fail(st, "arena", -1, arena_bytes, "a 4-byte aligned arena of the planned size");
    for (uint32_t k = 0; k < m->hdr->n_ops; k++) {
        if (hooks && hooks->before && hooks->before(hooks->user, m, arena, k))
            return tt_fail(st, "operator", (int32_t)k, 0, "the before-hook to continue");
        if (tt_invoke_op(m, arena, k, st)) return -1;
        if (hooks && hooks->after && hooks->after(hooks->user, m, arena, k))
            return tt_fail(st, "operator", (int32_t)k, 0, "the after-hook to continue");
    }
    return 0;
}
