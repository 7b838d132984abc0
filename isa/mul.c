/* Multiply, divide, DSP, SIMD, saturation, bitfield, extend and reverse
 * instructions (ARMv7-M Architecture Reference Manual, ARMv7E-M DSP
 * extension):
 *
 *   A5.2    16-bit: MUL(S), SXTH, SXTB, UXTH, UXTB, REV, REV16, REVSH
 *   A5.3.3  SSAT, SSAT16, USAT, USAT16, SBFX, UBFX, BFI, BFC
 *   A5.3.12 SXTAH/SXTH ... UXTAB/UXTB (with rotation)
 *   A5.3.13 parallel add/sub signed:   S, Q, SH    x ADD16 ASX SAX SUB16 ADD8 SUB8
 *   A5.3.14 parallel add/sub unsigned: U, UQ, UH   x the same six
 *   A5.3.15 QADD, QDADD, QSUB, QDSUB, REV, REV16, RBIT, REVSH, SEL, CLZ
 *   A5.3.16 MUL, MLA, MLS, SMLAxy/SMULxy, SMLAD(X)/SMUAD(X), SMLAWy/SMULWy,
 *           SMLSD(X)/SMUSD(X), SMMLA(R)/SMMUL(R), SMMLS(R), USADA8/USAD8
 *   A5.3.17 SMULL, UMULL, SMLAL, UMLAL, UMAAL, SMLALxy, SMLALD(X),
 *           SMLSLD(X), SDIV, UDIV
 *
 * One handler per operation; everything the encoding fixes (rotation,
 * halves, rounding, saturation bounds, bitfield masks) is precomputed by the
 * decoder into the insn so handlers are straight-line code.
 *
 * Operand fields used by the handlers:
 *   rd, rn, rm, ra  registers (long multiplies: rd = RdLo, ra = RdHi)
 *   shift_n         rotation of Rm (extends, X forms) or the Rn half shift
 *   imm2            the Rm half shift (SMULxy family)
 *   imm             rounding constant, saturation bound or bitfield mask
 *
 * UNPREDICTABLE register choices (PC/SP operands, RdHi == RdLo) execute with
 * the obvious meaning (a write to r[15] is overwritten by the run loop);
 * UNPREDICTABLE bitfield ranges (msb < lsb, lsb + width > 32) decode as
 * UNDEFINED. */
#include <limits.h>

#include "isa/decode.h"
#include "isa/exec.h"
#include "isa/jit_op.h"

#define R(x) (c->r[i->x])

static inline int32_t s16(uint32_t v) { return (int16_t)(uint16_t)v; }
static inline int32_t s8(uint32_t v) { return (int8_t)(uint8_t)v; }

/* SignedSatQ(v, 32) on a 64-bit intermediate: Q is sticky. */
static inline uint32_t ssat32q(struct cpu *c, int64_t v)
{
    int64_t r = v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : v;
    c->q |= r != v;
    return (uint32_t)(int32_t)r;
}

/* ------------------------------------------------------------------ */
/* 16-bit MUL and the multiplies of A5.3.16                             */

HANDLER(h_mul) { R(rd) = R(rn) * R(rm); NEXT(); }

/* MULS (T1 outside an IT block): N and Z; C and V unchanged in ARMv7-M. */
HANDLER(h_muls)
{
    uint32_t r = R(rn) * R(rm);
    R(rd) = r;
    set_nz(c, r);
    NEXT();
}

HANDLER(h_mla) { R(rd) = R(rn) * R(rm) + R(ra); NEXT(); }
HANDLER(h_mls) { R(rd) = R(ra) - R(rn) * R(rm); NEXT(); }

/* SMULxy / SMLAxy: shift_n (0 or 16) picks Rn's half, imm2 Rm's half. */
HANDLER(h_smulxy)
{
    R(rd) = (uint32_t)(s16(R(rn) >> i->shift_n) * s16(R(rm) >> i->imm2));
    NEXT();
}

HANDLER(h_smlaxy)
{
    int64_t r = (int64_t)(s16(R(rn) >> i->shift_n) * s16(R(rm) >> i->imm2)) + (int32_t)R(ra);
    R(rd) = (uint32_t)r;
    c->q |= r != (int32_t)r;
    NEXT();
}

/* Dual 16x16: shift_n is 16 for the X (exchange) forms. */
#define DUAL_PRODUCTS                                                  \
    uint32_t n_ = R(rn), m_ = ror32(R(rm), i->shift_n);                \
    int64_t p1 = (int64_t)(s16(n_) * s16(m_));                         \
    int64_t p2 = (int64_t)(s16(n_ >> 16) * s16(m_ >> 16))

HANDLER(h_smuad) { DUAL_PRODUCTS; int64_t r = p1 + p2; R(rd) = (uint32_t)r; c->q |= r != (int32_t)r; NEXT(); }
HANDLER(h_smusd) { DUAL_PRODUCTS; R(rd) = (uint32_t)(p1 - p2); NEXT(); }
HANDLER(h_smlad)
{
    DUAL_PRODUCTS;
    int64_t r = p1 + p2 + (int32_t)R(ra);
    R(rd) = (uint32_t)r;
    c->q |= r != (int32_t)r;
    NEXT();
}
HANDLER(h_smlsd)
{
    DUAL_PRODUCTS;
    int64_t r = p1 - p2 + (int32_t)R(ra);
    R(rd) = (uint32_t)r;
    c->q |= r != (int32_t)r;
    NEXT();
}

/* SMULWy / SMLAWy: 32 x 16, result<47:16>; imm2 picks Rm's half. */
HANDLER(h_smulwy)
{
    int64_t p = (int64_t)(int32_t)R(rn) * s16(R(rm) >> i->imm2);
    R(rd) = (uint32_t)(p >> 16);
    NEXT();
}

HANDLER(h_smlawy)
{
    int64_t r = (int64_t)(int32_t)R(rn) * s16(R(rm) >> i->imm2) + (int64_t)(int32_t)R(ra) * 65536;
    int64_t top = r >> 16;
    R(rd) = (uint32_t)top;
    c->q |= top != (int32_t)top;
    NEXT();
}

/* Most significant word: result<63:32>, imm = 0x80000000 for the R forms.
 * Modulo-2^64 arithmetic gives the manual's result<63:32> exactly. */
HANDLER(h_smmul)
{
    uint64_t p = (uint64_t)((int64_t)(int32_t)R(rn) * (int32_t)R(rm));
    R(rd) = (uint32_t)((p + i->imm) >> 32);
    NEXT();
}

HANDLER(h_smmla)
{
    uint64_t p = (uint64_t)((int64_t)(int32_t)R(rn) * (int32_t)R(rm));
    R(rd) = (uint32_t)((((uint64_t)R(ra) << 32) + p + i->imm) >> 32);
    NEXT();
}

HANDLER(h_smmls)
{
    uint64_t p = (uint64_t)((int64_t)(int32_t)R(rn) * (int32_t)R(rm));
    R(rd) = (uint32_t)((((uint64_t)R(ra) << 32) - p + i->imm) >> 32);
    NEXT();
}

static inline uint32_t absdiff8(uint32_t a, uint32_t b)
{
    uint32_t s = 0;
    for (unsigned k = 0; k < 32; k += 8) {
        int32_t d = (int32_t)((a >> k) & 0xff) - (int32_t)((b >> k) & 0xff);
        s += (uint32_t)(d < 0 ? -d : d);
    }
    return s;
}

HANDLER(h_usad8) { R(rd) = absdiff8(R(rn), R(rm)); NEXT(); }
HANDLER(h_usada8) { R(rd) = absdiff8(R(rn), R(rm)) + R(ra); NEXT(); }

/* ------------------------------------------------------------------ */
/* A5.3.17 long multiplies: rd = RdLo, ra = RdHi. RdLo is written first,
 * so RdHi wins when they are the same register (UNPREDICTABLE anyway). */

#define ACC64 ((uint64_t)R(ra) << 32 | R(rd))
#define WRITE64(v) do { uint64_t v_ = (v); R(rd) = (uint32_t)v_; R(ra) = (uint32_t)(v_ >> 32); } while (0)

HANDLER(h_smull) { WRITE64((uint64_t)((int64_t)(int32_t)R(rn) * (int32_t)R(rm))); NEXT(); }
HANDLER(h_umull) { WRITE64((uint64_t)R(rn) * R(rm)); NEXT(); }
HANDLER(h_smlal) { WRITE64((uint64_t)((int64_t)(int32_t)R(rn) * (int32_t)R(rm)) + ACC64); NEXT(); }
HANDLER(h_umlal) { WRITE64((uint64_t)R(rn) * R(rm) + ACC64); NEXT(); }
HANDLER(h_umaal) { WRITE64((uint64_t)R(rn) * R(rm) + R(ra) + R(rd)); NEXT(); }

HANDLER(h_smlalxy)
{
    int64_t p = s16(R(rn) >> i->shift_n) * s16(R(rm) >> i->imm2);
    WRITE64((uint64_t)p + ACC64);
    NEXT();
}

/* SMLALD / SMLSLD: shift_n is 16 for the X forms. */
HANDLER(h_smlald) { DUAL_PRODUCTS; WRITE64((uint64_t)(p1 + p2) + ACC64); NEXT(); }
HANDLER(h_smlsld) { DUAL_PRODUCTS; WRITE64((uint64_t)(p1 - p2) + ACC64); NEXT(); }

/* ------------------------------------------------------------------ */
/* Divide. Timing: the Cortex-M4 TRM gives 2-12 cycles with early
 * termination on the operands. Our rule: the number of significant quotient
 * bits q = bitlen(|n|) - bitlen(|m|) + 1 (0 when |n| < |m|) costs
 * ceil(q * 10 / 32) cycles on top of the static 2, so 2 cycles for a zero
 * quotient (and divide by zero) up to 12 for a 32-bit quotient. */

static inline unsigned bitlen(uint32_t x) { return x ? 32u - (unsigned)__builtin_clz(x) : 0u; }

static inline unsigned div_extra(uint32_t n, uint32_t m)
{
    unsigned ln = bitlen(n), lm = bitlen(m);
    unsigned q = ln >= lm ? ln - lm + 1 : 0;
    return (q * 10 + 31) / 32;
}

static _Noreturn void div_by_zero(struct cpu *c)
{
    cpu_fault(c, EXC_USAGEFAULT, UFSR_DIVBYZERO, 0);
}

HANDLER(h_udiv)
{
    uint32_t n = R(rn), m = R(rm);
    if (UNLIKELY(m == 0)) {
        if (c->ccr & CCR_DIV_0_TRP)
            div_by_zero(c);
        R(rd) = 0;
        NEXT();
    }
    if (c->model->div_early_term)
        c->cycles += div_extra(n, m);
    R(rd) = n / m;
    NEXT();
}

HANDLER(h_sdiv)
{
    int32_t n = (int32_t)R(rn), m = (int32_t)R(rm);
    if (UNLIKELY(m == 0)) {
        if (c->ccr & CCR_DIV_0_TRP)
            div_by_zero(c);
        R(rd) = 0;
        NEXT();
    }
    uint32_t an = n < 0 ? 0u - (uint32_t)n : (uint32_t)n;
    uint32_t am = m < 0 ? 0u - (uint32_t)m : (uint32_t)m;
    if (c->model->div_early_term)
        c->cycles += div_extra(an, am);
    /* INT_MIN / -1 overflows in C (and traps on x86): the manual's
     * RoundTowardsZero gives 2^31, whose low 32 bits are INT_MIN. */
    R(rd) = m == -1 ? 0u - (uint32_t)n : (uint32_t)(n / m);
    NEXT();
}

/* ------------------------------------------------------------------ */
/* Saturation (A5.3.3). imm holds the bound: SSAT max = 2^(N-1)-1 (min is
 * ~max), USAT max = 2^N-1; shift_n is the shift amount. */

static inline uint32_t ssat_q(struct cpu *c, int32_t v, int32_t hi)
{
    int32_t lo = ~hi;
    int32_t r = v > hi ? hi : v < lo ? lo : v;
    c->q |= r != v;
    return (uint32_t)r;
}

static inline uint32_t usat_q(struct cpu *c, int32_t v, int32_t hi)
{
    int32_t r = v > hi ? hi : v < 0 ? 0 : v;
    c->q |= r != v;
    return (uint32_t)r;
}

HANDLER(h_ssat_lsl) { R(rd) = ssat_q(c, (int32_t)(R(rn) << i->shift_n), (int32_t)i->imm); NEXT(); }
HANDLER(h_ssat_asr) { R(rd) = ssat_q(c, (int32_t)R(rn) >> i->shift_n, (int32_t)i->imm); NEXT(); }
HANDLER(h_usat_lsl) { R(rd) = usat_q(c, (int32_t)(R(rn) << i->shift_n), (int32_t)i->imm); NEXT(); }
HANDLER(h_usat_asr) { R(rd) = usat_q(c, (int32_t)R(rn) >> i->shift_n, (int32_t)i->imm); NEXT(); }

HANDLER(h_ssat16)
{
    uint32_t n = R(rn);
    uint32_t lo = ssat_q(c, s16(n), (int32_t)i->imm), hi = ssat_q(c, s16(n >> 16), (int32_t)i->imm);
    R(rd) = (lo & 0xffff) | hi << 16;
    NEXT();
}

HANDLER(h_usat16)
{
    uint32_t n = R(rn);
    uint32_t lo = usat_q(c, s16(n), (int32_t)i->imm), hi = usat_q(c, s16(n >> 16), (int32_t)i->imm);
    R(rd) = lo | hi << 16;
    NEXT();
}

/* QADD family (A5.3.15): Rm first, Rn (doubled) second. */
HANDLER(h_qadd) { R(rd) = ssat32q(c, (int64_t)(int32_t)R(rm) + (int32_t)R(rn)); NEXT(); }
HANDLER(h_qsub) { R(rd) = ssat32q(c, (int64_t)(int32_t)R(rm) - (int32_t)R(rn)); NEXT(); }
HANDLER(h_qdadd)
{
    int32_t m = (int32_t)R(rm);
    int32_t d = (int32_t)ssat32q(c, 2 * (int64_t)(int32_t)R(rn));
    R(rd) = ssat32q(c, (int64_t)m + d);
    NEXT();
}
HANDLER(h_qdsub)
{
    int32_t m = (int32_t)R(rm);
    int32_t d = (int32_t)ssat32q(c, 2 * (int64_t)(int32_t)R(rn));
    R(rd) = ssat32q(c, (int64_t)m - d);
    NEXT();
}

/* ------------------------------------------------------------------ */
/* Bitfields. UBFX: shift_n = lsb, imm = width mask. SBFX: shift_n =
 * 31 - msb (left), imm2 = 31 - widthm1 (arithmetic right). BFI/BFC: imm =
 * the field mask in place, shift_n = lsb. */

HANDLER(h_ubfx) { R(rd) = (R(rn) >> i->shift_n) & i->imm; NEXT(); }
HANDLER(h_sbfx) { R(rd) = (uint32_t)((int32_t)(R(rn) << i->shift_n) >> i->imm2); NEXT(); }
HANDLER(h_bfi) { R(rd) = (R(rd) & ~i->imm) | ((R(rn) << i->shift_n) & i->imm); NEXT(); }
HANDLER(h_bfc) { R(rd) &= ~i->imm; NEXT(); }

/* ------------------------------------------------------------------ */
/* Extends: shift_n is the rotation (0, 8, 16, 24). */

#define ROT_M ror32(R(rm), i->shift_n)

HANDLER(h_sxth) { R(rd) = (uint32_t)s16(ROT_M); NEXT(); }
HANDLER(h_sxtb) { R(rd) = (uint32_t)s8(ROT_M); NEXT(); }
HANDLER(h_uxth) { R(rd) = ROT_M & 0xffff; NEXT(); }
HANDLER(h_uxtb) { R(rd) = ROT_M & 0xff; NEXT(); }
HANDLER(h_sxtah) { R(rd) = R(rn) + (uint32_t)s16(ROT_M); NEXT(); }
HANDLER(h_sxtab) { R(rd) = R(rn) + (uint32_t)s8(ROT_M); NEXT(); }
HANDLER(h_uxtah) { R(rd) = R(rn) + (ROT_M & 0xffff); NEXT(); }
HANDLER(h_uxtab) { R(rd) = R(rn) + (ROT_M & 0xff); NEXT(); }

/* For the translator (isa/jit_op.h): which operation each handler is. */
bool mul_jit_op(const struct insn *i, struct jit_op *o)
{
    static const struct { insn_fn fn; uint8_t kind, op; bool acc; } ops[] = {
        { h_mul, JK_MUL, JM_MUL, false }, { h_muls, JK_MUL, JM_MULS, false },
        { h_mla, JK_MUL, JM_MLA, false }, { h_mls, JK_MUL, JM_MLS, false },
        { h_smulxy, JK_MUL, JM_SMULXY, false }, { h_smlaxy, JK_MUL, JM_SMLAXY, false },
        { h_uxtb, JK_EXTEND, JE_UXTB, false }, { h_uxth, JK_EXTEND, JE_UXTH, false },
        { h_sxtb, JK_EXTEND, JE_SXTB, false }, { h_sxth, JK_EXTEND, JE_SXTH, false },
        { h_uxtab, JK_EXTEND, JE_UXTB, true }, { h_uxtah, JK_EXTEND, JE_UXTH, true },
        { h_sxtab, JK_EXTEND, JE_SXTB, true }, { h_sxtah, JK_EXTEND, JE_SXTH, true },
        { h_ubfx, JK_BITFIELD, JB_UBFX, false }, { h_sbfx, JK_BITFIELD, JB_SBFX, false },
    };
    for (unsigned k = 0; k < sizeof ops / sizeof ops[0]; k++)
        if (i->fn == ops[k].fn) {
            *o = (struct jit_op){ .kind = ops[k].kind, .op = ops[k].op, .accumulate = ops[k].acc };
            return true;
        }
    return false;
}

HANDLER(h_sxtb16)
{
    uint32_t m = ROT_M;
    R(rd) = ((uint32_t)s8(m) & 0xffff) | (uint32_t)s8(m >> 16) << 16;
    NEXT();
}
HANDLER(h_uxtb16) { R(rd) = ROT_M & 0x00ff00ffu; NEXT(); }
HANDLER(h_sxtab16)
{
    uint32_t m = ROT_M, n = R(rn);
    uint32_t lo = (n + (uint32_t)s8(m)) & 0xffff;
    uint32_t hi = (n >> 16) + (uint32_t)s8(m >> 16);
    R(rd) = lo | hi << 16;
    NEXT();
}
HANDLER(h_uxtab16)
{
    uint32_t m = ROT_M, n = R(rn);
    uint32_t lo = (n + (m & 0xff)) & 0xffff;
    uint32_t hi = (n >> 16) + ((m >> 16) & 0xff);
    R(rd) = lo | hi << 16;
    NEXT();
}

/* ------------------------------------------------------------------ */
/* Reverse, CLZ, SEL. */

static inline uint32_t rev16(uint32_t v) { return ((v >> 8) & 0x00ff00ffu) | ((v << 8) & 0xff00ff00u); }

static inline uint32_t rbit(uint32_t v)
{
    v = ((v >> 1) & 0x55555555u) | ((v & 0x55555555u) << 1);
    v = ((v >> 2) & 0x33333333u) | ((v & 0x33333333u) << 2);
    v = ((v >> 4) & 0x0f0f0f0fu) | ((v & 0x0f0f0f0fu) << 4);
    return __builtin_bswap32(v);
}

HANDLER(h_rev) { R(rd) = __builtin_bswap32(R(rm)); NEXT(); }
HANDLER(h_rev16) { R(rd) = rev16(R(rm)); NEXT(); }
HANDLER(h_revsh) { uint32_t m = R(rm); R(rd) = (uint32_t)s16((m & 0xff) << 8 | ((m >> 8) & 0xff)); NEXT(); }
HANDLER(h_rbit) { R(rd) = rbit(R(rm)); NEXT(); }
HANDLER(h_clz) { R(rd) = 32u - bitlen(R(rm)); NEXT(); }

/* GE[3:0] expanded to a byte mask. */
static const uint32_t ge_mask[16] = {
    0x00000000, 0x000000ff, 0x0000ff00, 0x0000ffff, 0x00ff0000, 0x00ff00ff, 0x00ffff00, 0x00ffffff,
    0xff000000, 0xff0000ff, 0xff00ff00, 0xff00ffff, 0xffff0000, 0xffff00ff, 0xffffff00, 0xffffffff,
};

HANDLER(h_sel)
{
    uint32_t mask = ge_mask[c->ge & 15];
    R(rd) = (R(rn) & mask) | (R(rm) & ~mask);
    NEXT();
}

/* ------------------------------------------------------------------ */
/* Parallel addition and subtraction (A5.3.13, A5.3.14). One inline
 * template specialised per instruction by constant arguments:
 *   sgn    operands are signed halfwords/bytes
 *   cross  ASX/SAX: Rm's halves swap (lane 0 uses Rm<31:16>)
 *   sub0/1 lane 0/1 subtracts
 *   mode   P_GE plain modulo result and GE flags; P_SAT saturating;
 *          P_HALF halving
 * GE (plain forms only): signed: lane result >= 0; unsigned add: result
 * >= 2^16 (2^8 for bytes); unsigned subtract: result >= 0. */

enum { P_GE, P_SAT, P_HALF };

static inline __attribute__((always_inline)) int32_t lane_val(uint32_t v, unsigned bits, bool sgn)
{
    if (bits == 16)
        return sgn ? s16(v) : (int32_t)(v & 0xffff);
    return sgn ? s8(v) : (int32_t)(v & 0xff);
}

static inline __attribute__((always_inline)) uint32_t lane_out(int32_t r, unsigned bits, bool sgn, bool sub,
                                                              int mode, unsigned *ge)
{
    uint32_t mask = (1u << bits) - 1;
    if (mode == P_GE) {
        *ge = sgn || sub ? r >= 0 : r >= (int32_t)(1u << bits);
        return (uint32_t)r & mask;
    }
    if (mode == P_SAT) {
        int32_t hi = sgn ? (int32_t)(mask >> 1) : (int32_t)mask;
        int32_t lo = sgn ? ~hi : 0;
        return (uint32_t)(r > hi ? hi : r < lo ? lo : r) & mask;
    }
    return (uint32_t)(r >> 1) & mask;
}

static inline __attribute__((always_inline)) uint32_t par16(struct cpu *c, uint32_t n, uint32_t m, bool sgn,
                                                           bool cross, bool sub0, bool sub1, int mode)
{
    uint32_t m0 = cross ? m >> 16 : m, m1 = cross ? m : m >> 16;
    int32_t a0 = lane_val(n, 16, sgn), a1 = lane_val(n >> 16, 16, sgn);
    int32_t b0 = lane_val(m0, 16, sgn), b1 = lane_val(m1, 16, sgn);
    unsigned g0 = 0, g1 = 0;
    uint32_t r0 = lane_out(sub0 ? a0 - b0 : a0 + b0, 16, sgn, sub0, mode, &g0);
    uint32_t r1 = lane_out(sub1 ? a1 - b1 : a1 + b1, 16, sgn, sub1, mode, &g1);
    if (mode == P_GE)
        c->ge = (uint8_t)(g0 * 3u | g1 * 12u);
    return r0 | r1 << 16;
}

static inline __attribute__((always_inline)) uint32_t par8(struct cpu *c, uint32_t n, uint32_t m, bool sgn,
                                                          bool sub, int mode)
{
    uint32_t r = 0;
    unsigned ge = 0;
    for (unsigned k = 0; k < 4; k++) {
        int32_t a = lane_val(n >> (8 * k), 8, sgn), b = lane_val(m >> (8 * k), 8, sgn);
        unsigned g = 0;
        r |= lane_out(sub ? a - b : a + b, 8, sgn, sub, mode, &g) << (8 * k);
        ge |= g << k;
    }
    if (mode == P_GE)
        c->ge = (uint8_t)ge;
    return r;
}

/* Y(prefix, sgn, U bit, op2 bits, mode) per prefix; each expands to the six
 * operations, whose op1 bits and lane shapes PAR_OPS lists. */
#define PAR_PREFIXES(Y)                          \
    Y(S,  1, 0, 00, P_GE)   Y(Q,  1, 0, 01, P_SAT) \
    Y(SH, 1, 0, 10, P_HALF) Y(U,  0, 1, 00, P_GE)  \
    Y(UQ, 0, 1, 01, P_SAT)  Y(UH, 0, 1, 10, P_HALF)

#define PAR_OPS(P, sgn, u, op2, mode, X16, X8)             \
    X16(P##ADD16, sgn, 001, u, op2, mode, 0, 0, 0)         \
    X16(P##ASX,   sgn, 010, u, op2, mode, 1, 1, 0)         \
    X16(P##SAX,   sgn, 110, u, op2, mode, 1, 0, 1)         \
    X16(P##SUB16, sgn, 101, u, op2, mode, 0, 1, 1)         \
    X8(P##ADD8,   sgn, 000, u, op2, mode, 0)               \
    X8(P##SUB8,   sgn, 100, u, op2, mode, 1)

#define PAR_H16(name, sgn, op1, u, op2, mode, cross, s0, s1)                          \
    HANDLER(h_##name) { R(rd) = par16(c, R(rn), R(rm), sgn, cross, s0, s1, mode); NEXT(); }
#define PAR_H8(name, sgn, op1, u, op2, mode, sub)                                     \
    HANDLER(h_##name) { R(rd) = par8(c, R(rn), R(rm), sgn, sub, mode); NEXT(); }
#define PAR_HANDLERS(P, sgn, u, op2, mode) PAR_OPS(P, sgn, u, op2, mode, PAR_H16, PAR_H8)
PAR_PREFIXES(PAR_HANDLERS)

/* ------------------------------------------------------------------ */
/* Decoders. */

#define DEC(h, body)                                               \
    static bool d_##h(struct insn *i, const uint32_t *f)           \
    {                                                              \
        (void)f;                                                   \
        i->fn = h_##h;                                             \
        body;                                                      \
        return true;                                               \
    }

#define RDNM  i->rd = (uint8_t)f[F_Rd]; i->rn = (uint8_t)f[F_Rn]; i->rm = (uint8_t)f[F_Rm]
#define RDNMA RDNM; i->ra = (uint8_t)f[F_Ra]
#define RDM   i->rd = (uint8_t)f[F_Rd]; i->rm = (uint8_t)f[F_Rm]
#define LONG  i->rd = (uint8_t)f[F_RdLo]; i->ra = (uint8_t)f[F_RdHi]; i->rn = (uint8_t)f[F_Rn]; i->rm = (uint8_t)f[F_Rm]
#define HALVES i->shift_n = (uint8_t)(f[F_N] * 16); i->imm2 = (uint8_t)(f[F_M] * 16)
#define XSWAP  i->shift_n = (uint8_t)(f[F_M] * 16)
#define MHALF  i->imm2 = (uint8_t)(f[F_M] * 16)
#define ROUND  i->imm = f[F_R] ? 0x80000000u : 0u
#define ROT    i->shift_n = (uint8_t)(f[F_rotate] * 8)
/* Accumulating long multiplies also read RdLo/RdHi, BFI/BFC read Rd: the
 * timing model's dependency mask from field names cannot see that. (Takes
 * effect once decode.c ORs its field-derived masks into these.) */
#define ACC64R i->rmask = (uint16_t)(1u << i->rd | 1u << i->ra)

/* 16-bit forms (low registers, Rd = Rdm for MUL). */
static bool d_mul16(struct insn *i, const uint32_t *f)
{
    i->rd = i->rm = (uint8_t)f[F_Rdm];
    i->rn = (uint8_t)f[F_Rn];
    i->fn = in_it_block(i) ? h_mul : h_muls;
    if (!in_it_block(i)) {
        i->flags |= IF_SETFL;
        i->tattr |= TA_FLAGS;
    }
    return true;
}

/* 16-bit extends and reverses: the 32-bit handlers with rotation 0. */
#define DEC16(h)                                                   \
    static bool d_##h##_16(struct insn *i, const uint32_t *f)      \
    {                                                              \
        i->fn = h_##h;                                             \
        RDM;                                                       \
        return true;                                               \
    }
DEC16(sxth) DEC16(sxtb) DEC16(uxth) DEC16(uxtb) DEC16(rev) DEC16(rev16) DEC16(revsh)

DEC(mul, RDNM) DEC(mla, RDNMA) DEC(mls, RDNMA)
DEC(smulxy, RDNM; HALVES) DEC(smlaxy, RDNMA; HALVES)
DEC(smuad, RDNM; XSWAP) DEC(smlad, RDNMA; XSWAP)
DEC(smusd, RDNM; XSWAP) DEC(smlsd, RDNMA; XSWAP)
DEC(smulwy, RDNM; MHALF) DEC(smlawy, RDNMA; MHALF)
DEC(smmul, RDNM; ROUND) DEC(smmla, RDNMA; ROUND) DEC(smmls, RDNMA; ROUND)
DEC(usad8, RDNM) DEC(usada8, RDNMA)
DEC(smull, LONG) DEC(umull, LONG) DEC(smlal, LONG; ACC64R) DEC(umlal, LONG; ACC64R) DEC(umaal, LONG; ACC64R)
DEC(smlalxy, LONG; ACC64R; HALVES) DEC(smlald, LONG; ACC64R; XSWAP) DEC(smlsld, LONG; ACC64R; XSWAP)
DEC(sdiv, RDNM) DEC(udiv, RDNM)
DEC(qadd, RDNM) DEC(qsub, RDNM) DEC(qdadd, RDNM) DEC(qdsub, RDNM)
DEC(rev, RDM) DEC(rev16, RDM) DEC(revsh, RDM) DEC(rbit, RDM) DEC(clz, RDM) DEC(sel, RDNM)
DEC(sxth, RDM; ROT) DEC(sxtb, RDM; ROT) DEC(uxth, RDM; ROT) DEC(uxtb, RDM; ROT)
DEC(sxtb16, RDM; ROT) DEC(uxtb16, RDM; ROT)
DEC(sxtah, RDNM; ROT) DEC(sxtab, RDNM; ROT) DEC(uxtah, RDNM; ROT) DEC(uxtab, RDNM; ROT)
DEC(sxtab16, RDNM; ROT) DEC(uxtab16, RDNM; ROT)

#define PAR_D16(name, sgn, op1, u, op2, mode, cross, s0, s1) DEC(name, RDNM)
#define PAR_D8(name, sgn, op1, u, op2, mode, sub) DEC(name, RDNM)
#define PAR_DECODERS(P, sgn, u, op2, mode) PAR_OPS(P, sgn, u, op2, mode, PAR_D16, PAR_D8)
PAR_PREFIXES(PAR_DECODERS)

/* SSAT/USAT T1: sh:0 -> LSL imm, sh:1 -> ASR imm (imm 0 with sh 1 is the
 * 16-bit form, matched first). */
static bool d_ssat(struct insn *i, const uint32_t *f)
{
    unsigned n = (unsigned)(f[F_imm3] << 2 | f[F_imm2]);
    i->rd = (uint8_t)f[F_Rd];
    i->rn = (uint8_t)f[F_Rn];
    i->shift_n = (uint8_t)n;
    i->fn = f[F_sh] ? h_ssat_asr : h_ssat_lsl;
    i->imm = (1u << f[F_sat]) - 1; /* saturate_to = sat_imm + 1 */
    return true;
}

static bool d_usat(struct insn *i, const uint32_t *f)
{
    unsigned n = (unsigned)(f[F_imm3] << 2 | f[F_imm2]);
    i->rd = (uint8_t)f[F_Rd];
    i->rn = (uint8_t)f[F_Rn];
    i->shift_n = (uint8_t)n;
    i->fn = f[F_sh] ? h_usat_asr : h_usat_lsl;
    i->imm = (1u << f[F_sat]) - 1; /* saturate_to = sat_imm */
    return true;
}

static bool d_ssat16(struct insn *i, const uint32_t *f)
{
    i->rd = (uint8_t)f[F_Rd];
    i->rn = (uint8_t)f[F_Rn];
    i->fn = h_ssat16;
    i->imm = (1u << f[F_sat]) - 1; /* saturate_to = sat_imm + 1 */
    return true;
}

static bool d_usat16(struct insn *i, const uint32_t *f)
{
    i->rd = (uint8_t)f[F_Rd];
    i->rn = (uint8_t)f[F_Rn];
    i->fn = h_usat16;
    i->imm = (1u << f[F_sat]) - 1; /* saturate_to = sat_imm */
    return true;
}

static bool d_bfx(struct insn *i, const uint32_t *f, bool sgn)
{
    unsigned lsb = (unsigned)(f[F_imm3] << 2 | f[F_imm2]), w1 = (unsigned)f[F_widthm1];
    unsigned msb = lsb + w1;
    if (msb > 31)
        return false; /* UNPREDICTABLE */
    i->rd = (uint8_t)f[F_Rd];
    i->rn = (uint8_t)f[F_Rn];
    if (sgn) {
        i->fn = h_sbfx;
        i->shift_n = (uint8_t)(31 - msb);
        i->imm2 = (uint8_t)(31 - w1);
    } else {
        i->fn = h_ubfx;
        i->shift_n = (uint8_t)lsb;
        i->imm = w1 == 31 ? 0xffffffffu : (1u << (w1 + 1)) - 1;
    }
    return true;
}

static bool d_sbfx(struct insn *i, const uint32_t *f) { return d_bfx(i, f, true); }
static bool d_ubfx(struct insn *i, const uint32_t *f) { return d_bfx(i, f, false); }

static bool d_bf(struct insn *i, const uint32_t *f, insn_fn fn)
{
    unsigned lsb = (unsigned)(f[F_imm3] << 2 | f[F_imm2]), msb = (unsigned)f[F_msb];
    if (msb < lsb)
        return false; /* UNPREDICTABLE */
    i->rd = (uint8_t)f[F_Rd];
    i->rn = (uint8_t)f[F_Rn];
    i->shift_n = (uint8_t)lsb;
    i->imm = (msb == 31 ? 0xffffffffu : (1u << (msb + 1)) - 1) & ~((1u << lsb) - 1);
    i->fn = fn;
    i->rmask = (uint16_t)(1u << i->rd); /* read-modify-write of Rd */
    return true;
}

static bool d_bfi(struct insn *i, const uint32_t *f) { return d_bf(i, f, h_bfi); }
static bool d_bfc(struct insn *i, const uint32_t *f) { return d_bf(i, f, h_bfc); }

/* ------------------------------------------------------------------ */
/* The patterns. Within a group the Ra = 1111 / Rn = 1111 forms come first
 * (the manual's "SEE" rules). */

#define T32DP "11111 010 "
#define T32MUL "11111 0110 "
#define T32LONG "11111 0111 "

#define PAR_P16(name, sgn, op1, u, op2, mode, cross, s0, s1) \
    { T32DP "1 " #op1 " Rn:4 | 1111 Rd:4 0 " #u " " #op2 " Rm:4", d_##name, #name " T1", K_DSP, FEAT_NONE },
#define PAR_P8(name, sgn, op1, u, op2, mode, sub) \
    { T32DP "1 " #op1 " Rn:4 | 1111 Rd:4 0 " #u " " #op2 " Rm:4", d_##name, #name " T1", K_DSP, FEAT_NONE },
#define PAR_PATTERNS(P, sgn, u, op2, mode) PAR_OPS(P, sgn, u, op2, mode, PAR_P16, PAR_P8)

static const struct pattern patterns[] = {
    /* A5.2: 16-bit. */
    { "{mul16} 010000 1101 Rn:3 Rdm:3",  d_mul16,    "MUL T1",   K_MUL,    FEAT_NONE },
    { "1011 0010 00 Rm:3 Rd:3",  d_sxth_16,  "SXTH T1",  K_EXTEND, FEAT_NONE },
    { "1011 0010 01 Rm:3 Rd:3",  d_sxtb_16,  "SXTB T1",  K_EXTEND, FEAT_NONE },
    { "1011 0010 10 Rm:3 Rd:3",  d_uxth_16,  "UXTH T1",  K_EXTEND, FEAT_NONE },
    { "1011 0010 11 Rm:3 Rd:3",  d_uxtb_16,  "UXTB T1",  K_EXTEND, FEAT_NONE },
    { "1011 1010 00 Rm:3 Rd:3",  d_rev_16,   "REV T1",   K_EXTEND, FEAT_NONE },
    { "1011 1010 01 Rm:3 Rd:3",  d_rev16_16, "REV16 T1", K_EXTEND, FEAT_NONE },
    { "1011 1010 11 Rm:3 Rd:3",  d_revsh_16, "REVSH T1", K_EXTEND, FEAT_NONE },

    /* A5.3.3: plain binary immediate (saturate and bitfield part). */
    { "{ssat} 11110 (0) 11 0010 Rn:4 | 0 000 Rd:4 00 (0) (0) sat:4",          d_ssat16, "SSAT16 T1", K_SAT, FEAT_NONE },
    { "{ssat} 11110 (0) 11 00 sh:1 0 Rn:4 | 0 imm3:3 Rd:4 imm2:2 (0) sat:5",  d_ssat,   "SSAT T1",   K_SAT, FEAT_NONE },
    { "{usat} 11110 (0) 11 1010 Rn:4 | 0 000 Rd:4 00 (0) (0) sat:4",          d_usat16, "USAT16 T1", K_SAT, FEAT_NONE },
    { "{usat} 11110 (0) 11 10 sh:1 0 Rn:4 | 0 imm3:3 Rd:4 imm2:2 (0) sat:5",  d_usat,   "USAT T1",   K_SAT, FEAT_NONE },
    { "11110 (0) 11 0100 Rn:4 | 0 imm3:3 Rd:4 imm2:2 (0) widthm1:5",   d_sbfx,   "SBFX T1",   K_BITFIELD, FEAT_NONE },
    { "11110 (0) 11 1100 Rn:4 | 0 imm3:3 Rd:4 imm2:2 (0) widthm1:5",   d_ubfx,   "UBFX T1",   K_BITFIELD, FEAT_NONE },
    { "{bfi} 11110 (0) 11 0110 1111 | 0 imm3:3 Rd:4 imm2:2 (0) msb:5",       d_bfc,    "BFC T1",    K_BITFIELD, FEAT_NONE },
    { "{bfi} 11110 (0) 11 0110 Rn:4 | 0 imm3:3 Rd:4 imm2:2 (0) msb:5",       d_bfi,    "BFI T1",    K_BITFIELD, FEAT_NONE },

    /* A5.3.12: extends (Rn = 1111: no add). */
    { "{sxtah} " T32DP "0000 1111 | 1111 Rd:4 1 (0) rotate:2 Rm:4", d_sxth,    "SXTH T2",    K_EXTEND, FEAT_NONE },
    { "{sxtah} " T32DP "0000 Rn:4 | 1111 Rd:4 1 (0) rotate:2 Rm:4", d_sxtah,   "SXTAH T1",   K_EXTEND, FEAT_NONE },
    { "{uxtah} " T32DP "0001 1111 | 1111 Rd:4 1 (0) rotate:2 Rm:4", d_uxth,    "UXTH T2",    K_EXTEND, FEAT_NONE },
    { "{uxtah} " T32DP "0001 Rn:4 | 1111 Rd:4 1 (0) rotate:2 Rm:4", d_uxtah,   "UXTAH T1",   K_EXTEND, FEAT_NONE },
    { "{sxtab16} " T32DP "0010 1111 | 1111 Rd:4 1 (0) rotate:2 Rm:4", d_sxtb16,  "SXTB16 T1",  K_EXTEND, FEAT_NONE },
    { "{sxtab16} " T32DP "0010 Rn:4 | 1111 Rd:4 1 (0) rotate:2 Rm:4", d_sxtab16, "SXTAB16 T1", K_EXTEND, FEAT_NONE },
    { "{uxtab16} " T32DP "0011 1111 | 1111 Rd:4 1 (0) rotate:2 Rm:4", d_uxtb16,  "UXTB16 T1",  K_EXTEND, FEAT_NONE },
    { "{uxtab16} " T32DP "0011 Rn:4 | 1111 Rd:4 1 (0) rotate:2 Rm:4", d_uxtab16, "UXTAB16 T1", K_EXTEND, FEAT_NONE },
    { "{sxtab} " T32DP "0100 1111 | 1111 Rd:4 1 (0) rotate:2 Rm:4", d_sxtb,    "SXTB T2",    K_EXTEND, FEAT_NONE },
    { "{sxtab} " T32DP "0100 Rn:4 | 1111 Rd:4 1 (0) rotate:2 Rm:4", d_sxtab,   "SXTAB T1",   K_EXTEND, FEAT_NONE },
    { "{uxtab} " T32DP "0101 1111 | 1111 Rd:4 1 (0) rotate:2 Rm:4", d_uxtb,    "UXTB T2",    K_EXTEND, FEAT_NONE },
    { "{uxtab} " T32DP "0101 Rn:4 | 1111 Rd:4 1 (0) rotate:2 Rm:4", d_uxtab,   "UXTAB T1",   K_EXTEND, FEAT_NONE },

    /* A5.3.13 / A5.3.14: parallel addition and subtraction. */
    PAR_PREFIXES(PAR_PATTERNS)

    /* A5.3.15: miscellaneous operations (Rm is encoded twice for the
     * one-operand forms; the second copy is used). */
    { T32DP "1000 Rn:4 | 1111 Rd:4 1000 Rm:4", d_qadd,  "QADD T1",  K_SAT,    FEAT_NONE },
    { T32DP "1000 Rn:4 | 1111 Rd:4 1001 Rm:4", d_qdadd, "QDADD T1", K_SAT,    FEAT_NONE },
    { T32DP "1000 Rn:4 | 1111 Rd:4 1010 Rm:4", d_qsub,  "QSUB T1",  K_SAT,    FEAT_NONE },
    { T32DP "1000 Rn:4 | 1111 Rd:4 1011 Rm:4", d_qdsub, "QDSUB T1", K_SAT,    FEAT_NONE },
    { T32DP "1001 xxxx | 1111 Rd:4 1000 Rm:4", d_rev,   "REV T2",   K_EXTEND, FEAT_NONE },
    { T32DP "1001 xxxx | 1111 Rd:4 1001 Rm:4", d_rev16, "REV16 T2", K_EXTEND, FEAT_NONE },
    { T32DP "1001 xxxx | 1111 Rd:4 1010 Rm:4", d_rbit,  "RBIT T1",  K_EXTEND, FEAT_NONE },
    { T32DP "1001 xxxx | 1111 Rd:4 1011 Rm:4", d_revsh, "REVSH T2", K_EXTEND, FEAT_NONE },
    { T32DP "1010 Rn:4 | 1111 Rd:4 1000 Rm:4", d_sel,   "SEL T1",   K_DSP,    FEAT_NONE },
    { T32DP "1011 xxxx | 1111 Rd:4 1000 Rm:4", d_clz,   "CLZ T1",   K_ALU,    FEAT_NONE },

    /* A5.3.16: multiply, multiply accumulate, absolute difference. */
    { "{mla} " T32MUL "000 Rn:4 | 1111 Rd:4 0000 Rm:4",      d_mul,    "MUL T2",     K_MUL, FEAT_NONE },
    { "{mla} " T32MUL "000 Rn:4 | Ra:4 Rd:4 0000 Rm:4",      d_mla,    "MLA T1",     K_MAC, FEAT_NONE },
    { T32MUL "000 Rn:4 | Ra:4 Rd:4 0001 Rm:4",      d_mls,    "MLS T1",     K_MAC, FEAT_NONE },
    { "{smlaxy} " T32MUL "001 Rn:4 | 1111 Rd:4 00 N:1 M:1 Rm:4", d_smulxy, "SMULxy T1", K_DSP, FEAT_NONE },
    { "{smlaxy} " T32MUL "001 Rn:4 | Ra:4 Rd:4 00 N:1 M:1 Rm:4", d_smlaxy, "SMLAxy T1", K_DSP, FEAT_NONE },
    { "{smlad} " T32MUL "010 Rn:4 | 1111 Rd:4 000 M:1 Rm:4",   d_smuad,  "SMUAD T1",   K_DSP, FEAT_NONE },
    { "{smlad} " T32MUL "010 Rn:4 | Ra:4 Rd:4 000 M:1 Rm:4",   d_smlad,  "SMLAD T1",   K_DSP, FEAT_NONE },
    { "{smlawy} " T32MUL "011 Rn:4 | 1111 Rd:4 000 M:1 Rm:4",   d_smulwy, "SMULWy T1",  K_DSP, FEAT_NONE },
    { "{smlawy} " T32MUL "011 Rn:4 | Ra:4 Rd:4 000 M:1 Rm:4",   d_smlawy, "SMLAWy T1",  K_DSP, FEAT_NONE },
    { "{smlsd} " T32MUL "100 Rn:4 | 1111 Rd:4 000 M:1 Rm:4",   d_smusd,  "SMUSD T1",   K_DSP, FEAT_NONE },
    { "{smlsd} " T32MUL "100 Rn:4 | Ra:4 Rd:4 000 M:1 Rm:4",   d_smlsd,  "SMLSD T1",   K_DSP, FEAT_NONE },
    { "{smmla} " T32MUL "101 Rn:4 | 1111 Rd:4 000 R:1 Rm:4",   d_smmul,  "SMMUL T1",   K_DSP, FEAT_NONE },
    { "{smmla} " T32MUL "101 Rn:4 | Ra:4 Rd:4 000 R:1 Rm:4",   d_smmla,  "SMMLA T1",   K_DSP, FEAT_NONE },
    { T32MUL "110 Rn:4 | Ra:4 Rd:4 000 R:1 Rm:4",   d_smmls,  "SMMLS T1",   K_DSP, FEAT_NONE },
    { "{usada8} " T32MUL "111 Rn:4 | 1111 Rd:4 0000 Rm:4",      d_usad8,  "USAD8 T1",   K_DSP, FEAT_NONE },
    { "{usada8} " T32MUL "111 Rn:4 | Ra:4 Rd:4 0000 Rm:4",      d_usada8, "USADA8 T1",  K_DSP, FEAT_NONE },

    /* A5.3.17: long multiply, long multiply accumulate, divide. */
    { T32LONG "000 Rn:4 | RdLo:4 RdHi:4 0000 Rm:4",      d_smull,   "SMULL T1",   K_MUL_LONG, FEAT_NONE },
    { T32LONG "001 Rn:4 | (1) (1) (1) (1) Rd:4 1111 Rm:4",  d_sdiv,    "SDIV T1",    K_DIV,      FEAT_NONE },
    { T32LONG "010 Rn:4 | RdLo:4 RdHi:4 0000 Rm:4",      d_umull,   "UMULL T1",   K_MUL_LONG, FEAT_NONE },
    { T32LONG "011 Rn:4 | (1) (1) (1) (1) Rd:4 1111 Rm:4",  d_udiv,    "UDIV T1",    K_DIV,      FEAT_NONE },
    { T32LONG "100 Rn:4 | RdLo:4 RdHi:4 0000 Rm:4",      d_smlal,   "SMLAL T1",   K_MAC_LONG, FEAT_NONE },
    { T32LONG "100 Rn:4 | RdLo:4 RdHi:4 10 N:1 M:1 Rm:4", d_smlalxy, "SMLALxy T1", K_MAC_LONG, FEAT_NONE },
    { T32LONG "100 Rn:4 | RdLo:4 RdHi:4 110 M:1 Rm:4",   d_smlald,  "SMLALD T1",  K_MAC_LONG, FEAT_NONE },
    { T32LONG "101 Rn:4 | RdLo:4 RdHi:4 110 M:1 Rm:4",   d_smlsld,  "SMLSLD T1",  K_MAC_LONG, FEAT_NONE },
    { T32LONG "110 Rn:4 | RdLo:4 RdHi:4 0000 Rm:4",      d_umlal,   "UMLAL T1",   K_MAC_LONG, FEAT_NONE },
    { T32LONG "110 Rn:4 | RdLo:4 RdHi:4 0110 Rm:4",      d_umaal,   "UMAAL T1",   K_MAC_LONG, FEAT_NONE },
};

PATTERN_SET(isa_mul_patterns, patterns);
