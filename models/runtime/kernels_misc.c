/* Index and float kernels of MoveNet's post-processing (issue 16):
 * broadcasting for the element-wise operators, int32 and float32
 * arithmetic, ARG_MAX, PACK/UNPACK, GATHER_ND, SQRT. TFLite's reference
 * semantics (reference_ops: broadcast rules, arg_min_max.h, floor_div.h,
 * pack.h, unpack.h, gather_nd.h); nothing from libc beyond string.h. */
#include <string.h>
#include "models/runtime/tt_kernels.h"

/* Right-aligned NumPy broadcasting onto a 4-D output: per-dimension element
 * strides of an input, 0 where it is broadcast (its dim is 1, or absent). */
void tt_bcast_strides(const int32_t *in_dims, int in_ndim, const int32_t out4[4], int32_t stride[4])
{
    int32_t s = 1;
    for (int d = 3; d >= 0; d--) {
        int src = d - (4 - in_ndim);
        int32_t dim = src >= 0 ? in_dims[src] : 1;
        stride[d] = dim == 1 && out4[d] != 1 ? 0 : s;
        s *= dim;
    }
}

/* The input element offset of output element (i0, i1, i2, i3). */
static inline uint32_t off4(const int32_t st[4], int32_t i0, int32_t i1, int32_t i2, int32_t i3)
{
    return (uint32_t)(i0 * st[0] + i1 * st[1] + i2 * st[2] + i3 * st[3]);
}

static int32_t floor_div_i32(int32_t a, int32_t b)
{
    if (a == INT32_MIN && b == -1) return INT32_MAX; /* saturate the one overflow */
    int32_t q = a / b;
    return q - ((a % b != 0) && ((a < 0) != (b < 0)));
}

int tt_binary_i32(int op, const int32_t out4[4], const int32_t sa[4], const int32_t *a, const int32_t sb[4],
                  const int32_t *b, int32_t *out)
{
    uint32_t k = 0;
    for (int32_t i0 = 0; i0 < out4[0]; i0++)
    for (int32_t i1 = 0; i1 < out4[1]; i1++)
    for (int32_t i2 = 0; i2 < out4[2]; i2++)
    for (int32_t i3 = 0; i3 < out4[3]; i3++, k++) {
        int32_t x = a[off4(sa, i0, i1, i2, i3)], y = b[off4(sb, i0, i1, i2, i3)];
        /* int32 ADD/SUB/MUL wrap as two's complement (computed unsigned:
         * no undefined overflow); FLOOR_DIV by 0 is an error, as in TFLite. */
        switch (op) {
        case TT_BIN_ADD: out[k] = (int32_t)((uint32_t)x + (uint32_t)y); break;
        case TT_BIN_SUB: out[k] = (int32_t)((uint32_t)x - (uint32_t)y); break;
        case TT_BIN_MUL: out[k] = (int32_t)((uint32_t)x * (uint32_t)y); break;
        default:
            if (y == 0) return -1;
            out[k] = floor_div_i32(x, y);
            break;
        }
    }
    return 0;
}

void tt_binary_f32(int op, const int32_t out4[4], const int32_t sa[4], const float *a, const int32_t sb[4],
                   const float *b, float *out)
{
    uint32_t k = 0;
    for (int32_t i0 = 0; i0 < out4[0]; i0++)
    for (int32_t i1 = 0; i1 < out4[1]; i1++)
    for (int32_t i2 = 0; i2 < out4[2]; i2++)
    for (int32_t i3 = 0; i3 < out4[3]; i3++, k++) {
        float x = a[off4(sa, i0, i1, i2, i3)], y = b[off4(sb, i0, i1, i2, i3)];
        out[k] = op == TT_BIN_ADD ? x + y : op == TT_BIN_SUB ? x - y : op == TT_BIN_MUL ? x * y : x / y;
    }
}

void tt_bcast_s8(const int32_t out4[4], const int32_t sa[4], const int8_t *a, const int32_t sb[4],
                 const int8_t *b, int8_t *out, tt_s8_binary_fn fn, const void *params)
{
    uint32_t k = 0;
    for (int32_t i0 = 0; i0 < out4[0]; i0++)
    for (int32_t i1 = 0; i1 < out4[1]; i1++)
    for (int32_t i2 = 0; i2 < out4[2]; i2++)
    for (int32_t i3 = 0; i3 < out4[3]; i3++, k++)
        fn(params, 1, a + off4(sa, i0, i1, i2, i3), 1, b + off4(sb, i0, i1, i2, i3), 1, out + k);
}

/* First index of the largest value along the axis (TFLite keeps the first
 * of equal maxima: it replaces only on a strictly greater value). */
void tt_argmax_s8(const int8_t *in, int32_t outer, int32_t axis_len, int32_t inner, int32_t *out)
{
    for (int32_t o = 0; o < outer; o++)
        for (int32_t i = 0; i < inner; i++) {
            const int8_t *p = in + (int64_t)o * axis_len * inner + i;
            int32_t best = 0;
            for (int32_t a = 1; a < axis_len; a++)
                if (p[(int64_t)a * inner] > p[(int64_t)best * inner]) best = a;
            out[(int64_t)o * inner + i] = best;
        }
}

void tt_unpack(const void *in, int32_t outer, int32_t n_out, int32_t inner_bytes, void *const *out)
{
    const uint8_t *src = in;
    for (int32_t o = 0; o < outer; o++)
        for (int32_t k = 0; k < n_out; k++, src += inner_bytes)
            memcpy((uint8_t *)out[k] + (size_t)o * (size_t)inner_bytes, src, (size_t)inner_bytes);
}

int tt_gather_nd(const void *params, const int32_t *pdims, int p_ndim, const int32_t *idx, uint32_t n_idx,
                 int32_t depth, uint32_t elem_bytes, void *out)
{
    uint32_t slice = 1;
    for (int d = depth; d < p_ndim; d++) slice *= (uint32_t)pdims[d];
    const uint8_t *src = params;
    uint8_t *dst = out;
    for (uint32_t n = 0; n < n_idx; n++) {
        uint32_t off = 0;
        for (int d = 0; d < depth; d++) {
            int32_t v = idx[n * (uint32_t)depth + (uint32_t)d];
            if (v < 0 || v >= pdims[d]) return -1; /* TFLite: an error, not a read */
            off = off * (uint32_t)pdims[d] + (uint32_t)v;
        }
        memcpy(dst + (size_t)n * slice * elem_bytes, src + (size_t)off * slice * elem_bytes, (size_t)slice * elem_bytes);
    }
    return 0;
}

static float bits_f(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }
static uint32_t f_bits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }

/* Correctly rounded float square root without libm: Newton's method in
 * double, then the float result is checked against the two neighbouring
 * midpoints, whose squares are exact in double (25-bit values). */
static float sqrt_f32(float x)
{
    if (!(x == x) || x < 0.0f) return bits_f(0x7fc00000u); /* NaN */
    if (x == 0.0f || f_bits(x) == 0x7f800000u) return x;    /* +-0, +inf */
    double xd = x, y = bits_f((f_bits(x) >> 1) + 0x1fbd1df5u);
    for (int i = 0; i < 60; i++) { /* converges in ~5 steps; denormals need more */
        double ny = 0.5 * (y + xd / y);
        if (ny == y) break;
        y = ny;
    }
    float r = (float)y;
    for (int i = 0; i < 2; i++) {
        float up = bits_f(f_bits(r) + 1u), dn = bits_f(f_bits(r) - 1u);
        double hi = ((double)r + (double)up) * 0.5, lo = ((double)r + (double)dn) * 0.5;
        if (hi * hi < xd || (hi * hi == xd && (f_bits(r) & 1u))) r = up;
        else if (lo * lo > xd || (lo * lo == xd && (f_bits(r) & 1u))) r = dn;
    }
    return r;
}

void tt_sqrt_f32(uint32_t n, const float *in, float *out)
{
    for (uint32_t i = 0; i < n; i++) out[i] = sqrt_f32(in[i]);
}
