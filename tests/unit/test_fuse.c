/* SUBS/CMP + B<c> run as one handler inside a block (isa/branch.c CMP_B,
 * chosen by isa/codecache.c when a block is formed). Checked against the
 * manual, not against the unfused handlers: for every condition of table
 * A7-1 and operand pairs around the signed and unsigned boundaries, the
 * flags must be those of SUBS (A7.7.174: AddWithCarry(a, NOT(b), 1),
 * written out below from their definitions) and the branch must go as
 * ConditionPassed() says for them. The code runs twice: the first pass
 * decodes it one instruction at a time, the second runs the formed block,
 * where the pair is fused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "harness.h"

/* N Z C V of a - b, from their definitions (A2.2.1, A2.3.1). */
static void sub_flags(uint32_t a, uint32_t b, unsigned *n, unsigned *z, unsigned *cf, unsigned *v)
{
    uint32_t r = a - b;
    *n = r >> 31;
    *z = r == 0;
    *cf = a >= b;                                 /* no borrow */
    *v = ((a ^ b) & (a ^ r)) >> 31;               /* operands' signs differ, result's sign from b's */
}

/* ConditionPassed() for cond (A7.3.1 table A7-1). */
static bool passed(unsigned cond, unsigned n, unsigned z, unsigned cf, unsigned v)
{
    bool r;
    switch (cond >> 1) {
    case 0: r = z; break;
    case 1: r = cf; break;
    case 2: r = n; break;
    case 3: r = v; break;
    case 4: r = cf && !z; break;
    case 5: r = n == v; break;
    default: r = n == v && !z; break;
    }
    return (cond & 1) ? !r : r;
}

static const uint32_t vals[] = { 0, 1, 2, 0x7fffffffu, 0x80000000u, 0x80000001u, 0xfffffffeu, 0xffffffffu };

/* 0x1000 first (SUBS/CMP), 0x1002 B<cond> 0x1008, 0x1004 MOV r3,r4 (r4 = 1;
 * no flags), 0x1006 BKPT, 0x1008 MOV r3,r5 (r5 = 2), 0x100a BKPT. */
static void run_pair(const char *model, uint16_t first, bool imm, bool to_r2)
{
    struct harness *h = harness_new(model);
    for (unsigned cond = 0; cond < 14; cond++) {
        uint16_t code[] = { first, (uint16_t)(0xd001 | cond << 8), 0x4623, 0xbe00, 0x462b, 0xbe00 };
        harness_code(h, 0x1000, code, 6);
        for (size_t x = 0; x < sizeof vals / sizeof vals[0]; x++)
            for (size_t y = 0; y < sizeof vals / sizeof vals[0]; y++) {
                uint32_t a = vals[x], b = imm ? 7u : vals[y];
                for (int pass = 0; pass < 2; pass++) {
                    struct cpu *c = &h->cpu;
                    c->pc = 0x1000;
                    c->r[0] = a;
                    c->r[1] = b;
                    c->r[2] = 0x5a5a5a5au;
                    c->r[3] = 0;
                    c->r[4] = 1;
                    c->r[5] = 2;
                    c->n = c->z = c->c = c->v = 0;
                    uint64_t insns = c->insns;
                    assert_int_equal(cpu_run(c, c->cycles + 1000), CPU_STOP_BKPT);
                    unsigned n, z, cf, v;
                    sub_flags(a, b, &n, &z, &cf, &v);
                    assert_int_equal(c->n, n);
                    assert_int_equal(c->z, z);
                    assert_int_equal(c->c, cf);
                    assert_int_equal(c->v, v);
                    assert_int_equal(c->r[2], to_r2 ? a - b : 0x5a5a5a5au);
                    bool taken = passed(cond, n, z, cf, v);
                    assert_int_equal(c->r[3], taken ? 2 : 1);
                    assert_int_equal(c->pc, taken ? 0x100a : 0x1006);
                    assert_int_equal(c->insns - insns, 3); /* SUBS, B<c>, MOV (BKPT does not retire) */
                }
            }
    }
    harness_free(h);
}

static void cmp_reg_m4(void **state) { (void)state; run_pair("cortex-m4", 0x4288, false, false); } /* CMP r0, r1 */
static void cmp_imm_m4(void **state) { (void)state; run_pair("cortex-m4", 0x2807, true, false); } /* CMP r0, #7 */
static void subs_reg_m4(void **state) { (void)state; run_pair("cortex-m4", 0x1a42, false, true); } /* SUBS r2, r0, r1 */
static void subs_imm_m7(void **state) { (void)state; run_pair("cortex-m7", 0x1fc2, true, true); } /* SUBS r2, r0, #7 */
static void cmp_reg_m7(void **state) { (void)state; run_pair("cortex-m7", 0x4288, false, false); }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cmp_reg_m4),
        cmocka_unit_test(cmp_imm_m4),
        cmocka_unit_test(subs_reg_m4),
        cmocka_unit_test(subs_imm_m7),
        cmocka_unit_test(cmp_reg_m7),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
