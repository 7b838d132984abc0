/* Shared between the runtime's own files; not part of the public API. */
#ifndef TT_TTM_INTERNAL_H
#define TT_TTM_INTERNAL_H

#include "models/runtime/ttm.h"

int tt_fail(tt_status *st, const char *table, int32_t index, uint32_t offset, const char *what);
int tt_in_range(uint32_t off, uint64_t len, uint32_t size);
/* Operator-specific checks (shapes, types, parameters), in ttm_ops.c. */
int tt_check_op(const tt_model *m, uint32_t op, tt_status *st);

#endif
