/* Board files, the sections of the schema in docs/boards.md: cores (with
 * clock levels and caches), memory regions, devices and links (with free-form
 * params), power components (states and actions), and the top-level mapping
 * that ties them together. Each parser converts and range-checks every
 * value through the reading layer (board_yaml.c); whole-board rules are in
 * board_check.c.
 *
 * The walker only descends into shapes the schema names, to a fixed depth,
 * so aliases (even recursive ones) cannot make it loop. */
#include "emu/board/board_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Indexed by enum board_core_kind, board_mem_kind, board_link_kind. */
static const char *const core_kinds[] = { "cortex-m4", "cortex-m4f", "cortex-m7" };
static const char *const mem_kinds[] = { "flash", "rom", "sram", "tcm", "sdram" };
static const char *const link_kinds[] = { "parallel", "spi", "csi2", "usb2", "usb3" };

static int parse_clock_levels(struct pctx *c, const yaml_node_t *n, struct board_core *core)
{
    yaml_node_item_t *items;
    size_t cnt;
    if (bp_get_list(c, n, "clock_levels_hz", 1, &items, &cnt))
        return -1;
    core->clock_levels_hz = bp_xcalloc(cnt, sizeof *core->clock_levels_hz);
    core->nclock_levels = cnt;
    for (size_t k = 0; k < cnt; k++)
        if (bp_get_uint(c, bp_node(c, items[k]), "a clock in Hz", 1, UINT64_C(100000000000),
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
    k->loc = bp_loc_of(n);
    if (bp_get_keys(c, n, what, keys, NKEYS(keys), REQ(0) | REQ(1) | REQ(2) | REQ(3), v) ||
        bp_get_u32(c, v[0], "a cache size in bytes", 256, UINT64_C(1) << 20, &k->size) ||
        bp_get_u32(c, v[1], "a cache line size in bytes", 4, 256, &k->line) ||
        bp_get_u32(c, v[2], "a number of ways", 1, 64, &k->ways) ||
        bp_get_u32(c, v[3], "a cycle count", 0, 10000, &miss) ||
        (v[4] && bp_get_u32(c, v[4], "a cycle count", 0, 10000, &hit)))
        return -1;
    for (int j = 0; j < 3; j++) {
        uint32_t x = j == 0 ? k->size : j == 1 ? k->line : k->ways;
        if (!is_pow2(x))
            return bp_fail(c, v[j], "expected a power of two, found '%s'",
                           (const char *)v[j]->data.scalar.value);
    }
    if ((uint64_t)k->line * k->ways > k->size)
        return bp_fail(c, v[0], "expected the cache size to hold at least one set "
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
    core->loc = bp_loc_of(n);
    if (bp_get_keys(c, n, "a core", keys, NKEYS(keys), REQ(0) | REQ(1) | REQ(2), v) ||
        bp_get_name(c, v[0], &core->name) ||
        bp_get_enum(c, v[1], "a core kind", core_kinds, NKEYS(core_kinds), &kind) ||
        bp_get_uint(c, v[2], "a clock in Hz", 1, UINT64_C(100000000000), &core->clock_hz))
        return -1;
    core->kind = (enum board_core_kind)kind;
    if (v[4] && bp_get_name(c, v[4], &core->power))
        return -1;
    for (int j = 5; j <= 6; j++) {
        if (!v[j])
            continue;
        if (core->kind != BOARD_CORE_M7)
            return bp_fail(c, v[j], "expected no %s on a %s core (only cortex-m7 has caches)",
                           keys[j], core_kinds[kind]);
        if (parse_cache(c, v[j], j == 5 ? "an icache" : "a dcache",
                        j == 5 ? &core->icache : &core->dcache))
            return -1;
    }
    if (!v[3]) {  /* one fixed clock */
        core->clock_levels_hz = bp_xcalloc(1, sizeof *core->clock_levels_hz);
        core->clock_levels_hz[0] = core->clock_hz;
        core->nclock_levels = 1;
        return 0;
    }
    if (parse_clock_levels(c, v[3], core))
        return -1;
    for (size_t k = 0; k < core->nclock_levels; k++)
        if (core->clock_levels_hz[k] == core->clock_hz)
            return 0;
    return bp_fail(c, v[2], "expected clock_hz to be one of the core's clock_levels_hz");
}

static int parse_region(struct pctx *c, const yaml_node_t *n, struct board_region *r)
{
    static const char *const keys[] = { "name", "base", "size", "kind", "wait_read",
                                        "wait_write", "read_pj", "write_pj", "power" };
    yaml_node_t *v[9];
    int kind;
    r->loc = bp_loc_of(n);
    if (bp_get_keys(c, n, "a memory region", keys, NKEYS(keys), REQ(0) | REQ(1) | REQ(2) | REQ(3), v) ||
        bp_get_name(c, v[0], &r->name) ||
        bp_get_u32(c, v[1], "a base address", 0, UINT32_MAX, &r->base) ||
        bp_get_u32(c, v[2], "a size in bytes", 1, UINT64_C(1) << 32, &r->size) ||
        bp_get_enum(c, v[3], "a memory kind", mem_kinds, NKEYS(mem_kinds), &kind))
        return -1;
    /* size 2^32 does not fit a uint32_t; no board needs the whole space */
    if (r->size == 0 || (uint64_t)r->base + r->size > (UINT64_C(1) << 32))
        return bp_fail(c, v[2], "expected the region to end at or below 4 GiB");
    if (r->base % BOARD_PAGE_BYTES || r->size % BOARD_PAGE_BYTES)
        return bp_fail(c, r->base % BOARD_PAGE_BYTES ? v[1] : v[2],
                       "expected a multiple of 4 KiB (the bus maps 4 KiB pages)");
    r->kind = (enum board_mem_kind)kind;
    uint32_t w;
    if (v[4] && bp_get_u32(c, v[4], "wait states", 0, 255, &w))
        return -1;
    r->wait_read = v[4] ? w : 0;
    if (v[5] && bp_get_u32(c, v[5], "wait states", 0, 255, &w))
        return -1;
    r->wait_write = v[5] ? w : 0;
    r->has_energy = v[6] || v[7];
    if ((v[6] && bp_get_num(c, v[6], "an energy in pJ", 0, 1e12, &r->read_pj)) ||
        (v[7] && bp_get_num(c, v[7], "an energy in pJ", 0, 1e12, &r->write_pj)))
        return -1;
    return v[8] ? bp_get_name(c, v[8], &r->power) : 0;
}

static int parse_param_list(struct pctx *c, const yaml_node_t *n, struct board_param *p)
{
    yaml_node_item_t *items;
    size_t cnt;
    if (bp_get_list(c, n, "a parameter list", 0, &items, &cnt))
        return -1;
    p->kind = BOARD_PARAM_LIST;
    p->list = bp_xcalloc(cnt, sizeof *p->list);
    p->nlist = cnt;
    for (size_t k = 0; k < cnt; k++)
        if (bp_get_num(c, bp_node(c, items[k]), "a number", -1e300, 1e300, &p->list[k]))
            return -1;
    return 0;
}

static int parse_params(struct pctx *c, const yaml_node_t *n, struct board_param **out,
                        size_t *nout)
{
    if (n->type != YAML_MAPPING_NODE)
        return bp_fail(c, n, "expected params as a mapping of keys");
    size_t cnt = (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
    if (cnt > BOARD_MAX_ITEMS)
        return bp_fail(c, n, "expected at most %d params", BOARD_MAX_ITEMS);
    *out = bp_xcalloc(cnt, sizeof **out);
    for (size_t k = 0; k < cnt; k++) {
        yaml_node_pair_t *pair = &n->data.mapping.pairs.start[k];
        yaml_node_t *kn = bp_node(c, pair->key), *vn = bp_node(c, pair->value);
        struct board_param *p = &(*out)[k];
        *nout = k + 1;  /* so board_free sees what was filled */
        p->loc = bp_loc_of(kn);
        if (bp_get_name(c, kn, &p->key))
            return -1;
        if (board_param_find(*out, k, p->key))
            return bp_fail(c, kn, "duplicate key '%s' in params", p->key);
        if (vn->type == YAML_SEQUENCE_NODE) {
            if (parse_param_list(c, vn, p))
                return -1;
            continue;
        }
        const char *s = bp_scalar(c, vn, "a number, a string or a list of numbers");
        if (!s)
            return -1;
        p->text = bp_xstrdup(s);
        bool plain = vn->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        p->kind = plain && board_parse_number(s, &p->num) ? BOARD_PARAM_NUM : BOARD_PARAM_STR;
    }
    return 0;
}

static int parse_device(struct pctx *c, const yaml_node_t *n, struct board_device *d)
{
    static const char *const keys[] = { "name", "type", "base", "size", "irq", "power", "params" };
    yaml_node_t *v[7];
    d->loc = bp_loc_of(n);
    d->irq = -1;
    if (bp_get_keys(c, n, "a device", keys, NKEYS(keys), REQ(0) | REQ(1), v) ||
        bp_get_name(c, v[0], &d->name) ||
        bp_get_name(c, v[1], &d->type))
        return -1;
    if (v[2] && !v[3])
        return bp_fail(c, n, "missing required key 'size' in a device with a base");
    if (v[3] && !v[2])
        return bp_fail(c, n, "missing required key 'base' in a device with a size");
    if (v[2] && (bp_get_u32(c, v[2], "a base address", 0, UINT32_MAX, &d->base) ||
                 bp_get_u32(c, v[3], "a size in bytes", 1, UINT32_MAX, &d->size)))
        return -1;
    if (v[2] && d->base % BOARD_PAGE_BYTES)
        return bp_fail(c, v[2], "expected a multiple of 4 KiB (the bus maps 4 KiB pages)");
    /* the bus rounds a window up to whole pages; check what it will map */
    uint64_t mapped = ((uint64_t)d->size + BOARD_PAGE_BYTES - 1) / BOARD_PAGE_BYTES * BOARD_PAGE_BYTES;
    if (v[2] && (uint64_t)d->base + mapped > (UINT64_C(1) << 32))
        return bp_fail(c, v[3], "expected the device window to end at or below 4 GiB");
    uint32_t irq;
    if (v[4]) {
        if (bp_get_u32(c, v[4], "an interrupt number", 0, BOARD_MAX_IRQ, &irq))
            return -1;
        d->irq = (int)irq;
    }
    if (v[5] && bp_get_name(c, v[5], &d->power))
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
    l->loc = bp_loc_of(n);
    if (bp_get_keys(c, n, "a link", keys, NKEYS(keys), REQ(0) | REQ(1) | REQ(2) | REQ(3) | REQ(4), v) ||
        bp_get_name(c, v[0], &l->name) ||
        bp_get_enum(c, v[1], "a link kind", link_kinds, NKEYS(link_kinds), &kind) ||
        bp_get_name(c, v[2], &l->from) || bp_get_name(c, v[3], &l->to) ||
        bp_get_uint(c, v[4], "a bandwidth in bit/s", 1, UINT64_C(1000000000000), &l->bandwidth_bps) ||
        (v[5] && bp_get_num(c, v[5], "an overhead in ns", 0, 1e12, &ns)) ||
        (v[6] && bp_get_name(c, v[6], &l->power)))
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
    s->loc = bp_loc_of(kn);
    if (bp_get_name(c, kn, &s->name))
        return -1;
    if (vn->type == YAML_SCALAR_NODE)
        return bp_get_num(c, vn, "a power in mW", 0, 1e6, &s->power_mw);
    if (bp_get_keys(c, vn, "a power state", keys, NKEYS(keys), REQ(0), v) ||
        bp_get_num(c, v[0], "a power in mW", 0, 1e6, &s->power_mw) ||
        (v[1] && bp_get_num(c, v[1], "a power in uW/MHz", 0, 1e6, &s->uw_per_mhz)) ||
        (v[2] && bp_get_num(c, v[2], "a voltage in V", 0, 100, &s->voltage_v)))
        return -1;
    return 0;
}

static int parse_states(struct pctx *c, const yaml_node_t *n, struct board_power_comp *pc)
{
    if (n->type != YAML_MAPPING_NODE)
        return bp_fail(c, n, "expected states as a mapping of state name to power");
    size_t cnt = (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
    if (cnt == 0 || cnt > BOARD_MAX_ITEMS)
        return bp_fail(c, n, "expected 1 to %d power states", BOARD_MAX_ITEMS);
    pc->states = bp_xcalloc(cnt, sizeof *pc->states);
    for (size_t k = 0; k < cnt; k++) {
        yaml_node_pair_t *p = &n->data.mapping.pairs.start[k];
        pc->nstates = k + 1;
        if (parse_state(c, bp_node(c, p->key), bp_node(c, p->value), &pc->states[k]))
            return -1;
        for (size_t j = 0; j < k; j++)
            if (!strcmp(pc->states[j].name, pc->states[k].name))
                return bp_fail(c, bp_node(c, p->key), "duplicate power state '%s'",
                               pc->states[k].name);
    }
    return 0;
}

static int parse_actions(struct pctx *c, const yaml_node_t *n, struct board_power_comp *pc)
{
    if (n->type != YAML_MAPPING_NODE)
        return bp_fail(c, n, "expected actions_pj as a mapping of action name to pJ");
    size_t cnt = (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
    if (cnt > BOARD_MAX_ITEMS)
        return bp_fail(c, n, "expected at most %d actions", BOARD_MAX_ITEMS);
    pc->actions = bp_xcalloc(cnt, sizeof *pc->actions);
    for (size_t k = 0; k < cnt; k++) {
        yaml_node_pair_t *p = &n->data.mapping.pairs.start[k];
        yaml_node_t *kn = bp_node(c, p->key);
        struct board_power_action *a = &pc->actions[k];
        pc->nactions = k + 1;
        a->loc = bp_loc_of(kn);
        if (bp_get_name(c, kn, &a->name) ||
            bp_get_num(c, bp_node(c, p->value), "an energy in pJ", 0, 1e15, &a->energy_pj))
            return -1;
        for (size_t j = 0; j < k; j++)
            if (!strcmp(pc->actions[j].name, a->name))
                return bp_fail(c, kn, "duplicate action '%s'", a->name);
    }
    return 0;
}

static int parse_power_comp(struct pctx *c, const yaml_node_t *n, struct board_power_comp *pc)
{
    static const char *const keys[] = { "name", "states", "initial", "clock_hz", "actions_pj" };
    yaml_node_t *v[5];
    pc->loc = bp_loc_of(n);
    if (bp_get_keys(c, n, "a power component", keys, NKEYS(keys), REQ(0) | REQ(1), v) ||
        bp_get_name(c, v[0], &pc->name) ||
        parse_states(c, v[1], pc) ||
        (v[3] && bp_get_uint(c, v[3], "a clock in Hz", 1, UINT64_C(100000000000), &pc->clock_hz)) ||
        (v[4] && parse_actions(c, v[4], pc)))
        return -1;
    if (!v[2])
        return 0;  /* the first state written */
    char *init = NULL;
    if (bp_get_name(c, v[2], &init))
        return -1;
    for (size_t k = 0; k < pc->nstates; k++)
        if (!strcmp(pc->states[k].name, init)) {
            pc->initial = k;
            free(init);
            return 0;
        }
    bp_fail(c, v[2], "expected initial to name one of the component's states, found '%s'", init);
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
    if (bp_get_list(c, n, what, min, &items, &cnt))
        return -1;
    *arr = bp_xcalloc(cnt, elsize);
    for (size_t k = 0; k < cnt; k++) {
        *count = k + 1;
        if (fn(c, bp_node(c, items[k]), (char *)*arr + k * elsize))
            return -1;
    }
    return 0;
}

/* ---- the document ---------------------------------------------------- */

int bp_parse_board(struct pctx *c, yaml_node_t *root, struct board_desc *b)
{
    static const char *const keys[] = { "name", "description", "boot", "cores", "memory",
                                        "devices", "links", "power" };
    yaml_node_t *v[8];
    if (!root)
        return bp_fail(c, NULL, "expected a board description, found an empty document");
    if (bp_get_keys(c, root, "the board", keys, NKEYS(keys),
                    REQ(0) | REQ(1) | REQ(3) | REQ(4), v) || bp_get_name(c, v[0], &b->name) ||
        bp_get_str(c, v[1], "a one-line description", &b->description))
        return -1;
    if (strchr(b->description, '\n'))
        return bp_fail(c, v[1], "expected a one-line description");
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
    if (v[2] && bp_get_u32(c, v[2], "a boot address", 0, UINT32_MAX, &b->boot_addr))
        return -1;
    return bp_check_board(c, b, v[2] ? v[2] : v[4]);
}

/* ---- kind names (the tables above) ------------------------------------ */

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
