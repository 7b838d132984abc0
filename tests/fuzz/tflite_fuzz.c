/* libFuzzer entry point: `make fuzz-tflite` (clang, ASan+UBSan, for
 * FUZZ_SECONDS). Seeds: the built-in TinyTracker as .ttm and, read in place,
 * ../shared/models (see mk/model.mk). */
#include "tests/fuzz/tflite_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tt_fuzz_one(data, size, TT_FUZZ_MAX_MACS, TT_FUZZ_MAX_ARENA);
    return 0;
}
