/* Fixed-point requantisation: acc * (multiplier * 2^shift / 2^31), the
 * arithmetic TFLite uses to turn int32 accumulators into int8 outputs.
 *
 * Two roundings exist in TFLite and both are provided:
 *  - double rounding (gemmlowp, TFLite's default): a saturating rounding
 *    doubling high multiply, then a rounding right shift (ties away from 0);
 *  - single rounding (TFLITE_SINGLE_ROUNDING): one 64-bit product rounded
 *    once, ties toward +infinity. XNNPack, hence the oracle, matches this.
 * The kernels call tt_requant(); the build picks which one it is:
 *    default                  double rounding
 *    -DTT_SINGLE_ROUNDING     single rounding
 *    -DTT_REQUANT_AUDIT       double rounding, and every call is compared
 *                             with single rounding (tt_requant_audit.c) so a
 *                             test can prove they differ only at ties. */
#ifndef TT_REQUANT_H
#define TT_REQUANT_H

#include <stdint.h>

/* gemmlowp SaturatingRoundingDoublingHighMul: round(a*b / 2^31), ties away
 * from zero; the single overflow case (INT32_MIN^2) saturates. */
static inline int32_t tt_srdhm(int32_t a, int32_t b)
{
    if (a == INT32_MIN && b == INT32_MIN)
        return INT32_MAX;
    int64_t ab = (int64_t)a * (int64_t)b;
    int64_t nudge = ab >= 0 ? (INT64_C(1) << 30) : (1 - (INT64_C(1) << 30));
    int64_t x = ab + nudge;
    /* gemmlowp divides by 2^31 truncating toward zero. Done branch-free with
     * shifts (adding 2^31-1 to negatives first): accumulator signs are
     * unpredictable, and the firmware build needs no 64-bit division. */
    int64_t bias = (int64_t)((uint64_t)(x >> 63) & ((UINT64_C(1) << 31) - 1u));
    return (int32_t)((x + bias) >> 31);
}

/* gemmlowp RoundingDivideByPOT: x / 2^exponent, ties away from zero. */
static inline int32_t tt_rdivpot(int32_t x, int exponent)
{
    int32_t mask = (int32_t)((UINT32_C(1) << exponent) - 1u);
    int32_t remainder = x & mask;
    int32_t threshold = (mask >> 1) + (int32_t)(x < 0);
    return (x >> exponent) + (int32_t)(remainder > threshold);
}

static inline int32_t tt_requant_double(int32_t x, int32_t mult, int32_t shift)
{
    int left = shift > 0 ? shift : 0;
    int right = shift > 0 ? 0 : -shift;
    /* Multiply instead of << so negative x is well defined in C. */
    return tt_rdivpot(tt_srdhm((int32_t)((int64_t)x * (INT64_C(1) << left)), mult), right);
}

static inline int32_t tt_requant_single(int32_t x, int32_t mult, int32_t shift)
{
    int total = 31 - shift; /* shift in [-31, 30] => total in [1, 62] */
    int64_t round = INT64_C(1) << (total - 1);
    int64_t r = (int64_t)x * (int64_t)mult + round;
    /* Arithmetic shift of a negative int64: implementation-defined in C,
     * arithmetic on every compiler we target (gcc, clang, arm-none-eabi). */
    return (int32_t)(r >> total);
}

#if defined(TT_REQUANT_AUDIT)
int32_t tt_requant_audit(int32_t x, int32_t mult, int32_t shift);
#define tt_requant tt_requant_audit
#elif defined(TT_SINGLE_ROUNDING)
#define tt_requant tt_requant_single
#else
#define tt_requant tt_requant_double
#endif

/* Counters kept by the audit build (all zero in other builds). */
typedef struct {
    uint64_t calls;        /* requantisations performed */
    uint64_t differ;       /* double != single */
    uint64_t differ_tie;   /* ... and the input was at a rounding tie */
    uint64_t differ_other; /* ... anywhere else: must stay 0 */
    uint32_t max_abs_diff;
} tt_requant_stats;

extern tt_requant_stats tt_requant_audit_stats;
int tt_requant_build_mode(void); /* 0 double, 1 single, 2 audit */

#endif
