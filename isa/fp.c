/* The floating-point extension: FPv4-SP-D16 (Cortex-M4F) and FPv5-D16 with
 * double precision (Cortex-M7). ARMv7-M ARM A6 (encodings in A6.4, A7.7.x
 * VABS..VSTR) and, for the FPv5 additions (VSEL, VMAXNM/VMINNM, VRINT*,
 * VCVTA/N/P/M, half<->double VCVTB/T), the same encodings as ARMv8-M.
 *
 * Arithmetic is in isa/fp_soft.c (the manual's FP pseudocode); this file
 * decodes, checks CPACR (ExecuteFPCheck) and moves registers and memory.
 *
 * Registers: S<n> is c->fp.s[n]; D<n> is c->fp.d[n] = S<2n+1>:S<2n> (the
 * union relies on a little-endian host, as the rest of ttemu does).
 * Operands: i->rd/rn/rm are S or D numbers as the precision says; other
 * fields are noted at each decoder. Double-precision patterns and every
 * FPv5 pattern carry FEAT_FP_DP (among our cores FPv5 is exactly the FPU
 * with double precision), so the M4F gives UNDEFINED for them. */
#include "isa/decode.h"
#include "isa/exec.h"
#include "isa/fp_soft.h"

#define CONTROL_FPCA (1u << 2)

static _Noreturn __attribute__((noinline, cold)) void fp_nocp(struct cpu *c)
{
    cpu_fault(c, EXC_USAGEFAULT, UFSR_NOCP, 0);
}

/* The rest of ExecuteFPCheck, off the hot path: lazy state preservation
 * (PreserveFPState when FPCCR.LSPACT) and, with FPCCR.ASPEN, a new FP
 * context: FPSCR's AHP/DN/FZ/RMode from FPDSCR and CONTROL.FPCA set.
 * Without an exception model (bare cores) FPCA is set as ASPEN's reset
 * value 1 says and FPSCR is left alone. */
static __attribute__((noinline, cold)) void fp_context(struct cpu *c)
{
    struct exc_state *e = c->exc;
    if (e && (e->fpccr & FPCCR_LSPACT))
        exc_fp_preserve(c);
    if (!(c->control & CONTROL_FPCA) && (!e || (e->fpccr & FPCCR_ASPEN))) {
        if (e)
            c->fpscr = (c->fpscr & ~0x07c00000u) | (e->fpdscr & 0x07c00000u);
        cpu_set_control(c, c->control | CONTROL_FPCA);
    }
}

/* ExecuteFPCheck (ARMv7-M ARM B1.5.7 / A2.5): CPACR.CP10 full access, or
 * privileged access when privileged, else UsageFault NOCP (CP11 is taken to
 * equal CP10: different values are UNPREDICTABLE). Then the FP context
 * (above) when CONTROL.FPCA is clear or lazy preservation is pending. */
static inline void fp_check(struct cpu *c)
{
    unsigned cp10 = (c->cpacr >> 20) & 3;
    if (UNLIKELY(cp10 != 3) && !(cp10 == 1 && cpu_privileged(c)))
        fp_nocp(c);
    if (UNLIKELY(!(c->control & CONTROL_FPCA) || (c->exc && (c->exc->fpccr & FPCCR_LSPACT))))
        fp_context(c);
}

#define FP_BEGIN \
    fp_check(c); \
    struct fpst st = { c->fpscr, 0 }
#define FP_END \
    c->fpscr |= st.exc; \
    NEXT()

#define SIGN32 0x80000000u
#define SIGN64 (1ull << 63)

/* One handler per precision from one expression E(F, R, SG): F the format,
 * R the register array, SG the sign bit. */
#define FP_BOTH(name, E) \
    HANDLER(name##_s) { FP_BEGIN; c->fp.s[i->rd] = (uint32_t)E(FP32, c->fp.s, SIGN32); FP_END; } \
    HANDLER(name##_d) { FP_BEGIN; c->fp.d[i->rd] = E(FP64, c->fp.d, SIGN64); FP_END; }

#define E_ADD(F, R, SG) fp_add(F, R[i->rn], R[i->rm], &st)
#define E_SUB(F, R, SG) fp_sub(F, R[i->rn], R[i->rm], &st)
#define E_MUL(F, R, SG) fp_mul(F, R[i->rn], R[i->rm], &st)
#define E_NMUL(F, R, SG) (fp_mul(F, R[i->rn], R[i->rm], &st) ^ (SG))
#define E_DIV(F, R, SG) fp_div(F, R[i->rn], R[i->rm], &st)
/* Unfused: FPAdd(+-Vd, +-FPMul(Vn, Vm)), two roundings. */
#define E_MLA(F, R, SG) fp_add(F, R[i->rd], fp_mul(F, R[i->rn], R[i->rm], &st), &st)
#define E_MLS(F, R, SG) fp_add(F, R[i->rd], fp_mul(F, R[i->rn], R[i->rm], &st) ^ (SG), &st)
#define E_NMLA(F, R, SG) fp_add(F, R[i->rd] ^ (SG), fp_mul(F, R[i->rn], R[i->rm], &st) ^ (SG), &st)
#define E_NMLS(F, R, SG) fp_add(F, R[i->rd] ^ (SG), fp_mul(F, R[i->rn], R[i->rm], &st), &st)
/* Fused: FPMulAdd(addend, op1, op2). */
#define E_FMA(F, R, SG) fp_muladd(F, R[i->rd], R[i->rn], R[i->rm], &st)
#define E_FMS(F, R, SG) fp_muladd(F, R[i->rd], R[i->rn] ^ (SG), R[i->rm], &st)
#define E_FNMA(F, R, SG) fp_muladd(F, R[i->rd] ^ (SG), R[i->rn] ^ (SG), R[i->rm], &st)
#define E_FNMS(F, R, SG) fp_muladd(F, R[i->rd] ^ (SG), R[i->rn], R[i->rm], &st)
#define E_SQRT(F, R, SG) fp_sqrt(F, R[i->rm], &st)
#define E_MAXNM(F, R, SG) fp_maxnum(F, R[i->rn], R[i->rm], &st)
#define E_MINNM(F, R, SG) fp_minnum(F, R[i->rn], R[i->rm], &st)
/* VRINT: imm2 the rounding (FPR_*, or 0xff for FPSCR's), shift_t exact. */
#define E_RINT(F, R, SG) \
    fp_roundint(F, R[i->rm], i->imm2 == 0xff ? fp_rmode(&st) : (enum fp_rounding)i->imm2, \
                i->shift_t, &st)

FP_BOTH(h_vadd, E_ADD)
FP_BOTH(h_vsub, E_SUB)
FP_BOTH(h_vmul, E_MUL)
FP_BOTH(h_vnmul, E_NMUL)
FP_BOTH(h_vdiv, E_DIV)
FP_BOTH(h_vmla, E_MLA)
FP_BOTH(h_vmls, E_MLS)
FP_BOTH(h_vnmla, E_NMLA)
FP_BOTH(h_vnmls, E_NMLS)
FP_BOTH(h_vfma, E_FMA)
FP_BOTH(h_vfms, E_FMS)
FP_BOTH(h_vfnma, E_FNMA)
FP_BOTH(h_vfnms, E_FNMS)
FP_BOTH(h_vsqrt, E_SQRT)
FP_BOTH(h_vmaxnm, E_MAXNM)
FP_BOTH(h_vminnm, E_MINNM)
FP_BOTH(h_vrint, E_RINT)

/* Moves and sign operations: no FP exceptions, no flushing. */
HANDLER(h_vmov_s) { fp_check(c); c->fp.s[i->rd] = c->fp.s[i->rm]; NEXT(); }
HANDLER(h_vmov_d) { fp_check(c); c->fp.d[i->rd] = c->fp.d[i->rm]; NEXT(); }
HANDLER(h_vabs_s) { fp_check(c); c->fp.s[i->rd] = fp32_abs(c->fp.s[i->rm]); NEXT(); }
HANDLER(h_vabs_d) { fp_check(c); c->fp.d[i->rd] = fp64_abs(c->fp.d[i->rm]); NEXT(); }
HANDLER(h_vneg_s) { fp_check(c); c->fp.s[i->rd] = fp32_neg(c->fp.s[i->rm]); NEXT(); }
HANDLER(h_vneg_d) { fp_check(c); c->fp.d[i->rd] = fp64_neg(c->fp.d[i->rm]); NEXT(); }
HANDLER(h_vmovi_s) { fp_check(c); c->fp.s[i->rd] = i->imm; NEXT(); }
HANDLER(h_vmovi_d) { fp_check(c); c->fp.d[i->rd] = (uint64_t)i->imm << 32; NEXT(); }

/* VSEL: cond in i->cond is never 14 here (EQ, VS, GE, GT). */
static inline bool vsel_holds(const struct cpu *c, unsigned cc)
{
    switch (cc) {
    case 0: return c->z;
    case 1: return c->v;
    case 2: return c->n == c->v;
    default: return !c->z && c->n == c->v;
    }
}
HANDLER(h_vsel_s)
{
    fp_check(c);
    c->fp.s[i->rd] = vsel_holds(c, i->imm2) ? c->fp.s[i->rn] : c->fp.s[i->rm];
    NEXT();
}
HANDLER(h_vsel_d)
{
    fp_check(c);
    c->fp.d[i->rd] = vsel_holds(c, i->imm2) ? c->fp.d[i->rn] : c->fp.d[i->rm];
    NEXT();
}

/* VCMP{E}: shift_t = E (quiet NaNs raise Invalid), imm2 = compare with
 * zero. Writes FPSCR.NZCV. */
static inline void set_fpscr_nzcv(struct cpu *c, unsigned nzcv, uint32_t exc)
{
    c->fpscr = (c->fpscr & 0x0fffffffu) | (uint32_t)nzcv << 28 | exc;
}
HANDLER(h_vcmp_s)
{
    FP_BEGIN;
    uint32_t b = i->imm2 ? 0 : c->fp.s[i->rm];
    unsigned nzcv = fp_compare(FP32, c->fp.s[i->rd], b, i->shift_t, &st);
    set_fpscr_nzcv(c, nzcv, st.exc);
    NEXT();
}
HANDLER(h_vcmp_d)
{
    FP_BEGIN;
    uint64_t b = i->imm2 ? 0 : c->fp.d[i->rm];
    unsigned nzcv = fp_compare(FP64, c->fp.d[i->rd], b, i->shift_t, &st);
    set_fpscr_nzcv(c, nzcv, st.exc);
    NEXT();
}

/* ---- conversions ---- */

HANDLER(h_vcvt_d_s) { FP_BEGIN; c->fp.d[i->rd] = fp_convert(FP64, FP32, c->fp.s[i->rm], &st); FP_END; }
HANDLER(h_vcvt_s_d) { FP_BEGIN; c->fp.s[i->rd] = (uint32_t)fp_convert(FP32, FP64, c->fp.d[i->rm], &st); FP_END; }

/* Float to integer: imm2 the rounding (0xff: FPSCR's), shift_t unsigned.
 * The destination is always a single register. */
#define RMODE_OF(i, st) ((i)->imm2 == 0xff ? fp_rmode(&(st)) : (enum fp_rounding)(i)->imm2)
HANDLER(h_vcvt_int_s)
{
    FP_BEGIN;
    c->fp.s[i->rd] = fp_to_fixed(FP32, c->fp.s[i->rm], 0, i->shift_t, 32, RMODE_OF(i, st), &st);
    FP_END;
}
HANDLER(h_vcvt_int_d)
{
    FP_BEGIN;
    c->fp.s[i->rd] = fp_to_fixed(FP64, c->fp.d[i->rm], 0, i->shift_t, 32, RMODE_OF(i, st), &st);
    FP_END;
}
/* Integer (in a single register) to float, FPSCR rounding. */
HANDLER(h_vcvt_flt_s)
{
    FP_BEGIN;
    c->fp.s[i->rd] = (uint32_t)fp_from_fixed(FP32, c->fp.s[i->rm], 0, i->shift_t, 32, fp_rmode(&st), &st);
    FP_END;
}
HANDLER(h_vcvt_flt_d)
{
    FP_BEGIN;
    c->fp.d[i->rd] = fp_from_fixed(FP64, c->fp.s[i->rm], 0, i->shift_t, 32, fp_rmode(&st), &st);
    FP_END;
}
/* Fixed point, in place: shift_t unsigned, shift_n fraction bits, imm2 size.
 * To fixed rounds toward zero; to float uses FPSCR rounding. */
HANDLER(h_vcvt_tofix_s)
{
    FP_BEGIN;
    c->fp.s[i->rd] = fp_to_fixed(FP32, c->fp.s[i->rd], i->shift_n, i->shift_t, i->imm2, FPR_ZERO, &st);
    FP_END;
}
HANDLER(h_vcvt_tofix_d)
{
    FP_BEGIN;
    uint32_t r = fp_to_fixed(FP64, c->fp.d[i->rd], i->shift_n, i->shift_t, i->imm2, FPR_ZERO, &st);
    c->fp.d[i->rd] = i->shift_t ? (uint64_t)r : (uint64_t)(int64_t)(int32_t)r;
    FP_END;
}
HANDLER(h_vcvt_fromfix_s)
{
    FP_BEGIN;
    c->fp.s[i->rd] = (uint32_t)fp_from_fixed(FP32, c->fp.s[i->rd], i->shift_n, i->shift_t, i->imm2,
                                             fp_rmode(&st), &st);
    FP_END;
}
HANDLER(h_vcvt_fromfix_d)
{
    FP_BEGIN;
    c->fp.d[i->rd] = fp_from_fixed(FP64, (uint32_t)c->fp.d[i->rd], i->shift_n, i->shift_t, i->imm2,
                                   fp_rmode(&st), &st);
    FP_END;
}
/* Half precision (VCVTB/VCVTT): shift_n is the half's bit offset, 0 or 16. */
HANDLER(h_vcvt_h_s)
{
    FP_BEGIN;
    uint32_t h = (uint32_t)fp_convert(FP16, FP32, c->fp.s[i->rm], &st);
    c->fp.s[i->rd] = (c->fp.s[i->rd] & ~(0xffffu << i->shift_n)) | h << i->shift_n;
    FP_END;
}
HANDLER(h_vcvt_h_d)
{
    FP_BEGIN;
    uint32_t h = (uint32_t)fp_convert(FP16, FP64, c->fp.d[i->rm], &st);
    c->fp.s[i->rd] = (c->fp.s[i->rd] & ~(0xffffu << i->shift_n)) | h << i->shift_n;
    FP_END;
}
HANDLER(h_vcvt_s_h)
{
    FP_BEGIN;
    c->fp.s[i->rd] = (uint32_t)fp_convert(FP32, FP16, (c->fp.s[i->rm] >> i->shift_n) & 0xffff, &st);
    FP_END;
}
HANDLER(h_vcvt_d_h)
{
    FP_BEGIN;
    c->fp.d[i->rd] = fp_convert(FP64, FP16, (c->fp.s[i->rm] >> i->shift_n) & 0xffff, &st);
    FP_END;
}

/* ---- core register transfers ---- */

HANDLER(h_vmov_to_s) { fp_check(c); c->fp.s[i->rn] = c->r[i->rd]; NEXT(); }
HANDLER(h_vmov_from_s) { fp_check(c); c->r[i->rd] = c->fp.s[i->rn]; NEXT(); }
/* Two core registers (rd = Rt, ra = Rt2) and S<m>, S<m+1> or D<m>. */
HANDLER(h_vmov_to_ss)
{
    fp_check(c);
    c->fp.s[i->rm] = c->r[i->rd];
    c->fp.s[i->rm + 1] = c->r[i->ra];
    NEXT();
}
HANDLER(h_vmov_from_ss)
{
    fp_check(c);
    uint32_t lo = c->fp.s[i->rm], hi = c->fp.s[i->rm + 1];
    c->r[i->rd] = lo;
    c->r[i->ra] = hi;
    NEXT();
}
HANDLER(h_vmov_to_d)
{
    fp_check(c);
    c->fp.d[i->rm] = (uint64_t)c->r[i->ra] << 32 | c->r[i->rd];
    NEXT();
}
HANDLER(h_vmov_from_d)
{
    fp_check(c);
    uint64_t v = c->fp.d[i->rm];
    c->r[i->rd] = (uint32_t)v;
    c->r[i->ra] = (uint32_t)(v >> 32);
    NEXT();
}

HANDLER(h_vmsr)
{
    fp_check(c);
    c->fpscr = c->r[i->rd] & FPSCR_WRITABLE;
    NEXT();
}
HANDLER(h_vmrs)
{
    fp_check(c);
    c->r[i->rd] = c->fpscr;
    NEXT();
}
HANDLER(h_vmrs_apsr)
{
    fp_check(c);
    uint32_t v = c->fpscr;
    c->n = v >> 31;
    c->z = v >> 30 & 1;
    c->c = v >> 29 & 1;
    c->v = v >> 28 & 1;
    NEXT();
}

/* ---- loads and stores: word alignment is always required (MemA) ---- */

/* VLDR/VSTR: address r[rn] + imm (rn 15: imm is the literal's address and
 * the base reads as 0 through the zero register slot below). */
static inline uint32_t vldr_addr(struct cpu *c, const struct insn *i)
{
    uint32_t a = (i->rn == 15 ? 0 : c->r[i->rn]) + i->imm;
    check_align(c, a, 4, true);
    return a;
}
HANDLER(h_vldr_s)
{
    fp_check(c);
    uint32_t a = vldr_addr(c, i);
    c->fp.s[i->rd] = ld32(c, a);
    NEXT();
}
HANDLER(h_vldr_d)
{
    fp_check(c);
    uint32_t a = vldr_addr(c, i);
    uint32_t lo = ld32(c, a), hi = ld32(c, a + 4);
    c->fp.s[2 * i->rd] = lo;
    c->fp.s[2 * i->rd + 1] = hi;
    c->cycles += 1;
    NEXT();
}
HANDLER(h_vstr_s)
{
    fp_check(c);
    uint32_t a = vldr_addr(c, i);
    st32(c, a, c->fp.s[i->rd]);
    NEXT();
}
HANDLER(h_vstr_d)
{
    fp_check(c);
    uint32_t a = vldr_addr(c, i);
    st32(c, a, c->fp.s[2 * i->rd]);
    st32(c, a + 4, c->fp.s[2 * i->rd + 1]);
    c->cycles += 1;
    NEXT();
}

/* VLDM/VSTM/VPUSH/VPOP: rd the first S register, imm2 the number of words
 * moved, imm the bytes the base moves by (imm8 * 4), IF_ADD increment
 * after (else decrement before), IF_WBACK. Timing 1 + N words. */
HANDLER(h_vldm)
{
    fp_check(c);
    uint32_t base = c->r[i->rn];
    uint32_t a = (i->flags & IF_ADD) ? base : base - i->imm;
    check_align(c, a, 4, true);
    uint32_t v[32];
    for (unsigned k = 0; k < i->imm2; k++)
        v[k] = ld32(c, a + 4 * k);
    memcpy(&c->fp.s[i->rd], v, 4u * i->imm2);
    if (i->flags & IF_WBACK)
        c->r[i->rn] = (i->flags & IF_ADD) ? base + i->imm : base - i->imm;
    c->cycles += i->imm2;
    NEXT();
}
HANDLER(h_vstm)
{
    fp_check(c);
    uint32_t base = c->r[i->rn];
    uint32_t a = (i->flags & IF_ADD) ? base : base - i->imm;
    check_align(c, a, 4, true);
    for (unsigned k = 0; k < i->imm2; k++)
        st32(c, a + 4 * k, c->fp.s[i->rd + k]);
    if (i->flags & IF_WBACK)
        c->r[i->rn] = (i->flags & IF_ADD) ? base + i->imm : base - i->imm;
    c->cycles += i->imm2;
    NEXT();
}

/* ---- decoding ---- */

/* sz (hw2 bit 8): double precision. */
static inline bool is_dp(const uint32_t *f) { return f[F_sz] != 0; }
/* Sx = Vx:b, Dx = b:Vx (D16: D16-D31 do not exist). */
static inline unsigned sreg(uint32_t v, uint32_t b) { return v << 1 | b; }
static inline unsigned dreg(uint32_t b, uint32_t v) { return b << 4 | v; }

/* Vd, Vn, Vm by the precision; false when a D register is above D15. */
static bool regs3(struct insn *i, const uint32_t *f)
{
    if (is_dp(f)) {
        if (f[F_D] | f[F_N] | f[F_M])
            return false;
        i->rd = (uint8_t)f[F_Vd];
        i->rn = (uint8_t)f[F_Vn];
        i->rm = (uint8_t)f[F_Vm];
    } else {
        i->rd = (uint8_t)sreg(f[F_Vd], f[F_D]);
        i->rn = (uint8_t)sreg(f[F_Vn], f[F_N]);
        i->rm = (uint8_t)sreg(f[F_Vm], f[F_M]);
    }
    return true;
}

#define PICK(f, name) (is_dp(f) ? name##_d : name##_s)

static bool d_vmla(struct insn *i, const uint32_t *f)
{
    i->fn = f[F_op] ? PICK(f, h_vmls) : PICK(f, h_vmla);
    return regs3(i, f);
}
static bool d_vnmla(struct insn *i, const uint32_t *f)
{
    i->fn = f[F_op] ? PICK(f, h_vnmla) : PICK(f, h_vnmls);
    return regs3(i, f);
}
static bool d_vmul(struct insn *i, const uint32_t *f)
{
    i->fn = f[F_op] ? PICK(f, h_vnmul) : PICK(f, h_vmul);
    return regs3(i, f);
}
static bool d_vadd(struct insn *i, const uint32_t *f)
{
    i->fn = f[F_op] ? PICK(f, h_vsub) : PICK(f, h_vadd);
    return regs3(i, f);
}
static bool d_vdiv(struct insn *i, const uint32_t *f)
{
    i->fn = PICK(f, h_vdiv);
    return regs3(i, f);
}
static bool d_vfnma(struct insn *i, const uint32_t *f)
{
    i->fn = f[F_op] ? PICK(f, h_vfnma) : PICK(f, h_vfnms);
    return regs3(i, f);
}
static bool d_vfma(struct insn *i, const uint32_t *f)
{
    i->fn = f[F_op] ? PICK(f, h_vfms) : PICK(f, h_vfma);
    return regs3(i, f);
}
static bool d_vmaxnm(struct insn *i, const uint32_t *f)
{
    i->fn = f[F_op] ? PICK(f, h_vminnm) : PICK(f, h_vmaxnm);
    return regs3(i, f);
}
static bool d_vsel(struct insn *i, const uint32_t *f)
{
    i->fn = PICK(f, h_vsel);
    i->imm2 = (uint8_t)f[F_cond];
    return regs3(i, f);
}

/* Two-register forms: Vd and Vm (fields N/Vn unused). */
static bool regs2(struct insn *i, const uint32_t *f)
{
    uint32_t g[F_COUNT];
    memcpy(g, f, sizeof g);
    g[F_N] = g[F_Vn] = 0;
    return regs3(i, g);
}

static bool d_vmov_r(struct insn *i, const uint32_t *f)
{
    i->fn = PICK(f, h_vmov);
    return regs2(i, f);
}
static bool d_vabs(struct insn *i, const uint32_t *f)
{
    i->fn = PICK(f, h_vabs);
    return regs2(i, f);
}
static bool d_vneg(struct insn *i, const uint32_t *f)
{
    i->fn = PICK(f, h_vneg);
    return regs2(i, f);
}
static bool d_vsqrt(struct insn *i, const uint32_t *f)
{
    i->fn = PICK(f, h_vsqrt);
    return regs2(i, f);
}
static bool d_vcmp(struct insn *i, const uint32_t *f)
{
    i->fn = PICK(f, h_vcmp);
    i->shift_t = (uint8_t)f[F_E];
    return regs2(i, f);
}
static bool d_vcmp0(struct insn *i, const uint32_t *f)
{
    i->fn = PICK(f, h_vcmp);
    i->shift_t = (uint8_t)f[F_E];
    i->imm2 = 1;
    return regs2(i, f);
}

/* VFPExpandImm. */
static bool d_vmov_i(struct insn *i, const uint32_t *f)
{
    uint32_t imm8 = f[F_Vn] << 4 | f[F_Vm]; /* imm4H:imm4L */
    uint32_t b6 = (imm8 >> 6) & 1, sign = imm8 >> 7, low = imm8 & 0x3f;
    if (is_dp(f)) {
        /* sign, NOT(b6), b6 x8, imm8<5:0> then 48 zeros: the high word. */
        i->imm = sign << 31 | (b6 ^ 1) << 30 | (b6 ? 0xffu << 22 : 0) | low << 16;
        i->fn = h_vmovi_d;
        if (f[F_D])
            return false;
        i->rd = (uint8_t)f[F_Vd];
    } else {
        i->imm = sign << 31 | (b6 ^ 1) << 30 | (b6 ? 0x1fu << 25 : 0) | low << 19;
        i->fn = h_vmovi_s;
        i->rd = (uint8_t)sreg(f[F_Vd], f[F_D]);
    }
    return true;
}

/* VRINTR/VRINTZ (op), VRINTX, VRINTA/N/P/M (rm). */
static const uint8_t rm_rounding[4] = { FPR_TIEAWAY, FPR_TIEEVEN, FPR_POSINF, FPR_NEGINF };

static bool d_vrintrz(struct insn *i, const uint32_t *f)
{
    i->fn = PICK(f, h_vrint);
    i->imm2 = f[F_op] ? FPR_ZERO : 0xff;
    return regs2(i, f);
}
static bool d_vrintx(struct insn *i, const uint32_t *f)
{
    i->fn = PICK(f, h_vrint);
    i->imm2 = 0xff;
    i->shift_t = 1;
    return regs2(i, f);
}
static bool d_vrinta(struct insn *i, const uint32_t *f)
{
    i->fn = PICK(f, h_vrint);
    i->imm2 = rm_rounding[f[F_rm]];
    return regs2(i, f);
}

/* Sd and a source Sm or Dm by the precision. */
static bool s_from(struct insn *i, const uint32_t *f)
{
    i->rd = (uint8_t)sreg(f[F_Vd], f[F_D]);
    if (is_dp(f)) {
        i->rm = (uint8_t)dreg(f[F_M], f[F_Vm]);
        return i->rm < 16;
    }
    i->rm = (uint8_t)sreg(f[F_Vm], f[F_M]);
    return true;
}
/* Sd or Dd by the precision, and a source Sm. */
static bool to_from_s(struct insn *i, const uint32_t *f)
{
    i->rm = (uint8_t)sreg(f[F_Vm], f[F_M]);
    if (is_dp(f)) {
        i->rd = (uint8_t)dreg(f[F_D], f[F_Vd]);
        return i->rd < 16;
    }
    i->rd = (uint8_t)sreg(f[F_Vd], f[F_D]);
    return true;
}

/* VCVTA/N/P/M: op signed. */
static bool d_vcvta(struct insn *i, const uint32_t *f)
{
    i->fn = PICK(f, h_vcvt_int);
    i->imm2 = rm_rounding[f[F_rm]];
    i->shift_t = !f[F_op];
    return s_from(i, f);
}
/* VCVT{R}.{S,U}32.F: S (bit 16) signed, op round toward zero. */
static bool d_vcvt_toint(struct insn *i, const uint32_t *f)
{
    i->fn = PICK(f, h_vcvt_int);
    i->imm2 = f[F_op] ? FPR_ZERO : 0xff;
    i->shift_t = !f[F_S];
    return s_from(i, f);
}
/* VCVT.F.{S,U}32: op signed. */
static bool d_vcvt_fromint(struct insn *i, const uint32_t *f)
{
    i->fn = PICK(f, h_vcvt_flt);
    i->shift_t = !f[F_op];
    return to_from_s(i, f);
}
/* VCVT between double and single (sz = 1: from double). */
static bool d_vcvt_ds(struct insn *i, const uint32_t *f)
{
    if (is_dp(f)) {
        i->fn = h_vcvt_s_d;
        i->rd = (uint8_t)sreg(f[F_Vd], f[F_D]);
        i->rm = (uint8_t)dreg(f[F_M], f[F_Vm]);
        return i->rm < 16;
    }
    i->fn = h_vcvt_d_s;
    i->rd = (uint8_t)dreg(f[F_D], f[F_Vd]);
    i->rm = (uint8_t)sreg(f[F_Vm], f[F_M]);
    return i->rd < 16;
}
/* VCVT fixed point: op to fixed, U unsigned, op2 (sx) 32-bit, imm4:i. */
static bool d_vcvt_fix(struct insn *i, const uint32_t *f)
{
    unsigned size = f[F_op2] ? 32 : 16;
    unsigned imm5 = f[F_imm4] << 1 | f[F_i];
    if (imm5 > size)
        return false; /* negative fraction bits: UNPREDICTABLE */
    i->shift_n = (uint8_t)(size - imm5);
    i->shift_t = (uint8_t)f[F_U];
    i->imm2 = (uint8_t)size;
    if (is_dp(f)) {
        i->fn = f[F_op] ? h_vcvt_tofix_d : h_vcvt_fromfix_d;
        i->rd = (uint8_t)dreg(f[F_D], f[F_Vd]);
        return i->rd < 16;
    }
    i->fn = f[F_op] ? h_vcvt_tofix_s : h_vcvt_fromfix_s;
    i->rd = (uint8_t)sreg(f[F_Vd], f[F_D]);
    return true;
}
/* VCVTB/VCVTT: op 1 to half, T top half; sz the other side's precision. */
static bool d_vcvt_half(struct insn *i, const uint32_t *f)
{
    i->shift_n = f[F_T] ? 16 : 0;
    if (f[F_op]) {
        i->fn = PICK(f, h_vcvt_h);
        return s_from(i, f);
    }
    i->fn = is_dp(f) ? h_vcvt_d_h : h_vcvt_s_h;
    return to_from_s(i, f);
}

/* Core <-> single, and core <-> half of a double (the 32-bit scalar form
 * VMOV Dd[x]: S<2d+x>). op (bit 20) is to core in all of them, sz (hw2
 * bit 8) the scalar form. rd = Rt,
 * rn = the S register. */
static bool d_vmov_cs(struct insn *i, const uint32_t *f)
{
    bool to_core = f[F_op];
    if (f[F_Rt] == 15 || f[F_Rt] == 13)
        return false; /* UNPREDICTABLE */
    i->rd = (uint8_t)f[F_Rt];
    if (f[F_sz]) { /* scalar: D register and H */
        if (to_core ? f[F_N] : f[F_D])
            return false;
        i->rn = (uint8_t)(2 * (to_core ? f[F_Vn] : f[F_Vd]) + f[F_H]);
    } else {
        i->rn = (uint8_t)sreg(f[F_Vn], f[F_N]);
    }
    i->fn = to_core ? h_vmov_from_s : h_vmov_to_s;
    return true;
}

/* Two core registers <-> two singles or a double: op to core. */
static bool d_vmov_2c(struct insn *i, const uint32_t *f)
{
    unsigned t = f[F_Rt], t2 = f[F_Rt2];
    if (t == 15 || t2 == 15 || t == 13 || t2 == 13 || (f[F_op] && t == t2))
        return false; /* UNPREDICTABLE */
    i->rd = (uint8_t)t;
    i->ra = (uint8_t)t2;
    if (is_dp(f)) {
        i->rm = (uint8_t)dreg(f[F_M], f[F_Vm]);
        i->fn = f[F_op] ? h_vmov_from_d : h_vmov_to_d;
        return i->rm < 16;
    }
    i->rm = (uint8_t)sreg(f[F_Vm], f[F_M]);
    i->fn = f[F_op] ? h_vmov_from_ss : h_vmov_to_ss;
    return i->rm != 31;
}

static bool d_vmsr(struct insn *i, const uint32_t *f)
{
    i->rd = (uint8_t)f[F_Rt];
    i->fn = h_vmsr;
    return f[F_Rt] != 15 && f[F_Rt] != 13;
}
static bool d_vmrs(struct insn *i, const uint32_t *f)
{
    i->rd = (uint8_t)f[F_Rt];
    i->fn = f[F_Rt] == 15 ? h_vmrs_apsr : h_vmrs;
    return f[F_Rt] != 13;
}

/* VLDR/VSTR: L in the pattern (load 1). */
static bool d_vldr(struct insn *i, const uint32_t *f)
{
    uint32_t off = f[F_imm8] << 2;
    i->rn = (uint8_t)f[F_Rn];
    i->imm = f[F_U] ? off : 0u - off;
    if (f[F_Rn] == 15)
        i->imm += (i->addr + 4) & ~3u;
    if (is_dp(f)) {
        i->rd = (uint8_t)dreg(f[F_D], f[F_Vd]);
        if (i->rd >= 16)
            return false;
        i->fn = f[F_L] ? h_vldr_d : h_vstr_d;
    } else {
        i->rd = (uint8_t)sreg(f[F_Vd], f[F_D]);
        i->fn = f[F_L] ? h_vldr_s : h_vstr_s;
    }
    i->kind = f[F_L] ? K_FP_LOAD : K_FP_STORE;
    return true;
}

/* VLDM/VSTM (VPUSH = VSTMDB SP!, VPOP = VLDMIA SP!). The P/U/W
 * combinations for VLDR/VSTR and the 64-bit transfers match earlier
 * patterns; P == U with W is UNDEFINED. An odd imm8 with doubles is the
 * FLDMX/FSTMX form: imm8/2 doubles, the base moves by imm8 words. */
static bool d_vldm(struct insn *i, const uint32_t *f)
{
    if (f[F_P] == f[F_U])
        return false;
    unsigned imm8 = f[F_imm8], first, words;
    if (is_dp(f)) {
        first = 2 * dreg(f[F_D], f[F_Vd]);
        words = 2 * (imm8 / 2);
    } else {
        first = sreg(f[F_Vd], f[F_D]);
        words = imm8;
    }
    if (words == 0 || first + words > 32 || (f[F_W] && f[F_Rn] == 15))
        return false; /* UNPREDICTABLE */
    i->rn = (uint8_t)f[F_Rn];
    i->rd = (uint8_t)first;
    i->imm2 = (uint8_t)words;
    i->imm = imm8 * 4;
    i->flags |= (f[F_U] ? IF_ADD : 0) | (f[F_W] ? IF_WBACK : 0);
    i->fn = f[F_L] ? h_vldm : h_vstm;
    i->kind = f[F_L] ? K_FP_LDM : K_FP_STM;
    return true;
}

/* Data-processing patterns come in pairs: sz 0 (single, FEAT_FP) and sz 1
 * (double, FEAT_FP_DP). PRE ends just before sz, POST follows it. */
#define SD(pre, post, fn, name, k, kd) \
    { pre "sz:1=0" post, fn, name ".F32", k, FEAT_FP }, \
    { pre "sz:1=1" post, fn, name ".F64", kd, FEAT_FP_DP }
/* FPv5 only: both precisions need the M7's FPU. */
#define V5(pre, post, fn, name, k, kd) \
    { pre "sz:1=0" post, fn, name ".F32", k, FEAT_FP_DP }, \
    { pre "sz:1=1" post, fn, name ".F64", kd, FEAT_FP_DP }

#define DP3 "1110 1110 "
#define OTHER "1110 1110 1 D:1 11 "

static const struct pattern patterns[] = {
    /* Register transfers (A6.7): the 64-bit ones, then 8/16/32-bit. */
    { "{vldm32} 1110 1100 010 op:1 Rt2:4 | Rt:4 101 sz:1=0 00 M:1 1 Vm:4", d_vmov_2c, "VMOV (two core, two singles)", K_FP_MOV, FEAT_FP },
    { "{vldm64} 1110 1100 010 op:1 Rt2:4 | Rt:4 101 sz:1=1 00 M:1 1 Vm:4", d_vmov_2c, "VMOV (two core, double)", K_FP_MOV, FEAT_FP },
    { "1110 1110 000 op:1 Vn:4 | Rt:4 101 sz:1=0 N:1 (0)(0) 1 (0)(0)(0)(0)", d_vmov_cs, "VMOV (core, single)", K_FP_MOV, FEAT_FP },
    { "1110 1110 1110 0001 | Rt:4 1010 (0)(0)(0) 1 (0)(0)(0)(0)", d_vmsr, "VMSR", K_FP_SYS, FEAT_FP },
    { "1110 1110 1111 0001 | Rt:4 1010 (0)(0)(0) 1 (0)(0)(0)(0)", d_vmrs, "VMRS", K_FP_SYS, FEAT_FP },
    { "1110 1110 00 H:1 op:1=0 Vd:4 | Rt:4 101 sz:1=1 D:1 00 1 (0)(0)(0)(0)", d_vmov_cs, "VMOV (core to scalar)", K_FP_MOV, FEAT_FP },
    { "1110 1110 00 H:1 op:1=1 Vn:4 | Rt:4 101 sz:1=1 N:1 00 1 (0)(0)(0)(0)", d_vmov_cs, "VMOV (scalar to core)", K_FP_MOV, FEAT_FP },

    /* Loads and stores (A6.6). Doubles are plain 64-bit moves: FEAT_FP. */
    { "{vldm32} 1110 1101 U:1 D:1 0 L:1 Rn:4 | Vd:4 101 sz:1=0 imm8:8", d_vldr, "VLDR/VSTR.32", K_FP_LOAD, FEAT_FP },
    { "{vldm64} 1110 1101 U:1 D:1 0 L:1 Rn:4 | Vd:4 101 sz:1=1 imm8:8", d_vldr, "VLDR/VSTR.64", K_FP_LOAD, FEAT_FP },
    { "{vldm32} 1110 110 P:1 U:1 D:1 W:1 L:1 Rn:4 | Vd:4 101 sz:1=0 imm8:8", d_vldm, "VLDM/VSTM.32", K_FP_LDM, FEAT_FP },
    { "{vldm64} 1110 110 P:1 U:1 D:1 W:1 L:1 Rn:4 | Vd:4 101 sz:1=1 imm8:8", d_vldm, "VLDM/VSTM.64", K_FP_LDM, FEAT_FP },

    /* Data processing (A6.4), by opc1 (hw1 bits 7:4) and opc2/opc3. */
    SD(DP3 "0 D:1 00 Vn:4 | Vd:4 101 ", " N:1 op:1 M:1 0 Vm:4", d_vmla, "VMLA/VMLS", K_FP_MAC, K_FP_DP_MAC),
    SD(DP3 "0 D:1 01 Vn:4 | Vd:4 101 ", " N:1 op:1 M:1 0 Vm:4", d_vnmla, "VNMLA/VNMLS", K_FP_MAC, K_FP_DP_MAC),
    SD(DP3 "0 D:1 10 Vn:4 | Vd:4 101 ", " N:1 op:1 M:1 0 Vm:4", d_vmul, "VMUL/VNMUL", K_FP_MUL, K_FP_DP_MUL),
    SD(DP3 "0 D:1 11 Vn:4 | Vd:4 101 ", " N:1 op:1 M:1 0 Vm:4", d_vadd, "VADD/VSUB", K_FP_ALU, K_FP_DP_ALU),
    SD(DP3 "1 D:1 00 Vn:4 | Vd:4 101 ", " N:1 0 M:1 0 Vm:4", d_vdiv, "VDIV", K_FP_DIV, K_FP_DP_DIV),
    SD(DP3 "1 D:1 01 Vn:4 | Vd:4 101 ", " N:1 op:1 M:1 0 Vm:4", d_vfnma, "VFNMA/VFNMS", K_FP_MAC, K_FP_DP_MAC),
    SD(DP3 "1 D:1 10 Vn:4 | Vd:4 101 ", " N:1 op:1 M:1 0 Vm:4", d_vfma, "VFMA/VFMS", K_FP_MAC, K_FP_DP_MAC),
    SD(OTHER "Vn:4 | Vd:4 101 ", " (0) 0 (0) 0 Vm:4", d_vmov_i, "VMOV (immediate)", K_FP_MOV, K_FP_MOV),
    SD(OTHER "0000 | Vd:4 101 ", " 0 1 M:1 0 Vm:4", d_vmov_r, "VMOV (register)", K_FP_MOV, K_FP_MOV),
    SD(OTHER "0000 | Vd:4 101 ", " 1 1 M:1 0 Vm:4", d_vabs, "VABS", K_FP_MOV, K_FP_MOV),
    SD(OTHER "0001 | Vd:4 101 ", " 0 1 M:1 0 Vm:4", d_vneg, "VNEG", K_FP_MOV, K_FP_MOV),
    SD(OTHER "0001 | Vd:4 101 ", " 1 1 M:1 0 Vm:4", d_vsqrt, "VSQRT", K_FP_SQRT, K_FP_DP_SQRT),
    SD(OTHER "001 op:1 | Vd:4 101 ", " T:1 1 M:1 0 Vm:4", d_vcvt_half, "VCVTB/VCVTT", K_FP_CVT, K_FP_CVT),
    SD(OTHER "0100 | Vd:4 101 ", " E:1 1 M:1 0 Vm:4", d_vcmp, "VCMP{E}", K_FP_CMP, K_FP_CMP),
    SD(OTHER "0101 | Vd:4 101 ", " E:1 1 (0) 0 (0)(0)(0)(0)", d_vcmp0, "VCMP{E} #0", K_FP_CMP, K_FP_CMP),
    V5(OTHER "0110 | Vd:4 101 ", " op:1 1 M:1 0 Vm:4", d_vrintrz, "VRINTR/VRINTZ", K_FP_CVT, K_FP_CVT),
    V5(OTHER "0111 | Vd:4 101 ", " 0 1 M:1 0 Vm:4", d_vrintx, "VRINTX", K_FP_CVT, K_FP_CVT),
    /* Both directions need double precision. */
    { OTHER "0111 | Vd:4 101 sz:1=0 1 1 M:1 0 Vm:4", d_vcvt_ds, "VCVT.F64.F32", K_FP_CVT, FEAT_FP_DP },
    { OTHER "0111 | Vd:4 101 sz:1=1 1 1 M:1 0 Vm:4", d_vcvt_ds, "VCVT.F32.F64", K_FP_CVT, FEAT_FP_DP },
    SD(OTHER "1000 | Vd:4 101 ", " op:1 1 M:1 0 Vm:4", d_vcvt_fromint, "VCVT (from integer)", K_FP_CVT, K_FP_CVT),
    SD(OTHER "1 op:1 1 U:1 | Vd:4 101 ", " op2:1 1 i:1 0 imm4:4", d_vcvt_fix, "VCVT (fixed-point)", K_FP_CVT, K_FP_CVT),
    SD(OTHER "110 S:1 | Vd:4 101 ", " op:1 1 M:1 0 Vm:4", d_vcvt_toint, "VCVT{R} (to integer)", K_FP_CVT, K_FP_CVT),

    /* FPv5 unconditional encodings (1111 1110). */
    V5("1111 1110 0 D:1 cond:2 Vn:4 | Vd:4 101 ", " N:1 0 M:1 0 Vm:4", d_vsel, "VSEL", K_FP_MOV, K_FP_MOV),
    V5("1111 1110 1 D:1 00 Vn:4 | Vd:4 101 ", " N:1 op:1 M:1 0 Vm:4", d_vmaxnm, "VMAXNM/VMINNM", K_FP_ALU, K_FP_DP_ALU),
    V5("1111 1110 1 D:1 11 10 rm:2 | Vd:4 101 ", " 0 1 M:1 0 Vm:4", d_vrinta, "VRINTA/N/P/M", K_FP_CVT, K_FP_CVT),
    V5("1111 1110 1 D:1 11 11 rm:2 | Vd:4 101 ", " op:1 1 M:1 0 Vm:4", d_vcvta, "VCVTA/N/P/M", K_FP_CVT, K_FP_CVT),
};

PATTERN_SET(isa_fp_patterns, patterns);
