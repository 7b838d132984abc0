/* `ttemu trace` (dispatching to show and export) and `ttemu replay`, and
 * the helpers the trace-reading commands share: reading trace files
 * (traces/trace.h, docs/trace-format.md).
 *
 * trace show: cmd_trace_show.c; trace export: cmd_trace_export.c;
 * profile: cmd_profile.c. */
#include "emu/cli/cmd_trace_internal.h"
#include "emu/cli/opts.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---------------- shared helpers ---------------- */

int tc_open_trace(const char *path, struct trace_reader **r, struct trace_header *h)
{
    char err[512];
    *r = trace_open(path, h, err, sizeof err);
    if (!*r) {
        tt_error("%s", err);
        /* the reader says nothing but the message: whether the file opens
         * at all tells a missing file from a bad one */
        return access(path, R_OK) ? TT_EXIT_NOINPUT : TT_EXIT_BADINPUT;
    }
    return 0;
}

/* Symbols from FW.elf (or the trace's own firmware when it is there and
 * has the same hash). Returns false (quietly) if there are none. */
bool tc_load_symbols(const char *path, const struct trace_header *h, struct firmware *fw, bool must)
{
    char err[512];
    memset(fw, 0, sizeof *fw);
    const char *p = path ? path : h->firmware;
    if (!p || !*p)
        return false;
    if (firmware_load(p, fw, err, sizeof err)) {
        if (must)
            tt_error("%s", err);
        memset(fw, 0, sizeof *fw);
        return false;
    }
    if (!path && fw->hash != h->fw_hash) {
        firmware_free(fw);
        memset(fw, 0, sizeof *fw);
        return false;
    }
    return true;
}

const char *tc_state_name(const struct trace_header *h, unsigned comp, unsigned state)
{
    if (comp < h->ncomps && state < h->comps[comp].nstates)
        return h->comps[comp].states[state];
    return "?";
}

const char *tc_comp_name(const struct trace_header *h, unsigned comp)
{
    return comp < h->ncomps ? h->comps[comp].name : "?";
}

/* ---------------- trace ---------------- */

int cmd_trace(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "show"))
        return tc_show(argc - 1, argv + 1);
    if (argc >= 2 && !strcmp(argv[1], "export"))
        return tc_export(argc - 1, argv + 1);
    static const struct tt_cmd cmd = {
        .name = "trace",
        .usage = "ttemu trace show FILE [--symbols FW.elf] [--from T] [--to T] [--pc-range A-B]\n"
                 "       ttemu trace export FILE [--vcd OUT] [--perfetto OUT] [--csv OUT]",
        .about = "Traces come from 'ttemu run --trace FILE [--trace-insn]' (docs/trace-format.md).\n"
                 "'ttemu trace show --help' and 'ttemu trace export --help' describe each.",
        .take = tt_opts_none,
    };
    int first, rc = tt_opts_parse(&cmd, argc, argv, &first);
    if (rc >= 0)
        return rc;
    if (first < argc)
        tt_error("trace: unknown subcommand '%s' (try 'ttemu trace --help')", argv[first]);
    else
        tt_error("trace: expected show or export (try 'ttemu trace --help')");
    return TT_EXIT_USAGE;
}

/* ---------------- replay ---------------- */

/* The board to build: builtin:NAME.yaml names a built-in board, anything
 * else is the YAML path the run used. */
static void replay_board(const struct trace_header *h, char *out, size_t len)
{
    const char *s = h->board_source;
    size_t n = strlen(s);
    if (!strncmp(s, "builtin:", 8) && n > 13 && !strcmp(s + n - 5, ".yaml"))
        snprintf(out, len, "%.*s", (int)(n - 13), s + 8);
    else
        snprintf(out, len, "%s", *s ? s : h->board);
}

/* `ttemu run` rebuilt from the header's typed fields, one argv element per
 * field (no splitting, no length cut): the command line alone chooses the
 * gdb address, and run checks the hash of the image it actually loads. */
static int replay_run(const char *file, const char *port, const struct trace_header *h)
{
    static char board[4096], cycles[32], max_time[40], hash[24], frames[24];
    replay_board(h, board, sizeof board);
    snprintf(cycles, sizeof cycles, "%llu", (unsigned long long)h->max_cycles);
    snprintf(max_time, sizeof max_time, "%llups", (unsigned long long)h->max_time_ps);
    snprintf(hash, sizeof hash, "0x%016" PRIx64, h->fw_hash);
    size_t cap = 24 + h->nargs + 2 * h->nsets;
    char **args = tt_xcalloc(cap, sizeof *args, "the replay's command line");
    int na = 0;
    args[na++] = "run";
    args[na++] = "--gdb";
    args[na++] = (char *)port;
    args[na++] = "--board";
    args[na++] = board;
    args[na++] = "--expect-hash";
    args[na++] = hash;
    args[na++] = "--max-time";
    args[na++] = max_time;
    if (h->max_cycles) {
        args[na++] = "--max-cycles";
        args[na++] = cycles;
    }
    if (h->frame && *h->frame) {
        args[na++] = "--frame";
        args[na++] = h->frame;
    }
    /* version 3: the board and duty-cycle options, each checked again by
     * run's own parser (none of them can choose where gdb listens) */
    if (h->clock && *h->clock) {
        args[na++] = "--clock";
        args[na++] = h->clock;
    }
    for (size_t k = 0; k < h->nsets; k++) {
        args[na++] = "--set";
        args[na++] = h->sets[k];
    }
    if (h->model && *h->model) {
        args[na++] = "--model";
        args[na++] = h->model;
    }
    if (h->frames) {
        snprintf(frames, sizeof frames, "%llu", (unsigned long long)h->frames);
        args[na++] = "--frames";
        args[na++] = frames;
    }
    if (h->fps && *h->fps) {
        args[na++] = "--fps";
        args[na++] = h->fps;
    }
    args[na++] = "--";
    args[na++] = h->firmware;
    for (size_t k = 0; k < h->nargs; k++)
        args[na++] = h->args[k];
    args[na] = NULL;
    fprintf(stderr, "ttemu: replaying %s under gdb:", file);
    for (int k = 0; k < na; k++)
        fprintf(stderr, " %s", args[k]);
    fprintf(stderr, "\n");
    int rc = cmd_run(na, args);
    free(args);
    return rc;
}

static const struct tt_opt replay_options[] = {
    { "gdb", 0, "[HOST:]PORT", "serve gdb on 127.0.0.1:PORT, or on HOST (required)", 0 },
};

static int replay_take(void *ctx, int id, const char *v)
{
    (void)id;
    *(const char **)ctx = v;
    return 0;
}

int cmd_replay(int argc, char **argv)
{
    const char *port = NULL;
    struct tt_cmd cmd = {
        .name = "replay",
        .usage = "ttemu replay FILE --gdb [HOST:]PORT",
        .about = "Runs the recorded run again (the same board, firmware and options; the\n"
                 "firmware is checked against the trace's hash) under the GDB server, halted\n"
                 "at the reset vector, so it can be inspected forwards and backwards\n"
                 "(docs/gdb.md). Runs are deterministic: the replay is the recorded run.",
        .opts = replay_options, .nopts = 1,
        .epilog = "exit status: as 'ttemu run --gdb'; 65 when the firmware has changed",
        .take = replay_take, .ctx = &port,
    };
    int first, prc = tt_opts_parse(&cmd, argc, argv, &first);
    if (prc >= 0)
        return prc;
    if (argc - first != 1 || !port) {
        tt_error("replay: expected one FILE and --gdb [HOST:]PORT (try 'ttemu replay --help')");
        return TT_EXIT_USAGE;
    }
    const char *file = argv[first];
    struct trace_reader *r;
    struct trace_header h;
    int rc = tc_open_trace(file, &r, &h);
    if (rc)
        return rc;
    if (h.version < 2) {
        tt_error("replay: %s: a version 1 trace has no typed run fields; trace the run again", file);
        trace_close(r, &h);
        return TT_EXIT_BADINPUT;
    }
    int rc2 = replay_run(file, port, &h);
    trace_close(r, &h);
    return rc2;
}
