/* Typed device parameters (devices/device.h): the checks every command
 * runs on a board's devices refuse an unknown type, an unknown or misspelt
 * parameter, a wrong kind and a missing required one, each as one line
 * FILE:LINE:COL: expected ...; `model: none` declares a part without a
 * model. Lines and columns were counted by hand in tests/data/boards. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "devices/device.h"
#include "emu/board/board.h"

#define DIR "tests/data/boards/"

static void expect_refusal(const char *file, const char *message)
{
    char path[256], want[600], err[600] = "";
    struct board_desc b;
    snprintf(path, sizeof path, DIR "%s", file);
    snprintf(want, sizeof want, "%s:%s", path, message);
    if (board_load_file(path, &b, err, sizeof err) == 0 && device_check_board(&b, err, sizeof err) == 0)
        fail_msg("%s: accepted", file);
    if (strncmp(err, want, strlen(want)))
        fail_msg("%s\n   got: %s\n  want: %s...", file, err, want);
    assert_null(strchr(err, '\n'));
    board_free(&b);
}

static void test_refusals(void **state)
{
    (void)state;
    expect_refusal("dev-unknown-type.yaml", "8:5: expected a device type ttemu models (nvic, trace, pmu, ");
    expect_refusal("dev-misspelt-param.yaml",
                   "8:70: expected a parameter of a timer device (clock_hz), not 'clok_hz'");
    expect_refusal("dev-param-type.yaml", "8:68: expected a number in bytes for 'bytes_per_cycle' of d0");
    expect_refusal("dev-missing-param.yaml", "8:5: expected parameter 'height' (a number in pixels) in device c0");
    expect_refusal("dev-model-none-modelled.yaml", "8:5: expected no 'model: none' on x0: ttemu models type 'uart'");
    expect_refusal("dev-model-bad.yaml", "8:37: expected 'model: none' (a part without a model)");
}

static void test_model_none_accepted(void **state)
{
    (void)state;
    struct board_desc b;
    char err[512] = "";
    assert_int_equal(board_load_file("tests/data/boards-ok/model-none.yaml", &b, err, sizeof err), 0);
    assert_int_equal(device_check_board(&b, err, sizeof err), 0);
    assert_true(b.devices[0].no_model);
    board_free(&b);
}

/* Every built-in board passes the checks `ttemu run` makes. */
static void test_builtin_boards_pass(void **state)
{
    (void)state;
    static const char *const boards[] = { "spresense", "coralmicro", "coralusb", "imx500",
                                          "mps2-an386", "mps2-an500" };
    for (size_t k = 0; k < sizeof boards / sizeof boards[0]; k++) {
        struct board_desc b;
        char err[512] = "";
        assert_int_equal(board_load(boards[k], &b, err, sizeof err), 0);
        if (device_check_board(&b, err, sizeof err))
            fail_msg("%s: %s", boards[k], err);
        board_free(&b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_model_none_accepted),
        cmocka_unit_test(test_builtin_boards_pass),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
