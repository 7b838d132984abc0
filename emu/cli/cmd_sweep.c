/* `ttemu sweep plan|run|slurm|merge` (docs/sweep.md). The jobs are run by
 * an existing engine (GNU parallel, Slurm), never by a pool of our own. */
#include <errno.h>
#include <limits.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "emu/cli/cli.h"
#include "emu/cli/opts.h"
#include "emu/cli/sweep.h"

extern char **environ;

enum { SW_JOBS, SW_RESUME, SW_PARTITION, SW_OUT };

static const struct tt_opt sweep_options[] = {
    { "jobs", 'j', "N", "sweep run: N jobs at once (default: the number of cores)", SW_JOBS },
    { "resume", 0, NULL, "sweep run: skip the jobs the joblog shows finished", SW_RESUME },
    { "partition", 0, "NAME", "sweep slurm: the Slurm partition to submit to", SW_PARTITION },
    { "out", 0, "DIR", "the results directory instead of the spec's 'out'", SW_OUT },
};

struct sweep_args {
    const char *verb, *target, *jobs, *partition, *out;
    bool resume;
};

static int sweep_take(void *ctx, int id, const char *v)
{
    struct sweep_args *a = ctx;
    switch (id) {
    case SW_JOBS:
        if (!*v || strspn(v, "0123456789") != strlen(v) || strlen(v) > 6 || !strtoul(v, NULL, 10)) {
            tt_error("sweep: --jobs '%s': expected a positive whole number of jobs", v);
            return 1;
        }
        a->jobs = v;
        return 0;
    case SW_RESUME: a->resume = true; return 0;
    case SW_PARTITION: a->partition = v; return 0;
    default: a->out = v; return 0;
    }
}

static struct tt_cmd sweep_cmd = {
    .name = "sweep",
    .usage = "ttemu sweep plan SPEC.yaml [--out DIR]\n"
             "       ttemu sweep run SPEC.yaml [-j N] [--resume] [--out DIR]\n"
             "       ttemu sweep slurm SPEC.yaml [--partition NAME] [--out DIR]\n"
             "       ttemu sweep merge DIR",
    .about = "A sweep file names axes (board, model, kernels, clock, tpu_clock, frames, fps,\n"
             "set.DEVICE.PARAM) whose cross product, less its 'exclude' entries, is a list of\n"
             "independent `ttemu run` jobs (docs/sweep.md).\n\n"
             "  plan    print one command a line, in the documented order (last axis fastest)\n"
             "  run     write the job list to the results directory (the spec's 'out', default\n"
             "          build/sweep/NAME) and run it with GNU parallel, its joblog in\n"
             "          DIR/joblog; then merge\n"
             "  slurm   write the job list and DIR/sweep.sbatch, a Slurm job array with one\n"
             "          task per job, and say how to submit it (DIR must be on shared storage)\n"
             "  merge   every job's report in DIR/runs into DIR/table.csv and DIR/table.json,\n"
             "          one row per job: its axis values and metrics",
    .opts = sweep_options,
    .nopts = sizeof sweep_options / sizeof sweep_options[0],
    .epilog = "exit status: 0; 64 usage, 65 bad spec or a job without a report, 66 a file\n"
              "  cannot be opened or written, the number of failed jobs (1-100) from GNU parallel",
    .take = sweep_take,
};

/* The results directory as an absolute path (it need not exist yet). */
static int absolute_dir(const char *dir, char *out, size_t n)
{
    char cwd[PATH_MAX];
    if (dir[0] == '/')
        return snprintf(out, n, "%s", dir) < (int)n ? 0 : -1;
    if (!getcwd(cwd, sizeof cwd))
        return -1;
    return snprintf(out, n, "%s/%s", cwd, dir) < (int)n ? 0 : -1;
}

static int run_parallel(const char *dir, const char *jobs_n, bool resume)
{
    char joblog[PATH_MAX + 32], jobs[PATH_MAX + 32];
    snprintf(joblog, sizeof joblog, "%s/joblog", dir);
    snprintf(jobs, sizeof jobs, "%s/jobs.txt", dir);
    char *argv[12];
    int k = 0;
    argv[k++] = "parallel";
    argv[k++] = "--joblog";
    argv[k++] = joblog;
    if (resume)
        argv[k++] = "--resume";
    if (isatty(2))
        argv[k++] = "--bar";
    argv[k++] = "-j";
    argv[k++] = (char *)jobs_n;
    argv[k++] = "::::";
    argv[k++] = jobs;
    argv[k] = NULL;
    pid_t pid;
    int err = posix_spawnp(&pid, "parallel", NULL, NULL, argv, environ);
    if (err) {
        tt_error("sweep run: cannot start GNU parallel (%s): install Debian's 'parallel' "
                 "(scripts/install-deps.sh does)", strerror(err));
        return TT_EXIT_NOINPUT;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (!WIFEXITED(status))
        return TT_EXIT_INTERNAL;
    int rc = WEXITSTATUS(status);
    if (rc)
        fprintf(stderr, "ttemu: sweep run: %d job(s) failed (see %s, and DIR/runs/ID.out)\n", rc, joblog);
    return rc;
}

static int write_sbatch(const struct sweep_spec *s, const char *dir, const char *partition)
{
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/sweep.sbatch", dir);
    FILE *f = fopen(path, "w");
    if (!f) {
        tt_error("sweep slurm: %s: cannot create", path);
        return TT_EXIT_NOINPUT;
    }
    size_t n = sweep_job_count(s);
    fprintf(f, "#!/bin/sh\n"
               "# ttemu sweep %s: one Slurm array task per line of jobs.txt (written by\n"
               "# 'ttemu sweep slurm'). Submit: sbatch %s; then: ttemu sweep merge %s\n"
               "#SBATCH --job-name=ttemu-%s\n"
               "#SBATCH --array=1-%zu\n"
               "#SBATCH --output=%s/runs/slurm-%%a.log\n"
               "#SBATCH --ntasks=1\n",
            s->name, path, dir, s->name, n, dir);
    if (partition)
        fprintf(f, "#SBATCH --partition=%s\n", partition);
    fprintf(f, "cmd=$(sed -n \"${SLURM_ARRAY_TASK_ID}p\" '%s/jobs.txt')\n"
               "exec sh -c \"$cmd\"\n", dir);
    if (ferror(f) | fclose(f)) {
        tt_error("sweep slurm: %s: write failed", path);
        return TT_EXIT_NOINPUT;
    }
    chmod(path, 0755);
    printf("wrote %s (%zu tasks)\nsubmit:  sbatch %s\nthen:    ttemu sweep merge %s\n", path, n, path, dir);
    return 0;
}

static int merge_dir(const char *dir)
{
    char csv[PATH_MAX + 32], json[PATH_MAX + 32];
    snprintf(csv, sizeof csv, "%s/table.csv", dir);
    snprintf(json, sizeof json, "%s/table.json", dir);
    int rc = sweep_merge(dir, csv, json);
    if (!rc)
        fprintf(stderr, "sweep: merged into %s and %s\n", csv, json);
    return rc;
}

/* Returns -1 to go on, else an exit status. */
static int parse_args(int argc, char **argv, struct sweep_args *a)
{
    int first;
    sweep_cmd.ctx = a;
    int rc = tt_opts_parse(&sweep_cmd, argc, argv, &first);
    if (rc >= 0)
        return rc;
    if (first < argc)
        a->verb = argv[first++];
    if (first < argc)
        a->target = argv[first++];
    if (first < argc) {
        tt_error("sweep: unexpected argument '%s'", argv[first]);
        return TT_EXIT_USAGE;
    }
    return -1;
}

int cmd_sweep(int argc, char **argv)
{
    struct sweep_args a = { 0 };
    int p = parse_args(argc, argv, &a);
    if (p >= 0)
        return p;
    if (!a.verb || !a.target) {
        tt_error("sweep: expected plan|run|slurm SPEC.yaml or merge DIR (see ttemu sweep --help)");
        return TT_EXIT_USAGE;
    }
    char dir[PATH_MAX], err[512];
    if (!strcmp(a.verb, "merge"))
        return absolute_dir(a.target, dir, sizeof dir) ? TT_EXIT_USAGE : merge_dir(dir);
    if (strcmp(a.verb, "plan") && strcmp(a.verb, "run") && strcmp(a.verb, "slurm")) {
        tt_error("sweep: unknown subcommand '%s' (plan, run, slurm, merge)", a.verb);
        return TT_EXIT_USAGE;
    }
    struct sweep_spec s;
    int read = sweep_spec_read(&s, a.target, err, sizeof err);
    if (read) {
        tt_error("%s", err);
        sweep_spec_free(&s);
        return read == SWEEP_CANNOT_OPEN ? TT_EXIT_NOINPUT : TT_EXIT_BADINPUT;
    }
    int rc = absolute_dir(a.out ? a.out : s.out_dir, dir, sizeof dir) ? TT_EXIT_USAGE : 0;
    if (!rc && !strcmp(a.verb, "plan"))
        rc = sweep_plan_cmd(&s, dir);
    else if (!rc)
        rc = sweep_write_jobs(&s, dir);
    if (!rc && !strcmp(a.verb, "slurm"))
        rc = write_sbatch(&s, dir, a.partition);
    if (!rc && !strcmp(a.verb, "run")) {
        char ncpu[16];
        snprintf(ncpu, sizeof ncpu, "%ld", sysconf(_SC_NPROCESSORS_ONLN));
        rc = run_parallel(dir, a.jobs ? a.jobs : ncpu, a.resume);
        int mrc = merge_dir(dir);
        rc = rc ? rc : mrc;
    }
    sweep_spec_free(&s);
    return rc;
}
