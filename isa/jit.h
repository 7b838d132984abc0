/* The translating tier: a block's instructions compiled to host code
 * (x86-64), which the run loop calls exactly as it calls the first
 * handler of a block.
 *
 * Timing does not move into the translation: the run loop charges a
 * block's static cycles and counts its instructions before the block runs,
 * as it does for the handlers, and the translated code only does what the
 * handlers would (registers, flags, memory), so every count is the same by
 * construction. Each translated instruction's entry (insn.fn) becomes its
 * place in the host code, which runs from there to the block's end; its
 * handler moves to insn.inner, where cpu_run_alone and the per-instruction
 * loops find it (cpu_handler). What the translator does not know (isa/
 * jit_op.h: branches, IT blocks, LDM/STM, FP...) runs by its handler, from a
 * jump in the host code; that handler chains (NEXT) into the next
 * translated entry. A load or store off the inline path (unaligned, no host
 * page, MMIO, a store into code) jumps to its general handler, which takes
 * over the instruction and the rest of the block as the interpreter would,
 * so faults, slow paths and the deadline inside a block are exact as
 * before. The host code keeps no state of its own: the guest's registers
 * and flags stay in struct cpu between instructions.
 *
 * Off (every instruction by its handler) on hosts other than x86-64, when
 * the host refuses executable memory, or with TTEMU_JIT=0 in the
 * environment. */
#ifndef TTEMU_ISA_JIT_H
#define TTEMU_ISA_JIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "isa/insn.h"

struct cpu;
struct jit;

/* NULL when translation is off (above). */
struct jit *jit_create(void);
void jit_destroy(struct jit *j);
/* The host code's address range, for cpu_handler (isa/cpu.h). */
void jit_range(const struct jit *j, uintptr_t *lo, size_t *size);
/* Whether a run of up to BLOCK_MAX instructions still fits. */
bool jit_has_room(const struct jit *j);
/* Forget every translation (the caller has given each translated entry
 * its handler back). */
void jit_reset(struct jit *j);
/* How many times the buffer was reset (tests). */
unsigned long jit_resets(const struct jit *j);
/* Translates run[0..n), the instructions of a newly formed block in
 * address order, each decoded and with its blk_* fields and next pointer
 * set; tail is the already formed instruction that follows run[n-1] in
 * its block, or NULL; btac: the core predicts branches with a BTAC (the
 * model's has_btac, fixed for the code cache's life). Sets fn (and inner)
 * of the instructions it translated. */
void jit_translate(struct jit *j, struct insn *const *run, unsigned n, const struct insn *tail,
                   bool btac);
/* Blocks entered one after another from host code between two visits of
 * the run loop (isa/jit_branch.c). */
#define JIT_CHAIN_BLOCKS 64u

#endif
