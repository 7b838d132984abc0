/* Overflow-checked size arithmetic for every reader of untrusted files
 * (.tflite/.ttm, ELF/.bin, traces): a size, count or shape that comes from
 * a file is combined only through these, so a crafted value is refused
 * instead of wrapping. Portable C (no compiler builtins): the firmware
 * builds the model runtime too.
 *
 * Each returns 1 and stores the result when it fits, else 0 and leaves
 * *out alone. */
#ifndef TT_CHECKED_H
#define TT_CHECKED_H

#include <stddef.h>
#include <stdint.h>

static inline int tt_add_size(size_t a, size_t b, size_t *out)
{
    if (a > SIZE_MAX - b) return 0;
    *out = a + b;
    return 1;
}

static inline int tt_mul_size(size_t a, size_t b, size_t *out)
{
    if (b && a > SIZE_MAX / b) return 0;
    *out = a * b;
    return 1;
}

static inline int tt_add_u64(uint64_t a, uint64_t b, uint64_t *out)
{
    if (a > UINT64_MAX - b) return 0;
    *out = a + b;
    return 1;
}

static inline int tt_mul_u64(uint64_t a, uint64_t b, uint64_t *out)
{
    if (b && a > UINT64_MAX / b) return 0;
    *out = a * b;
    return 1;
}

/* [off, off+len) lies inside a buffer of total bytes. */
static inline int tt_span_ok(uint64_t off, uint64_t len, uint64_t total)
{
    return off <= total && len <= total - off;
}

/* int32 products and sums (shapes, strides, depth multipliers). */
static inline int tt_mul_i32(int32_t a, int32_t b, int32_t *out)
{
    int64_t p = (int64_t)a * (int64_t)b; /* exact: |a*b| < 2^62 */
    if (p < INT32_MIN || p > INT32_MAX) return 0;
    *out = (int32_t)p;
    return 1;
}

static inline int tt_add_i32(int32_t a, int32_t b, int32_t *out)
{
    int64_t s = (int64_t)a + (int64_t)b;
    if (s < INT32_MIN || s > INT32_MAX) return 0;
    *out = (int32_t)s;
    return 1;
}

#endif
