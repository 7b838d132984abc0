/* Malformed board files: each file in tests/data/boards has one mistake
 * and must give exactly one line, FILE:LINE:COL: what was expected.
 * Lines and columns below were counted by hand in the data files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "emu/board/board.h"

#define DIR "tests/data/boards/"

struct bad_case {
    const char *file;
    const char *message;  /* after "DIR file:" */
};

static const struct bad_case cases[] = {
    { "syntax.yaml", "4:1: YAML syntax error: found unexpected end of stream while scanning a "
                     "quoted scalar (expected valid YAML)" },
    { "unknown-top-key.yaml", "7:1: unknown key 'clock' in the board (expected one of: name, "
                              "description, boot, cores, memory, devices, links, power)" },
    { "unknown-core-key.yaml", "4:34: unknown key 'clock_mhz' in a core (expected one of: name, "
                               "kind, clock_hz, clock_levels_hz, power, icache, dcache)" },
    { "missing-size.yaml", "6:5: missing required key 'size' in a memory region" },
    { "cores-not-list.yaml", "4:3: expected cores as a list" },
    { "bad-number.yaml", "6:41: expected a size in bytes (a number such as 12, 0x1f, 2.5 or 156M), "
                         "found '64KB'" },
    { "irq-range.yaml", "8:68: expected an interrupt number in [0, 479], found '500'" },
    { "overlap.yaml", "7:5: expected memory region 'ram2' [0x2000f000, 0x2001f000) not to overlap "
                      "memory region 'ram' [0x20000000, 0x20010000)" },
    { "duplicate-name.yaml", "9:5: duplicate device name 'uart0' (first at line 8)" },
    { "duplicate-key.yaml", "4:49: duplicate key 'kind' in a core" },
    { "bad-enum.yaml", "6:53: expected a memory kind (one of: flash, rom, sram, tcm, sdram), "
                       "found 'dram'" },
    { "bad-power-ref.yaml", "4:5: expected power 'cpux' of cpu to name a power component" },
    { "bad-initial.yaml", "9:14: expected initial to name one of the component's states, "
                          "found 'stop'" },
    { "clock-not-level.yaml", "4:45: expected clock_hz to be one of the core's clock_levels_hz" },
    { "boot-outside.yaml", "3:7: expected boot address 0x10000000 (the vector table) inside a "
                           "memory region" },
    { "empty.yaml", "1:1: expected a board description, found an empty document" },
    { "two-docs.yaml", "8:1: expected one board per file, found a second YAML document" },
    { "bad-link.yaml", "8:5: expected 'cam' of link 'l' to name a core or a device" },
    { "misaligned.yaml", "6:23: expected a multiple of 4 KiB (the bus maps 4 KiB pages)" },
    { "not-whole.yaml", "4:44: expected a clock in Hz as a whole number, found '2.5'" },
    { "multiline-description.yaml", "2:14: expected a one-line description" },
    { "cache-on-m4.yaml", "4:57: expected no icache on a cortex-m4 core (only cortex-m7 has "
                          "caches)" },
    { "cache-not-pow2.yaml", "4:86: expected a power of two, found '3'" },
    { "cache-missing-key.yaml", "4:57: missing required key 'miss_cycles' in a dcache" },
    { "cache-too-small.yaml", "4:64: expected the cache size to hold at least one set "
                              "(line x ways = 512 bytes)" },
    { "cache-unknown-key.yaml", "4:80: unknown key 'assoc' in an icache (expected one of: size, "
                                "line, ways, miss_cycles, hit_cycles)" },
    { "param-mapping.yaml", "11:13: expected a number, a string or a list of numbers, "
                            "found a mapping" },
};

static void test_each_bad_file(void **state)
{
    (void)state;
    size_t n = sizeof cases / sizeof cases[0];
    assert_true(n >= 10);
    for (size_t k = 0; k < n; k++) {
        char path[256], want[512], err[512] = "";
        struct board_desc b;
        snprintf(path, sizeof path, DIR "%s", cases[k].file);
        snprintf(want, sizeof want, "%s:%s", path, cases[k].message);
        int rc = board_load_file(path, &b, err, sizeof err);
        if (rc != BOARD_EPARSE || strcmp(err, want))
            fail_msg("%s: rc %d\n   got: %s\n  want: %s", cases[k].file, rc, err, want);
        assert_null(strchr(err, '\n'));   /* one line */
        board_free(&b);
    }
}

static void test_missing_file(void **state)
{
    (void)state;
    struct board_desc b;
    char err[256];
    assert_int_equal(board_load_file(DIR "no-such-file.yaml", &b, err, sizeof err), BOARD_ENOENT);
    assert_string_equal(err, DIR "no-such-file.yaml: cannot open: No such file or directory");
    assert_int_equal(board_load("no-such-board", &b, err, sizeof err), BOARD_ENOENT);
    assert_non_null(strstr(err, "no built-in board 'no-such-board' (built-in boards: "));
    board_free(&b);
}

/* A short error buffer truncates the message but never overflows. */
static void test_short_error_buffer(void **state)
{
    (void)state;
    struct board_desc b;
    char err[16];
    memset(err, 'x', sizeof err);
    assert_int_equal(board_load_file(DIR "overlap.yaml", &b, err, 12), BOARD_EPARSE);
    assert_int_equal(strlen(err), 11);
    assert_int_equal(err[12], 'x');
    board_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_bad_file),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_short_error_buffer),
    };
    return cmocka_run_group_tests_name("board_errors", tests, NULL, NULL);
}
