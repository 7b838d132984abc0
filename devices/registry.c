/* Every device model ttemu has. Add a line per new model. */
#include <string.h>

#include <stdio.h>

#include "devices/device.h"
#include "emu/board/board.h"

extern const struct device_type device_trace, device_pmu, device_uart, device_cmsdk_uart,
    device_timer, device_cmsdk_timer, device_dma, device_camera;
extern const struct device_type device_imx500_dsp, device_imx500_isp;
extern const struct device_type device_edgetpu, device_usb_host;

/* The NVIC is the core's own (isa/exception.c, devices/scs.c); a board
 * entry of type nvic only sizes it: no window, no state of its own. */
static const struct device_param nvic_params[] = {
    { "num_irq", DP_NUMBER, "interrupts", false },
    { "prio_bits", DP_NUMBER, "bits", false },
    DEVICE_PARAMS_END,
};
static const struct device_type device_nvic_config = {
    "nvic", "sizes the core's NVIC (num_irq, prio_bits); the registers are the core's own",
    NULL, NULL, NULL, NULL, nvic_params,
};

static const struct device_type *const types[] = {
    &device_nvic_config,
    &device_trace, &device_pmu, &device_uart, &device_cmsdk_uart, &device_timer,
    &device_cmsdk_timer, &device_dma, &device_camera,
    &device_imx500_dsp, &device_imx500_isp,
    &device_edgetpu, &device_usb_host,
};

const struct device_type *device_type_find(const char *type)
{
    for (size_t k = 0; k < sizeof types / sizeof types[0]; k++)
        if (!strcmp(types[k]->type, type))
            return types[k];
    return NULL;
}

static const char *kind_text(enum device_param_kind k)
{
    return k == DP_NUMBER ? "a number" : k == DP_STRING ? "a string" : k == DP_LIST ? "a list of numbers" : "a value";
}

static bool kind_ok(enum device_param_kind want, enum board_param_kind got)
{
    switch (want) {
    case DP_NUMBER: return got == BOARD_PARAM_NUM;
    case DP_STRING: return got == BOARD_PARAM_STR || got == BOARD_PARAM_NUM;
    case DP_LIST: return got == BOARD_PARAM_LIST;
    default: return true;
    }
}

static void list_names(char *out, size_t n, const struct device_param *ps)
{
    size_t at = 0;
    out[0] = 0;
    for (const struct device_param *q = ps; q->name && at < n; q++)
        at += (size_t)snprintf(out + at, n - at, "%s%s", q == ps ? "" : ", ", q->name);
    if (!ps->name)
        snprintf(out, n, "none");
}

static void list_types(char *out, size_t n)
{
    size_t at = 0;
    for (size_t k = 0; k < sizeof types / sizeof types[0] && at < n; k++)
        at += (size_t)snprintf(out + at, n - at, "%s%s", k ? ", " : "", types[k]->type);
}

static int check_params(const struct board_desc *b, const struct board_device *d, const struct device_type *t,
                        char *err, size_t errlen)
{
    char names[512];
    for (size_t k = 0; k < d->nparams; k++) {
        const struct board_param *p = &d->params[k];
        const struct device_param *q = t->params;
        while (q->name && strcmp(q->name, p->key))
            q++;
        if (!q->name) {
            list_names(names, sizeof names, t->params);
            snprintf(err, errlen, "%s:%u:%u: expected a parameter of a %s device (%s), not '%s'", b->source,
                     p->loc.line, p->loc.col, t->type, names, p->key);
            return -1;
        }
        if (!kind_ok(q->kind, p->kind)) {
            snprintf(err, errlen, "%s:%u:%u: expected %s%s%s for '%s' of %s", b->source, p->loc.line, p->loc.col,
                     kind_text(q->kind), *q->unit ? " in " : "", q->unit, p->key, d->name);
            return -1;
        }
    }
    for (const struct device_param *q = t->params; q->name; q++)
        if (q->required && !board_param_find(d->params, d->nparams, q->name)) {
            snprintf(err, errlen, "%s:%u:%u: expected parameter '%s' (%s%s%s) in device %s", b->source, d->loc.line,
                     d->loc.col, q->name, kind_text(q->kind), *q->unit ? " in " : "", q->unit, d->name);
            return -1;
        }
    return 0;
}

int device_check_board(const struct board_desc *b, char *err, size_t errlen)
{
    char names[512];
    for (size_t k = 0; k < b->ndevices; k++) {
        const struct board_device *d = &b->devices[k];
        const struct device_type *t = device_type_find(d->type);
        if (d->no_model) {
            if (t) {
                snprintf(err, errlen, "%s:%u:%u: expected no 'model: none' on %s: ttemu models type '%s'",
                         b->source, d->loc.line, d->loc.col, d->name, d->type);
                return -1;
            }
            continue;
        }
        if (!t) {
            list_types(names, sizeof names);
            snprintf(err, errlen, "%s:%u:%u: expected a device type ttemu models (%s), not '%s'; "
                     "a part without a model says 'model: none'", b->source, d->loc.line, d->loc.col, names, d->type);
            return -1;
        }
        if (t->params && check_params(b, d, t, err, errlen))
            return -1;
    }
    return 0;
}
