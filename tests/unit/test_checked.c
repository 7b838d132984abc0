/* Overflow-checked size arithmetic (models/runtime/tt_checked.h) and the
 * .ttm writer's use of it: shapes and options from a file whose products
 * overflow int32 are refused with a message (issue 17 found
 * 288 * 2147483647 and 144 * 134217729 multiplied in int). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "models/runtime/tt_checked.h"
#include "models/tflite/graph.h"

static void test_size_helpers(void **state)
{
    (void)state;
    size_t s = 7;
    assert_true(tt_add_size(SIZE_MAX - 1, 1, &s) && s == SIZE_MAX);
    assert_false(tt_add_size(SIZE_MAX, 1, &s));
    assert_true(s == SIZE_MAX); /* untouched on failure */
    assert_true(tt_mul_size(0, SIZE_MAX, &s) && s == 0);
    assert_false(tt_mul_size(SIZE_MAX / 2 + 1, 2, &s));
    uint64_t u;
    assert_false(tt_mul_u64(1ull << 32, 1ull << 32, &u));
    assert_true(tt_mul_u64(1ull << 31, 1ull << 32, &u) && u == 1ull << 63);
    assert_false(tt_add_u64(UINT64_MAX, 1, &u));
    assert_true(tt_span_ok(10, 0, 10));
    assert_false(tt_span_ok(11, 0, 10));
    assert_false(tt_span_ok(4, UINT64_MAX, 10)); /* off + len wraps */
    int32_t i;
    assert_false(tt_mul_i32(288, 2147483647, &i));
    assert_false(tt_mul_i32(144, 134217729, &i));
    assert_true(tt_mul_i32(-65536, 32768, &i) && i == INT32_MIN);
    assert_false(tt_mul_i32(65536, 32768, &i));
    assert_false(tt_add_i32(INT32_MAX, 1, &i));
    assert_true(tt_add_i32(INT32_MIN, 0, &i) && i == INT32_MIN);
}

/* A one-op graph: input [1,h,w,cin], filter [1,k,k,cout] (constant), bias,
 * output [1,h,w,cout]; all int8 except the int32 bias. */
static float one = 0.5f;
static int32_t zero;
static int8_t filter_data[4 * 4 * 4 * 4];

static void tensor(tt_gtensor *t, uint8_t type, int32_t d0, int32_t d1, int32_t d2, int32_t d3, int is_const)
{
    memset(t, 0, sizeof *t);
    t->type = type;
    t->ndim = 4;
    t->dims[0] = d0, t->dims[1] = d1, t->dims[2] = d2, t->dims[3] = d3;
    t->is_const = (uint8_t)is_const;
    t->data = is_const ? (const uint8_t *)filter_data : NULL;
    uint64_t bytes = (uint64_t)d0 * (uint64_t)d1 * (uint64_t)d2 * (uint64_t)d3 * (type == TTM_T_INT32 ? 4 : 1);
    t->data_bytes = (uint32_t)bytes;
    if (is_const && bytes > sizeof filter_data) /* only the shape matters for refused ops */
        t->data_bytes = sizeof filter_data;
    t->nq = 1;
    t->scales = &one;
    t->zps = &zero;
    t->name = "t";
}

static int write_op(uint16_t code, int32_t cin, int32_t cout, int32_t dm, int32_t dil)
{
    tt_gtensor t[4];
    tensor(&t[0], TTM_T_INT8, 1, 4, 4, cin, 0);
    tensor(&t[1], TTM_T_INT8, 1, 3, 3, cout, 1);
    tensor(&t[2], TTM_T_INT32, 1, 1, 1, cout, 1);
    tensor(&t[3], TTM_T_INT8, 1, 4, 4, cout, 0);
    tt_gop op = { .code = code, .n_in = 3, .n_out = 1, .io = { 0, 1, 2, 3 }, .padding = TT_PAD_SAME,
                  .stride_w = 1, .stride_h = 1, .dil_w = dil, .dil_h = 1, .depth_mult = dm };
    tt_graph g = { .t = t, .nt = 4, .ops = &op, .nops = 1, .inputs = { 0 }, .outputs = { 3 },
                   .n_inputs = 1, .n_outputs = 1 };
    uint8_t *blob = NULL;
    uint32_t size = 0;
    char err[512] = "";
    int rc = ttm_write(&g, &blob, &size, err, sizeof err);
    free(blob);
    if (rc)
        print_message("    refused: %s\n", err);
    return rc;
}

static void test_depth_multiplier_overflow(void **state)
{
    (void)state;
    assert_int_equal(write_op(TTM_OP_DEPTHWISE_CONV_2D, 4, 4, 1, 1), 0); /* the control is accepted */
    /* 288 x 2147483647 overflows int32: refused, never undefined behaviour */
    assert_int_not_equal(write_op(TTM_OP_DEPTHWISE_CONV_2D, 288, 288, 2147483647, 1), 0);
    assert_int_not_equal(write_op(TTM_OP_DEPTHWISE_CONV_2D, 144, 144, 134217729, 1), 0);
}

static void test_dilation_overflow(void **state)
{
    (void)state;
    assert_int_equal(write_op(TTM_OP_CONV_2D, 4, 4, 0, 1), 0);
    /* (3 - 1) x 2^30 overflows int32 in the effective filter size */
    assert_int_not_equal(write_op(TTM_OP_CONV_2D, 4, 4, 0, 1 << 30), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_size_helpers),
        cmocka_unit_test(test_depth_multiplier_overflow),
        cmocka_unit_test(test_dilation_overflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
