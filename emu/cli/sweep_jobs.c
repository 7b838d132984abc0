/* A sweep's jobs as shell command lines, and the job list files that GNU
 * parallel and a Slurm array read (docs/sweep.md). */
#include <errno.h>
#include <stdbool.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emu/cli/cli.h"
#include "emu/cli/sweep.h"

struct buf {
    char *p;
    size_t len, cap;
    bool full;
};

static void put(struct buf *b, const char *s)
{
    size_t n = strlen(s);
    if (b->len + n + 1 > b->cap) {
        b->full = true;
        return;
    }
    memcpy(b->p + b->len, s, n + 1);
    b->len += n;
}

/* One argument, single-quoted for sh unless it is plainly safe. */
static void put_arg(struct buf *b, const char *a)
{
    bool plain = *a != 0;
    for (const char *c = a; *c; c++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,@+", *c))
            plain = false;
    put(b, " ");
    if (plain) {
        put(b, a);
        return;
    }
    put(b, "'");
    for (const char *c = a; *c; c++) {
        char one[2] = { *c, 0 };
        put(b, *c == '\'' ? "'\\''" : one);
    }
    put(b, "'");
}

/* The firmware template with {board} and {kernels} ("" for opt, "-ref"
 * for ref: tinytracker.elf and tinytracker-ref.elf), made absolute. */
static int firmware_path(const struct sweep_spec *s, const struct sweep_job *j, char *out, size_t n)
{
    const char *board = sweep_value(s, j, "board", "mps2-an386");
    const char *k = sweep_value(s, j, "kernels", "opt");
    char rel[PATH_MAX];
    size_t at = 0;
    for (const char *c = s->firmware; *c && at + 1 < sizeof rel;) {
        const char *sub = NULL;
        if (!strncmp(c, "{board}", 7))
            sub = board, c += 7;
        else if (!strncmp(c, "{kernels}", 9))
            sub = strcmp(k, "ref") ? "" : "-ref", c += 9;
        if (sub) {
            at += (size_t)snprintf(rel + at, sizeof rel - at, "%s", sub);
            if (at >= sizeof rel)
                return -1;
        } else {
            rel[at++] = *c++;
        }
    }
    rel[at] = 0;
    char cwd[PATH_MAX];
    if (rel[0] == '/' || !getcwd(cwd, sizeof cwd))
        return snprintf(out, n, "%s", rel) < (int)n ? 0 : -1;
    return snprintf(out, n, "%s/%s", cwd, rel) < (int)n ? 0 : -1;
}

/* A path relative to where `ttemu sweep` runs, made absolute: the jobs
 * run from the results directory. */
static const char *absolute(const char *p, char *buf, size_t n)
{
    char cwd[PATH_MAX];
    if (p[0] == '/' || !getcwd(cwd, sizeof cwd) || snprintf(buf, n, "%s/%s", cwd, p) >= (int)n)
        return p;
    return buf;
}

/* A board value that names a file rather than a built-in (board_load's rule). */
static bool board_is_path(const char *b)
{
    size_t n = strlen(b);
    return strchr(b, '/') || (n > 5 && !strcmp(b + n - 5, ".yaml")) || (n > 4 && !strcmp(b + n - 4, ".yml"));
}

/* Room for one string in buf; NULL when full. */
static const char *keep(char *buf, size_t buflen, size_t *at, const char *s)
{
    size_t n = strlen(s) + 1;
    if (*at + n > buflen)
        return NULL;
    memcpy(buf + *at, s, n);
    *at += n;
    return buf + *at - n;
}

size_t sweep_job_options(const struct sweep_spec *s, const struct sweep_job *j, const char **argv, size_t max,
                         char *buf, size_t buflen)
{
    size_t n = 0, at = 0;
    char one[PATH_MAX + 64];
    const char *board = sweep_value(s, j, "board", "mps2-an386");
    argv[n++] = "--board";
    argv[n++] = keep(buf, buflen, &at, board_is_path(board) ? absolute(board, one, sizeof one) : board);
    for (size_t a = 0; a < s->naxes && n + 2 <= max; a++) {
        const char *name = s->axes[a].name, *v = s->axes[a].values[j->pick[a]];
        const char *opt = NULL, *val = v;
        if (!strcmp(name, "model") && strcmp(v, "builtin"))
            opt = "--model", val = strcmp(v, "tinytracker") ? absolute(v, one, sizeof one) : v;
        else if (!strcmp(name, "clock") || !strcmp(name, "frames") || !strcmp(name, "fps"))
            snprintf(one, sizeof one, "--%s", name), opt = keep(buf, buflen, &at, one);
        else if (!strcmp(name, "tpu_clock"))
            opt = "--set", snprintf(one, sizeof one, "tpu.clock_hz=%s", v), val = one;
        else if (!strncmp(name, "set.", 4))
            opt = "--set", snprintf(one, sizeof one, "%s=%s", name + 4, v), val = one;
        if (!opt)
            continue;
        argv[n++] = opt;
        argv[n++] = keep(buf, buflen, &at, val);
    }
    for (size_t k = 0; k < n; k++)
        if (!argv[k])
            return 0;
    return n;
}

int sweep_job_command(const struct sweep_spec *s, const struct sweep_job *j, const char *ttemu,
                      const char *dir, char *out, size_t outlen)
{
    struct buf b = { out, 0, outlen, false };
    char fw[PATH_MAX], path[PATH_MAX + 32];
    out[0] = 0;
    if (firmware_path(s, j, fw, sizeof fw))
        return -1;
    put(&b, "cd");
    put_arg(&b, dir);
    put(&b, " &&");
    put_arg(&b, ttemu);
    put(&b, " run --quiet");
    const char *argv[2 * SWEEP_MAX_AXES + 2];
    char strings[4 * PATH_MAX];
    size_t n = sweep_job_options(s, j, argv, sizeof argv / sizeof argv[0], strings, sizeof strings);
    if (!n)
        return -1;
    for (size_t k = 0; k < n; k++)
        put_arg(&b, argv[k]);
    for (size_t k = 0; k < s->nopts; k++)
        put_arg(&b, s->opts[k]);
    snprintf(path, sizeof path, "runs/%zu.json", j->id);
    put(&b, " --report");
    put_arg(&b, path);
    put(&b, " --");
    put_arg(&b, fw);
    snprintf(path, sizeof path, " >runs/%zu.out 2>&1", j->id);
    put(&b, path);
    return b.full ? -1 : 0;
}

static int make_dirs(const char *dir)
{
    char p[PATH_MAX];
    if (snprintf(p, sizeof p, "%s/runs", dir) >= (int)sizeof p)
        return -1;
    for (char *c = p + 1; *c; c++)
        if (*c == '/') {
            *c = 0;
            if (mkdir(p, 0777) && errno != EEXIST)
                return -1;
            *c = '/';
        }
    return mkdir(p, 0777) && errno != EEXIST ? -1 : 0;
}

static int this_ttemu(char *out, size_t n)
{
    ssize_t len = readlink("/proc/self/exe", out, n - 1);
    if (len <= 0)
        return -1;
    out[len] = 0;
    return 0;
}

/* Writes the plan to f: one command a line. */
static int write_plan(const struct sweep_spec *s, const char *dir, FILE *f)
{
    char ttemu[PATH_MAX], cmd[8192];
    if (this_ttemu(ttemu, sizeof ttemu)) {
        tt_error("sweep: cannot find this ttemu's path (/proc/self/exe)");
        return TT_EXIT_INTERNAL;
    }
    size_t n = sweep_job_count(s);
    for (size_t id = 1; id <= n; id++) {
        struct sweep_job j;
        sweep_job_at(s, id, &j);
        if (sweep_job_command(s, &j, ttemu, dir, cmd, sizeof cmd)) {
            tt_error("%s: job %zu: its command line is longer than %zu bytes", s->path, id, sizeof cmd);
            return TT_EXIT_BADINPUT;
        }
        fprintf(f, "%s\n", cmd);
    }
    return 0;
}

int sweep_plan_cmd(const struct sweep_spec *s, const char *dir)
{
    return write_plan(s, dir, stdout);
}

static int write_axes(const struct sweep_spec *s, FILE *f)
{
    fprintf(f, "job");
    for (size_t a = 0; a < s->naxes; a++)
        fprintf(f, "\t%s", s->axes[a].name);
    fprintf(f, "\n");
    size_t n = sweep_job_count(s);
    for (size_t id = 1; id <= n; id++) {
        struct sweep_job j;
        sweep_job_at(s, id, &j);
        fprintf(f, "%zu", id);
        for (size_t a = 0; a < s->naxes; a++)
            fprintf(f, "\t%s", s->axes[a].values[j.pick[a]]);
        fprintf(f, "\n");
    }
    return 0;
}

/* DIR/jobs.txt (the commands) and DIR/axes.tsv (each job's axis values). */
int sweep_write_jobs(const struct sweep_spec *s, const char *dir)
{
    char path[PATH_MAX];
    if (make_dirs(dir)) {
        tt_error("sweep: %s: cannot create the results directory", dir);
        return TT_EXIT_NOINPUT;
    }
    for (int which = 0; which < 2; which++) {
        snprintf(path, sizeof path, "%s/%s", dir, which ? "axes.tsv" : "jobs.txt");
        FILE *f = fopen(path, "w");
        if (!f) {
            tt_error("sweep: %s: cannot create", path);
            return TT_EXIT_NOINPUT;
        }
        int rc = which ? write_axes(s, f) : write_plan(s, dir, f);
        if (fclose(f) || rc) {
            if (!rc)
                tt_error("sweep: %s: write failed", path);
            return rc ? rc : TT_EXIT_NOINPUT;
        }
    }
    return 0;
}
