/* The paper's Table II cells for one run, beside the paper's own column.
 *
 * Which phases make up end-to-end and inference, and which clock the
 * MAC/cycle cell counts, are data per board (table2.c, documented in
 * docs/report-format.md), so the accelerator boards reuse the same code. */
#ifndef TTEMU_EMU_TABLE2_H
#define TTEMU_EMU_TABLE2_H

#include <stdio.h>

#include "emu/power/report.h"

struct power;

/* The paper's measured column (PAPER.md, Table II); negative = "-". */
struct table2_paper {
    double e2e_energy_mj, e2e_latency_ms, mac_per_cycle, inference_latency_ms;
    double uw_per_mhz, inference_energy_mj;
};

struct table2_def {
    const char *board;                /* board name as in models/boards */
    const char *paper_column;         /* the paper's column name */
    const char *inference_phase;      /* the phase that is "inference" */
    const char *const *e2e_exclude;   /* phases outside end-to-end (NULL-terminated) */
    const char *mac_clock;            /* the clock MAC/cycle and uW/MHz use: "cpu" or
                                       * the name of a device with clock_hz */
    struct table2_paper paper;
};

/* The definition for a board, or NULL when the paper has no column for it. */
const struct table2_def *table2_for(const char *board);

/* The clock MAC/cycle and uW/MHz count on board b: the clock_hz of the
 * device the board's definition names (the Coral boards: "tpu"), else the
 * core's (core_hz, named "cpu"). Returns the name, the clock in *hz. */
struct board_desc;
const char *table2_clock(const struct board_desc *b, uint64_t core_hz, uint64_t *hz);

/* Prints the Table II block of the text report (nothing for boards the
 * paper did not measure). Called from report.c's text writer. */
void table2_write_text(FILE *f, const struct power *p, const struct report_info *info);

#endif
