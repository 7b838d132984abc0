/* ttemu's command line: dispatches to one function per subcommand. */
#include <stdio.h>
#include <string.h>
#include "emu/cli/cli.h"
#include "emu/version.h"

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

static void usage(FILE *out)
{
    fprintf(out, "usage: ttemu COMMAND [OPTIONS] ...\n\n"
                 "A cycle-approximate emulator of edge-vision boards.\n\ncommands:\n");
    for (size_t k = 0; k < sizeof subcommands / sizeof subcommands[0]; k++)
        fprintf(out, "  %-8s %s\n", subcommands[k].name, subcommands[k].summary);
    fprintf(out, "\n'ttemu COMMAND --help' describes each command.\n"
                 "  --help      this text\n  --version   print the version\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return TT_EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(stdout);
        return TT_EXIT_OK;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("ttemu %s\n", TTEMU_VERSION);
        return TT_EXIT_OK;
    }
    for (size_t k = 0; k < sizeof subcommands / sizeof subcommands[0]; k++)
        if (!strcmp(argv[1], subcommands[k].name))
            return subcommands[k].fn(argc - 1, argv + 1);
    tt_error("unknown command '%s' (try 'ttemu --help')", argv[1]);
    return TT_EXIT_USAGE;
}
