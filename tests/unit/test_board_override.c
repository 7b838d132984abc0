/* --clock and --set (emu/board_override.h) on the built-in boards: the
 * clock levels and parameters expected here are read off
 * models/boards/spresense.yaml and coralusb.yaml by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "emu/board/board.h"
#include "emu/board_override.h"

static int apply(const char *board, const char *clock, const char *set, struct board_desc *b, char *err,
                 size_t n)
{
    struct board_overrides o = { .clock = clock };
    if (set)
        o.sets[o.nsets++] = set;
    assert_int_equal(board_load_builtin(board, b, err, n), 0);
    return board_override_apply(b, &o, err, n);
}

static void expect_refusal(const char *board, const char *clock, const char *set, const char *want)
{
    struct board_desc b;
    char err[600] = "";
    if (apply(board, clock, set, &b, err, sizeof err) == 0)
        fail_msg("%s %s %s: accepted", board, clock ? clock : "", set ? set : "");
    if (strcmp(err, want))
        fail_msg("\n   got: %s\n  want: %s", err, want);
    board_free(&b);
}

/* spresense: clock_levels_hz [156M, 32M, 8.2M]; cpu power at 156M */
static void test_clock(void **state)
{
    (void)state;
    struct board_desc b;
    char err[600];
    assert_int_equal(apply("spresense", "L2", NULL, &b, err, sizeof err), 0);
    assert_int_equal(b.cores[0].clock_hz, 8200000);
    assert_int_equal(board_find_power(&b, "cpu")->clock_hz, 8200000);
    board_free(&b);
    assert_int_equal(apply("spresense", "32M", NULL, &b, err, sizeof err), 0);
    assert_int_equal(b.cores[0].clock_hz, 32000000);
    board_free(&b);
    assert_int_equal(apply("spresense", "156000000", NULL, &b, err, sizeof err), 0);
    assert_int_equal(b.cores[0].clock_hz, 156000000);
    board_free(&b);
    expect_refusal("spresense", "100M", NULL,
                   "--clock 100M: board spresense's core 'cpu' runs at 156 MHz, 32 MHz, 8.2 MHz (its "
                   "clock_levels_hz), not 100 MHz");
    expect_refusal("spresense", "L3", NULL,
                   "--clock L3: board spresense's core 'cpu' has 3 clock levels (L0..L2: 156 MHz, 32 MHz, 8.2 MHz)");
    expect_refusal("coralusb", "L1", NULL,
                   "--clock L1: board coralusb's core 'host' has 1 clock level (L0..L0: 600 MHz)");
    expect_refusal("spresense", "-5", NULL, "--clock -5: expected a frequency in Hz (156M, 32000000) or a level Lk");
}

static void test_set(void **state)
{
    (void)state;
    struct board_desc b;
    char err[600];
    /* an existing parameter: replaced, number grammar as the YAML's */
    assert_int_equal(apply("spresense", NULL, "camera.fps=30", &b, err, sizeof err), 0);
    const struct board_device *cam = board_find_device(&b, "camera");
    assert_true(board_param_num(cam->params, cam->nparams, "fps", 0) == 30);
    board_free(&b);
    assert_int_equal(apply("spresense", NULL, "timer0.clock_hz=1.5k", &b, err, sizeof err), 0);
    const struct board_device *t = board_find_device(&b, "timer0");
    assert_true(board_param_num(t->params, t->nparams, "clock_hz", 0) == 1500);
    board_free(&b);
    /* a parameter the YAML leaves out: added */
    assert_int_equal(apply("spresense", NULL, "camera.pixel_clock_hz=24M", &b, err, sizeof err), 0);
    cam = board_find_device(&b, "camera");
    assert_true(board_param_num(cam->params, cam->nparams, "pixel_clock_hz", 0) == 24e6);
    board_free(&b);
    /* a string parameter takes text */
    assert_int_equal(apply("spresense", NULL, "camera.format=rgb565", &b, err, sizeof err), 0);
    cam = board_find_device(&b, "camera");
    assert_string_equal(board_param_str(cam->params, cam->nparams, "format", ""), "rgb565");
    board_free(&b);
    expect_refusal("spresense", NULL, "camera.fps=fast", "--set camera.fps=fast: expected a number for 'fps' of camera");
    expect_refusal("spresense", NULL, "camera.fps=[1, 2]", "--set camera.fps=[1, 2]: expected a number for 'fps' of camera");
    expect_refusal("spresense", NULL, "timer0.clok_hz=1M",
                   "--set timer0.clok_hz=1M: a timer device has no parameter 'clok_hz' (it has: clock_hz)");
    /* coralusb.yaml: the tpu's clock_levels_hz are [500M, 250M, 125M, 63M] */
    expect_refusal("coralusb", NULL, "tpu.clock_hz=300M",
                   "--set tpu.clock_hz=300M: device 'tpu' of board coralusb runs at 500 MHz, 250 MHz, 125 MHz, "
                   "63 MHz (its clock_levels_hz)");
    expect_refusal("spresense", NULL, "camerafps=1",
                   "--set 'camerafps=1': expected DEVICE.PARAM=VALUE (camera.fps=30, tpu.clock_hz=500M)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clock),
        cmocka_unit_test(test_set),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
