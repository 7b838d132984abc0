/* Board files: libyaml's document loader gives a node tree with marks; this
 * file walks it against the schema in docs/boards.md, converting and
 * checking every value, and fills a struct board_desc.
 *
 * The walker only descends into shapes the schema names, to a fixed depth,
 * so aliases (even recursive ones) cannot make it loop. */
#include "emu/board.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* Board files are small; the cap keeps a hostile input cheap. */
#define BOARD_MAX_FILE_BYTES (1u << 20)
#define BOARD_MAX_ITEMS 256   /* per list: cores, regions, devices, ... */
#define BOARD_MAX_IRQ 479     /* ARMv7-M: 496 exceptions, 16 of them system */
#define BOARD_MAX_DEPTH 16     /* the schema needs 5 levels (params lists) */
#define BOARD_PAGE_BYTES 4096u /* emu/bus.h maps memory and MMIO in 4 KiB pages */

struct pctx {
    yaml_document_t *doc;
    const char *file;
    char *err;
    size_t errlen;
};

/* ---- errors and node access ------------------------------------------ */

static void failv(struct pctx *c, unsigned long line, unsigned long col,
                  const char *fmt, va_list ap)
{
    int k = snprintf(c->err, c->errlen, "%s:%lu:%lu: ", c->file, line, col);
    if (k >= 0 && (size_t)k < c->errlen)
        vsnprintf(c->err + k, c->errlen - (size_t)k, fmt, ap);
}

static int fail(struct pctx *c, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(struct pctx *c, const yaml_node_t *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    failv(c, n ? (unsigned long)n->start_mark.line + 1 : 1ul,
          n ? (unsigned long)n->start_mark.column + 1 : 1ul, fmt, ap);
    va_end(ap);
    return -1;
}

/* The same, at an item's recorded location (checks after parsing). */
static int fail_at(struct pctx *c, struct board_loc l, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail_at(struct pctx *c, struct board_loc l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    failv(c, l.line, l.col, fmt, ap);
    va_end(ap);
    return -1;
}

static yaml_node_t *node(struct pctx *c, int index)
{
    return yaml_document_get_node(c->doc, index);
}

static struct board_loc loc_of(const yaml_node_t *n)
{
    struct board_loc l = { (unsigned)n->start_mark.line + 1, (unsigned)n->start_mark.column + 1 };
    return l;
}

/* A scalar's text, or NULL (with an error) for anything else or text with
 * an embedded NUL, which no field of ours can hold. */
static const char *scalar(struct pctx *c, const yaml_node_t *n, const char *what)
{
    if (n->type != YAML_SCALAR_NODE) {
        fail(c, n, "expected %s, found a %s", what,
             n->type == YAML_MAPPING_NODE ? "mapping" : "list");
        return NULL;
    }
    const char *s = (const char *)n->data.scalar.value;
    if (strlen(s) != n->data.scalar.length) {
        fail(c, n, "expected %s without NUL characters", what);
        return NULL;
    }
    return s;
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p) {
        fputs("ttemu: out of memory\n", stderr);
        abort();
    }
    return p;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xcalloc(n, 1), s, n);
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

static int get_str(struct pctx *c, const yaml_node_t *n, const char *what, char **dst)
{
    const char *s = scalar(c, n, what);
    if (!s)
        return -1;
    if (!*s)
        return fail(c, n, "expected %s, found an empty string", what);
    free(*dst);
    *dst = xstrdup(s);
    return 0;
}

/* A name: letters, digits and - _ . @ so it reads well in reports. */
static int get_name(struct pctx *c, const yaml_node_t *n, char **dst)
{
    const char *s = scalar(c, n, "a name");
    if (!s)
        return -1;
    size_t len = strlen(s);
    if (len == 0 || len > 47)
        return fail(c, n, "expected a name of 1 to 47 characters");
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
              (*p >= '0' && *p <= '9') || strchr("-_.@", *p)))
            return fail(c, n, "expected a name of letters, digits, '-', '_', '.' or '@', "
                        "found '%s'", s);
    free(*dst);
    *dst = xstrdup(s);
    return 0;
}

static int get_num(struct pctx *c, const yaml_node_t *n, const char *what,
                   double min, double max, double *dst)
{
    const char *s = scalar(c, n, what);
    if (!s)
        return -1;
    double v;
    if (!board_parse_number(s, &v))
        return fail(c, n, "expected %s (a number such as 12, 0x1f, 2.5 or 156M), found '%s'",
                    what, s);
    if (v < min || v > max)
        return fail(c, n, "expected %s in [%.17g, %.17g], found '%s'", what, min, max, s);
    *dst = v;
    return 0;
}

static int get_uint(struct pctx *c, const yaml_node_t *n, const char *what,
                    uint64_t min, uint64_t max, uint64_t *dst)
{
    double v;
    if (get_num(c, n, what, (double)min, (double)max, &v))
        return -1;
    if (v != floor(v))
        return fail(c, n, "expected %s as a whole number, found '%s'", what,
                    (const char *)n->data.scalar.value);
    *dst = (uint64_t)v;
    return 0;
}

static int get_u32(struct pctx *c, const yaml_node_t *n, const char *what,
                   uint64_t min, uint64_t max, uint32_t *dst)
{
    uint64_t v;
    if (get_uint(c, n, what, min, max, &v))
        return -1;
    *dst = (uint32_t)v;
    return 0;
}

static int get_enum(struct pctx *c, const yaml_node_t *n, const char *what,
                    const char *const names[], size_t nnames, int *dst)
{
    const char *s = scalar(c, n, what);
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
    return fail(c, n, "expected %s (one of: %s), found '%s'", what, list, s);
}

/* ---- mappings against a key list ------------------------------------- */

#define NKEYS(keys) (sizeof (keys) / sizeof (keys)[0])
#define REQ(k) (1u << (k))  /* keys[k] is required */

/* Checks that n is a mapping whose keys are all in keys[] (each at most
 * once) and that every key whose bit is set in `required` is present;
 * out[k] gets the value node of keys[k] or NULL. */
static int get_keys(struct pctx *c, const yaml_node_t *n, const char *what,
                    const char *const keys[], size_t nkeys, unsigned required,
                    yaml_node_t *out[])
{
    if (n->type != YAML_MAPPING_NODE)
        return fail(c, n, "expected %s as a mapping of keys", what);
    for (size_t k = 0; k < nkeys; k++)
        out[k] = NULL;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *kn = node(c, p->key);
        const char *key = scalar(c, kn, "a key");
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
            return fail(c, kn, "unknown key '%s' in %s (expected one of: %s)", key, what, list);
        }
        if (out[k])
            return fail(c, kn, "duplicate key '%s' in %s", key, what);
        out[k] = node(c, p->value);
    }
    for (size_t k = 0; k < nkeys; k++)
        if ((required >> k & 1u) && !out[k])
            return fail(c, n, "missing required key '%s' in %s", keys[k], what);
    return 0;
}

/* A list node's items; *count gets their number. */
static int get_list(struct pctx *c, const yaml_node_t *n, const char *what,
                    size_t min, yaml_node_item_t **items, size_t *count)
{
    if (n->type != YAML_SEQUENCE_NODE)
        return fail(c, n, "expected %s as a list", what);
    size_t cnt = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    if (cnt < min)
        return fail(c, n, "expected at least %zu entr%s in %s", min, min == 1 ? "y" : "ies", what);
    if (cnt > BOARD_MAX_ITEMS)
        return fail(c, n, "expected at most %d entries in %s", BOARD_MAX_ITEMS, what);
    *items = n->data.sequence.items.start;
    *count = cnt;
    return 0;
}

/* ---- sections -------------------------------------------------------- */

static const char *const core_kinds[] = { "cortex-m4", "cortex-m4f", "cortex-m7" };
static const char *const mem_kinds[] = { "flash", "rom", "sram", "tcm", "sdram" };
static const char *const link_kinds[] = { "parallel", "spi", "csi2", "usb2" };

static int parse_clock_levels(struct pctx *c, const yaml_node_t *n, struct board_core *core)
{
    yaml_node_item_t *items;
    size_t cnt;
    if (get_list(c, n, "clock_levels_hz", 1, &items, &cnt))
        return -1;
    core->clock_levels_hz = xcalloc(cnt, sizeof *core->clock_levels_hz);
    core->nclock_levels = cnt;
    for (size_t k = 0; k < cnt; k++)
        if (get_uint(c, node(c, items[k]), "a clock in Hz", 1, UINT64_C(100000000000),
                     &core->clock_levels_hz[k]))
            return -1;
    return 0;
}

static bool is_pow2(uint64_t v) { return v && !(v & (v - 1)); }

/* icache/dcache of a core: { size, line, ways, miss_cycles, hit_cycles } */
static int parse_cache(struct pctx *c, const yaml_node_t *n, const char *what,
                       struct board_cache *k)
{
    static const char *const keys[] = { "size", "line", "ways", "miss_cycles", "hit_cycles" };
    yaml_node_t *v[5];
    uint32_t miss, hit = 0;
    k->loc = loc_of(n);
    if (get_keys(c, n, what, keys, NKEYS(keys), REQ(0) | REQ(1) | REQ(2) | REQ(3), v) ||
        get_u32(c, v[0], "a cache size in bytes", 256, UINT64_C(1) << 20, &k->size) ||
        get_u32(c, v[1], "a cache line size in bytes", 4, 256, &k->line) ||
        get_u32(c, v[2], "a number of ways", 1, 64, &k->ways) ||
        get_u32(c, v[3], "a cycle count", 0, 10000, &miss) ||
        (v[4] && get_u32(c, v[4], "a cycle count", 0, 10000, &hit)))
        return -1;
    for (int j = 0; j < 3; j++) {
        uint32_t x = j == 0 ? k->size : j == 1 ? k->line : k->ways;
        if (!is_pow2(x))
            return fail(c, v[j], "expected a power of two, found '%s'",
                        (const char *)v[j]->data.scalar.value);
    }
    if ((uint64_t)k->line * k->ways > k->size)
        return fail(c, v[0], "expected the cache size to hold at least one set "
                    "(line x ways = %u bytes)", k->line * k->ways);
    k->miss_cycles = miss;
    k->hit_cycles = hit;
    k->present = true;
    return 0;
}

static int parse_core(struct pctx *c, const yaml_node_t *n, struct board_core *core)
{
    static const char *const keys[] = { "name", "kind", "clock_hz", "clock_levels_hz", "power",
                                        "icache", "dcache" };
    yaml_node_t *v[7];
    int kind;
    core->loc = loc_of(n);
    if (get_keys(c, n, "a core", keys, NKEYS(keys), REQ(0) | REQ(1) | REQ(2), v) || get_name(c, v[0], &core->name) ||
        get_enum(c, v[1], "a core kind", core_kinds, NKEYS(core_kinds), &kind) ||
        get_uint(c, v[2], "a clock in Hz", 1, UINT64_C(100000000000), &core->clock_hz))
        return -1;
    core->kind = (enum board_core_kind)kind;
    if (v[4] && get_name(c, v[4], &core->power))
        return -1;
    for (int j = 5; j <= 6; j++) {
        if (!v[j])
            continue;
        if (core->kind != BOARD_CORE_M7)
            return fail(c, v[j], "expected no %s on a %s core (only cortex-m7 has caches)",
                        keys[j], core_kinds[kind]);
        if (parse_cache(c, v[j], j == 5 ? "an icache" : "a dcache",
                        j == 5 ? &core->icache : &core->dcache))
            return -1;
    }
    if (!v[3]) {  /* one fixed clock */
        core->clock_levels_hz = xcalloc(1, sizeof *core->clock_levels_hz);
        core->clock_levels_hz[0] = core->clock_hz;
        core->nclock_levels = 1;
        return 0;
    }
    if (parse_clock_levels(c, v[3], core))
        return -1;
    for (size_t k = 0; k < core->nclock_levels; k++)
        if (core->clock_levels_hz[k] == core->clock_hz)
            return 0;
    return fail(c, v[2], "expected clock_hz to be one of the core's clock_levels_hz");
}

static int parse_region(struct pctx *c, const yaml_node_t *n, struct board_region *r)
{
    static const char *const keys[] = { "name", "base", "size", "kind", "wait_read",
                                        "wait_write", "read_pj", "write_pj", "power" };
    yaml_node_t *v[9];
    int kind;
    r->loc = loc_of(n);
    if (get_keys(c, n, "a memory region", keys, NKEYS(keys), REQ(0) | REQ(1) | REQ(2) | REQ(3), v) || get_name(c, v[0], &r->name) ||
        get_u32(c, v[1], "a base address", 0, UINT32_MAX, &r->base) ||
        get_u32(c, v[2], "a size in bytes", 1, UINT64_C(1) << 32, &r->size) ||
        get_enum(c, v[3], "a memory kind", mem_kinds, NKEYS(mem_kinds), &kind))
        return -1;
    /* size 2^32 does not fit a uint32_t; no board needs the whole space */
    if (r->size == 0 || (uint64_t)r->base + r->size > (UINT64_C(1) << 32))
        return fail(c, v[2], "expected the region to end at or below 4 GiB");
    if (r->base % BOARD_PAGE_BYTES || r->size % BOARD_PAGE_BYTES)
        return fail(c, r->base % BOARD_PAGE_BYTES ? v[1] : v[2],
                    "expected a multiple of 4 KiB (the bus maps 4 KiB pages)");
    r->kind = (enum board_mem_kind)kind;
    uint32_t w;
    if (v[4] && get_u32(c, v[4], "wait states", 0, 255, &w))
        return -1;
    r->wait_read = v[4] ? w : 0;
    if (v[5] && get_u32(c, v[5], "wait states", 0, 255, &w))
        return -1;
    r->wait_write = v[5] ? w : 0;
    r->has_energy = v[6] || v[7];
    if ((v[6] && get_num(c, v[6], "an energy in pJ", 0, 1e12, &r->read_pj)) ||
        (v[7] && get_num(c, v[7], "an energy in pJ", 0, 1e12, &r->write_pj)))
        return -1;
    return v[8] ? get_name(c, v[8], &r->power) : 0;
}

static int parse_param_list(struct pctx *c, const yaml_node_t *n, struct board_param *p)
{
    yaml_node_item_t *items;
    size_t cnt;
    if (get_list(c, n, "a parameter list", 0, &items, &cnt))
        return -1;
    p->kind = BOARD_PARAM_LIST;
    p->list = xcalloc(cnt, sizeof *p->list);
    p->nlist = cnt;
    for (size_t k = 0; k < cnt; k++)
        if (get_num(c, node(c, items[k]), "a number", -1e300, 1e300, &p->list[k]))
            return -1;
    return 0;
}

static int parse_params(struct pctx *c, const yaml_node_t *n, struct board_param **out,
                        size_t *nout)
{
    if (n->type != YAML_MAPPING_NODE)
        return fail(c, n, "expected params as a mapping of keys");
    size_t cnt = (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
    if (cnt > BOARD_MAX_ITEMS)
        return fail(c, n, "expected at most %d params", BOARD_MAX_ITEMS);
    *out = xcalloc(cnt, sizeof **out);
    for (size_t k = 0; k < cnt; k++) {
        yaml_node_pair_t *pair = &n->data.mapping.pairs.start[k];
        yaml_node_t *kn = node(c, pair->key), *vn = node(c, pair->value);
        struct board_param *p = &(*out)[k];
        *nout = k + 1;  /* so board_free sees what was filled */
        p->loc = loc_of(kn);
        if (get_name(c, kn, &p->key))
            return -1;
        if (board_param_find(*out, k, p->key))
            return fail(c, kn, "duplicate key '%s' in params", p->key);
        if (vn->type == YAML_SEQUENCE_NODE) {
            if (parse_param_list(c, vn, p))
                return -1;
            continue;
        }
        const char *s = scalar(c, vn, "a number, a string or a list of numbers");
        if (!s)
            return -1;
        p->text = xstrdup(s);
        bool plain = vn->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        p->kind = plain && board_parse_number(s, &p->num) ? BOARD_PARAM_NUM : BOARD_PARAM_STR;
    }
    return 0;
}

static int parse_device(struct pctx *c, const yaml_node_t *n, struct board_device *d)
{
    static const char *const keys[] = { "name", "type", "base", "size", "irq", "power", "params" };
    yaml_node_t *v[7];
    d->loc = loc_of(n);
    d->irq = -1;
    if (get_keys(c, n, "a device", keys, NKEYS(keys), REQ(0) | REQ(1), v) || get_name(c, v[0], &d->name) ||
        get_name(c, v[1], &d->type))
        return -1;
    if (v[2] && !v[3])
        return fail(c, n, "missing required key 'size' in a device with a base");
    if (v[3] && !v[2])
        return fail(c, n, "missing required key 'base' in a device with a size");
    if (v[2] && (get_u32(c, v[2], "a base address", 0, UINT32_MAX, &d->base) ||
                 get_u32(c, v[3], "a size in bytes", 1, UINT32_MAX, &d->size)))
        return -1;
    if (v[2] && d->base % BOARD_PAGE_BYTES)
        return fail(c, v[2], "expected a multiple of 4 KiB (the bus maps 4 KiB pages)");
    /* the bus rounds a window up to whole pages; check what it will map */
    uint64_t mapped = ((uint64_t)d->size + BOARD_PAGE_BYTES - 1) / BOARD_PAGE_BYTES * BOARD_PAGE_BYTES;
    if (v[2] && (uint64_t)d->base + mapped > (UINT64_C(1) << 32))
        return fail(c, v[3], "expected the device window to end at or below 4 GiB");
    uint32_t irq;
    if (v[4]) {
        if (get_u32(c, v[4], "an interrupt number", 0, BOARD_MAX_IRQ, &irq))
            return -1;
        d->irq = (int)irq;
    }
    if (v[5] && get_name(c, v[5], &d->power))
        return -1;
    return v[6] ? parse_params(c, v[6], &d->params, &d->nparams) : 0;
}

static int parse_link(struct pctx *c, const yaml_node_t *n, struct board_link *l)
{
    static const char *const keys[] = { "name", "kind", "from", "to", "bandwidth_bps",
                                        "overhead_ns", "power", "params" };
    yaml_node_t *v[8];
    int kind;
    double ns = 0;
    l->loc = loc_of(n);
    if (get_keys(c, n, "a link", keys, NKEYS(keys), REQ(0) | REQ(1) | REQ(2) | REQ(3) | REQ(4), v) || get_name(c, v[0], &l->name) ||
        get_enum(c, v[1], "a link kind", link_kinds, NKEYS(link_kinds), &kind) ||
        get_name(c, v[2], &l->from) || get_name(c, v[3], &l->to) ||
        get_uint(c, v[4], "a bandwidth in bit/s", 1, UINT64_C(1000000000000), &l->bandwidth_bps) ||
        (v[5] && get_num(c, v[5], "an overhead in ns", 0, 1e12, &ns)) ||
        (v[6] && get_name(c, v[6], &l->power)))
        return -1;
    l->kind = (enum board_link_kind)kind;
    l->overhead_ps = (uint64_t)llround(ns * 1000.0);
    return v[7] ? parse_params(c, v[7], &l->params, &l->nparams) : 0;
}

/* A state is either `NAME: MW` or `NAME: {power_mw: .., uw_per_mhz: .., voltage_v: ..}`. */
static int parse_state(struct pctx *c, yaml_node_t *kn, yaml_node_t *vn,
                       struct board_power_state *s)
{
    static const char *const keys[] = { "power_mw", "uw_per_mhz", "voltage_v" };
    yaml_node_t *v[3];
    s->loc = loc_of(kn);
    if (get_name(c, kn, &s->name))
        return -1;
    if (vn->type == YAML_SCALAR_NODE)
        return get_num(c, vn, "a power in mW", 0, 1e6, &s->power_mw);
    if (get_keys(c, vn, "a power state", keys, NKEYS(keys), REQ(0), v) ||
        get_num(c, v[0], "a power in mW", 0, 1e6, &s->power_mw) ||
        (v[1] && get_num(c, v[1], "a power in uW/MHz", 0, 1e6, &s->uw_per_mhz)) ||
        (v[2] && get_num(c, v[2], "a voltage in V", 0, 100, &s->voltage_v)))
        return -1;
    return 0;
}

static int parse_states(struct pctx *c, const yaml_node_t *n, struct board_power_comp *pc)
{
    if (n->type != YAML_MAPPING_NODE)
        return fail(c, n, "expected states as a mapping of state name to power");
    size_t cnt = (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
    if (cnt == 0 || cnt > BOARD_MAX_ITEMS)
        return fail(c, n, "expected 1 to %d power states", BOARD_MAX_ITEMS);
    pc->states = xcalloc(cnt, sizeof *pc->states);
    for (size_t k = 0; k < cnt; k++) {
        yaml_node_pair_t *p = &n->data.mapping.pairs.start[k];
        pc->nstates = k + 1;
        if (parse_state(c, node(c, p->key), node(c, p->value), &pc->states[k]))
            return -1;
        for (size_t j = 0; j < k; j++)
            if (!strcmp(pc->states[j].name, pc->states[k].name))
                return fail(c, node(c, p->key), "duplicate power state '%s'", pc->states[k].name);
    }
    return 0;
}

static int parse_actions(struct pctx *c, const yaml_node_t *n, struct board_power_comp *pc)
{
    if (n->type != YAML_MAPPING_NODE)
        return fail(c, n, "expected actions_pj as a mapping of action name to pJ");
    size_t cnt = (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
    if (cnt > BOARD_MAX_ITEMS)
        return fail(c, n, "expected at most %d actions", BOARD_MAX_ITEMS);
    pc->actions = xcalloc(cnt, sizeof *pc->actions);
    for (size_t k = 0; k < cnt; k++) {
        yaml_node_pair_t *p = &n->data.mapping.pairs.start[k];
        yaml_node_t *kn = node(c, p->key);
        struct board_power_action *a = &pc->actions[k];
        pc->nactions = k + 1;
        a->loc = loc_of(kn);
        if (get_name(c, kn, &a->name) ||
            get_num(c, node(c, p->value), "an energy in pJ", 0, 1e15, &a->energy_pj))
            return -1;
        for (size_t j = 0; j < k; j++)
            if (!strcmp(pc->actions[j].name, a->name))
                return fail(c, kn, "duplicate action '%s'", a->name);
    }
    return 0;
}

static int parse_power_comp(struct pctx *c, const yaml_node_t *n, struct board_power_comp *pc)
{
    static const char *const keys[] = { "name", "states", "initial", "clock_hz", "actions_pj" };
    yaml_node_t *v[5];
    pc->loc = loc_of(n);
    if (get_keys(c, n, "a power component", keys, NKEYS(keys), REQ(0) | REQ(1), v) || get_name(c, v[0], &pc->name) ||
        parse_states(c, v[1], pc) ||
        (v[3] && get_uint(c, v[3], "a clock in Hz", 1, UINT64_C(100000000000), &pc->clock_hz)) ||
        (v[4] && parse_actions(c, v[4], pc)))
        return -1;
    if (!v[2])
        return 0;  /* the first state written */
    char *init = NULL;
    if (get_name(c, v[2], &init))
        return -1;
    for (size_t k = 0; k < pc->nstates; k++)
        if (!strcmp(pc->states[k].name, init)) {
            pc->initial = k;
            free(init);
            return 0;
        }
    fail(c, v[2], "expected initial to name one of the component's states, found '%s'", init);
    free(init);
    return -1;
}

/* ---- lists of items -------------------------------------------------- */

typedef int (*item_fn)(struct pctx *c, const yaml_node_t *n, void *item);

static int core_item(struct pctx *c, const yaml_node_t *n, void *it) { return parse_core(c, n, it); }
static int region_item(struct pctx *c, const yaml_node_t *n, void *it) { return parse_region(c, n, it); }
static int device_item(struct pctx *c, const yaml_node_t *n, void *it) { return parse_device(c, n, it); }
static int link_item(struct pctx *c, const yaml_node_t *n, void *it) { return parse_link(c, n, it); }
static int power_item(struct pctx *c, const yaml_node_t *n, void *it) { return parse_power_comp(c, n, it); }

/* Allocates *arr for the list's items and parses each; *count tracks how
 * many were started so board_free can release a partial result. */
static int parse_section(struct pctx *c, const yaml_node_t *n, const char *what, size_t min,
                         size_t elsize, item_fn fn, void **arr, size_t *count)
{
    yaml_node_item_t *items;
    size_t cnt;
    if (get_list(c, n, what, min, &items, &cnt))
        return -1;
    *arr = xcalloc(cnt, elsize);
    for (size_t k = 0; k < cnt; k++) {
        *count = k + 1;
        if (fn(c, node(c, items[k]), (char *)*arr + k * elsize))
            return -1;
    }
    return 0;
}

/* ---- whole-board checks ---------------------------------------------- */

struct named {
    const char *name;
    struct board_loc loc;
};

/* Names are unique within each section (n is small: a quadratic scan). */
static int check_unique(struct pctx *c, const char *what, const struct named *v, size_t n)
{
    for (size_t k = 1; k < n; k++)
        for (size_t j = 0; j < k; j++)
            if (!strcmp(v[k].name, v[j].name))
                return fail_at(c, v[k].loc, "duplicate %s name '%s' (first at line %u)",
                               what, v[k].name, v[j].loc.line);
    return 0;
}

struct window {
    uint32_t base;
    uint64_t size;
    const char *what, *name;
    struct board_loc loc;
};

static int window_cmp(const void *pa, const void *pb)
{
    const struct window *a = pa, *b = pb;
    return a->base < b->base ? -1 : a->base > b->base;
}

static int check_overlaps(struct pctx *c, const struct board_desc *b)
{
    struct window *w = xcalloc(b->nregions + b->ndevices, sizeof *w);
    size_t n = 0;
    for (size_t k = 0; k < b->nregions; k++)
        w[n++] = (struct window){ b->regions[k].base, b->regions[k].size, "memory region",
                                  b->regions[k].name, b->regions[k].loc };
    for (size_t k = 0; k < b->ndevices; k++)
        if (b->devices[k].size)  /* as mapped: whole 4 KiB pages */
            w[n++] = (struct window){ b->devices[k].base,
                                      ((uint64_t)b->devices[k].size + BOARD_PAGE_BYTES - 1) /
                                          BOARD_PAGE_BYTES * BOARD_PAGE_BYTES, "device",
                                      b->devices[k].name, b->devices[k].loc };
    qsort(w, n, sizeof *w, window_cmp);
    int rc = 0;
    for (size_t k = 1; k < n && !rc; k++) {
        if ((uint64_t)w[k - 1].base + w[k - 1].size <= w[k].base)
            continue;
        /* report at whichever of the two comes later in the file */
        const struct window *x = &w[k], *y = &w[k - 1];
        if (x->loc.line < y->loc.line || (x->loc.line == y->loc.line && x->loc.col < y->loc.col))
            x = &w[k - 1], y = &w[k];
        rc = fail_at(c, x->loc, "expected %s '%s' [0x%08x, 0x%08llx) not to overlap %s '%s' "
                     "[0x%08x, 0x%08llx)", x->what, x->name, (unsigned)x->base,
                     (unsigned long long)x->base + x->size, y->what, y->name, (unsigned)y->base,
                     (unsigned long long)y->base + y->size);
    }
    free(w);
    return rc;
}

static int check_names(struct pctx *c, const struct board_desc *b)
{
    size_t max = b->ncores + b->nregions + b->ndevices + b->nlinks + b->npower;
    struct named *v = xcalloc(max, sizeof *v);
    int rc = 0;
#define CHECK_SECTION(arr, cnt, what)                                   \
    do {                                                                \
        for (size_t k = 0; k < (cnt); k++)                              \
            v[k] = (struct named){ (arr)[k].name, (arr)[k].loc };       \
        if (!rc)                                                        \
            rc = check_unique(c, what, v, cnt);                         \
    } while (0)
    CHECK_SECTION(b->cores, b->ncores, "core");
    CHECK_SECTION(b->regions, b->nregions, "memory region");
    CHECK_SECTION(b->devices, b->ndevices, "device");
    CHECK_SECTION(b->links, b->nlinks, "link");
    CHECK_SECTION(b->power, b->npower, "power component");
#undef CHECK_SECTION
    free(v);
    return rc;
}

static int check_power_ref(struct pctx *c, const struct board_desc *b, const char *ref,
                           const char *owner, struct board_loc loc)
{
    if (!ref || board_find_power(b, ref))
        return 0;
    return fail_at(c, loc, "expected power '%s' of %s to name a power component", ref, owner);
}

static int check_refs(struct pctx *c, const struct board_desc *b)
{
    for (size_t k = 0; k < b->ncores; k++)
        if (check_power_ref(c, b, b->cores[k].power, b->cores[k].name, b->cores[k].loc))
            return -1;
    for (size_t k = 0; k < b->nregions; k++)
        if (check_power_ref(c, b, b->regions[k].power, b->regions[k].name, b->regions[k].loc))
            return -1;
    for (size_t k = 0; k < b->ndevices; k++)
        if (check_power_ref(c, b, b->devices[k].power, b->devices[k].name, b->devices[k].loc))
            return -1;
    for (size_t k = 0; k < b->nlinks; k++) {
        const struct board_link *l = &b->links[k];
        if (check_power_ref(c, b, l->power, l->name, l->loc))
            return -1;
        const char *ends[2] = { l->from, l->to };
        for (int e = 0; e < 2; e++)
            if (!board_find_core(b, ends[e]) && !board_find_device(b, ends[e]))
                return fail_at(c, l->loc, "expected '%s' of link '%s' to name a core or a device",
                               ends[e], l->name);
    }
    return 0;
}

static int check_boot(struct pctx *c, const struct board_desc *b, const yaml_node_t *boot)
{
    for (size_t k = 0; k < b->nregions; k++)
        if (b->boot_addr >= b->regions[k].base &&
            (uint64_t)b->boot_addr + 8 <= (uint64_t)b->regions[k].base + b->regions[k].size)
            return 0;
    return fail(c, boot, "expected boot address 0x%08x (the vector table) inside a memory region",
                (unsigned)b->boot_addr);
}

/* ---- the document ---------------------------------------------------- */

static int parse_board(struct pctx *c, yaml_node_t *root, struct board_desc *b)
{
    static const char *const keys[] = { "name", "description", "boot", "cores", "memory",
                                        "devices", "links", "power" };
    yaml_node_t *v[8];
    if (!root)
        return fail(c, NULL, "expected a board description, found an empty document");
    if (get_keys(c, root, "the board", keys, NKEYS(keys),
                 REQ(0) | REQ(1) | REQ(3) | REQ(4), v) || get_name(c, v[0], &b->name) ||
        get_str(c, v[1], "a one-line description", &b->description))
        return -1;
    if (strchr(b->description, '\n'))
        return fail(c, v[1], "expected a one-line description");
    if (parse_section(c, v[3], "cores", 1, sizeof *b->cores, core_item,
                      (void **)&b->cores, &b->ncores) ||
        parse_section(c, v[4], "memory", 1, sizeof *b->regions, region_item,
                      (void **)&b->regions, &b->nregions) ||
        (v[5] && parse_section(c, v[5], "devices", 0, sizeof *b->devices, device_item,
                               (void **)&b->devices, &b->ndevices)) ||
        (v[6] && parse_section(c, v[6], "links", 0, sizeof *b->links, link_item,
                               (void **)&b->links, &b->nlinks)) ||
        (v[7] && parse_section(c, v[7], "power", 0, sizeof *b->power, power_item,
                               (void **)&b->power, &b->npower)))
        return -1;
    b->boot_addr = b->regions[0].base;
    if (v[2] && get_u32(c, v[2], "a boot address", 0, UINT32_MAX, &b->boot_addr))
        return -1;
    if (check_names(c, b) || check_overlaps(c, b) || check_refs(c, b) ||
        check_boot(c, b, v[2] ? v[2] : v[4]))
        return -1;
    return 0;
}

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
static int check_depth(struct pctx *c, const char *text, size_t len)
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
static int load_document(struct pctx *c, yaml_parser_t *p, yaml_document_t *doc)
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
        rc = fail(c, more, "expected one board per file, found a second YAML document");
    yaml_document_delete(&extra);
    if (rc)
        yaml_document_delete(doc);
    return rc;
}

int board_load_text(const char *text, size_t len, const char *source,
                    struct board_desc *out, char *err, size_t errlen)
{
    struct pctx c = { NULL, source, err, errlen };
    memset(out, 0, sizeof *out);
    out->source = xstrdup(source);
    if (len > BOARD_MAX_FILE_BYTES)
        return fail(&c, NULL, "expected a board file under %u bytes", BOARD_MAX_FILE_BYTES),
               BOARD_EPARSE;
    if (check_depth(&c, text, len))
        return BOARD_EPARSE;
    yaml_parser_t parser;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&parser)) {
        snprintf(err, errlen, "%s: out of memory starting the YAML parser", source);
        return BOARD_EPARSE;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    int rc = load_document(&c, &parser, &doc);
    yaml_parser_delete(&parser);
    if (rc)
        return BOARD_EPARSE;
    c.doc = &doc;
    rc = parse_board(&c, yaml_document_get_root_node(&doc), out);
    yaml_document_delete(&doc);
    if (rc) {
        char *src = out->source;
        out->source = NULL;
        board_free(out);
        out->source = src;  /* kept so the caller can still say which file */
        return BOARD_EPARSE;
    }
    return BOARD_OK;
}

int board_load_file(const char *path, struct board_desc *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return BOARD_ENOENT;
    }
    char *buf = xcalloc(BOARD_MAX_FILE_BYTES + 1, 1);
    size_t len = fread(buf, 1, BOARD_MAX_FILE_BYTES + 1, f);
    int bad = ferror(f);
    fclose(f);
    int rc;
    if (bad) {
        snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
        rc = BOARD_ENOENT;
    } else {
        rc = board_load_text(buf, len, path, out, err, errlen);
    }
    free(buf);
    return rc;
}

/* Tables generated by mk/boards.mk from models/boards/NAME.yaml, in name
 * order, each ending with a NULL name. */
extern const char *const ttemu_board_builtin_names[];
extern const char *const ttemu_board_builtin_texts[];
extern const size_t ttemu_board_builtin_lens[];

size_t board_builtin_names(const char *const **names_out)
{
    size_t n = 0;
    while (ttemu_board_builtin_names[n])
        n++;
    if (names_out)
        *names_out = ttemu_board_builtin_names;
    return n;
}

const char *board_builtin_text(const char *name, size_t *len)
{
    for (size_t k = 0; ttemu_board_builtin_names[k]; k++)
        if (!strcmp(ttemu_board_builtin_names[k], name)) {
            if (len)
                *len = ttemu_board_builtin_lens[k];
            return ttemu_board_builtin_texts[k];
        }
    return NULL;
}

int board_load_builtin(const char *name, struct board_desc *out, char *err, size_t errlen)
{
    size_t len;
    const char *text = board_builtin_text(name, &len);
    memset(out, 0, sizeof *out);
    if (!text) {
        const char *const *names;
        size_t n = board_builtin_names(&names);
        int k = snprintf(err, errlen, "no built-in board '%s' (built-in boards:", name);
        for (size_t j = 0; j < n && k >= 0 && (size_t)k < errlen; j++)
            k += snprintf(err + k, errlen - (size_t)k, " %s", names[j]);
        if (k >= 0 && (size_t)k < errlen)
            snprintf(err + k, errlen - (size_t)k, "; or give a path to a .yaml file)");
        return BOARD_ENOENT;
    }
    char source[96];
    snprintf(source, sizeof source, "builtin:%s.yaml", name);
    return board_load_text(text, len, source, out, err, errlen);
}

static bool ends_with(const char *s, const char *sfx)
{
    size_t n = strlen(s), m = strlen(sfx);
    return n >= m && !strcmp(s + n - m, sfx);
}

int board_load(const char *spec, struct board_desc *out, char *err, size_t errlen)
{
    if (strchr(spec, '/') || ends_with(spec, ".yaml") || ends_with(spec, ".yml"))
        return board_load_file(spec, out, err, errlen);
    return board_load_builtin(spec, out, err, errlen);
}

/* ---- freeing ----------------------------------------------------------- */

static void free_params(struct board_param *p, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        free(p[k].key);
        free(p[k].text);
        free(p[k].list);
    }
    free(p);
}

static void free_power(struct board_power_comp *pc, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        free(pc[k].name);
        for (size_t j = 0; j < pc[k].nstates; j++)
            free(pc[k].states[j].name);
        free(pc[k].states);
        for (size_t j = 0; j < pc[k].nactions; j++)
            free(pc[k].actions[j].name);
        free(pc[k].actions);
    }
    free(pc);
}

void board_free(struct board_desc *b)
{
    if (!b)
        return;
    for (size_t k = 0; k < b->ncores; k++) {
        free(b->cores[k].name);
        free(b->cores[k].clock_levels_hz);
        free(b->cores[k].power);
    }
    for (size_t k = 0; k < b->nregions; k++) {
        free(b->regions[k].name);
        free(b->regions[k].power);
    }
    for (size_t k = 0; k < b->ndevices; k++) {
        free(b->devices[k].name);
        free(b->devices[k].type);
        free(b->devices[k].power);
        free_params(b->devices[k].params, b->devices[k].nparams);
    }
    for (size_t k = 0; k < b->nlinks; k++) {
        free(b->links[k].name);
        free(b->links[k].from);
        free(b->links[k].to);
        free(b->links[k].power);
        free_params(b->links[k].params, b->links[k].nparams);
    }
    free_power(b->power, b->npower);
    free(b->cores);
    free(b->regions);
    free(b->devices);
    free(b->links);
    free(b->name);
    free(b->description);
    free(b->source);
    memset(b, 0, sizeof *b);
}

/* ---- lookups ----------------------------------------------------------- */

#define FIND_BY_NAME(arr, cnt, name)                \
    do {                                            \
        for (size_t k = 0; k < (cnt); k++)          \
            if (!strcmp((arr)[k].name, (name)))     \
                return &(arr)[k];                   \
        return NULL;                                \
    } while (0)

const struct board_core *board_find_core(const struct board_desc *b, const char *name)
{ FIND_BY_NAME(b->cores, b->ncores, name); }
const struct board_region *board_find_region(const struct board_desc *b, const char *name)
{ FIND_BY_NAME(b->regions, b->nregions, name); }
const struct board_device *board_find_device(const struct board_desc *b, const char *name)
{ FIND_BY_NAME(b->devices, b->ndevices, name); }
const struct board_link *board_find_link(const struct board_desc *b, const char *name)
{ FIND_BY_NAME(b->links, b->nlinks, name); }
const struct board_power_comp *board_find_power(const struct board_desc *b, const char *name)
{ FIND_BY_NAME(b->power, b->npower, name); }

const struct board_device *board_find_device_type(const struct board_desc *b, const char *type)
{
    for (size_t k = 0; k < b->ndevices; k++)
        if (!strcmp(b->devices[k].type, type))
            return &b->devices[k];
    return NULL;
}

const struct board_param *board_param_find(const struct board_param *params, size_t n,
                                           const char *key)
{
    for (size_t k = 0; k < n; k++)
        if (params[k].key && !strcmp(params[k].key, key))
            return &params[k];
    return NULL;
}

double board_param_num(const struct board_param *params, size_t n, const char *key, double dflt)
{
    const struct board_param *p = board_param_find(params, n, key);
    return p && p->kind == BOARD_PARAM_NUM ? p->num : dflt;
}

const char *board_param_str(const struct board_param *params, size_t n, const char *key,
                            const char *dflt)
{
    const struct board_param *p = board_param_find(params, n, key);
    return p && p->text ? p->text : dflt;
}

int board_errorf(const struct board_desc *b, struct board_loc loc, char *err, size_t errlen,
                 const char *fmt, ...)
{
    struct pctx c = { NULL, b->source ? b->source : "board", err, errlen };
    va_list ap;
    va_start(ap, fmt);
    failv(&c, loc.line, loc.col, fmt, ap);
    va_end(ap);
    return -1;
}

int board_param_range(const struct board_desc *b, const struct board_param *params, size_t n,
                      const char *key, double min, double max, double dflt, double *out,
                      char *err, size_t errlen)
{
    const struct board_param *p = board_param_find(params, n, key);
    if (!p) {
        *out = dflt;
        return 0;
    }
    if (p->kind != BOARD_PARAM_NUM || p->num < min || p->num > max)
        return board_errorf(b, p->loc, err, errlen, "expected %s to be a number in [%.17g, %.17g], "
                            "found %s%s%s", key, min, max, p->text ? "'" : "a list",
                            p->text ? p->text : "", p->text ? "'" : "");
    *out = p->num;
    return 0;
}

const char *board_core_kind_name(enum board_core_kind k)
{
    return (unsigned)k < NKEYS(core_kinds) ? core_kinds[k] : "?";
}

const char *board_mem_kind_name(enum board_mem_kind k)
{
    return (unsigned)k < NKEYS(mem_kinds) ? mem_kinds[k] : "?";
}

const char *board_link_kind_name(enum board_link_kind k)
{
    return (unsigned)k < NKEYS(link_kinds) ? link_kinds[k] : "?";
}
