/* Every device model ttemu has. Add a line per new model. */
#include <string.h>

#include "devices/device.h"

extern const struct device_type device_trace, device_pmu, device_uart, device_cmsdk_uart,
    device_timer, device_cmsdk_timer, device_dma, device_camera;

static const struct device_type *const types[] = {
    &device_trace, &device_pmu, &device_uart, &device_cmsdk_uart, &device_timer,
    &device_cmsdk_timer, &device_dma, &device_camera,
};

const struct device_type *device_type_find(const char *type)
{
    for (size_t k = 0; k < sizeof types / sizeof types[0]; k++)
        if (!strcmp(types[k]->type, type))
            return types[k];
    return NULL;
}

/* Parameter tables by type (devices/device.h): beside the models rather
 * than in struct device_type, so a model written against the earlier
 * struct still compiles. A model without a line here is not checked. */
extern const struct device_param device_camera_params[], device_dma_params[], device_timer_params[],
    device_uart_params[], device_cmsdk_uart_params[];
static const struct device_param no_params[] = { {NULL, DEV_PARAM_NUM, NULL, false} };

static const struct { const char *type; const struct device_param *params; } param_tables[] = {
    {"trace", no_params}, {"pmu", no_params}, {"uart", device_uart_params},
    {"cmsdk-uart", device_cmsdk_uart_params}, {"timer", device_timer_params},
    {"cmsdk-timer", device_timer_params}, {"dma", device_dma_params}, {"camera", device_camera_params},
};

const struct device_param *device_params_of(const char *type)
{
    for (size_t k = 0; k < sizeof param_tables / sizeof param_tables[0]; k++)
        if (!strcmp(param_tables[k].type, type))
            return param_tables[k].params;
    return NULL;
}
