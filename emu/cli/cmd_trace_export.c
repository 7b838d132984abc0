/* `ttemu trace export`: a trace file as VCD (GTKWave), Chrome trace event
 * JSON (Perfetto) or CSV of power over time. */
#include "emu/cli/cmd_trace_internal.h"

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
static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            fprintf(f, "\\%c", ch);
        else if (ch < 0x20)
            fprintf(f, "\\u%04x", ch);
        else
            fputc(ch, f);
    }
    fputc('"', f);
}

static void slice(FILE *f, bool *first, const char *name, int tid, uint64_t from, uint64_t to)
{
    fprintf(f, "%s\n{\"ph\":\"X\",\"pid\":1,\"tid\":%d,\"ts\":%.6f,\"dur\":%.6f,\"name\":", *first ? "" : ",", tid,
            (double)from / 1e6, (double)(to - from) / 1e6);
    json_str(f, name);
    fputc('}', f);
    *first = false;
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
    bool first = true;
    fprintf(f, "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[");
    fprintf(f, "\n{\"ph\":\"M\",\"pid\":1,\"name\":\"process_name\",\"args\":{\"name\":");
    json_str(f, h.board);
    fprintf(f, "}}");
    fprintf(f, ",\n{\"ph\":\"M\",\"pid\":1,\"tid\":1,\"name\":\"thread_name\",\"args\":{\"name\":\"phases and layers\"}}");
    for (size_t c = 0; c < h.ncomps; c++) {
        fprintf(f, ",\n{\"ph\":\"M\",\"pid\":1,\"tid\":%zu,\"name\":\"thread_name\",\"args\":{\"name\":", 10 + c);
        json_str(f, h.comps[c].name);
        fprintf(f, "}}");
    }
    first = false;
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
                    slice(f, &first, name, 1, layer_t, rec.t_ps);
                }
                slice(f, &first, phase, 1, phase_t, rec.t_ps);
            }
            snprintf(phase, sizeof phase, "%s", rec.name);
            phase_t = layer_t = rec.t_ps;
            in_phase = true;
            break;
        case TR_LAYER:
            if (layer != 0xffffffffu) {
                snprintf(name, sizeof name, "layer %u", layer);
                slice(f, &first, name, 1, layer_t, rec.t_ps);
            }
            layer = rec.a;
            layer_t = rec.t_ps;
            break;
        case TR_POWER:
            if (rec.comp >= h.ncomps)
                break;
            if (comp_s[rec.comp] >= 0 && comp_s[rec.comp] != rec.state)
                slice(f, &first, tc_state_name(&h, rec.comp, (unsigned)comp_s[rec.comp]), 10 + rec.comp,
                      comp_t[rec.comp], rec.t_ps);
            if (comp_s[rec.comp] != rec.state) {
                comp_s[rec.comp] = rec.state;
                comp_t[rec.comp] = rec.t_ps;
            }
            fprintf(f, ",\n{\"ph\":\"C\",\"pid\":1,\"ts\":%.6f,\"name\":", (double)rec.t_ps / 1e6);
            snprintf(name, sizeof name, "%s power", tc_comp_name(&h, rec.comp));
            json_str(f, name);
            fprintf(f, ",\"args\":{\"mW\":%.6f}}", rec.mw);
            break;
        case TR_IRQ:
            fprintf(f, ",\n{\"ph\":\"i\",\"s\":\"p\",\"pid\":1,\"tid\":1,\"ts\":%.6f,\"name\":\"irq %u %s\"}",
                    (double)rec.t_ps / 1e6, rec.a, rec.b ? "raised" : "lowered");
            break;
        default:
            break;
        }
    }
    /* close what is still open at the end */
    if (in_phase) {
        if (layer != 0xffffffffu) {
            snprintf(name, sizeof name, "layer %u", layer);
            slice(f, &first, name, 1, layer_t, end_t);
        }
        slice(f, &first, phase, 1, phase_t, end_t);
    }
    for (size_t c = 0; c < h.ncomps; c++)
        if (comp_s[c] >= 0)
            slice(f, &first, tc_state_name(&h, (unsigned)c, (unsigned)comp_s[c]), 10 + (int)c, comp_t[c], end_t);
    fprintf(f, "\n]}\n");
    free(comp_t);
    free(comp_s);
    return finish_export(f, r, &h, n < 0 ? err : NULL, out);
}

static void csv_row(FILE *f, uint64_t t_ps, const double *mw, size_t ncomps, const char *phase)
{
    double total = 0;
    fprintf(f, "%" PRIu64 ",%.12f", t_ps, (double)t_ps * 1e-12);
    for (size_t c = 0; c < ncomps; c++) {
        fprintf(f, ",%.6f", mw[c]);
        total += mw[c];
    }
    fprintf(f, ",%.6f,%s\n", total, phase);
}

/* Power over time per component: a row at every instant something changed. */
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
    /* Changes at one instant (reset sets every component at t=0) make one
     * row with the state they leave: a row is written once time moves on. */
    bool pending = false;
    uint64_t pend_t = 0;
    while ((n = trace_next(r, &rec, err, sizeof err)) > 0) {
        if (rec.type != TR_POWER && rec.type != TR_PHASE && rec.type != TR_END)
            continue;
        if (pending && rec.t_ps != pend_t)
            csv_row(f, pend_t, mw, h.ncomps, phase);
        if (rec.type == TR_POWER && rec.comp < h.ncomps)
            mw[rec.comp] = rec.mw;
        else if (rec.type == TR_PHASE)
            snprintf(phase, sizeof phase, "%s", rec.name);
        pending = rec.type != TR_END;
        pend_t = rec.t_ps;
        if (rec.type == TR_END)
            csv_row(f, rec.t_ps, mw, h.ncomps, phase);
    }
    if (pending) /* a cut trace: its last instant still gets its row */
        csv_row(f, pend_t, mw, h.ncomps, phase);
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
