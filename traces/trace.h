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
#define TRACE_VERSION 3   /* 2: typed run fields in the header (replay rebuilds the run from them);
                             3: the board and duty-cycle options too (--clock, --set, --model,
                             --frames, --fps) */
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

/* machine.stop_request value when the --trace-max cap stops the run. */
#define TRACE_STOP_CAPPED 85
/* ... and when the trace file cannot be written (a full disk). */
#define TRACE_STOP_IOERR 74

/* What shaped the run, recorded as typed header fields so `ttemu replay`
 * rebuilds the run from them (never from the options text). */
struct trace_run {
    const char *firmware;      /* the path as given */
    const char *options;       /* the command line, for people only */
    const char *frame;         /* --frame FILE, or NULL */
    uint64_t max_cycles;       /* 0: none */
    uint64_t max_time_ps;      /* the simulated-time bound in force */
    int nargs;                 /* the firmware's own arguments */
    char **args;
    /* version 3 */
    const char *clock;         /* --clock as given, or NULL */
    const char *model;         /* --model FILE, or NULL */
    uint64_t frames;           /* --frames, 0 when not given */
    const char *fps;           /* --fps as given, or NULL */
    int nsets;                 /* --set DEV.PARAM=VALUE, in order */
    const char *const *sets;
    bool insns;                /* --trace-insn */
    uint64_t max_bytes;        /* --trace-max (0: no cap) */
};

/* ---- writing (ttemu run --trace) ---- */
struct trace_writer;
/* Creates FILE and hooks the machine (power observer, event hook and, with
 * insns, the per-instruction hook). NULL with a message on failure. */
struct trace_writer *trace_start(const char *path, struct machine *m, const struct trace_run *run,
                                 char *err, size_t errlen);
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
    /* version 2: the run's typed fields (struct trace_run) */
    char *frame;               /* "" when none */
    uint64_t max_cycles, max_time_ps;
    size_t nargs;
    char **args;
    /* version 3 (struct trace_run); "" or 0 when not given */
    char *clock, *model, *fps;
    uint64_t frames;
    size_t nsets;
    char **sets;
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
/* 1: a record; 0: the end of the file (or of its last whole record when
 * the file was cut: see trace_cut); -1: malformed (message in err). */
int trace_next(struct trace_reader *r, struct trace_record *rec, char *err, size_t errlen);
/* After trace_next returned 0: true when the file ended without its end
 * record (a run killed, a disk full), with a message saying where. */
bool trace_cut(const struct trace_reader *r, char *msg, size_t len);
void trace_close(struct trace_reader *r, struct trace_header *h);

#endif
