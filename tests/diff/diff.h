/* Differential ISA test: ttemu against Unicorn (see tests/diff/README.md).
 *
 * A test case is one instruction (or an IT block: the IT instruction and
 * the instructions it covers) with the initial register values it needs
 * (load/store bases pointing into the scratch RAM, branch targets in code
 * memory...). Every other register and the flags are random.
 *
 * Generators are written from the encoding tables of the ARMv7-M
 * Architecture Reference Manual (A5.2 16-bit, A5.3 32-bit), never from
 * ttemu's own decode patterns. Each instruction class lives in its own
 * file and registers itself with DIFF_CLASS(); a new class (e.g. gen_fp.c)
 * is a new file in tests/diff/ and nothing else. */
#ifndef TTEMU_TESTS_DIFF_H
#define TTEMU_TESTS_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The machine both emulators see. */
#define CODE_BASE     0x00000000u
#define CODE_SIZE     (48u << 20)   /* B.W reaches +-16 MiB around the test area */
#define TEST_AREA     0x01000000u   /* test cases live in [TEST_AREA, +TEST_AREA_SIZE) */
#define TEST_AREA_SIZE (4u << 20)
#define SLOT_SIZE     128u           /* one test case per slot */
#define SCRATCH_BASE  0x20000000u
#define SCRATCH_SIZE  0x4000u       /* 16 KiB of data RAM */
/* Load/store bases are placed in the middle of the scratch RAM so any
 * offset an encoding allows (imm12 up to 4095) stays inside it. */
#define SCRATCH_LO    (SCRATCH_BASE + 0x1000u)
#define SCRATCH_HI    (SCRATCH_BASE + 0x3000u)
/* Where exception vectors point (a fault "lands" here in ttemu once the
 * exception model exists). */
#define FAULT_LANDING 0x00000400u

#define TC_MAXHW   48
#define TC_MAXINSN 24
#define TC_MAXPATCH 4

struct tcase {
    uint16_t hw[TC_MAXHW];
    unsigned nhw;
    unsigned ninsn;                  /* instructions, IT included */
    uint8_t  insn_hw[TC_MAXINSN];    /* halfword offset of each instruction */
    const char *form[TC_MAXINSN];    /* generator's name for each instruction */
    const struct diff_class *icls[TC_MAXINSN]; /* and its class */
    uint32_t reg[16];                /* forced initial values ... */
    uint32_t regset;                 /* ... for these registers (bit per reg) */
    bool     it;                     /* an IT block: compared after the block */
    /* Words written to scratch memory before the case (e.g. a PC value a
     * load will read). */
    unsigned npatch;
    uint32_t patch_addr[TC_MAXPATCH], patch_val[TC_MAXPATCH];
    uint32_t xpsr_mask, xpsr_val;    /* forced flag bits (rare) */
    bool     sys;                    /* touches PRIMASK/CONTROL/...: compare them */
    bool     excl;                   /* uses the exclusive monitor (start it closed) */
    bool     fp;                     /* FP state set and compared (set by the runner) */
    bool     misaligned;             /* set_base misaligned a base on purpose */
    /* Inside an IT block: registers earlier instructions use; forcing one
     * of them (set_reg) would break that instruction's set-up: a clash,
     * and the block is generated again. */
    uint32_t it_avoid;
    bool     clash;
    /* Known deviation of Unicorn from the manual this case exercises
     * (index into deviations[], see deviations.c), 0 for none. */
    int      dev;
};

struct gen {
    uint64_t s;          /* xorshift state */
    bool in_it;          /* generating an instruction inside an IT block */
    bool pc_ok;          /* may write the PC (not in IT, or last in IT) */
    uint32_t addr;       /* address the next instruction will have */
    const struct diff_class *cls; /* class now generating */
    /* Inside an IT block, registers the earlier instructions picked: later
     * ones avoid them where they can, so a base register is not clobbered
     * by an earlier instruction of the same block. */
    uint32_t used, avoid;
};

/* --- random numbers --- */
static inline uint64_t rnd64(struct gen *g)
{
    g->s ^= g->s << 13;
    g->s ^= g->s >> 7;
    g->s ^= g->s << 17;
    return g->s;
}
static inline uint32_t rnd32(struct gen *g) { return (uint32_t)(rnd64(g) >> 16); }
/* Uniform in [0, n). */
static inline unsigned rndn(struct gen *g, unsigned n) { return (unsigned)((rnd64(g) >> 11) % n); }
static inline unsigned bits(struct gen *g, unsigned n) { return n >= 32 ? rnd32(g) : rnd32(g) & ((1u << n) - 1); }
static inline bool chance(struct gen *g, unsigned pct) { return rndn(g, 100) < pct; }
/* A "interesting" 32-bit value: edges, small, random. */
uint32_t rnd_value(struct gen *g);

/* --- registers --- */
static inline unsigned r_pick(struct gen *g, unsigned n, bool gp)
{
    unsigned r = 0;
    for (int k = 0; k < 32; k++) {
        r = rndn(g, n);
        if (gp && r == 13)
            r = 14;
        if (!(g->avoid >> r & 1))
            break;
    }
    g->used |= 1u << r;
    return r;
}
static inline unsigned r_lo(struct gen *g) { return r_pick(g, 8, false); }
/* r0-r12 or r14: where the manual makes SP and PC UNPREDICTABLE. */
static inline unsigned r_gp(struct gen *g) { return r_pick(g, 14, true); }
/* A register not in the bit mask `avoid` (from r_gp's set). */
unsigned r_gp_not(struct gen *g, uint32_t avoid);
unsigned r_lo_not(struct gen *g, uint32_t avoid);

static inline void set_reg(struct tcase *t, unsigned r, uint32_t v)
{
    if (t->it_avoid >> r & 1)
        t->clash = true;
    t->reg[r] = v;
    t->regset |= 1u << r;
}
/* Points r into the scratch RAM, aligned to `align` (misaligned by one in
 * `misalign_pct` percent of cases); returns the value. */
uint32_t set_base(struct gen *g, struct tcase *t, unsigned r, unsigned align, unsigned misalign_pct);
/* A code address for a branch through a register (bit 0 set = Thumb). */
uint32_t code_target(struct gen *g);
void add_patch(struct tcase *t, uint32_t addr, uint32_t val);

/* --- emitting --- */
void emit16(struct gen *g, struct tcase *t, uint32_t hw, const char *form);
void emit32(struct gen *g, struct tcase *t, uint32_t w, const char *form);

/* ThumbExpandImm-valid 12-bit modified immediate (i:imm3:imm8). */
uint32_t rnd_modimm(struct gen *g);
/* Puts a 12-bit i:imm3:imm8 into a 32-bit encoding's i, imm3, imm8 fields. */
static inline uint32_t modimm_fields(uint32_t imm12)
{
    return ((imm12 >> 11) & 1) << 26 | ((imm12 >> 8) & 7) << 12 | (imm12 & 0xff);
}
/* imm5 shift as imm3:imm2 in bits 14:12 and 7:6 of the second halfword. */
static inline uint32_t shift_fields(unsigned type, unsigned imm5)
{
    return (imm5 >> 2) << 12 | (imm5 & 3) << 6 | (type & 3) << 4;
}

/* --- classes --- */
struct diff_class {
    const char *name;
    unsigned weight;        /* share of generated cases */
    bool it_ok;             /* may be used inside IT blocks */
    const char *model;      /* machine it needs: NULL (cortex-m4f) or "cortex-m7" */
    /* Appends one instruction (never an IT block unless the class is the
     * one that makes them) honouring g->in_it and g->pc_ok. */
    void (*gen)(struct gen *g, struct tcase *t);
    struct diff_class *next;
    /* statistics, filled by the runner */
    uint64_t cases, insns, pass, mismatch, undef, faultdiff, deviation;
};

void diff_register(struct diff_class *c);
struct diff_class *diff_classes(void);
/* Generates one instruction from a random IT-capable class other than
 * `self` (for IT blocks). */
void diff_gen_any(struct gen *g, struct tcase *t, const struct diff_class *self);

#define DIFF_CLASS(var, name_, weight_, it_ok_, fn)                            \
    DIFF_CLASS_MODEL(var, name_, weight_, it_ok_, fn, NULL)
#define DIFF_CLASS_MODEL(var, name_, weight_, it_ok_, fn, model_)              \
    static struct diff_class var = { .name = name_, .weight = weight_,        \
                                     .it_ok = it_ok_, .model = model_, .gen = fn }; \
    __attribute__((constructor)) static void var##_register(void) { diff_register(&var); }

/* A form table: each class picks one entry (by weight) per instruction. */
enum { FORM_PC = 1, FORM_NOIT = 2 }; /* writes the PC; not allowed in IT */
struct form {
    const char *name;
    unsigned weight;
    void (*fn)(struct gen *g, struct tcase *t, const char *name);
    unsigned fl;
};
void pick_form(struct gen *g, struct tcase *t, const struct form *forms, unsigned n);
#define PICK(g, t, table) pick_form(g, t, table, sizeof table / sizeof table[0])

#endif
