/* `ttemu run`: load a firmware image on a board and run it to the end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "emu/cli/cli.h"
#include "emu/cli/numparse.h"
#include "emu/cli/run_model.h"
#include "emu/cli/signals.h"
#include "emu/gdb/gdb.h"
#include "traces/trace.h"
#include "emu/machine.h"
#include "emu/power/report.h"
#include "emu/power/table2.h"
#include "devices/frame.h"
#include "isa/insn.h"

#define DEFAULT_BOARD "mps2-an386"
/* The default simulated-time bound: far beyond any real firmware run (the
 * paper's longest measurement is seconds), short enough that a firmware
 * stuck in a loop ends with a message rather than running for ever. */
#define DEFAULT_MAX_TIME_S 3600
#define PS_PER_S 1000000000000ull

struct run_opts {
    const char *board;
    const char *firmware;
    const char *report;
    const char *frame;
    const char *gdb;        /* --gdb [HOST:]PORT */
    const char *trace;      /* --trace FILE */
    const char *model;      /* --model FILE: into the image's model partition */
    const char *dump_dir;   /* --dump-tensors DIR */
    bool trace_insn;        /* --trace-insn */
    char options[1024];     /* the command line, for the trace header */
    uint64_t max_cycles;
    bool quiet, stats;
    char cmdline[1024];
    /* limits (limit_opt) */
    uint64_t max_time_ps;   /* --max-time; the default bound unless given; 0: none */
    bool max_time_given;
    double timeout_s;       /* --timeout, wall clock; 0: none */
    uint64_t trace_max_bytes; /* --trace-max MB; 0: no cap */
    bool expect_hash;       /* --expect-hash (replay): the loaded image must have fw_hash */
    uint64_t fw_hash;
    int nargs;              /* the firmware's ARGS (after FIRMWARE) */
    char **args;
};

static void run_usage(FILE *out)
{
    fprintf(out,
        "usage: ttemu run [OPTIONS] FIRMWARE [ARGS...]\n\n"
        "Runs FIRMWARE (an ARM ELF, or a raw .bin loaded at the board's boot address)\n"
        "until it exits through semihosting. ARGS become the firmware's command line\n"
        "(SYS_GET_CMDLINE). The exit status is the firmware's own.\n\n"
        "options:\n"
        "  --board NAME|FILE.yaml  board to run on (default " DEFAULT_BOARD "; see 'ttemu boards')\n"
        "  --max-cycles N          stop after N core cycles (exit status %d)\n"
        "  --max-time SECONDS      stop after SECONDS of simulated time (exit status 81;\n"
        "                          default %d s, 0 for no bound)\n"
        "  --timeout SECONDS       stop after SECONDS of wall-clock time (exit status 84),\n"
        "                          with the report and trace written\n"
        "  --trace-max MB          with --trace: stop the run when the trace reaches MB\n"
        "                          megabytes (exit status 85)\n"
        "  --frame FILE            camera frames from FILE (binary PGM/PPM, scaled to the\n"
        "                          sensor); default: a built-in deterministic test scene\n"
        "  --report FILE           write the energy report to FILE (.json, .yaml or .csv;\n"
        "                          docs/report-format.md)\n"
        "  --model FILE            TinyTracker images: put FILE (.tflite, .ttm or\n"
        "                          'tinytracker') in the image's model partition\n"
        "  --dump-tensors DIR      TinyTracker images: write the model input the firmware\n"
        "                          built and the output it computed to DIR/input.bin and\n"
        "                          DIR/output.bin (raw tensor bytes)\n"
        "  --gdb [HOST:]PORT       halt at the reset vector and serve gdb (remote protocol)\n"
        "                          on 127.0.0.1:PORT, or on HOST when given (docs/gdb.md)\n"
        "  --trace FILE            write a binary trace of the run (docs/trace-format.md):\n"
        "                          power states, phases, IRQs, firmware markers\n"
        "  --trace-insn            with --trace: one record per instruction too\n"
        "  --stats                 print instructions, cycles and speed to stderr\n"
        "  --quiet                 print nothing of ttemu's own except errors\n"
        "  --help                  this text\n\n"
        "exit status: the firmware's; %d usage, %d bad input, %d missing file,\n"
        "  %d lockup, %d max cycles, %d undefined instruction, %d BKPT without debugger,\n"
        "  74 an output not written, 130/143 stopped by SIGINT/SIGTERM (report and\n"
        "  trace still written; a second signal exits at once)\n",
        TT_EXIT_MAXCYCLES, DEFAULT_MAX_TIME_S, TT_EXIT_USAGE, TT_EXIT_BADINPUT, TT_EXIT_NOINPUT, TT_EXIT_LOCKUP,
        TT_EXIT_MAXCYCLES, TT_EXIT_UNDEF, TT_EXIT_HALTED);
}

/* The limit options and replay's hash check. Returns -1 when a is none of
 * them, 0 when taken, else an exit status (the message printed). */
static int limit_opt(struct run_opts *o, const char *a, const char *v)
{
    uint64_t n;
    if (!strcmp(a, "--max-time")) {
        if (!tt_parse_time_ps(v, PS_PER_S, UINT64_MAX / 2, &o->max_time_ps))
            goto bad;
        o->max_time_given = true;
    } else if (!strcmp(a, "--timeout")) {
        uint64_t ps;
        if (!tt_parse_time_ps(v, PS_PER_S, 1000000 * PS_PER_S, &ps) || ps == 0)
            goto bad;
        o->timeout_s = (double)ps * 1e-12;
    } else if (!strcmp(a, "--trace-max")) {
        if (!tt_parse_u64(v, UINT64_MAX >> 20, &n) || n == 0)
            goto bad;
        o->trace_max_bytes = n << 20;
    } else if (!strcmp(a, "--expect-hash")) {
        if (!tt_parse_u64(v, UINT64_MAX, &o->fw_hash))
            goto bad;
        o->expect_hash = true;
    } else
        return -1;
    return 0;
bad:
    tt_error("run: %s '%s': expected %s", a, v,
             !strcmp(a, "--trace-max") ? "a whole number of megabytes, at least 1"
             : !strcmp(a, "--expect-hash") ? "a 64-bit number (0x...)"
             : !strcmp(a, "--timeout") ? "a positive number of seconds (a unit s, ms, us is allowed)"
                                      : "a number of seconds (a unit s, ms, us, ns is allowed; 0: no bound)");
    return TT_EXIT_USAGE;
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

static void join_args(struct run_opts *o, int argc, char **argv, int from)
{
    size_t len = 0;
    for (int k = from; k < argc; k++) {
        int n = snprintf(o->cmdline + len, sizeof o->cmdline - len, "%s%s", k > from ? " " : "", argv[k]);
        if (n < 0 || (size_t)n >= sizeof o->cmdline - len)
            break;
        len += (size_t)n;
    }
}

/* --gdb: the address must parse before anything is built. */
static bool gdb_opt_ok(const char *v)
{
    char host[256], err[300];
    int port;
    if (gdb_parse_addr(v, host, sizeof host, &port, err, sizeof err))
        return true;
    tt_error("run: %s", err);
    return false;
}

/* --gdb: a fresh machine like the first, for the server's replays. */
static int gdb_rebuild(void *ctx, struct machine *m, char *err, size_t errlen)
{
    const struct run_opts *o = ctx;
    m->frame_path = o->frame;
    if (machine_init(m, o->board, err, errlen))
        return -1;
    m->max_cycles = o->max_cycles;
    m->max_ps = o->max_time_ps;
    m->semihost.cmdline = o->cmdline;
    if (machine_load(m, o->firmware, err, errlen))
        return -1;
    return o->model && run_model_place(m, o->firmware, o->model, err, errlen) ? -1 : 0;
}

static int run_gdb(struct run_opts *o, struct machine *m)
{
    struct gdb_target t = { gdb_rebuild, o };
    int rc = gdb_serve(m, o->gdb, &t);
    fflush(stdout);
    machine_free(m);
    return rc;
}

/* --trace: the options that shape the run go into the trace header. */
static int trace_check(struct run_opts *o, int argc, char **argv)
{
    size_t len = 0;
    for (int k = 0; k < argc; k++) {
        int n = snprintf(o->options + len, sizeof o->options - len, "%s%s", k ? " " : "", argv[k]);
        if (n < 0 || (size_t)n >= sizeof o->options - len)
            break;
        len += (size_t)n;
    }
    if (o->trace_insn && !o->trace) {
        tt_error("run: --trace-insn needs --trace FILE");
        return TT_EXIT_USAGE;
    }
    if (o->trace && o->gdb) {
        tt_error("run: --trace and --gdb do not go together (trace a run, then 'ttemu replay' it under gdb)");
        return TT_EXIT_USAGE;
    }
    return -1;
}

/* argv[k] is FIRMWARE, the rest its ARGS; the options are all read, so
 * the defaults that depend on them are settled here. -1 to go on. */
static int take_firmware(struct run_opts *o, int argc, char **argv, int k)
{
    o->firmware = argv[k];
    o->nargs = argc - k - 1;
    o->args = argv + k + 1;
    join_args(o, argc, argv, k);
    if (!o->max_time_given)
        o->max_time_ps = DEFAULT_MAX_TIME_S * PS_PER_S;
    if (o->trace_max_bytes && !o->trace) {
        tt_error("run: --trace-max needs --trace FILE");
        return TT_EXIT_USAGE;
    }
    return -1;
}

/* Returns -1 to go on, else an exit status. */
static int parse_args(int argc, char **argv, struct run_opts *o)
{
    for (int k = 1; k < argc; k++) {
        const char *a = argv[k];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            run_usage(stdout);
            return TT_EXIT_OK;
        } else if (!strcmp(a, "--quiet")) {
            o->quiet = true;
        } else if (!strcmp(a, "--stats")) {
            o->stats = true;
        } else if (!strcmp(a, "--trace-insn")) {
            o->trace_insn = true;
        } else if (!strcmp(a, "--trace")) {
            if (k + 1 >= argc) {
                tt_error("run: --trace needs a file name (try 'ttemu run --help')");
                return TT_EXIT_USAGE;
            }
            o->trace = argv[++k];
        } else if (!strcmp(a, "--board") || !strcmp(a, "--max-cycles") || !strcmp(a, "--report") ||
                   !strcmp(a, "--frame") || !strcmp(a, "--gdb") || !strcmp(a, "--max-time") ||
                   !strcmp(a, "--timeout") || !strcmp(a, "--trace-max") || !strcmp(a, "--expect-hash") ||
                   !strcmp(a, "--model") || !strcmp(a, "--dump-tensors")) {
            if (k + 1 >= argc) {
                tt_error("run: %s needs a value (try 'ttemu run --help')", a);
                return TT_EXIT_USAGE;
            }
            const char *v = argv[++k];
            enum report_format fmt;
            int lrc = limit_opt(o, a, v);
            if (lrc >= 0) {
                if (lrc)
                    return lrc;
            } else if (!strcmp(a, "--board"))
                o->board = v;
            else if (!strcmp(a, "--frame"))
                o->frame = v;
            else if (!strcmp(a, "--model"))
                o->model = v;
            else if (!strcmp(a, "--dump-tensors"))
                o->dump_dir = v;
            else if (!strcmp(a, "--gdb")) {
                if (!gdb_opt_ok(v))
                    return TT_EXIT_USAGE;
                o->gdb = v;
            }
            else if (!strcmp(a, "--report")) {
                if (!report_format_from_path(v, &fmt)) {
                    tt_error("run: --report '%s': expected a file name ending in .json, .yaml or .csv", v);
                    return TT_EXIT_USAGE;
                }
                o->report = v;
            }
            else if (!tt_parse_u64(v, UINT64_MAX, &o->max_cycles) || o->max_cycles == 0) {
                tt_error("run: --max-cycles '%s': expected a positive whole number", v);
                return TT_EXIT_USAGE;
            }
        } else if (!strcmp(a, "--") && k + 1 < argc) { /* FIRMWARE follows, whatever its name */
            return take_firmware(o, argc, argv, k + 1);
        } else if (a[0] == '-' && a[1]) {
            tt_error("run: unknown option '%s' (try 'ttemu run --help')", a);
            return TT_EXIT_USAGE;
        } else {
            return take_firmware(o, argc, argv, k);
        }
    }
    tt_error("run: no FIRMWARE given (try 'ttemu run --help')");
    return TT_EXIT_USAGE;
}

static int end_status(struct machine *m, enum machine_end end)
{
    switch (end) {
    case END_EXIT: return m->exit_code;
    case END_MAXCYCLES: return TT_EXIT_MAXCYCLES;
    case END_MAXTIME: return TT_EXIT_MAXCYCLES;
    case END_STOPPED: return m->stop_request;
    case END_UNDEF: return TT_EXIT_UNDEF;
    case END_BKPT: return TT_EXIT_HALTED;
    default: return TT_EXIT_LOCKUP;
    }
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

/* Why the run did not reach the firmware's exit, in words for the report. */
static const char *stop_words(const struct machine *m, enum machine_end end)
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
    tt_error("%s: %s at %.9f s simulated%s", o->firmware, stop_words(m, end),
             (double)machine_now_ps(m) * 1e-12,
             end == END_MAXTIME && !o->max_time_given
                 ? " (ttemu's default bound: the firmware may loop for ever; --max-time SECONDS, 0 for none)"
                 : end == END_STOPPED ? "; report and trace written" : "");
}

int cmd_run(int argc, char **argv)
{
    struct run_opts o = { .board = DEFAULT_BOARD };
    int rc = parse_args(argc, argv, &o);
    if (rc < 0)
        rc = trace_check(&o, argc, argv);
    if (rc >= 0)
        return rc;
    static struct machine m; /* large; one per process */
    char err[512];
    if (o.frame) { /* checked here so a board without a camera reports it too */
        struct rgb_image img;
        if (frame_load_pnm(o.frame, &img, err, sizeof err)) {
            tt_error("%s", err);
            return strstr(err, "cannot open") ? TT_EXIT_NOINPUT : TT_EXIT_BADINPUT;
        }
        frame_free(&img);
    }
    m.frame_path = o.frame;
    if (machine_init(&m, o.board, err, sizeof err)) {
        tt_error("%s", err);
        machine_free(&m);
        return strstr(err, "cannot open") || strstr(err, "no built-in") ? TT_EXIT_NOINPUT : TT_EXIT_BADINPUT;
    }
    m.max_cycles = o.max_cycles;
    m.max_ps = o.max_time_ps;
    if (getenv("TTEMU_DEBUG_INSNS"))
        m.cpu.on_insn = debug_insn;
    m.semihost.cmdline = o.cmdline;
    if (machine_load(&m, o.firmware, err, sizeof err)) {
        tt_error("%s", err);
        machine_free(&m);
        return strstr(err, "cannot open") ? TT_EXIT_NOINPUT : TT_EXIT_BADINPUT;
    }
    if ((rc = check_hash(&o, &m))) {
        machine_free(&m);
        return rc;
    }
    if (o.model && (rc = run_model_place(&m, o.firmware, o.model, err, sizeof err))) {
        tt_error("%s", err);
        machine_free(&m);
        return rc;
    }
    if (o.gdb)
        return run_gdb(&o, &m);
    struct trace_writer *tw = NULL;
    struct trace_run tr = { .firmware = o.firmware, .options = o.options, .frame = o.frame,
                            .max_cycles = o.max_cycles, .max_time_ps = o.max_time_ps, .nargs = o.nargs,
                            .args = o.args, .insns = o.trace_insn, .max_bytes = o.trace_max_bytes };
    if (o.trace && !(tw = trace_start(o.trace, &m, &tr, err, sizeof err))) {
        tt_error("%s", err);
        machine_free(&m);
        return TT_EXIT_NOINPUT;
    }
    if (o.dump_dir)
        run_model_watch(&m, o.firmware);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    sig_run_begin(&m, o.timeout_s);
    enum machine_end end = machine_run(&m);
    sig_run_end();
    clock_gettime(CLOCK_MONOTONIC, &t1);
    rc = end_status(&m, end);
    if (tw && trace_finish(tw, &m, rc, err, sizeof err)) {
        tt_error("%s: %s", o.trace, err);
        rc = TT_EXIT_IOERR;
    }
    fflush(stdout);
    report_stop(&o, &m, end);
    struct report_info info = {
        .board = m.board.name, .firmware = o.firmware, .macs = m.macs,
        .inference_clock_hz = m.clock_hz, .inference_clock = "cpu",
        .core_cycles = m.cpu.cycles, .instructions = m.cpu.insns,
        .stopped = end == END_EXIT ? NULL : stop_words(&m, end),
    };
    info.inference_clock = table2_clock(&m.board, m.clock_hz, &info.inference_clock_hz);
    if (!o.quiet)
        report_write(stderr, REPORT_TEXT, m.power, &info);
    if (o.stats)
        print_stats(&m, (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9);
    int drc = o.dump_dir && end == END_EXIT ? run_model_dump(&m, o.firmware, o.dump_dir, err, sizeof err) : 0;
    if (drc) {
        tt_error("%s", err);
        rc = rc ? rc : drc;
    }
    if (o.report && report_write_file(o.report, m.power, &info, err, sizeof err)) {
        tt_error("%s", err);
        rc = TT_EXIT_IOERR;
    }
    machine_free(&m);
    return rc;
}
