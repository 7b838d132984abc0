/* The .ttm writer, validator, arena plan and interpreter on the built-in
 * TinyTracker, and the validator's answer to corrupted blobs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "models/gen/tinytracker_gen.h"
#include "models/runtime/ttm.h"
#include "models/runtime/ttm_stats.h"
#include "models/tflite/graph.h"

static uint8_t *blob;
static uint32_t blob_size;

static int setup(void **state)
{
    (void)state;
    tt_graph g;
    char err[256];
    if (tt_gen_tinytracker(&g, err, sizeof err)) return -1;
    int rc = ttm_write(&g, &blob, &blob_size, err, sizeof err);
    tt_graph_free(&g);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    free(blob);
    return 0;
}

static void opens_with_paper_figures(void **state)
{
    (void)state;
    tt_model m;
    tt_status st = { 0 };
    assert_int_equal(tt_model_open(&m, blob, blob_size, &st), 0);
    assert_int_equal(m.hdr->n_ops, 51);
    assert_true(m.hdr->flags & TTM_F_SYNTHETIC);
    tt_op_cost c;
    tt_model_stats(&m, &c);
    /* PAPER.md: the published graph has 428,486 parameters and needs 14.06M
     * MACs at 112x112x5; the generator builds that graph at that size. */
    assert_int_equal(c.params, 428486);
    assert_int_equal(c.macs, 14068680);
    assert_int_equal(m.ops[0].code, TTM_OP_CONV_2D);
    assert_int_equal(m.ops[49].code, TTM_OP_TANH);
    assert_int_equal(m.ops[50].code, TTM_OP_DEQUANTIZE);
}

/* Recomputes lifetimes independently of the planner and checks that no two
 * activations alive at the same operator share arena bytes. */
static void arena_plan_has_no_live_overlap(void **state)
{
    (void)state;
    tt_model m;
    tt_status st;
    assert_int_equal(tt_model_open(&m, blob, blob_size, &st), 0);
    uint32_t nt = m.hdr->n_tensors, nops = m.hdr->n_ops;
    int32_t *first = malloc(4u * nt), *last = malloc(4u * nt);
    for (uint32_t i = 0; i < nt; i++) { first[i] = INT32_MAX; last[i] = -2; }
    first[m.ints[m.hdr->inputs_at]] = -1;
    for (uint32_t k = 0; k < nops; k++)
        for (unsigned j = 0; j < (unsigned)m.ops[k].n_in + m.ops[k].n_out; j++) {
            int32_t t = m.ints[m.ops[k].io_at + j];
            if (t < 0 || m.tensors[t].kind != TTM_K_ARENA) continue;
            if ((int32_t)k < first[t]) first[t] = (int32_t)k;
            if ((int32_t)k > last[t]) last[t] = (int32_t)k;
        }
    last[m.ints[m.hdr->outputs_at]] = (int32_t)nops;
    for (uint32_t a = 0; a < nt; a++)
        for (uint32_t b = a + 1; b < nt; b++) {
            const ttm_tensor_rec *x = &m.tensors[a], *y = &m.tensors[b];
            if (x->kind != TTM_K_ARENA || y->kind != TTM_K_ARENA) continue;
            if (last[a] < first[b] || last[b] < first[a]) continue;
            int disjoint = x->data_off + x->bytes <= y->data_off || y->data_off + y->bytes <= x->data_off;
            if (!disjoint) fail_msg("tensors %u and %u are alive together and overlap", a, b);
        }
    assert_true(m.hdr->arena_bytes >= m.hdr->peak_live_bytes);
    free(first);
    free(last);
}

static void invoke_is_deterministic(void **state)
{
    (void)state;
    tt_model m;
    tt_status st;
    assert_int_equal(tt_model_open(&m, blob, blob_size, &st), 0);
    uint8_t *arena = aligned_alloc(16, (m.hdr->arena_bytes + 15u) & ~15u);
    float out[2][2];
    for (int run = 0; run < 2; run++) {
        memset(arena, run ? 0xff : 0, m.hdr->arena_bytes); /* stale arena must not matter */
        int8_t *in = tt_tensor_ptr(&m, arena, m.ints[m.hdr->inputs_at]);
        for (uint32_t i = 0; i < 112u * 112u * 5u; i++) in[i] = (int8_t)(i * 7u);
        assert_int_equal(tt_invoke(&m, arena, m.hdr->arena_bytes, NULL, &st), 0);
        memcpy(out[run], tt_tensor_ptr(&m, arena, m.ints[m.hdr->outputs_at]), sizeof out[run]);
    }
    assert_memory_equal(out[0], out[1], sizeof out[0]);
    for (int k = 0; k < 2; k++) assert_true(out[0][k] >= -1.0f && out[0][k] <= 1.0f); /* tanh */
    free(arena);
}

/* Corrupts a copy at one place and expects the validator to name it. */
static void expect_reject(uint32_t at, const void *bytes, size_t n, uint32_t size, const char *table, int32_t index)
{
    uint8_t *copy = aligned_alloc(16, (blob_size + 15u) & ~15u);
    memcpy(copy, blob, blob_size);
    memcpy(copy + at, bytes, n);
    tt_model m;
    tt_status st = { 0 };
    if (tt_model_open(&m, copy, size, &st) != -1) fail_msg("corruption at %u (%s %d) accepted", at, table, index);
    assert_non_null(st.what);
    assert_string_equal(st.table, table);
    assert_int_equal(st.index, index);
    free(copy);
}

static void validator_names_the_place(void **state)
{
    (void)state;
    const ttm_header *h = (const ttm_header *)(const void *)blob;
    const uint32_t bad_magic = 0x12345678u, zero = 0, huge = 0x7fffffffu;
    const uint16_t bad_code = 99;
    expect_reject(0, &bad_magic, 4, blob_size, "header", -1);
    expect_reject(0, &zero, 0, blob_size - 16, "header", -1);          /* truncated */
    expect_reject(h->tensors_off + 5 * 48 + 4, &zero, 4, blob_size, "tensor", 5);   /* dims[0] = 0 */
    expect_reject(h->tensors_off + 7 * 48 + 24, &huge, 4, blob_size, "tensor", 7);  /* data offset */
    expect_reject(h->ops_off + 3 * 68, &bad_code, 2, blob_size, "operator", 3);
    expect_reject(h->ops_off + 2 * 68 + 8, &huge, 4, blob_size, "operator", 2);     /* params offset */
    expect_reject(h->ops_off + 1 * 68 + 16, &zero, 4, blob_size, "operator", 1);    /* stride_w = 0 */
    /* operator 0 writing into its constant filter (tensor index of input 1) */
    const int32_t *ints = (const int32_t *)(const void *)(blob + h->ints_off);
    const ttm_op_rec *op0 = (const ttm_op_rec *)(const void *)(blob + h->ops_off);
    expect_reject(h->ints_off + 4u * (op0->io_at + 3), &ints[op0->io_at + 1], 4, blob_size, "operator", 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(opens_with_paper_figures),
        cmocka_unit_test(arena_plan_has_no_live_overlap),
        cmocka_unit_test(invoke_is_deterministic),
        cmocka_unit_test(validator_names_the_place),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
