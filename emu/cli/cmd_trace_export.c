/* `ttemu trace export`: a trace file as VCD (GTKWave), Chrome trace event
 * JSON (Perfetto) or CSV of power over time. */
#include "emu/cli/cmd_trace_internal.h"
#include "emu/cli/opts.h"
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
/* One Chrome trace event: "ph" and "pid" first, as the format's examples
 * have them; the caller adds the rest and closes it. */
static void pf_event(struct json *j, const char *ph)
{
    json_obj(j, NULL);
    json_str(j, "ph", ph);
    json_u64(j, "pid", 1);
}

/* A metadata event naming the process (tid < 0) or a thread. */
static void pf_name(struct json *j, const char *what, long tid, const char *name)
{
    pf_event(j, "M");
    if (tid >= 0)
        json_i64(j, "tid", tid);
    json_str(j, "name", what);
    json_obj(j, "args");
    json_str(j, "name", name);
    json_close(j);
    json_close(j);
}

static void slice(struct json *j, const char *name, long tid, uint64_t from, uint64_t to)
{
    pf_event(j, "X");
    json_i64(j, "tid", tid);
    json_num(j, "ts", (double)from / 1e6, 6);
    json_num(j, "dur", (double)(to - from) / 1e6, 6);
    json_str(j, "name", name);
    json_close(j);
}

static void layer_slice(struct json *j, uint32_t layer, uint64_t from, uint64_t to)
{
    char name[32];
    if (layer == 0xffffffffu)
        return;
    snprintf(name, sizeof name, "layer %u", layer);
    slice(j, name, 1, from, to);
}

static void pf_counter(struct json *j, const struct trace_header *h, const struct trace_record *rec)
{
    char name[96];
    snprintf(name, sizeof name, "%s power", tc_comp_name(h, rec->comp));
    pf_event(j, "C");
    json_num(j, "ts", (double)rec->t_ps / 1e6, 6);
    json_str(j, "name", name);
    json_obj(j, "args");
    json_num(j, "mW", rec->mw, 6);
    json_close(j);
    json_close(j);
}

static void pf_irq(struct json *j, const struct trace_record *rec)
{
    char name[48];
    snprintf(name, sizeof name, "irq %u %s", rec->a, rec->b ? "raised" : "lowered");
    pf_event(j, "i");
    json_str(j, "s", "p");
    json_i64(j, "tid", 1);
    json_num(j, "ts", (double)rec->t_ps / 1e6, 6);
    json_str(j, "name", name);
    json_close(j);
}

/* The state of the walk through the records. */
struct pf_state {
    char phase[64];
    uint64_t phase_t, layer_t, end_t;
    uint32_t layer;
    bool in_phase;
    uint64_t *comp_t;
    int *comp_s;
};

static void pf_record(struct json *j, const struct trace_header *h, struct pf_state *st,
                      const struct trace_record *rec)
{
    switch (rec->type) {
    case TR_PHASE:
        if (st->in_phase) {
            layer_slice(j, st->layer, st->layer_t, rec->t_ps);
            slice(j, st->phase, 1, st->phase_t, rec->t_ps);
        }
        snprintf(st->phase, sizeof st->phase, "%s", rec->name);
        st->phase_t = st->layer_t = rec->t_ps;
        st->in_phase = true;
        break;
    case TR_LAYER:
        layer_slice(j, st->layer, st->layer_t, rec->t_ps);
        st->layer = rec->a;
        st->layer_t = rec->t_ps;
        break;
    case TR_POWER:
        if (rec->comp >= h->ncomps)
            break;
        if (st->comp_s[rec->comp] >= 0 && st->comp_s[rec->comp] != rec->state)
            slice(j, tc_state_name(h, rec->comp, (unsigned)st->comp_s[rec->comp]), 10 + rec->comp,
                  st->comp_t[rec->comp], rec->t_ps);
        if (st->comp_s[rec->comp] != rec->state) {
            st->comp_s[rec->comp] = rec->state;
            st->comp_t[rec->comp] = rec->t_ps;
        }
        pf_counter(j, h, rec);
        break;
    case TR_IRQ:
        pf_irq(j, rec);
        break;
    default:
        break;
    }
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
    json_begin(&j, f, false, 2); /* one event a line */
    json_obj(&j, NULL);
    json_str(&j, "displayTimeUnit", "ns");
    json_arr(&j, "traceEvents");
    pf_name(&j, "process_name", -1, h.board);
    pf_name(&j, "thread_name", 1, "phases and layers");
    for (size_t c = 0; c < h.ncomps; c++)
        pf_name(&j, "thread_name", 10 + (long)c, h.comps[c].name);
    struct pf_state st = { .layer = 0xffffffffu };
    st.comp_t = tt_xcalloc(h.ncomps, sizeof *st.comp_t, "the perfetto export");
    st.comp_s = tt_xcalloc(h.ncomps, sizeof *st.comp_s, "the perfetto export");
    for (size_t c = 0; c < h.ncomps; c++)
        st.comp_s[c] = -1;
    struct trace_record rec;
    char err[512];
    int n;
    while ((n = trace_next(r, &rec, err, sizeof err)) > 0) {
        if (rec.type == TR_INSN)
            continue;
        st.end_t = rec.t_ps > st.end_t ? rec.t_ps : st.end_t;
        pf_record(&j, &h, &st, &rec);
    }
    /* close what is still open at the end */
    if (st.in_phase) {
        layer_slice(&j, st.layer, st.layer_t, st.end_t);
        slice(&j, st.phase, 1, st.phase_t, st.end_t);
    }
    for (size_t c = 0; c < h.ncomps; c++)
        if (st.comp_s[c] >= 0)
            slice(&j, tc_state_name(&h, (unsigned)c, (unsigned)st.comp_s[c]), 10 + (long)c, st.comp_t[c], st.end_t);
    json_end(&j);
    free(st.comp_t);
    free(st.comp_s);
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
    double *mw = tt_xcalloc(h.ncomps, sizeof *mw, "the CSV export");
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

enum { EX_VCD, EX_PERFETTO, EX_CSV };

static const struct tt_opt export_options[] = {
    { "vcd", 0, "OUT.vcd", "power states and power (real), phase, layer, marker and IRQ\n"
      "lines as VCD signals (GTKWave); timescale 1 ps", EX_VCD },
    { "perfetto", 0, "OUT.json", "Chrome trace event JSON: phases with layers nested, a thread\n"
      "per power component with its states as slices, power counters in mW", EX_PERFETTO },
    { "csv", 0, "OUT.csv", "power over time per component (mW), a row per change", EX_CSV },
};

struct export_opts {
    const char *out[3];
};

static int export_take(void *ctx, int id, const char *v)
{
    struct export_opts *o = ctx;
    o->out[id] = v;
    return 0;
}

int tc_export(int argc, char **argv)
{
    struct export_opts o = { { NULL } };
    struct tt_cmd cmd = {
        .name = "trace export",
        .usage = "ttemu trace export FILE [--vcd OUT.vcd] [--perfetto OUT.json] [--csv OUT.csv]",
        .about = "Writes a trace (ttemu run --trace FILE) in other tools' formats; at least one.",
        .opts = export_options, .nopts = sizeof export_options / sizeof export_options[0],
        .epilog = "exit status: 0; 64 usage, 65 bad trace, 66 trace cannot be opened or output not written",
        .take = export_take, .ctx = &o,
    };
    int first, rc = tt_opts_parse(&cmd, argc, argv, &first);
    if (rc >= 0)
        return rc;
    if (argc - first != 1 || (!o.out[EX_VCD] && !o.out[EX_PERFETTO] && !o.out[EX_CSV])) {
        tt_error("trace export: expected one FILE and at least one of --vcd, --perfetto, --csv "
                 "(try 'ttemu trace export --help')");
        return TT_EXIT_USAGE;
    }
    const char *file = argv[first];
    if (o.out[EX_VCD] && (rc = export_vcd(file, o.out[EX_VCD])))
        return rc;
    if (o.out[EX_PERFETTO] && (rc = export_perfetto(file, o.out[EX_PERFETTO])))
        return rc;
    if (o.out[EX_CSV] && (rc = export_csv(file, o.out[EX_CSV])))
        return rc;
    return TT_EXIT_OK;
}
