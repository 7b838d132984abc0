/* TPU/CPU split and the layer shapes of the TPU segment. */
#include <stdio.h>

#include "devices/edgetpu_plan.h"
#include "models/runtime/ttm_stats.h"

/* Coral's "supported operations" list (coral.ai docs, Edge TPU model
 * requirements) restricted to the operators the .ttm runtime has.
 * DEQUANTIZE is not in it: a float output always runs on the CPU. */
int etpu_op_supported(unsigned code)
{
    switch (code) {
    case TTM_OP_CONV_2D: case TTM_OP_DEPTHWISE_CONV_2D: case TTM_OP_FULLY_CONNECTED:
    case TTM_OP_ADD: case TTM_OP_MUL: case TTM_OP_PAD: case TTM_OP_RESHAPE:
    case TTM_OP_CONCATENATION: case TTM_OP_MEAN: case TTM_OP_AVERAGE_POOL_2D:
    case TTM_OP_MAX_POOL_2D: case TTM_OP_SOFTMAX: case TTM_OP_LOGISTIC: case TTM_OP_TANH:
    case TTM_OP_HARD_SWISH: case TTM_OP_QUANTIZE: case TTM_OP_RELU: case TTM_OP_RELU6:
    case TTM_OP_RELU_N1_TO_1:
        return 1;
    default:
        return 0;
    }
}

/* NHWC (or [N, C]) dims of tensor t as h, w, c. */
static void hwc(const tt_model *m, int32_t t, uint32_t *h, uint32_t *w, uint32_t *c)
{
    const ttm_tensor_rec *r = &m->tensors[t];
    *h = *w = 1;
    *c = r->ndim ? (uint32_t)r->dims[r->ndim - 1] : 1;
    if (r->ndim == 4) { *h = (uint32_t)r->dims[1]; *w = (uint32_t)r->dims[2]; }
    if (r->ndim == 3) { *w = (uint32_t)r->dims[1]; }
}

static uint8_t clamp8(int32_t v) { return (uint8_t)(v < 1 ? 1 : v > 255 ? 255 : v); }

static void op_shape(const tt_model *m, uint32_t op, struct layer_shape *l)
{
    const ttm_op_rec *o = &m->ops[op];
    int32_t in = tt_op_input(m, op, 0), out = tt_op_output(m, op, 0);
    uint32_t ih = 1, iw = 1, ic = 1;
    if (in >= 0) hwc(m, in, &ih, &iw, &ic);
    hwc(m, out, &l->out_h, &l->out_w, &l->out_c);
    tt_op_cost cost;
    tt_op_stats(m, op, &cost);
    l->param_bytes = cost.weight_bytes;
    l->in_c = ic;
    l->k_h = l->k_w = 1;
    switch (o->code) {
    case TTM_OP_CONV_2D: case TTM_OP_DEPTHWISE_CONV_2D: {
        const ttm_tensor_rec *f = &m->tensors[tt_op_input(m, op, 1)];
        l->kind = o->code == TTM_OP_CONV_2D ? LS_CONV : LS_DW;
        l->k_h = clamp8(f->dims[1]);
        l->k_w = clamp8(f->dims[2]);
        break;
    }
    case TTM_OP_FULLY_CONNECTED:
        l->kind = LS_CONV;
        l->in_c = tt_tensor_elems(&m->tensors[in]) / (l->out_h * l->out_w);
        l->out_c = l->out_h * l->out_w * l->out_c;
        l->out_h = l->out_w = 1;
        break;
    case TTM_OP_AVERAGE_POOL_2D: case TTM_OP_MAX_POOL_2D:
        l->kind = LS_VEC;
        l->k_h = clamp8(o->opt[TTM_O_FILTER_H]);
        l->k_w = clamp8(o->opt[TTM_O_FILTER_W]);
        break;
    case TTM_OP_MEAN:
        l->kind = LS_VEC;
        l->k_h = clamp8((int32_t)ih);
        l->k_w = clamp8((int32_t)iw);
        break;
    case TTM_OP_RESHAPE:
        l->kind = LS_NOP;
        break;
    default:
        l->kind = LS_VEC;
        break;
    }
}

int etpu_plan_make(const tt_model *m, struct etpu_plan *p, char *err, size_t errlen)
{
    p->n_ops = m->hdr->n_ops;
    if (p->n_ops > ETPU_PLAN_MAX_OPS) {
        snprintf(err, errlen, "edgetpu plan: %u operators, at most %u expected", p->n_ops,
                 ETPU_PLAN_MAX_OPS);
        return -1;
    }
    p->split = p->n_ops;
    for (uint32_t i = 0; i < p->n_ops; i++)
        if (!etpu_op_supported(m->ops[i].code)) { p->split = i; break; }
    int32_t in = m->hdr->n_inputs ? m->ints[m->hdr->inputs_at] : -1;
    p->in_bytes = in >= 0 ? m->tensors[in].bytes : 0;
    p->out_bytes = 0;
    for (uint32_t i = 0; i < p->split; i++) {
        if (tt_op_output(m, i, 0) < 0) {
            snprintf(err, errlen, "edgetpu plan: operator %u has no output tensor", i);
            return -1;
        }
        op_shape(m, i, &p->l[i]);
    }
    if (p->split) p->out_bytes = m->tensors[tt_op_output(m, p->split - 1, 0)].bytes;
    return 0;
}
