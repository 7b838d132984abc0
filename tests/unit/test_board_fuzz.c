/* A bounded mutation run of the board parser: every built-in board, many
 * times over, with bytes flipped, deleted, duplicated or replaced by
 * characters YAML cares about. Each result must be either a parsed board
 * or one line "SOURCE:LINE:COL: ..."; nothing may crash or hang (run it
 * under `make SAN=1` for memory errors). A fixed seed keeps it repeatable. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "emu/board/board.h"

#define ROUNDS_PER_BOARD 400

static uint64_t rng_next(uint64_t *s)
{
    /* xorshift64*: small, deterministic, good enough to pick mutations */
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ull;
}

static const char yaml_chars[] = ":-[]{},#&*!|>'\"%@` \n\t0x9Mi.";

/* Applies 1 to 4 random edits to buf (len bytes, capacity cap). */
static size_t mutate(char *buf, size_t len, size_t cap, uint64_t *s)
{
    int edits = 1 + (int)(rng_next(s) % 4);
    for (int e = 0; e < edits && len > 0; e++) {
        size_t at = rng_next(s) % len;
        switch (rng_next(s) % 5) {
        case 0:  /* replace with a YAML-significant character */
            buf[at] = yaml_chars[rng_next(s) % (sizeof yaml_chars - 1)];
            break;
        case 1:  /* flip a bit (may make invalid UTF-8 or NUL) */
            buf[at] ^= (char)(1u << (rng_next(s) % 8));
            break;
        case 2: {  /* delete a run */
            size_t n = 1 + rng_next(s) % 16;
            if (at + n > len)
                n = len - at;
            memmove(buf + at, buf + at + n, len - at - n);
            len -= n;
            break;
        }
        case 3: {  /* duplicate a run (a line, an item, a key) */
            size_t n = 1 + rng_next(s) % 64;
            if (at + n > len)
                n = len - at;
            if (len + n <= cap) {
                memmove(buf + at + n, buf + at, len - at);
                len += n;
            }
            break;
        }
        default:  /* truncate */
            len = at;
            break;
        }
    }
    return len;
}

/* "builtin:NAME.yaml:L:C: ..." with L and C positive, one line. */
static void check_error(const char *err, const char *source)
{
    size_t n = strlen(source);
    unsigned line = 0, col = 0;
    if (strncmp(err, source, n) || err[n] != ':' ||
        sscanf(err + n, ":%u:%u: ", &line, &col) != 2 || line == 0 || col == 0 ||
        strchr(err, '\n'))
        fail_msg("malformed error message: '%s'", err);
}

static void test_mutations(void **state)
{
    (void)state;
    const char *const *names;
    size_t nboards = board_builtin_names(&names);
    uint64_t seed = 0x7474656d75ull;  /* "ttemu" */
    unsigned parsed = 0, rejected = 0;
    for (size_t k = 0; k < nboards; k++) {
        size_t len0;
        const char *text = board_builtin_text(names[k], &len0);
        size_t cap = len0 * 2 + 64;
        char *buf = malloc(cap), source[96];
        snprintf(source, sizeof source, "fuzz:%s.yaml", names[k]);
        for (int r = 0; r < ROUNDS_PER_BOARD; r++) {
            memcpy(buf, text, len0);
            size_t len = mutate(buf, len0, cap, &seed);
            struct board_desc b;
            char err[512] = "";
            int rc = board_load_text(buf, len, source, &b, err, sizeof err);
            if (rc == BOARD_OK) {
                parsed++;
                assert_true(b.ncores >= 1 && b.nregions >= 1);
            } else {
                rejected++;
                assert_int_equal(rc, BOARD_EPARSE);
                check_error(err, source);
            }
            board_free(&b);
        }
        free(buf);
    }
    /* both outcomes must occur, or the mutations are not exercising much */
    assert_true(parsed > 0);
    assert_true(rejected > parsed);
    printf("fuzz: %u mutated boards parsed, %u rejected with a located message\n", parsed, rejected);
}

/* Structures a mutation rarely reaches: deep nesting, aliases (even to
 * themselves), anchors everywhere, huge numbers, long keys. */
static void test_hostile_shapes(void **state)
{
    (void)state;
    const char *cases[] = {
        "a: &x [*x]\n",
        "&r {name: *r}\n",
        "name: t\ndescription: d\ncores: &c [*c]\nmemory: []\n",
        "name: t\ndescription: d\ncores: [[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]\nmemory: []\n",
        "name: 99999999999999999999999999999999999999\n",
        "name: t\ndescription: d\ncores: [{name: c, kind: cortex-m4, clock_hz: 1e308}]\nmemory: []\n",
        "name: t\ndescription: d\ncores: [{name: c, kind: cortex-m4, clock_hz: 0x1ffffffffffffffff}]\n",
        "? [a, b]\n: c\n",
        "name: !!binary aGVsbG8=\n",
        "%YAML 1.1\n---\nname: t\n...\n",
        "\xef\xbb\xbfname: t\n",
        "name: \"\\0\"\n",
        "name: t\ndescription: d\ncores:\n  - &k {name: c, kind: cortex-m4, clock_hz: 1}\n  - *k\n"
        "memory: [{name: m, base: 0, size: 4Ki, kind: sram}]\n",
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct board_desc b;
        char err[512] = "";
        int rc = board_load_text(cases[k], strlen(cases[k]), "h.yaml", &b, err, sizeof err);
        if (rc != BOARD_EPARSE)
            fail_msg("case %zu parsed (rc %d)", k, rc);
        check_error(err, "h.yaml");
        board_free(&b);
    }
}

/* Deep nesting is cut off before libyaml's loader (which slows down
 * quadratically with depth: 100000 levels would take about a minute).
 * "name: " is 6 columns and the root mapping is level 1, so the 16th '['
 * (column 22) opens level 17. */
static void test_deep_nesting(void **state)
{
    (void)state;
    size_t n = 100000;
    char *text = malloc(2 * n + 16);
    memcpy(text, "name: ", 6);
    memset(text + 6, '[', n);
    memset(text + 6 + n, ']', n);
    memcpy(text + 6 + 2 * n, "\n", 2);
    struct board_desc b;
    char err[256];
    assert_int_equal(board_load_text(text, 2 * n + 7, "deep.yaml", &b, err, sizeof err), BOARD_EPARSE);
    assert_string_equal(err, "deep.yaml:1:22: expected at most 16 levels of nesting");
    board_free(&b);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mutations),
        cmocka_unit_test(test_hostile_shapes),
        cmocka_unit_test(test_deep_nesting),
    };
    return cmocka_run_group_tests_name("board_fuzz", tests, NULL, NULL);
}
