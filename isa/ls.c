/* Load/store class: every ARMv7-M Thumb load and store (ARMv7-M ARM A5.2.4
 * and the 16-bit LDR literal, LDM/STM/PUSH/POP of A5.2.5; A5.3.5 to
 * A5.3.10 for the 32-bit encodings), LDRD/STRD, the exclusives, TBB/TBH
 * and the memory hints (PLD/PLI and the unallocated hints, as NOPs).
 *
 * Decoding picks one handler per (access, addressing form):
 *   imm   address = R[n] + imm        (offset forms and the T variants; imm
 *                                      is stored already negated for U=0)
 *   lit   address = imm               (Align(PC,4) +/- imm12, precomputed)
 *   reg   address = R[n] + LSL(R[m], shift_n)
 *   pre   address = R[n] + imm; R[n] = address
 *   post  address = R[n];       R[n] = address + imm
 * so a handler does one add, the access and the register writes. Every
 * memory access happens before any register is written, so a fault leaves
 * the registers as they were (the manual's precise-fault behaviour).
 *
 * Operand placement in struct insn: rd = Rt, rn = Rn, rm = Rm, ra = Rt2 (LDRD/
 * STRD) or the status register Rd (STREX*); imm = offset, literal address
 * or register list; imm2 = register count (LDM/STM) or the addressing mode
 * (LDR to the PC). */
#include "isa/decode.h"
#include "isa/exec.h"
#include "isa/jit_op.h"

/* R[d] = v for loads and base write-back. The SP's bits [1:0] always read
 * as zero on ARMv7-M (B1.4.7: writing ones there is UNPREDICTABLE; the
 * sensible choice, and QEMU's, is to drop them). */
static inline void wr(struct cpu *c, unsigned d, uint32_t v)
{
    c->r[d] = d == REG_SP ? v & ~3u : v;
}

/* ---- single accesses: MemU with the CCR.UNALIGN_TRP check (A3.2.1) ---- */

static inline uint32_t do_ldr(struct cpu *c, uint32_t a)
{
    check_align(c, a, 4, false);
    return ld32(c, a);
}
static inline uint32_t do_ldrh(struct cpu *c, uint32_t a)
{
    check_align(c, a, 2, false);
    return ld16(c, a);
}
static inline uint32_t do_ldrsh(struct cpu *c, uint32_t a)
{
    check_align(c, a, 2, false);
    return (uint32_t)(int32_t)(int16_t)ld16(c, a);
}
static inline uint32_t do_ldrb(struct cpu *c, uint32_t a) { return ld8(c, a); }
static inline uint32_t do_ldrsb(struct cpu *c, uint32_t a)
{
    return (uint32_t)(int32_t)(int8_t)ld8(c, a);
}
static inline void do_str(struct cpu *c, uint32_t a, uint32_t v)
{
    check_align(c, a, 4, false);
    st32(c, a, v);
}
static inline void do_strh(struct cpu *c, uint32_t a, uint32_t v)
{
    check_align(c, a, 2, false);
    st16(c, a, v);
}
static inline void do_strb(struct cpu *c, uint32_t a, uint32_t v) { st8(c, a, v); }

/* Each single load and store has two handlers: the general one (h_X_gen:
 * MemU with the alignment check and the bus's slow paths) and the one the
 * decoder installs (h_X), which handles an aligned access to a page with a
 * host pointer inline and passes anything else to h_X_gen by a tail call.
 * An aligned access never straddles a page, so alignment replaces the
 * bounds test, and the common path makes no call (no frame to set up). */
static inline uint32_t fld_ldr(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static inline uint32_t fld_ldrh(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static inline uint32_t fld_ldrsh(const uint8_t *p) { return (uint32_t)(int32_t)(int16_t)fld_ldrh(p); }
static inline uint32_t fld_ldrb(const uint8_t *p) { return *p; }
static inline uint32_t fld_ldrsb(const uint8_t *p) { return (uint32_t)(int32_t)(int8_t)*p; }
static inline void fst_str(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static inline void fst_strh(uint8_t *p, uint32_t v) { uint16_t h = (uint16_t)v; memcpy(p, &h, 2); }
static inline void fst_strb(uint8_t *p, uint32_t v) { *p = (uint8_t)v; }
enum { SZ_ldr = 4, SZ_ldrh = 2, SZ_ldrsh = 2, SZ_ldrb = 1, SZ_ldrsb = 1, SZ_str = 4, SZ_strh = 2, SZ_strb = 1 };

/* The general handlers may fault or reach a slow path, which find the
 * instruction from r[15]: NEXT() does not set it (isa/exec.h). */
#define GEN_HANDLER(name)                                                   \
    static inline const struct insn *name##_body(struct cpu *c, const struct insn *i); \
    __attribute__((noinline, cold)) HANDLER(name)                           \
    {                                                                       \
        c->r[15] = i->addr + 4;                                             \
        return name##_body(c, i);                                           \
    }                                                                       \
    static inline const struct insn *name##_body(struct cpu *c, const struct insn *i)

/* Loads to Rt != PC. For pre/post write-back with n == t (UNPREDICTABLE)
 * the loaded value wins, as the pseudocode's order (R[n] then R[t]) gives. */
#define LOAD_HANDLERS(op)                                                   \
    GEN_HANDLER(h_##op##_imm_gen)                                           \
    {                                                                       \
        wr(c, i->rd, do_##op(c, c->r[i->rn] + i->imm));                     \
        NEXT();                                                             \
    }                                                                       \
    GEN_HANDLER(h_##op##_lit_gen)                                           \
    {                                                                       \
        wr(c, i->rd, do_##op(c, i->imm));                                   \
        NEXT();                                                             \
    }                                                                       \
    GEN_HANDLER(h_##op##_reg_gen)                                           \
    {                                                                       \
        wr(c, i->rd, do_##op(c, c->r[i->rn] + (c->r[i->rm] << i->shift_n))); \
        NEXT();                                                             \
    }                                                                       \
    GEN_HANDLER(h_##op##_pre_gen)                                           \
    {                                                                       \
        uint32_t a = c->r[i->rn] + i->imm;                                  \
        uint32_t v = do_##op(c, a);                                         \
        wr(c, i->rn, a);                                                    \
        wr(c, i->rd, v);                                                    \
        NEXT();                                                             \
    }                                                                       \
    GEN_HANDLER(h_##op##_post_gen)                                          \
    {                                                                       \
        uint32_t a = c->r[i->rn];                                           \
        uint32_t v = do_##op(c, a);                                         \
        wr(c, i->rn, a + i->imm);                                           \
        wr(c, i->rd, v);                                                    \
        NEXT();                                                             \
    }                                                                       \
    HANDLER(h_##op##_imm)                                                   \
    {                                                                       \
        const uint8_t *p = fast_rd(c, c->r[i->rn] + i->imm, SZ_##op);       \
        if (UNLIKELY(!p))                                                   \
            return h_##op##_imm_gen(c, i);                                  \
        c->r[i->rd] = fld_##op(p);                                          \
        NEXT();                                                             \
    }                                                                       \
    HANDLER(h_##op##_lit)                                                   \
    {                                                                       \
        const uint8_t *p = fast_rd(c, i->imm, SZ_##op);                     \
        if (UNLIKELY(!p))                                                   \
            return h_##op##_lit_gen(c, i);                                  \
        c->r[i->rd] = fld_##op(p);                                          \
        NEXT();                                                             \
    }                                                                       \
    HANDLER(h_##op##_reg)                                                   \
    {                                                                       \
        const uint8_t *p = fast_rd(c, c->r[i->rn] + (c->r[i->rm] << i->shift_n), SZ_##op); \
        if (UNLIKELY(!p))                                                   \
            return h_##op##_reg_gen(c, i);                                  \
        c->r[i->rd] = fld_##op(p);                                          \
        NEXT();                                                             \
    }                                                                       \
    HANDLER(h_##op##_pre)                                                   \
    {                                                                       \
        uint32_t a = c->r[i->rn] + i->imm;                                  \
        const uint8_t *p = fast_rd(c, a, SZ_##op);                          \
        if (UNLIKELY(!p))                                                   \
            return h_##op##_pre_gen(c, i);                                  \
        uint32_t v = fld_##op(p);                                           \
        c->r[i->rn] = a;                                                    \
        c->r[i->rd] = v;                                                    \
        NEXT();                                                             \
    }                                                                       \
    HANDLER(h_##op##_post)                                                  \
    {                                                                       \
        uint32_t a = c->r[i->rn];                                           \
        const uint8_t *p = fast_rd(c, a, SZ_##op);                          \
        if (UNLIKELY(!p))                                                   \
            return h_##op##_post_gen(c, i);                                 \
        uint32_t v = fld_##op(p);                                           \
        c->r[i->rn] = a + i->imm;                                           \
        c->r[i->rd] = v;                                                    \
        NEXT();                                                             \
    }

/* Stores: the value is R[t] before any write-back (n == t with write-back
 * is UNPREDICTABLE; storing the original value is the sensible choice). */
#define STORE_HANDLERS(op)                                                  \
    GEN_HANDLER(h_##op##_imm_gen)                                           \
    {                                                                       \
        do_##op(c, c->r[i->rn] + i->imm, c->r[i->rd]);                      \
        NEXT();                                                             \
    }                                                                       \
    GEN_HANDLER(h_##op##_reg_gen)                                           \
    {                                                                       \
        do_##op(c, c->r[i->rn] + (c->r[i->rm] << i->shift_n), c->r[i->rd]); \
        NEXT();                                                             \
    }                                                                       \
    GEN_HANDLER(h_##op##_pre_gen)                                           \
    {                                                                       \
        uint32_t a = c->r[i->rn] + i->imm;                                  \
        do_##op(c, a, c->r[i->rd]);                                         \
        wr(c, i->rn, a);                                                    \
        NEXT();                                                             \
    }                                                                       \
    GEN_HANDLER(h_##op##_post_gen)                                          \
    {                                                                       \
        uint32_t a = c->r[i->rn];                                           \
        do_##op(c, a, c->r[i->rd]);                                         \
        wr(c, i->rn, a + i->imm);                                           \
        NEXT();                                                             \
    }                                                                       \
    HANDLER(h_##op##_imm)                                                   \
    {                                                                       \
        uint8_t *p = fast_wr(c, c->r[i->rn] + i->imm, SZ_##op);             \
        if (UNLIKELY(!p))                                                   \
            return h_##op##_imm_gen(c, i);                                  \
        fst_##op(p, c->r[i->rd]);                                           \
        NEXT();                                                             \
    }                                                                       \
    HANDLER(h_##op##_reg)                                                   \
    {                                                                       \
        uint8_t *p = fast_wr(c, c->r[i->rn] + (c->r[i->rm] << i->shift_n), SZ_##op); \
        if (UNLIKELY(!p))                                                   \
            return h_##op##_reg_gen(c, i);                                  \
        fst_##op(p, c->r[i->rd]);                                           \
        NEXT();                                                             \
    }                                                                       \
    HANDLER(h_##op##_pre)                                                   \
    {                                                                       \
        uint32_t a = c->r[i->rn] + i->imm;                                  \
        uint8_t *p = fast_wr(c, a, SZ_##op);                                \
        if (UNLIKELY(!p))                                                   \
            return h_##op##_pre_gen(c, i);                                  \
        fst_##op(p, c->r[i->rd]);                                           \
        c->r[i->rn] = a;                                                    \
        NEXT();                                                             \
    }                                                                       \
    HANDLER(h_##op##_post)                                                  \
    {                                                                       \
        uint32_t a = c->r[i->rn];                                           \
        uint8_t *p = fast_wr(c, a, SZ_##op);                                \
        if (UNLIKELY(!p))                                                   \
            return h_##op##_post_gen(c, i);                                 \
        fst_##op(p, c->r[i->rd]);                                           \
        c->r[i->rn] = a + i->imm;                                           \
        NEXT();                                                             \
    }

LOAD_HANDLERS(ldr)
LOAD_HANDLERS(ldrh)
LOAD_HANDLERS(ldrsh)
LOAD_HANDLERS(ldrb)
LOAD_HANDLERS(ldrsb)
STORE_HANDLERS(str)
STORE_HANDLERS(strh)
STORE_HANDLERS(strb)

enum { OP_LDR, OP_LDRH, OP_LDRSH, OP_LDRB, OP_LDRSB, OP_STR, OP_STRH, OP_STRB, OP_COUNT };
enum { M_IMM, M_LIT, M_REG, M_PRE, M_POST, M_COUNT };
_Static_assert((int)M_IMM == JMODE_IMM && (int)M_LIT == JMODE_LIT && (int)M_REG == JMODE_REG &&
               (int)M_PRE == JMODE_PRE && (int)M_POST == JMODE_POST, "jit_mode follows the modes here");

static const insn_fn ls_gen_fns[OP_COUNT][M_COUNT] = {
    [OP_LDR]   = { h_ldr_imm_gen, h_ldr_lit_gen, h_ldr_reg_gen, h_ldr_pre_gen, h_ldr_post_gen },
    [OP_LDRH]  = { h_ldrh_imm_gen, h_ldrh_lit_gen, h_ldrh_reg_gen, h_ldrh_pre_gen, h_ldrh_post_gen },
    [OP_LDRSH] = { h_ldrsh_imm_gen, h_ldrsh_lit_gen, h_ldrsh_reg_gen, h_ldrsh_pre_gen, h_ldrsh_post_gen },
    [OP_LDRB]  = { h_ldrb_imm_gen, h_ldrb_lit_gen, h_ldrb_reg_gen, h_ldrb_pre_gen, h_ldrb_post_gen },
    [OP_LDRSB] = { h_ldrsb_imm_gen, h_ldrsb_lit_gen, h_ldrsb_reg_gen, h_ldrsb_pre_gen, h_ldrsb_post_gen },
    [OP_STR]   = { h_str_imm_gen, NULL, h_str_reg_gen, h_str_pre_gen, h_str_post_gen },
    [OP_STRH]  = { h_strh_imm_gen, NULL, h_strh_reg_gen, h_strh_pre_gen, h_strh_post_gen },
    [OP_STRB]  = { h_strb_imm_gen, NULL, h_strb_reg_gen, h_strb_pre_gen, h_strb_post_gen },
};

static const insn_fn ls_fns[OP_COUNT][M_COUNT] = {
    [OP_LDR]   = { h_ldr_imm, h_ldr_lit, h_ldr_reg, h_ldr_pre, h_ldr_post },
    [OP_LDRH]  = { h_ldrh_imm, h_ldrh_lit, h_ldrh_reg, h_ldrh_pre, h_ldrh_post },
    [OP_LDRSH] = { h_ldrsh_imm, h_ldrsh_lit, h_ldrsh_reg, h_ldrsh_pre, h_ldrsh_post },
    [OP_LDRB]  = { h_ldrb_imm, h_ldrb_lit, h_ldrb_reg, h_ldrb_pre, h_ldrb_post },
    [OP_LDRSB] = { h_ldrsb_imm, h_ldrsb_lit, h_ldrsb_reg, h_ldrsb_pre, h_ldrsb_post },
    [OP_STR]   = { h_str_imm, NULL, h_str_reg, h_str_pre, h_str_post },
    [OP_STRH]  = { h_strh_imm, NULL, h_strh_reg, h_strh_pre, h_strh_post },
    [OP_STRB]  = { h_strb_imm, NULL, h_strb_reg, h_strb_pre, h_strb_post },
};

/* For the translator (isa/jit_op.h): the fast handlers' access and mode. */
bool ls_jit_op(const struct insn *i, struct jit_op *o)
{
    static const uint8_t size[OP_COUNT] = { SZ_ldr, SZ_ldrh, SZ_ldrsh, SZ_ldrb, SZ_ldrsb,
                                            SZ_str, SZ_strh, SZ_strb };
    for (int op = 0; op < OP_COUNT; op++)
        for (int mode = 0; mode < M_COUNT; mode++) {
            if (!ls_fns[op][mode] || i->fn != ls_fns[op][mode])
                continue;
            *o = (struct jit_op){ .kind = op >= OP_STR ? JK_STORE : JK_LOAD, .size = size[op],
                                  .sign = op == OP_LDRSH || op == OP_LDRSB,
                                  .mode = (uint8_t)mode, .general = ls_gen_fns[op][mode] };
            return true;
        }
    return false;
}

/* LDR with Rt = PC, any addressing form (mode in imm2): LoadWritePC.
 * Write-back happens first (the pseudocode's order; n == 15 cannot write
 * back). An unaligned address is UNPREDICTABLE: the load behaves as any
 * LDR (MemU) and bit 0 of the value decides interworking. */
HANDLER(h_ldr_pc)
{
    uint32_t a, wb = 0;
    switch (i->imm2) {
    case M_IMM: a = c->r[i->rn] + i->imm; break;
    case M_LIT: a = i->imm; break;
    case M_REG: a = c->r[i->rn] + (c->r[i->rm] << i->shift_n); break;
    case M_PRE: a = wb = c->r[i->rn] + i->imm; break;
    default:    a = c->r[i->rn]; wb = a + i->imm; break;
    }
    uint32_t v = do_ldr(c, a);
    if (i->imm2 == M_PRE || i->imm2 == M_POST)
        wr(c, i->rn, wb);
    return cpu_bx(c, v);
}

HANDLER(h_nop) { (void)c; NEXT(); }

/* ---- LDM/STM/PUSH/POP (A7.7.40 LDM, A7.7.41 LDMDB, A7.7.99 POP,
 * A7.7.101 PUSH, A7.7.159 STM, A7.7.160 STMDB). imm = register list,
 * imm2 = BitCount, IF_ADD = increment after (else decrement before),
 * IF_WBACK = write-back. Cost 1+N (TRM 3.3.1; i->cyc_regs makes it ceil(N/2) on
 * the M7); loading the PC adds the pipeline refill P (taken as 2, as K_LOAD_PC does). ---- */

HANDLER(h_ldm)
{
    uint32_t list = i->imm, n = i->rn, cnt = i->imm2;
    uint32_t base = c->r[n];
    uint32_t a = (i->flags & IF_ADD) ? base : base - 4 * cnt;
    uint32_t v[16];
    check_align(c, a, 4, true);
    for (unsigned k = 0; k < cnt; k++)
        v[k] = ld32(c, a + 4 * k);
    unsigned k = 0;
    for (uint32_t l = list & 0x7fff; l; l &= l - 1)
        c->r[__builtin_ctz(l)] = v[k++];
    /* Write-back only when Rn is not loaded: the 16-bit form encodes that
     * rule; for the 32-bit forms Rn in the list with W=1 is UNPREDICTABLE
     * and the loaded value wins, as the pseudocode's condition gives. */
    if ((i->flags & IF_WBACK) && !(list >> n & 1))
        wr(c, n, (i->flags & IF_ADD) ? base + 4 * cnt : base - 4 * cnt);
    c->cycles += i->cyc_regs;
    if (list & 0x8000) {
        /* LoadWritePC last: SP is already written back, so an exception
         * return (POP {pc} of an EXC_RETURN) unstacks from the right SP. */
        c->cycles += 2;
        return cpu_bx(c, v[k]);
    }
    NEXT();
}

HANDLER(h_stm)
{
    uint32_t list = i->imm, n = i->rn, cnt = i->imm2;
    uint32_t base = c->r[n];
    uint32_t a = (i->flags & IF_ADD) ? base : base - 4 * cnt;
    check_align(c, a, 4, true);
    /* Rn in the list is stored with its original value (for the 16-bit
     * STM the manual's value when Rn is the lowest register; otherwise
     * UNKNOWN/UNPREDICTABLE, and the original value is the sensible one). */
    for (uint32_t l = list; l; l &= l - 1, a += 4)
        st32(c, a, c->r[__builtin_ctz(l)]);
    if (i->flags & IF_WBACK)
        wr(c, n, (i->flags & IF_ADD) ? base + 4 * cnt : base - 4 * cnt);
    c->cycles += i->cyc_regs;
    NEXT();
}

/* ---- LDRD/STRD (A7.7.50, A7.7.51, A7.7.163): MemA, so always aligned.
 * The pseudocode writes R[t], R[t2] and then R[n]: with write-back and
 * n == t or t2 (UNPREDICTABLE) the written-back address wins. ---- */

HANDLER(h_ldrd)
{
    uint32_t base = c->r[i->rn], off = base + i->imm;
    uint32_t a = (i->flags & IF_INDEX) ? off : base;
    check_align(c, a, 4, true);
    uint32_t v1 = ld32(c, a), v2 = ld32(c, a + 4);
    wr(c, i->rd, v1);
    wr(c, i->ra, v2);
    if (i->flags & IF_WBACK)
        wr(c, i->rn, off);
    NEXT();
}

HANDLER(h_ldrd_lit)
{
    uint32_t v1 = ld32(c, i->imm), v2 = ld32(c, i->imm + 4);
    wr(c, i->rd, v1);
    wr(c, i->ra, v2);
    NEXT();
}

HANDLER(h_strd)
{
    uint32_t base = c->r[i->rn], off = base + i->imm;
    uint32_t a = (i->flags & IF_INDEX) ? off : base;
    check_align(c, a, 4, true);
    st32(c, a, c->r[i->rd]);
    st32(c, a + 4, c->r[i->ra]);
    if (i->flags & IF_WBACK)
        wr(c, i->rn, off);
    NEXT();
}

/* ---- Exclusives (A3.4, A7.7.52-54, A7.7.165-167). The local monitor
 * holds one address; LDREX* opens it after the access (a faulting LDREX
 * leaves it as it was), STREX* checks alignment first (MemA inside
 * ExclusiveMonitorsPass), succeeds only when open for this address, and
 * always closes it. A size mismatch between LDREX and STREX is
 * IMPLEMENTATION DEFINED: only the address is compared. ---- */

HANDLER(h_ldrex)
{
    uint32_t a = c->r[i->rn] + i->imm;
    check_align(c, a, 4, true);
    uint32_t v = ld32(c, a);
    c->excl_open = true;
    c->excl_addr = a;
    wr(c, i->rd, v);
    NEXT();
}

HANDLER(h_ldrexh)
{
    uint32_t a = c->r[i->rn];
    check_align(c, a, 2, true);
    uint32_t v = ld16(c, a);
    c->excl_open = true;
    c->excl_addr = a;
    wr(c, i->rd, v);
    NEXT();
}

HANDLER(h_ldrexb)
{
    uint32_t a = c->r[i->rn];
    uint32_t v = ld8(c, a);
    c->excl_open = true;
    c->excl_addr = a;
    wr(c, i->rd, v);
    NEXT();
}

static inline bool excl_pass(struct cpu *c, uint32_t a)
{
    bool ok = c->excl_open && c->excl_addr == a;
    c->excl_open = false;
    return ok;
}

HANDLER(h_strex)
{
    uint32_t a = c->r[i->rn] + i->imm;
    check_align(c, a, 4, true);
    if (excl_pass(c, a)) {
        st32(c, a, c->r[i->rd]);
        wr(c, i->ra, 0);
    } else {
        wr(c, i->ra, 1);
    }
    NEXT();
}

HANDLER(h_strexh)
{
    uint32_t a = c->r[i->rn];
    check_align(c, a, 2, true);
    if (excl_pass(c, a)) {
        st16(c, a, c->r[i->rd]);
        wr(c, i->ra, 0);
    } else {
        wr(c, i->ra, 1);
    }
    NEXT();
}

HANDLER(h_strexb)
{
    uint32_t a = c->r[i->rn];
    if (excl_pass(c, a)) {
        st8(c, a, c->r[i->rd]);
        wr(c, i->ra, 0);
    } else {
        wr(c, i->ra, 1);
    }
    NEXT();
}

/* ---- TBB/TBH (A7.7.182): BranchWritePC(PC + 2*entry), PC = addr + 4. */

HANDLER(h_tbb)
{
    uint32_t h = ld8(c, c->r[i->rn] + c->r[i->rm]);
    return cpu_goto(c, c->r[15] + 2 * h);
}

HANDLER(h_tbh)
{
    uint32_t a = c->r[i->rn] + (c->r[i->rm] << 1);
    check_align(c, a, 2, false);
    uint32_t h = ld16(c, a);
    return cpu_goto(c, c->r[15] + 2 * h);
}

/* ================================ decoding ================================ */

static uint32_t lit_addr(const struct insn *i, bool add, uint32_t imm)
{
    uint32_t pc = (i->addr + 4) & ~3u;
    return add ? pc + imm : pc - imm;
}

/* Fills a single load/store; LDR to the PC gets the LoadWritePC handler
 * and the LDR-to-PC cost. */
static bool set_ls(struct insn *i, int op, int mode, unsigned t, unsigned n, uint32_t imm)
{
    i->rd = (uint8_t)t;
    i->rn = (uint8_t)n;
    i->imm = imm;
    if (op == OP_LDR && t == 15) {
        i->fn = h_ldr_pc;
        i->imm2 = (uint8_t)mode;
        i->kind = K_LOAD_PC;
        return true;
    }
    if (op >= OP_STR && n == 15) /* stores with Rn = 1111: UNDEFINED */
        return false;
    /* The fast handlers write registers plainly: a load to SP or a base
     * write-back to SP (bits [1:0] cleared) takes the general one. */
    bool sp = (op < OP_STR && t == 13) || ((mode == M_PRE || mode == M_POST) && n == 13);
    i->fn = (sp ? ls_gen_fns : ls_fns)[op][mode];
    if (op == OP_LDRB || op == OP_LDRSB || op == OP_LDRH || op == OP_LDRSH)
        i->tattr |= TA_SUBWORD; /* M7: a cycle more result latency (isa/timing.c) */
    if (mode == M_IMM)
        i->tattr |= TA_IMMOFF; /* M7: the load bank is known from the offset */
    if (mode == M_REG)
        i->flags |= IF_REGOFF; /* M4: nothing pipelines after such a store */
    return i->fn != NULL;
}

/* The access of a 32-bit single load/store from its pattern's fields: L
 * (load), S (sign-extend), size (A5.3.7-A5.3.10). */
static int op32(const uint32_t *f)
{
    unsigned size = f[F_size], s = f[F_S];
    if (!f[F_L])
        return size == 0 ? OP_STRB : size == 1 ? OP_STRH : OP_STR;
    if (size == 0)
        return s ? OP_LDRSB : OP_LDRB;
    if (size == 1)
        return s ? OP_LDRSH : OP_LDRH;
    return OP_LDR;
}

/* --- 16-bit --- */

static bool d16_reg(struct insn *i, const uint32_t *f)
{
    static const int ops[8] = { OP_STR, OP_STRH, OP_STRB, OP_LDRSB, OP_LDR, OP_LDRH, OP_LDRB, OP_LDRSH };
    i->rm = (uint8_t)f[F_Rm];
    return set_ls(i, ops[f[F_op]], M_REG, f[F_Rt], f[F_Rn], 0);
}

static bool d16_imm5(struct insn *i, const uint32_t *f)
{
    /* op (bits 15:11): 01100 STR, 01101 LDR, 01110 STRB, 01111 LDRB, 10000 STRH, 10001 LDRH */
    static const int ops[6] = { OP_STR, OP_LDR, OP_STRB, OP_LDRB, OP_STRH, OP_LDRH };
    static const uint8_t scale[6] = { 2, 2, 0, 0, 1, 1 };
    unsigned k = f[F_op] - 0xc;
    return set_ls(i, ops[k], M_IMM, f[F_Rt], f[F_Rn], f[F_imm5] << scale[k]);
}

static bool d16_sp(struct insn *i, const uint32_t *f)
{
    return set_ls(i, f[F_L] ? OP_LDR : OP_STR, M_IMM, f[F_Rt], REG_SP, f[F_imm8] << 2);
}

static bool d16_lit(struct insn *i, const uint32_t *f)
{
    return set_ls(i, OP_LDR, M_LIT, f[F_Rt], 15, lit_addr(i, true, f[F_imm8] << 2));
}

static bool set_multi(struct insn *i, unsigned n, uint32_t list, bool load, bool ia, bool wback)
{
    i->rn = (uint8_t)n;
    i->imm = list;
    i->imm2 = (uint8_t)__builtin_popcount(list);
    i->cyc_regs = i->imm2; /* 1+N (M4); the M7's figure is set by isa/timing.c */
    i->flags |= (ia ? IF_ADD : 0) | (wback ? IF_WBACK : 0);
    i->fn = load ? h_ldm : h_stm;
    return true;
}

static bool d16_stm(struct insn *i, const uint32_t *f)
{
    return set_multi(i, f[F_Rn], f[F_list], false, true, true);
}

static bool d16_ldm(struct insn *i, const uint32_t *f)
{
    /* wback = (registers<n> == '0') */
    return set_multi(i, f[F_Rn], f[F_list], true, true, !(f[F_list] >> f[F_Rn] & 1));
}

static bool d16_push(struct insn *i, const uint32_t *f)
{
    return set_multi(i, REG_SP, f[F_list] | f[F_M] << 14, false, false, true);
}

static bool d16_pop(struct insn *i, const uint32_t *f)
{
    return set_multi(i, REG_SP, f[F_list] | f[F_P] << 15, true, true, true);
}

/* --- 32-bit load/store multiple (A5.3.5) --- */

/* STM/STMDB/PUSH.W: registers = '0':M:'0':register_list. LDM/LDMDB/POP.W:
 * registers = P:M:'0':register_list. Rn = PC is UNPREDICTABLE: UNDEFINED
 * here (nothing sensible to write back to). Fewer than two registers is
 * UNPREDICTABLE and simply executes. */
static bool d32_multi(struct insn *i, const uint32_t *f)
{
    /* PUSH.W/POP.W fix Rn and W in their patterns (fields over fixed bits);
     * op is 01 for increment after, 10 for decrement before. */
    unsigned n = f[F_Rn];
    bool load = f[F_L], ia = f[F_op] == 1, wback = f[F_W];
    uint32_t list = (f[F_list] & 0x1fff) | f[F_M] << 14 | (load ? f[F_P] << 15 : 0);
    if (n == 15)
        return false;
    return set_multi(i, n, list, load, ia, wback);
}

/* --- 32-bit dual, exclusive, table branch (A5.3.6) --- */

static bool d_strex(struct insn *i, const uint32_t *f)
{
    if (f[F_Rd] == 15 || f[F_Rn] == 15)
        return false;
    i->rd = (uint8_t)f[F_Rt];
    i->ra = (uint8_t)f[F_Rd];
    i->rn = (uint8_t)f[F_Rn];
    i->imm = f[F_imm8] << 2;
    i->fn = f[F_op] ? (f[F_op2] == 4 ? h_strexb : h_strexh) : h_strex; /* op: B/H forms */
    return true;
}

static bool d_ldrex(struct insn *i, const uint32_t *f)
{
    if (f[F_Rt] == 15 || f[F_Rn] == 15)
        return false;
    i->rd = (uint8_t)f[F_Rt];
    i->rn = (uint8_t)f[F_Rn];
    i->imm = f[F_imm8] << 2;
    i->fn = f[F_op] ? (f[F_op2] == 4 ? h_ldrexb : h_ldrexh) : h_ldrex; /* op: B/H forms */
    if (f[F_op])
        i->tattr |= TA_SUBWORD;
    return true;
}

static bool d_tb(struct insn *i, const uint32_t *f)
{
    i->rn = (uint8_t)f[F_Rn];
    i->rm = (uint8_t)f[F_Rm];
    i->fn = f[F_H] ? h_tbh : h_tbb;
    return true;
}

/* STRD/LDRD immediate; P = W = 0 is the exclusive/TBB space, which is
 * listed first, so what reaches here with P = W = 0 is UNDEFINED. A PC
 * destination (UNPREDICTABLE) is UNDEFINED here too: nothing sensible
 * can be done with half a doubleword in the PC. */
static bool d_ldstrd(struct insn *i, const uint32_t *f)
{
    bool load = f[F_L];
    if (!f[F_P] && !f[F_W])
        return false;
    if (f[F_Rn] == 15 || (load && (f[F_Rt] == 15 || f[F_Rt2] == 15)))
        return false;
    uint32_t imm = f[F_imm8] << 2;
    i->rd = (uint8_t)f[F_Rt];
    i->ra = (uint8_t)f[F_Rt2];
    i->rn = (uint8_t)f[F_Rn];
    i->imm = f[F_U] ? imm : 0u - imm;
    i->flags |= (f[F_P] ? IF_INDEX : 0) | (f[F_W] ? IF_WBACK : 0) | (f[F_U] ? IF_ADD : 0);
    i->fn = load ? h_ldrd : h_strd;
    return true;
}

/* LDRD (literal): the address ignores P; W = 1 is UNPREDICTABLE and is
 * taken as no write-back (the base is the PC). Align(PC,4) keeps it
 * word aligned, so no alignment check is needed at run time. */
static bool d_ldrd_lit(struct insn *i, const uint32_t *f)
{
    if (!f[F_P] && !f[F_W])
        return false;
    if (f[F_Rt] == 15 || f[F_Rt2] == 15)
        return false;
    i->rd = (uint8_t)f[F_Rt];
    i->ra = (uint8_t)f[F_Rt2];
    i->rn = 15;
    i->imm = lit_addr(i, f[F_U], f[F_imm8] << 2);
    i->fn = h_ldrd_lit;
    return true;
}

/* --- 32-bit single loads and stores (A5.3.7-A5.3.10) --- */

static bool d32_imm12(struct insn *i, const uint32_t *f)
{
    return set_ls(i, op32(f), M_IMM, f[F_Rt], f[F_Rn], f[F_imm12]);
}

/* The T variants (LDRT, STRBT, ...): unprivileged access; without an MPU
 * that is the same access as the offset form. */
static bool d32_t(struct insn *i, const uint32_t *f)
{
    return set_ls(i, op32(f), M_IMM, f[F_Rt], f[F_Rn], f[F_imm8]);
}

/* imm8 with P/U/W: P = W = 0 is UNDEFINED; P=1 U=1 W=0 is the T variant,
 * listed first (treated as the offset form if it ever got here). */
static bool d32_imm8(struct insn *i, const uint32_t *f)
{
    if (!f[F_P] && !f[F_W])
        return false;
    uint32_t off = f[F_U] ? f[F_imm8] : 0u - f[F_imm8];
    int mode = !f[F_P] ? M_POST : f[F_W] ? M_PRE : M_IMM;
    return set_ls(i, op32(f), mode, f[F_Rt], f[F_Rn], off);
}

static bool d32_reg(struct insn *i, const uint32_t *f)
{
    i->rm = (uint8_t)f[F_Rm];
    i->shift_n = (uint8_t)f[F_imm2];
    return set_ls(i, op32(f), M_REG, f[F_Rt], f[F_Rn], 0);
}

static bool d32_lit(struct insn *i, const uint32_t *f)
{
    return set_ls(i, op32(f), M_LIT, f[F_Rt], 15, lit_addr(i, f[F_U], f[F_imm12]));
}

/* Memory hints (PLD, PLI, the unallocated hints): NOPs, no access. */
static bool d_hint(struct insn *i, const uint32_t *f)
{
    (void)f;
    i->fn = h_nop;
    return true;
}

/* Rt = 1111 in the imm8 P/U/W space: UNPREDICTABLE (a load to the PC of a
 * byte/halfword with write-back) and treated as a hint (NOP); P = W = 0
 * stays UNDEFINED. */
static bool d_hint_puw(struct insn *i, const uint32_t *f)
{
    if (!f[F_P] && !f[F_W])
        return false;
    i->fn = h_nop;
    return true;
}

#define RT "Rt:4"
#define PUW "1 P:1 U:1 W:1 imm8:8"
#define REGOFF "0 00000 imm2:2 Rm:4"

static const struct pattern patterns[] = {
    /* ---------------- 16-bit ---------------- */
    { "01001 Rt:3 imm8:8",          d16_lit,  "LDR (literal) T1",             K_LOAD,  FEAT_NONE },
    { "0101 op:3=000 Rm:3 Rn:3 Rt:3",    d16_reg,  "STR (register) T1",            K_STORE, FEAT_NONE },
    { "0101 op:3=001 Rm:3 Rn:3 Rt:3",    d16_reg,  "STRH (register) T1",           K_STORE, FEAT_NONE },
    { "0101 op:3=010 Rm:3 Rn:3 Rt:3",    d16_reg,  "STRB (register) T1",           K_STORE, FEAT_NONE },
    { "0101 op:3=011 Rm:3 Rn:3 Rt:3",    d16_reg,  "LDRSB (register) T1",          K_LOAD,  FEAT_NONE },
    { "0101 op:3=100 Rm:3 Rn:3 Rt:3",    d16_reg,  "LDR (register) T1",            K_LOAD,  FEAT_NONE },
    { "0101 op:3=101 Rm:3 Rn:3 Rt:3",    d16_reg,  "LDRH (register) T1",           K_LOAD,  FEAT_NONE },
    { "0101 op:3=110 Rm:3 Rn:3 Rt:3",    d16_reg,  "LDRB (register) T1",           K_LOAD,  FEAT_NONE },
    { "0101 op:3=111 Rm:3 Rn:3 Rt:3",    d16_reg,  "LDRSH (register) T1",          K_LOAD,  FEAT_NONE },
    { "op:5=01100 imm5:5 Rn:3 Rt:3",    d16_imm5, "STR (immediate) T1",           K_STORE, FEAT_NONE },
    { "op:5=01101 imm5:5 Rn:3 Rt:3",    d16_imm5, "LDR (immediate) T1",           K_LOAD,  FEAT_NONE },
    { "op:5=01110 imm5:5 Rn:3 Rt:3",    d16_imm5, "STRB (immediate) T1",          K_STORE, FEAT_NONE },
    { "op:5=01111 imm5:5 Rn:3 Rt:3",    d16_imm5, "LDRB (immediate) T1",          K_LOAD,  FEAT_NONE },
    { "op:5=10000 imm5:5 Rn:3 Rt:3",    d16_imm5, "STRH (immediate) T1",          K_STORE, FEAT_NONE },
    { "op:5=10001 imm5:5 Rn:3 Rt:3",    d16_imm5, "LDRH (immediate) T1",          K_LOAD,  FEAT_NONE },
    { "1001 L:1=0 Rt:3 imm8:8",         d16_sp,   "STR (immediate, SP) T2",       K_STORE, FEAT_NONE },
    { "1001 L:1=1 Rt:3 imm8:8",         d16_sp,   "LDR (immediate, SP) T2",       K_LOAD,  FEAT_NONE },
    { "1011 010 M:1 list:8",        d16_push, "PUSH T1",                      K_STM,   FEAT_NONE },
    { "1011 110 P:1 list:8",        d16_pop,  "POP T1",                       K_LDM,   FEAT_NONE },
    { "11000 Rn:3 list:8",          d16_stm,  "STM T1",                       K_STM,   FEAT_NONE },
    { "11001 Rn:3 list:8",          d16_ldm,  "LDM T1",                       K_LDM,   FEAT_NONE },

    /* ---------------- 32-bit load/store multiple (A5.3.5) ---------------- */
    { "{ldm} 1110 100 op:2=01 0 W:1=1 L:1=1 Rn:4=1101 | P:1 M:1 (0) list:13",      d32_multi, "POP T2",     K_LDM, FEAT_NONE },
    { "{ldm} 1110 100 op:2=01 0 W:1 L:1=1 Rn:4 | P:1 M:1 (0) list:13",  d32_multi, "LDM T2",     K_LDM, FEAT_NONE },
    { "1110 100 op:2=01 0 W:1 L:1=0 Rn:4 | (0) M:1 (0) list:13",  d32_multi, "STM T2",     K_STM, FEAT_NONE },
    { "{stmdb} 1110 100 op:2=10 0 W:1=1 L:1=0 Rn:4=1101 | (0) M:1 (0) list:13",      d32_multi, "PUSH T2",    K_STM, FEAT_NONE },
    { "{stmdb} 1110 100 op:2=10 0 W:1 L:1=0 Rn:4 | (0) M:1 (0) list:13",  d32_multi, "STMDB T1",   K_STM, FEAT_NONE },
    { "1110 100 op:2=10 0 W:1 L:1=1 Rn:4 | P:1 M:1 (0) list:13",  d32_multi, "LDMDB T1",   K_LDM, FEAT_NONE },

    /* ---------------- dual, exclusive, table branch (A5.3.6) ---------------- */
    { "{strd} 1110 1000 op:1=0 100 Rn:4 | Rt:4 Rd:4 imm8:8",                    d_strex, "STREX T1",  K_EXCL_STORE, FEAT_NONE },
    { "{ldrd} 1110 1000 op:1=0 101 Rn:4 | Rt:4 (1) (1) (1) (1) imm8:8",         d_ldrex, "LDREX T1",  K_EXCL_LOAD,  FEAT_NONE },
    { "{strd} 1110 1000 op:1=1 100 Rn:4 | Rt:4 (1) (1) (1) (1) op2:4=0100 Rd:4",      d_strex, "STREXB T1", K_EXCL_STORE, FEAT_NONE },
    { "{strd} 1110 1000 op:1=1 100 Rn:4 | Rt:4 (1) (1) (1) (1) op2:4=0101 Rd:4",      d_strex, "STREXH T1", K_EXCL_STORE, FEAT_NONE },
    { "{ldrd} 1110 1000 1101 Rn:4 | (1) (1) (1) (1) (0) (0) (0) (0) 000 H:1 Rm:4", d_tb, "TBB/TBH T1", K_TBB, FEAT_NONE },
    { "{ldrd} 1110 1000 op:1=1 101 Rn:4 | Rt:4 (1) (1) (1) (1) op2:4=0100 (1) (1) (1) (1)", d_ldrex, "LDREXB T1", K_EXCL_LOAD, FEAT_NONE },
    { "{ldrd} 1110 1000 op:1=1 101 Rn:4 | Rt:4 (1) (1) (1) (1) op2:4=0101 (1) (1) (1) (1)", d_ldrex, "LDREXH T1", K_EXCL_LOAD, FEAT_NONE },
    { "{ldrd} 1110 100 P:1 U:1 1 W:1 1 1111 | Rt:4 Rt2:4 imm8:8",         d_ldrd_lit, "LDRD (literal) T1",   K_LDRD, FEAT_NONE },
    { "{ldrd} 1110 100 P:1 U:1 1 W:1 L:1=1 Rn:4 | Rt:4 Rt2:4 imm8:8",         d_ldstrd,   "LDRD (immediate) T1", K_LDRD, FEAT_NONE },
    { "{strd} 1110 100 P:1 U:1 1 W:1 L:1=0 Rn:4 | Rt:4 Rt2:4 imm8:8",         d_ldstrd,   "STRD (immediate) T1", K_STRD, FEAT_NONE },

    /* ---------------- load word (A5.3.7) ---------------- */
    { "{ldr} 1111 100 S:1=0 U:1 size:2=10 L:1=1 1111 | " RT " imm12:12",  d32_lit,   "LDR (literal) T2",     K_LOAD, FEAT_NONE },
    { "{ldr} 1111 100 S:1=0 0 size:2=10 L:1=1 Rn:4 | " RT " 1110 imm8:8",  d32_t,     "LDRT T1",              K_LOAD, FEAT_NONE },
    { "{ldr} 1111 100 S:1=0 0 size:2=10 L:1=1 Rn:4 | " RT " " PUW,         d32_imm8,  "LDR (immediate) T4",   K_LOAD, FEAT_NONE },
    { "{ldr} 1111 100 S:1=0 0 size:2=10 L:1=1 Rn:4 | " RT " " REGOFF,      d32_reg,   "LDR (register) T2",    K_LOAD, FEAT_NONE },
    { "{ldr} 1111 100 S:1=0 1 size:2=10 L:1=1 Rn:4 | " RT " imm12:12",     d32_imm12, "LDR (immediate) T3",   K_LOAD, FEAT_NONE },

    /* ---------------- load halfword, memory hints (A5.3.8) ---------------- */
    /* Rt = 1111: unallocated memory hints (NOP) or UNPREDICTABLE (NOP). */
    { "{ldrh} 1111 100 x x 011 1111 | 1111 xxxx xxxx xxxx",  d_hint,     "hint (halfword, literal)",  K_NOP, FEAT_NONE },
    { "{ldrh} 1111 100 x 1 011 xxxx | 1111 xxxx xxxx xxxx",  d_hint,     "hint (halfword, imm12)",    K_NOP, FEAT_NONE },
    { "{ldrh} 1111 100 x 0 011 xxxx | 1111 0 00000 xx xxxx", d_hint,     "hint (halfword, register)", K_NOP, FEAT_NONE },
    { "{ldrh} 1111 100 x 0 011 xxxx | 1111 " PUW,            d_hint_puw, "hint (halfword, imm8)",     K_NOP, FEAT_NONE },
    { "{ldrh} 1111 100 S:1=0 U:1 size:2=01 L:1=1 1111 | " RT " imm12:12", d32_lit,   "LDRH (literal) T1",    K_LOAD, FEAT_NONE },
    { "{ldrh} 1111 100 S:1=1 U:1 size:2=01 L:1=1 1111 | " RT " imm12:12", d32_lit,   "LDRSH (literal) T1",   K_LOAD, FEAT_NONE },
    { "{ldrh} 1111 100 S:1=0 0 size:2=01 L:1=1 Rn:4 | " RT " 1110 imm8:8", d32_t,     "LDRHT T1",             K_LOAD, FEAT_NONE },
    { "{ldrh} 1111 100 S:1=1 0 size:2=01 L:1=1 Rn:4 | " RT " 1110 imm8:8", d32_t,     "LDRSHT T1",            K_LOAD, FEAT_NONE },
    { "{ldrh} 1111 100 S:1=0 0 size:2=01 L:1=1 Rn:4 | " RT " " PUW,        d32_imm8,  "LDRH (immediate) T3",  K_LOAD, FEAT_NONE },
    { "{ldrh} 1111 100 S:1=1 0 size:2=01 L:1=1 Rn:4 | " RT " " PUW,        d32_imm8,  "LDRSH (immediate) T2", K_LOAD, FEAT_NONE },
    { "{ldrh} 1111 100 S:1=0 0 size:2=01 L:1=1 Rn:4 | " RT " " REGOFF,     d32_reg,   "LDRH (register) T2",   K_LOAD, FEAT_NONE },
    { "{ldrh} 1111 100 S:1=1 0 size:2=01 L:1=1 Rn:4 | " RT " " REGOFF,     d32_reg,   "LDRSH (register) T2",  K_LOAD, FEAT_NONE },
    { "{ldrh} 1111 100 S:1=0 1 size:2=01 L:1=1 Rn:4 | " RT " imm12:12",    d32_imm12, "LDRH (immediate) T2",  K_LOAD, FEAT_NONE },
    { "{ldrh} 1111 100 S:1=1 1 size:2=01 L:1=1 Rn:4 | " RT " imm12:12",    d32_imm12, "LDRSH (immediate) T1", K_LOAD, FEAT_NONE },

    /* ---------------- load byte, memory hints (A5.3.9) ---------------- */
    { "{ldrb} 1111 1000 x 001 1111 | 1111 imm12:12",             d_hint, "PLD (literal) T1",    K_NOP, FEAT_NONE },
    { "{ldrb} 1111 1001 x 001 1111 | 1111 imm12:12",             d_hint, "PLI (literal) T3",    K_NOP, FEAT_NONE },
    { "{ldrb} 1111 1000 1001 Rn:4 | 1111 imm12:12",              d_hint, "PLD (immediate) T1",  K_NOP, FEAT_NONE },
    { "{ldrb} 1111 1000 0001 Rn:4 | 1111 1100 imm8:8",           d_hint, "PLD (immediate) T2",  K_NOP, FEAT_NONE },
    { "{ldrb} 1111 1000 0001 Rn:4 | 1111 " REGOFF,               d_hint, "PLD (register) T1",   K_NOP, FEAT_NONE },
    { "{ldrb} 1111 1001 1001 Rn:4 | 1111 imm12:12",              d_hint, "PLI (immediate) T1",  K_NOP, FEAT_NONE },
    { "{ldrb} 1111 1001 0001 Rn:4 | 1111 1100 imm8:8",           d_hint, "PLI (immediate) T2",  K_NOP, FEAT_NONE },
    { "{ldrb} 1111 1001 0001 Rn:4 | 1111 " REGOFF,               d_hint, "PLI (register) T1",   K_NOP, FEAT_NONE },
    { "{ldrb} 1111 100 x 0 001 xxxx | 1111 " PUW,                d_hint_puw, "hint (byte, imm8)", K_NOP, FEAT_NONE },
    { "{ldrb} 1111 100 S:1=0 U:1 size:2=00 L:1=1 1111 | " RT " imm12:12", d32_lit,   "LDRB (literal) T1",    K_LOAD, FEAT_NONE },
    { "{ldrb} 1111 100 S:1=1 U:1 size:2=00 L:1=1 1111 | " RT " imm12:12", d32_lit,   "LDRSB (literal) T1",   K_LOAD, FEAT_NONE },
    { "{ldrb} 1111 100 S:1=0 0 size:2=00 L:1=1 Rn:4 | " RT " 1110 imm8:8", d32_t,     "LDRBT T1",             K_LOAD, FEAT_NONE },
    { "{ldrb} 1111 100 S:1=1 0 size:2=00 L:1=1 Rn:4 | " RT " 1110 imm8:8", d32_t,     "LDRSBT T1",            K_LOAD, FEAT_NONE },
    { "{ldrb} 1111 100 S:1=0 0 size:2=00 L:1=1 Rn:4 | " RT " " PUW,        d32_imm8,  "LDRB (immediate) T3",  K_LOAD, FEAT_NONE },
    { "{ldrb} 1111 100 S:1=1 0 size:2=00 L:1=1 Rn:4 | " RT " " PUW,        d32_imm8,  "LDRSB (immediate) T2", K_LOAD, FEAT_NONE },
    { "{ldrb} 1111 100 S:1=0 0 size:2=00 L:1=1 Rn:4 | " RT " " REGOFF,     d32_reg,   "LDRB (register) T2",   K_LOAD, FEAT_NONE },
    { "{ldrb} 1111 100 S:1=1 0 size:2=00 L:1=1 Rn:4 | " RT " " REGOFF,     d32_reg,   "LDRSB (register) T2",  K_LOAD, FEAT_NONE },
    { "{ldrb} 1111 100 S:1=0 1 size:2=00 L:1=1 Rn:4 | " RT " imm12:12",    d32_imm12, "LDRB (immediate) T2",  K_LOAD, FEAT_NONE },
    { "{ldrb} 1111 100 S:1=1 1 size:2=00 L:1=1 Rn:4 | " RT " imm12:12",    d32_imm12, "LDRSB (immediate) T1", K_LOAD, FEAT_NONE },

    /* ---------------- store single data item (A5.3.10) ---------------- */
    { "1111 100 S:1=0 1 size:2=00 L:1=0 Rn:4 | " RT " imm12:12",    d32_imm12, "STRB (immediate) T2",  K_STORE, FEAT_NONE },
    { "{strb} 1111 100 S:1=0 0 size:2=00 L:1=0 Rn:4 | " RT " 1110 imm8:8", d32_t,     "STRBT T1",             K_STORE, FEAT_NONE },
    { "{strb} 1111 100 S:1=0 0 size:2=00 L:1=0 Rn:4 | " RT " " PUW,        d32_imm8,  "STRB (immediate) T3",  K_STORE, FEAT_NONE },
    { "1111 100 S:1=0 0 size:2=00 L:1=0 Rn:4 | " RT " " REGOFF,     d32_reg,   "STRB (register) T2",   K_STORE, FEAT_NONE },
    { "1111 100 S:1=0 1 size:2=01 L:1=0 Rn:4 | " RT " imm12:12",    d32_imm12, "STRH (immediate) T2",  K_STORE, FEAT_NONE },
    { "{strh} 1111 100 S:1=0 0 size:2=01 L:1=0 Rn:4 | " RT " 1110 imm8:8", d32_t,     "STRHT T1",             K_STORE, FEAT_NONE },
    { "{strh} 1111 100 S:1=0 0 size:2=01 L:1=0 Rn:4 | " RT " " PUW,        d32_imm8,  "STRH (immediate) T3",  K_STORE, FEAT_NONE },
    { "1111 100 S:1=0 0 size:2=01 L:1=0 Rn:4 | " RT " " REGOFF,     d32_reg,   "STRH (register) T2",   K_STORE, FEAT_NONE },
    { "1111 100 S:1=0 1 size:2=10 L:1=0 Rn:4 | " RT " imm12:12",    d32_imm12, "STR (immediate) T3",   K_STORE, FEAT_NONE },
    { "{str} 1111 100 S:1=0 0 size:2=10 L:1=0 Rn:4 | " RT " 1110 imm8:8", d32_t,     "STRT T1",              K_STORE, FEAT_NONE },
    { "{str} 1111 100 S:1=0 0 size:2=10 L:1=0 Rn:4 | " RT " " PUW,        d32_imm8,  "STR (immediate) T4",   K_STORE, FEAT_NONE },
    { "1111 100 S:1=0 0 size:2=10 L:1=0 Rn:4 | " RT " " REGOFF,     d32_reg,   "STR (register) T2",    K_STORE, FEAT_NONE },
};

PATTERN_SET(isa_ls_patterns, patterns);
