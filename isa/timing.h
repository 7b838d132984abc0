/* Decode-time timing model (see timing.c and docs/timing.md). */
#ifndef TTEMU_ISA_TIMING_H
#define TTEMU_ISA_TIMING_H

#include <stdbool.h>

#include "isa/insn.h"

struct cpu_model;
struct cpu;

/* Sets i->cyc, i->cyc_taken and i->cyc_nottaken. prev is the decoded
 * instruction just before i in memory, or NULL. target_wide_unaligned says
 * a direct branch's target is a 32-bit instruction at an address that is
 * 2 mod 4 (one more fetch to refill the pipeline). */
void timing_decode(const struct cpu_model *m, struct insn *i, const struct insn *prev,
                   bool target_wide_unaligned);

/* Instruction fetch, after timing_decode: wait states of an uncached
 * region go into the static cost of the instruction that starts a new
 * prefetch line (TIMING_FETCH_LINE bytes) and into a direct branch's taken
 * cost when its target is in such a region; an I-cache miss is charged to
 * c->cycles once, now (the line is resident afterwards). */
#define TIMING_FETCH_LINE 16u
void timing_fetch(struct cpu *c, struct insn *e, const struct insn *prev);

#endif
