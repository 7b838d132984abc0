/* libFuzzer entry point: `make fuzz-tflite` (clang, ASan+UBSan, for
 * FUZZ_SECONDS). Seeds: the built-in TinyTracker as .ttm and, read in place,
 * ../shared/models (see mk/model.mk). */
#include "tests/fuzz/tflite_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* This target is the .tflite reader's and converter's: it invokes only
 * models of up to 2^16 MACs (none of ../shared's), since invoking mutated
 * mlperf-tiny models (up to 2^19, as fuzz_ttm does to exercise the kernels)
 * took its rate from 8,000 to 900 executions a second as its corpus
 * filled with valid ones. */
#define TFLITE_FUZZ_MAX_MACS (1u << 16)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tt_fuzz_one(data, size, TFLITE_FUZZ_MAX_MACS, TT_FUZZ_MAX_ARENA);
    return 0;
}
