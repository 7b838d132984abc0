/* Decode-time timing model (see timing.c and docs/timing.md). */
#ifndef TTEMU_ISA_TIMING_H
#define TTEMU_ISA_TIMING_H

#include <stdbool.h>

#include "isa/insn.h"

struct cpu_model;

/* Sets i->cyc, i->cyc_taken and i->cyc_nottaken. prev is the decoded
 * instruction just before i in memory, or NULL. target_wide_unaligned says
 * a direct branch's target is a 32-bit instruction at an address that is
 * 2 mod 4 (one more fetch to refill the pipeline). */
void timing_decode(const struct cpu_model *m, struct insn *i, const struct insn *prev,
                   bool target_wide_unaligned);

#endif
