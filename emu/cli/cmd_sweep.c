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
#include "emu/cli/sweep.h"

extern char **environ;

static void sweep_usage(FILE *out)
{
    fprintf(out,
        "usage: ttemu sweep plan SPEC.yaml [--out DIR]\n"
        "       ttemu sweep run SPEC.yaml [-j N] [--resume] [--out DIR]\n"
        "       ttemu sweep slurm SPEC.yaml [--partition NAME] [--out DIR]\n"
        "       ttemu sweep merge DIR\n\n"
        "A sweep file names axes (board, model, kernels, clock, tpu_clock, frames, fps,\n"
        "set.DEVICE.PARAM) whose cross product, less its 'exclude' entries, is a list of\n"
        "independent `ttemu run` jobs (docs/sweep.md).\n\n"
        "  plan    print one command a line, in the documented order (last axis fastest)\n"
        "  run     write the job list to the results directory (the spec's 'out', default\n"
        "          build/sweep/NAME) and run it with GNU parallel: -j N jobs at once\n"
        "          (default: the number of cores), its joblog in DIR/joblog; --resume\n"
        "          skips the jobs the joblog shows finished; then merge\n"
        "  slurm   write the job list and DIR/sweep.sbatch, a Slurm job array with one\n"
        "          task per job, and say how to submit it (DIR must be on shared storage)\n"
        "  merge   every job's report in DIR/runs into DIR/table.csv and DIR/table.json,\n"
        "          one row per job: its axis values and metrics\n"
        "  --out DIR  the results directory instead of the spec's 'out'\n\n"
        "exit status: 0; %d usage, %d bad spec or a job without a report, %d a file cannot\n"
        "  be opened or written, the number of failed jobs (1-100) from GNU parallel\n",
        TT_EXIT_USAGE, TT_EXIT_BADINPUT, TT_EXIT_NOINPUT);
}

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

struct sweep_args {
    const char *verb, *target, *jobs, *partition, *out;
    bool resume;
};

static int parse_args(int argc, char **argv, struct sweep_args *a)
{
    for (int k = 1; k < argc; k++) {
        const char *s = argv[k];
        if (!strcmp(s, "-h") || !strcmp(s, "--help"))
            return 1;
        if ((!strcmp(s, "-j") || !strcmp(s, "--jobs") || !strcmp(s, "--partition") || !strcmp(s, "--out")) &&
            k + 1 < argc) {
            *(!strcmp(s, "--partition") ? &a->partition : !strcmp(s, "--out") ? &a->out : &a->jobs) = argv[++k];
        } else if (!strncmp(s, "-j", 2) && s[2]) {
            a->jobs = s + 2;
        } else if (!strcmp(s, "--resume")) {
            a->resume = true;
        } else if (s[0] == '-') {
            tt_error("sweep: unknown option '%s' (see ttemu sweep --help)", s);
            return -1;
        } else if (!a->verb) {
            a->verb = s;
        } else if (!a->target) {
            a->target = s;
        } else {
            tt_error("sweep: unexpected argument '%s'", s);
            return -1;
        }
    }
    if (a->jobs && strspn(a->jobs, "0123456789") != strlen(a->jobs)) {
        tt_error("sweep: -j expects a whole number of jobs, not '%s'", a->jobs);
        return -1;
    }
    return 0;
}

int cmd_sweep(int argc, char **argv)
{
    struct sweep_args a = { 0 };
    int p = parse_args(argc, argv, &a);
    if (p)
        return p > 0 ? (sweep_usage(stdout), 0) : TT_EXIT_USAGE;
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
