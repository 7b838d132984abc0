/* Boards without an accelerator (or before their driver exists): the
 * application runs every operator on the board's core. */
#include "accel.h"

int accel_open(const void *model, size_t model_bytes)
{
    (void)model;
    (void)model_bytes;
    return -1;
}

int accel_available(void) { return 0; }
const char *accel_name(void) { return "none"; }
unsigned accel_caps(void) { return 0; }

int accel_run(const void *model, size_t model_bytes, uint8_t *arena, size_t arena_bytes)
{
    (void)model;
    (void)model_bytes;
    (void)arena;
    (void)arena_bytes;
    return -1;
}

int accel_sensor_frame(void *output, size_t out_bytes)
{
    (void)output;
    (void)out_bytes;
    return -1;
}
