/* `ttemu trace export`: a trace file as VCD (GTKWave), Chrome trace event
 * JSON (Perfetto) or CSV of power over time. */
#include "emu/cli/cmd_trace_internal.h"
#include "emu/json.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The output file of an export; on failure the trace is closed too. */
static FILE *open_output(const char *out, struct trace_reader *r, struct trace_header *h)
{
    FILE *f = fopen(out, "w");
    if (!f) {
        tt_error("%s: cannot open for writing", out);
        trace_close(r, h);
    }
    return f;
}

/* Closes both files and turns a read error (read_err, or NULL) or a failed
 * write into the export's exit status. */
static int finish_export(FILE *f, struct trace_reader *r, struct trace_header *h,
                         const char *read_err, const char *out)
{
    bool bad = ferror(f);
    if (fclose(f))
        bad = true;
    trace_close(r, h);
    if (read_err) {
        tt_error("%s", read_err);
        return TT_EXIT_BADINPUT;
    }
    if (bad) {
        tt_error("%s: write failed", out);
        return TT_EXIT_NOINPUT;
    }
    return TT_EXIT_OK;
}

/* VCD identifier codes: base-94 over the printable characters. */
static void vcd_id(unsigned n, char *buf)
{
    int k = 0;
    do {
        buf[k++] = (char)(33 + n % 94);
        n /= 94;
    } while (n);
    buf[k] = 0;
}

#define MAX_IRQS 256
#define MAX_PHASES 1024

struct names {
    char (*v)[64];
    unsigned n;
};

static unsigned name_index(struct names *t, const char *name)
{
    for (unsigned k = 0; k < t->n; k++)
        if (!strcmp(t->v[k], name))
            return k;
    if (t->n == MAX_PHASES)
        return t->n - 1;
    snprintf(t->v[t->n], sizeof t->v[0], "%s", name);
    return t->n++;
}

static int export_vcd(const char *file, const char *out)
{
    struct trace_reader *r;
    struct trace_header h;
    int rc = tc_open_trace(file, &r, &h);
    if (rc)
        return rc;
    /* first pass: which IRQ lines and phases occur */
    bool irq_seen[MAX_IRQS] = { 0 };
    static char phase_names[MAX_PHASES][64];
    struct names phases = { phase_names, 0 };
    struct trace_record rec;
    char err[512];
    int n;
    while ((n = trace_next(r, &rec, err, sizeof err)) > 0) {
        if (rec.type == TR_IRQ && rec.a < MAX_IRQS)
            irq_seen[rec.a] = true;
        if (rec.type == TR_PHASE)
            name_index(&phases, rec.name);
    }
    trace_close(r, &h);
    if (n < 0) {
        tt_error("%s", err);
        return TT_EXIT_BADINPUT;
    }
    if ((rc = tc_open_trace(file, &r, &h)))
        return rc;
    FILE *f = open_output(out, r, &h);
    if (!f)
        return TT_EXIT_NOINPUT;
    fprintf(f, "$version ttemu trace export (board %s) $end\n$timescale 1ps $end\n$scope module ttemu $end\n",
            h.board);
    char id[8];
    unsigned next = 0;
    unsigned id_phase = next++, id_layer = next++, id_mark = next++;
    vcd_id(id_phase, id);
    fprintf(f, "$var wire 16 %s phase $end\n", id);
    vcd_id(id_layer, id);
    fprintf(f, "$var wire 32 %s layer $end\n", id);
    vcd_id(id_mark, id);
    fprintf(f, "$var wire 32 %s mark $end\n", id);
    unsigned id_comp = next;
    for (size_t c = 0; c < h.ncomps; c++) {
        vcd_id(next++, id);
        fprintf(f, "$var wire 8 %s %s_state $end\n", id, h.comps[c].name);
        vcd_id(next++, id);
        fprintf(f, "$var real 64 %s %s_mW $end\n", id, h.comps[c].name);
    }
    unsigned id_irq = next;
    for (unsigned k = 0; k < MAX_IRQS; k++)
        if (irq_seen[k]) {
            vcd_id(id_irq + k, id);
            fprintf(f, "$var wire 1 %s irq%u $end\n", id, k);
        }
    fprintf(f, "$upscope $end\n");
    fprintf(f, "$comment phase values:");
    for (unsigned k = 0; k < phases.n; k++)
        fprintf(f, " %u=%s", k, phases.v[k]);
    fprintf(f, " $end\n");
    for (size_t c = 0; c < h.ncomps; c++) {
        fprintf(f, "$comment %s_state values:", h.comps[c].name);
        for (size_t s = 0; s < h.comps[c].nstates; s++)
            fprintf(f, " %zu=%s", s, h.comps[c].states[s]);
        fprintf(f, " $end\n");
    }
    fprintf(f, "$enddefinitions $end\n#0\n$dumpvars\n");
    vcd_id(id_phase, id);
    fprintf(f, "b0 %s\n", id);
    vcd_id(id_layer, id);
    fprintf(f, "b11111111111111111111111111111111 %s\n", id);
    vcd_id(id_mark, id);
    fprintf(f, "b0 %s\n", id);
    for (size_t c = 0; c < h.ncomps; c++) {
        vcd_id(id_comp + 2 * (unsigned)c, id);
        fprintf(f, "b0 %s\n", id);
        vcd_id(id_comp + 2 * (unsigned)c + 1, id);
        fprintf(f, "r0 %s\n", id);
    }
    for (unsigned k = 0; k < MAX_IRQS; k++)
        if (irq_seen[k]) {
            vcd_id(id_irq + k, id);
            fprintf(f, "0%s\n", id);
        }
    fprintf(f, "$end\n");
    uint64_t now = 0;
    while ((n = trace_next(r, &rec, err, sizeof err)) > 0) {
        if (rec.type == TR_INSN || rec.type == TR_MACS)
            continue;
        if (rec.t_ps > now) {
            now = rec.t_ps;
            fprintf(f, "#%" PRIu64 "\n", now);
        }
        char bits[40];
        uint32_t v = 0;
        switch (rec.type) {
        case TR_PHASE:
            v = name_index(&phases, rec.name);
            vcd_id(id_phase, id);
            break;
        case TR_LAYER:
            v = rec.a;
            vcd_id(id_layer, id);
            break;
        case TR_MARK:
            v = rec.a;
            vcd_id(id_mark, id);
            break;
        case TR_POWER:
            if (rec.comp >= h.ncomps)
                continue;
            v = rec.state;
            vcd_id(id_comp + 2u * rec.comp + 1, id);
            fprintf(f, "r%.6f %s\n", rec.mw, id);
            vcd_id(id_comp + 2u * rec.comp, id);
            break;
        case TR_IRQ:
            if (rec.a < MAX_IRQS) {
                vcd_id(id_irq + rec.a, id);
                fprintf(f, "%u%s\n", rec.b ? 1 : 0, id);
            }
            continue;
        default:
            continue;
        }
        int k = 0;
        for (int b = 31; b >= 0; b--)
            if (k || (v >> b & 1) || b == 0)
                bits[k++] = (char)('0' + (v >> b & 1));
        bits[k] = 0;
        fprintf(f, "b%s %s\n", bits, id);
    }
    return finish_export(f, r, &h, n < 0 ? err : NULL, out);
}

/* Chrome trace event JSON (Perfetto opens it): tid 1 holds phases with the
 * firmware's layers nested inside (a layer open across a phase change is
 * cut there and continues in the next phase); one thread per power
 * component holds its states as slices (device jobs: busy, active...);
 * counter tracks give each component's power in mW. */
static void slice(struct json *j, const char *name, int tid, uint64_t from, uint64_t to)
{
    json_obj(j, NULL);
    json_str(j, "ph", "X");
    json_i64(j, "pid", 1);
    json_i64(j, "tid", tid);
    json_num(j, "ts", (double)from / 1e6, 6);
    json_num(j, "dur", (double)(to - from) / 1e6, 6);
    json_str(j, "name", name);
    json_close(j);
}

/* A metadata event naming the process (tid < 0) or a thread. */
static void meta(struct json *j, const char *what, int tid, const char *name)
{
    json_obj(j, NULL);
    json_str(j, "ph", "M");
    json_i64(j, "pid", 1);
    if (tid >= 0)
        json_i64(j, "tid", tid);
    json_str(j, "name", what);
    json_obj(j, "args");
    json_str(j, "name", name);
    json_close(j);
    json_close(j);
}

static int export_perfetto(const char *file, const char *out)
{
    struct trace_reader *r;
    struct trace_header h;
    int rc = tc_open_trace(file, &r, &h);
    if (rc)
        return rc;
    FILE *f = open_output(out, r, &h);
    if (!f)
        return TT_EXIT_NOINPUT;
    struct json j;
    json_begin(&j, f, false, 2);
    json_obj(&j, NULL);
    json_str(&j, "displayTimeUnit", "ns");
    json_arr(&j, "traceEvents");
    meta(&j, "process_name", -1, h.board);
    meta(&j, "thread_name", 1, "phases and layers");
    for (size_t c = 0; c < h.ncomps; c++)
        meta(&j, "thread_name", 10 + (int)c, h.comps[c].name);
    char phase[64] = "";
    uint64_t phase_t = 0, layer_t = 0;
    uint32_t layer = 0xffffffffu;
    bool in_phase = false;
    uint64_t *comp_t = calloc(h.ncomps ? h.ncomps : 1, sizeof *comp_t);
    int *comp_s = calloc(h.ncomps ? h.ncomps : 1, sizeof *comp_s);
    for (size_t c = 0; c < h.ncomps; c++)
        comp_s[c] = -1;
    struct trace_record rec;
    char err[512], name[80];
    int n;
    uint64_t end_t = 0;
    while ((n = trace_next(r, &rec, err, sizeof err)) > 0) {
        if (rec.type == TR_INSN)
            continue;
        end_t = rec.t_ps > end_t ? rec.t_ps : end_t;
        switch (rec.type) {
        case TR_PHASE:
            if (in_phase) {
                if (layer != 0xffffffffu) {
                    snprintf(name, sizeof name, "layer %u", layer);
                    slice(&j, name, 1, layer_t, rec.t_ps);
                }
                slice(&j, phase, 1, phase_t, rec.t_ps);
            }
            snprintf(phase, sizeof phase, "%s", rec.name);
            phase_t = layer_t = rec.t_ps;
            in_phase = true;
            break;
        case TR_LAYER:
            if (layer != 0xffffffffu) {
                snprintf(name, sizeof name, "layer %u", layer);
                slice(&j, name, 1, layer_t, rec.t_ps);
            }
            layer = rec.a;
            layer_t = rec.t_ps;
            break;
        case TR_POWER:
            if (rec.comp >= h.ncomps)
                break;
            if (comp_s[rec.comp] >= 0 && comp_s[rec.comp] != rec.state)
                slice(&j, tc_state_name(&h, rec.comp, (unsigned)comp_s[rec.comp]), 10 + rec.comp,
                      comp_t[rec.comp], rec.t_ps);
            if (comp_s[rec.comp] != rec.state) {
                comp_s[rec.comp] = rec.state;
                comp_t[rec.comp] = rec.t_ps;
            }
            snprintf(name, sizeof name, "%s power", tc_comp_name(&h, rec.comp));
            json_obj(&j, NULL);
            json_str(&j, "ph", "C");
            json_i64(&j, "pid", 1);
            json_num(&j, "ts", (double)rec.t_ps / 1e6, 6);
            json_str(&j, "name", name);
            json_obj(&j, "args");
            json_num(&j, "mW", rec.mw, 6);
            json_close(&j);
            json_close(&j);
            break;
        case TR_IRQ:
            snprintf(name, sizeof name, "irq %u %s", rec.a, rec.b ? "raised" : "lowered");
            json_obj(&j, NULL);
            json_str(&j, "ph", "i");
            json_str(&j, "s", "p");
            json_i64(&j, "pid", 1);
            json_i64(&j, "tid", 1);
            json_num(&j, "ts", (double)rec.t_ps / 1e6, 6);
            json_str(&j, "name", name);
            json_close(&j);
            break;
        default:
            break;
        }
    }
    /* close what is still open at the end */
    if (in_phase) {
        if (layer != 0xffffffffu) {
            snprintf(name, sizeof name, "layer %u", layer);
            slice(&j, name, 1, layer_t, end_t);
        }
        slice(&j, phase, 1, phase_t, end_t);
    }
    for (size_t c = 0; c < h.ncomps; c++)
        if (comp_s[c] >= 0)
            slice(&j, tc_state_name(&h, (unsigned)c, (unsigned)comp_s[c]), 10 + (int)c, comp_t[c], end_t);
    json_end(&j);
    free(comp_t);
    free(comp_s);
    return finish_export(f, r, &h, n < 0 ? err : NULL, out);
}

/* Power over time per component: a row at every change. */
static int export_csv(const char *file, const char *out)
{
    struct trace_reader *r;
    struct trace_header h;
    int rc = tc_open_trace(file, &r, &h);
    if (rc)
        return rc;
    FILE *f = open_output(out, r, &h);
    if (!f)
        return TT_EXIT_NOINPUT;
    double *mw = calloc(h.ncomps ? h.ncomps : 1, sizeof *mw);
    fprintf(f, "t_ps,t_s");
    for (size_t c = 0; c < h.ncomps; c++)
        fprintf(f, ",%s_mW", h.comps[c].name);
    fprintf(f, ",total_mW,phase\n");
    char phase[64] = "";
    struct trace_record rec;
    char err[512];
    int n;
    while ((n = trace_next(r, &rec, err, sizeof err)) > 0) {
        if (rec.type == TR_POWER && rec.comp < h.ncomps)
            mw[rec.comp] = rec.mw;
        else if (rec.type == TR_PHASE)
            snprintf(phase, sizeof phase, "%s", rec.name);
        else if (rec.type != TR_END)
            continue;
        double total = 0;
        fprintf(f, "%" PRIu64 ",%.12f", rec.t_ps, (double)rec.t_ps * 1e-12);
        for (size_t c = 0; c < h.ncomps; c++) {
            fprintf(f, ",%.6f", mw[c]);
            total += mw[c];
        }
        fprintf(f, ",%.6f,%s\n", total, phase);
    }
    free(mw);
    return finish_export(f, r, &h, n < 0 ? err : NULL, out);
}

static void export_usage(FILE *out)
{
    fprintf(out, "usage: ttemu trace export FILE [--vcd OUT.vcd] [--perfetto OUT.json] [--csv OUT.csv]\n\n"
                 "  --vcd       power states and power (real), phase, layer, marker and IRQ lines\n"
                 "              as VCD signals (GTKWave); timescale 1 ps\n"
                 "  --perfetto  Chrome trace event JSON: phases with layers nested, a thread per\n"
                 "              power component with its states as slices, power counters in mW\n"
                 "  --csv       power over time per component (mW), a row per change\n");
}

int tc_export(int argc, char **argv)
{
    const char *file = NULL, *vcd = NULL, *pf = NULL, *csv = NULL;
    for (int k = 1; k < argc; k++) {
        const char *a = argv[k];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            export_usage(stdout);
            return TT_EXIT_OK;
        }
        if (!strcmp(a, "--vcd") || !strcmp(a, "--perfetto") || !strcmp(a, "--csv")) {
            if (k + 1 >= argc) {
                tt_error("trace export: %s needs a file name", a);
                return TT_EXIT_USAGE;
            }
            *(!strcmp(a, "--vcd") ? &vcd : !strcmp(a, "--csv") ? &csv : &pf) = argv[++k];
        } else if (a[0] == '-' && a[1]) {
            tt_error("trace export: unknown option '%s'", a);
            return TT_EXIT_USAGE;
        } else if (!file) {
            file = a;
        } else {
            tt_error("trace export: one FILE only");
            return TT_EXIT_USAGE;
        }
    }
    if (!file || (!vcd && !pf && !csv)) {
        export_usage(stderr);
        return TT_EXIT_USAGE;
    }
    int rc = 0;
    if (vcd && (rc = export_vcd(file, vcd)))
        return rc;
    if (pf && (rc = export_perfetto(file, pf)))
        return rc;
    if (csv && (rc = export_csv(file, csv)))
        return rc;
    return TT_EXIT_OK;
}
