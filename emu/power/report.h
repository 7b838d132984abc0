/* The end-of-run report: where the time and the energy went.
 *
 * Built from a finished power model (call power_finish() first) plus what
 * only the machine knows (MACs done, cycles, the clock that did the
 * inference). Four formats: a console table, and JSON, YAML or CSV for
 * --report FILE (chosen by the extension). docs/report-format.md is the
 * schema. The same model and info always give the same bytes. */
#ifndef TTEMU_EMU_REPORT_H
#define TTEMU_EMU_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct power;

struct report_info {
    const char *board;            /* board name (required) */
    const char *firmware;         /* image path, or NULL */
    /* For the paper's metrics; 0 when unknown. */
    uint64_t macs;                /* MACs done in the inference phase, all inferences */
    uint64_t inference_cycles;    /* cycles of inference_clock in that phase; 0: derive
                                     from the phase's duration x inference_clock_hz */
    uint64_t inference_clock_hz;  /* the clock that ran the inference */
    const char *inference_clock;  /* its name, e.g. "cpu" or "tpu" (may be NULL) */
    /* Optional run statistics, printed when non-zero. */
    uint64_t core_cycles;
    uint64_t instructions;
    /* NULL when the firmware ran to its exit; else why the run stopped
     * early ("interrupted by SIGINT", a limit): the report is marked with it
     * and its duration is the time reached. */
    const char *stopped;
    /* Phase names; NULL for the defaults: "inference", and {"boot", "idle"}
     * as the phases outside end-to-end (NULL-terminated list). */
    const char *inference_phase;
    const char *const *e2e_exclude;
    /* The duty cycle (ttemu run --frames N --fps F --battery MAH@V): 0
     * frames when not given; fps and the battery 0 when not given. */
    unsigned duty_frames;
    double duty_fps;
    double battery_mah, battery_v;
};

/* The duty cycle's figures (docs/report-format.md "duty_cycle"): the
 * frames' window is the run after the boot phase (the firmware starts its
 * frame clock as boot ends); its average power is the window's energy over
 * its length; the battery's energy is mAh x V x 3.6 J. */
struct report_duty {
    bool has;                         /* duty_frames > 0 */
    uint64_t window_ps;
    double window_energy_pj;
    double average_power_mw;
    uint64_t period_ps;               /* 1/fps; 0 without --fps */
    bool has_battery;
    double battery_j;
    double battery_life_h;            /* battery_j / average power */
};
void report_duty_compute(const struct power *p, const struct report_info *info, struct report_duty *d);

/* The paper's metrics, computed from the model (docs/report-format.md):
 * per-inference values divide by the number of times the inference phase
 * was entered; end-to-end sums every phase not excluded, per inference. */
struct report_metrics {
    unsigned inferences;              /* entries of the inference phase */
    bool has_inference;               /* inferences > 0 */
    uint64_t inference_latency_ps;    /* per inference */
    double inference_energy_pj;       /* per inference, all components */
    double inference_power_mw;        /* energy / latency */
    bool has_e2e;
    uint64_t e2e_latency_ps;          /* per inference (or the whole, if none) */
    double e2e_energy_pj;
    bool has_mac_per_cycle;
    double mac_per_cycle;
    uint64_t cycles;                  /* the cycles used for mac_per_cycle */
    bool cycles_derived;              /* from duration x clock, not counted */
    bool has_uw_per_mhz;
    double uw_per_mhz;                /* inference power / clock in MHz */
};

enum report_format { REPORT_TEXT, REPORT_JSON, REPORT_YAML, REPORT_CSV };

void report_compute(const struct power *p, const struct report_info *info,
                    struct report_metrics *m);

/* The format for a path's extension (.json .yaml .yml .csv, any case);
 * false for anything else. */
bool report_format_from_path(const char *path, enum report_format *fmt);

/* Writes the report; returns 0, or -1 if the stream failed. */
int report_write(FILE *out, enum report_format fmt, const struct power *p,
                 const struct report_info *info);
/* Creates path and writes it in the format its extension names; on error
 * returns -1 with "PATH: what went wrong" in err. */
int report_write_file(const char *path, const struct power *p, const struct report_info *info,
                      char *err, size_t errlen);

#endif
