/* `ttemu run`: the output checks before the run, the run with its progress
 * line, and the outputs after it (report, stats, plot). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "emu/cli/cli.h"
#include "emu/cli/plot.h"
#include "emu/cli/run.h"
#include "emu/cli/run_duty.h"
#include "emu/cli/run_model.h"
#include "emu/cli/signals.h"
#include "emu/power/power.h"
#include "emu/power/report.h"
#include "emu/power/table2.h"

/* ---------------- before the run ---------------- */

/* The directory part of path ("." when there is none). */
static void parent_dir(const char *path, char *out, size_t n)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(out, n, ".");
    else if (slash == path)
        snprintf(out, n, "/");
    else
        snprintf(out, n, "%.*s", (int)(slash - path), path);
}

/* One output path: 0, or 1 after its line. */
static int check_output(const char *opt, const char *path, bool is_dir)
{
    struct stat st;
    char dir[PATH_MAX];
    if (!stat(path, &st)) {
        if (is_dir != !!S_ISDIR(st.st_mode)) {
            tt_error("run: --%s %s: %s", opt, path, is_dir ? "not a directory" : "is a directory: expected a file");
            return 1;
        }
        if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
            return 0; /* a device (/dev/null, /dev/full) is opened as it is */
        if (access(path, W_OK | (is_dir ? X_OK : 0))) {
            tt_error("run: --%s %s: cannot write: %s", opt, path, strerror(errno));
            return 1;
        }
        return 0;
    }
    parent_dir(path, dir, sizeof dir);
    if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
        tt_error("run: --%s %s: cannot create: directory %s does not exist", opt, path, dir);
        return 1;
    }
    if (access(dir, W_OK | X_OK)) {
        tt_error("run: --%s %s: cannot create in %s: %s", opt, path, dir, strerror(errno));
        return 1;
    }
    return 0;
}

int run_check_outputs(const struct run_opts *o)
{
    int bad = 0;
    if (o->report && strcmp(o->report, "-"))
        bad += check_output("report", o->report, false);
    if (o->trace)
        bad += check_output("trace", o->trace, false);
    if (o->plot)
        bad += check_output("plot", o->plot, false);
    if (o->dump_dir)
        bad += check_output("dump-tensors", o->dump_dir, true);
    return bad ? TT_EXIT_IOERR : 0;
}

/* ---------------- the run ---------------- */

/* Cycles between looks at the wall clock: a few milliseconds of host
 * time. A multiple of a fixed quantum, so the pauses fall on the same
 * cycles whatever the host's speed. */
#define PROGRESS_QUANTUM (1ull << 22)
#define PROGRESS_AFTER_S 1.0
#define PROGRESS_EVERY_S 0.25

static double wall_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

struct progress {
    bool on;
    double t0, last;
    int width;  /* of the line shown, to blank it at the end */
};

static void progress_show(struct progress *p, const struct machine *m, double now)
{
    int ph = power_current_phase(m->power);
    double wall = now - p->t0;
    int n = fprintf(stderr, "\rttemu: %.6f s simulated, phase %s, %.1f MIPS, %.1f s wall ",
                    (double)machine_now_ps(m) * 1e-12, ph >= 0 ? power_phase_name(m->power, ph) : "-",
                    wall > 0 ? (double)m->cpu.insns / wall / 1e6 : 0.0, wall);
    if (n > p->width)
        p->width = n;
    fflush(stderr);
    p->last = now;
}

static void progress_tick(struct progress *p, const struct machine *m)
{
    double now = wall_now();
    if (p->on && now - p->t0 >= PROGRESS_AFTER_S && now - p->last >= PROGRESS_EVERY_S)
        progress_show(p, m, now);
}

static void progress_clear(struct progress *p)
{
    if (p->width)
        fprintf(stderr, "\r%*s\r", p->width, "");
}

enum machine_end run_machine(const struct run_opts *o, struct machine *m, double *wall_s)
{
    struct progress p = { .on = !o->quiet && isatty(2) };
    p.t0 = p.last = wall_now();
    sig_run_begin(m, o->timeout_s);
    enum machine_end e;
    while ((e = machine_run_for(m, (m->cpu.cycles / PROGRESS_QUANTUM + 1) * PROGRESS_QUANTUM)) == END_PAUSE)
        progress_tick(&p, m);
    power_finish(m->power, machine_now_ps(m));
    sig_run_end();
    progress_clear(&p);
    *wall_s = wall_now() - p.t0;
    return e;
}

/* ---------------- after the run ---------------- */

const char *run_stop_words(const struct machine *m, enum machine_end end)
{
    const char *sig = end == END_STOPPED ? sig_stop_reason(m->stop_request) : NULL;
    return sig ? sig : m->stop_msg[0] ? m->stop_msg : "stopped";
}

/* The one-line message of a run that did not end by the firmware's exit;
 * the default time bound says how to lift it. */
static void report_stop(const struct run_opts *o, const struct machine *m, enum machine_end end)
{
    if (end == END_EXIT)
        return;
    tt_error("%s: %s at %.9f s simulated%s", o->firmware, run_stop_words(m, end),
             (double)machine_now_ps(m) * 1e-12,
             end == END_MAXTIME && !o->max_time_given
                 ? " (ttemu's default bound: the firmware may loop for ever; --max-time SECONDS, 0 for none)"
                 : end == END_STOPPED ? "; finishing the trace and the report" : "");
}

static void print_stats(const struct machine *m, double wall_s)
{
    const struct cpu *c = &m->cpu;
    double sim_s = (double)machine_now_ps(m) * 1e-12;
    fprintf(stderr, "ttemu: board %s, core %s at %.3f MHz\n", m->board.name, c->model->name,
            (double)m->clock_hz / 1e6);
    fprintf(stderr, "ttemu: %llu instructions, %llu cycles, %.6f s simulated\n",
            (unsigned long long)c->insns, (unsigned long long)c->cycles, sim_s);
    fprintf(stderr, "ttemu: %.3f s wall, %.1f MIPS, real-time factor %.3f\n", wall_s,
            wall_s > 0 ? (double)c->insns / wall_s / 1e6 : 0.0, wall_s > 0 ? sim_s / wall_s : 0.0);
}

/* --report FILE, or - for JSON on stdout. */
static int write_report(const struct run_opts *o, const struct machine *m, const struct report_info *info)
{
    char err[512];
    if (strcmp(o->report, "-")) {
        if (!report_write_file(o->report, m->power, info, err, sizeof err))
            return 0;
        tt_error("%s", err);
        return TT_EXIT_IOERR;
    }
    fflush(stdout);
    if (!report_write(stdout, REPORT_JSON, m->power, info) && !fflush(stdout))
        return 0;
    tt_error("--report -: cannot write the report to stdout: %s", strerror(errno));
    return TT_EXIT_IOERR;
}

int run_outputs(const struct run_opts *o, struct machine *m, enum machine_end end, double wall_s,
                const char *trace_path, int rc)
{
    char err[512];
    fflush(stdout);
    report_stop(o, m, end);
    struct report_info info = {
        .board = m->board.name, .firmware = o->firmware, .macs = m->macs,
        .inference_clock_hz = m->clock_hz, .inference_clock = "cpu", .core_clock_hz = m->clock_hz,
        .core_cycles = m->cpu.cycles, .instructions = m->cpu.insns,
        .stopped = end == END_EXIT ? NULL : run_stop_words(m, end),
    };
    run_duty_report(&o->duty, &info);
    info.inference_clock = table2_clock(&m->board, m->clock_hz, &info.inference_clock_hz);
    if (!o->quiet)
        report_write(stderr, REPORT_TEXT, m->power, &info);
    if (o->stats)
        print_stats(m, wall_s);
    int drc = o->dump_dir && end == END_EXIT ? run_model_dump(m, o->firmware, o->dump_dir, err, sizeof err) : 0;
    if (drc) {
        tt_error("%s", err);
        rc = rc ? rc : drc;
    }
    if (o->report && write_report(o, m, &info))
        rc = TT_EXIT_IOERR;
    if (o->plot && rc != TT_EXIT_IOERR && plot_power(trace_path, o->plot, false, NULL))
        rc = TT_EXIT_IOERR;
    return rc;
}
