/* uint8 (TF1 asymmetric) tensors become int8 at import: q_s8 = q_u8 - 128
 * with the zero point shifted by 128 stands for exactly the same real
 * value, and every quantised kernel works on (q - zero point), so the
 * results are identical. Model inputs and outputs keep their uint8 bytes:
 * a QUANTIZE (uint8 <-> int8, multiplier 1) is inserted at that edge unless
 * the model already has one there (TF2 files start with a uint8 QUANTIZE). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "models/tflite/tflite.h"

static int is_q_u8(const tt_gtensor *t) { return t->type == TTM_T_UINT8 && t->nq > 0; }

static int is_io(const int32_t *v, uint32_t n, int32_t t)
{
    for (uint32_t j = 0; j < n; j++) if (v[j] == t) return 1;
    return 0;
}

static void to_int8(tt_gtensor *t)
{
    t->type = TTM_T_INT8;
    t->from_uint8 = 1;
    for (uint32_t k = 0; k < t->nq; k++) t->zps[k] -= 128;
}

/* Copy of tensor i as int8 (new index g->nt); its data is not copied. */
static int32_t add_int8_twin(tt_graph *g, int32_t i)
{
    tt_gtensor *nt = realloc(g->t, sizeof *nt * (g->nt + 1u));
    if (!nt) return -1;
    g->t = nt;
    tt_gtensor *s = &g->t[i], *d = &g->t[g->nt];
    *d = *s;
    d->is_const = 0;
    d->data = NULL;
    d->scales = malloc(4u * s->nq);
    d->zps = malloc(4u * s->nq);
    size_t len = strlen(s->name ? s->name : "") + 6;
    d->name = malloc(len);
    if (!d->scales || !d->zps || !d->name) return -1;
    memcpy(d->scales, s->scales, 4u * s->nq);
    memcpy(d->zps, s->zps, 4u * s->nq);
    snprintf(d->name, len, "%s/int8", s->name ? s->name : "");
    to_int8(d);
    return (int32_t)g->nt++;
}

/* Inserts QUANTIZE from -> to as operator number at (0 or g->nops). */
static int insert_quantize(tt_graph *g, uint32_t at, int32_t from, int32_t to, int32_t src_index)
{
    tt_gop *ops = realloc(g->ops, sizeof *ops * (g->nops + 1u));
    if (!ops) return -1;
    g->ops = ops;
    memmove(&ops[at + 1], &ops[at], sizeof *ops * (g->nops - at));
    memset(&ops[at], 0, sizeof *ops);
    ops[at].code = TTM_OP_QUANTIZE;
    ops[at].n_in = 1;
    ops[at].n_out = 1;
    ops[at].io[0] = from;
    ops[at].io[1] = to;
    ops[at].src_index = src_index;
    g->nops++;
    return 0;
}

/* Consumers of input t other than a QUANTIZE read the int8 twin instead. */
static int edge_input(tt_graph *g, int32_t t)
{
    int needed = 0, first = 0;
    for (uint32_t k = 0; k < g->nops; k++)
        for (unsigned j = 0; j < g->ops[k].n_in; j++)
            if (g->ops[k].io[j] == t && g->ops[k].code != TTM_OP_QUANTIZE) {
                if (!needed) first = g->ops[k].src_index;
                needed = 1;
            }
    if (!needed) return 0;
    int32_t twin = add_int8_twin(g, t);
    if (twin < 0) return -1;
    for (uint32_t k = 0; k < g->nops; k++)
        for (unsigned j = 0; j < g->ops[k].n_in; j++)
            if (g->ops[k].io[j] == t && g->ops[k].code != TTM_OP_QUANTIZE) g->ops[k].io[j] = twin;
    return insert_quantize(g, 0, t, twin, first);
}

/* An output t made by something other than QUANTIZE is made as its int8
 * twin, then QUANTIZE'd into t at the end. */
static int edge_output(tt_graph *g, int32_t t)
{
    int32_t producer = -1;
    for (uint32_t k = 0; k < g->nops; k++)
        for (unsigned j = g->ops[k].n_in; j < (unsigned)g->ops[k].n_in + g->ops[k].n_out; j++)
            if (g->ops[k].io[j] == t) producer = (int32_t)k;
    if (producer < 0 || g->ops[producer].code == TTM_OP_QUANTIZE) return 0;
    int32_t twin = add_int8_twin(g, t);
    if (twin < 0) return -1;
    for (uint32_t k = 0; k < g->nops; k++)
        for (unsigned j = 0; j < (unsigned)g->ops[k].n_in + g->ops[k].n_out; j++)
            if (g->ops[k].io[j] == t) g->ops[k].io[j] = twin;
    return insert_quantize(g, g->nops, twin, t, g->ops[producer].src_index);
}

int tt_graph_uint8_to_int8(tt_graph *g, char *err, size_t errlen)
{
    uint32_t nt = g->nt;
    size_t const_bytes = 0;
    for (uint32_t i = 0; i < nt; i++)
        if (is_q_u8(&g->t[i]) && g->t[i].is_const) const_bytes += g->t[i].data_bytes;
    uint8_t *conv = NULL;
    if (const_bytes) {
        if (g->owned) { snprintf(err, errlen, "uint8 constants in a generated graph"); return -1; }
        conv = g->owned = malloc(const_bytes);
        if (!conv) { snprintf(err, errlen, "out of memory"); return -1; }
    }
    for (uint32_t i = 0; i < nt; i++) {
        tt_gtensor *t = &g->t[i];
        if (!is_q_u8(t) || is_io(g->inputs, g->n_inputs, (int32_t)i) || is_io(g->outputs, g->n_outputs, (int32_t)i))
            continue;
        if (t->is_const) { /* flip the top bit: q - 128 as int8 */
            for (uint32_t b = 0; b < t->data_bytes; b++) conv[b] = t->data[b] ^ 0x80u;
            t->data = conv;
            conv += t->data_bytes;
        }
        to_int8(t);
    }
    for (uint32_t j = 0; j < g->n_inputs; j++)
        if (is_q_u8(&g->t[g->inputs[j]]) && edge_input(g, g->inputs[j])) goto oom;
    for (uint32_t j = 0; j < g->n_outputs; j++)
        if (is_q_u8(&g->t[g->outputs[j]]) && edge_output(g, g->outputs[j])) goto oom;
    return 0;
oom:
    snprintf(err, errlen, "out of memory");
    return -1;
}
