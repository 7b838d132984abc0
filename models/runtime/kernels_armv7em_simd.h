/* The few DSP-extension operations the ARMv7E-M kernels are built from,
 * and the requantising epilogue they share. Internal to
 * kernels_armv7em_*.c; included only under TT_KERNELS_OPT && __ARM_FEATURE_DSP.
 *
 * Lane notation: a word w holds int8 bytes [b0,b1,b2,b3] (b0 lowest);
 * "even" is the int16 pair [b0,b2] and "odd" is [b1,b3]. Multiplying the
 * even pair of x by the even pair of w and the odd by the odd (two SMLADs)
 * gives x0*w0 + x1*w1 + x2*w2 + x3*w3: the bytes never need reordering. */
#ifndef TT_KERNELS_ARMV7EM_SIMD_H
#define TT_KERNELS_ARMV7EM_SIMD_H

#include <stdint.h>
#include <string.h>
#include "models/runtime/tt_kernels.h"
#include "models/runtime/tt_requant.h"

/* Four bytes from any address: ARMv7-M LDR allows unaligned words, and
 * memcpy lets the compiler emit exactly one. */
static inline int32_t rd_s8x4(const int8_t *p)
{
    int32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline int32_t rd_s16x2(const int16_t *p)
{
    int32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* Inline assembly rather than <arm_acle.h>: the rotated forms are spelt
 * out because GCC does not reliably fold a rotate into SXTB16, GCC 12's
 * arm_acle.h has no 32-bit QADD, and the runtime keeps to string.h and the
 * stdint/stddef headers. Not volatile: the compiler may still schedule and
 * CSE them. */
#define TT_DSP_OP2(name, insn)                                                  \
    static inline int32_t name(int32_t a, int32_t b)                            \
    {                                                                           \
        int32_t r;                                                              \
        __asm__(insn " %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));                 \
        return r;                                                               \
    }
#define TT_DSP_OP3(name, insn)                                                  \
    static inline int32_t name(int32_t a, int32_t b, int32_t acc)               \
    {                                                                           \
        int32_t r;                                                              \
        __asm__(insn " %0, %1, %2, %3" : "=r"(r) : "r"(a), "r"(b), "r"(acc));   \
        return r;                                                               \
    }
TT_DSP_OP2(qadd, "qadd")
TT_DSP_OP3(mac2, "smlad")      /* acc + a.lo*b.lo + a.hi*b.hi */
TT_DSP_OP3(mac_bb, "smlabb")   /* acc + a.lo*b.lo */
TT_DSP_OP3(mac_tt, "smlatt")   /* acc + a.hi*b.hi */
TT_DSP_OP2(sxa_even, "sxtab16") /* even pair of b plus the lanes of a */

static inline int32_t sx_even(int32_t w)
{
    int32_t r;
    __asm__("sxtb16 %0, %1" : "=r"(r) : "r"(w));
    return r;
}

static inline int32_t sx_odd(int32_t w)
{
    int32_t r;
    __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(w));
    return r;
}

/* Odd pair of x plus a per-lane 16-bit offset (off2 holds it twice). */
static inline int32_t sxa_odd(int32_t off2, int32_t x)
{
    int32_t r;
    __asm__("sxtab16 %0, %1, %2, ror #8" : "=r"(r) : "r"(off2), "r"(x));
    return r;
}

/* The input offset is -zero_point, so an int8 tensor gives [-127, 128];
 * x + offset then fits an int16 lane. Anything else goes to the reference. */
static inline int offset_fits_lane(int32_t in_offset)
{
    return in_offset >= -127 && in_offset <= 128;
}

static inline int32_t offset_pair(int32_t in_offset)
{
    uint32_t h = (uint32_t)in_offset & 0xffffu;
    return (int32_t)(h | h << 16);
}

/* tt_requant_double(), computed the short way. gemmlowp's doubling high
 * multiply adds a nudge of 2^30 (ab >= 0) or 1 - 2^30 (ab < 0) and divides
 * by 2^31 truncating toward zero; for ab < 0 that truncation is
 * floor((ab + 1 - 2^30 + 2^31 - 1) / 2^31) = floor((ab + 2^30) / 2^31), the
 * same expression as for ab >= 0. So one SMULL, an add and a shift give
 * the identical value (kbench checks it against tt_requant on edge and
 * random operands). The left shift wraps in 32 bits exactly like the
 * reference's int64 product cast back to int32. */
static inline int32_t opt_requant(int32_t x, int32_t mult, int32_t shift)
{
#if defined(TT_SINGLE_ROUNDING) || defined(TT_REQUANT_AUDIT)
    return tt_requant(x, mult, shift);
#else
    const int left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift;
    const int32_t a = (int32_t)((uint32_t)x << left);
    int32_t h;
    if (a == INT32_MIN && mult == INT32_MIN)
        h = INT32_MAX;
    else
        h = (int32_t)(((int64_t)a * mult + (INT64_C(1) << 30)) >> 31);
    return tt_rdivpot(h, right);
#endif
}

/* What the epilogue reads of the layer, copied into a local by each kernel:
 * the int8 output stores may alias anything, so fields read through the
 * params pointer would be reloaded after every store. */
typedef struct {
    const int32_t *mult, *shift;
    int32_t per_channel, out_offset, act_min, act_max;
} opt_epi;

static inline opt_epi epi_of(const tt_conv_params *p)
{
    return (opt_epi){ p->mult, p->shift, p->per_channel, p->out_offset, p->act_min, p->act_max };
}

/* kernels_conv.c's finish(): requantise, add the output offset, clamp to
 * the activation range. The reference adds in int64; a saturating QADD
 * then the clamp gives the same int8 because the range lies within int32. */
static inline int8_t opt_finish(const opt_epi *e, int32_t acc, int32_t ch)
{
    int32_t k = e->per_channel ? ch : 0;
    int32_t v = qadd(opt_requant(acc, e->mult[k], e->shift[k]), e->out_offset);
    if (v < e->act_min) v = e->act_min;
    if (v > e->act_max) v = e->act_max;
    return (int8_t)v;
}

#endif
