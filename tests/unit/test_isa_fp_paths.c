/* isa/fp_soft.c has two ways to every result: host IEEE arithmetic for the
 * common case (round to nearest, normal operands, results well inside the
 * normal range) and the manual's pseudocode in integer arithmetic for the
 * rest. test_isa_fp_soft.c checks hand-worked special values; this test
 * checks that the two paths agree, bit for bit and flag for flag, on
 * random operands biased toward the edges where the fast path must hand
 * over (near the underflow and overflow thresholds, subnormals, ties,
 * cancellation), with FZ and DN on and off. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "isa/fp_soft.h"

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t xr(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* A value of the format, with the exponent drawn from interesting bands. */
static uint64_t val(bool dp)
{
    uint64_t r = xr();
    if (!dp) {
        r &= 0xffffffffu;
        switch (xr() % 7) {
        case 0: return (r & 0x807fffffu) | (100 + xr() % 56) << 23; /* around 1 */
        case 1: return (r & 0x807fffffu) | (xr() % 4) << 23;         /* subnormal / smallest normals */
        case 2: return (r & 0x807fffffu) | (250 + xr() % 5) << 23;   /* near overflow */
        case 3: return r & 0xff800007u;                              /* few mantissa bits: ties */
        case 4: return (r & 0x807fffffu) | (60 + xr() % 10) << 23;   /* products near underflow */
        default: return r;
        }
    }
    switch (xr() % 7) {
    case 0: return (r & 0x800fffffffffffffull) | (1000 + xr() % 50) << 52;
    case 1: return (r & 0x800fffffffffffffull) | (600 + xr() % 40) << 52; /* fast band edges */
    case 2: return (r & 0x800fffffffffffffull) | (1400 + xr() % 40) << 52;
    case 3: return r & 0xfff0000000000007ull;
    case 4: return (r & 0x800fffffffffffffull) | (xr() % 3) << 52;
    default: return r;
    }
}

static uint64_t one_op(unsigned op, enum fp_fmt f, uint64_t a, uint64_t b, uint64_t c, unsigned k,
                       struct fpst *st)
{
    unsigned fb = k % 3 ? 0 : k % 33, size = k % 5 ? 32 : 16;
    if (size == 16 && fb > 16)
        fb = 16;
    switch (op) {
    case 0: return fp_add(f, a, b, st);
    case 1: return fp_sub(f, a, b, st);
    case 2: return fp_mul(f, a, b, st);
    case 3: return fp_div(f, a, b, st);
    case 4: return fp_sqrt(f, a, st);
    case 5: return fp_muladd(f, c, a, b, st);
    case 6: return fp_to_fixed(f, a, fb, k & 1, size, (enum fp_rounding)(k % 2 ? FPR_ZERO : k % 5), st);
    default: return fp_from_fixed(f, (uint32_t)b >> (k % 32), fb, k & 1, size, (enum fp_rounding)(k % 4), st);
    }
}

static void t_paths_agree(void **state)
{
    (void)state;
    unsigned bad = 0;
    for (unsigned n = 0; n < 400000; n++) {
        bool dp = xr() & 1;
        enum fp_fmt f = dp ? FP64 : FP32;
        unsigned op = (unsigned)(xr() % 8), k = (unsigned)xr();
        uint64_t a = val(dp), b = val(dp), c = val(dp);
        if (xr() % 8 == 0) /* near-cancellation */
            b = a ^ (dp ? 1ull << 63 : 0x80000000u) ^ (xr() & 3);
        if (op == 5 && xr() % 3 == 0) { /* addend cancelling the product */
            struct fpst t = { 0, 0 };
            c = fp_mul(f, a, b, &t) ^ (dp ? 1ull << 63 : 0x80000000u) ^ (xr() & 3);
        }
        uint32_t ctl = (xr() % 4 == 0 ? FPSCR_FZ : 0) | (xr() % 4 == 0 ? FPSCR_DN : 0);
        struct fpst s1 = { ctl, 0 }, s2 = { ctl, 0 };
        fp_soft_fast = true;
        uint64_t r1 = one_op(op, f, a, b, c, k, &s1);
        fp_soft_fast = false;
        uint64_t r2 = one_op(op, f, a, b, c, k, &s2);
        fp_soft_fast = true;
        if (r1 != r2 || s1.exc != s2.exc) {
            if (bad++ < 10)
                print_error("op %u %s ctl %#x a %#llx b %#llx c %#llx k %u: fast %#llx/%#x, pseudocode %#llx/%#x\n",
                            op, dp ? "F64" : "F32", ctl, (unsigned long long)a, (unsigned long long)b,
                            (unsigned long long)c, k, (unsigned long long)r1, s1.exc,
                            (unsigned long long)r2, s2.exc);
        }
    }
    assert_int_equal(bad, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t_paths_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
