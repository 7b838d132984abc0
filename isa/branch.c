/* Branches and miscellaneous control: B/BL/BX/BLX/CBZ, IT, hints, barriers,
 * special registers (MRS/MSR/CPS), BKPT, SVC and UDF (ARMv7-M ARM A5.2.5,
 * A5.2.6, A5.3.4, B5.2). Branch targets are resolved at decode time. */
#include "isa/decode.h"
#include "isa/exec.h"
#include "isa/jit_op.h"

/* Taken and fall-through costs come from the timing model (isa/timing.c):
 * the pipeline refill on the M4, fetch wait states on either core. On a
 * core with a BTAC (the M7) the handler adds the outcome-dependent part,
 * the mispredict penalty, from the predictor state in struct cpu.
 *
 * The BTAC policy (an assumption: Arm publishes none, docs/timing.md):
 * one direct-mapped entry per BTAC_ENTRIES halfword addresses, tagged with
 * the branch's address. Every taken branch allocates its entry (a target
 * address cache holds the targets of taken branches); an existing entry
 * records each later outcome (ACTLR.DISBTACALLOC: "existing entries can be
 * updated"). A conditional branch found in the BTAC is predicted to do
 * what it did last time; one not found falls back to the static rule,
 * backward taken, forward not taken (DISBTACREAD: "only static branch
 * prediction" without the BTAC). An indirect branch (BX, BLX) is predicted
 * when its entry holds the target it jumps to now. */

static inline struct btac_entry *btac_slot(struct cpu *c, const struct insn *i)
{
    return &c->btac[(i->addr >> 1) & (BTAC_ENTRIES - 1)];
}

static inline void btac_set(struct btac_entry *e, const struct insn *i, uint32_t target)
{
    e->tag = i->addr | 1;
    e->target = target;
    e->taken = 1;
}

/* A correctly predicted taken branch issues together with the first
 * instruction at its target (TA_M7_BR_FOLD, TA_M7_BR_YOUNG: isa/timing.c,
 * docs/timing.md), which is then charged one cycle less than its entry
 * cost. Only a target in the branch's code page, already decoded, is
 * seen (an approximation: the first run of a forward target misses it). */
static int btac_fold(const struct insn *i, uint32_t target)
{
    if (!(i->tattr & TA_M7_BR_FOLD) || ((target ^ i->addr) >> BUS_PAGE_BITS) != 0)
        return 0;
    const struct insn *t = i + ((int32_t)(target - i->addr) >> 1);
    return !cc_undecoded(t) && (t->tattr & TA_M7_BR_YOUNG) ? -1 : 0;
}

/* A direct conditional branch resolved as `taken`: the cycles its
 * prediction adds (the mispredict penalty, or -1 for a predicted taken
 * branch that pairs with its target). */
static inline __attribute__((always_inline)) int btac_cond(struct cpu *c, const struct insn *i, bool taken)
{
    struct btac_entry *e = btac_slot(c, i);
    bool forward = i->imm > i->addr; /* the decoder put the target in imm */
    bool hit = e->tag == (i->addr | 1);
    bool predicted = hit ? e->taken != 0 : !forward;
    if (taken)
        btac_set(e, i, i->imm);
    else if (hit)
        e->taken = 0;
    if (predicted == taken)
        return taken ? btac_fold(i, i->imm) : 0;
    return i->cyc_mispredict;
}

/* An indirect branch to target: predicted only by a BTAC entry holding it. */
static int btac_indirect(struct cpu *c, const struct insn *i, uint32_t target)
{
    struct btac_entry *e = btac_slot(c, i);
    bool hit = e->tag == (i->addr | 1) && e->target == target;
    btac_set(e, i, target);
    return hit ? btac_fold(i, target & ~1u) : i->cyc_mispredict;
}

/* B and BL are always predicted (statically taken); they still take an
 * entry, which can evict another branch's. */
static inline void btac_direct(struct cpu *c, const struct insn *i)
{
    if (c->has_btac) {
        btac_set(btac_slot(c, i), i, i->imm);
        c->cycles += (uint64_t)(int64_t)btac_fold(i, i->imm);
    }
}

HANDLER(b_always)
{
    btac_direct(c, i);
    c->cycles += i->cyc_taken;
    return cpu_goto_from(c, i, i->imm);
}

/* B<c>: one handler per condition (ConditionPassed, A7.3 table A7-1, on
 * the flag bytes the condition needs), picked by the decoder. */
/* A direct conditional branch (B<c>, CB(N)Z) once its outcome is known:
 * fall through to the next handler, or go to the target. */
static inline __attribute__((always_inline)) const struct insn *
b_resolve(struct cpu *c, const struct insn *i, bool taken)
{
    if (!taken) {
        c->cycles += i->cyc_nottaken;
        NEXT();
    }
    c->cycles += i->cyc_taken;
    return cpu_goto_from(c, i, i->imm);
}

static __attribute__((noinline)) const struct insn *
b_cond_btac(struct cpu *c, const struct insn *i, bool taken)
{
    c->cycles += btac_cond(c, i, taken);
    return b_resolve(c, i, taken);
}

/* Without a BTAC the handler makes no call (no frame to set up). */
static inline __attribute__((always_inline)) const struct insn *
b_cond_do(struct cpu *c, const struct insn *i, bool taken)
{
    if (c->has_btac)
        return b_cond_btac(c, i, taken);
    return b_resolve(c, i, taken);
}

#define B_COND(name, expr) \
    HANDLER(b_##name) { return b_cond_do(c, i, (expr)); }
B_COND(eq, c->z)
B_COND(ne, !c->z)
B_COND(cs, c->c)
B_COND(cc, !c->c)
B_COND(mi, c->n)
B_COND(pl, !c->n)
B_COND(vs, c->v)
B_COND(vc, !c->v)
B_COND(hi, (c->c & (c->z ^ 1u)) != 0)
B_COND(ls, (c->c & (c->z ^ 1u)) == 0)
B_COND(ge, c->n == c->v)
B_COND(lt, c->n != c->v)
B_COND(gt, ((c->n ^ c->v) | c->z) == 0)
B_COND(le, ((c->n ^ c->v) | c->z) != 0)
HANDLER(b_cond) { return b_cond_do(c, i, cond_holds(c, i->cond)); }

static const insn_fn b_cond_fn[16] = {
    b_eq, b_ne, b_cs, b_cc, b_mi, b_pl, b_vs, b_vc,
    b_hi, b_ls, b_ge, b_lt, b_gt, b_le, b_cond, b_cond,
};

/* SUBS/CMP + B<c> (exec.h branch_fuse_cmp): i is the SUBS (CMP: rd is
 * the sink), i->next the B<c>. The flags are set exactly as SUBS does; the
 * condition is the compare itself (ConditionPassed after SUBS: C is
 * a >= b unsigned, V the signed overflow, N == V is a >= b signed). Run
 * alone (blk_entry NULL: one instruction at a time), it is the CMP only. */
#define CMP_B_BODY(operand, expr)                                               \
    {                                                                          \
        uint32_t a = c->r[i->rn], b = (operand);                               \
        uint32_t r = alu_sub_flags(a, b, &c->c, &c->v);                        \
        c->r[i->rd] = r;                                                       \
        set_nz(c, r);                                                          \
        if (UNLIKELY(!c->blk_entry))                                           \
            NEXT();                                                            \
        return b_cond_do(c, i->next, (expr));                                  \
    }
#define CMP_B(name, expr)                                                       \
    HANDLER(cmpi_b##name) CMP_B_BODY(i->imm, expr)                             \
    HANDLER(cmpr_b##name) CMP_B_BODY(c->r[i->rm], expr)
CMP_B(eq, a == b)
CMP_B(ne, a != b)
CMP_B(cs, a >= b)
CMP_B(cc, a < b)
CMP_B(mi, (int32_t)r < 0)
CMP_B(pl, (int32_t)r >= 0)
CMP_B(vs, c->v != 0)
CMP_B(vc, c->v == 0)
CMP_B(hi, a > b)
CMP_B(ls, a <= b)
CMP_B(ge, (int32_t)a >= (int32_t)b)
CMP_B(lt, (int32_t)a < (int32_t)b)
CMP_B(gt, (int32_t)a > (int32_t)b)
CMP_B(le, (int32_t)a <= (int32_t)b)

insn_fn branch_fuse_cmp(const struct insn *b, bool reg)
{
    static const insn_fn imm_fn[14] = {
        cmpi_beq, cmpi_bne, cmpi_bcs, cmpi_bcc, cmpi_bmi, cmpi_bpl, cmpi_bvs, cmpi_bvc,
        cmpi_bhi, cmpi_bls, cmpi_bge, cmpi_blt, cmpi_bgt, cmpi_ble,
    };
    static const insn_fn reg_fn[14] = {
        cmpr_beq, cmpr_bne, cmpr_bcs, cmpr_bcc, cmpr_bmi, cmpr_bpl, cmpr_bvs, cmpr_bvc,
        cmpr_bhi, cmpr_bls, cmpr_bge, cmpr_blt, cmpr_bgt, cmpr_ble,
    };
    if (b->kind != K_BRANCH_COND || b->cond >= 14 || b->fn != b_cond_fn[b->cond])
        return NULL; /* CBZ/CBNZ, or a wrapped entry */
    return (reg ? reg_fn : imm_fn)[b->cond];
}

HANDLER(bl)
{
    btac_direct(c, i);
    c->r[REG_LR] = (i->addr + 4) | 1;
    c->cycles += i->cyc_taken;
    return cpu_goto_from(c, i, i->imm);
}

HANDLER(bx)
{
    uint32_t target = c->r[i->rm];
    if (c->has_btac)
        c->cycles += btac_indirect(c, i, target);
    c->cycles += i->cyc_taken;
    return cpu_bx(c, target);
}

HANDLER(blx)
{
    uint32_t target = c->r[i->rm];
    if (c->has_btac)
        c->cycles += btac_indirect(c, i, target);
    c->r[REG_LR] = (i->addr + 2) | 1;
    c->cycles += i->cyc_taken;
    return cpu_bx(c, target);
}

HANDLER(cbz)
{
    bool taken = (c->r[i->rn] == 0) != (i->imm2 != 0); /* imm2: 1 for CBNZ */
    if (c->has_btac)
        c->cycles += btac_cond(c, i, taken);
    return b_resolve(c, i, taken);
}

HANDLER(it)
{
    c->itstate = (uint8_t)i->imm;
    NEXT();
}

/* For the translator (isa/jit_op.h): IT and the direct branches it runs itself. */
bool branch_jit_op(const struct insn *i, struct jit_op *o)
{
    uint8_t op;
    if (i->fn == it) {
        *o = (struct jit_op){ .kind = JK_IT };
        return true;
    }
    if (i->fn == b_always)
        op = JBR_B;
    else if (i->fn == bl)
        op = JBR_BL;
    else if (i->fn == cbz)
        op = JBR_CBZ;
    else if (i->kind == K_BRANCH_COND && i->cond < 14 && i->fn == b_cond_fn[i->cond])
        op = JBR_BCOND;
    else
        return false;
    *o = (struct jit_op){ .kind = JK_BRANCH, .op = op };
    return true;
}

HANDLER(nop)
{
    (void)c;
    NEXT();
}

/* WFE: consume a pending event, else sleep until one (B1.5.18). */
HANDLER(wfe)
{
    if (c->event_reg)
        c->event_reg = false;
    else
        cpu_stop_with(c, CPU_STOP_SLEEP);
    NEXT();
}

HANDLER(wfi)
{
    cpu_stop_with(c, CPU_STOP_SLEEP);
    NEXT();
}

HANDLER(sev)
{
    c->event_reg = true;
    NEXT();
}

HANDLER(clrex)
{
    c->excl_open = false;
    NEXT();
}

/* Semihosting is BKPT 0xAB; anything else (or an unhandled call) halts
 * with the PC on the BKPT, as a debugger expects. */
HANDLER(bkpt)
{
    if (c->env.bkpt && c->env.bkpt(c->env.ctx, c, i->imm))
        NEXT();
    if (c->stop == CPU_STOP_NONE)
        cpu_stop_with(c, CPU_STOP_BKPT);
    c->insns--;
    return i;
}

HANDLER(svc)
{
    exc_svc(c, i->addr + 2);
    return cpu_goto(c, c->pc);
}

/* ---- special registers (B5.2.2 MRS, B5.2.3 MSR) ---- */

static uint32_t read_special(const struct cpu *c, unsigned sysm)
{
    bool priv = cpu_privileged(c);
    switch (sysm >> 3) {
    case 0: {
        uint32_t v = 0;
        if (sysm & 1)
            v |= c->ipsr & 0x1ff;
        if (!(sysm & 4))
            v |= cpu_get_apsr(c) & 0xf80f0000u;
        return v; /* EPSR reads as zero */
    }
    case 1:
        if (!priv) return 0;
        return (sysm & 7) == 0 ? cpu_get_sp_main(c) : (sysm & 7) == 1 ? cpu_get_sp_process(c) : 0;
    case 2:
        switch (sysm & 7) {
        case 0: return priv ? c->primask & 1 : 0;
        case 1: case 2: return priv ? c->basepri & 0xff : 0;
        case 3: return priv ? c->faultmask & 1 : 0;
        case 4: return c->control & (c->model->has_fpu ? 7u : 3u);
        }
    }
    return 0;
}

HANDLER(mrs)
{
    c->r[i->rd] = read_special(c, i->imm);
    NEXT();
}

static void write_masks(struct cpu *c, unsigned sysm, uint32_t v)
{
    switch (sysm & 7) {
    case 0: c->primask = v & 1; break;
    case 1: c->basepri = v & 0xff; break;
    case 2:
        if ((v & 0xff) && ((v & 0xff) < c->basepri || c->basepri == 0))
            c->basepri = v & 0xff;
        break;
    case 3:
        if (c->ipsr != EXC_NMI && c->ipsr != EXC_HARDFAULT)
            c->faultmask = v & 1;
        break;
    case 4: {
        uint32_t ctl = (c->control & ~1u) | (v & 1);
        if (c->ipsr == 0)
            ctl = (ctl & ~2u) | (v & 2);
        if (c->model->has_fpu)
            ctl = (ctl & ~4u) | (v & 4);
        cpu_set_control(c, ctl);
        break;
    }
    }
}

HANDLER(msr)
{
    uint32_t v = c->r[i->rn];
    unsigned sysm = i->imm, mask = i->imm2;
    if ((sysm >> 3) == 0 && !(sysm & 4)) { /* APSR: mask<1> NZCVQ, mask<0> GE */
        if (mask & 2) {
            c->n = v >> 31; c->z = v >> 30 & 1; c->c = v >> 29 & 1;
            c->v = v >> 28 & 1; c->q = v >> 27 & 1;
        }
        if (mask & 1)
            c->ge = v >> 16 & 0xf;
    } else if (cpu_privileged(c)) {
        if ((sysm >> 3) == 1) {
            if ((sysm & 7) == 0) cpu_set_sp_main(c, v);
            else if ((sysm & 7) == 1) cpu_set_sp_process(c, v);
        } else if ((sysm >> 3) == 2) {
            write_masks(c, sysm, v);
        }
    }
    cpu_request_exit(c); /* masks changed: pending interrupts may now run */
    NEXT();
}

/* CPS (B5.2.1): effect only when privileged; FAULTMASK not in NMI/HardFault. */
HANDLER(cps)
{
    if (cpu_privileged(c)) {
        uint32_t v = i->imm2 ? 0 : 1; /* imm2: 1 for enable (clear mask) */
        if (i->imm & 2)
            c->primask = v;
        if ((i->imm & 1) && (v == 0 || (c->ipsr != EXC_NMI && c->ipsr != EXC_HARDFAULT)))
            c->faultmask = v;
    }
    cpu_request_exit(c);
    NEXT();
}

/* ---- decoding ---- */

static bool d_b_t1(struct insn *i, const uint32_t *f)
{
    i->cond = (uint8_t)f[F_cond];
    i->imm = i->addr + 4 + sign_extend(f[F_imm8] << 1, 9);
    i->fn = b_cond_fn[i->cond & 15u];
    return true;
}

static bool d_b_t2(struct insn *i, const uint32_t *f)
{
    i->imm = i->addr + 4 + sign_extend(f[F_imm11] << 1, 12);
    i->fn = b_always;
    return true;
}

static bool d_b_t3(struct insn *i, const uint32_t *f)
{
    if ((f[F_cond] >> 1) == 7) /* branches and miscellaneous control */
        return false;
    uint32_t off = f[F_S] << 20 | f[F_J2] << 19 | f[F_J1] << 18 | f[F_imm6] << 12 | f[F_imm11] << 1;
    i->cond = (uint8_t)f[F_cond];
    i->imm = i->addr + 4 + sign_extend(off, 21);
    i->fn = b_cond_fn[i->cond & 15u];
    return true;
}

/* T4 and BL: I1 = NOT(J1 XOR S), I2 = NOT(J2 XOR S). */
static uint32_t t4_target(const struct insn *i, const uint32_t *f)
{
    uint32_t i1 = !(f[F_J1] ^ f[F_S]), i2 = !(f[F_J2] ^ f[F_S]);
    uint32_t off = f[F_S] << 24 | i1 << 23 | i2 << 22 | f[F_imm10] << 12 | f[F_imm11] << 1;
    return i->addr + 4 + sign_extend(off, 25);
}

static bool d_b_t4(struct insn *i, const uint32_t *f)
{
    i->imm = t4_target(i, f);
    i->fn = b_always;
    return true;
}

static bool d_bl(struct insn *i, const uint32_t *f)
{
    i->imm = t4_target(i, f);
    i->fn = bl;
    return true;
}

static bool d_bx(struct insn *i, const uint32_t *f)
{
    i->rm = (uint8_t)f[F_Rm];
    i->fn = f[F_L] ? blx : bx;
    return f[F_Rm] != 15 || !f[F_L];
}

static bool d_cbz(struct insn *i, const uint32_t *f)
{
    i->rn = (uint8_t)f[F_Rn];
    i->imm = i->addr + 4 + (f[F_i] << 6 | f[F_imm5] << 1);
    i->imm2 = (uint8_t)f[F_op];
    i->fn = cbz;
    return true;
}

static bool d_it(struct insn *i, const uint32_t *f)
{
    i->imm = f[F_firstcond] << 4 | f[F_mask];
    i->fn = it;
    return true;
}

/* Hints by number (A5.2.5 / A5.3.4): NOP, YIELD, WFE, WFI, SEV; DBG and
 * unallocated hints execute as NOP. */
static bool d_hint(struct insn *i, const uint32_t *f)
{
    static const insn_fn hints[5] = { nop, nop, wfe, wfi, sev };
    unsigned op = i->hw == 1 ? f[F_op] : f[F_imm8];
    i->fn = op < 5 ? hints[op] : nop;
    i->kind = (uint8_t)(op == 2 || op == 3 ? K_HINT_SLEEP : K_NOP);
    return true;
}

static bool d_barrier(struct insn *i, const uint32_t *f)
{
    switch (f[F_op]) {
    case 0x2: i->fn = clrex; i->kind = K_NOP; return true;
    case 0x4: case 0x5: case 0x6: i->fn = nop; return true; /* DSB DMB ISB */
    default: return false;
    }
}

static bool d_mrs(struct insn *i, const uint32_t *f)
{
    i->rd = (uint8_t)f[F_Rd];
    i->imm = f[F_sysm];
    i->fn = mrs;
    return true;
}

static bool d_msr(struct insn *i, const uint32_t *f)
{
    i->rn = (uint8_t)f[F_Rn];
    i->imm = f[F_sysm];
    i->imm2 = (uint8_t)f[F_mask];
    i->fn = msr;
    return true;
}

static bool d_cps(struct insn *i, const uint32_t *f)
{
    i->imm = f[F_I] << 1 | f[F_F];
    i->imm2 = f[F_im] == 0; /* CPSIE */
    i->fn = cps;
    return true;
}

static bool d_bkpt(struct insn *i, const uint32_t *f)
{
    i->imm = f[F_imm8];
    i->fn = bkpt;
    return true;
}

static bool d_svc(struct insn *i, const uint32_t *f)
{
    i->imm = f[F_imm8];
    i->fn = svc;
    return true;
}

static bool d_udf(struct insn *i, const uint32_t *f)
{
    (void)f;
    i->fn = exec_undefined;
    return true;
}

static const struct pattern patterns[] = {
    /* 16-bit */
    { "{b16} 11011110 imm8:8",                    d_udf,  "UDF T1",            K_UNDEF, 0 },
    { "{b16} 11011111 imm8:8",                    d_svc,  "SVC T1",            K_SVC, 0 },
    { "{b16} 1101 cond:4 imm8:8",                 d_b_t1, "B<c> T1",           K_BRANCH_COND, 0 },
    { "11100 imm11:11",                     d_b_t2, "B T2",              K_BRANCH, 0 },
    { "01000111 L:1 Rm:4 (0)(0)(0)",          d_bx,   "BX/BLX (register)", K_BX, 0 },
    { "1011 op:1 0 i:1 1 imm5:5 Rn:3",      d_cbz,  "CBZ/CBNZ",          K_BRANCH_COND, 0 },
    { "10110110011 im:1 (0)(0) I:1 F:1",    d_cps,  "CPS",               K_SYS, 0 },
    { "10111110 imm8:8",                    d_bkpt, "BKPT",              K_BKPT, 0 },
    { "{it} 10111111 op:4 0000",                 d_hint, "hints T1",          K_NOP, 0 },
    { "{it} 10111111 firstcond:4 mask:4",        d_it,   "IT",                K_IT, 0 },
    /* 32-bit: branches and miscellaneous control (A5.3.4) */
    { "{b32cond} 11110 011 100 (0) Rn:4 | 10 (0) 0 mask:2 (0)(0) sysm:8", d_msr, "MSR", K_MSR, 0 },
    { "{b32cond} 11110 011 1010 (1)(1)(1)(1) | 10 (0) 0 (0) 000 imm8:8", d_hint, "hints T2", K_NOP, 0 },
    { "{b32cond} 11110 011 1011 (1)(1)(1)(1) | 10 (0) 0 (1)(1)(1)(1) op:4 imm4:4", d_barrier, "CLREX/DSB/DMB/ISB", K_BARRIER, 0 },
    { "{b32cond} 11110 011 111 (0) (1)(1)(1)(1) | 10 (0) 0 Rd:4 sysm:8", d_mrs, "MRS", K_MRS, 0 },
    { "{b32cond} 111101111111 imm4:4 | 1010 imm12:12", d_udf, "UDF T2", K_UNDEF, 0 },
    { "{b32cond} 11110 S:1 cond:4 imm6:6 | 10 J1:1 0 J2:1 imm11:11", d_b_t3, "B<c> T3", K_BRANCH_COND, 0 },
    { "11110 S:1 imm10:10 | 10 J1:1 1 J2:1 imm11:11", d_b_t4, "B T4", K_BRANCH, 0 },
    { "11110 S:1 imm10:10 | 11 J1:1 1 J2:1 imm11:11", d_bl, "BL", K_BL, 0 },
};

PATTERN_SET(isa_branch_patterns, patterns);
