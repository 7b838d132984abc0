/* The Edge TPU split and per-layer mapping of a model, as text. */
#ifndef TTEMU_DEVICES_EDGETPU_REPORT_H
#define TTEMU_DEVICES_EDGETPU_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "models/runtime/ttm.h"

/* Returns 0, or -1 with one line in err. */
int etpu_print_plan(const tt_model *m, FILE *out, char *err, size_t errlen);

#endif
