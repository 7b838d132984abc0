/* `ttemu trace` (dispatching to show and export) and `ttemu replay`, and
 * the helpers the trace-reading commands share: reading trace files
 * (traces/trace.h, docs/trace-format.md).
 *
 * trace show: cmd_trace_show.c; trace export: cmd_trace_export.c;
 * profile: cmd_profile.c. */
#include "emu/cli/cmd_trace_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------- shared helpers ---------------- */

int tc_open_trace(const char *path, struct trace_reader **r, struct trace_header *h)
{
    char err[512];
    *r = trace_open(path, h, err, sizeof err);
    if (!*r) {
        tt_error("%s", err);
        return strstr(err, "cannot open") ? TT_EXIT_NOINPUT : TT_EXIT_BADINPUT;
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
    FILE *out = argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) ? stdout : stderr;
    fprintf(out, "usage: ttemu trace show FILE [--symbols FW.elf] [--from T] [--to T] [--pc-range A-B]\n"
                 "       ttemu trace export FILE [--vcd OUT] [--perfetto OUT] [--csv OUT]\n"
                 "Traces come from 'ttemu run --trace FILE [--trace-insn]' (docs/trace-format.md).\n");
    return out == stdout ? TT_EXIT_OK : TT_EXIT_USAGE;
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
    static char board[4096], cycles[32], max_time[40], hash[24];
    replay_board(h, board, sizeof board);
    snprintf(cycles, sizeof cycles, "%llu", (unsigned long long)h->max_cycles);
    snprintf(max_time, sizeof max_time, "%llups", (unsigned long long)h->max_time_ps);
    snprintf(hash, sizeof hash, "0x%016" PRIx64, h->fw_hash);
    size_t cap = 16 + h->nargs;
    char **args = calloc(cap, sizeof *args);
    if (!args) {
        tt_error("replay: out of memory");
        return TT_EXIT_INTERNAL;
    }
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

int cmd_replay(int argc, char **argv)
{
    const char *file = NULL, *port = NULL;
    for (int k = 1; k < argc; k++) {
        if (!strcmp(argv[k], "--help") || !strcmp(argv[k], "-h")) {
            printf("usage: ttemu replay FILE --gdb [HOST:]PORT\n\n"
                   "Runs the recorded run again (the same board, firmware and options; the\n"
                   "firmware is checked against the trace's hash) under the GDB server, halted\n"
                   "at the reset vector, so it can be inspected forwards and backwards\n"
                   "(docs/gdb.md). Runs are deterministic: the replay is the recorded run.\n");
            return TT_EXIT_OK;
        }
        if (!strcmp(argv[k], "--gdb") && k + 1 < argc)
            port = argv[++k];
        else if (argv[k][0] == '-') {
            tt_error("replay: unknown option or missing value '%s'", argv[k]);
            return TT_EXIT_USAGE;
        } else
            file = argv[k];
    }
    if (!file || !port) {
        tt_error("replay: usage: ttemu replay FILE --gdb [HOST:]PORT");
        return TT_EXIT_USAGE;
    }
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
