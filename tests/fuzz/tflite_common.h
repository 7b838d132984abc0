/* One fuzz step shared by the libFuzzer harness and the deterministic
 * mutation loop: bytes -> (.tflite reader | .ttm validator) -> runtime.
 * Any crash, sanitizer report or hang is a bug; errors are expected. */
#ifndef TT_TFLITE_FUZZ_COMMON_H
#define TT_TFLITE_FUZZ_COMMON_H

#include <stdlib.h>
#include <string.h>
#include "models/runtime/ttm.h"
#include "models/tflite/tflite.h"

/* Returns 0 rejected, 1 accepted and ran (or validated only when big). */
static int tt_fuzz_one(const uint8_t *data, size_t size)
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
    if (!tt_model_open(&m, blob, blob_size, &st) && m.hdr->arena_bytes <= (1u << 24)) {
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
