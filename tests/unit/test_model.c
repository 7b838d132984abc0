/* The .ttm writer, validator, arena plan and interpreter on the built-in
 * TinyTracker, the validator's answer to corrupted blobs, and small
 * hand-made graphs (two inputs, uint8 edges). */
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
#include "models/tflite/tflite.h"

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
     * MACs at 112x112x5; the generator builds that graph at that size.
     *
     * The MAC count by hand, from the layer shapes (MobileNetV3-Small
     * minimalistic, models/gen/tinytracker_gen.c's block table): a conv is
     * out_h*out_w*out_c*k_h*k_w*in_c, a depthwise conv out_h*out_w*c*3*3,
     * a fully connected layer units*depth; SAME stride 2 halves 112 -> 56
     * -> 28 -> 14 -> 7, and PAD+VALID stride 2 takes 7 to (9-3)/2+1 = 4.
     *
     *   grid 1x1 5->3 @112       112*112*3*5        =   188,160
     *   stem 3x3/2 3->16 @56     56*56*16*9*3       = 1,354,752
     *   block0  dw/2 16 @28, pr 16->16              =   112,896 +   200,704
     *   block1  ex 16->72 @28, dw/2 @14, pr ->24    =   903,168 +   127,008 +   338,688
     *   block2  ex 24->88 @14, dw, pr ->24          =   413,952 +   155,232 +   413,952
     *   block3  ex 24->96 @14, dw/2 @7, pr ->40     =   451,584 +    42,336 +   188,160
     *   block4  ex 40->240 @7, dw, pr ->40          =   470,400 +   105,840 +   470,400
     *   block5  (as block4)                         =   470,400 +   105,840 +   470,400
     *   block6  ex 40->120 @7, dw, pr ->48          =   235,200 +    52,920 +   282,240
     *   block7  ex 48->144 @7, dw, pr ->48          =   338,688 +    63,504 +   338,688
     *   block8  ex 48->288 @7, dw/2 @4, pr ->96     =   677,376 +    41,472 +   442,368
     *   block9  ex 96->576 @4, dw, pr ->96          =   884,736 +    82,944 +   884,736
     *   block10 (as block9)                         =   884,736 +    82,944 +   884,736
     *   last 1x1 96->576 @4                         =   884,736
     *   head 1x1 576->2 @4                          =    18,432
     *   fc 32->128, fc 128->2                       =     4,096 +       256
     *                                         total = 14,068,680 */
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

/* ---- small hand-made graphs: two inputs, uint8 edges ---- */

static void qtensor(tt_gtensor *t, uint8_t type, int32_t n, float scale, int32_t zp, const char *name)
{
    memset(t, 0, sizeof *t);
    t->type = type;
    t->ndim = 2;
    t->dims[0] = 1;
    t->dims[1] = n;
    t->data_bytes = (uint32_t)n;
    t->nq = 1;
    t->scales = malloc(sizeof(float));
    t->zps = malloc(sizeof(int32_t));
    t->scales[0] = scale;
    t->zps[0] = zp;
    t->name = strdup(name);
}

/* out = a + b, every tensor [1,4] of the given type, scale 0.5. */
static void add_graph(tt_graph *g, uint8_t type, int32_t zp)
{
    memset(g, 0, sizeof *g);
    g->nt = 3;
    g->t = calloc(3, sizeof *g->t);
    qtensor(&g->t[0], type, 4, 0.5f, zp, "a");
    qtensor(&g->t[1], type, 4, 0.5f, zp, "b");
    qtensor(&g->t[2], type, 4, 0.5f, zp, "sum");
    g->nops = 1;
    g->ops = calloc(1, sizeof *g->ops);
    g->ops[0].code = TTM_OP_ADD;
    g->ops[0].n_in = 2;
    g->ops[0].n_out = 1;
    g->ops[0].io[0] = 0; g->ops[0].io[1] = 1; g->ops[0].io[2] = 2;
    g->n_inputs = 2; g->inputs[0] = 0; g->inputs[1] = 1;
    g->n_outputs = 1; g->outputs[0] = 2;
    strcpy(g->name, "add");
}

/* Runs a graph on inputs a, b (4 bytes each) into out. */
static void run_add(tt_graph *g, const uint8_t a[4], const uint8_t b[4], uint8_t out[4])
{
    uint8_t *bl;
    uint32_t n;
    char err[256];
    assert_int_equal(ttm_write(g, &bl, &n, err, sizeof err), 0);
    tt_graph_free(g);
    tt_model m;
    tt_status st = { 0 };
    assert_int_equal(tt_model_open(&m, bl, n, &st), 0);
    assert_int_equal(m.hdr->n_inputs, 2);
    static uint8_t arena[4096] __attribute__((aligned(16)));
    assert_true(m.hdr->arena_bytes <= sizeof arena);
    memcpy(tt_tensor_ptr(&m, arena, m.ints[m.hdr->inputs_at]), a, 4);
    memcpy(tt_tensor_ptr(&m, arena, m.ints[m.hdr->inputs_at + 1]), b, 4);
    assert_int_equal(tt_invoke(&m, arena, sizeof arena, NULL, &st), 0);
    memcpy(out, tt_tensor_ptr(&m, arena, m.ints[m.hdr->outputs_at]), 4);
    free(bl);
}

/* Both inputs count: at scale 0.5, (3 + 4) x 0.5 = 3.5 -> 7 (ADD's exact
 * case: equal scales, multipliers 0.5 and 2^-19). */
static void two_input_add(void **state)
{
    (void)state;
    tt_graph g;
    add_graph(&g, TTM_T_INT8, 0);
    const uint8_t a[4] = { 3, 0xfe, 100, 0x80 }, b[4] = { 4, 0xfe, 100, 0x80 }; /* 3+4, -2-2, sat, sat */
    uint8_t out[4];
    run_add(&g, a, b, out);
    assert_int_equal((int8_t)out[0], 7);
    assert_int_equal((int8_t)out[1], -4);
    assert_int_equal((int8_t)out[2], 127);
    assert_int_equal((int8_t)out[3], -128);
}

/* uint8 model: inputs and output keep uint8 bytes (QUANTIZE at the edges),
 * the ADD runs in int8. zp 128, scale 0.5: 130 = 1.0, 132 = 2.0, sum 3.0 =
 * 134; 255 + 255 = 63.5 + 63.5 saturates at 255; 0 + 0 saturates at 0. */
static void uint8_edges(void **state)
{
    (void)state;
    tt_graph g;
    add_graph(&g, TTM_T_UINT8, 128);
    char err[256];
    assert_int_equal(tt_graph_uint8_to_int8(&g, err, sizeof err), 0);
    assert_int_equal(g.nops, 4); /* 2 input QUANTIZEs, ADD, output QUANTIZE */
    assert_int_equal(g.t[0].type, TTM_T_UINT8);
    assert_int_equal(g.t[2].type, TTM_T_UINT8);
    const uint8_t a[4] = { 130, 255, 0, 128 }, b[4] = { 132, 255, 0, 127 };
    uint8_t out[4];
    run_add(&g, a, b, out);
    assert_int_equal(out[0], 134);
    assert_int_equal(out[1], 255);
    assert_int_equal(out[2], 0);
    assert_int_equal(out[3], 127); /* 0 + (-0.5) */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(opens_with_paper_figures),
        cmocka_unit_test(arena_plan_has_no_live_overlap),
        cmocka_unit_test(invoke_is_deterministic),
        cmocka_unit_test(validator_names_the_place),
        cmocka_unit_test(two_input_add),
        cmocka_unit_test(uint8_edges),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
