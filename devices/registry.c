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
