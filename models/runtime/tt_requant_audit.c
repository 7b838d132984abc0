/* The audit build's tt_requant: double rounding (TFLite's default) that also
 * computes single rounding and counts where, and why, the two differ. Only
 * compiled to something when TT_REQUANT_AUDIT is defined (a test variant of
 * ttemu); the counters exist in every build so callers need no #ifdefs. */
#include "models/runtime/tt_requant.h"

tt_requant_stats tt_requant_audit_stats;

int tt_requant_build_mode(void)
{
#if defined(TT_REQUANT_AUDIT)
    return 2;
#elif defined(TT_SINGLE_ROUNDING)
    return 1;
#else
    return 0;
#endif
}

#if defined(TT_REQUANT_AUDIT)
/* A tie: some rounding step of either method saw a remainder of exactly one
 * half. Those are the only inputs where the two methods may disagree. */
static int at_tie(int32_t x, int32_t mult, int32_t shift)
{
    int left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift;
    int64_t ab = (int64_t)x * (INT64_C(1) << left) * (int64_t)mult;
    uint64_t mask31 = (UINT64_C(1) << 31) - 1u;
    if (((uint64_t)ab & mask31) == (UINT64_C(1) << 30))
        return 1; /* first (high-mul) rounding at a half */
    int total = 31 + right;
    uint64_t mask_total = (UINT64_C(1) << total) - 1u;
    if (((uint64_t)ab & mask_total) == (UINT64_C(1) << (total - 1)))
        return 1; /* the exact product at a half of the final LSB */
    if (right > 0) {
        int32_t h = tt_srdhm((int32_t)((int64_t)x * (INT64_C(1) << left)), mult);
        uint32_t m = (UINT32_C(1) << right) - 1u;
        if (((uint32_t)h & m) == (UINT32_C(1) << (right - 1)))
            return 1; /* second rounding at a half made by the first */
    }
    return 0;
}

int32_t tt_requant_audit(int32_t x, int32_t mult, int32_t shift)
{
    int32_t d = tt_requant_double(x, mult, shift);
    int32_t s = tt_requant_single(x, mult, shift);
    tt_requant_stats *st = &tt_requant_audit_stats;
    st->calls++;
    if (d != s) {
        uint32_t diff = (uint32_t)(d > s ? d - s : s - d);
        st->differ++;
        if (at_tie(x, mult, shift))
            st->differ_tie++;
        else
            st->differ_other++;
        if (diff > st->max_abs_diff)
            st->max_abs_diff = diff;
    }
    return d;
}
#endif
