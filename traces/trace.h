/* The trace file (docs/trace-format.md): one binary, versioned stream per
 * run. A header names the board, the firmware (path and FNV-1a hash), the
 * options and the power components; then records: events always (power
 * states, phases, IRQ lines, firmware layer/marker/MAC reports), instruction
 * records only with --trace-insn, and an end record. Written through a
 * 256 KiB buffer; with tracing off nothing is installed, so the run loop
 * pays nothing. */
#ifndef TTEMU_TRACES_TRACE_H
#define TTEMU_TRACES_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct machine;

#define TRACE_MAGIC "TTEMUTRC"
#define TRACE_VERSION 1
#define TRACE_F_INSNS 1u   /* header flag: instruction records present */

enum trace_rec_type {
    TR_INSN = 1,   /* pc, opcode, size, cycles, t_ps (before the instruction runs) */
    TR_POWER = 2,  /* t_ps, comp, state, power_mw, clock_hz */
    TR_PHASE = 3,  /* t_ps, name */
    TR_IRQ = 4,    /* t_ps, a = line, b = level */
    TR_LAYER = 5,  /* t_ps, a = layer index (0xffffffff: none) */
    TR_MARK = 6,   /* t_ps, a = value */
    TR_MACS = 7,   /* t_ps, a = MACs */
    TR_END = 0x7f, /* t_ps, cycles, insns, exit_code, energy_pj */
};

/* ---- writing (ttemu run --trace) ---- */
struct trace_writer;
/* Creates FILE and hooks the machine (power observer, event hook and, with
 * insns, the per-instruction hook). NULL with a message on failure. */
struct trace_writer *trace_start(const char *path, struct machine *m, const char *firmware,
                                 const char *options, bool insns, char *err, size_t errlen);
/* Writes the end record, flushes, closes and unhooks. Returns 0, or -1
 * with a message if any write failed. */
int trace_finish(struct trace_writer *w, struct machine *m, int exit_code, char *err, size_t errlen);

/* ---- reading ---- */
struct trace_comp {
    char *name;
    size_t nstates;
    char **states;
};

struct trace_header {
    unsigned version;
    uint32_t flags;
    uint64_t fw_hash, clock_hz;
    char *board, *board_source, *firmware, *options;
    size_t ncomps;
    struct trace_comp *comps;
};

struct trace_record {
    enum trace_rec_type type;
    uint64_t t_ps, cycles, insns, clock_hz;
    uint32_t pc, opcode, a, b;
    uint8_t size;
    uint16_t comp, state;
    double mw, energy_pj;
    int32_t exit_code;
    char name[64];
};

struct trace_reader;
/* Opens and reads the header; NULL with a message naming the file, the
 * offset and what was expected. */
struct trace_reader *trace_open(const char *path, struct trace_header *h, char *err, size_t errlen);
/* 1: a record; 0: the end of the file; -1: malformed (message in err). */
int trace_next(struct trace_reader *r, struct trace_record *rec, char *err, size_t errlen);
void trace_close(struct trace_reader *r, struct trace_header *h);

#endif
