/* `ttemu run`'s board and duty-cycle options (docs/sweep.md), kept apart
 * from cmd_run.c's own parsing so that a sweep axis is one option here:
 *   --clock HZ|Lk            core clock at reset (one of clock_levels_hz)
 *   --set DEVICE.PARAM=V     a board parameter, as if the YAML said so
 *   --frames N --fps F       the firmware runs N frames at F frames/s
 *   --battery MAH@V          with --frames: the battery life at the
 *                            average power
 * The board edits go to machine_init (machine.overrides); --frames and
 * --fps also go to the firmware's command line; the report gets them all. */
#ifndef TTEMU_CLI_RUN_DUTY_H
#define TTEMU_CLI_RUN_DUTY_H

#include <stdbool.h>
#include <stdio.h>

#include "emu/board_override.h"

struct report_info;

struct run_duty {
    struct board_overrides ov;
    unsigned frames;          /* 0: not given */
    double fps;               /* 0: not given */
    const char *fps_text;     /* as given, for the firmware */
    double battery_mah, battery_v;
};

/* Whether opt is one of these options (each takes a value). */
bool run_duty_is_opt(const char *opt);
/* Takes option opt with its value. Returns 0, or TT_EXIT_USAGE after one
 * line naming the option and what was expected. */
int run_duty_opt(struct run_duty *d, const char *opt, const char *val);
/* Whether val is a good value of --frames or --fps (name "frames" or
 * "fps"), for the sweep's axes. */
bool run_duty_value_ok(const char *name, const char *val);
/* After all options: the combinations (--fps and --battery need
 * --frames). 0 or TT_EXIT_USAGE after one line. */
int run_duty_check(const struct run_duty *d);
/* Appends " --frames N --fps F" to the firmware's command line (cmdline,
 * cap bytes). */
void run_duty_cmdline(const struct run_duty *d, char *cmdline, size_t cap);
/* The report's duty-cycle fields. */
void run_duty_report(const struct run_duty *d, struct report_info *info);

#endif
