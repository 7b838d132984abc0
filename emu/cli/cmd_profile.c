/* `ttemu profile`: a flat profile (per function: instructions, cycles,
 * time, energy) of a trace written with --trace-insn. */
#include "emu/cli/cmd_trace_internal.h"
#include "emu/cli/opts.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct prof {
    char name[64];
    uint32_t layer;              /* the layer's index (layer rows only) */
    uint64_t insns, cycles, ps;
    double pj;
};

static struct prof *prof_get(struct prof **t, size_t *n, size_t *cap, const char *name)
{
    for (size_t k = 0; k < *n; k++)
        if (!strcmp((*t)[k].name, name))
            return &(*t)[k];
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        *t = tt_xrealloc(*t, *cap, sizeof **t, "the profile");
    }
    struct prof *p = &(*t)[(*n)++];
    memset(p, 0, sizeof *p);
    snprintf(p->name, sizeof p->name, "%s", name);
    return p;
}

static int cmp_prof(const void *a, const void *b)
{
    const struct prof *x = a, *y = b;
    if (x->cycles != y->cycles)
        return x->cycles < y->cycles ? 1 : -1;
    return strcmp(x->name, y->name);
}

/* Layers in their order in the model ("layer N"), whatever ran them. */
static int cmp_layer(const void *a, const void *b)
{
    uint32_t x = ((const struct prof *)a)->layer, y = ((const struct prof *)b)->layer;
    return x < y ? -1 : x > y;
}

static void prof_print(const char *title, struct prof *t, size_t n, uint64_t total_ps,
                       int (*order)(const void *, const void *))
{
    if (n) /* t is NULL when nothing ran: qsort's pointer must not be */
        qsort(t, n, sizeof *t, order);
    printf("%-32s %12s %14s %8s %14s\n", title, "insns", "cycles", "time%", "energy uJ");
    for (size_t k = 0; k < n; k++)
        printf("%-32s %12" PRIu64 " %14" PRIu64 " %7.2f%% %14.6f\n", t[k].name, t[k].insns, t[k].cycles,
               total_ps ? 100.0 * (double)t[k].ps / (double)total_ps : 0.0, t[k].pj * 1e-6);
}

static const struct tt_opt profile_options[] = {
    { "symbols", 0, "FW.elf", "function names from FW.elf (default: the traced firmware,\n"
      "if it is still there unchanged)", 0 },
};

static int profile_take(void *ctx, int id, const char *v)
{
    (void)id;
    *(const char **)ctx = v;
    return 0;
}

int cmd_profile(int argc, char **argv)
{
    const char *syms = NULL;
    struct tt_cmd cmd = {
        .name = "profile",
        .usage = "ttemu profile FILE [--symbols FW.elf]",
        .about = "A flat profile of a trace written with --trace-insn: per function the\n"
                 "instructions, cycles, share of simulated time and the energy of the whole\n"
                 "board while that function ran (sleep counts to the WFI's function); per\n"
                 "layer the same, from each layer's record to the next: layers an\n"
                 "accelerator runs (the Edge TPU's, the IMX500's) have time and energy,\n"
                 "and no instructions while the core sleeps.",
        .opts = profile_options, .nopts = 1,
        .epilog = "exit status: 0; 64 usage, 65 bad trace or no instruction records, 66 trace or\n"
                  "  symbols cannot be opened",
        .take = profile_take, .ctx = &syms,
    };
    int first, rc = tt_opts_parse(&cmd, argc, argv, &first);
    if (rc >= 0)
        return rc;
    if (argc - first != 1) {
        tt_error("profile: expected one FILE (try 'ttemu profile --help')");
        return TT_EXIT_USAGE;
    }
    const char *file = argv[first];
    struct trace_reader *r;
    struct trace_header h;
    rc = tc_open_trace(file, &r, &h);
    if (rc)
        return rc;
    if (!(h.flags & TRACE_F_INSNS)) {
        tt_error("%s: no instruction records (write the trace with --trace-insn)", file);
        trace_close(r, &h);
        return TT_EXIT_BADINPUT;
    }
    struct firmware fw;
    bool have_syms = tc_load_symbols(syms, &h, &fw, syms != NULL);
    if (syms && !have_syms) {
        trace_close(r, &h);
        return TT_EXIT_NOINPUT;
    }
    double *mw = tt_xcalloc(h.ncomps, sizeof *mw, "the profile");
    struct prof *funcs = NULL, *layers = NULL;
    size_t nf = 0, cf = 0, nl = 0, cl = 0;
    struct trace_record rec, prev = { 0 };
    bool have_prev = false, started = false;
    uint64_t t0 = 0, t_end = 0, last_t = 0;
    /* the running instruction's function; the open layer (from its layer
     * record to the next, as plot --layers has it: a layer an accelerator
     * runs while the core sleeps has time and energy but no instructions);
     * the layer that was open when prev ran */
    long fi = -1, li = -1, li_prev = -1;
    char err[512], name[64];
    int n;
    /* Energy is integrated piecewise: at every record from the first
     * instruction on, the stretch since the last one is charged, at the
     * power that held during it, to the instruction that was running and
     * to the open layer. */
    while ((n = trace_next(r, &rec, err, sizeof err)) > 0) {
        if (started && rec.t_ps > last_t) {
            double total = 0;
            for (size_t c = 0; c < h.ncomps; c++)
                total += mw[c];
            double pj = total * (double)(rec.t_ps - last_t) * 1e-3; /* mW x ps = 1e-3 pJ */
            funcs[fi].pj += pj;
            if (li >= 0) {
                layers[li].pj += pj;
                layers[li].ps += rec.t_ps - last_t;
            }
            last_t = rec.t_ps;
        }
        if (rec.type == TR_LAYER) {
            li = -1;
            if (rec.a != 0xffffffffu) { /* all ones: the layer closes */
                snprintf(name, sizeof name, "layer %u", rec.a);
                li = prof_get(&layers, &nl, &cl, name) - layers;
                layers[li].layer = rec.a;
            }
            continue;
        }
        if (rec.type == TR_POWER) {
            if (rec.comp < h.ncomps)
                mw[rec.comp] = rec.mw;
            continue;
        }
        if (rec.type != TR_INSN && rec.type != TR_END)
            continue;
        if (have_prev) {
            uint64_t cyc = rec.cycles - prev.cycles, ps = rec.t_ps - prev.t_ps;
            funcs[fi].insns++;
            funcs[fi].cycles += cyc;
            funcs[fi].ps += ps;
            if (li_prev >= 0) {
                layers[li_prev].insns++;
                layers[li_prev].cycles += cyc;
            }
        } else if (!started) {
            t0 = last_t = rec.t_ps;
        }
        t_end = rec.t_ps;
        prev = rec;
        have_prev = rec.type == TR_INSN;
        if (!have_prev)
            continue;
        const struct fw_symbol *s = have_syms ? firmware_symbol_at(&fw, rec.pc) : NULL;
        if (s)
            snprintf(name, sizeof name, "%s", s->name);
        else
            snprintf(name, sizeof name, "0x%08x", rec.pc & ~0xfffu);
        fi = prof_get(&funcs, &nf, &cf, name) - funcs;
        li_prev = li;
        started = true;
    }
    if (n < 0) {
        tt_error("%s", err);
        rc = TT_EXIT_BADINPUT;
    } else {
        if (trace_cut(r, err, sizeof err))
            tt_error("warning: %s", err);
        printf("profile of %s (%s on %s): %.9f s from the first instruction\n\n", file, h.firmware, h.board,
               (double)(t_end - t0) * 1e-12);
        prof_print("function", funcs, nf, t_end - t0, cmp_prof);
        if (nl) {
            printf("\n");
            prof_print("layer", layers, nl, t_end - t0, cmp_layer);
        }
    }
    free(funcs);
    free(layers);
    free(mw);
    if (have_syms)
        firmware_free(&fw);
    trace_close(r, &h);
    return rc;
}
