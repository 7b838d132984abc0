/* FP arithmetic by the ARMv7-M pseudocode (see fp_soft.h). Exact values are
 * held as integer mantissa and binary exponent, value = m * 2^e, so every
 * rounding decision is made once, here, by FPRound. */
#include "isa/fp_soft.h"

#include <math.h>
#include <string.h>

typedef unsigned __int128 u128;

struct fmtinfo {
    int N, E, F, minexp, bias;
};

static const struct fmtinfo FMT[3] = {
    { 16, 5, 10, -14, 15 },
    { 32, 8, 23, -126, 127 },
    { 64, 11, 52, -1022, 1023 },
};

enum fptype { T_ZERO, T_NONZERO, T_INF, T_QNAN, T_SNAN };

/* FPUnpack: for T_NONZERO the value is m * 2^e (m < 2^(F+1)). */
struct unp {
    enum fptype type;
    int sign;
    int e;
    uint64_t m;
};

static inline uint64_t fracmask(const struct fmtinfo *f) { return (1ull << f->F) - 1; }
static inline uint64_t signbit(const struct fmtinfo *f) { return 1ull << (f->N - 1); }
static inline uint64_t expones(const struct fmtinfo *f) { return ((1ull << f->E) - 1) << f->F; }
static inline uint64_t quietbit(const struct fmtinfo *f) { return 1ull << (f->F - 1); }

static inline uint64_t fzero(const struct fmtinfo *f, int sign) { return sign ? signbit(f) : 0; }
static inline uint64_t finf(const struct fmtinfo *f, int sign) { return fzero(f, sign) | expones(f); }
static inline uint64_t fdefnan(const struct fmtinfo *f) { return expones(f) | quietbit(f); }
static inline uint64_t fmaxnormal(const struct fmtinfo *f, int sign)
{
    return fzero(f, sign) | (((1ull << f->E) - 2) << f->F) | fracmask(f);
}

static inline struct unp unpack(const struct fmtinfo *f, uint64_t x, struct fpst *st)
{
    struct unp u = { T_NONZERO, (int)((x >> (f->N - 1)) & 1), 0, 0 };
    unsigned exp = (unsigned)((x >> f->F) & ((1u << f->E) - 1));
    uint64_t frac = x & fracmask(f);
    if (exp == 0) {
        if (frac == 0 || (f->N != 16 && (st->ctl & FPSCR_FZ))) {
            u.type = T_ZERO;
            if (frac)
                st->exc |= FPSCR_IDC; /* input denormal flushed */
        } else {
            u.m = frac;
            u.e = f->minexp - f->F;
        }
    } else if (exp == (1u << f->E) - 1 && !(f->N == 16 && (st->ctl & FPSCR_AHP))) {
        if (frac == 0)
            u.type = T_INF;
        else
            u.type = (frac & quietbit(f)) ? T_QNAN : T_SNAN;
    } else {
        u.m = frac | (1ull << f->F);
        u.e = (int)exp - f->bias - f->F;
    }
    return u;
}

static inline bool isnan_t(enum fptype t) { return t == T_QNAN || t == T_SNAN; }

/* FPProcessNaN. */
static uint64_t process_nan(const struct fmtinfo *f, enum fptype t, uint64_t x, struct fpst *st)
{
    if (t == T_SNAN) {
        x |= quietbit(f);
        st->exc |= FPSCR_IOC;
    }
    if (st->ctl & FPSCR_DN)
        x = fdefnan(f);
    return x;
}

/* FPProcessNaNs: true (result in *r) when an operand is a NaN. */
static bool process_nans(const struct fmtinfo *f, enum fptype t1, enum fptype t2,
                         uint64_t a, uint64_t b, struct fpst *st, uint64_t *r)
{
    if (t1 == T_SNAN) *r = process_nan(f, t1, a, st);
    else if (t2 == T_SNAN) *r = process_nan(f, t2, b, st);
    else if (t1 == T_QNAN) *r = process_nan(f, t1, a, st);
    else if (t2 == T_QNAN) *r = process_nan(f, t2, b, st);
    else return false;
    return true;
}

static bool process_nans3(const struct fmtinfo *f, enum fptype t1, enum fptype t2, enum fptype t3,
                          uint64_t a, uint64_t b, uint64_t c, struct fpst *st, uint64_t *r)
{
    if (t1 == T_SNAN) *r = process_nan(f, t1, a, st);
    else if (t2 == T_SNAN) *r = process_nan(f, t2, b, st);
    else if (t3 == T_SNAN) *r = process_nan(f, t3, c, st);
    else if (t1 == T_QNAN) *r = process_nan(f, t1, a, st);
    else if (t2 == T_QNAN) *r = process_nan(f, t2, b, st);
    else if (t3 == T_QNAN) *r = process_nan(f, t3, c, st);
    else return false;
    return true;
}

static inline int clz128(u128 m)
{
    uint64_t hi = (uint64_t)(m >> 64);
    return hi ? __builtin_clzll(hi) : 64 + __builtin_clzll((uint64_t)m);
}

/* Where a rounding leaves its discarded part: 0 nothing, 1 less than half
 * an ulp, 2 exactly half, 3 more than half. */
enum { ERR_NONE, ERR_LOW, ERR_HALF, ERR_HIGH };

/* Keeps the bits of m above position sh (sh > 0) and classifies the rest. */
static inline uint64_t split(u128 m, int sh, int *err)
{
    if (sh > 128) {
        *err = ERR_LOW;
        return 0;
    }
    u128 rem = sh == 128 ? m : m & (((u128)1 << sh) - 1);
    u128 half = (u128)1 << (sh - 1);
    *err = rem == 0 ? ERR_NONE : rem < half ? ERR_LOW : rem == half ? ERR_HALF : ERR_HIGH;
    return sh == 128 ? 0 : (uint64_t)(m >> sh);
}

/* Whether a magnitude truncated with error err rounds up (the pseudocode's
 * round_up, written for sign and magnitude). */
static inline bool round_up(enum fp_rounding r, int sign, int err, uint64_t lsb)
{
    switch (r) {
    case FPR_TIEEVEN: return err == ERR_HIGH || (err == ERR_HALF && (lsb & 1));
    case FPR_POSINF: return err != ERR_NONE && !sign;
    case FPR_NEGINF: return err != ERR_NONE && sign;
    case FPR_ZERO: return false;
    case FPR_TIEAWAY: return err >= ERR_HALF;
    }
    return false;
}

/* FPRound of (-1)^sign * m * 2^e, m != 0. m may carry a sticky bit: bit 0
 * ORed with "something below"; callers keep at least two bits between the
 * last kept bit and bit 0 whenever they set it. */
static uint64_t fpround(const struct fmtinfo *f, int sign, int e, u128 m, enum fp_rounding r,
                        struct fpst *st)
{
    int p = 127 - clz128(m);
    int exponent = e + p;
    if (f->N != 16 && (st->ctl & FPSCR_FZ) && exponent < f->minexp) {
        st->exc |= FPSCR_UFC;
        return fzero(f, sign);
    }
    int biased = exponent - f->minexp + 1;
    int rs = p - f->F;
    if (biased <= 0) {
        rs += 1 - biased;
        biased = 0;
    }
    int err = ERR_NONE;
    uint64_t im = rs <= 0 ? (uint64_t)(m << -rs) : split(m, rs, &err);
    /* Underflow: tiny before rounding, and inexact. */
    if (biased == 0 && err != ERR_NONE)
        st->exc |= FPSCR_UFC;
    if (round_up(r, sign, err, im)) {
        im++;
        if (im == 1ull << f->F)
            biased = 1;
        if (im == 1ull << (f->F + 1)) {
            biased++;
            im >>= 1;
        }
    }
    uint64_t res;
    if (f->N != 16 || !(st->ctl & FPSCR_AHP)) {
        if (biased >= (1 << f->E) - 1) {
            bool to_inf = r == FPR_TIEEVEN || r == FPR_TIEAWAY || (r == FPR_POSINF && !sign) ||
                          (r == FPR_NEGINF && sign);
            res = to_inf ? finf(f, sign) : fmaxnormal(f, sign);
            st->exc |= FPSCR_OFC;
            err = ERR_LOW; /* Inexact too */
        } else {
            res = fzero(f, sign) | (uint64_t)biased << f->F | (im & fracmask(f));
        }
    } else { /* alternative half precision: no infinities */
        if (biased >= 1 << f->E) {
            res = fzero(f, sign) | 0x7fff;
            st->exc |= FPSCR_IOC;
            err = ERR_NONE;
        } else {
            res = fzero(f, sign) | (uint64_t)biased << f->F | (im & fracmask(f));
        }
    }
    if (err != ERR_NONE)
        st->exc |= FPSCR_IXC;
    return res;
}

/* An exact intermediate value: (-1)^sign * m * 2^e. */
struct xv {
    int sign;
    int e;
    u128 m;
};

/* Mantissa msb to bit 125 (inputs have at most 106 significant bits). */
static inline struct xv xnorm(struct xv a)
{
    int s = clz128(a.m) - 2;
    a.m <<= s;
    a.e -= s;
    return a;
}

/* a + b for nonzero a and b, rounded down to the bits kept with a sticky
 * bit 0 (see fpround). Bits are lost only when the exponents are 20+ apart
 * (inputs have their low bits clear after xnorm), and then the result's msb
 * is at bit 124 or above. Returns false for an exact zero. */
static bool xadd(struct xv a, struct xv b, struct xv *r)
{
    a = xnorm(a);
    b = xnorm(b);
    if (a.e < b.e || (a.e == b.e && a.m < b.m)) {
        struct xv t = a;
        a = b;
        b = t;
    }
    int d = a.e - b.e;
    u128 bm;
    unsigned sticky = 0;
    if (d == 0) {
        bm = b.m;
    } else if (d >= 127) {
        bm = 0;
        sticky = 1;
    } else {
        bm = b.m >> d;
        sticky = (b.m & (((u128)1 << d) - 1)) != 0;
    }
    r->sign = a.sign;
    r->e = a.e;
    r->m = (a.sign == b.sign ? a.m + bm : a.m - bm - sticky) | sticky;
    return r->m != 0;
}

static inline struct xv xv_of(const struct unp *u) { return (struct xv){ u->sign, u->e, u->m }; }

/* ---- fast paths ----
 *
 * The common case, round to nearest with normal operands and a result
 * well inside the normal range, is the host's IEEE arithmetic, which then
 * gives the same bits; only Inexact needs computing, from an exact error
 * term. Everything else (other rounding modes, zeros, subnormals, NaNs,
 * infinities, results near underflow or overflow, where FZ and tininess
 * before rounding matter) takes the pseudocode path below.
 *
 * Single precision is computed in double: products of two singles are
 * exact there, and rounding a double result of +, -, *, / or sqrt of
 * singles to single is correctly rounded (53 >= 2*24 + 2, Figueroa 1995).
 * Double precision needs operands within 2^+-400 so that the error terms
 * (Fast2Sum, fma residuals) are exact. These paths assume the host runs
 * in its default round-to-nearest mode, as ttemu never changes it. */

#define RMODE_BITS (3u << FPSCR_RMODE_SHIFT)

static inline double d_of32(uint32_t a)
{
    float f;
    memcpy(&f, &a, 4);
    return f;
}
static inline uint32_t b_of32(float f)
{
    uint32_t a;
    memcpy(&a, &f, 4);
    return a;
}
static inline double d_of64(uint64_t a)
{
    double d;
    memcpy(&d, &a, 8);
    return d;
}
static inline uint64_t b_of64(double d)
{
    uint64_t a;
    memcpy(&a, &d, 8);
    return a;
}
/* Normal and finite: exponent field 1..254. */
static inline bool n32(uint64_t a) { return ((a >> 23) & 0xff) - 1u < 254u; }
/* A result with exponent field 2..254: neither tiny before rounding nor
 * overflowed. */
static inline bool r32(uint32_t r) { return ((r >> 23) & 0xff) - 2u < 253u; }
/* Doubles within [2^-400, 2^401). */
static inline bool n64(uint64_t a) { return ((a >> 52) & 0x7ff) - 623u < 801u; }

/* Tests turn fp_soft_fast off to check the fast paths against the
 * pseudocode path; FP_SOFT_NO_FAST compiles them out. */
bool fp_soft_fast = true;
#ifdef FP_SOFT_NO_FAST
#define FAST_ENABLED 0
#else
#define FAST_ENABLED fp_soft_fast
#endif

static inline bool fast_ok(enum fp_fmt f, uint64_t a, uint64_t b, const struct fpst *st)
{
    if (!FAST_ENABLED || (st->ctl & RMODE_BITS))
        return false;
    return f == FP32 ? n32(a) && n32(b) : f == FP64 && n64(a) && n64(b);
}

/* a + b; false when the slow path must decide. */
static inline bool fast_add(enum fp_fmt f, uint64_t a, uint64_t b, struct fpst *st, uint64_t *res)
{
    if (f == FP32) {
        double da = d_of32((uint32_t)a), db = d_of32((uint32_t)b), s = da + db;
        uint32_t r = b_of32((float)s);
        if (!r32(r))
            return false;
        /* Fast2Sum: with |x| >= |y|, s - x is exact; it differs from y
         * exactly when the double sum was inexact. */
        bool exact = (double)d_of32(r) == s && (fabs(da) >= fabs(db) ? s - da == db : s - db == da);
        if (!exact)
            st->exc |= FPSCR_IXC;
        *res = r;
        return true;
    }
    double da = d_of64(a), db = d_of64(b), s = da + db;
    if (s == 0)
        return false;
    if (fabs(da) >= fabs(db) ? s - da != db : s - db != da)
        st->exc |= FPSCR_IXC;
    *res = b_of64(s);
    return true;
}

static inline bool fast_mul(enum fp_fmt f, uint64_t a, uint64_t b, struct fpst *st, uint64_t *res)
{
    if (f == FP32) {
        double p = d_of32((uint32_t)a) * d_of32((uint32_t)b); /* exact */
        uint32_t r = b_of32((float)p);
        if (!r32(r))
            return false;
        if ((double)d_of32(r) != p)
            st->exc |= FPSCR_IXC;
        *res = r;
        return true;
    }
    double da = d_of64(a), db = d_of64(b), p = da * db;
    if (fma(da, db, -p) != 0)
        st->exc |= FPSCR_IXC;
    *res = b_of64(p);
    return true;
}

static inline bool fast_div(enum fp_fmt f, uint64_t a, uint64_t b, struct fpst *st, uint64_t *res)
{
    if (f == FP32) {
        double da = d_of32((uint32_t)a), db = d_of32((uint32_t)b);
        uint32_t r = b_of32((float)(da / db));
        if (!r32(r))
            return false;
        if ((double)d_of32(r) * db != da) /* the product is exact */
            st->exc |= FPSCR_IXC;
        *res = r;
        return true;
    }
    double da = d_of64(a), db = d_of64(b), q = da / db;
    if (fma(-q, db, da) != 0)
        st->exc |= FPSCR_IXC;
    *res = b_of64(q);
    return true;
}

/* ---- arithmetic ---- */

static uint64_t add_unpacked(const struct fmtinfo *f, struct unp x, struct unp y, uint64_t a,
                             uint64_t b, struct fpst *st)
{
    enum fp_rounding r = fp_rmode(st);
    bool inf1 = x.type == T_INF, inf2 = y.type == T_INF;
    bool zero1 = x.type == T_ZERO, zero2 = y.type == T_ZERO;
    if (inf1 && inf2 && x.sign != y.sign) {
        st->exc |= FPSCR_IOC;
        return fdefnan(f);
    }
    if (inf1 || inf2)
        return finf(f, inf1 ? x.sign : y.sign);
    if (zero1 && zero2)
        return x.sign == y.sign ? fzero(f, x.sign) : fzero(f, r == FPR_NEGINF);
    if (zero1)
        return fpround(f, y.sign, y.e, y.m, r, st);
    if (zero2)
        return fpround(f, x.sign, x.e, x.m, r, st);
    (void)a;
    (void)b;
    struct xv s;
    if (!xadd(xv_of(&x), xv_of(&y), &s))
        return fzero(f, r == FPR_NEGINF);
    return fpround(f, s.sign, s.e, s.m, r, st);
}

uint64_t fp_add(enum fp_fmt fm, uint64_t a, uint64_t b, struct fpst *st)
{
    uint64_t fast;
    if (fast_ok(fm, a, b, st) && fast_add(fm, a, b, st, &fast))
        return fast;
    const struct fmtinfo *f = &FMT[fm];
    struct unp x = unpack(f, a, st), y = unpack(f, b, st);
    uint64_t res;
    if (process_nans(f, x.type, y.type, a, b, st, &res))
        return res;
    return add_unpacked(f, x, y, a, b, st);
}

uint64_t fp_sub(enum fp_fmt fm, uint64_t a, uint64_t b, struct fpst *st)
{
    uint64_t fast;
    if (fast_ok(fm, a, b, st) && fast_add(fm, a, b ^ signbit(&FMT[fm]), st, &fast))
        return fast;
    const struct fmtinfo *f = &FMT[fm];
    struct unp x = unpack(f, a, st), y = unpack(f, b, st);
    uint64_t res;
    if (process_nans(f, x.type, y.type, a, b, st, &res))
        return res;
    y.sign ^= 1;
    return add_unpacked(f, x, y, a, b ^ signbit(f), st);
}

uint64_t fp_mul(enum fp_fmt fm, uint64_t a, uint64_t b, struct fpst *st)
{
    uint64_t fast;
    if (fast_ok(fm, a, b, st) && fast_mul(fm, a, b, st, &fast))
        return fast;
    const struct fmtinfo *f = &FMT[fm];
    struct unp x = unpack(f, a, st), y = unpack(f, b, st);
    uint64_t res;
    if (process_nans(f, x.type, y.type, a, b, st, &res))
        return res;
    int sign = x.sign ^ y.sign;
    if ((x.type == T_INF && y.type == T_ZERO) || (x.type == T_ZERO && y.type == T_INF)) {
        st->exc |= FPSCR_IOC;
        return fdefnan(f);
    }
    if (x.type == T_INF || y.type == T_INF)
        return finf(f, sign);
    if (x.type == T_ZERO || y.type == T_ZERO)
        return fzero(f, sign);
    return fpround(f, sign, x.e + y.e, (u128)x.m * y.m, fp_rmode(st), st);
}

uint64_t fp_div(enum fp_fmt fm, uint64_t a, uint64_t b, struct fpst *st)
{
    uint64_t fast;
    if (fast_ok(fm, a, b, st) && fast_div(fm, a, b, st, &fast))
        return fast;
    const struct fmtinfo *f = &FMT[fm];
    struct unp x = unpack(f, a, st), y = unpack(f, b, st);
    uint64_t res;
    if (process_nans(f, x.type, y.type, a, b, st, &res))
        return res;
    int sign = x.sign ^ y.sign;
    bool inf1 = x.type == T_INF, inf2 = y.type == T_INF;
    bool zero1 = x.type == T_ZERO, zero2 = y.type == T_ZERO;
    if ((inf1 && inf2) || (zero1 && zero2)) {
        st->exc |= FPSCR_IOC;
        return fdefnan(f);
    }
    if (inf1 || zero2) {
        if (!inf1)
            st->exc |= FPSCR_DZC;
        return finf(f, sign);
    }
    if (zero1 || inf2)
        return fzero(f, sign);
    /* Dividend to msb 125: the quotient keeps 72+ bits, remainder sticky. */
    int s = clz128(x.m) - 2;
    u128 n = (u128)x.m << s;
    u128 q = n / y.m;
    q |= (n % y.m) != 0;
    return fpround(f, sign, x.e - s - y.e, q, fp_rmode(st), st);
}

/* floor(sqrt(m)) for m < 2^126, from a long double estimate. */
static uint64_t isqrt128(u128 m)
{
    uint64_t r = (uint64_t)sqrtl((long double)m);
    while ((u128)r * r > m)
        r--;
    while ((u128)(r + 1) * (r + 1) <= m)
        r++;
    return r;
}

uint64_t fp_sqrt(enum fp_fmt fm, uint64_t a, struct fpst *st)
{
    /* Fast path: a positive normal operand, round to nearest. The root of
     * a normal is normal, so no range check on the result. */
    if (FAST_ENABLED && !(st->ctl & RMODE_BITS)) {
        if (fm == FP32 && n32(a) && !(a >> 31)) {
            double da = d_of32((uint32_t)a);
            float r = (float)sqrt(da);
            if ((double)r * r != da)
                st->exc |= FPSCR_IXC;
            return b_of32(r);
        }
        if (fm == FP64 && n64(a) && !(a >> 63)) {
            double da = d_of64(a), r = sqrt(da);
            if (fma(-r, r, da) != 0)
                st->exc |= FPSCR_IXC;
            return b_of64(r);
        }
    }
    const struct fmtinfo *f = &FMT[fm];
    struct unp x = unpack(f, a, st);
    if (isnan_t(x.type))
        return process_nan(f, x.type, a, st);
    if (x.type == T_ZERO)
        return fzero(f, x.sign);
    if (x.type == T_INF && !x.sign)
        return finf(f, 0);
    if (x.sign) {
        st->exc |= FPSCR_IOC;
        return fdefnan(f);
    }
    int s = clz128(x.m) - 3; /* msb to bit 124 */
    u128 m = (u128)x.m << s;
    int e = x.e - s;
    if (e & 1) {
        m <<= 1;
        e--;
    }
    uint64_t r = isqrt128(m);
    u128 root = (u128)r | (m != (u128)r * r);
    return fpround(f, 0, e / 2, root, fp_rmode(st), st);
}

uint64_t fp_muladd(enum fp_fmt fm, uint64_t addend, uint64_t a, uint64_t b, struct fpst *st)
{
    /* Fast path (single, round to nearest, normal operands): the host's
     * fused multiply-add; Inexact from the exact double product plus a
     * Fast2Sum of it and the addend. */
    if (FAST_ENABLED && fm == FP32 && !(st->ctl & RMODE_BITS) && n32(addend) && n32(a) && n32(b)) {
        float fa, fb, fc;
        uint32_t ua = (uint32_t)a, ub = (uint32_t)b, uc = (uint32_t)addend;
        memcpy(&fa, &ua, 4);
        memcpy(&fb, &ub, 4);
        memcpy(&fc, &uc, 4);
        uint32_t r = b_of32(fmaf(fa, fb, fc));
        if (r32(r)) {
            double p = (double)fa * fb, dc = fc, sum = p + dc;
            bool exact = (fabs(p) >= fabs(dc) ? sum - p == dc : sum - dc == p) && d_of32(r) == sum;
            if (!exact)
                st->exc |= FPSCR_IXC;
            return r;
        }
    }
    const struct fmtinfo *f = &FMT[fm];
    struct unp xa = unpack(f, addend, st), x = unpack(f, a, st), y = unpack(f, b, st);
    bool inf1 = x.type == T_INF, inf2 = y.type == T_INF;
    bool zero1 = x.type == T_ZERO, zero2 = y.type == T_ZERO;
    bool infzero = (inf1 && zero2) || (zero1 && inf2);
    uint64_t res;
    bool done = process_nans3(f, xa.type, x.type, y.type, addend, a, b, st, &res);
    /* A quiet NaN addend does not hide the invalid 0 * inf. */
    if (xa.type == T_QNAN && infzero) {
        st->exc |= FPSCR_IOC;
        return fdefnan(f);
    }
    if (done)
        return res;
    enum fp_rounding r = fp_rmode(st);
    bool infA = xa.type == T_INF, zeroA = xa.type == T_ZERO;
    int signP = x.sign ^ y.sign;
    bool infP = inf1 || inf2, zeroP = zero1 || zero2;
    if (infzero || (infA && infP && xa.sign != signP)) {
        st->exc |= FPSCR_IOC;
        return fdefnan(f);
    }
    if ((infA && !xa.sign) || (infP && !signP))
        return finf(f, 0);
    if ((infA && xa.sign) || (infP && signP))
        return finf(f, 1);
    if (zeroA && zeroP)
        return xa.sign == signP ? fzero(f, xa.sign) : fzero(f, r == FPR_NEGINF);
    if (zeroP)
        return fpround(f, xa.sign, xa.e, xa.m, r, st);
    struct xv p = { signP, x.e + y.e, (u128)x.m * y.m };
    if (zeroA)
        return fpround(f, p.sign, p.e, p.m, r, st);
    struct xv s;
    if (!xadd(xv_of(&xa), p, &s))
        return fzero(f, r == FPR_NEGINF);
    return fpround(f, s.sign, s.e, s.m, r, st);
}

/* Order of two non-NaN unpacked values: -1, 0, 1. Raw bits without the
 * sign order magnitudes; flushed denormals count as zero. */
static int order(const struct fmtinfo *f, const struct unp *x, uint64_t a, const struct unp *y,
                 uint64_t b)
{
    int64_t va = x->type == T_ZERO ? 0 : (int64_t)(a & ~signbit(f));
    int64_t vb = y->type == T_ZERO ? 0 : (int64_t)(b & ~signbit(f));
    if (x->sign) va = -va;
    if (y->sign) vb = -vb;
    return va < vb ? -1 : va > vb;
}

unsigned fp_compare(enum fp_fmt fm, uint64_t a, uint64_t b, bool quiet_nan_exc, struct fpst *st)
{
    const struct fmtinfo *f = &FMT[fm];
    struct unp x = unpack(f, a, st), y = unpack(f, b, st);
    if (isnan_t(x.type) || isnan_t(y.type)) {
        if (x.type == T_SNAN || y.type == T_SNAN || quiet_nan_exc)
            st->exc |= FPSCR_IOC;
        return 0x3; /* unordered: C V */
    }
    int o = order(f, &x, a, &y, b);
    return o == 0 ? 0x6 : o < 0 ? 0x8 : 0x2;
}

/* FPMax / FPMin, after FPMaxNum's replacement of a lone quiet NaN. */
static uint64_t maxmin(const struct fmtinfo *f, uint64_t a, uint64_t b, bool max, struct fpst *st)
{
    struct unp x = unpack(f, a, st), y = unpack(f, b, st);
    if (x.type == T_QNAN && y.type != T_QNAN)
        a = finf(f, max), x = unpack(f, a, st);
    else if (x.type != T_QNAN && y.type == T_QNAN)
        b = finf(f, max), y = unpack(f, b, st);
    uint64_t res;
    if (process_nans(f, x.type, y.type, a, b, st, &res))
        return res;
    int o = order(f, &x, a, &y, b);
    bool first = max ? o > 0 : o < 0;
    const struct unp *w = first ? &x : &y;
    if (w->type == T_ZERO)
        return fzero(f, max ? (x.sign & y.sign) : (x.sign | y.sign));
    return first ? a : b;
}

uint64_t fp_maxnum(enum fp_fmt fm, uint64_t a, uint64_t b, struct fpst *st)
{
    return maxmin(&FMT[fm], a, b, true, st);
}

uint64_t fp_minnum(enum fp_fmt fm, uint64_t a, uint64_t b, struct fpst *st)
{
    return maxmin(&FMT[fm], a, b, false, st);
}

uint64_t fp_roundint(enum fp_fmt fm, uint64_t a, enum fp_rounding r, bool exact, struct fpst *st)
{
    const struct fmtinfo *f = &FMT[fm];
    struct unp x = unpack(f, a, st);
    if (isnan_t(x.type))
        return process_nan(f, x.type, a, st);
    if (x.type == T_INF)
        return finf(f, x.sign);
    if (x.type == T_ZERO)
        return fzero(f, x.sign);
    if (x.e >= 0)
        return a; /* already an integer */
    int err;
    uint64_t im = split(x.m, -x.e, &err);
    if (round_up(r, x.sign, err, im))
        im++;
    if (err != ERR_NONE && exact)
        st->exc |= FPSCR_IXC;
    if (im == 0)
        return fzero(f, x.sign);
    struct fpst quiet = { st->ctl, 0 };
    return fpround(f, x.sign, 0, im, FPR_ZERO, &quiet); /* exact */
}

uint32_t fp_to_fixed(enum fp_fmt fm, uint64_t a, unsigned fbits, bool is_unsigned, unsigned size,
                     enum fp_rounding r, struct fpst *st)
{
    /* Fast path: VCVT to a 32-bit integer, toward zero, of a normal value
     * in range: C's conversion truncates. */
    if (FAST_ENABLED && r == FPR_ZERO && fbits == 0 && size == 32 &&
        (fm == FP32 ? n32(a) : fm == FP64 && n64(a))) {
        double d = fm == FP32 ? d_of32((uint32_t)a) : d_of64(a);
        if (is_unsigned ? (d >= 0 && d < 4294967296.0) : (d > -2147483649.0 && d < 2147483648.0)) {
            int64_t v = (int64_t)d;
            if ((double)v != d)
                st->exc |= FPSCR_IXC;
            return (uint32_t)v;
        }
    }
    const struct fmtinfo *f = &FMT[fm];
    struct unp x = unpack(f, a, st);
    if (isnan_t(x.type)) {
        st->exc |= FPSCR_IOC;
        return 0;
    }
    if (x.type == T_ZERO)
        return 0;
    uint64_t max = is_unsigned ? (size == 32 ? 0xffffffffu : 0xffffu) : (1ull << (size - 1)) - 1;
    uint64_t im = 0;
    int err = ERR_NONE;
    bool ovf = x.type == T_INF;
    if (!ovf) {
        int sh = x.e + (int)fbits;
        if (sh >= 0) {
            if (64 - __builtin_clzll(x.m) + sh > 33) /* 2^33 or more */
                ovf = true;
            else
                im = x.m << sh;
        } else {
            im = split(x.m, -sh, &err);
        }
        if (round_up(r, x.sign, err, im))
            im++;
    }
    uint32_t res;
    if (!x.sign) {
        if (ovf || im > max)
            ovf = true, im = max;
        res = (uint32_t)im;
    } else if (is_unsigned) {
        if (ovf || im != 0)
            ovf = true;
        res = 0;
    } else {
        if (ovf || im > max + 1)
            ovf = true, im = max + 1;
        res = (uint32_t)(0 - im);
        if (size == 16)
            res = (uint32_t)(int32_t)(int16_t)res;
    }
    if (ovf)
        st->exc |= FPSCR_IOC;
    else if (err != ERR_NONE)
        st->exc |= FPSCR_IXC;
    return res;
}

uint64_t fp_from_fixed(enum fp_fmt fm, uint32_t x, unsigned fbits, bool is_unsigned, unsigned size,
                       enum fp_rounding r, struct fpst *st)
{
    const struct fmtinfo *f = &FMT[fm];
    int64_t v;
    if (size == 16)
        v = is_unsigned ? (int64_t)(x & 0xffff) : (int64_t)(int16_t)x;
    else
        v = is_unsigned ? (int64_t)x : (int64_t)(int32_t)x;
    if (v == 0)
        return fzero(f, 0);
    /* Fast path: integers in round to nearest are the host's conversion
     * (exact for double). */
    if (FAST_ENABLED && fbits == 0 && r == FPR_TIEEVEN) {
        if (fm == FP64)
            return b_of64((double)v);
        if (fm == FP32) {
            float fl = (float)v;
            if ((double)fl != (double)v)
                st->exc |= FPSCR_IXC;
            return b_of32(fl);
        }
    }
    int sign = v < 0;
    uint64_t mag = sign ? (uint64_t)-v : (uint64_t)v;
    return fpround(f, sign, -(int)fbits, mag, r, st);
}

uint64_t fp_convert(enum fp_fmt to, enum fp_fmt from, uint64_t a, struct fpst *st)
{
    const struct fmtinfo *ft = &FMT[to], *ff = &FMT[from];
    struct unp x = unpack(ff, a, st);
    bool ahp = to == FP16 && (st->ctl & FPSCR_AHP);
    if (isnan_t(x.type)) {
        uint64_t res;
        if (ahp) {
            res = fzero(ft, x.sign);
        } else if (st->ctl & FPSCR_DN) {
            res = fdefnan(ft);
        } else {
            uint64_t payload = a & (quietbit(ff) - 1);
            payload = ft->F > ff->F ? payload << (ft->F - ff->F) : payload >> (ff->F - ft->F);
            res = fzero(ft, x.sign) | expones(ft) | quietbit(ft) | payload;
        }
        if (x.type == T_SNAN || ahp)
            st->exc |= FPSCR_IOC;
        return res;
    }
    if (x.type == T_INF) {
        if (ahp) {
            st->exc |= FPSCR_IOC;
            return fzero(ft, x.sign) | 0x7fff;
        }
        return finf(ft, x.sign);
    }
    if (x.type == T_ZERO)
        return fzero(ft, x.sign);
    return fpround(ft, x.sign, x.e, x.m, fp_rmode(st), st);
}
