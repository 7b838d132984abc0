/* Writes the built-in TinyTracker with a DEQUANTIZE + QUANTIZE pair
 * spliced in after operator K (default: the middle one): the Edge TPU
 * cannot run DEQUANTIZE (Coral's op list), so the TPU segment ends there
 * and the CPU runs the rest. The pair maps int8 -> float -> int8 with the
 * same scale and zero point, so the model computes what TinyTracker does.
 * Used by tests/suites/68-edgetpu-run.sh.
 *
 *   split-model OUT.ttm [K]      prints the index of the DEQUANTIZE */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/gen/tinytracker_gen.h"
#include "models/tflite/graph.h"

static int32_t add_tensor(tt_graph *g, const tt_gtensor *like, uint8_t type, const char *name)
{
    g->t = realloc(g->t, (g->nt + 1) * sizeof *g->t);
    tt_gtensor *t = &g->t[g->nt];
    *t = *like;
    t->type = type;
    t->is_const = 0;
    t->data = NULL;  /* an activation: data_bytes is its size */
    t->data_bytes = like->data_bytes / tt_type_size(like->type) * tt_type_size(type);
    t->name = strdup(name);
    t->nq = type == TTM_T_FLOAT32 ? 0 : like->nq;
    t->scales = t->nq ? malloc(t->nq * sizeof *t->scales) : NULL;
    t->zps = t->nq ? malloc(t->nq * sizeof *t->zps) : NULL;
    if (t->nq) {
        memcpy(t->scales, like->scales, t->nq * sizeof *t->scales);
        memcpy(t->zps, like->zps, t->nq * sizeof *t->zps);
    }
    return (int32_t)g->nt++;
}

static tt_gop unary(uint16_t code, int32_t in, int32_t out)
{
    tt_gop o;
    memset(&o, 0, sizeof o);
    for (int k = 0; k < TTM_MAX_OP_IO; k++)
        o.io[k] = -1;
    o.code = code;
    o.n_in = o.n_out = 1;
    o.io[0] = in;
    o.io[1] = out;
    o.src_index = -1;
    return o;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: split-model OUT.ttm [K]\n");
        return 2;
    }
    tt_graph g;
    char err[256];
    if (tt_gen_tinytracker(&g, err, sizeof err)) {
        fprintf(stderr, "split-model: %s\n", err);
        return 1;
    }
    uint32_t k = argc == 3 ? (uint32_t)atoi(argv[2]) : g.nops / 2;
    if (k + 1 >= g.nops) {
        fprintf(stderr, "split-model: K must be below %u\n", g.nops - 1);
        return 2;
    }
    int32_t x = g.ops[k].io[g.ops[k].n_in];   /* operator K's first output */
    tt_gtensor like = g.t[x];
    int32_t f = add_tensor(&g, &like, TTM_T_FLOAT32, "split_float");
    int32_t x2 = add_tensor(&g, &like, like.type, "split_requantised");
    for (uint32_t op = k + 1; op < g.nops; op++)
        for (unsigned i = 0; i < g.ops[op].n_in; i++)
            if (g.ops[op].io[i] == x)
                g.ops[op].io[i] = x2;
    for (uint32_t i = 0; i < g.n_outputs; i++)
        if (g.outputs[i] == x)
            g.outputs[i] = x2;
    g.ops = realloc(g.ops, (g.nops + 2) * sizeof *g.ops);
    memmove(&g.ops[k + 3], &g.ops[k + 1], (g.nops - k - 1) * sizeof *g.ops);
    g.ops[k + 1] = unary(TTM_OP_DEQUANTIZE, x, f);
    g.ops[k + 2] = unary(TTM_OP_QUANTIZE, f, x2);
    g.nops += 2;
    snprintf(g.name, sizeof g.name, "tinytracker-split-%u", k + 1);
    uint8_t *blob;
    uint32_t size;
    if (ttm_write(&g, &blob, &size, err, sizeof err)) {
        fprintf(stderr, "split-model: %s\n", err);
        return 1;
    }
    FILE *out = fopen(argv[1], "wb");
    if (!out || fwrite(blob, 1, size, out) != size || fclose(out)) {
        fprintf(stderr, "split-model: cannot write %s\n", argv[1]);
        return 1;
    }
    printf("%u\n", k + 1);
    free(blob);
    tt_graph_free(&g);
    return 0;
}
