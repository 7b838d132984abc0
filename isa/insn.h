/* The predecoded instruction: what the decoder produces once per address
 * and the run loop executes many times.
 *
 * A handler receives its own insn and returns the next one to run: for
 * straight-line code that is `i + i->hw` (entries are laid out one per
 * halfword within a code page, and every page ends with a sentinel that
 * looks up the next page), for a branch it is cpu_goto(). Inside a block
 * NEXT() runs the next handler itself and returns what the block's last
 * instruction returns. */
#ifndef TTEMU_ISA_INSN_H
#define TTEMU_ISA_INSN_H

#include <stdint.h>

struct cpu;
struct insn;
typedef const struct insn *(*insn_fn)(struct cpu *c, const struct insn *i);

/* Timing classes: the core models (isa/timing.c) map each to a static cost
 * and handlers add the dynamic part (wait states, taken branches...). */
enum insn_kind {
    K_ALU, K_ALU_SHIFT_REG, K_MOV, K_CMP, K_BRANCH, K_BRANCH_COND, K_BL, K_BX,
    K_TBB, K_LOAD, K_STORE, K_LOAD_PC, K_LDM, K_STM, K_LDRD, K_STRD,
    K_MUL, K_MUL_LONG, K_MAC, K_MAC_LONG, K_DIV, K_DSP, K_SAT, K_BITFIELD,
    K_EXTEND, K_IT, K_NOP, K_BARRIER, K_SYS, K_MRS, K_MSR, K_HINT_SLEEP,
    K_EXCL_LOAD, K_EXCL_STORE, K_BKPT, K_SVC, K_UNDEF,
    K_FP_ALU, K_FP_MUL, K_FP_MAC, K_FP_DIV, K_FP_SQRT, K_FP_MOV, K_FP_CVT,
    K_FP_CMP, K_FP_LOAD, K_FP_STORE, K_FP_LDM, K_FP_STM, K_FP_SYS,
    K_FP_DP_ALU, K_FP_DP_MUL, K_FP_DP_MAC, K_FP_DP_DIV, K_FP_DP_SQRT,
    K_COUNT
};

/* Bits of insn.flags, for handlers shared by several addressing forms. */
enum {
    IF_INDEX = 1 << 0, /* P: offset applied before the access */
    IF_ADD   = 1 << 1, /* U: offset added (else subtracted) */
    IF_WBACK = 1 << 2, /* W: base register written back */
    IF_IT    = 1 << 3, /* decoded as part of an IT block */
    IF_SETFL = 1 << 4, /* S: sets flags (where a handler is shared) */
    IF_CARRY = 1 << 5, /* modified immediate with a carry-out (value in imm2) */
    IF_SPMASK = 1 << 6, /* writes SP: clear bits [1:0] after (B1.4.7, R[] assignment) */
    IF_REGOFF = 1 << 7, /* single load/store with a register offset (timing: M4 store pipelining) */
};

/* Bits of insn.tattr: timing attributes the decoder knows from the encoding,
 * so isa/timing.c never re-decodes raw bits. */
enum {
    TA_SHIFTER = 1 << 0, /* uses the M7's single EX1 shifter (an ALU form with a real shift
                            or a modified immediate wider than 8 bits) */
    TA_SUBWORD = 1 << 1, /* a byte or halfword load (LDRB/LDRSB/LDRH/LDRSH, LDREXB/H): on
                            the M7 its result comes a cycle later than a word load's */
    TA_FLAGS   = 1 << 2, /* sets the NZCV flags (the M7's mispredict costs more when a
                            B<c>'s flags were set just before it) */
    TA_EARLY_ALU = 1 << 3, /* ADD/SUB/MOV with no shift and a plain immediate or register:
                              on the M7 it can execute in the early ALU, its result ready
                              for an address or shifter input the next cycle */
    TA_M7_BR_YOUNG = 1 << 4, /* set by isa/timing.c: can issue as the younger op beside a
                                branch on the M7 (the predicted taken branch's target) */
    TA_M7_BR_FOLD = 1 << 5,  /* set by isa/timing.c on an M7 branch: a correctly predicted
                                taken branch issues together with its target */
    TA_IMMOFF  = 1 << 6, /* single load/store addressed [Rn, #imm], imm the offset, no
                            write-back (the M7's two load banks: isa/timing.c) */
};

struct insn {
    insn_fn fn;        /* handler (or the IT-condition wrapper) */
    insn_fn inner;     /* the real handler when fn is a wrapper (IT block, SP write) */
    uint32_t addr;     /* address of this instruction */
    uint32_t imm;      /* immediate, offset, precomputed target or register list */
    uint8_t rd, rn, rm, ra; /* operands; ra doubles as Rt2/RdHi */
    uint8_t hw;        /* size in halfwords: 1 or 2 */
    uint8_t cond;      /* condition for B<c> and inside IT (14 = always) */
    uint8_t shift_t;   /* SRType: 0 LSL, 1 LSR, 2 ASR, 3 ROR, 4 RRX */
    union {            /* (shares the byte: the line holds 64 bytes exactly) */
        uint8_t shift_n;   /* shift amount */
        uint8_t cyc_regs;  /* LDM/STM: cycles the handler adds for the register list,
                              set at decode: the M4's N (TRM 1+N; isa/ls.c), the M7's
                              ceil(N/2) - 1 (isa/timing.c) */
    };
    uint8_t imm2;      /* second small immediate (lsb/width, rotation, carry-out...) */
    uint8_t kind;      /* enum insn_kind */
    uint8_t cyc;       /* static cycles, from the core's timing model */
    uint8_t flags;     /* IF_* */
    uint16_t rmask;    /* core registers read (timing dependencies) */
    uint16_t wmask;    /* core registers written */
    uint32_t raw;      /* the encoding: hw1 (16-bit) or hw1<<16 | hw2 */
    uint8_t cyc_taken;    /* extra cycles when a branch is taken */
    uint8_t cyc_nottaken; /* extra cycles when a conditional branch falls through */
    uint8_t tattr;     /* TA_* */
    int8_t cyc_entry_adj; /* cost when entered non-sequentially (taken branch,
                             exception entry or return) minus cyc, which is the
                             cost after its straight-line predecessor */
    /* Basic block from here to the end of this instruction's block (a
     * branch or system instruction, or the last one starting in a 128-byte
     * chunk: isa/codecache.c cc_form_block), filled once every instruction
     * of it is decoded; blk_n 0 until then. The run loop charges blk_cyc
     * and counts blk_n once per block. */
    uint16_t blk_cyc;  /* sum of cyc from here to the block's end */
    uint16_t blk_lim;  /* blk_cyc plus a bound of the cycles handlers may add
                          (LDM/STM per register, divide, FP): the block runs
                          whole only while cycles + blk_lim < deadline */
    uint8_t blk_n;     /* instructions from here to the block's end */
    uint8_t cyc_mispredict; /* M7 branch: extra cycles when the BTAC's prediction is
                               wrong (isa/timing.c, isa/branch.c) */
    int16_t tgt;       /* direct branches: entries from here to the target when
                          it is in this page (isa/codecache.c), else 0 */
    const struct insn *next; /* this + hw when NEXT() jumps to the next handler
                          itself (threaded dispatch: blk_n > 1 and no wrapper
                          must run after), else NULL */
} __attribute__((aligned(64))); /* one cache line each; i + i->hw is a shift */
_Static_assert(sizeof(struct insn) == 64, "struct insn must stay one 64-byte line");

#endif
