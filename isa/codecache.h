/* Decoded-instruction cache: one array of struct insn per 4 KiB page of
 * executed memory, one entry per halfword, plus sentinel entries at the end
 * that continue into the next page. Entries start as "decode on demand"
 * and decode themselves the first time they run, so the run loop never
 * asks whether an entry is valid. */
#ifndef TTEMU_ISA_CODECACHE_H
#define TTEMU_ISA_CODECACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "isa/insn.h"

struct cpu;
struct code_cache;

struct code_cache *cc_create(struct cpu *c);
void cc_destroy(struct code_cache *cc);
/* The entry for addr (even). Never NULL: a page that cannot be executed
 * yields an entry that raises the instruction-fetch fault when run. */
const struct insn *cc_lookup(struct cpu *c, uint32_t addr);
/* An entry that raises UsageFault INVSTATE at addr (BX to ARM state). */
const struct insn *cc_invstate(struct cpu *c, uint32_t addr);
/* The decoded instruction just before e in its page (its straight-line
 * predecessor), or NULL: for decode-time timing rules (isa/timing.c). */
const struct insn *cc_predecessor(const struct insn *e);
/* Whether e is still waiting to be decoded (decoded when it first runs). */
const struct insn *cc_decode_on_demand(struct cpu *c, const struct insn *i);
static inline bool cc_undecoded(const struct insn *e) { return e->fn == cc_decode_on_demand; }
/* A store hit [addr, addr+len) of a code page: re-decode if it touched a
 * decoded instruction. */
void cc_store_hit(struct cpu *c, uint32_t addr, unsigned len);
/* Basic blocks (the run loop's unit, isa/cpu.c): fills the blk_* fields
 * of e and of every instruction after it up to the end of its block, if
 * all of them are decoded. Returns false (nothing filled) otherwise: the
 * loop then runs e alone, decoding it. */
bool cc_form_block(struct cpu *c, const struct insn *e);
/* The translating tier of the cache, or NULL (isa/jit.h). */
const struct jit *cc_jit(const struct code_cache *cc);
/* Free pages replaced while the loop might still have pointed into them. */
void cc_free_retired(struct code_cache *cc);

#endif
