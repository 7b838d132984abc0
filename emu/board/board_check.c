/* Board files, the whole-board rules that no single section can check
 * (unique names, no overlapping address windows, references to power
 * components, cores and devices, the boot address), and the lookups the
 * rest of ttemu uses on a loaded board. */
#include "emu/board/board_internal.h"

#include <stdlib.h>
#include <string.h>

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
                return bp_fail_at(c, v[k].loc, "duplicate %s name '%s' (first at line %u)",
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
    struct window *w = bp_xcalloc(b->nregions + b->ndevices, sizeof *w);
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
        rc = bp_fail_at(c, x->loc, "expected %s '%s' [0x%08x, 0x%08llx) not to overlap %s '%s' "
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
    struct named *v = bp_xcalloc(max, sizeof *v);
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
    return bp_fail_at(c, loc, "expected power '%s' of %s to name a power component", ref, owner);
}

static int check_refs(struct pctx *c, const struct board_desc *b)
{
    for (size_t k = 0; k < b->ncores; k++)
        if (check_power_ref(c, b, b->cores[k].power, b->cores[k].name, b->cores[k].loc))
            return -1;
    for (size_t k = 0; k < b->nregions; k++) {
        const struct board_region *r = &b->regions[k];
        if (check_power_ref(c, b, r->power, r->name, r->loc))
            return -1;
        if (r->has_energy && !r->power) /* the energy per access needs a place to go */
            return bp_fail_at(c, r->loc, "expected power: naming the component that the "
                              "read_pj/write_pj of region '%s' are charged to", r->name);
    }
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
                return bp_fail_at(c, l->loc,
                                  "expected '%s' of link '%s' to name a core or a device",
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
    return bp_fail(c, boot,
                   "expected boot address 0x%08x (the vector table) inside a memory region",
                   (unsigned)b->boot_addr);
}

int bp_check_board(struct pctx *c, const struct board_desc *b, const yaml_node_t *boot)
{
    if (check_names(c, b) || check_overlaps(c, b) || check_refs(c, b) || check_boot(c, b, boot))
        return -1;
    return 0;
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
    bp_failv(&c, loc.line, loc.col, fmt, ap);
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
