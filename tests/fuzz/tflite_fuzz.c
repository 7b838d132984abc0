/* libFuzzer entry point: `make fuzz-tflite` (clang, ASan+UBSan). Seeds:
 * tests/data/model (small generated models); add ../shared's .tflite to the
 * corpus directory by hand for deeper coverage (never commit it). */
#include "tests/fuzz/tflite_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tt_fuzz_one(data, size);
    return 0;
}
