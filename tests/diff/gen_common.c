/* Helpers every generator shares, and the class registry. */
#include <stdlib.h>
#include <string.h>

#include "tests/diff/diff.h"

static struct diff_class *classes;

void diff_register(struct diff_class *c)
{
    /* Kept sorted by name so the run does not depend on link order. */
    struct diff_class **p = &classes;
    while (*p && strcmp((*p)->name, c->name) < 0)
        p = &(*p)->next;
    c->next = *p;
    *p = c;
}

struct diff_class *diff_classes(void) { return classes; }

void diff_gen_any(struct gen *g, struct tcase *t, const struct diff_class *self)
{
    unsigned total = 0;
    for (struct diff_class *c = classes; c; c = c->next)
        if (c->it_ok && c != self)
            total += c->weight;
    unsigned pick = rndn(g, total ? total : 1);
    for (struct diff_class *c = classes; c; c = c->next) {
        if (!c->it_ok || c == self)
            continue;
        if (pick < c->weight) {
            const struct diff_class *saved = g->cls;
            g->cls = c;
            c->gen(g, t);
            g->cls = saved;
            return;
        }
        pick -= c->weight;
    }
}

void pick_form(struct gen *g, struct tcase *t, const struct form *forms, unsigned n)
{
    unsigned total = 0;
    for (unsigned k = 0; k < n; k++) {
        if ((forms[k].fl & FORM_PC) && !g->pc_ok)
            continue;
        if ((forms[k].fl & FORM_NOIT) && g->in_it)
            continue;
        total += forms[k].weight;
    }
    unsigned pick = rndn(g, total);
    for (unsigned k = 0; k < n; k++) {
        if ((forms[k].fl & FORM_PC) && !g->pc_ok)
            continue;
        if ((forms[k].fl & FORM_NOIT) && g->in_it)
            continue;
        if (pick < forms[k].weight) {
            forms[k].fn(g, t, forms[k].name);
            return;
        }
        pick -= forms[k].weight;
    }
}

uint32_t rnd_value(struct gen *g)
{
    static const uint32_t edges[] = {
        0, 1, 2, 0x7fffffffu, 0x80000000u, 0x80000001u, 0xffffffffu, 0xfffffffeu,
        0x7ffffffeu, 0x0000ffffu, 0xffff0000u, 0x00008000u, 0x00007fffu, 0x80008000u,
        0x7fff7fffu, 0x7f7f7f7fu, 0x80808080u, 0xff00ff00u, 0x00ff00ffu, 31, 32, 33,
    };
    static const uint16_t h_edges[] = { 0, 1, 0x7fff, 0x8000, 0xffff, 0x8001, 0x7ffe, 0x00ff, 0xff00 };
    static const uint8_t b_edges[] = { 0, 1, 0x7f, 0x80, 0xff, 0x81, 0xfe, 0x40 };
    switch (rndn(g, 10)) {
    case 0: return rndn(g, 40);
    case 1: return edges[rndn(g, sizeof edges / sizeof edges[0])];
    case 2: return (uint32_t)h_edges[rndn(g, 9)] << 16 | h_edges[rndn(g, 9)];
    case 3: {
        uint32_t v = 0;
        for (int k = 0; k < 4; k++)
            v = v << 8 | b_edges[rndn(g, 8)];
        return v;
    }
    case 4: return (uint32_t)-(int32_t)rndn(g, 40);
    default: return rnd32(g);
    }
}

unsigned r_gp_not(struct gen *g, uint32_t avoid)
{
    for (;;) {
        unsigned r = r_gp(g);
        if (!(avoid >> r & 1))
            return r;
    }
}

unsigned r_lo_not(struct gen *g, uint32_t avoid)
{
    for (;;) {
        unsigned r = r_lo(g);
        if (!(avoid >> r & 1))
            return r;
    }
}

uint32_t set_base(struct gen *g, struct tcase *t, unsigned r, unsigned align, unsigned misalign_pct)
{
    uint32_t a = SCRATCH_LO + rndn(g, SCRATCH_HI - SCRATCH_LO);
    a &= ~(uint32_t)(align - 1);
    /* Not inside IT blocks: the deviation check assumes the access happens. */
    if (misalign_pct && !g->in_it && chance(g, misalign_pct)) {
        a |= 1u + rndn(g, 3);
        t->misaligned = r != 13 || (a & 3);
    }
    if (r == 13)
        a &= ~3u; /* SP[1:0] are always zero on M-profile */
    /* Now and then nothing is mapped there: a precise BusFault in both,
     * with no register written back (not for SP). Inside IT blocks too
     * (2%): instructions are stepped one at a time, so the fault is
     * compared at the instruction that takes it, with its IT state. */
    else if (chance(g, g->in_it ? 2 : 1))
        a = 0x30000000u + (a - SCRATCH_BASE);
    set_reg(t, r, a);
    return a;
}

uint32_t code_target(struct gen *g)
{
    /* Anywhere in code memory, Thumb bit set. */
    return (CODE_BASE + 0x1000u + (rndn(g, CODE_SIZE - 0x2000u) & ~1u)) | 1u;
}

void add_patch(struct tcase *t, uint32_t addr, uint32_t val)
{
    if (t->npatch < TC_MAXPATCH) {
        t->patch_addr[t->npatch] = addr;
        t->patch_val[t->npatch++] = val;
    }
}

static void note_insn(struct gen *g, struct tcase *t, const char *form, unsigned nhw)
{
    if (t->ninsn < TC_MAXINSN) {
        t->insn_hw[t->ninsn] = (uint8_t)t->nhw;
        t->icls[t->ninsn] = g->cls;
        t->form[t->ninsn++] = form;
    }
    g->addr += 2 * nhw;
}

void emit16(struct gen *g, struct tcase *t, uint32_t hw, const char *form)
{
    if (t->nhw + 1 > TC_MAXHW)
        abort();
    note_insn(g, t, form, 1);
    t->hw[t->nhw++] = (uint16_t)hw;
}

void emit32(struct gen *g, struct tcase *t, uint32_t w, const char *form)
{
    if (t->nhw + 2 > TC_MAXHW)
        abort();
    note_insn(g, t, form, 2);
    t->hw[t->nhw++] = (uint16_t)(w >> 16);
    t->hw[t->nhw++] = (uint16_t)w;
}

uint32_t rnd_modimm(struct gen *g)
{
    for (;;) {
        uint32_t imm12 = bits(g, 12);
        /* ThumbExpandImm: imm12<11:10> == 00, imm12<9:8> != 00 with
         * imm8 == 0 is UNPREDICTABLE. */
        if ((imm12 >> 10) == 0 && ((imm12 >> 8) & 3) != 0 && (imm12 & 0xff) == 0)
            continue;
        return imm12;
    }
}
