/* One fuzz step shared by the libFuzzer harness and the deterministic
 * mutation loop: bytes -> (.tflite reader | .ttm validator) -> runtime.
 * Any crash, sanitizer report or hang is a bug; errors are expected. */
#ifndef TT_TFLITE_FUZZ_COMMON_H
#define TT_TFLITE_FUZZ_COMMON_H

#include <stdlib.h>
#include <string.h>
#include "models/runtime/ttm.h"
#include "models/runtime/ttm_stats.h"
#include "models/tflite/tflite.h"

/* The libFuzzer targets invoke only models this small (ad01, the
 * smallest model in ../shared, has 264,192 MACs): a whole network
 * under ASan costs a second, and the executions are meant for the readers
 * and the validator (a mutated model that passes validation is still
 * invoked when it fits, so the kernels see damaged shapes too). */
#define TT_FUZZ_MAX_MACS   (1u << 19)
#define TT_FUZZ_MAX_ARENA  (1u << 20)

/* Returns 0 rejected, 1 accepted and ran (or validated only when bigger
 * than max_macs multiply-accumulates or max_arena bytes of arena). */
static int tt_fuzz_one(const uint8_t *data, size_t size, uint64_t max_macs, uint32_t max_arena)
{
    if (size < 8 || size > (1u << 22)) return 0;
    uint8_t *blob = NULL;
    uint32_t blob_size = 0;
    char err[512];
    if (!memcmp(data + 4, "TFL3", 4)) {
        tt_graph g;
        if (tflite_read(data, (uint32_t)size, &g, err, sizeof err)) return 0;
        int rc = ttm_write(&g, &blob, &blob_size, err, sizeof err);
        tt_graph_free(&g);
        if (rc) return 0;
    } else {
        blob = aligned_alloc(16, (size + 15u) & ~(size_t)15u);
        if (!blob) return 0;
        memcpy(blob, data, size);
        blob_size = (uint32_t)size;
    }
    tt_model m;
    tt_status st;
    int ran = 0;
    tt_op_cost cost = { 0 };
    if (!tt_model_open(&m, blob, blob_size, &st) && m.hdr->arena_bytes <= max_arena &&
        (tt_model_stats(&m, &cost), cost.macs <= max_macs)) {
        uint8_t *arena = aligned_alloc(16, (m.hdr->arena_bytes + 16u) & ~15u);
        if (arena) {
            memset(arena, 0x5a, m.hdr->arena_bytes);
            ran = tt_invoke(&m, arena, m.hdr->arena_bytes, NULL, &st) == 0;
            free(arena);
        }
    }
    free(blob);
    return ran;
}

#endif
