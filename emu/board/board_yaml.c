/* Board files, the YAML reading layer: errors at a node's file:line:col,
 * typed scalars (names, strings, numbers with suffixes, enums), mappings
 * checked against a key list, lists, and loading the one document with a
 * depth guard. The section parsers (board_sections.c) build on these.
 * Shared declarations: emu/board/board_internal.h. */
#include "emu/board/board_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- errors and node access ------------------------------------------ */

void bp_failv(struct pctx *c, unsigned long line, unsigned long col,
              const char *fmt, va_list ap)
{
    int k = snprintf(c->err, c->errlen, "%s:%lu:%lu: ", c->file, line, col);
    if (k >= 0 && (size_t)k < c->errlen)
        vsnprintf(c->err + k, c->errlen - (size_t)k, fmt, ap);
}

int bp_fail(struct pctx *c, const yaml_node_t *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bp_failv(c, n ? (unsigned long)n->start_mark.line + 1 : 1ul,
             n ? (unsigned long)n->start_mark.column + 1 : 1ul, fmt, ap);
    va_end(ap);
    return -1;
}

/* The same, at an item's recorded location (checks after parsing). */
int bp_fail_at(struct pctx *c, struct board_loc l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bp_failv(c, l.line, l.col, fmt, ap);
    va_end(ap);
    return -1;
}

yaml_node_t *bp_node(struct pctx *c, int index)
{
    return yaml_document_get_node(c->doc, index);
}

struct board_loc bp_loc_of(const yaml_node_t *n)
{
    struct board_loc l = { (unsigned)n->start_mark.line + 1, (unsigned)n->start_mark.column + 1 };
    return l;
}

/* A scalar's text, or NULL (with an error) for anything else or text with
 * an embedded NUL, which no field of ours can hold. */
const char *bp_scalar(struct pctx *c, const yaml_node_t *n, const char *what)
{
    if (n->type != YAML_SCALAR_NODE) {
        bp_fail(c, n, "expected %s, found a %s", what,
                n->type == YAML_MAPPING_NODE ? "mapping" : "list");
        return NULL;
    }
    const char *s = (const char *)n->data.scalar.value;
    if (strlen(s) != n->data.scalar.length) {
        bp_fail(c, n, "expected %s without NUL characters", what);
        return NULL;
    }
    return s;
}

/* ---- numbers --------------------------------------------------------- */

static bool parse_hex(const char *s, double *out)
{
    uint64_t v = 0;
    int digits = 0;
    for (; *s; s++) {
        int d;
        if (*s == '_' && digits)
            continue;
        if (*s >= '0' && *s <= '9') d = *s - '0';
        else if (*s >= 'a' && *s <= 'f') d = *s - 'a' + 10;
        else if (*s >= 'A' && *s <= 'F') d = *s - 'A' + 10;
        else return false;
        if (v >> 60)
            return false;  /* more than 64 bits */
        v = v * 16 + (uint64_t)d;
        digits++;
    }
    *out = (double)v;
    return digits > 0;
}

/* The multiplier suffix at s as a power of ten (k M G) or of two (Ki Mi
 * Gi); false when s is not empty and not a suffix. */
static bool suffix_scale(const char *s, int *pow10, int *pow2)
{
    static const struct { const char *sfx; int p10, p2; } t[] = {
        { "", 0, 0 }, { "k", 3, 0 }, { "M", 6, 0 }, { "G", 9, 0 },
        { "Ki", 0, 10 }, { "Mi", 0, 20 }, { "Gi", 0, 30 },
    };
    for (size_t k = 0; k < sizeof t / sizeof t[0]; k++)
        if (!strcmp(s, t[k].sfx)) {
            *pow10 = t[k].p10;
            *pow2 = t[k].p2;
            return true;
        }
    return false;
}

/* Reads digits (with '_' separators after the first) into buf; returns
 * the number of digits and advances *s. */
static size_t read_digits(const char **s, char *buf, size_t *n, size_t cap)
{
    size_t digits = 0;
    for (const char *p = *s;; p++) {
        if (*p >= '0' && *p <= '9') {
            if (*n + 1 >= cap)
                return 0;
            buf[(*n)++] = *p;
            digits++;
        } else if (!(*p == '_' && digits)) {
            *s = p;
            return digits;
        }
    }
}

bool board_parse_number(const char *s, double *out)
{
    bool neg = (*s == '-');
    if (neg)
        s++;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        if (!parse_hex(s + 2, out))
            return false;
        *out = neg ? -*out : *out;
        return true;
    }
    /* Rebuild "DIGITS[.DIGITS]e<exp + suffix power>" and let strtod round
     * it once, so 8.2M is exactly 8200000; the grammar check keeps
     * strtod's extras (inf, nan, hex floats, spaces) out. */
    char buf[80];
    size_t n = 0;
    size_t digits = read_digits(&s, buf, &n, 48);
    if (*s == '.') {
        buf[n++] = *s++;
        digits += read_digits(&s, buf, &n, 48);
    }
    if (!digits)
        return false;
    long exp = 0;
    if ((*s == 'e' || *s == 'E') &&
        ((s[1] >= '0' && s[1] <= '9') || ((s[1] == '-' || s[1] == '+') && s[2] >= '0' && s[2] <= '9'))) {
        char *end;
        exp = strtol(s + 1, &end, 10);
        if (exp > 400 || exp < -400)
            return false;
        s = end;
    }
    int p10, p2;
    if (!suffix_scale(s, &p10, &p2))
        return false;
    snprintf(buf + n, sizeof buf - n, "e%ld", exp + p10);
    double v = ldexp(strtod(buf, NULL), p2);
    if (!isfinite(v))
        return false;
    *out = neg ? -v : v;
    return true;
}

/* ---- typed values ---------------------------------------------------- */

int bp_get_str(struct pctx *c, const yaml_node_t *n, const char *what, char **dst)
{
    const char *s = bp_scalar(c, n, what);
    if (!s)
        return -1;
    if (!*s)
        return bp_fail(c, n, "expected %s, found an empty string", what);
    free(*dst);
    *dst = bp_xstrdup(s);
    return 0;
}

/* A name: letters, digits and - _ . @ so it reads well in reports. */
int bp_get_name(struct pctx *c, const yaml_node_t *n, char **dst)
{
    const char *s = bp_scalar(c, n, "a name");
    if (!s)
        return -1;
    size_t len = strlen(s);
    if (len == 0 || len > 47)
        return bp_fail(c, n, "expected a name of 1 to 47 characters");
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
              (*p >= '0' && *p <= '9') || strchr("-_.@", *p)))
            return bp_fail(c, n, "expected a name of letters, digits, '-', '_', '.' or '@', "
                           "found '%s'", s);
    free(*dst);
    *dst = bp_xstrdup(s);
    return 0;
}

int bp_get_num(struct pctx *c, const yaml_node_t *n, const char *what,
               double min, double max, double *dst)
{
    const char *s = bp_scalar(c, n, what);
    if (!s)
        return -1;
    double v;
    if (!board_parse_number(s, &v))
        return bp_fail(c, n, "expected %s (a number such as 12, 0x1f, 2.5 or 156M), found '%s'",
                       what, s);
    if (v < min || v > max)
        return bp_fail(c, n, "expected %s in [%.17g, %.17g], found '%s'", what, min, max, s);
    *dst = v;
    return 0;
}

int bp_get_uint(struct pctx *c, const yaml_node_t *n, const char *what,
                uint64_t min, uint64_t max, uint64_t *dst)
{
    double v;
    if (bp_get_num(c, n, what, (double)min, (double)max, &v))
        return -1;
    if (v != floor(v))
        return bp_fail(c, n, "expected %s as a whole number, found '%s'", what,
                       (const char *)n->data.scalar.value);
    *dst = (uint64_t)v;
    return 0;
}

int bp_get_u32(struct pctx *c, const yaml_node_t *n, const char *what,
               uint64_t min, uint64_t max, uint32_t *dst)
{
    uint64_t v;
    if (bp_get_uint(c, n, what, min, max, &v))
        return -1;
    *dst = (uint32_t)v;
    return 0;
}

int bp_get_enum(struct pctx *c, const yaml_node_t *n, const char *what,
                const char *const names[], size_t nnames, int *dst)
{
    const char *s = bp_scalar(c, n, what);
    if (!s)
        return -1;
    char list[160] = "";
    for (size_t k = 0; k < nnames; k++) {
        if (!strcmp(s, names[k])) {
            *dst = (int)k;
            return 0;
        }
        size_t used = strlen(list);
        snprintf(list + used, sizeof list - used, "%s%s", k ? ", " : "", names[k]);
    }
    return bp_fail(c, n, "expected %s (one of: %s), found '%s'", what, list, s);
}

/* ---- mappings against a key list ------------------------------------- */

/* Checks that n is a mapping whose keys are all in keys[] (each at most
 * once) and that every key whose bit is set in `required` is present;
 * out[k] gets the value node of keys[k] or NULL. */
int bp_get_keys(struct pctx *c, const yaml_node_t *n, const char *what,
                const char *const keys[], size_t nkeys, unsigned required,
                yaml_node_t *out[])
{
    if (n->type != YAML_MAPPING_NODE)
        return bp_fail(c, n, "expected %s as a mapping of keys", what);
    for (size_t k = 0; k < nkeys; k++)
        out[k] = NULL;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *kn = bp_node(c, p->key);
        const char *key = bp_scalar(c, kn, "a key");
        if (!key)
            return -1;
        size_t k = 0;
        while (k < nkeys && strcmp(key, keys[k]))
            k++;
        if (k == nkeys) {
            char list[400] = "";
            for (size_t j = 0; j < nkeys; j++) {
                size_t used = strlen(list);
                snprintf(list + used, sizeof list - used, "%s%s", j ? ", " : "", keys[j]);
            }
            return bp_fail(c, kn, "unknown key '%s' in %s (expected one of: %s)", key, what, list);
        }
        if (out[k])
            return bp_fail(c, kn, "duplicate key '%s' in %s", key, what);
        out[k] = bp_node(c, p->value);
    }
    for (size_t k = 0; k < nkeys; k++)
        if ((required >> k & 1u) && !out[k])
            return bp_fail(c, n, "missing required key '%s' in %s", keys[k], what);
    return 0;
}

/* A list node's items; *count gets their number. */
int bp_get_list(struct pctx *c, const yaml_node_t *n, const char *what,
                size_t min, yaml_node_item_t **items, size_t *count)
{
    if (n->type != YAML_SEQUENCE_NODE)
        return bp_fail(c, n, "expected %s as a list", what);
    size_t cnt = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    if (cnt < min)
        return bp_fail(c, n, "expected at least %zu entr%s in %s", min,
                       min == 1 ? "y" : "ies", what);
    if (cnt > BOARD_MAX_ITEMS)
        return bp_fail(c, n, "expected at most %d entries in %s", BOARD_MAX_ITEMS, what);
    *items = n->data.sequence.items.start;
    *count = cnt;
    return 0;
}

/* ---- the document ---------------------------------------------------- */

/* libyaml's own errors (syntax, bad indentation, unknown alias) in our
 * file:line:col form. */
static int yaml_fail(struct pctx *c, const yaml_parser_t *p)
{
    const char *what = p->problem ? p->problem : "malformed YAML";
    if (p->context)
        snprintf(c->err, c->errlen, "%s:%lu:%lu: YAML syntax error: %s %s (expected valid YAML)",
                 c->file, (unsigned long)p->problem_mark.line + 1,
                 (unsigned long)p->problem_mark.column + 1, what, p->context);
    else
        snprintf(c->err, c->errlen, "%s:%lu:%lu: YAML syntax error: %s (expected valid YAML)",
                 c->file, (unsigned long)p->problem_mark.line + 1,
                 (unsigned long)p->problem_mark.column + 1, what);
    return -1;
}

/* libyaml slows down quadratically with nesting depth (a 40000-deep
 * "[[[..." takes seconds), and no board needs more than a few levels, so a
 * first pass over the events stops at BOARD_MAX_DEPTH before the loader
 * ever sees such input. Syntax errors are left for the loader to report. */
int bp_check_depth(struct pctx *c, const char *text, size_t len)
{
    yaml_parser_t p;
    yaml_event_t e;
    int depth = 0, rc = 0;
    if (!yaml_parser_initialize(&p))
        return 0;
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    while (yaml_parser_parse(&p, &e)) {
        bool end = e.type == YAML_STREAM_END_EVENT;
        if (e.type == YAML_SEQUENCE_START_EVENT || e.type == YAML_MAPPING_START_EVENT) {
            if (++depth > BOARD_MAX_DEPTH) {
                snprintf(c->err, c->errlen, "%s:%lu:%lu: expected at most %d levels of nesting",
                         c->file, (unsigned long)e.start_mark.line + 1,
                         (unsigned long)e.start_mark.column + 1, BOARD_MAX_DEPTH);
                rc = -1;
                end = true;
            }
        } else if (e.type == YAML_SEQUENCE_END_EVENT || e.type == YAML_MAPPING_END_EVENT) {
            depth--;
        }
        yaml_event_delete(&e);
        if (end)
            break;
    }
    yaml_parser_delete(&p);
    return rc;
}

/* Loads the one document of the text into doc; a second one is an error
 * (a stray '---' usually means two boards pasted into one file). */
int bp_load_document(struct pctx *c, yaml_parser_t *p, yaml_document_t *doc)
{
    if (!yaml_parser_load(p, doc))
        return yaml_fail(c, p);
    yaml_document_t extra;
    if (!yaml_parser_load(p, &extra)) {
        yaml_document_delete(doc);
        return yaml_fail(c, p);
    }
    yaml_node_t *more = yaml_document_get_root_node(&extra);
    int rc = 0;
    if (more)
        rc = bp_fail(c, more, "expected one board per file, found a second YAML document");
    yaml_document_delete(&extra);
    if (rc)
        yaml_document_delete(doc);
    return rc;
}
