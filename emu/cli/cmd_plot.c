/* `ttemu plot`: pictures of a traced run (docs/plot.md). */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "emu/cli/cli.h"
#include "emu/cli/opts.h"
#include "emu/cli/plot.h"

enum { PL_OUTPUT, PL_LAYERS, PL_PARETO, PL_PNG, PL_DATA };

static const struct tt_opt plot_options[] = {
    { "output", 'o', "FILE", "the picture to write (required)", PL_OUTPUT },
    { "layers", 0, NULL, "latency, energy and MAC/cycle per layer (bars) instead of\n"
      "power over time", PL_LAYERS },
    { "pareto", 0, NULL, "a merged sweep (ttemu sweep merge: DIR/table.json) as latency\n"
      "against energy per frame, the Pareto front marked", PL_PARETO },
    { "png", 0, NULL, "write PNG whatever the extension", PL_PNG },
    { "data", 0, "FILE.csv", "also write the numbers drawn, one row per step or layer", PL_DATA },
};

struct plot_opts {
    const char *out, *data;
    bool layers, png, pareto;
};

static int plot_take(void *ctx, int id, const char *v)
{
    struct plot_opts *o = ctx;
    switch (id) {
    case PL_OUTPUT: o->out = v; break;
    case PL_DATA: o->data = v; break;
    case PL_LAYERS: o->layers = true; break;
    case PL_PARETO: o->pareto = true; break;
    default: o->png = true; break;
    }
    return 0;
}

int cmd_plot(int argc, char **argv)
{
    struct plot_opts o = { 0 };
    struct tt_cmd cmd = {
        .name = "plot",
        .usage = "ttemu plot [OPTIONS] RUN.ttt -o OUT.svg|.png|.pdf\n"
                 "       ttemu plot validation.json -o OUT.svg|.png|.pdf\n"
                 "       ttemu plot TABLE.json --pareto -o OUT.svg|.png|.pdf",
        .about = "Draws a picture of a traced run (ttemu run --trace RUN.ttt) with cairo, or\n"
                 "make validate's table (BUILD/validation.json) as ttemu against the paper.\n"
                 "The output's extension picks the format.",
        .opts = plot_options, .nopts = sizeof plot_options / sizeof plot_options[0],
        .epilog = "exit status: 0; 64 usage, 65 bad trace, 66 trace cannot be opened or output\n"
                  "  cannot be written",
        .take = plot_take, .ctx = &o,
    };
    int first, rc = tt_opts_parse(&cmd, argc, argv, &first);
    if (rc >= 0)
        return rc;
    if (argc - first > 1) {
        tt_error("plot: one input expected, got '%s' and '%s'", argv[first], argv[first + 1]);
        return TT_EXIT_USAGE;
    }
    const char *in = first < argc ? argv[first] : NULL, *out = o.out;
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
    if (!o.png && strcasecmp(ext, ".svg") && strcasecmp(ext, ".png") && strcasecmp(ext, ".pdf")) {
        tt_error("plot: %s: expected an output ending in .svg, .png or .pdf (or --png)", out);
        return TT_EXIT_USAGE;
    }
    size_t in_len = strlen(in);
    if (o.pareto)
        return plot_pareto(in, out, o.png);
    if (in_len >= 5 && !strcasecmp(in + in_len - 5, ".json"))
        return plot_table2(in, out, o.png);
    return o.layers ? plot_layers(in, out, o.png, o.data) : plot_power(in, out, o.png, o.data);
}
