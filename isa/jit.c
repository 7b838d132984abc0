/* The translating tier for x86-64 hosts (see jit.h).
 *
 * Host code conventions: every translated entry is a function of the
 * handler's shape, called with rdi = struct cpu * (and rsi = the insn,
 * unused). rdi stays c throughout; only caller-saved registers are used
 * (eax, ecx, edx, r8d, rsi) and no stack, so any entry can be jumped to as
 * well as called, and a jump into a handler is that handler's call by our
 * caller. The guest's registers and flags live in struct cpu. */
#include "isa/jit.h"

#include <stdlib.h>
#include <string.h>

#include "isa/alu.h"
#include "isa/cpu.h"
#include "isa/exec.h"
#include "isa/jit_op.h"
#include "isa/jit_x86.h"
#include "isa/mem.h"

#if defined(__x86_64__) && defined(__unix__)
#include <sys/mman.h>
#define JIT_HOST 1
#else
#define JIT_HOST 0
#endif

#define JIT_BYTES (32u << 20)
/* A run is at most 64 instructions of at most about 80 bytes each, plus
 * a slow-path stub each (21 bytes). */
#define JIT_RUN_BYTES (16u << 10)
#define JIT_INSN_MAX_BYTES 1024u /* a branch with the BTAC, the largest, is about 500 */
#define JIT_STUB_BYTES 23u      /* mov rsi, imm64; mov rax, imm64; jmp rax */

struct jit {
    uint8_t *base, *pos, *end;
    size_t bytes;
    unsigned long resets;
};

/* ---- what can be translated ---- */

static bool low(unsigned r) { return r <= 14; }
static bool dest(unsigned r) { return r <= 14 || r == REG_SINK; }

/* A register operand's shift the host's shifts do (1-31, not RRX). */
static bool plain_shift(const struct insn *i)
{
    if (i->shift_n == 0)
        return i->shift_t == SR_LSL;
    return i->shift_t <= SR_ROR && i->shift_n <= 31;
}

static bool describe(const struct insn *i, struct jit_op *o)
{
    if (i->flags & IF_IT) /* describe_in_it */
        return false;
    if (dp_jit_op(i, o)) {
        bool mov = o->op == JA_MOV || o->op == JA_MVN;
        return dest(i->rd) && (mov || low(i->rn)) && (!o->reg || (low(i->rm) && plain_shift(i)));
    }
    if (ls_jit_op(i, o)) {
        bool base = o->mode == JMODE_LIT || low(i->rn);
        return low(i->rd) && base && (o->mode != JMODE_REG || (low(i->rm) && i->shift_n <= 3));
    }
    if (branch_jit_op(i, o))
        return o->kind == JK_IT || (!i->next && jit_branch_ok(i));
    if (mul_jit_op(i, o)) {
        switch (o->kind) {
        case JK_MUL:
            return low(i->rd) && low(i->rn) && low(i->rm) && low(i->ra) &&
                   (o->op < JM_SMULXY || ((i->shift_n == 0 || i->shift_n == 16) &&
                                          (i->imm2 == 0 || i->imm2 == 16)));
        case JK_EXTEND:
            return low(i->rd) && low(i->rm) && (!o->accumulate || low(i->rn)) &&
                   i->shift_n % 8 == 0 && i->shift_n < 32;
        default:
            return low(i->rd) && low(i->rn) && i->shift_n <= 31 && i->imm2 <= 31;
        }
    }
    return false;
}

/* ---- translation of each kind ---- */

static const unsigned shift_op[4] = { S_SHL, S_SHR, S_SAR, S_ROR };

static void emit_alu(struct as *a, const struct insn *i, const struct jit_op *o)
{
    bool logical = o->op <= JA_MVN;
    uint32_t b = i->imm;
    if (o->reg) { /* ecx = Shift(rm) */
        ld(a, RCX, i->rm);
        if (i->shift_n) {
            shift_ri(a, shift_op[i->shift_t], RCX, i->shift_n);
            if (logical && o->setflags)
                setcc_flag(a, CC_B, OFF(c)); /* the shifter's carry out */
        }
    } else if (logical && o->setflags && (i->flags & IF_CARRY)) {
        movb_flag(a, OFF(c), i->imm2);
    }
    if (o->op != JA_MOV && o->op != JA_MVN)
        ld(a, RAX, i->rn);
    /* b negated for BIC and ORN */
    if (o->op == JA_BIC || o->op == JA_ORN) {
        if (o->reg)
            not_r(a, RCX);
        else
            b = ~b;
    }
    static const unsigned group[] = {
        [JA_AND] = G_AND, [JA_BIC] = G_AND, [JA_ORR] = G_OR, [JA_ORN] = G_OR, [JA_EOR] = G_XOR,
        [JA_ADD] = G_ADD, [JA_ADC] = G_ADC, [JA_SUB] = G_SUB, [JA_SBC] = G_SBB,
    };
    switch (o->op) {
    case JA_MOV: case JA_MVN:
        if (o->reg)
            mov_rr(a, RAX, RCX);
        else
            mov_ri(a, RAX, b);
        if (o->op == JA_MVN)
            not_r(a, RAX);
        if (o->setflags)
            test_rr(a, RAX);
        break;
    case JA_RSB:
        if (!o->reg)
            mov_ri(a, RCX, b);
        alu_rr(a, G_SUB, RCX, RAX);
        mov_rr(a, RAX, RCX);
        break;
    default:
        if (o->op == JA_ADC || o->op == JA_SBC)
            carry_in(a, o->op == JA_SBC);
        if (o->reg)
            alu_rr(a, group[o->op], RAX, RCX);
        else
            alu_ri(a, group[o->op], RAX, b);
    }
    if (i->rd != REG_SINK)
        st(a, RAX, i->rd);
    if (!o->setflags)
        return;
    setcc_flag(a, CC_S, OFF(n));
    setcc_flag(a, CC_Z, OFF(z));
    if (logical)
        return;
    setcc_flag(a, o->op == JA_ADD || o->op == JA_ADC ? CC_B : CC_AE, OFF(c));
    setcc_flag(a, CC_O, OFF(v));
}

/* eax = a half of reg, sign-extended: the top one for a shift of 16 */
static void half(struct as *a, unsigned reg, unsigned shift)
{
    if (shift)
        shift_ri(a, S_SAR, reg, 16);
    else
        movx(a, 0xbf, reg, reg);
}

static void emit_mul(struct as *a, const struct insn *i, const struct jit_op *o)
{
    ld(a, RAX, i->rn);
    if (o->op >= JM_SMULXY) {
        half(a, RAX, i->shift_n);
        ld(a, RCX, i->rm);
        half(a, RCX, i->imm2);
        u8(a, 0x0f), u8(a, 0xaf), u8(a, 0xc0 | RAX << 3 | RCX); /* imul eax, ecx */
    } else {
        op_rm(a, 0x0faf, RAX, OFF_R(i->rm));
    }
    switch (o->op) {
    case JM_MLA:
        op_rm(a, G_ADD * 8 + 3, RAX, OFF_R(i->ra));
        break;
    case JM_MLS:
        ld(a, RCX, i->ra);
        alu_rr(a, G_SUB, RCX, RAX);
        mov_rr(a, RAX, RCX);
        break;
    case JM_SMLAXY: /* Q is sticky: or the overflow of the accumulation in */
        op_rm(a, G_ADD * 8 + 3, RAX, OFF_R(i->ra));
        u8(a, 0x0f), u8(a, 0x90), u8(a, 0xc2); /* seto dl */
        u8(a, 0x08), at_cpu(a, RDX, OFF(q)); /* or [q], dl */
        break;
    default:
        break;
    }
    st(a, RAX, i->rd);
    if (o->op == JM_MULS) {
        test_rr(a, RAX);
        setcc_flag(a, CC_S, OFF(n));
        setcc_flag(a, CC_Z, OFF(z));
    }
}

static void emit_extend(struct as *a, const struct insn *i, const struct jit_op *o)
{
    static const unsigned opc[] = { [JE_UXTB] = 0xb6, [JE_UXTH] = 0xb7, [JE_SXTB] = 0xbe, [JE_SXTH] = 0xbf };
    ld(a, RCX, i->rm);
    if (i->shift_n)
        shift_ri(a, S_ROR, RCX, i->shift_n);
    movx(a, opc[o->op], RCX, RCX);
    if (o->accumulate)
        op_rm(a, G_ADD * 8 + 3, RCX, OFF_R(i->rn));
    st(a, RCX, i->rd);
}

static void emit_bitfield(struct as *a, const struct insn *i, const struct jit_op *o)
{
    ld(a, RAX, i->rn);
    if (o->op == JB_UBFX) {
        if (i->shift_n)
            shift_ri(a, S_SHR, RAX, i->shift_n);
        alu_ri(a, G_AND, RAX, i->imm);
    } else {
        if (i->shift_n)
            shift_ri(a, S_SHL, RAX, i->shift_n);
        if (i->imm2)
            shift_ri(a, S_SAR, RAX, i->imm2);
    }
    st(a, RAX, i->rd);
}

/* Loads and stores: the inline path of the fast handlers (an aligned
 * access to a page with a host pointer); anything else jumps to *slow,
 * which the caller points at a stub entering the general handler. */
static void emit_mem(struct as *a, const struct insn *i, const struct jit_op *o, uint8_t **slow)
{
    bool load = o->kind == JK_LOAD, wback = o->mode == JMODE_PRE || o->mode == JMODE_POST;
    if (o->mode == JMODE_LIT) {
        mov_ri(a, RAX, i->imm);
    } else {
        ld(a, RAX, i->rn);
        if (o->mode == JMODE_REG) {
            ld(a, RCX, i->rm);
            if (i->shift_n)
                shift_ri(a, S_SHL, RCX, i->shift_n);
            alu_rr(a, G_ADD, RAX, RCX);
        } else if (o->mode != JMODE_POST && i->imm) {
            alu_ri(a, G_ADD, RAX, i->imm);
        }
    }
    mov_rr(a, RCX, RAX);
    shift_ri(a, S_SHR, RCX, BUS_PAGE_BITS);
    rex(a, true, RDX, RDI), u8(a, 0x8b), at_cpu(a, RDX, load ? OFF(rmap) : OFF(wmap));
    u8(a, 0x48), u8(a, 0x8b), u8(a, 0x14), u8(a, 0xca); /* mov rdx, [rdx + rcx * 8] */
    u8(a, 0x48), u8(a, 0x85), u8(a, 0xd2);              /* test rdx, rdx */
    slow[0] = jcc32(a, CC_Z);
    slow[1] = NULL;
    if (o->size > 1) {
        u8(a, 0xa8), u8(a, o->size - 1u); /* test al, size - 1 */
        slow[1] = jcc32(a, CC_NZ);
    }
    if (wback)
        mov_rr(a, R8, RAX);
    u8(a, 0x25), u32(a, BUS_PAGE_SIZE - 1); /* and eax, page offset */
    if (load) {
        if (o->size == 4)
            u8(a, 0x8b);
        else
            u8(a, 0x0f), u8(a, o->size == 2 ? (o->sign ? 0xbf : 0xb7) : (o->sign ? 0xbe : 0xb6));
        u8(a, 0x04), u8(a, 0x02); /* eax, [rdx + rax] */
    } else {
        ld(a, RCX, i->rd);
        if (o->size == 2)
            u8(a, 0x66);
        u8(a, o->size == 1 ? 0x88 : 0x89), u8(a, 0x0c), u8(a, 0x02); /* [rdx + rax], ecx/cx/cl */
    }
    if (wback) { /* the base first: a load to the same register wins */
        if (o->mode == JMODE_POST && i->imm)
            alu_ri(a, G_ADD, R8, i->imm);
        st(a, R8, i->rn);
    }
    if (load)
        st(a, RAX, i->rd);
}

/* ---- runs ---- */

struct jit *jit_create(void)
{
    const char *env = getenv("TTEMU_JIT");
    if (!JIT_HOST || (env && strcmp(env, "0") == 0))
        return NULL;
#if JIT_HOST
    /* TTEMU_JIT_KIB: a smaller buffer, so that tests reach its reset */
    const char *kib = getenv("TTEMU_JIT_KIB");
    size_t bytes = kib ? (size_t)strtoul(kib, NULL, 10) << 10 : JIT_BYTES;
    if (bytes < 2 * JIT_RUN_BYTES || bytes > JIT_BYTES)
        bytes = kib ? 2 * JIT_RUN_BYTES : JIT_BYTES;
    void *m = mmap(NULL, bytes, PROT_READ | PROT_WRITE | PROT_EXEC,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (m == MAP_FAILED)
        return NULL;
    struct jit *j = calloc(1, sizeof *j);
    if (!j) {
        munmap(m, bytes);
        return NULL;
    }
    j->base = j->pos = m;
    j->bytes = bytes;
    j->end = j->base + bytes;
    return j;
#else
    return NULL;
#endif
}

void jit_destroy(struct jit *j)
{
    if (!j)
        return;
#if JIT_HOST
    munmap(j->base, j->bytes);
#endif
    free(j);
}

void jit_range(const struct jit *j, uintptr_t *lo, size_t *size)
{
    *lo = j ? (uintptr_t)j->base : 0;
    *size = j ? j->bytes : 0;
}

bool jit_owns_code(const struct jit *j, insn_fn fn)
{
    return (uintptr_t)fn - (uintptr_t)j->base < j->bytes;
}

bool jit_has_room(const struct jit *j) { return (size_t)(j->end - j->pos) >= JIT_RUN_BYTES; }

void jit_reset(struct jit *j)
{
    j->pos = j->base;
    j->resets++;
}

unsigned long jit_resets(const struct jit *j) { return j ? j->resets : 0; }

static void emit_one_body(struct as *a, const struct insn *i, const struct jit_op *o, uint8_t **slow)
{
    switch (o->kind) {
    case JK_ALU: emit_alu(a, i, o); break;
    case JK_MUL: emit_mul(a, i, o); break;
    case JK_EXTEND: emit_extend(a, i, o); break;
    case JK_BITFIELD: emit_bitfield(a, i, o); break;
    default: emit_mem(a, i, o, slow); break;
    }
}

/* Emits i; returns what the host's flags hold after it. */
static enum host_flags emit_one(struct as *a, const struct jit *j, const struct insn *i,
                                const struct jit_op *o, uint8_t **slow, bool btac,
                                enum host_flags hf)
{
    switch (o->kind) {
    case JK_ALU:
        emit_alu(a, i, o);
        if (!o->setflags)
            return HF_NONE;
        if (o->op <= JA_MVN)
            return HF_NZ;
        return o->op == JA_ADD || o->op == JA_ADC ? HF_ADD : HF_SUB;
    case JK_MUL:
        emit_mul(a, i, o);
        return o->op == JM_MULS ? HF_NZ : HF_NONE;
    case JK_EXTEND: emit_extend(a, i, o); return HF_NONE;
    case JK_BITFIELD: emit_bitfield(a, i, o); return HF_NONE;
    case JK_BRANCH: jit_emit_branch(a, j, i, o, btac, hf); return HF_NONE;
    case JK_IT: movb_flag(a, OFF(itstate), i->imm); return hf; /* (a mov keeps the flags) */
    default: emit_mem(a, i, o, slow); return HF_NONE;
    }
}

/* An instruction inside an IT block, run by exec_in_it (isa/codecache.c):
 * its own operation as describe sees it, when translatable. */
static bool describe_in_it(const struct insn *i, struct jit_op *o)
{
    if (!(i->flags & IF_IT) || (i->flags & IF_SPMASK)) /* SP-masked: another wrapper */
        return false;
    struct insn t = *i;
    t.fn = i->inner;
    t.flags &= (uint8_t)~IF_IT;
    return describe(&t, o) && o->kind != JK_BRANCH && o->kind != JK_IT;
}

/* exec_in_it for an instruction that expects ITSTATE it (the IT
 * instruction before it in this run set it): anything else (an exception
 * return into the block) takes the wrapper, at *fallback. Otherwise
 * ITAdvance, and the condition decides whether the body runs. */
static void emit_in_it(struct as *a, const struct insn *i, const struct jit_op *o, unsigned it,
                       uint8_t **slow, uint8_t **fallback)
{
    cmpb_flag(a, OFF(itstate), it);
    *fallback = jcc32(a, CC_NZ);
    movb_flag(a, OFF(it_prev), it);
    movb_flag(a, OFF(itstate), it_advance((uint8_t)it));
    uint8_t *skip = (it >> 4) < 14 ? jit_jump_if_cond(a, (it >> 4) ^ 1u, HF_NONE) : NULL;
    emit_one_body(a, i, o, slow);
    here(a, skip);
}

void jit_translate(struct jit *j, struct insn *const *run, unsigned n, const struct insn *tail,
                   bool btac)
{
    if (n == 0)
        return;
    struct as a = { j->pos };
    struct jit_op op[n];
    uint8_t *entry[n];       /* where insn k's translation starts, if an entry */
    uint8_t *slow[n][3];     /* jumps to its general handler, or to its IT wrapper ([2]) */
    insn_fn wrapper[n];
    bool prev_translated = false;
    enum host_flags hf = HF_NONE;
    int it = -1; /* the ITSTATE the next instruction finds, where known */
    for (unsigned k = 0; k < n; k++) {
        const struct insn *i = run[k];
        entry[k] = NULL;
        slow[k][0] = slow[k][1] = slow[k][2] = NULL;
        wrapper[k] = i->fn;
        bool in_it = (i->flags & IF_IT) != 0;
        /* (JIT_RUN_BYTES holds a run; this only guards the stubs' room) */
        bool room = (size_t)(j->end - a.p) >= JIT_INSN_MAX_BYTES + 2u * n * JIT_STUB_BYTES;
        if (!room || (in_it ? !(it > 0 && describe_in_it(i, &op[k])) : !describe(i, &op[k]))) {
            if (prev_translated) /* its handler chains on (NEXT) */
                jmp_entry(&a, i);
            prev_translated = false;
            it = -1;
            continue;
        }
        uint8_t *start = a.p;
        enum host_flags in = prev_translated ? hf : HF_NONE;
        if (in_it) { /* inner keeps the real handler for the wrapper: not an entry */
            emit_in_it(&a, i, &op[k], (unsigned)it, slow[k], &slow[k][2]);
            it = it_advance((uint8_t)it);
            hf = HF_NONE;
        } else {
            hf = emit_one(&a, j, i, &op[k], slow[k], btac, in);
            it = op[k].kind == JK_IT ? (int)i->imm : 0;
            /* a branch reading the host's flags cannot be entered alone */
            if (op[k].kind != JK_BRANCH || in == HF_NONE)
                entry[k] = start;
        }
        prev_translated = true;
        if (op[k].kind == JK_BRANCH) /* it left the block itself */
            continue;
        if (!i->next) /* a block's end at a 128-byte chunk: the next block from here */
            jit_enter_block(&a, i + i->hw, j);
        else if (k + 1 == n && tail && jit_owns_code(j, tail->fn))
            jmp_to(&a, (const uint8_t *)(uintptr_t)tail->fn); /* into the part formed before */
        else if (k + 1 == n)
            jmp_entry(&a, i->next);
    }
    for (unsigned k = 0; k < n; k++) { /* off the inline path: the general handler */
        if (slow[k][0] || slow[k][1]) {
            here(&a, slow[k][0]), here(&a, slow[k][1]);
            jmp_fn(&a, run[k], op[k].general);
        }
        if (slow[k][2]) {
            here(&a, slow[k][2]);
            jmp_fn(&a, run[k], wrapper[k]);
        }
    }
    for (unsigned k = 0; k < n; k++) {
        if (!entry[k])
            continue;
        run[k]->inner = run[k]->fn;
        run[k]->fn = (insn_fn)(uintptr_t)entry[k];
    }
    j->pos = a.p;
}
