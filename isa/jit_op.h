/* What the translator (isa/jit.c) needs to know of a decoded instruction:
 * its operation in a form independent of the handler that runs it. Each
 * class file that owns translatable handlers says which of its handlers
 * mean what (dp_jit_op, ls_jit_op, mul_jit_op), so the translator never
 * compares handler addresses of another file. An instruction none of them
 * describes is run by its handler, from the translated code. */
#ifndef TTEMU_ISA_JIT_OP_H
#define TTEMU_ISA_JIT_OP_H

#include <stdbool.h>
#include <stdint.h>

#include "isa/insn.h"

enum jit_kind { JK_NONE, JK_ALU, JK_LOAD, JK_STORE, JK_MUL, JK_EXTEND, JK_BITFIELD, JK_BRANCH, JK_IT };

/* JK_ALU: rd = rn OP op2, op2 = imm or Shift(rm, shift_t, shift_n). */
enum jit_alu {
    JA_AND, JA_BIC, JA_ORR, JA_ORN, JA_EOR, JA_MOV, JA_MVN, /* logical */
    JA_ADD, JA_ADC, JA_SUB, JA_SBC, JA_RSB,                 /* arithmetic */
};

/* JK_MUL (isa/mul.c field use). */
enum jit_mul { JM_MUL, JM_MULS, JM_MLA, JM_MLS, JM_SMULXY, JM_SMLAXY };

/* JK_EXTEND: rd = [rn +] Extend(ROR(rm, shift_n)). */
enum jit_extend { JE_UXTB, JE_UXTH, JE_SXTB, JE_SXTH };

/* JK_BITFIELD. */
enum jit_bitfield { JB_UBFX, JB_SBFX };

/* JK_IT: the IT instruction (ITSTATE in imm). JK_BRANCH: direct branches, target in imm (isa/branch.c): B, BL, B<c>
 * (cond), CBZ/CBNZ (imm2: 1 for CBNZ). */
enum jit_branch { JBR_B, JBR_BL, JBR_BCOND, JBR_CBZ };

/* JK_LOAD / JK_STORE addressing (isa/ls.c): [rn, #imm], a literal at imm,
 * [rn, rm, LSL #shift_n], pre-indexed and post-indexed with write-back. */
enum jit_mode { JMODE_IMM, JMODE_LIT, JMODE_REG, JMODE_PRE, JMODE_POST };

struct jit_op {
    uint8_t kind;     /* enum jit_kind */
    uint8_t op;       /* enum jit_alu / jit_mul / jit_extend / jit_bitfield / jit_branch */
    bool reg;         /* JK_ALU: the second operand is a (shifted) register */
    bool setflags;    /* JK_ALU: sets N and Z (C and V as the operation does) */
    bool accumulate;  /* JK_EXTEND: adds rn */
    uint8_t size;     /* JK_LOAD/JK_STORE: bytes */
    bool sign;        /* JK_LOAD: sign-extends */
    uint8_t mode;     /* JK_LOAD/JK_STORE: enum jit_mode */
    insn_fn general;  /* JK_LOAD/JK_STORE: the handler for what the inline
                         path does not take (unaligned, no host page, MMIO) */
};

bool dp_jit_op(const struct insn *i, struct jit_op *o);
bool ls_jit_op(const struct insn *i, struct jit_op *o);
bool mul_jit_op(const struct insn *i, struct jit_op *o);
bool branch_jit_op(const struct insn *i, struct jit_op *o);

#endif
