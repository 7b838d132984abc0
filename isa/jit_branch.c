/* Translated direct branches (B, BL, B<c>, CB(N)Z to a target in the
 * branch's code page), and the entry of the next block from host code.
 *
 * A branch does what its handler does (isa/branch.c): the taken or
 * fall-through cost, on the M7 the BTAC's lookup and update with its
 * mispredict penalty or the pairing with the target (btac_fold), and
 * cpu_enter's entry cost at the target. Then, instead of returning the
 * next instruction to the run loop, it makes the loop's own test (the
 * next block formed, and its cycles plus bound before the deadline),
 * charges that block and jumps to its entry. At most JIT_CHAIN_BLOCKS
 * blocks chain between two visits of the run loop (cpu.jit_chain), so
 * that handlers compiled without tail calls, which the chain runs
 * through, leave a bounded stack. */
#include "isa/codecache.h"
#include "isa/cpu.h"
#include "isa/jit_op.h"
#include "isa/jit_x86.h"
#include "isa/mem.h"

#define OFF_I(f) offsetof(struct insn, f)

bool jit_branch_ok(const struct insn *i)
{
    return ((i->imm ^ i->addr) >> BUS_PAGE_BITS) == 0;
}

static const struct insn *target_of(const struct insn *i)
{
    return i + ((int32_t)(i->imm - i->addr) >> 1);
}

/* The run loop's block entry (isa/cpu.c run_loop) at n, else n back to
 * the loop. A block formed already keeps its blk_* fields for its page's
 * life (and this code lives no longer), so they are constants here; a
 * translated entry is jumped to directly (no entry is patched while host
 * code runs: cpu_block_resume and cpu_run_alone patch a successor inside
 * the block they run, and restore it before another block starts). */
void jit_enter_block(struct as *a, const struct insn *n, const struct jit *j)
{
    mov_ri64(a, RSI, (uint64_t)(uintptr_t)n);
    u8(a, 0x83), at_cpu(a, G_SUB, OFF(jit_chain)), u8(a, 1); /* sub dword [chain], 1 */
    uint8_t *spent = jcc32(a, CC_B), *unformed = NULL;
    bool formed = n->blk_n != 0 && !cc_undecoded(n);
    if (formed) {
        op64_mem(a, 0x8b, RDX, RDI, OFF(cycles));           /* mov rdx, [cycles] */
        rex(a, true, RCX, RDX), u8(a, 0x8d), u8(a, 0x8a), u32(a, n->blk_lim); /* lea rcx, [rdx + lim] */
    } else {
        ldb_insn(a, RAX, OFF_I(blk_n));
        test_rr(a, RAX);
        unformed = jcc32(a, CC_Z);
        ldw_insn(a, RCX, OFF_I(blk_lim));
        op64_mem(a, 0x8b, RDX, RDI, OFF(cycles));
        rex(a, true, RDX, RCX), u8(a, 0x01), u8(a, 0xd1); /* add rcx, rdx */
    }
    op64_mem(a, 0x3b, RCX, RDI, OFF(deadline));    /* cmp rcx, [deadline] */
    uint8_t *late = jcc32(a, CC_AE);
    if (formed) {
        rex(a, true, 0, RDX), u8(a, 0x81), u8(a, 0xc2), u32(a, n->blk_cyc); /* add rdx, cyc */
        op64_mem(a, 0x89, RDX, RDI, OFF(cycles));
        add64_imm(a, OFF(insns), n->blk_n);
    } else {
        ldw_insn(a, RCX, OFF_I(blk_cyc));
        rex(a, true, RCX, RDX), u8(a, 0x01), u8(a, 0xca); /* add rdx, rcx */
        op64_mem(a, 0x89, RDX, RDI, OFF(cycles));
        op64_mem(a, 0x01, RAX, RDI, OFF(insns));       /* add [insns], rax */
    }
    op64_mem(a, 0x89, RSI, RDI, OFF(blk_entry));
    if (jit_owns_code(j, n->fn))
        jmp_to(a, (const uint8_t *)(uintptr_t)n->fn);
    else
        u8(a, 0xff), u8(a, 0x26);                  /* jmp [rsi] */
    here(a, unformed), here(a, spent), here(a, late);
    rex(a, true, RSI, RAX), u8(a, 0x89), u8(a, 0xf0); /* mov rax, rsi */
    u8(a, 0xc3);
}

/* rdx = cc_decode_on_demand; flags: whether [rsi] (fn) is it */
static void test_undecoded(struct as *a)
{
    mov_ri64(a, RDX, (uint64_t)(uintptr_t)cc_decode_on_demand);
    op64_mem(a, 0x39, RDX, RSI, 0); /* cmp [rsi], rdx */
}

/* cpu_enter(t): its entry cost, or, not decoded yet, charged when it is.
 * A decoded instruction keeps its costs for its page's life: a constant
 * then, added to the branch's own (extra). */
static void enter_target(struct as *a, const struct insn *t, int extra)
{
    if (!cc_undecoded(t)) {
        add64_imm(a, OFF(cycles), extra + t->cyc_entry_adj);
        return;
    }
    add64_imm(a, OFF(cycles), extra);
    mov_ri64(a, RSI, (uint64_t)(uintptr_t)t);
    test_undecoded(a);
    uint8_t *decoded = jcc32(a, CC_NZ);
    mov32_imm_mem(a, OFF(entry_pending), t->addr | 1);
    uint8_t *done = jmp32_fwd(a);
    here(a, decoded);
    ldsb64_insn(a, RAX, OFF_I(cyc_entry_adj));
    op64_mem(a, 0x01, RAX, RDI, OFF(cycles));
    here(a, done);
}

/* btac_fold: a predicted taken branch pairs with a decoded target that
 * can issue as the younger op: one cycle less (known here once the target
 * is decoded). */
static void fold(struct as *a, const struct insn *i)
{
    const struct insn *t = target_of(i);
    if (!(i->tattr & TA_M7_BR_FOLD))
        return;
    if (!cc_undecoded(t)) {
        if (t->tattr & TA_M7_BR_YOUNG)
            add64_imm(a, OFF(cycles), -1);
        return;
    }
    mov_ri64(a, RSI, (uint64_t)(uintptr_t)t);
    test_undecoded(a);
    uint8_t *undecoded = jcc32(a, CC_Z);
    testb_insn(a, OFF_I(tattr), TA_M7_BR_YOUNG);
    uint8_t *old = jcc32(a, CC_Z);
    add64_imm(a, OFF(cycles), -1);
    here(a, undecoded), here(a, old);
}

#define OFF_BTAC(i, f) \
    (OFF(btac) + ((i)->addr >> 1 & (BTAC_ENTRIES - 1)) * sizeof(struct btac_entry) + offsetof(struct btac_entry, f))

static void btac_set(struct as *a, const struct insn *i)
{
    mov32_imm_mem(a, OFF_BTAC(i, tag), i->addr | 1);
    mov32_imm_mem(a, OFF_BTAC(i, target), i->imm);
    movb_flag(a, OFF_BTAC(i, taken), 1);
}

/* btac_cond for a conditional branch that went `taken`. */
static void btac_outcome(struct as *a, const struct insn *i, bool taken)
{
    bool forward = i->imm > i->addr;
    cmp32_imm_mem(a, OFF_BTAC(i, tag), i->addr | 1);
    uint8_t *miss = jcc32(a, CC_NZ);
    cmpb_flag(a, OFF_BTAC(i, taken), 0); /* the prediction: its last outcome */
    if (taken)
        mov32_imm_mem(a, OFF_BTAC(i, target), i->imm);
    movb_flag(a, OFF_BTAC(i, taken), taken); /* (mov keeps the flags) */
    uint8_t *right = jcc32(a, taken ? CC_NZ : CC_Z);
    uint8_t *wrong = jmp32_fwd(a);
    here(a, miss);
    if (taken)
        btac_set(a, i);
    uint8_t *static_right = NULL, *static_wrong = NULL;
    if (forward == taken) /* static rule: backward taken, forward not */
        static_wrong = jmp32_fwd(a);
    else
        static_right = jmp32_fwd(a);
    here(a, wrong), here(a, static_wrong);
    add64_imm(a, OFF(cycles), i->cyc_mispredict);
    uint8_t *done = jmp32_fwd(a);
    here(a, right), here(a, static_right);
    if (taken)
        fold(a, i);
    here(a, done);
}

/* A jump to the taken path when B<c>'s condition holds, from the host's
 * flags where they hold the last instruction's, else from the flag bytes. */
uint8_t *jit_jump_if_cond(struct as *a, unsigned cond, enum host_flags hf)
{
    /* x86 condition for each ARM one after a subtraction (C = NOT borrow) */
    static const uint8_t after_sub[14] = { 0x4, 0x5, 0x3, 0x2, 0x8, 0x9, 0x0, 0x1,
                                           0x7, 0x6, 0xd, 0xc, 0xf, 0xe };
    bool nz_only = cond <= 1 || cond == 4 || cond == 5; /* EQ NE MI PL */
    bool carry = cond == 2 || cond == 3 || cond == 8 || cond == 9;
    if (hf == HF_SUB || (hf == HF_NZ && nz_only) || (hf == HF_ADD && !carry))
        return jcc32(a, after_sub[cond]);
    if (hf == HF_ADD && (cond == 2 || cond == 3))
        return jcc32(a, cond == 2 ? CC_B : CC_AE);
    static const size_t flag_of[8] = { OFF(z), OFF(z), OFF(c), OFF(c), OFF(n), OFF(n), OFF(v), OFF(v) };
    if (cond < 8) { /* one flag: set (even cond) or clear */
        cmpb_flag(a, flag_of[cond], 0);
        return jcc32(a, cond & 1 ? CC_Z : CC_NZ);
    }
    u8(a, 0x0f), u8(a, 0xb6), at_cpu(a, RAX, OFF(n)); /* movzx eax, byte [n] */
    switch (cond) {
    case 8: case 9: /* HI, LS: C and not Z */
        u8(a, 0x0f), u8(a, 0xb6), at_cpu(a, RAX, OFF(z));
        alu_ri(a, G_XOR, RAX, 1);
        u8(a, 0x22), at_cpu(a, RAX, OFF(c)); /* and al, [c] */
        return jcc32(a, cond == 8 ? CC_NZ : CC_Z);
    case 10: case 11: /* GE, LT: N == V */
        u8(a, 0x3a), at_cpu(a, RAX, OFF(v)); /* cmp al, [v] */
        return jcc32(a, cond == 10 ? CC_Z : CC_NZ);
    default: /* GT, LE: N == V and not Z */
        u8(a, 0x32), at_cpu(a, RAX, OFF(v)); /* xor al, [v] */
        u8(a, 0x0a), at_cpu(a, RAX, OFF(z)); /* or al, [z] */
        return jcc32(a, cond == 12 ? CC_Z : CC_NZ);
    }
}

void jit_emit_branch(struct as *a, const struct jit *j, const struct insn *i,
                     const struct jit_op *o, bool btac, enum host_flags hf)
{
    uint8_t *taken = NULL;
    if (o->op == JBR_BCOND) {
        taken = jit_jump_if_cond(a, i->cond, hf);
    } else if (o->op == JBR_CBZ) {
        cmp32_imm_mem(a, OFF_R(i->rn), 0);
        taken = jcc32(a, i->imm2 ? CC_NZ : CC_Z);
    }
    if (taken) { /* falls through */
        if (btac)
            btac_outcome(a, i, false);
        add64_imm(a, OFF(cycles), i->cyc_nottaken);
        jit_enter_block(a, i + i->hw, j);
        here(a, taken);
        if (btac)
            btac_outcome(a, i, true);
    } else {
        if (o->op == JBR_BL)
            mov32_imm_mem(a, OFF_R(REG_LR), (i->addr + 4) | 1);
        if (btac) { /* btac_direct */
            btac_set(a, i);
            fold(a, i);
        }
    }
    enter_target(a, target_of(i), i->cyc_taken);
    jit_enter_block(a, target_of(i), j);
}
