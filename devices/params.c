/* Board checking of device parameters against the type's table
 * (devices/device.h): a misspelt key (`clok_hz`) or a word where a number
 * belongs (`bytes_per_cycle: four`) is refused where it is written instead
 * of silently becoming the default. */
#include <string.h>

#include "devices/device.h"
#include "emu/board/board.h"

/* Edit distance, capped: enough to suggest the key that was meant. */
static unsigned distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 31 || lb > 31)
        return 99;
    unsigned row[32];
    for (size_t j = 0; j <= lb; j++)
        row[j] = (unsigned)j;
    for (size_t i = 1; i <= la; i++) {
        unsigned diag = row[0];
        row[0] = (unsigned)i;
        for (size_t j = 1; j <= lb; j++) {
            unsigned up = row[j];
            unsigned best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

static const struct device_param *lookup(const struct device_param *tab, const char *key)
{
    for (; tab->name; tab++)
        if (!strcmp(tab->name, key))
            return tab;
    return NULL;
}

static int unknown(const struct board_desc *b, const struct device_type *t, const struct board_device *d,
                   const struct board_param *p, char *err, size_t errlen)
{
    const char *near = NULL;
    unsigned best = 3; /* suggest only a key within two edits */
    for (const struct device_param *q = t->params; q->name; q++) {
        unsigned k = distance(p->key, q->name);
        if (k < best)
            best = k, near = q->name;
    }
    if (near)
        return board_errorf(b, p->loc, err, errlen, "device '%s': unknown parameter '%s' for type %s (did you mean '%s'?)",
                            d->name, p->key, t->type, near);
    return board_errorf(b, p->loc, err, errlen, "device '%s': unknown parameter '%s' for type %s (see docs/devices.md)",
                        d->name, p->key, t->type);
}

static int check_one(const struct board_desc *b, const struct device_type *t, const struct board_device *d,
                     const struct board_param *p, char *err, size_t errlen)
{
    const struct device_param *q = lookup(t->params, p->key);
    if (!q)
        return unknown(b, t, d, p, err, errlen);
    if (p->kind == BOARD_PARAM_LIST)
        return board_errorf(b, p->loc, err, errlen, "device '%s': parameter '%s': expected a single %s, not a list",
                            d->name, p->key, q->type == DEV_PARAM_NUM ? "number" : "name");
    if (q->type == DEV_PARAM_NUM && p->kind != BOARD_PARAM_NUM)
        return board_errorf(b, p->loc, err, errlen, "device '%s': parameter '%s': expected a number%s%s%s, got '%s'",
                            d->name, p->key, q->unit ? " (" : "", q->unit ? q->unit : "", q->unit ? ")" : "",
                            p->text ? p->text : "");
    if (q->type == DEV_PARAM_LINK && !board_find_link(b, p->text))
        return board_errorf(b, p->loc, err, errlen, "device '%s': parameter '%s': '%s' is not one of the board's links",
                            d->name, p->key, p->text);
    return 0;
}

int device_params_check(const struct board_desc *b, const struct device_type *t,
                        const struct board_device *d, char *err, size_t errlen)
{
    if (!t->params)
        return 0;
    for (size_t k = 0; k < d->nparams; k++)
        if (check_one(b, t, d, &d->params[k], err, errlen))
            return -1;
    for (const struct device_param *q = t->params; q->name; q++)
        if (q->required && !board_param_find(d->params, d->nparams, q->name))
            return board_errorf(b, d->loc, err, errlen, "device '%s': missing parameter '%s' (type %s)",
                                d->name, q->name, t->type);
    return 0;
}
