/* A small x86-64 assembler for the translator (isa/jit.c,
 * isa/jit_branch.c): the instructions it emits, each named for what it
 * does. rdi holds struct cpu * in translated code; at_cpu addresses its
 * fields. Included only by the translator. */
#ifndef TTEMU_ISA_JIT_X86_H
#define TTEMU_ISA_JIT_X86_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "isa/cpu.h"


enum { RAX = 0, RCX = 1, RDX = 2, RSI = 6, RDI = 7, R8 = 8 };
/* x86 condition codes */
enum { CC_O = 0, CC_B = 2, CC_AE = 3, CC_Z = 4, CC_NZ = 5, CC_S = 8 };
/* group-1 ALU: the /digit of 81 and 83, and opcode = digit * 8 + 1 (r/m, r)
 * or + 3 (r, r/m) */
enum { G_ADD = 0, G_OR = 1, G_ADC = 2, G_SBB = 3, G_AND = 4, G_SUB = 5, G_XOR = 6, G_CMP = 7 };
/* group-2 shifts: the /digit of C1 */
enum { S_ROL = 0, S_ROR = 1, S_SHL = 4, S_SHR = 5, S_SAR = 7 };

struct as { uint8_t *p; };

static inline void u8(struct as *a, unsigned x) { *a->p++ = (uint8_t)x; }
static inline void u32(struct as *a, uint32_t x) { memcpy(a->p, &x, 4); a->p += 4; }
static inline void u64(struct as *a, uint64_t x) { memcpy(a->p, &x, 8); a->p += 8; }

static inline void rex(struct as *a, bool w, unsigned reg, unsigned rm)
{
    unsigned r = (w ? 8u : 0u) | (reg >= 8 ? 4u : 0u) | (rm >= 8 ? 1u : 0u);
    if (r)
        u8(a, 0x40 | r);
}

/* ---- [base + disp] for base rdi (struct cpu) or rsi (a struct insn) ---- */

static inline void at_base(struct as *a, unsigned reg, unsigned base, size_t disp)
{
    if (disp < 128) {
        u8(a, 0x40 | (reg & 7) << 3 | base);
        u8(a, (unsigned)disp);
    } else {
        u8(a, 0x80 | (reg & 7) << 3 | base);
        u32(a, (uint32_t)disp);
    }
}
/* ModRM (and displacement) for [rdi + disp]: struct cpu's fields. */
static inline void at_cpu(struct as *a, unsigned reg, size_t disp) { at_base(a, reg, RDI, disp); }

#define OFF_R(k) (offsetof(struct cpu, r) + 4u * (k))
#define OFF(f) offsetof(struct cpu, f)

/* op r32, [rdi + disp] (mov 8B, add 03, sub 2B, imul 0F AF...) */
static inline void op_rm(struct as *a, unsigned opc, unsigned reg, size_t disp)
{
    rex(a, false, reg, RDI);
    if (opc > 0xff)
        u8(a, opc >> 8);
    u8(a, opc & 0xff);
    at_cpu(a, reg, disp);
}
static inline void ld(struct as *a, unsigned reg, unsigned guest) { op_rm(a, 0x8b, reg, OFF_R(guest)); }
static inline void st(struct as *a, unsigned reg, unsigned guest)
{
    rex(a, false, reg, RDI);
    u8(a, 0x89);
    at_cpu(a, reg, OFF_R(guest));
}
/* op r/m32 (dst), r32 (src), register to register */
static inline void op_rr(struct as *a, unsigned opc, unsigned dst, unsigned src)
{
    rex(a, false, src, dst);
    u8(a, opc);
    u8(a, 0xc0 | (src & 7) << 3 | (dst & 7));
}
static inline void alu_rr(struct as *a, unsigned g, unsigned dst, unsigned src) { op_rr(a, g * 8 + 1, dst, src); }
static inline void mov_rr(struct as *a, unsigned dst, unsigned src) { op_rr(a, 0x89, dst, src); }
static inline void test_rr(struct as *a, unsigned r) { op_rr(a, 0x85, r, r); }
static inline void alu_ri(struct as *a, unsigned g, unsigned dst, uint32_t imm)
{
    rex(a, false, 0, dst);
    if ((int32_t)imm >= -128 && (int32_t)imm <= 127) {
        u8(a, 0x83);
        u8(a, 0xc0 | g << 3 | (dst & 7));
        u8(a, imm & 0xff);
    } else {
        u8(a, 0x81);
        u8(a, 0xc0 | g << 3 | (dst & 7));
        u32(a, imm);
    }
}
static inline void shift_ri(struct as *a, unsigned s, unsigned reg, unsigned n)
{
    rex(a, false, 0, reg);
    u8(a, 0xc1);
    u8(a, 0xc0 | s << 3 | (reg & 7));
    u8(a, n);
}
static inline void not_r(struct as *a, unsigned reg) { rex(a, false, 0, reg); u8(a, 0xf7); u8(a, 0xd0 | (reg & 7)); }
static inline void mov_ri(struct as *a, unsigned reg, uint32_t imm) { rex(a, false, 0, reg); u8(a, 0xb8 + (reg & 7)); u32(a, imm); }
static inline void mov_ri64(struct as *a, unsigned reg, uint64_t imm) { rex(a, true, 0, reg); u8(a, 0xb8 + (reg & 7)); u64(a, imm); }
/* movzx/movsx r32, r8/r16 (0F B6, B7, BE, BF); registers below 4 */
static inline void movx(struct as *a, unsigned opc2, unsigned dst, unsigned src)
{
    u8(a, 0x0f);
    u8(a, opc2);
    u8(a, 0xc0 | dst << 3 | src);
}
static inline void setcc_flag(struct as *a, unsigned cc, size_t disp) { u8(a, 0x0f); u8(a, 0x90 + cc); at_cpu(a, 0, disp); }
static inline void movb_flag(struct as *a, size_t disp, unsigned v) { u8(a, 0xc6); at_cpu(a, 0, disp); u8(a, v); }
/* CF = the C flag (cmp C, 1 borrows when C is 0; cmc inverts) */
static inline void carry_in(struct as *a, bool inverted)
{
    u8(a, 0x80);
    at_cpu(a, G_CMP, OFF(c));
    u8(a, 1);
    if (!inverted)
        u8(a, 0xf5);
}
static inline uint8_t *jcc32(struct as *a, unsigned cc)
{
    u8(a, 0x0f);
    u8(a, 0x80 + cc);
    uint8_t *rel = a->p;
    u32(a, 0);
    return rel;
}
static inline void patch32(uint8_t *rel, const uint8_t *target)
{
    int32_t d = (int32_t)(target - (rel + 4));
    memcpy(rel, &d, 4);
}
static inline void jmp_to(struct as *a, const uint8_t *target)
{
    u8(a, 0xe9);
    uint8_t *rel = a->p;
    u32(a, 0);
    patch32(rel, target);
}
/* Continue at insn n by its entry (its handler, or a translation): the
 * jump NEXT() makes, reading n->fn then, as a patched entry needs. */
static inline void jmp_entry(struct as *a, const struct insn *n)
{
    mov_ri64(a, RSI, (uint64_t)(uintptr_t)n);
    u8(a, 0xff); /* jmp qword [rsi]: fn is the first field */
    u8(a, 0x26);
}
static inline void jmp_fn(struct as *a, const struct insn *i, insn_fn fn)
{
    mov_ri64(a, RSI, (uint64_t)(uintptr_t)i);
    mov_ri64(a, RAX, (uint64_t)(uintptr_t)fn);
    u8(a, 0xff); /* jmp rax */
    u8(a, 0xe0);
}


/* op [base + disp] with a 64-bit operand (REX.W), reg in ModRM.reg */
static inline void op64_mem(struct as *a, unsigned opc, unsigned reg, unsigned base, size_t disp)
{
    rex(a, true, reg, base);
    u8(a, opc);
    at_base(a, reg, base, disp);
}
/* add qword [rdi + disp], imm (cycles, insns) */
static inline void add64_imm(struct as *a, size_t disp, int32_t imm)
{
    if (imm == 0)
        return;
    rex(a, true, 0, RDI);
    u8(a, imm >= -128 && imm <= 127 ? 0x83 : 0x81);
    at_cpu(a, G_ADD, disp);
    if (imm >= -128 && imm <= 127)
        u8(a, (unsigned)imm & 0xff);
    else
        u32(a, (uint32_t)imm);
}
static inline void mov32_imm_mem(struct as *a, size_t disp, uint32_t imm) { u8(a, 0xc7); at_cpu(a, 0, disp); u32(a, imm); }
static inline void cmpb_flag(struct as *a, size_t disp, unsigned v) { u8(a, 0x80); at_cpu(a, G_CMP, disp); u8(a, v); }
static inline void cmp32_imm_mem(struct as *a, size_t disp, uint32_t imm) { u8(a, 0x81); at_cpu(a, G_CMP, disp); u32(a, imm); }
/* movzx r32, byte/word [rsi + disp]; movsx r64, byte [rsi + disp] */
static inline void ldb_insn(struct as *a, unsigned reg, size_t disp) { u8(a, 0x0f); u8(a, 0xb6); at_base(a, reg, RSI, disp); }
static inline void ldw_insn(struct as *a, unsigned reg, size_t disp) { u8(a, 0x0f); u8(a, 0xb7); at_base(a, reg, RSI, disp); }
static inline void ldsb64_insn(struct as *a, unsigned reg, size_t disp) { rex(a, true, reg, RSI); u8(a, 0x0f); u8(a, 0xbe); at_base(a, reg, RSI, disp); }
static inline void testb_insn(struct as *a, size_t disp, unsigned v) { u8(a, 0xf6); at_base(a, 0, RSI, disp); u8(a, v); }
static inline uint8_t *jmp32_fwd(struct as *a)
{
    u8(a, 0xe9);
    uint8_t *rel = a->p;
    u32(a, 0);
    return rel;
}
static inline void here(struct as *a, uint8_t *rel) { if (rel) patch32(rel, a->p); }

/* What the host's flags hold after the last translated instruction, for
 * a B<c> right after it (isa/jit_branch.c). */
enum host_flags {
    HF_NONE,  /* nothing known */
    HF_SUB,   /* a subtraction's: ZF SF OF, CF the borrow (ARM's C inverted) */
    HF_ADD,   /* an addition's: ZF SF OF, CF the carry */
    HF_NZ,    /* ZF and SF of the result only (logical operations, MULS) */
};

struct jit;
struct jit_op;
/* A jump, to be patched, taken when ARM condition cond (0-13) holds. */
uint8_t *jit_jump_if_cond(struct as *a, unsigned cond, enum host_flags hf);
/* Whether fn is an entry of j's host code. */
bool jit_owns_code(const struct jit *j, insn_fn fn);
/* The block-ending direct branch i, with the next block entered from the
 * host code where the run loop would enter it (isa/jit_branch.c). */
bool jit_branch_ok(const struct insn *i);
void jit_emit_branch(struct as *a, const struct jit *j, const struct insn *i,
                     const struct jit_op *o, bool btac, enum host_flags hf);
/* The run loop's block entry at n, from host code, else n back to the loop. */
void jit_enter_block(struct as *a, const struct insn *n, const struct jit *j);

#endif
