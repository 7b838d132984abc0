/* Placeholder pattern set; being written now. */
#include "isa/decode.h"

const struct pattern_set isa_branch_patterns = { 0, 0 };
