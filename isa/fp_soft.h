/* The floating-point arithmetic of the ARMv7-M FP extension, exactly as the
 * manual's pseudocode defines it (ARMv7-M ARM A2.5 and the FP* functions
 * of its pseudocode appendix): FPUnpack with flush-to-zero of inputs,
 * FPProcessNaN(s) (signalling before quiet, first operand first, default
 * NaN), FPRound with tininess detected before rounding and flush-to-zero
 * of outputs, and the cumulative exception flags of FPSCR.
 *
 * Values are bit patterns in a uint64_t (half, single or double). Each
 * operation reads the controls (RMode, FZ, DN, AHP) from st->ctl and ORs the
 * exception flags it raises into st->exc; callers OR st->exc into FPSCR.
 * Everything is integer arithmetic, so results do not depend on the host's
 * floating-point environment. */
#ifndef TTEMU_ISA_FP_SOFT_H
#define TTEMU_ISA_FP_SOFT_H

#include <stdbool.h>
#include <stdint.h>

/* FPSCR (ARMv7-M ARM A2.5.3). */
enum {
    FPSCR_IOC = 1u << 0, FPSCR_DZC = 1u << 1, FPSCR_OFC = 1u << 2, FPSCR_UFC = 1u << 3,
    FPSCR_IXC = 1u << 4, FPSCR_IDC = 1u << 7, FPSCR_FZ = 1u << 24, FPSCR_DN = 1u << 25,
    FPSCR_AHP = 1u << 26,
};
#define FPSCR_RMODE_SHIFT 22
/* Writable bits: N Z C V, AHP, DN, FZ, RMode, IDC, IXC UFC OFC DZC IOC. */
#define FPSCR_WRITABLE 0xf7c0009fu

/* Rounding: the first four are FPSCR.RMode values; TIEAWAY is FPv5's
 * VRINTA/VCVTA mode. */
enum fp_rounding { FPR_TIEEVEN = 0, FPR_POSINF = 1, FPR_NEGINF = 2, FPR_ZERO = 3, FPR_TIEAWAY = 4 };
enum fp_fmt { FP16 = 0, FP32 = 1, FP64 = 2 };

struct fpst {
    uint32_t ctl; /* the FPSCR in force */
    uint32_t exc; /* flags raised */
};

static inline enum fp_rounding fp_rmode(const struct fpst *st)
{
    return (enum fp_rounding)((st->ctl >> FPSCR_RMODE_SHIFT) & 3);
}

/* FPAdd, FPSub, FPMul, FPDiv, FPSqrt. */
uint64_t fp_add(enum fp_fmt f, uint64_t a, uint64_t b, struct fpst *st);
uint64_t fp_sub(enum fp_fmt f, uint64_t a, uint64_t b, struct fpst *st);
uint64_t fp_mul(enum fp_fmt f, uint64_t a, uint64_t b, struct fpst *st);
uint64_t fp_div(enum fp_fmt f, uint64_t a, uint64_t b, struct fpst *st);
uint64_t fp_sqrt(enum fp_fmt f, uint64_t a, struct fpst *st);
/* FPMulAdd: addend + a*b with a single rounding (VFMA and friends). */
uint64_t fp_muladd(enum fp_fmt f, uint64_t addend, uint64_t a, uint64_t b, struct fpst *st);
/* FPCompare: the NZCV nibble; quiet_nan_exc for VCMPE. */
unsigned fp_compare(enum fp_fmt f, uint64_t a, uint64_t b, bool quiet_nan_exc, struct fpst *st);
/* FPMaxNum / FPMinNum (VMAXNM / VMINNM). */
uint64_t fp_maxnum(enum fp_fmt f, uint64_t a, uint64_t b, struct fpst *st);
uint64_t fp_minnum(enum fp_fmt f, uint64_t a, uint64_t b, struct fpst *st);
/* FPRoundInt (VRINT*): exact raises Inexact (VRINTX). */
uint64_t fp_roundint(enum fp_fmt f, uint64_t a, enum fp_rounding r, bool exact, struct fpst *st);
/* FPToFixed: size 16 or 32 bits, result sign- or zero-extended to 32. */
uint32_t fp_to_fixed(enum fp_fmt f, uint64_t a, unsigned fbits, bool is_unsigned,
                     unsigned size, enum fp_rounding r, struct fpst *st);
/* FixedToFP: the low size bits of x. */
uint64_t fp_from_fixed(enum fp_fmt f, uint32_t x, unsigned fbits, bool is_unsigned,
                       unsigned size, enum fp_rounding r, struct fpst *st);
/* Conversion between formats (FPHalfToSingle, FPSingleToDouble, ...). */
uint64_t fp_convert(enum fp_fmt to, enum fp_fmt from, uint64_t a, struct fpst *st);

/* The host-arithmetic fast paths for the common case (on by default);
 * tests switch them off to compare with the pseudocode path. */
extern bool fp_soft_fast;

/* FPNeg / FPAbs: sign-bit operations, no exceptions. */
static inline uint32_t fp32_neg(uint32_t a) { return a ^ 0x80000000u; }
static inline uint32_t fp32_abs(uint32_t a) { return a & 0x7fffffffu; }
static inline uint64_t fp64_neg(uint64_t a) { return a ^ (1ull << 63); }
static inline uint64_t fp64_abs(uint64_t a) { return a & ~(1ull << 63); }

#endif
