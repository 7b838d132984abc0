/* ttemu's command line: dispatches to one function per subcommand. */
#include <stdio.h>
#include <string.h>
#include "emu/cli/cli.h"
#include "emu/cli/opts.h"

struct subcommand {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
};

static const struct subcommand subcommands[] = {
    { "run",    cmd_run,    "run a firmware image (ELF or .bin) on a board" },
    { "boards", cmd_boards, "list the boards, or show one in detail" },
    { "model",  cmd_model,  "inspect, convert and run int8 models (.tflite, .ttm)" },
    { "trace",  cmd_trace,  "show a trace file, or export it (VCD, Perfetto JSON, CSV)" },
    { "profile", cmd_profile, "a flat profile per function and layer from a --trace-insn trace" },
    { "plot",   cmd_plot,   "draw a traced run: power over time, or cost per layer (SVG/PNG/PDF)" },
    { "sweep",  cmd_sweep,  "design-space sweeps: boards x models x kernels, run by GNU parallel or Slurm" },
    { "replay", cmd_replay, "re-run a traced run under the GDB server" },
};

int main(int argc, char **argv)
{
    static char about[2048];
    size_t len = (size_t)snprintf(about, sizeof about, "A cycle-approximate emulator of edge-vision boards.\n\ncommands:");
    for (size_t k = 0; k < sizeof subcommands / sizeof subcommands[0] && len < sizeof about; k++)
        len += (size_t)snprintf(about + len, sizeof about - len, "\n  %-8s %s", subcommands[k].name,
                                subcommands[k].summary);
    struct tt_cmd cmd = {
        .name = "ttemu",
        .usage = "ttemu [-h|-V] COMMAND [OPTIONS] ...",
        .about = about,
        .epilog = "'ttemu COMMAND --help' describes each command; 'man ttemu' and docs/cli.md\n"
                  "describe them all.",
        .in_order = true,
        .take = tt_opts_none,
    };
    int first, rc = tt_opts_parse(&cmd, argc, argv, &first);
    if (rc >= 0)
        return rc;
    if (first >= argc) {
        tt_opts_help(&cmd, stderr);
        return TT_EXIT_USAGE;
    }
    for (size_t k = 0; k < sizeof subcommands / sizeof subcommands[0]; k++)
        if (!strcmp(argv[first], subcommands[k].name))
            return subcommands[k].fn(argc - first, argv + first);
    tt_error("unknown command '%s' (try 'ttemu --help')", argv[first]);
    return TT_EXIT_USAGE;
}
