/* `ttemu run`, shared by its files: cmd_run.c (options, building the
 * machine, the order of things) and run_exec.c (output checks before the
 * run, the run with its progress line, report, plot). */
#ifndef TTEMU_CLI_RUN_H
#define TTEMU_CLI_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include "emu/cli/run_duty.h"
#include "emu/machine.h"

#define DEFAULT_BOARD "mps2-an386"
/* The default simulated-time bound: far beyond any real firmware run (the
 * paper's longest measurement is seconds), short enough that a firmware
 * stuck in a loop ends with a message rather than running for ever. */
#define DEFAULT_MAX_TIME_S 3600
#define PS_PER_S 1000000000000ull

struct run_opts {
    const char *board;
    const char *firmware;
    const char *report;     /* --report FILE, "-" for stdout */
    const char *plot;       /* --plot FILE.svg|.png|.pdf */
    const char *frame;
    const char *gdb;        /* --gdb or --gdb-nowait [HOST:]PORT */
    bool gdb_nowait;        /* --gdb-nowait: run at once, gdb attaches later */
    const char *trace;      /* --trace FILE */
    const char *model;      /* --model FILE: into the image's model partition */
    const char *dump_dir;   /* --dump-tensors DIR */
    bool trace_insn;        /* --trace-insn */
    char options[1024];     /* the command line, for the trace header */
    uint64_t max_cycles;
    bool quiet, stats;
    char cmdline[1024];
    /* limits */
    uint64_t max_time_ps;   /* --max-time; the default bound unless given; 0: none */
    bool max_time_given;
    double timeout_s;       /* --timeout, wall clock; 0: none */
    uint64_t trace_max_bytes; /* --trace-max MB; 0: no cap */
    bool expect_hash;       /* --expect-hash (replay): the loaded image must have fw_hash */
    uint64_t fw_hash;
    struct run_duty duty;   /* --clock --set --frames --fps --battery (run_duty.c) */
    int nargs;              /* the firmware's ARGS (after FIRMWARE) */
    char **args;
};

/* Every output path is checked before anything runs: its directory exists
 * and is writable, and it is not a directory itself (dir: a directory, or
 * one that can be made). Prints one line per path that fails; returns 0
 * or TT_EXIT_IOERR. */
int run_check_outputs(const struct run_opts *o);

/* Runs the machine to its end (the timeout and signals armed), with a
 * progress line on stderr when that is a terminal, --quiet is not given
 * and the run lasts more than a second. *wall_s is the wall-clock time. */
enum machine_end run_machine(const struct run_opts *o, struct machine *m, double *wall_s);

/* After the run: the text report (unless --quiet), --stats, --report FILE
 * or - (stdout), --plot. rc is the status so far; returns the final one
 * (an output that cannot be written gives 74). */
int run_outputs(const struct run_opts *o, struct machine *m, enum machine_end end, double wall_s,
                const char *trace_path, int rc);

/* Why the run did not reach the firmware's exit, in words. */
const char *run_stop_words(const struct machine *m, enum machine_end end);

#endif
