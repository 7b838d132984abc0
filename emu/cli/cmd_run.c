/* `ttemu run`: load a firmware image on a board and run it to the end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "emu/cli/cli.h"
#include "emu/cli/numparse.h"
#include "emu/cli/opts.h"
#include "emu/cli/run.h"
#include "emu/cli/run_duty.h"
#include "emu/cli/run_model.h"
#include "emu/cli/signals.h"
#include "emu/gdb/gdb.h"
#include "traces/trace.h"
#include "emu/power/report.h"
#include "devices/frame.h"
#include "isa/insn.h"

/* The options of `ttemu run`. To add one: an id here, an entry in
 * run_options[] (its --help text comes from there), and its case in
 * run_take(); checks that need several options go in run_check(). Then
 * list it in docs/cli.md and docs/ttemu.1 (tests/suites/67-cli.sh fails
 * until both have it). */
enum run_opt_id {
    RO_BOARD, RO_MAX_CYCLES, RO_MAX_TIME, RO_TIMEOUT, RO_TRACE_MAX, RO_FRAME, RO_REPORT, RO_PLOT,
    RO_MODEL, RO_DUMP_TENSORS, RO_GDB, RO_GDB_NOWAIT, RO_TRACE, RO_TRACE_INSN, RO_STATS, RO_QUIET,
    RO_EXPECT_HASH, RO_CLOCK, RO_SET, RO_FRAMES, RO_FPS, RO_BATTERY,
};

static const struct tt_opt run_options[] = {
    { "board", 0, "NAME|FILE.yaml", "board to run on (default " DEFAULT_BOARD "; see 'ttemu boards')", RO_BOARD },
    { "max-cycles", 0, "N", "stop after N core cycles (exit status 81)", RO_MAX_CYCLES },
    { "max-time", 0, "SECONDS", "stop after SECONDS of simulated time (exit status 81;\n"
      "default 3600 s, 0 for no bound)", RO_MAX_TIME },
    { "timeout", 0, "SECONDS", "stop after SECONDS of wall-clock time (exit status 84),\n"
      "with the report and trace written", RO_TIMEOUT },
    { "trace-max", 0, "MB", "with --trace: stop the run when the trace reaches MB\n"
      "megabytes (exit status 85)", RO_TRACE_MAX },
    { "frame", 0, "FILE", "camera frames from FILE (binary PGM/PPM, scaled to the\n"
      "sensor); default: a built-in deterministic test scene", RO_FRAME },
    { "report", 0, "FILE", "write the energy report to FILE (.json, .yaml, .yml or .csv;\n"
      "docs/report-format.md); '-': JSON on stdout", RO_REPORT },
    { "plot", 0, "FILE", "draw the run's power over time to FILE (.svg, .png or .pdf),\n"
      "as 'ttemu plot' draws a trace (docs/plot.md)", RO_PLOT },
    { "model", 0, "FILE", "TinyTracker images: put FILE (.tflite, .ttm or\n"
      "'tinytracker') in the image's model partition", RO_MODEL },
    { "dump-tensors", 0, "DIR", "TinyTracker images: write the model input the firmware\n"
      "built and the output it computed to DIR/input.bin and\nDIR/output.bin (raw tensor bytes)",
      RO_DUMP_TENSORS },
    { "gdb", 0, "[HOST:]PORT", "halt at the reset vector and serve gdb (remote protocol)\n"
      "on 127.0.0.1:PORT, or on HOST when given (docs/gdb.md)", RO_GDB },
    { "gdb-nowait", 0, "[HOST:]PORT", "serve gdb as --gdb does, but run at once; gdb may attach\n"
      "(and interrupt) at any time (QEMU's -s without -S)", RO_GDB_NOWAIT },
    { "trace", 0, "FILE", "write a binary trace of the run (docs/trace-format.md):\n"
      "power states, phases, IRQs, firmware markers", RO_TRACE },
    { "trace-insn", 0, NULL, "with --trace: one record per instruction too", RO_TRACE_INSN },
    { "stats", 0, NULL, "print instructions, cycles and speed to stderr", RO_STATS },
    { "quiet", 'q', NULL, "print nothing of ttemu's own except errors (no report,\n"
      "no progress line)", RO_QUIET },
    { "expect-hash", 0, "HASH", "refuse (65) an image whose hash is not HASH (0x...; what\n"
      "'ttemu replay' passes)", RO_EXPECT_HASH },
    /* board and duty-cycle options: parsed in run_duty.c (docs/sweep.md) */
    { "clock", 0, "HZ|Lk", "core clock at reset: one of the board's clock_levels_hz\n"
      "(156M, 32000000) or the k-th of them (L0, L1, ...)", RO_CLOCK },
    { "set", 0, "DEV.PARAM=VALUE", "a board device parameter, as if the YAML said so\n"
      "(camera.fps=30; checked like the YAML; repeatable)", RO_SET },
    { "frames", 0, "N", "TinyTracker images: run N frames (the report adds the\n"
      "average power over the frames' window)", RO_FRAMES },
    { "fps", 0, "F", "with --frames: one frame every 1/F s, the board idling\n"
      "in between as the firmware decides", RO_FPS },
    { "battery", 0, "MAH@V", "with --frames: the battery life at that average power\n"
      "(1000@3.7)", RO_BATTERY },
};

static int run_take(void *ctx, int id, const char *v);

static struct tt_cmd run_cmd = {
    .name = "run",
    .usage = "ttemu run [OPTIONS] [--] FIRMWARE [--] [ARGS...]",
    .about = "Runs FIRMWARE (an ARM ELF, or a raw .bin loaded at the board's boot address)\n"
             "until it exits through semihosting. Options come before FIRMWARE; everything\n"
             "after it is the firmware's command line (SYS_GET_CMDLINE), after an optional --.\n"
             "On a terminal a progress line (simulated time, phase, MIPS) shows on stderr once\n"
             "the run lasts more than a second. The exit status is the firmware's own.",
    .opts = run_options,
    .nopts = sizeof run_options / sizeof run_options[0],
    .epilog = "exit status: the firmware's; 64 usage, 65 bad input, 66 missing file,\n"
              "  70 internal error (please report it; also out of memory), 74 an output not\n"
              "  written (checked before the run), 80 lockup, 81 max cycles or time, 82\n"
              "  undefined instruction, 83 BKPT without debugger, 84 --timeout, 85 --trace-max,\n"
              "  130/143 stopped by SIGINT/SIGTERM (report and trace still written; a second\n"
              "  signal exits at once). docs/cli.md and 'man ttemu' have the details.",
    .in_order = true,
    .take = run_take,
};

static int bad_value(const char *opt, const char *v, const char *expected)
{
    tt_error("run: --%s '%s': expected %s", opt, v, expected);
    return 1;
}

/* The limit options and replay's hash check. */
static int take_limit(struct run_opts *o, int id, const char *v)
{
    uint64_t n;
    switch (id) {
    case RO_MAX_CYCLES:
        if (!tt_parse_u64(v, UINT64_MAX, &o->max_cycles) || o->max_cycles == 0)
            return bad_value("max-cycles", v, "a positive whole number");
        return 0;
    case RO_MAX_TIME:
        if (!tt_parse_time_ps(v, PS_PER_S, UINT64_MAX / 2, &o->max_time_ps))
            return bad_value("max-time", v, "a number of seconds (a unit s, ms, us, ns is allowed; 0: no bound)");
        o->max_time_given = true;
        return 0;
    case RO_TIMEOUT: {
        uint64_t ps;
        if (!tt_parse_time_ps(v, PS_PER_S, 1000000 * PS_PER_S, &ps) || ps == 0)
            return bad_value("timeout", v, "a positive number of seconds (a unit s, ms, us is allowed)");
        o->timeout_s = (double)ps * 1e-12;
        return 0;
    }
    case RO_TRACE_MAX:
        if (!tt_parse_u64(v, UINT64_MAX >> 20, &n) || n == 0)
            return bad_value("trace-max", v, "a whole number of megabytes, at least 1");
        o->trace_max_bytes = n << 20;
        return 0;
    default: /* RO_EXPECT_HASH */
        if (!tt_parse_u64(v, UINT64_MAX, &o->fw_hash))
            return bad_value("expect-hash", v, "a 64-bit number (0x...)");
        o->expect_hash = true;
        return 0;
    }
}

static bool has_ext(const char *path, const char *const *exts)
{
    size_t n = strlen(path);
    for (; *exts; exts++) {
        size_t e = strlen(*exts);
        if (n > e && !strcasecmp(path + n - e, *exts))
            return true;
    }
    return false;
}

static int take_gdb(struct run_opts *o, const char *v, bool nowait)
{
    char host[256], err[300];
    int port;
    if (o->gdb) {
        tt_error("run: --gdb and --gdb-nowait given together, or twice: give one");
        return 1;
    }
    if (!gdb_parse_addr(v, host, sizeof host, &port, err, sizeof err)) {
        tt_error("run: %s", err);
        return 1;
    }
    o->gdb = v;
    o->gdb_nowait = nowait;
    return 0;
}

static int run_take(void *ctx, int id, const char *v)
{
    static const char *const plot_exts[] = { ".svg", ".png", ".pdf", NULL };
    struct run_opts *o = ctx;
    enum report_format fmt;
    switch (id) {
    case RO_BOARD: o->board = v; return 0;
    case RO_FRAME: o->frame = v; return 0;
    case RO_MODEL: o->model = v; return 0;
    case RO_DUMP_TENSORS: o->dump_dir = v; return 0;
    case RO_TRACE: o->trace = v; return 0;
    case RO_TRACE_INSN: o->trace_insn = true; return 0;
    case RO_STATS: o->stats = true; return 0;
    case RO_QUIET: o->quiet = true; return 0;
    case RO_GDB: return take_gdb(o, v, false);
    case RO_GDB_NOWAIT: return take_gdb(o, v, true);
    case RO_REPORT:
        if (strcmp(v, "-") && !report_format_from_path(v, &fmt))
            return bad_value("report", v, "a file name ending in .json, .yaml, .yml or .csv, or - for stdout");
        o->report = v;
        return 0;
    case RO_PLOT:
        if (!has_ext(v, plot_exts))
            return bad_value("plot", v, "a file name ending in .svg, .png or .pdf");
        o->plot = v;
        return 0;
    case RO_CLOCK: return run_duty_opt(&o->duty, "--clock", v) ? 1 : 0;
    case RO_SET: return run_duty_opt(&o->duty, "--set", v) ? 1 : 0;
    case RO_FRAMES: return run_duty_opt(&o->duty, "--frames", v) ? 1 : 0;
    case RO_FPS: return run_duty_opt(&o->duty, "--fps", v) ? 1 : 0;
    case RO_BATTERY: return run_duty_opt(&o->duty, "--battery", v) ? 1 : 0;
    default:
        return take_limit(o, id, v);
    }
}

static void join_args(char *out, size_t cap, int argc, char **argv, int from)
{
    size_t len = 0;
    out[0] = 0;
    for (int k = from; k < argc; k++) {
        int n = snprintf(out + len, cap - len, "%s%s", k > from ? " " : "", argv[k]);
        if (n < 0 || (size_t)n >= cap - len)
            break;
        len += (size_t)n;
    }
}

/* FIRMWARE is argv[k]; its arguments follow, after an optional "--". An
 * argument that is one of ours, unless the user wrote "--" to say it is
 * the firmware's, gets a warning saying where it belongs. */
static void take_firmware(struct run_opts *o, int argc, char **argv, int k)
{
    bool explicit_args = k + 1 < argc && !strcmp(argv[k + 1], "--");
    bool dashes_before = k > 1 && !strcmp(argv[k - 1], "--"); /* the user knows about -- */
    o->firmware = argv[k];
    o->args = argv + k + 1 + explicit_args;
    o->nargs = argc - k - 1 - explicit_args;
    /* the firmware's command line: FIRMWARE then its ARGS (without the --) */
    size_t len = (size_t)snprintf(o->cmdline, sizeof o->cmdline, "%s", argv[k]);
    for (int j = 0; j < o->nargs && len < sizeof o->cmdline; j++) {
        int n = snprintf(o->cmdline + len, sizeof o->cmdline - len, " %s", o->args[j]);
        if (n < 0 || (size_t)n >= sizeof o->cmdline - len)
            break;
        len += (size_t)n;
    }
    run_duty_cmdline(&o->duty, o->cmdline, sizeof o->cmdline);
    for (int j = 0; !explicit_args && !dashes_before && !o->quiet && j < o->nargs; j++) {
        const struct tt_opt *t = tt_opts_match(&run_cmd, o->args[j]);
        if (t)
            tt_error("warning: run: '%s' comes after FIRMWARE, so it goes to the firmware, not to ttemu; "
                     "put ttemu's --%s before FIRMWARE (or write -- after FIRMWARE to pass it on silently)",
                     o->args[j], t->name);
    }
}

/* The checks that need the whole command line; every failure is printed.
 * Returns 0 or TT_EXIT_USAGE. */
static int run_check(struct run_opts *o, int argc, char **argv, bool had_errors)
{
    int bad = 0;
    join_args(o->options, sizeof o->options, argc, argv, 0);
    if (!o->max_time_given)
        o->max_time_ps = DEFAULT_MAX_TIME_S * PS_PER_S;
    if (o->trace_max_bytes && !o->trace)
        bad += (tt_error("run: --trace-max needs --trace FILE"), 1);
    if (o->trace_insn && !o->trace)
        bad += (tt_error("run: --trace-insn needs --trace FILE"), 1);
    if (o->trace && o->gdb)
        bad += (tt_error("run: --trace and --gdb do not go together (trace a run, then 'ttemu replay' it "
                         "under gdb)"), 1);
    if (o->plot && o->gdb)
        bad += (tt_error("run: --plot and --gdb do not go together (plot a run, or 'ttemu plot' a trace)"), 1);
    if (o->report && o->gdb)
        bad += (tt_error("run: --report and --gdb do not go together (a debugged run has no report)"), 1);
    if (run_duty_check(&o->duty))
        bad++;
    if (!o->firmware && !had_errors) /* a value missing at the end took it, often */
        bad += (tt_error("run: no FIRMWARE given (try 'ttemu run --help')"), 1);
    return bad ? TT_EXIT_USAGE : 0;
}

/* Returns -1 to go on, else an exit status. */
static int parse_args(int argc, char **argv, struct run_opts *o)
{
    int first;
    run_cmd.ctx = o;
    int rc = tt_opts_parse(&run_cmd, argc, argv, &first);
    if (rc == TT_EXIT_OK || rc == TT_EXIT_INTERNAL)
        return rc; /* help or version printed */
    if (first < argc)
        take_firmware(o, argc, argv, first);
    /* the checks across options too, so every error shows at once */
    return run_check(o, argc, argv, rc == TT_EXIT_USAGE) || rc == TT_EXIT_USAGE ? TT_EXIT_USAGE : -1;
}

/* After loading: replay's image must be the traced one, whatever the path
 * now holds. */
static int check_hash(const struct run_opts *o, const struct machine *m)
{
    if (!o->expect_hash || m->fw.hash == o->fw_hash)
        return 0;
    tt_error("%s: hash %016llx, expected %016llx (the firmware has changed since the trace was written)",
             o->firmware, (unsigned long long)m->fw.hash, (unsigned long long)o->fw_hash);
    return TT_EXIT_BADINPUT;
}

/* The machine of the board with the firmware loaded (and the model
 * placed): 0, or the exit status after one line. */
static int build_machine(const struct run_opts *o, struct machine *m, char *err, size_t errlen)
{
    m->frame_path = o->frame;
    m->overrides = &o->duty.ov;
    int kind = machine_init(m, o->board, err, errlen);
    if (kind)
        return tt_exit_for(kind);
    m->max_cycles = o->max_cycles;
    m->max_ps = o->max_time_ps;
    m->semihost.cmdline = o->cmdline;
    if ((kind = machine_load(m, o->firmware, err, errlen)))
        return tt_exit_for(kind);
    return o->model ? run_model_place(m, o->firmware, o->model, err, errlen) : 0;
}

/* --gdb: a fresh machine like the first, for the server's replays. */
static int gdb_rebuild(void *ctx, struct machine *m, char *err, size_t errlen)
{
    return build_machine(ctx, m, err, errlen) ? -1 : 0;
}

static int run_gdb(struct run_opts *o, struct machine *m)
{
    struct gdb_target t = { gdb_rebuild, o, o->gdb_nowait };
    int rc = gdb_serve(m, o->gdb, &t);
    fflush(stdout);
    machine_free(m);
    return rc;
}

/* TTEMU_DEBUG_INSNS=1: one line per instruction on stderr (pc, then r0-r12,
 * sp, lr, xPSR), to diff against another emulator. A developer aid. */
static void debug_insn(void *ctx, struct cpu *c, const struct insn *i)
{
    (void)ctx;
    fprintf(stderr, "%08x", i->addr);
    for (int k = 0; k < 15; k++)
        fprintf(stderr, " %08x", c->r[k]);
    fprintf(stderr, " %08x\n", cpu_get_xpsr(c));
}

/* --frame is checked here so a board without a camera reports it too. */
static int check_frame(const struct run_opts *o)
{
    char err[512];
    struct rgb_image img;
    if (!o->frame)
        return 0;
    if (frame_load_pnm(o->frame, &img, err, sizeof err)) {
        tt_error("%s", err);
        return access(o->frame, R_OK) ? TT_EXIT_NOINPUT : TT_EXIT_BADINPUT;
    }
    frame_free(&img);
    return 0;
}

/* --plot without --trace: the run writes a trace of its own to a
 * temporary file, removed after drawing. */
static const char *plot_trace(const struct run_opts *o, char *tmp, size_t n)
{
    if (o->trace || !o->plot)
        return o->trace;
    const char *dir = getenv("TMPDIR");
    snprintf(tmp, n, "%s/ttemu-plot-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(tmp);
    if (fd < 0) {
        tt_error("run: --plot: cannot make a temporary trace in %s", dir && *dir ? dir : "/tmp");
        return NULL;
    }
    close(fd);
    return tmp;
}

/* Runs the loaded machine with its trace, then writes the outputs. */
static int run_traced(struct run_opts *o, struct machine *m)
{
    char err[512], tmp[4096] = "";
    const char *trace = plot_trace(o, tmp, sizeof tmp);
    if (o->plot && !trace)
        return TT_EXIT_IOERR;
    struct trace_writer *tw = NULL;
    struct trace_run tr = { .firmware = o->firmware, .options = o->options, .frame = o->frame,
                            .max_cycles = o->max_cycles, .max_time_ps = o->max_time_ps, .nargs = o->nargs,
                            .args = o->args, .insns = o->trace_insn, .max_bytes = o->trace_max_bytes,
                            .clock = o->duty.ov.clock, .model = o->model, .frames = o->duty.frames,
                            .fps = o->duty.fps_text, .nsets = o->duty.ov.nsets, .sets = o->duty.ov.sets };
    if (trace && !(tw = trace_start(trace, m, &tr, err, sizeof err))) {
        tt_error("%s", err);
        if (*tmp)
            unlink(tmp);
        return TT_EXIT_IOERR;
    }
    if (o->dump_dir)
        run_model_watch(m, o->firmware);
    double wall_s;
    enum machine_end end = run_machine(o, m, &wall_s);
    int rc = m->exit_code;
    switch (end) {
    case END_EXIT: break;
    case END_MAXCYCLES: case END_MAXTIME: rc = TT_EXIT_MAXCYCLES; break;
    case END_STOPPED: rc = m->stop_request; break;
    case END_UNDEF: rc = TT_EXIT_UNDEF; break;
    case END_BKPT: rc = TT_EXIT_HALTED; break;
    default: rc = TT_EXIT_LOCKUP; break;
    }
    if (tw && trace_finish(tw, m, rc, err, sizeof err)) {
        tt_error("%s: %s", trace, err);
        rc = TT_EXIT_IOERR;
    }
    rc = run_outputs(o, m, end, wall_s, trace, rc);
    if (*tmp)
        unlink(tmp);
    return rc;
}

int cmd_run(int argc, char **argv)
{
    struct run_opts o = { .board = DEFAULT_BOARD };
    int rc = parse_args(argc, argv, &o);
    if (rc >= 0)
        return rc;
    if ((rc = run_check_outputs(&o)) || (rc = check_frame(&o)))
        return rc;
    static struct machine m; /* large; one per process */
    char err[512];
    if ((rc = build_machine(&o, &m, err, sizeof err)))
        tt_error("%s", err);
    else
        rc = check_hash(&o, &m);
    if (rc) {
        machine_free(&m);
        return rc;
    }
    if (getenv("TTEMU_DEBUG_INSNS"))
        m.cpu.on_insn = debug_insn;
    if (o.gdb)
        return run_gdb(&o, &m);
    rc = run_traced(&o, &m);
    machine_free(&m);
    return rc;
}
