/* The decoder's overlap rules (issue 10): decode_init() refuses patterns
 * that can match the same encoding unless they declare a common overlap
 * group, a group on a pattern that overlaps nothing, and a pattern an
 * earlier one hides. The encodings are the manual's (ARMv7-M ARM A5.3.5:
 * POP T2 is LDM T2 with Rn = SP and W = 1). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "isa/cpu.h"
#include "isa/decode.h"

static bool d_any(struct insn *i, const uint32_t *f)
{
    (void)i, (void)f;
    return true;
}

#define POP_T2 "1110 1000 1011 1101 | P:1 M:1 (0) list:13"
#define LDM_T2 "1110 1000 10 W:1 1 Rn:4 | P:1 M:1 (0) list:13"
#define STM_T2 "1110 1000 10 W:1 0 Rn:4 | (0) M:1 (0) list:13"

static bool check(const struct pattern *p, unsigned n, char *err)
{
    return decode_check_patterns(p, n, err, 512);
}

/* POP T2 before LDM T2 in one group: accepted. */
static void declared_overlap_accepted(void **state)
{
    (void)state;
    const struct pattern p[] = {
        { "{ldm} " POP_T2, d_any, "POP T2", K_LDM, FEAT_NONE },
        { "{ldm} " LDM_T2, d_any, "LDM T2", K_LDM, FEAT_NONE },
        { STM_T2, d_any, "STM T2", K_STM, FEAT_NONE },
    };
    char err[512] = "";
    assert_true(check(p, 3, err));
}

/* The same pair without the group: refused, naming both. */
static void unmarked_overlap_refused(void **state)
{
    (void)state;
    const struct pattern p[] = {
        { POP_T2, d_any, "POP T2", K_LDM, FEAT_NONE },
        { LDM_T2, d_any, "LDM T2", K_LDM, FEAT_NONE },
    };
    char err[512] = "";
    assert_false(check(p, 2, err));
    assert_non_null(strstr(err, "POP T2"));
    assert_non_null(strstr(err, "LDM T2"));
    assert_non_null(strstr(err, "overlap group"));
}

/* Different groups do not license the overlap either. */
static void different_groups_refused(void **state)
{
    (void)state;
    const struct pattern p[] = {
        { "{pop} " POP_T2, d_any, "POP T2", K_LDM, FEAT_NONE },
        { "{ldm} " LDM_T2, d_any, "LDM T2", K_LDM, FEAT_NONE },
    };
    char err[512] = "";
    assert_false(check(p, 2, err));
}

/* The general form first hides the specific one: refused. */
static void hidden_pattern_refused(void **state)
{
    (void)state;
    const struct pattern p[] = {
        { "{ldm} " LDM_T2, d_any, "LDM T2", K_LDM, FEAT_NONE },
        { "{ldm} " POP_T2, d_any, "POP T2", K_LDM, FEAT_NONE },
    };
    char err[512] = "";
    assert_false(check(p, 2, err));
    assert_non_null(strstr(err, "never match"));
}

/* A group on patterns that do not overlap (LDM/STM differ in bit 20). */
static void stale_group_refused(void **state)
{
    (void)state;
    const struct pattern p[] = {
        { "{ldm} " LDM_T2, d_any, "LDM T2", K_LDM, FEAT_NONE },
        { "{ldm} " STM_T2, d_any, "STM T2", K_STM, FEAT_NONE },
    };
    char err[512] = "";
    assert_false(check(p, 2, err));
    assert_non_null(strstr(err, "overlaps nothing"));
}

/* A 16-bit and a 32-bit pattern never overlap, whatever their bits. */
static void widths_do_not_overlap(void **state)
{
    (void)state;
    const struct pattern p[] = {
        { "xxxx xxxx xxxx xxxx", d_any, "any16", K_NOP, FEAT_NONE },
        { "xxxx xxxx xxxx xxxx | xxxx xxxx xxxx xxxx", d_any, "any32", K_NOP, FEAT_NONE },
    };
    char err[512] = "";
    assert_true(check(p, 2, err));
}

/* The real tables pass (decode_init aborts otherwise), and an overlap
 * across class files resolves as declared: 0x4348 is MULS r0,r1,r0 (mul.c,
 * group mul16), not the ALU register form of dp.c. */
static void real_tables(void **state)
{
    (void)state;
    decode_init();
    struct insn i = { .addr = 0x1000 };
    int k = decode_insn(cpu_model_find("cortex-m4"), 0x4348, 0, false, &i);
    assert_true(k >= 0);
    assert_string_equal(decode_pattern_name((unsigned)k), "MUL T1");
    assert_int_equal(i.kind, K_MUL);
}

/* Fields over fixed bits (NAME:LEN=BITS) and fields named for what they
 * are: ADDS r3,r5,#0 (1c2b, A7.7.3 T1) reads r5 only (bits 8:6 are imm3,
 * not Rm); LDR.W r0,[r1,#8] (f8d1 0008) and STRH.W r0,[r1,#8] (f8a1 0008)
 * get their access from the pattern's L/size fields; POP.W {r4,pc}
 * (e8bd 8010) reads SP from its fixed Rn; BLX r3 (4798) has L = 1. */
static void named_fields(void **state)
{
    (void)state;
    decode_init();
    const struct cpu_model *m4 = cpu_model_find("cortex-m4");
    struct insn i = { .addr = 0x1000 };
    int k = decode_insn(m4, 0x1c2b, 0, false, &i);
    assert_string_equal(decode_pattern_name((unsigned)k), "ADD/SUB (imm3) T1");
    assert_int_equal(i.rmask, 1u << 5);
    assert_int_equal(i.imm, 0);
    k = decode_insn(m4, 0xf8d1, 0x0008, false, &i);
    assert_string_equal(decode_pattern_name((unsigned)k), "LDR (immediate) T3");
    assert_int_equal(i.kind, K_LOAD);
    k = decode_insn(m4, 0xf8a1, 0x0008, false, &i);
    assert_string_equal(decode_pattern_name((unsigned)k), "STRH (immediate) T2");
    assert_int_equal(i.kind, K_STORE);
    k = decode_insn(m4, 0xe8bd, 0x8010, false, &i);
    assert_string_equal(decode_pattern_name((unsigned)k), "POP T2");
    assert_true(i.rmask & (1u << 13));
    assert_int_equal(i.imm, 0x8010);
    k = decode_insn(m4, 0x4798, 0, false, &i);
    assert_string_equal(decode_pattern_name((unsigned)k), "BX/BLX (register)");
    assert_int_equal(i.rm, 3);
}

/* NAME:LEN=BITS must give exactly LEN bits. */
static void fixed_field_length(void **state)
{
    (void)state;
    const struct pattern ok[] = {
        { "0101 op:3=000 Rm:3 Rn:3 Rt:3", d_any, "STR (register) T1", K_STORE, FEAT_NONE },
        { "0101 op:3=001 Rm:3 Rn:3 Rt:3", d_any, "STRH (register) T1", K_STORE, FEAT_NONE },
    };
    char err[512] = "";
    assert_true(check(ok, 2, err)); /* the fixed op bits keep them apart */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(declared_overlap_accepted),
        cmocka_unit_test(unmarked_overlap_refused),
        cmocka_unit_test(different_groups_refused),
        cmocka_unit_test(hidden_pattern_refused),
        cmocka_unit_test(stale_group_refused),
        cmocka_unit_test(widths_do_not_overlap),
        cmocka_unit_test(real_tables),
        cmocka_unit_test(named_fields),
        cmocka_unit_test(fixed_field_length),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
