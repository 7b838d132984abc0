/* `ttemu plot`: pictures of a traced run (docs/plot.md). */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "emu/cli/cli.h"
#include "emu/cli/plot.h"

static void plot_usage(FILE *out)
{
    fprintf(out,
        "usage: ttemu plot [OPTIONS] RUN.ttt -o OUT.svg|.png|.pdf\n"
        "       ttemu plot validation.json -o OUT.svg|.png|.pdf\n"
        "       ttemu plot TABLE.json --pareto -o OUT.svg|.png|.pdf\n\n"
        "Draws a picture of a traced run (ttemu run --trace RUN.ttt) with cairo, or\n"
        "make validate's table (BUILD/validation.json) as ttemu against the paper.\n"
        "The output's extension picks the format.\n\n"
        "options:\n"
        "  -o, --output FILE   the picture to write (required)\n"
        "  --layers            latency, energy and MAC/cycle per layer (bars) instead of\n"
        "                      power over time\n"
        "  --pareto            a merged sweep (ttemu sweep merge: DIR/table.json) as latency\n"
        "                      against energy per frame, the Pareto front marked\n"
        "  --png               write PNG whatever the extension\n"
        "  --data FILE.csv     also write the numbers drawn, one row per step or layer\n"
        "  -h, --help          this text\n\n"
        "exit status: 0; %d usage, %d bad trace, %d trace cannot be opened or output\n"
        "  cannot be written\n",
        TT_EXIT_USAGE, TT_EXIT_BADINPUT, TT_EXIT_NOINPUT);
}

static const char *opt_value(int argc, char **argv, int *k)
{
    if (*k + 1 >= argc) {
        tt_error("plot: %s expects a value", argv[*k]);
        return NULL;
    }
    return argv[++*k];
}

int cmd_plot(int argc, char **argv)
{
    const char *in = NULL, *out = NULL, *data = NULL;
    bool layers = false, png = false, pareto = false;
    for (int k = 1; k < argc; k++) {
        const char *a = argv[k];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            plot_usage(stdout);
            return 0;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            if (!(out = opt_value(argc, argv, &k)))
                return TT_EXIT_USAGE;
        } else if (!strcmp(a, "--data")) {
            if (!(data = opt_value(argc, argv, &k)))
                return TT_EXIT_USAGE;
        } else if (!strcmp(a, "--layers")) {
            layers = true;
        } else if (!strcmp(a, "--pareto")) {
            pareto = true;
        } else if (!strcmp(a, "--png")) {
            png = true;
        } else if (a[0] == '-' && a[1]) {
            tt_error("plot: unknown option '%s' (see ttemu plot --help)", a);
            return TT_EXIT_USAGE;
        } else if (in) {
            tt_error("plot: one input expected, got '%s' and '%s'", in, a);
            return TT_EXIT_USAGE;
        } else {
            in = a;
        }
    }
    if (!in || !out) {
        tt_error("plot: expected RUN.ttt and -o OUT (see ttemu plot --help)");
        return TT_EXIT_USAGE;
    }
    if (access(in, R_OK)) {
        tt_error("plot: %s: cannot open", in);
        return TT_EXIT_NOINPUT;
    }
    size_t n = strlen(out);
    const char *ext = n >= 4 ? out + n - 4 : "";
    if (!png && strcasecmp(ext, ".svg") && strcasecmp(ext, ".png") && strcasecmp(ext, ".pdf")) {
        tt_error("plot: %s: expected an output ending in .svg, .png or .pdf (or --png)", out);
        return TT_EXIT_USAGE;
    }
    size_t in_len = strlen(in);
    if (pareto)
        return plot_pareto(in, out, png);
    if (in_len >= 5 && !strcasecmp(in + in_len - 5, ".json"))
        return plot_table2(in, out, png);
    return layers ? plot_layers(in, out, png, data) : plot_power(in, out, png, data);
}
