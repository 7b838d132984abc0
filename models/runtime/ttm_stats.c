/* Per-operator cost figures shared by `ttemu model info` and the
 * accelerator timing models: parameters, MACs and weight bytes. */
#include "models/runtime/ttm.h"
#include "models/runtime/ttm_stats.h"

void tt_op_stats(const tt_model *m, uint32_t k, tt_op_cost *c)
{
    const ttm_op_rec *o = &m->ops[k];
    c->params = c->macs = c->weight_bytes = 0;
    /* Constant inputs are parameters (weights, biases), except the shape,
     * padding and axis vectors that only describe the operation. */
    const int descriptive = o->code == TTM_OP_PAD || o->code == TTM_OP_RESHAPE ||
                            o->code == TTM_OP_MEAN || o->code == TTM_OP_CONCATENATION;
    for (unsigned j = 0; j < o->n_in && !descriptive; j++) {
        int32_t t = tt_op_input(m, k, j);
        if (t < 0 || m->tensors[t].kind != TTM_K_CONST) continue;
        c->params += tt_tensor_elems(&m->tensors[t]);
        c->weight_bytes += m->tensors[t].bytes;
    }
    const ttm_tensor_rec *out = &m->tensors[tt_op_output(m, k, 0)];
    int32_t fi = tt_op_input(m, k, 1);
    const ttm_tensor_rec *f = fi >= 0 ? &m->tensors[fi] : 0;
    switch (o->code) {
    case TTM_OP_CONV_2D: /* each output: KH*KW*Cin */
        c->macs = (uint64_t)tt_tensor_elems(out) * (uint64_t)(f->dims[1] * f->dims[2] * f->dims[3]);
        break;
    case TTM_OP_DEPTHWISE_CONV_2D: /* each output: KH*KW */
        c->macs = (uint64_t)tt_tensor_elems(out) * (uint64_t)(f->dims[1] * f->dims[2]);
        break;
    case TTM_OP_FULLY_CONNECTED: /* each output: depth */
        c->macs = (uint64_t)tt_tensor_elems(out) * (uint64_t)f->dims[1];
        break;
    default:
        break;
    }
}

void tt_model_stats(const tt_model *m, tt_op_cost *total)
{
    total->params = total->macs = total->weight_bytes = 0;
    for (uint32_t k = 0; k < m->hdr->n_ops; k++) {
        tt_op_cost c;
        tt_op_stats(m, k, &c);
        total->params += c.params;
        total->macs += c.macs;
        total->weight_bytes += c.weight_bytes;
    }
}
