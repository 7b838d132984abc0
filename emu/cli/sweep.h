/* `ttemu sweep` (docs/sweep.md): a design-space sweep is a YAML file of
 * axes (boards, models, kernels, clocks, frame rates, board parameters)
 * whose cross product, less the combinations `exclude` names, is a list of
 * independent `ttemu run` jobs. The jobs run under GNU parallel or as a
 * Slurm job array; `merge` turns their reports into one table. */
#ifndef TTEMU_CLI_SWEEP_H
#define TTEMU_CLI_SWEEP_H

#include <stddef.h>
#include <stdint.h>

#define SWEEP_MAX_AXES   8
#define SWEEP_MAX_VALUES 64
#define SWEEP_MAX_OPTS   32
#define SWEEP_MAX_EXCLUDE 32
#define SWEEP_MAX_JOBS   100000

/* Where a value was written in the spec (1-based), for messages. */
struct sweep_loc {
    unsigned line, col;
};

struct sweep_axis {
    char *name;                       /* board, model, kernels, clock, tpu_clock, frames, fps, set.DEV.PARAM */
    size_t nvalues;
    char *values[SWEEP_MAX_VALUES];
    struct sweep_loc loc[SWEEP_MAX_VALUES];
};

/* One `exclude` entry: a job whose value on every axis named here is one
 * of the entry's values for it is left out. */
struct sweep_exclude {
    size_t naxes;
    size_t axis[SWEEP_MAX_AXES];          /* index into sweep_spec.axes */
    uint64_t picks[SWEEP_MAX_AXES];       /* bit v: value v of that axis */
};

struct sweep_spec {
    char *path;                       /* the spec file, for messages */
    char *name;                       /* names the results directory */
    char *firmware;                   /* path template: {board}, {kernels} */
    char *out_dir;                    /* default build/sweep/NAME */
    size_t naxes;
    struct sweep_axis axes[SWEEP_MAX_AXES];
    size_t nopts;
    char *opts[SWEEP_MAX_OPTS];       /* fixed `ttemu run` options */
    size_t nexclude;
    struct sweep_exclude exclude[SWEEP_MAX_EXCLUDE];
    size_t njobs;                     /* after the exclusions */
    uint32_t *jobs;                   /* each job's index in the full cross product */
};

/* One job: an index into each axis. */
struct sweep_job {
    size_t id;                        /* 1-based, the order of the plan */
    size_t pick[SWEEP_MAX_AXES];
};

/* Reads SPEC. Returns 0; SWEEP_CANNOT_OPEN; or -1 with "FILE:LINE:COLUMN:
 * expected ..." in err. */
#define SWEEP_CANNOT_OPEN (-2)
int sweep_spec_read(struct sweep_spec *s, const char *path, char *err, size_t errlen);
void sweep_spec_free(struct sweep_spec *s);

/* The number of jobs: the product of the axes' sizes less the excluded. */
size_t sweep_job_count(const struct sweep_spec *s);
/* Job number id (1-based) of the plan: the cross product with the last
 * axis varying fastest, the excluded combinations skipped. */
void sweep_job_at(const struct sweep_spec *s, size_t id, struct sweep_job *j);
/* The value of the axis called name in job j, or def when no such axis. */
const char *sweep_value(const struct sweep_spec *s, const struct sweep_job *j, const char *name,
                        const char *def);
/* One job's shell command line (arguments quoted), its report written to
 * DIR/runs/ID.json and its console output to DIR/runs/ID.out. ttemu is the
 * absolute path of this ttemu. Returns 0, or -1 when it does not fit. */
/* The `ttemu run` options job j's axes give (--board, --clock, --set ...),
 * into argv (at most max; the strings live in buf). Returns the count. */
size_t sweep_job_options(const struct sweep_spec *s, const struct sweep_job *j, const char **argv, size_t max,
                         char *buf, size_t buflen);
int sweep_job_command(const struct sweep_spec *s, const struct sweep_job *j, const char *ttemu,
                      const char *dir, char *out, size_t outlen);

/* The subcommands (emu/cli/sweep_*.c). Each returns a ttemu exit code. */
int sweep_plan_cmd(const struct sweep_spec *s, const char *dir);
int sweep_write_jobs(const struct sweep_spec *s, const char *dir);
int sweep_merge(const char *dir, const char *csv_path, const char *json_path);

#endif
