/* Placeholder pattern set; the owning engineer fills it in. */
#include "isa/decode.h"

const struct pattern_set isa_mul_patterns = { 0, 0 };
