/* The Edge TPU's executable: the .ttm the driver sent, planned into one
 * TPU segment (devices/edgetpu_plan.c), run on the device's own arena with
 * the shared int8 runtime, so its result is the bytes `ttemu model run`
 * computes. See devices/edgetpu.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/edgetpu.h"
#include "models/runtime/ttm_stats.h"
#include "emu/xalloc.h"

/* The tensors the segment writes that a CPU operator or the caller reads:
 * what the TPU sends back, in operator and output order. */
static int live_outs(struct etpu_exec *x, char *err, size_t errlen)
{
    const tt_model *m = &x->model;
    x->nlive = 0;
    x->out_bytes = 0;
    for (uint32_t op = 0; op < x->plan->split; op++)
        for (unsigned k = 0; k < m->ops[op].n_out; k++) {
            int32_t t = tt_op_output(m, op, k);
            if (t < 0 || !tt_tensor_read_from(m, x->plan->split, t))
                continue;
            if (x->nlive == ETPU_MAX_LIVE) {
                snprintf(err, errlen, "more than %d tensors cross from the TPU segment to the CPU", ETPU_MAX_LIVE);
                return -1;
            }
            x->live[x->nlive++] = t;
            x->out_bytes += m->tensors[t].bytes;
        }
    return 0;
}

/* Parameters in graph order into the cache until one layer's do not fit
 * (etpu_run's rule); the rest stream every run. They are sent from the
 * tail of the .ttm, where the converter puts the late layers' constants. */
static void place_params(struct etpu_exec *x, const struct etpu_cfg *c)
{
    struct etpu_run_time rt;
    etpu_run(c, x->plan->l, x->plan->split, 0, 0, &rt);
    x->param_bytes = rt.param_bytes;
    x->cached_bytes = rt.cached_bytes;
    uint64_t s = rt.streamed_bytes < x->bytes ? rt.streamed_bytes : x->bytes;
    x->stream_bytes = (uint32_t)s;
    x->stream_off = x->bytes - x->stream_bytes;
    x->macs = 0;
    for (uint32_t op = 0; op < x->plan->split; op++) {
        tt_op_cost cost;
        tt_op_stats(&x->model, op, &cost);
        x->macs += cost.macs;
    }
}

int etpu_exec_load(struct etpu_exec *x, const struct etpu_cfg *c, const uint8_t *blob, uint32_t bytes,
                   char *err, size_t errlen)
{
    etpu_exec_free(x);
    tt_status st = { 0 };
    x->blob = aligned_alloc(16, ((size_t)bytes + 15) & ~(size_t)15);
    x->plan = xmalloc(sizeof *x->plan);
    if (!x->blob || !x->plan) {
        snprintf(err, errlen, "out of memory for a %u-byte executable", bytes);
        return etpu_exec_free(x), -1;
    }
    memcpy(x->blob, blob, bytes);
    x->bytes = bytes;
    if (tt_model_open(&x->model, x->blob, bytes, &st)) {
        snprintf(err, errlen, "not a .ttm model: %s %ld: %s", st.table ? st.table : "file", (long)st.index,
                 st.what ? st.what : "refused");
        return etpu_exec_free(x), -1;
    }
    if (x->model.hdr->n_inputs != 1) {
        snprintf(err, errlen, "a model with one input expected, not %u", x->model.hdr->n_inputs);
        return etpu_exec_free(x), -1;
    }
    if (etpu_plan_make(&x->model, x->plan, err, errlen) || live_outs(x, err, errlen))
        return etpu_exec_free(x), -1;
    x->arena = aligned_alloc(16, ((size_t)x->model.hdr->arena_bytes + 16) & ~(size_t)15);
    if (!x->arena) {
        snprintf(err, errlen, "out of memory for a %u-byte arena", x->model.hdr->arena_bytes);
        return etpu_exec_free(x), -1;
    }
    memset(x->arena, 0, x->model.hdr->arena_bytes);
    x->in_bytes = (uint32_t)x->plan->in_bytes;
    x->instr_off = x->model.hdr->ops_off;
    x->instr_bytes = x->plan->split * (uint32_t)sizeof(ttm_op_rec);
    place_params(x, c);
    return 0;
}

void etpu_exec_free(struct etpu_exec *x)
{
    free(x->blob);
    free(x->plan);
    free(x->arena);
    memset(x, 0, sizeof *x);
}

uint8_t *etpu_exec_input(struct etpu_exec *x)
{
    int32_t in = x->model.ints[x->model.hdr->inputs_at];
    return tt_tensor_ptr(&x->model, x->arena, in);
}

int etpu_exec_run(struct etpu_exec *x, char *err, size_t errlen)
{
    for (uint32_t op = 0; op < x->plan->split; op++) {
        tt_status st = { 0 };
        if (tt_invoke_op(&x->model, x->arena, op, &st)) {
            snprintf(err, errlen, "operator %u (%s): %s", op, tt_op_name(x->model.ops[op].code),
                     st.what ? st.what : "failed");
            return -1;
        }
    }
    return 0;
}

void etpu_exec_output(const struct etpu_exec *x, uint8_t *out)
{
    for (uint32_t k = 0; k < x->nlive; k++) {
        const ttm_tensor_rec *r = &x->model.tensors[x->live[k]];
        const uint8_t *p = tt_tensor_ptr(&x->model, x->arena, x->live[k]);
        for (uint32_t i = 0; i < r->bytes; i++)
            out[i] = r->type == TTM_T_INT8 ? (uint8_t)(p[i] ^ 0x80u) : p[i];
        out += r->bytes;
    }
}

uint64_t etpu_exec_layer_ps(const struct etpu_exec *x, const struct etpu_cfg *c, uint32_t i, uint64_t *cycles)
{
    struct etpu_layer_time t;
    etpu_layer(c, &x->plan->l[i], &t);
    *cycles = t.cycles;
    uint64_t ps = (uint64_t)((double)t.cycles * 1e12 / (double)c->clock_hz + 0.5);
    return ps + (x->plan->l[i].kind != LS_NOP ? c->per_layer_ps : 0);
}
