/* Table-driven Thumb decoding.
 *
 * Each instruction class (isa/dp.c, isa/ls.c, ...) lists its encodings as
 * bit-pattern strings in the layout of the Architecture Reference Manual:
 *
 *   "11110 i:1 0 1101 S:1 Rn:4 | 0 imm3:3 Rd:4 imm8:8"   (SUB immediate, T3)
 *
 * '0'/'1' are fixed bits, 'x' and "(0)"/"(1)" are don't-care (the manual's
 * should-be bits), NAME:LEN is a field, NAME:LEN=BITS a field over fixed
 * bits (the decoder reads by name what the pattern fixes, instead of
 * testing raw bits by hand). '|' separates the two halfwords of
 * a 32-bit encoding. At start-up the strings become mask/match pairs and
 * field positions; the first pattern that matches wins.
 *
 * Overlaps are declared: patterns that can match the same encoding (the
 * manual's "SEE ..." special cases, such as POP T2 inside LDM T2) start
 * with the same overlap group, "{name} ", and the specific one is listed
 * first. decode_init() refuses an overlap outside a common group (also
 * across class files), a group on a pattern that overlaps nothing, and a
 * pattern an earlier one hides completely.
 *
 * A pattern's decode function turns the fields into a struct insn: it picks
 * the handler and fills the operands, or returns false for UNDEFINED. */
#ifndef TTEMU_ISA_DECODE_H
#define TTEMU_ISA_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "isa/insn.h"

#define FIELD_LIST(X) \
    X(Rd) X(Rn) X(Rm) X(Rt) X(Rt2) X(Ra) X(RdLo) X(RdHi) X(Rdn) X(Rdm) X(Rs) \
    X(i) X(imm1) X(imm2) X(imm3) X(imm4) X(imm5) X(imm6) X(imm7) X(imm8) \
    X(imm10) X(imm11) X(imm12) X(S) X(W) X(P) X(U) X(D) X(N) X(M) X(H) \
    X(J1) X(J2) X(type) X(sh) X(tb) X(op) X(op2) X(cond) X(firstcond) X(mask) \
    X(rotate) X(sat) X(msb) X(lsb) X(widthm1) X(list) X(sysm) X(sz) X(Vd) \
    X(Vn) X(Vm) X(T) X(E) X(F) X(A) X(I) X(im) X(opc) X(rm) X(size) X(R) X(L) X(B)

enum field_id {
#define X(name) F_##name,
    FIELD_LIST(X)
#undef X
    F_COUNT
};

/* Features a pattern needs from the core model. */
enum isa_feature { FEAT_NONE = 0, FEAT_FP = 1, FEAT_FP_DP = 2 };

typedef bool (*decode_fn)(struct insn *i, const uint32_t *f);

struct pattern {
    const char *bits;
    decode_fn decode;
    const char *name;
    enum insn_kind kind;
    enum isa_feature feature;
};

struct pattern_set {
    const struct pattern *patterns;
    unsigned count;
};

#define PATTERN_SET(name, array) \
    const struct pattern_set name = { array, sizeof array / sizeof array[0] }

struct cpu_model;

/* Decodes the instruction at i->addr (hw2 ignored for 16-bit ones). With
 * in_it, 16-bit data processing does not set flags (the manual's
 * InITBlock()). Returns the global pattern index, or -1 (UNDEFINED: i then
 * holds the UDF handler). Thread-safe after decode_init(). */
int decode_insn(const struct cpu_model *m, uint16_t hw1, uint16_t hw2, bool in_it, struct insn *i);
void decode_init(void);
bool insn_is_32bit(uint16_t hw1);

/* The overlap rules decode_init() enforces, on one table (for tests):
 * false with the offending pattern(s) and the reason in err. */
bool decode_check_patterns(const struct pattern *p, unsigned n, char *err, size_t len);

/* For statistics and tests: pattern count, and names by global index. */
unsigned decode_pattern_count(void);
const char *decode_pattern_name(unsigned idx);

/* The UNDEFINED handler (raises UsageFault UNDEFINSTR). */
const struct insn *exec_undefined(struct cpu *c, const struct insn *i);

/* In an IT block: T16 flag-setting forms do not set flags. Decoders see
 * that as IF_IT in i->flags, set before their call. */
static inline bool in_it_block(const struct insn *i) { return i->flags & IF_IT; }

#endif
