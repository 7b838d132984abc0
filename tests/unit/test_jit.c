/* The translating tier (isa/jit.c, isa/jit_branch.c) against the
 * interpreter: random programs of the instructions it translates (and
 * some it leaves to their handlers: shifts by a register, shifts by 32)
 * run on two
 * cores, one translating and one not (TTEMU_JIT=0), to a series of random
 * deadlines. After every deadline both must hold the same registers,
 * flags, data memory, cycles and instruction count: the translation
 * changes no count and no result, also where a deadline falls inside a
 * block or between a compare and its branch, where a block is left for a
 * handler, and where the code buffer fills up and starts again
 * (TTEMU_JIT_KIB). The interpreter is itself checked against Unicorn
 * (tests/suites/10-isa-diff.sh) and the TRM's cycle figures (test_timing.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "harness.h"
#include "isa/codecache.h"
#include "isa/jit.h"

#define CODE 0x1000u
#define DATA 0x20000400u
#define DATA_SPAN 0x2000u

struct prog { uint16_t hw[4096]; unsigned n; };

static uint32_t rng_state;
static uint32_t rnd(uint32_t n)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return (rng_state >> 8) % n;
}

static void h16(struct prog *p, unsigned v) { p->hw[p->n++] = (uint16_t)v; }
static void h32(struct prog *p, unsigned a, unsigned b) { h16(p, a); h16(p, b); }

/* MOVW/MOVT Rd, #v */
static void mov32(struct prog *p, unsigned rd, uint32_t v)
{
    uint32_t lo = v & 0xffff, hi = v >> 16;
    h32(p, 0xf240 | (lo >> 12) | ((lo >> 11) & 1) << 10, ((lo >> 8) & 7) << 12 | rd << 8 | (lo & 0xff));
    h32(p, 0xf2c0 | (hi >> 12) | ((hi >> 11) & 1) << 10, ((hi >> 8) & 7) << 12 | rd << 8 | (hi & 0xff));
}

/* Registers: r0-r3 and r9-r12 data; r4 the loop count, r5 a base that
 * pre- and post-indexed accesses move (reset each pass), r6 = 8 (a
 * register offset), r7 the data base. */
static unsigned data_reg(void) { static const unsigned r[] = { 0, 1, 2, 3, 9, 10, 11, 12 }; return r[rnd(8)]; }
static unsigned lo_dst(void) { return rnd(4); }
static unsigned lo_src(void) { return rnd(8); }

static void t16_alu(struct prog *p)
{
    switch (rnd(9)) {
    case 0: h16(p, 0x1800 | rnd(2) << 9 | lo_src() << 6 | lo_src() << 3 | lo_dst()); break; /* ADDS/SUBS reg */
    case 1: h16(p, 0x1c00 | rnd(2) << 9 | rnd(8) << 6 | lo_src() << 3 | lo_dst()); break;   /* imm3 */
    case 2: h16(p, 0x2000 | rnd(4) << 11 | lo_dst() << 8 | rnd(256)); break;                 /* MOVS/CMP/ADDS/SUBS imm8 */
    case 3: h16(p, rnd(3) << 11 | rnd(32) << 6 | lo_src() << 3 | lo_dst()); break;            /* LSLS/LSRS/ASRS imm */
    case 4: h16(p, 0x4000 | rnd(16) << 6 | lo_src() << 3 | lo_dst()); break;                  /* ALU reg, MULS */
    case 5: h16(p, 0x4400 | lo_src() << 3 | lo_dst()); break;                                  /* ADD hi (low regs) */
    case 6: h16(p, 0x4600 | 1u << 7 | lo_src() << 3 | (data_reg() & 7 ? 1 : 2)); break;      /* MOV r9/r10, Rm */
    case 7: h16(p, 0xb200 | rnd(4) << 6 | lo_src() << 3 | lo_dst()); break;                   /* SXTH SXTB UXTH UXTB */
    default: h16(p, 0x4600 | lo_src() << 3 | lo_dst()); break;                                 /* MOV low */
    }
}

static void t32_alu(struct prog *p)
{
    static const unsigned ops[] = { 0, 1, 2, 3, 4, 8, 10, 11, 13, 14 };
    unsigned op = ops[rnd(10)], s = rnd(2), rn = data_reg(), rd = data_reg();
    if (rnd(2)) /* modified immediate */
        h32(p, 0xf000 | rnd(2) << 10 | op << 5 | s << 4 | rn, rnd(8) << 12 | rd << 8 | (1 + rnd(255)));
    else        /* shifted register */
        h32(p, 0xea00 | op << 5 | s << 4 | rn, rnd(8) << 12 | rd << 8 | rnd(4) << 6 | rnd(4) << 4 | data_reg());
}

static void t32_mul(struct prog *p)
{
    unsigned rd = data_reg(), rn = data_reg(), rm = data_reg(), ra = data_reg();
    switch (rnd(6)) {
    case 0: h32(p, 0xfb00 | rn, 0xf000 | rd << 8 | rm); break;                          /* MUL */
    case 1: h32(p, 0xfb00 | rn, ra << 12 | rd << 8 | rnd(2) << 4 | rm); break;          /* MLA, MLS */
    case 2: h32(p, 0xfb10 | rn, ra << 12 | rd << 8 | rnd(4) << 4 | rm); break;          /* SMLA<x><y> */
    case 3: h32(p, 0xfb10 | rn, 0xf000 | rd << 8 | rnd(4) << 4 | rm); break;            /* SMUL<x><y> */
    case 4: { /* UBFX/SBFX */
        unsigned lsb = rnd(32), w = rnd(32 - lsb);
        h32(p, (rnd(2) ? 0xf3c0 : 0xf340) | rn, (lsb >> 2) << 12 | rd << 8 | (lsb & 3) << 6 | w);
        break;
    }
    default: { /* SXTH SXTB UXTH UXTB (.W, rotated), or the accumulating forms */
        static const unsigned ext[] = { 0xfa0f, 0xfa4f, 0xfa1f, 0xfa5f };
        unsigned hw1 = ext[rnd(4)];
        if (rnd(2))
            hw1 = (hw1 & 0xfff0) | rn;
        h32(p, hw1, 0xf080 | rd << 8 | rnd(4) << 4 | rm);
    }
    }
}

static void mem(struct prog *p)
{
    switch (rnd(5)) {
    case 0: { /* LDR/STR, B, H with imm5 from r7 */
        static const unsigned base[] = { 0x6000, 0x6800, 0x7000, 0x7800, 0x8000, 0x8800 };
        h16(p, base[rnd(6)] | rnd(32) << 6 | 7u << 3 | lo_dst());
        break;
    }
    case 1: /* register offset r6 from r7: every size and sign */
        h16(p, 0x5000 | rnd(8) << 9 | 6u << 6 | 7u << 3 | lo_dst());
        break;
    case 2: { /* .W with imm12 */
        static const unsigned base[] = { 0xf8d0, 0xf8c0, 0xf8b0, 0xf8a0, 0xf890, 0xf880, 0xf9b0, 0xf990 };
        unsigned w = base[rnd(8)];
        unsigned imm = rnd(0x400) & ((w & 0x60) == 0x40 ? ~3u : (w & 0x60) == 0x20 ? ~1u : ~0u);
        h32(p, w | 7u, data_reg() << 12 | imm);
        break;
    }
    case 3: { /* pre/post-indexed with write-back on r5 */
        static const unsigned base[] = { 0xf850, 0xf840, 0xf830, 0xf820, 0xf810, 0xf800, 0xf930, 0xf910 };
        unsigned pu = rnd(4); /* P U */
        h32(p, base[rnd(8)] | 5u, data_reg() << 12 | 1u << 11 | pu << 9 | 1u << 8 | rnd(64));
        break;
    }
    default: /* a literal load */
        h16(p, 0x4800 | lo_dst() << 8 | rnd(8));
    }
}

/* A forward branch over one 16-bit instruction: B<c>, CBZ or CBNZ. */
static void skip_one(struct prog *p)
{
    switch (rnd(4)) { /* a flag setter right before it, so B<c> reads the host's flags */
    case 0: h16(p, 0x2800 | lo_src() << 8 | rnd(256)); break;                  /* CMP imm8 */
    case 1: h16(p, 0x4280 | lo_src() << 3 | lo_src()); break;                   /* CMP reg */
    case 2: h32(p, 0xf1b0 | data_reg(), 0x0f00 | rnd(256)); break;              /* CMP.W imm */
    default: break;
    }
    if (rnd(3))
        h16(p, 0xd000 | rnd(14) << 8);          /* B<c> +0: skips the next halfword */
    else
        h16(p, (rnd(2) ? 0xb900 : 0xb100) | lo_src()); /* CB(N)Z +0 */
    t16_alu(p);
}

/* IT with one to four instructions, then and else ones at random: moves,
 * adds and loads (which set no flags inside the block), 16- and 32-bit. */
static void it_block(struct prog *p)
{
    unsigned fc = rnd(14), n = 1 + rnd(4), mask = 0;
    for (unsigned k = 1; k < n; k++)
        mask |= ((fc & 1) ^ rnd(2)) << (4 - k);
    mask |= 1u << (4 - n);
    h16(p, 0xbf00 | fc << 4 | mask);
    for (unsigned k = 0; k < n; k++) {
        switch (rnd(4)) {
        case 0: h16(p, 0x2000 | lo_dst() << 8 | rnd(256)); break;          /* MOV imm8 */
        case 1: h16(p, 0x4400 | lo_src() << 3 | lo_dst()); break;          /* ADD reg */
        case 2: h16(p, 0x6800 | rnd(32) << 6 | 7u << 3 | lo_dst()); break; /* LDR [r7, #imm] */
        default: h32(p, 0xf100 | data_reg(), rnd(8) << 12 | data_reg() << 8 | rnd(256)); /* ADD.W imm */
        }
    }
}

static void body(struct prog *p, unsigned n)
{
    for (unsigned k = 0; k < n; k++) {
        unsigned w = rnd(20);
        if (w < 6) t16_alu(p);
        else if (w < 10) t32_alu(p);
        else if (w < 13) t32_mul(p);
        else if (w < 17) mem(p);
        else if (w < 19) skip_one(p);
        else it_block(p);
    }
}

/* B<c>.W (T3) at p->n to halfword index target */
static void bcond_w(struct prog *p, unsigned cond, unsigned target)
{
    int32_t off = (int32_t)(target - (p->n + 2)) * 2;
    uint32_t u = (uint32_t)off;
    h32(p, 0xf000 | (u >> 20 & 1) << 10 | cond << 6 | (u >> 12 & 0x3f),
        0x8000 | (u >> 18 & 1) << 13 | (u >> 19 & 1) << 11 | (u >> 1 & 0x7ff));
}

/* B.W (T4) at p->n to halfword index target */
static void b_w(struct prog *p, unsigned target)
{
    uint32_t u = (uint32_t)((int32_t)(target - (p->n + 2)) * 2);
    unsigned s = u >> 24 & 1, i1 = u >> 23 & 1, i2 = u >> 22 & 1;
    h32(p, 0xf000 | s << 10 | (u >> 12 & 0x3ff),
        0x9000 | ((i1 ^ 1) ^ s) << 13 | ((i2 ^ 1) ^ s) << 11 | (u >> 1 & 0x7ff));
}

/* Loops, each with a pass count, then round again; every loop's body
 * random. */
static void program(struct prog *p, unsigned loops)
{
    p->n = 0;
    mov32(p, 7, DATA);
    h16(p, 0x2608); /* MOVS r6, #8 */
    for (unsigned r = 0; r < 4; r++)
        mov32(p, r, rnd(0xffffffffu));
    unsigned first = p->n;
    for (unsigned k = 0; k < loops; k++) {
        h16(p, 0x2400 | (1 + rnd(40))); /* MOVS r4, #passes */
        unsigned top = p->n;
        h32(p, 0xf607, 0x0500); /* ADDW r5, r7, #0x800 */
        body(p, 4 + rnd(24));
        h16(p, 0x3c01); /* SUBS r4, #1 */
        bcond_w(p, 1, top); /* BNE top */
    }
    b_w(p, first);
    /* literal pool for the LDR (literal) forms: pc-relative, after the code */
    for (unsigned k = 0; k < 64; k++)
        h16(p, rnd(0x10000));
}

static struct harness *core(const char *model, bool jit)
{
    if (!jit)
        setenv("TTEMU_JIT", "0", 1);
    struct harness *h = harness_new(model);
    unsetenv("TTEMU_JIT");
    return h;
}

static void same_state(const struct harness *a, const struct harness *b, unsigned seed, uint64_t dl)
{
    const struct cpu *x = &a->cpu, *y = &b->cpu;
    char where[96];
    snprintf(where, sizeof where, "seed %u, deadline %llu", seed, (unsigned long long)dl);
    for (unsigned r = 0; r < 15; r++)
        if (x->r[r] != y->r[r])
            fail_msg("%s: r%u 0x%08x, interpreted 0x%08x", where, r, x->r[r], y->r[r]);
    if (x->pc != y->pc || x->cycles != y->cycles || x->insns != y->insns)
        fail_msg("%s: pc 0x%x cycles %llu insns %llu, interpreted pc 0x%x %llu %llu", where, x->pc,
                 (unsigned long long)x->cycles, (unsigned long long)x->insns, y->pc,
                 (unsigned long long)y->cycles, (unsigned long long)y->insns);
    if (x->n != y->n || x->z != y->z || x->c != y->c || x->v != y->v || x->q != y->q ||
        x->itstate != y->itstate || x->it_prev != y->it_prev)
        fail_msg("%s: flags differ", where);
    uint8_t ma[DATA_SPAN + 0x200], mb[DATA_SPAN + 0x200];
    bus_debug_read((struct bus *)&a->bus, DATA - 0x100, ma, sizeof ma);
    bus_debug_read((struct bus *)&b->bus, DATA - 0x100, mb, sizeof mb);
    if (memcmp(ma, mb, sizeof ma) != 0)
        fail_msg("%s: data memory differs", where);
}

static void run_pair(const char *model, unsigned seeds, unsigned max_step, uint64_t cycles)
{
    static struct prog p;
    for (unsigned seed = 1; seed <= seeds; seed++) {
        rng_state = seed * 2654435761u;
        program(&p, 1 + rnd(4));
        struct harness *h[2] = { core(model, true), core(model, false) };
        for (unsigned k = 0; k < 2; k++) {
            harness_code(h[k], CODE, p.hw, p.n);
            uint8_t junk[DATA_SPAN];
            for (unsigned b = 0; b < sizeof junk; b++)
                junk[b] = (uint8_t)(b * 37u + seed);
            bus_debug_write(&h[k]->bus, DATA - 0x100, junk, sizeof junk);
        }
        uint64_t dl = 0;
        while (h[1]->cpu.cycles < cycles) {
            dl = h[1]->cpu.cycles + 1 + rnd(max_step);
            cpu_run(&h[0]->cpu, dl);
            cpu_run(&h[1]->cpu, dl);
            same_state(h[0], h[1], seed, dl);
            if (h[1]->cpu.stop != CPU_STOP_NONE)
                break;
        }
        if (getenv("JIT_TEST_DEBUG"))
            fprintf(stderr, "seed %u: %llu insns %llu cycles stop %d pc %x\n", seed,
                    (unsigned long long)h[1]->cpu.insns, (unsigned long long)h[1]->cpu.cycles,
                    h[1]->cpu.stop, h[1]->cpu.pc);
        harness_free(h[0]);
        harness_free(h[1]);
    }
}

static void m4_random_programs(void **state) { (void)state; run_pair("cortex-m4", 30, 400, 30000); }
static void m7_random_programs(void **state) { (void)state; run_pair("cortex-m7", 30, 400, 30000); }
/* Deadlines a few cycles apart: they fall inside blocks, between a
 * compare and its branch, and on branch targets. */
static void short_deadlines(void **state)
{
    (void)state;
    run_pair("cortex-m4", 8, 6, 3000);
    run_pair("cortex-m7", 8, 6, 3000);
}

/* A buffer with room for two runs, and one pair of cores for program
 * after program (each loaded over the last, so its pages are decoded and
 * translated again): the buffer is reset several times (asserted) and
 * the cores still agree. */
static void buffer_resets(void **state)
{
    (void)state;
    static const char *const models[] = { "cortex-m4", "cortex-m7" };
    static struct prog p;
    setenv("TTEMU_JIT_KIB", "1", 1); /* below the minimum: two runs' room */
    for (unsigned m = 0; m < 2; m++) {
        struct harness *h[2] = { core(models[m], true), core(models[m], false) };
        for (unsigned seed = 1; seed <= 12; seed++) {
            rng_state = seed * 2246822519u;
            program(&p, 4);
            for (unsigned k = 0; k < 2; k++) {
                harness_code(h[k], CODE, p.hw, p.n);
                h[k]->cpu.r[13] = 0x20100000u;
            }
            uint64_t end = h[1]->cpu.cycles + 20000;
            while (h[1]->cpu.cycles < end) {
                uint64_t dl = h[1]->cpu.cycles + 1 + rnd(400);
                cpu_run(&h[0]->cpu, dl);
                cpu_run(&h[1]->cpu, dl);
                same_state(h[0], h[1], seed, dl);
            }
        }
        if (h[0]->cpu.jit_size) /* (a host without the translator: nothing to reset) */
            assert_true(jit_resets(cc_jit(h[0]->cpu.cc)) >= 3);
        harness_free(h[0]);
        harness_free(h[1]);
    }
    unsetenv("TTEMU_JIT_KIB");
}

/* Code that rewrites an instruction of its own loop on every pass (a
 * store from translated code into a translated block): the page is
 * decoded and translated again each time, and both cores still agree. */
static void store_into_translated_code(void **state)
{
    (void)state;
    /* loop: EORS r1, r3 (flips the ADDS r0 #1 <-> #2 encoding in r1);
     * STRH r1, [r2]; ADDS r0, #1 (rewritten); SUBS r4, #1; BNE loop; B . */
    static const uint16_t code[] = { 0x4059, 0x8011, 0x3001, 0x3c01, 0xd1fa, 0xe7fe };
    struct harness *h[2] = { core("cortex-m4", true), core("cortex-m4", false) };
    for (unsigned k = 0; k < 2; k++) {
        harness_code(h[k], CODE, code, 6);
        h[k]->cpu.r[1] = 0x3001;
        h[k]->cpu.r[2] = CODE + 4;
        h[k]->cpu.r[3] = 0x3001 ^ 0x3002;
        h[k]->cpu.r[4] = 500;
    }
    rng_state = 7;
    uint64_t dl = 0;
    while (h[1]->cpu.cycles < 8000) {
        dl = h[1]->cpu.cycles + 1 + rnd(50);
        cpu_run(&h[0]->cpu, dl);
        cpu_run(&h[1]->cpu, dl);
        same_state(h[0], h[1], 0, dl);
    }
    assert_int_equal(h[0]->cpu.r[4], 0);
    assert_int_equal(h[0]->cpu.r[0], 250 * 1 + 250 * 2); /* the two encodings alternate */
    harness_free(h[0]);
    harness_free(h[1]);
}

/* The translating core translated something: both cores of a pair would
 * otherwise agree trivially. */
static void translation_happens(void **state)
{
    (void)state;
    struct harness *h = core("cortex-m4", true);
    if (!h->cpu.jit_size) {
        harness_free(h);
        skip(); /* a host without the translator: the pairs compare the interpreter with itself */
    }
    static const uint16_t code[] = { 0x3001, 0x3801, 0x1c40, 0xe7fb }; /* ADDS SUBS ADDS B . -6 */
    harness_code(h, CODE, code, 4);
    cpu_run(&h->cpu, 1000);
    const struct insn *i = cc_lookup(&h->cpu, CODE);
    assert_true(cpu_handler(&h->cpu, i) != i->fn); /* its entry is host code */
    harness_free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(translation_happens),
        cmocka_unit_test(m4_random_programs),
        cmocka_unit_test(m7_random_programs),
        cmocka_unit_test(short_deadlines),
        cmocka_unit_test(buffer_resets),
        cmocka_unit_test(store_into_translated_code),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
