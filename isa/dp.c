/* Data processing: the ALU operations with immediate, shifted-register and
 * register-shifted operands, 16- and 32-bit (ARMv7-M ARM A5.2.1-A5.2.3,
 * A5.3.1, A5.3.3, A5.3.11, A5.3.12), plus ADR and SP-relative arithmetic.
 *
 * One handler per (operation, operand form, sets-flags) triple, generated
 * below; the compare/test forms write their result to the sink register
 * r[16], so CMP is SUBS, TST is ANDS and so on. */
#include "isa/decode.h"
#include "isa/exec.h"
#include "isa/jit_op.h"

/* Second operand of each form. */
#define OP2_IMM()  (i->imm)
#define OP2_REG()  alu_shift(c->r[i->rm], i->shift_t, i->shift_n, c->c)

/* Logical: NZ from the result; C from the shifter or the expanded immediate. */
#define LOGICAL(name, expr)                                                      \
    HANDLER(name##_imm) { uint32_t a = c->r[i->rn], b = OP2_IMM(); (void)a;     \
        c->r[i->rd] = (expr); NEXT(); }                                         \
    HANDLER(name##_imm_s) { uint32_t a = c->r[i->rn], b = OP2_IMM(); (void)a;   \
        uint32_t r = (expr); c->r[i->rd] = r; set_nz(c, r);                     \
        if (i->flags & IF_CARRY) { c->c = i->imm2; } NEXT(); }                  \
    HANDLER(name##_reg) { uint32_t a = c->r[i->rn], b = OP2_REG(); (void)a;     \
        c->r[i->rd] = (expr); NEXT(); }                                         \
    HANDLER(name##_reg_s) { uint8_t co; uint32_t a = c->r[i->rn];  (void)a;     \
        uint32_t b = alu_shift_c(c->r[i->rm], i->shift_t, i->shift_n, c->c, &co); \
        uint32_t r = (expr); c->r[i->rd] = r; set_nz(c, r); c->c = co; NEXT(); }

LOGICAL(and, a & b)
LOGICAL(bic, a & ~b)
LOGICAL(orr, a | b)
LOGICAL(orn, a | ~b)
LOGICAL(eor, a ^ b)
LOGICAL(mov, b)
LOGICAL(mvn, ~b)

/* Arithmetic through AddWithCarry(x, y, carry); FL is the flag-setting
 * form, which for ADD, SUB and RSB uses the carry-in-free helpers (the
 * same AddWithCarry results, computed from the host's own flags). */
#define ARITH(name, x, y, cin, FL)                                               \
    HANDLER(name##_imm) { uint32_t a = c->r[i->rn], b = OP2_IMM();              \
        c->r[i->rd] = (x) + (y) + (cin); NEXT(); }                              \
    HANDLER(name##_imm_s) { uint32_t a = c->r[i->rn], b = OP2_IMM();            \
        uint32_t r = FL;                                                        \
        c->r[i->rd] = r; set_nz(c, r); NEXT(); }                                \
    HANDLER(name##_reg) { uint32_t a = c->r[i->rn], b = OP2_REG();              \
        c->r[i->rd] = (x) + (y) + (cin); NEXT(); }                              \
    HANDLER(name##_reg_s) { uint32_t a = c->r[i->rn], b = OP2_REG();            \
        uint32_t r = FL;                                                        \
        c->r[i->rd] = r; set_nz(c, r); NEXT(); }

ARITH(add, a, b, 0u, alu_add_flags(a, b, &c->c, &c->v))
ARITH(adc, a, b, (uint32_t)c->c, alu_adc(a, b, c->c, &c->c, &c->v))
ARITH(sub, a, ~b, 1u, alu_sub_flags(a, b, &c->c, &c->v))
ARITH(sbc, a, ~b, (uint32_t)c->c, alu_adc(a, ~b, c->c, &c->c, &c->v))
ARITH(rsb, ~a, b, 1u, alu_sub_flags(b, a, &c->c, &c->v))

/* For block building (isa/codecache.c, SUBS/CMP + B<c> fused): SUBS Rd,
 * Rn, #imm and SUBS Rd, Rn, Rm (no shift), CMP being SUBS into the sink. */
bool dp_is_cmp(const struct insn *i, bool *reg)
{
    *reg = i->fn == sub_reg_s;
    return i->fn == sub_imm_s || (*reg && i->shift_t == SR_LSL && i->shift_n == 0);
}

/* Shift by register: amount is Rm[7:0] (A5.3.12, T16 LSLS Rdn, Rm...). */
HANDLER(shift_reg)
{
    c->r[i->rd] = alu_shift(c->r[i->rn], i->shift_t, c->r[i->rm] & 0xff, c->c);
    NEXT();
}

HANDLER(shift_reg_s)
{
    uint8_t co;
    uint32_t r = alu_shift_c(c->r[i->rn], i->shift_t, c->r[i->rm] & 0xff, c->c, &co);
    c->r[i->rd] = r;
    set_nz(c, r);
    c->c = co;
    NEXT();
}

/* PKHBT/PKHTB: bottom half of Rn with the shifted Rm's top half, or the
 * reverse (A7.7.93). shift_t is LSL for BT, ASR for TB. */
HANDLER(pkhbt)
{
    uint32_t m = alu_shift(c->r[i->rm], SR_LSL, i->shift_n, 0);
    c->r[i->rd] = (c->r[i->rn] & 0xffffu) | (m & 0xffff0000u);
    NEXT();
}

HANDLER(pkhtb)
{
    uint32_t m = alu_shift(c->r[i->rm], SR_ASR, i->shift_n, 0);
    c->r[i->rd] = (c->r[i->rn] & 0xffff0000u) | (m & 0xffffu);
    NEXT();
}

/* MOVT writes the top half only. */
HANDLER(movt)
{
    c->r[i->rd] = (c->r[i->rd] & 0xffffu) | i->imm;
    NEXT();
}

/* T16 ADD/MOV with Rd = PC: ALUWritePC, a branch that ignores bit 0. */
HANDLER(add_to_pc)
{
    return cpu_goto(c, (c->r[i->rn] + c->r[i->rm]) & ~1u);
}

HANDLER(mov_to_pc)
{
    return cpu_goto(c, c->r[i->rm] & ~1u);
}

/* ---- decoding ---- */

struct dp_handlers { insn_fn imm, imm_s, reg, reg_s; };
#define DP(name) { name##_imm, name##_imm_s, name##_reg, name##_reg_s }

/* Indexed by the 4-bit op of A5.3.1/A5.3.11; {0} where the op is another
 * class's (PKHBT) or unallocated. */
static const struct dp_handlers t32_ops[16] = {
    [0x0] = DP(and), [0x1] = DP(bic), [0x2] = DP(orr), [0x3] = DP(orn),
    [0x4] = DP(eor), [0x8] = DP(add), [0xa] = DP(adc), [0xb] = DP(sbc),
    [0xd] = DP(sub), [0xe] = DP(rsb),
};
static const struct dp_handlers mov_ops = DP(mov), mvn_ops = DP(mvn);

/* For the translator (isa/jit_op.h): which operation each handler is. */
static const struct { struct dp_handlers h; uint8_t op; } jit_ops[] = {
    { DP(and), JA_AND }, { DP(bic), JA_BIC }, { DP(orr), JA_ORR }, { DP(orn), JA_ORN },
    { DP(eor), JA_EOR }, { DP(mov), JA_MOV }, { DP(mvn), JA_MVN }, { DP(add), JA_ADD },
    { DP(adc), JA_ADC }, { DP(sub), JA_SUB }, { DP(sbc), JA_SBC }, { DP(rsb), JA_RSB },
};

bool dp_jit_op(const struct insn *i, struct jit_op *o)
{
    for (unsigned k = 0; k < sizeof jit_ops / sizeof jit_ops[0]; k++) {
        const struct dp_handlers *h = &jit_ops[k].h;
        if (i->fn != h->imm && i->fn != h->imm_s && i->fn != h->reg && i->fn != h->reg_s)
            continue;
        *o = (struct jit_op){ .kind = JK_ALU, .op = jit_ops[k].op,
                              .reg = i->fn == h->reg || i->fn == h->reg_s,
                              .setflags = i->fn == h->imm_s || i->fn == h->reg_s };
        return true;
    }
    return false;
}


/* SP as a destination: the code cache masks bits [1:0] after the op. */
static void mark_sp_write(struct insn *i)
{
    if (i->rd == REG_SP)
        i->flags |= IF_SPMASK;
}

/* Common tail of both T32 forms: choose handler by flags and SEE cases. */
static bool t32_pick(struct insn *i, const uint32_t *f, bool is_imm)
{
    unsigned op = f[F_op];
    const struct dp_handlers *h = &t32_ops[op];
    if (f[F_Rn] == 15 && (op == 0x2 || op == 0x3)) /* MOV / MVN */
        h = op == 0x2 ? &mov_ops : &mvn_ops;
    if (!h->imm)
        return false;
    i->rd = (uint8_t)f[F_Rd];
    /* MOV/MVN read no Rn (its field is 1111): the sink, not the PC */
    i->rn = h == &mov_ops || h == &mvn_ops ? REG_SINK : (uint8_t)f[F_Rn];
    if (f[F_Rd] == 15) { /* TST/TEQ/CMN/CMP: flags only */
        if (!f[F_S])
            return false;
        i->rd = REG_SINK;
    }
    i->fn = is_imm ? (f[F_S] ? h->imm_s : h->imm) : (f[F_S] ? h->reg_s : h->reg);
    if (f[F_S]) {
        i->flags |= IF_SETFL;
        i->tattr |= TA_FLAGS;
    }
    if ((op == 0x8 || op == 0xd || h == &mov_ops) && !(i->tattr & TA_SHIFTER))
        i->tattr |= TA_EARLY_ALU; /* ADD, SUB, MOV without a shift (isa/timing.c) */
    mark_sp_write(i);
    return true;
}

static bool d_t32_imm(struct insn *i, const uint32_t *f)
{
    uint32_t value;
    bool carry_valid;
    uint8_t carry;
    unsigned imm12 = f[F_i] << 11 | f[F_imm3] << 8 | f[F_imm8];
    if (!alu_thumb_expand_imm(imm12, &value, &carry_valid, &carry))
        return false;
    i->imm = value;
    if (f[F_i] || f[F_imm3]) /* wider than 8 bits: the M7 shifter (isa/timing.c) */
        i->tattr |= TA_SHIFTER;
    if (carry_valid) {
        i->flags |= IF_CARRY;
        i->imm2 = carry;
    }
    return t32_pick(i, f, true);
}

static bool d_t32_reg(struct insn *i, const uint32_t *f)
{
    alu_decode_imm_shift(f[F_type], f[F_imm3] << 2 | f[F_imm2], &i->shift_t, &i->shift_n);
    i->rm = (uint8_t)f[F_Rm];
    if (i->shift_n != 0 || i->shift_t == SR_RRX) /* a real shift, or RRX */
        i->tattr |= TA_SHIFTER;
    return t32_pick(i, f, false);
}

/* Plain binary immediate (A5.3.3): ADDW/SUBW (and ADR T2/T3), MOVW, MOVT. */
static bool d_addw(struct insn *i, const uint32_t *f)
{
    unsigned imm12 = f[F_i] << 11 | f[F_imm3] << 8 | f[F_imm8];
    bool sub = f[F_op]; /* hw1 bit 7: SUBW */
    i->rd = (uint8_t)f[F_Rd];
    i->rn = (uint8_t)f[F_Rn];
    if (f[F_Rn] == 15) { /* ADR: Align(PC, 4) +/- imm, known at decode */
        uint32_t base = (i->addr + 4) & ~3u;
        i->imm = sub ? base - imm12 : base + imm12;
        i->fn = mov_imm;
        i->tattr |= TA_EARLY_ALU;
        return true;
    }
    i->imm = imm12;
    i->fn = sub ? sub_imm : add_imm;
    i->tattr |= TA_EARLY_ALU;
    mark_sp_write(i);
    return true;
}

static bool d_movw(struct insn *i, const uint32_t *f)
{
    i->rd = (uint8_t)f[F_Rd];
    i->imm = f[F_imm4] << 12 | f[F_i] << 11 | f[F_imm3] << 8 | f[F_imm8];
    i->fn = mov_imm;
    i->tattr |= TA_EARLY_ALU;
    return true;
}

static bool d_movt(struct insn *i, const uint32_t *f)
{
    d_movw(i, f);
    i->tattr &= (uint8_t)~TA_EARLY_ALU; /* MOVT also reads Rd */
    i->imm <<= 16;
    i->fn = movt;
    return true;
}

static bool d_pkh(struct insn *i, const uint32_t *f)
{
    unsigned imm5 = f[F_imm3] << 2 | f[F_imm2];
    i->rd = (uint8_t)f[F_Rd];
    i->rn = (uint8_t)f[F_Rn];
    i->rm = (uint8_t)f[F_Rm];
    if (f[F_tb]) { /* TB: ASR #imm, where 0 means 32 */
        i->shift_n = (uint8_t)(imm5 ? imm5 : 32);
        i->fn = pkhtb;
    } else {
        i->shift_n = (uint8_t)imm5;
        i->fn = pkhbt;
    }
    /* d, n or m in {13, 15} is UNPREDICTABLE (A7.7.93): leave those UNDEFINED */
    return ((1u << f[F_Rd]) | (1u << f[F_Rn]) | (1u << f[F_Rm])) & 0xa000u ? false : true;
}

static bool d_t32_shift_reg(struct insn *i, const uint32_t *f)
{
    i->rd = (uint8_t)f[F_Rd];
    i->rn = (uint8_t)f[F_Rn];
    i->rm = (uint8_t)f[F_Rm];
    i->shift_t = (uint8_t)f[F_type];
    i->fn = f[F_S] ? shift_reg_s : shift_reg;
    if (f[F_S])
        i->tattr |= TA_FLAGS;
    return true;
}

/* ---- 16-bit forms: flags are set outside IT blocks only ---- */

static inline bool t16_sets_flags(const struct insn *i) { return !in_it_block(i); }

/* LSL/LSR/ASR (immediate) T1, and MOVS Rd, Rm (LSL #0). */
static bool d_t16_shift_imm(struct insn *i, const uint32_t *f)
{
    i->rd = (uint8_t)f[F_Rd];
    i->rm = (uint8_t)f[F_Rm];
    alu_decode_imm_shift(f[F_op], f[F_imm5], &i->shift_t, &i->shift_n);
    if (f[F_op] != 0 || f[F_imm5] != 0) /* LSL #0 is MOVS (register): no shift */
        i->tattr |= TA_SHIFTER;
    else
        i->tattr |= TA_EARLY_ALU;
    if (t16_sets_flags(i))
        i->tattr |= TA_FLAGS;
    i->fn = t16_sets_flags(i) ? mov_reg_s : mov_reg;
    return true;
}

/* ADD/SUB register T1 (op: SUB). */
static bool d_t16_addsub_reg(struct insn *i, const uint32_t *f)
{
    bool s = t16_sets_flags(i);
    i->rd = (uint8_t)f[F_Rd];
    i->rn = (uint8_t)f[F_Rn];
    i->rm = (uint8_t)f[F_Rm];
    i->fn = f[F_op] ? (s ? sub_reg_s : sub_reg) : (s ? add_reg_s : add_reg);
    i->tattr |= (uint8_t)(TA_EARLY_ALU | (s ? TA_FLAGS : 0));
    return true;
}

/* ADD/SUB immediate (3-bit) T1: its bits 8:6 are imm3, not a register (so
 * the timing model sees no read of one). */
static bool d_t16_addsub_imm(struct insn *i, const uint32_t *f)
{
    bool s = t16_sets_flags(i);
    i->rd = (uint8_t)f[F_Rd];
    i->rn = (uint8_t)f[F_Rn];
    i->imm = f[F_imm3];
    i->fn = f[F_op] ? (s ? sub_imm_s : sub_imm) : (s ? add_imm_s : add_imm);
    i->tattr |= (uint8_t)(TA_EARLY_ALU | (s ? TA_FLAGS : 0));
    return true;
}

/* MOV/CMP/ADD/SUB with imm8 (T1/T2 forms). */
static bool d_t16_imm8(struct insn *i, const uint32_t *f)
{
    bool s = t16_sets_flags(i);
    i->rd = i->rn = (uint8_t)f[F_Rdn];
    i->imm = f[F_imm8];
    switch (f[F_op]) {
    case 0: i->fn = s ? mov_imm_s : mov_imm; break;
    case 1: i->rd = REG_SINK; i->fn = sub_imm_s; break; /* CMP always sets flags */
    case 2: i->fn = s ? add_imm_s : add_imm; break;
    default: i->fn = s ? sub_imm_s : sub_imm; break;
    }
    i->tattr |= (uint8_t)(TA_EARLY_ALU | (s || f[F_op] == 1 ? TA_FLAGS : 0));
    return true;
}

/* A5.2.2: the register-to-register ALU operations on low registers. */
static bool d_t16_alu(struct insn *i, const uint32_t *f)
{
    static const struct { insn_fn plain, flags; uint8_t shift; } ops[16] = {
        [0x0] = { and_reg, and_reg_s, 0 }, [0x1] = { eor_reg, eor_reg_s, 0 },
        [0x2] = { shift_reg, shift_reg_s, SR_LSL }, [0x3] = { shift_reg, shift_reg_s, SR_LSR },
        [0x4] = { shift_reg, shift_reg_s, SR_ASR }, [0x5] = { adc_reg, adc_reg_s, 0 },
        [0x6] = { sbc_reg, sbc_reg_s, 0 }, [0x7] = { shift_reg, shift_reg_s, SR_ROR },
        [0x8] = { and_reg_s, and_reg_s, 0 }, [0x9] = { rsb_imm, rsb_imm_s, 0 },
        [0xa] = { sub_reg_s, sub_reg_s, 0 }, [0xb] = { add_reg_s, add_reg_s, 0 },
        [0xc] = { orr_reg, orr_reg_s, 0 }, [0xe] = { bic_reg, bic_reg_s, 0 },
        [0xf] = { mvn_reg, mvn_reg_s, 0 },
    };
    unsigned op = f[F_op];
    if (!ops[op].plain)
        return false; /* MUL: the multiply class */
    i->rd = i->rn = (uint8_t)f[F_Rdn];
    i->rm = (uint8_t)f[F_Rm];
    i->shift_t = SR_LSL; /* LSL #0: the plain register */
    if (op == 0x2 || op == 0x3 || op == 0x4 || op == 0x7) { /* LSL/LSR/ASR/ROR (register) */
        i->shift_t = ops[op].shift;
        i->tattr |= TA_SHIFTER;
    }
    if (op == 0x8 || op == 0xa || op == 0xb) /* TST, CMP, CMN */
        i->rd = REG_SINK;
    if (op == 0x9) { /* RSBS Rd, Rn, #0 */
        i->rn = (uint8_t)f[F_Rm];
        i->rd = (uint8_t)f[F_Rdn];
        i->imm = 0;
    }
    i->fn = t16_sets_flags(i) ? ops[op].flags : ops[op].plain;
    if (t16_sets_flags(i) || op == 0x8 || op == 0xa || op == 0xb)
        i->tattr |= TA_FLAGS;
    return true;
}

/* ADD (register) T2: any registers, no flags; Rd = PC branches. */
static bool d_t16_add_hi(struct insn *i, const uint32_t *f)
{
    i->rd = i->rn = (uint8_t)(f[F_D] << 3 | f[F_Rdn]);
    i->rm = (uint8_t)f[F_Rm];
    i->fn = i->rd == 15 ? add_to_pc : add_reg;
    i->tattr |= TA_EARLY_ALU;
    mark_sp_write(i);
    return true;
}

static bool d_t16_cmp_hi(struct insn *i, const uint32_t *f)
{
    i->rd = REG_SINK;
    i->rn = (uint8_t)(f[F_N] << 3 | f[F_Rn]);
    i->rm = (uint8_t)f[F_Rm];
    i->fn = sub_reg_s;
    i->tattr |= TA_FLAGS;
    return true;
}

static bool d_t16_mov_hi(struct insn *i, const uint32_t *f)
{
    i->rd = (uint8_t)(f[F_D] << 3 | f[F_Rd]);
    i->rm = (uint8_t)f[F_Rm];
    i->fn = i->rd == 15 ? mov_to_pc : mov_reg;
    i->tattr |= TA_EARLY_ALU;
    mark_sp_write(i);
    return true;
}

/* ADR T1: Align(PC,4) + imm8*4, a constant. */
static bool d_t16_adr(struct insn *i, const uint32_t *f)
{
    i->rd = (uint8_t)f[F_Rd];
    i->imm = ((i->addr + 4) & ~3u) + (f[F_imm8] << 2);
    i->fn = mov_imm;
    i->tattr |= TA_EARLY_ALU;
    return true;
}

static bool d_t16_add_sp_rd(struct insn *i, const uint32_t *f)
{
    i->rd = (uint8_t)f[F_Rd];
    i->rn = REG_SP;
    i->imm = f[F_imm8] << 2;
    i->fn = add_imm;
    i->tattr |= TA_EARLY_ALU;
    return true;
}

static bool d_t16_adjust_sp(struct insn *i, const uint32_t *f)
{
    i->rd = i->rn = REG_SP;
    i->imm = f[F_imm7] << 2;
    i->fn = f[F_op] ? sub_imm : add_imm;
    i->tattr |= TA_EARLY_ALU;
    return true;
}

#define T32_IMM(op4, name)  { "11110 i:1 0 op:4=" op4 " S:1 Rn:4 | 0 imm3:3 Rd:4 imm8:8", d_t32_imm, name, K_ALU, 0 }
#define T32_REG(op4, name)  { "11101 01 op:4=" op4 " S:1 Rn:4 | (0) imm3:3 Rd:4 imm2:2 type:2 Rm:4", d_t32_reg, name, K_ALU, 0 }

static const struct pattern patterns[] = {
    /* 16-bit (A5.2.1-A5.2.3 and the SP/PC-relative forms). */
    { "{t16shift} 000 11 0 op:1 Rm:3 Rn:3 Rd:3",      d_t16_addsub_reg, "ADD/SUB (register) T1",    K_ALU, 0 },
    { "{t16shift} 000 11 1 op:1 imm3:3 Rn:3 Rd:3",    d_t16_addsub_imm, "ADD/SUB (imm3) T1",        K_ALU, 0 },
    { "{t16shift} 000 op:2 imm5:5 Rm:3 Rd:3",         d_t16_shift_imm, "LSL/LSR/ASR/MOVS (imm) T1", K_ALU, 0 },
    { "001 op:2 Rdn:3 imm8:8",               d_t16_imm8,      "MOV/CMP/ADD/SUB (imm8)",    K_ALU, 0 },
    { "{mul16} 010000 op:4 Rm:3 Rdn:3",            d_t16_alu,       "ALU (register) T1",         K_ALU, 0 },
    { "01000100 D:1 Rm:4 Rdn:3",           d_t16_add_hi,    "ADD (register) T2",         K_ALU, 0 },
    { "01000101 N:1 Rm:4 Rn:3",            d_t16_cmp_hi,    "CMP (register) T2",         K_CMP, 0 },
    { "01000110 D:1 Rm:4 Rd:3",            d_t16_mov_hi,    "MOV (register) T1",         K_MOV, 0 },
    { "10100 Rd:3 imm8:8",                 d_t16_adr,       "ADR T1",                    K_ALU, 0 },
    { "10101 Rd:3 imm8:8",                 d_t16_add_sp_rd, "ADD (SP plus imm) T1",      K_ALU, 0 },
    { "1011 0000 op:1 imm7:7",                d_t16_adjust_sp, "ADD/SUB (SP plus imm) T2",  K_ALU, 0 },
    /* 32-bit modified immediate (A5.3.1). TST/TEQ/CMN/CMP and MOV/MVN are
     * the Rd=PC and Rn=PC cases of the same encodings, picked in decode. */
    T32_IMM("0000", "AND/TST (imm)"), T32_IMM("0001", "BIC (imm)"),
    T32_IMM("0010", "ORR/MOV (imm)"), T32_IMM("0011", "ORN/MVN (imm)"),
    T32_IMM("0100", "EOR/TEQ (imm)"), T32_IMM("1000", "ADD/CMN (imm) T3"),
    T32_IMM("1010", "ADC (imm)"),     T32_IMM("1011", "SBC (imm)"),
    T32_IMM("1101", "SUB/CMP (imm) T3"), T32_IMM("1110", "RSB (imm)"),
    /* 32-bit plain binary immediate (A5.3.3), our part of it. */
    { "11110 i:1 1 0 op:1=0 00 0 Rn:4 | 0 imm3:3 Rd:4 imm8:8", d_addw, "ADDW/ADR T3", K_ALU, 0 },
    { "11110 i:1 1 0 op:1=1 01 0 Rn:4 | 0 imm3:3 Rd:4 imm8:8", d_addw, "SUBW/ADR T2", K_ALU, 0 },
    { "11110 i:1 1 0010 0 imm4:4 | 0 imm3:3 Rd:4 imm8:8", d_movw, "MOVW T3", K_MOV, 0 },
    { "11110 i:1 1 0110 0 imm4:4 | 0 imm3:3 Rd:4 imm8:8", d_movt, "MOVT T1", K_MOV, 0 },
    /* 32-bit shifted register (A5.3.11); PKHBT/PKHTB live in its op 0110. */
    { "11101 01 0110 0 Rn:4 | (0) imm3:3 Rd:4 imm2:2 tb:1 0 Rm:4", d_pkh, "PKHBT/PKHTB", K_DSP, 0 },
    T32_REG("0000", "AND/TST (reg)"), T32_REG("0001", "BIC (reg)"),
    T32_REG("0010", "ORR/MOV/shift (reg)"), T32_REG("0011", "ORN/MVN (reg)"),
    T32_REG("0100", "EOR/TEQ (reg)"), T32_REG("1000", "ADD/CMN (reg) T3"),
    T32_REG("1010", "ADC (reg)"),     T32_REG("1011", "SBC (reg)"),
    T32_REG("1101", "SUB/CMP (reg) T2"), T32_REG("1110", "RSB (reg)"),
    /* Register-controlled shifts (A5.3.12). */
    { "11111010 0 type:2 S:1 Rn:4 | 1111 Rd:4 0000 Rm:4", d_t32_shift_reg, "LSL/LSR/ASR/ROR (reg) T2", K_ALU_SHIFT_REG, 0 },
};

PATTERN_SET(isa_dp_patterns, patterns);
