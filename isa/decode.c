/* Turns the pattern strings of every instruction class into mask/match
 * tables once, then decodes by first match (see decode.h). */
#include "isa/decode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isa/cpu.h"
#include "isa/exec.h"

/* The instruction classes, in priority order (first match wins). */
extern const struct pattern_set isa_branch_patterns, isa_ls_patterns,
    isa_mul_patterns, isa_dp_patterns, isa_fp_patterns;
static const struct pattern_set *const sets[] = {
    &isa_branch_patterns, &isa_ls_patterns, &isa_mul_patterns, &isa_dp_patterns,
    &isa_fp_patterns,
};

#define MAX_PATTERNS 1024
#define MAX_FIELDS 12

struct compiled {
    const struct pattern *p;
    uint32_t mask, match;
    uint8_t is32, nfields;
    const char *group; /* overlap group name ("{name}" in the pattern), or NULL */
    uint8_t group_len;
    uint8_t id[MAX_FIELDS], pos[MAX_FIELDS], len[MAX_FIELDS];
};

/* Built once by decode_init() and read-only afterwards. */
static struct compiled table[MAX_PATTERNS];
static unsigned ntable;
static int16_t t16_index[65536];
static bool initialised;

static const char *const field_names[] = {
#define X(name) #name,
    FIELD_LIST(X)
#undef X
};

static _Noreturn void bad_pattern(const struct pattern *p, const char *why)
{
    fprintf(stderr, "ttemu: internal error: pattern '%s' (%s): %s\n", p->bits, p->name, why);
    abort();
}

static int field_id(const char *name, size_t len)
{
    for (int k = 0; k < F_COUNT; k++)
        if (strlen(field_names[k]) == len && !strncmp(field_names[k], name, len))
            return k;
    return -1;
}

static void fixed_bits(const struct pattern *p, const char *t, size_t n, unsigned at,
                       struct compiled *c);

/* One token: "0101", "x", "(0)", "NAME:LEN", or "NAME:LEN=BITS" (a field
 * over fixed bits: the pattern matches only BITS there, and the decoder
 * still reads them by name). Returns bits consumed. */
static unsigned compile_token(const struct pattern *p, const char *t, size_t n,
                              unsigned at, struct compiled *c)
{
    const char *colon = memchr(t, ':', n);
    if (colon) {
        int id = field_id(t, (size_t)(colon - t));
        char *end;
        unsigned len = (unsigned)strtoul(colon + 1, &end, 10);
        if (id < 0 || len == 0 || c->nfields == MAX_FIELDS)
            bad_pattern(p, "unknown field or bad length");
        if (end < t + n) {
            if (*end != '=' || (size_t)(t + n - end - 1) != len)
                bad_pattern(p, "a fixed field is NAME:LEN=BITS with LEN bits");
            fixed_bits(p, end + 1, len, at, c);
        }
        c->id[c->nfields] = (uint8_t)id;
        c->len[c->nfields] = (uint8_t)len;
        c->pos[c->nfields++] = (uint8_t)(at + len); /* fixed up to an LSB position later */
        return len;
    }
    if (t[0] == '(') { /* "(0)(1)...": should-be bits, one per group */
        unsigned bits = 0;
        for (size_t k = 0; k < n; k++)
            bits += t[k] == '(';
        return bits;
    }
    fixed_bits(p, t, n, at, c);
    return (unsigned)n;
}

/* "0101", "x": fixed and don't-care bits from position at (MSB first). */
static void fixed_bits(const struct pattern *p, const char *t, size_t n, unsigned at,
                       struct compiled *c)
{
    for (size_t k = 0; k < n; k++) {
        if (t[k] != '0' && t[k] != '1' && t[k] != 'x')
            bad_pattern(p, "bad character");
        if (t[k] != 'x') {
            c->mask |= 1u << (31 - (at + k));
            c->match |= (uint32_t)(t[k] - '0') << (31 - (at + k));
        }
    }
}

/* A leading "{name} " names the pattern's overlap group. */
static const char *compile_group(const struct pattern *p, struct compiled *c)
{
    const char *s = p->bits;
    if (*s != '{')
        return s;
    const char *end = strchr(s, '}');
    if (!end || end == s + 1 || end - s > 32)
        bad_pattern(p, "bad overlap group: '{name}' expected");
    c->group = s + 1;
    c->group_len = (uint8_t)(end - s - 1);
    return end + 1;
}

static void compile(const struct pattern *p, struct compiled *c)
{
    memset(c, 0, sizeof *c);
    c->p = p;
    unsigned at = 0;
    for (const char *s = compile_group(p, c); *s;) {
        if (*s == ' ' || *s == '|') {
            if (*s == '|' && at != 16)
                bad_pattern(p, "'|' not after 16 bits");
            s++;
            continue;
        }
        size_t n = strcspn(s, " |");
        at += compile_token(p, s, n, at, c);
        s += n;
    }
    if (at != 16 && at != 32)
        bad_pattern(p, "not 16 or 32 bits");
    c->is32 = at == 32;
    if (!c->is32) {
        c->mask >>= 16;
        c->match >>= 16;
    }
    for (unsigned k = 0; k < c->nfields; k++)
        c->pos[k] = (uint8_t)(at - c->pos[k]);
}

bool insn_is_32bit(uint16_t hw1)
{
    return (hw1 >> 11) >= 0x1d;
}

static bool overlap(const struct compiled *a, const struct compiled *b)
{
    return a->is32 == b->is32 && !((a->match ^ b->match) & a->mask & b->mask);
}

static bool same_group(const struct compiled *a, const struct compiled *b)
{
    return a->group && b->group && a->group_len == b->group_len &&
           !memcmp(a->group, b->group, a->group_len);
}

static bool refuse(char *err, size_t len, const struct compiled *a, const struct compiled *b,
                   const char *why)
{
    if (b)
        snprintf(err, len, "patterns '%s' (%s) and '%s' (%s): %s", a->p->bits, a->p->name,
                 b->p->bits, b->p->name, why);
    else
        snprintf(err, len, "pattern '%s' (%s): %s", a->p->bits, a->p->name, why);
    return false;
}

/* Every overlap is declared, as in QEMU's decodetree: two patterns that
 * can match the same encoding must carry the same overlap group, where the
 * earlier one (the manual's specific case) wins; a group marker on a
 * pattern that overlaps nothing is refused too, and so is a pattern that an
 * earlier one hides completely (it could never match). Runs over all
 * classes at once, so overlaps across class files are checked as well. */
static bool check_overlaps(const struct compiled *t, unsigned n, char *err, size_t len)
{
    bool *overlaps = calloc(n ? n : 1, sizeof *overlaps);
    bool ok = overlaps != NULL;
    if (!ok)
        snprintf(err, len, "out of memory");
    for (unsigned a = 0; ok && a < n; a++)
        for (unsigned b = a + 1; ok && b < n; b++) {
            if (!overlap(&t[a], &t[b]))
                continue;
            if (!same_group(&t[a], &t[b]))
                ok = refuse(err, len, &t[a], &t[b], "overlap outside a common overlap group");
            else if (!(t[a].mask & ~t[b].mask))
                ok = refuse(err, len, &t[a], &t[b], "the second can never match (the first covers it)");
            overlaps[a] = overlaps[b] = true;
        }
    for (unsigned k = 0; ok && k < n; k++)
        if (t[k].group && !overlaps[k])
            ok = refuse(err, len, &t[k], NULL, "overlap group on a pattern that overlaps nothing");
    free(overlaps);
    return ok;
}

bool decode_check_patterns(const struct pattern *p, unsigned n, char *err, size_t len)
{
    struct compiled *t = calloc(n ? n : 1, sizeof *t);
    if (!t) {
        snprintf(err, len, "out of memory");
        return false;
    }
    for (unsigned k = 0; k < n; k++)
        compile(&p[k], &t[k]);
    bool ok = check_overlaps(t, n, err, len);
    free(t);
    return ok;
}

void decode_init(void)
{
    if (initialised)
        return;
    for (size_t s = 0; s < sizeof sets / sizeof sets[0]; s++)
        for (unsigned k = 0; k < sets[s]->count; k++) {
            if (ntable == MAX_PATTERNS)
                bad_pattern(&sets[s]->patterns[k], "too many patterns");
            compile(&sets[s]->patterns[k], &table[ntable++]);
        }
    /* Lowest priority first, so a higher-priority pattern overwrites: each
     * pattern enumerates exactly the halfwords it matches. */
    memset(t16_index, 0xff, sizeof t16_index);
    for (unsigned k = ntable; k-- > 0;) {
        if (table[k].is32)
            continue;
        uint32_t free_bits = ~table[k].mask & 0xffffu, x = 0;
        do {
            uint32_t hw = table[k].match | x;
            if (!insn_is_32bit((uint16_t)hw))
                t16_index[hw] = (int16_t)k;
            x = (x - free_bits) & free_bits; /* next subset of the free bits */
        } while (x);
    }
    char err[512];
    if (!check_overlaps(table, ntable, err, sizeof err)) {
        fprintf(stderr, "ttemu: internal error: %s\n", err);
        abort();
    }
    initialised = true;
}

unsigned decode_pattern_count(void) { return ntable; }
const char *decode_pattern_name(unsigned idx) { return idx < ntable ? table[idx].p->name : "?"; }

const struct insn *exec_undefined(struct cpu *c, const struct insn *i)
{
    (void)i;
    cpu_undefined(c);
}

static const struct insn *exec_nocp(struct cpu *c, const struct insn *i)
{
    (void)i;
    cpu_fault(c, EXC_USAGEFAULT, UFSR_NOCP, 0);
}

static bool has_field(const struct compiled *c, enum field_id id)
{
    for (unsigned n = 0; n < c->nfields; n++)
        if (c->id[n] == id)
            return true;
    return false;
}

/* Which core registers an instruction reads and writes, from its fields
 * (the timing model's dependency check; approximate for the few
 * encodings whose fields do not name their registers plainly). */
static void register_masks(struct insn *i, const uint32_t *f, const struct compiled *c)
{
    static const enum field_id reads[] = { F_Rn, F_Rm, F_Ra, F_Rs, F_Rdn, F_Rdm };
    static const enum field_id writes[] = { F_Rd, F_RdLo, F_RdHi, F_Rdn, F_Rdm };
    uint16_t r = 0, w = 0;
    for (size_t k = 0; k < sizeof reads / sizeof reads[0]; k++)
        if (has_field(c, reads[k]))
            r |= (uint16_t)(1u << f[reads[k]]);
    for (size_t k = 0; k < sizeof writes / sizeof writes[0]; k++)
        if (has_field(c, writes[k]))
            w |= (uint16_t)(1u << f[writes[k]]);
    bool store = i->kind == K_STORE || i->kind == K_STRD || i->kind == K_EXCL_STORE ||
                 i->kind == K_STM;
    for (enum field_id t = F_Rt; t <= F_Rt2; t++)
        if (has_field(c, t)) {
            if (store)
                r |= (uint16_t)(1u << f[t]);
            else
                w |= (uint16_t)(1u << f[t]);
        }
    if (i->kind == K_LDM) /* the register list */
        w |= (uint16_t)i->imm;
    else if (i->kind == K_STM)
        r |= (uint16_t)i->imm;
    i->rmask |= r; /* decoders may already have named registers the fields hide */
    i->wmask |= w;
}

static int find32(uint32_t raw)
{
    for (unsigned k = 0; k < ntable; k++)
        if (table[k].is32 && (raw & table[k].mask) == table[k].match)
            return (int)k;
    return -1;
}

int decode_insn(const struct cpu_model *m, uint16_t hw1, uint16_t hw2, bool in_it, struct insn *i)
{
    uint32_t addr = i->addr;
    bool is32 = insn_is_32bit(hw1);
    uint32_t raw = is32 ? (uint32_t)hw1 << 16 | hw2 : hw1;
    memset(i, 0, sizeof *i);
    i->addr = addr;
    i->hw = is32 ? 2 : 1;
    i->raw = raw;
    i->cond = 14;
    i->flags = in_it ? IF_IT : 0;
    i->fn = exec_undefined;
    i->kind = K_UNDEF;
    int k = is32 ? find32(raw) : t16_index[hw1];
    if (k < 0)
        return -1;
    const struct compiled *c = &table[k];
    uint32_t f[F_COUNT] = { 0 };
    for (unsigned n = 0; n < c->nfields; n++)
        f[c->id[n]] = (raw >> c->pos[n]) & ((1u << c->len[n]) - 1);
    i->kind = (uint8_t)c->p->kind;
    if (c->p->feature != FEAT_NONE && m && !m->has_fpu) {
        i->fn = exec_nocp;
        return k;
    }
    if (c->p->feature == FEAT_FP_DP && m && !m->has_fpu_dp)
        goto undefined;
    if (c->p->decode(i, f)) {
        register_masks(i, f, c);
        return k;
    }
undefined:
    i->fn = exec_undefined;
    i->kind = K_UNDEF;
    return -1;
}
