/* libFuzzer target: the .ttm validator and runtime (models/runtime/): the
 * bytes as a model blob, opened and, when valid and small, invoked. */
#include "tests/fuzz/tflite_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size >= 8 && !memcmp(data + 4, "TFL3", 4))
        return 0; /* the .tflite target's */
    tt_fuzz_one(data, size, TT_FUZZ_MAX_MACS, TT_FUZZ_MAX_ARENA);
    return 0;
}
