/* FULLY_CONNECTED for ARMv7E-M: two weight rows per pass, so each input
 * word is split into its even/odd int16 pairs once and feeds four SMLADs. */
#include "models/runtime/kernels_armv7em.h"
#if defined(TT_HAVE_ARMV7EM_KERNELS)
#include "models/runtime/kernels_armv7em_simd.h"

static int32_t dot_row(const int8_t *x, const int8_t *w, int32_t n, int32_t off, int32_t acc)
{
    const int32_t off2 = offset_pair(off);
    int32_t d = 0;
    for (; d + 4 <= n; d += 4) {
        int32_t xv = rd_s8x4(x + d), wv = rd_s8x4(w + d);
        acc = mac2(sxa_even(off2, xv), sx_even(wv), mac2(sxa_odd(off2, xv), sx_odd(wv), acc));
    }
    for (; d < n; d++) acc += (x[d] + off) * w[d];
    return acc;
}

int tt_fully_connected_s8_armv7em(const tt_conv_params *p, int32_t batches, int32_t depth,
                                  const int8_t *in, int32_t units, const int8_t *weights,
                                  const int32_t *bias, int8_t *out)
{
    if (!offset_fits_lane(p->in_offset))
        return 0;
    const int32_t off = p->in_offset, off2 = offset_pair(off);
    const opt_epi e = epi_of(p);
    for (int32_t b = 0; b < batches; b++) {
        const int8_t *x = in + b * depth;
        int8_t *o = out + b * units;
        int32_t u = 0;
        for (; u + 2 <= units; u += 2) {
            const int8_t *w0 = weights + u * depth, *w1 = w0 + depth;
            int32_t s0 = bias ? bias[u] : 0, s1 = bias ? bias[u + 1] : 0;
            int32_t d = 0;
            for (; d + 4 <= depth; d += 4) {
                int32_t xv = rd_s8x4(x + d);
                int32_t xe = sxa_even(off2, xv), xo = sxa_odd(off2, xv);
                int32_t wv = rd_s8x4(w0 + d);
                s0 = mac2(xe, sx_even(wv), mac2(xo, sx_odd(wv), s0));
                wv = rd_s8x4(w1 + d);
                s1 = mac2(xe, sx_even(wv), mac2(xo, sx_odd(wv), s1));
            }
            for (; d < depth; d++) {
                s0 += (x[d] + off) * w0[d];
                s1 += (x[d] + off) * w1[d];
            }
            o[u] = opt_finish(&e, s0, u);
            o[u + 1] = opt_finish(&e, s1, u + 1);
        }
        if (u < units)
            o[u] = opt_finish(&e, dot_row(x, weights + u * depth, depth, off, bias ? bias[u] : 0), u);
    }
    return 1;
}

#else
typedef int tt_armv7em_fc_unused; /* ISO C wants a declaration in every file */
#endif
