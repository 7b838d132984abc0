/* --clock and --set: edits of a parsed board before the machine is built
 * (emu/board_override.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/device.h"
#include "emu/board_override.h"
#include "emu/xalloc.h"

/* "156 MHz", "8.2 MHz", "600 kHz": a frequency for messages. */
static void hz_text(double hz, char *out, size_t n)
{
    if (hz >= 1e6)
        snprintf(out, n, "%g MHz", hz / 1e6);
    else if (hz >= 1e3)
        snprintf(out, n, "%g kHz", hz / 1e3);
    else
        snprintf(out, n, "%g Hz", hz);
}

static void levels_text(const double *v, size_t n, char *out, size_t len)
{
    size_t at = 0;
    out[0] = 0;
    for (size_t k = 0; k < n && at < len; k++) {
        char one[32];
        hz_text(v[k], one, sizeof one);
        at += (size_t)snprintf(out + at, len - at, "%s%s", k ? ", " : "", one);
    }
}

static int apply_clock(struct board_desc *b, const char *v, char *err, size_t errlen)
{
    struct board_core *core = &b->cores[0];
    double levels[64], hz = 0;
    size_t n = core->nclock_levels < 64 ? core->nclock_levels : 64;
    for (size_t k = 0; k < n; k++)
        levels[k] = (double)core->clock_levels_hz[k];
    char list[512];
    levels_text(levels, n, list, sizeof list);
    char *end;
    if (v[0] == 'L' && v[1] >= '0' && v[1] <= '9') {
        unsigned long k = strtoul(v + 1, &end, 10);
        if (*end || k >= n) {
            snprintf(err, errlen, "--clock %s: board %s's core '%s' has %zu clock level%s (L0..L%zu: %s)", v,
                     b->name, core->name, n, n == 1 ? "" : "s", n - 1, list);
            return -1;
        }
        hz = levels[k];
    } else if (!board_parse_number(v, &hz) || hz <= 0) {
        snprintf(err, errlen, "--clock %s: expected a frequency in Hz (156M, 32000000) or a level Lk", v);
        return -1;
    }
    size_t k = 0;
    while (k < n && levels[k] != hz)
        k++;
    if (k == n) {
        char want[32];
        hz_text(hz, want, sizeof want);
        snprintf(err, errlen, "--clock %s: board %s's core '%s' runs at %s (its clock_levels_hz), not %s", v,
                 b->name, core->name, list, want);
        return -1;
    }
    /* The core's power component follows the core clock (uW/MHz). */
    for (size_t c = 0; c < b->npower; c++)
        if (core->power && !strcmp(b->power[c].name, core->power) && b->power[c].clock_hz == core->clock_hz)
            b->power[c].clock_hz = (uint64_t)hz;
    core->clock_hz = (uint64_t)hz;
    return 0;
}

int board_override_syntax(const char *set, char *err, size_t errlen)
{
    const char *dot = strchr(set, '.'), *eq = strchr(set, '=');
    if (!dot || !eq || dot == set || eq < dot + 2 || !eq[1]) {
        snprintf(err, errlen, "--set '%s': expected DEVICE.PARAM=VALUE (camera.fps=30, tpu.clock_hz=500M)", set);
        return -1;
    }
    return 0;
}

/* VALUE as the YAML reader would take it unquoted: a number, a list of
 * numbers in [ ], else a string. */
static int parse_value(const char *v, struct board_param *p)
{
    double x;
    if (board_parse_number(v, &x)) {
        p->kind = BOARD_PARAM_NUM;
        p->num = x;
        p->text = xstrdup(v);
        return p->text ? 0 : -1;
    }
    size_t len = strlen(v);
    if (v[0] != '[' || v[len - 1] != ']') {
        p->kind = BOARD_PARAM_STR;
        p->text = xstrdup(v);
        return p->text ? 0 : -1;
    }
    p->kind = BOARD_PARAM_LIST;
    p->list = xcalloc(len, sizeof *p->list);
    char *copy = xmalloc(len - 1);
    memcpy(copy, v + 1, len - 2);
    copy[len - 2] = 0;
    if (!p->list || !copy) {
        free(copy);
        return -1;
    }
    for (char *tok = strtok(copy, ", "); tok; tok = strtok(NULL, ", "))
        if (!board_parse_number(tok, &p->list[p->nlist++])) {
            free(copy);
            return -1;
        }
    free(copy);
    return 0;
}

static const struct device_param *param_of(const struct device_type *t, const char *key)
{
    for (const struct device_param *q = t->params; q && q->name; q++)
        if (!strcmp(q->name, key))
            return q;
    return NULL;
}

static bool kind_fits(enum device_param_kind want, enum board_param_kind got)
{
    return want == DP_ANY || (want == DP_NUMBER && got == BOARD_PARAM_NUM) ||
           (want == DP_STRING && got != BOARD_PARAM_LIST) || (want == DP_LIST && got == BOARD_PARAM_LIST);
}

/* clock_hz of a device that lists clock_levels_hz must be one of them. */
static int check_device_clock(const struct board_desc *b, const struct board_device *d, const char *set,
                              char *err, size_t errlen)
{
    const struct board_param *clk = board_param_find(d->params, d->nparams, "clock_hz");
    const struct board_param *lv = board_param_find(d->params, d->nparams, "clock_levels_hz");
    if (!clk || !lv || lv->kind != BOARD_PARAM_LIST || clk->kind != BOARD_PARAM_NUM)
        return 0;
    for (size_t k = 0; k < lv->nlist; k++)
        if (lv->list[k] == clk->num)
            return 0;
    char list[512];
    levels_text(lv->list, lv->nlist, list, sizeof list);
    snprintf(err, errlen, "--set %s: device '%s' of board %s runs at %s (its clock_levels_hz)", set, d->name,
             b->name, list);
    return -1;
}

static int set_param(struct board_device *d, const char *key, struct board_param *nv)
{
    for (size_t k = 0; k < d->nparams; k++)
        if (!strcmp(d->params[k].key, key)) {
            struct board_param *p = &d->params[k];
            free(p->text);
            free(p->list);
            nv->key = p->key;
            nv->loc = p->loc;
            *p = *nv;
            return 0;
        }
    struct board_param *grown = xrealloc(d->params, (d->nparams + 1) * sizeof *grown);
    if (!grown)
        return -1;
    d->params = grown;
    nv->key = xstrdup(key);
    nv->loc = d->loc;
    d->params[d->nparams++] = *nv;
    return nv->key ? 0 : -1;
}

static int apply_set(struct board_desc *b, const char *set, char *err, size_t errlen)
{
    if (board_override_syntax(set, err, errlen))
        return -1;
    const char *dot = strchr(set, '.'), *eq = strchr(set, '=');
    char dev[128], key[128];
    snprintf(dev, sizeof dev, "%.*s", (int)(dot - set), set);
    snprintf(key, sizeof key, "%.*s", (int)(eq - dot - 1), dot + 1);
    struct board_device *d = (struct board_device *)board_find_device(b, dev);
    const struct device_type *t = d ? device_type_find(d->type) : NULL;
    if (!d || d->no_model || !t) {
        char names[512];
        size_t at = 0;
        names[0] = 0;
        for (size_t k = 0; k < b->ndevices && at < sizeof names; k++)
            if (!b->devices[k].no_model && device_type_find(b->devices[k].type))
                at += (size_t)snprintf(names + at, sizeof names - at, "%s%s", at ? ", " : "", b->devices[k].name);
        snprintf(err, errlen, "--set %s: board %s has %s '%s' (devices with a model: %s)", set, b->name,
                 d ? "no model for device" : "no device", dev, names);
        return -1;
    }
    const struct device_param *q = param_of(t, key);
    if (t->params && !q) {
        char names[512];
        size_t at = 0;
        names[0] = 0;
        for (const struct device_param *q2 = t->params; q2->name && at < sizeof names; q2++)
            at += (size_t)snprintf(names + at, sizeof names - at, "%s%s", at ? ", " : "", q2->name);
        snprintf(err, errlen, "--set %s: a %s device has no parameter '%s' (it has: %s)", set, t->type, key,
                 at ? names : "none");
        return -1;
    }
    struct board_param nv = { 0 };
    if (parse_value(eq + 1, &nv) || (q && !kind_fits(q->kind, nv.kind))) {
        snprintf(err, errlen, "--set %s: expected %s for '%s' of %s", set,
                 q && q->kind == DP_NUMBER ? "a number" : q && q->kind == DP_LIST ? "a list of numbers [a, b]"
                                                                                  : "a value",
                 key, dev);
        free(nv.text);
        free(nv.list);
        return -1;
    }
    if (set_param(d, key, &nv)) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return check_device_clock(b, d, set, err, errlen);
}

int board_override_apply(struct board_desc *b, const struct board_overrides *o, char *err, size_t errlen)
{
    if (!o)
        return 0;
    if (o->clock && b->ncores && apply_clock(b, o->clock, err, errlen)) /* no core: machine_init says so */
        return -1;
    for (size_t k = 0; k < o->nsets; k++)
        if (apply_set(b, o->sets[k], err, errlen))
            return -1;
    return 0;
}
