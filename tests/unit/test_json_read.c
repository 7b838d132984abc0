/* The JSON reader against RFC 8259's grammar: values of every kind,
 * escapes (surrogate pairs to UTF-8), and refusals naming line and column. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "emu/json_read.h"

static struct jr_node *parse(const char *text, char *err)
{
    return jr_parse(text, strlen(text), err, 200);
}

static void test_values(void **state)
{
    (void)state;
    char err[200] = "";
    struct jr_node *r = parse(" {\"a\": [1, -2.5e3, true, false, null], \"b\": {\"c\": \"x\"}, \"d\": {}} ", err);
    assert_non_null(r);
    const struct jr_node *a = jr_get(r, "a");
    assert_int_equal(a->kind, JR_ARRAY);
    assert_int_equal(a->n, 5);
    assert_true(a->items[0].number == 1.0);
    assert_true(a->items[1].number == -2500.0);
    assert_true(a->items[2].kind == JR_BOOL && a->items[2].boolean);
    assert_true(a->items[3].kind == JR_BOOL && !a->items[3].boolean);
    assert_int_equal(a->items[4].kind, JR_NULL);
    assert_string_equal(jr_string(jr_get(r, "b"), "c"), "x");
    assert_int_equal(jr_get(r, "d")->n, 0);
    assert_null(jr_get(r, "missing"));
    assert_true(jr_number(r, "a", 7) == 7);   /* not a number: the default */
    jr_free(r);
}

static void test_escapes(void **state)
{
    (void)state;
    char err[200];
    /* U+00E9 is C3 A9; U+1F600 (D83D DE00) is F0 9F 98 80. */
    struct jr_node *r = parse("\"q\\\" b\\\\ s\\/ \\n\\t \\u00e9 \\ud83d\\ude00\"", err);
    assert_non_null(r);
    assert_string_equal(r->string, "q\" b\\ s/ \n\t \xc3\xa9 \xf0\x9f\x98\x80");
    jr_free(r);
}

static void expect_error(const char *text, const char *where)
{
    char err[200] = "";
    struct jr_node *r = parse(text, err);
    if (r)
        fail_msg("'%s' parsed", text);
    if (!strstr(err, where))
        fail_msg("'%s': error '%s' does not name '%s'", text, err, where);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("", "line 1, column 1: expected a value");
    expect_error("{\"a\" 1}", "line 1, column 6: expected ':'");
    expect_error("[1,\n 2,,]", "line 2, column 4: expected a value");
    expect_error("[1 2]", "expected ',' or ']'");
    expect_error("\"tab\there\"", "control characters");
    expect_error("\"\\x\"", "valid escape");
    expect_error("\"\\udc00\"", "valid escape");       /* a lone low surrogate */
    expect_error("1e999", "within double range");
    expect_error("{} x", "the end of the document");
    expect_error("tru", "expected a value");
    char deep[200];
    memset(deep, '[', 100);
    deep[100] = 0;
    expect_error(deep, "nesting at most 64 deep");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_escapes),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
