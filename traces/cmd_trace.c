/* `ttemu trace show|export`, `ttemu profile` and `ttemu replay`: reading
 * trace files (traces/trace.h, docs/trace-format.md). */
#include <capstone/capstone.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/cli.h"
#include "emu/loader.h"
#include "traces/trace.h"

/* ---------------- shared helpers ---------------- */

/* A time: a number with an optional unit s, ms, us, ns or ps (default). */
static bool parse_time(const char *s, uint64_t *ps)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || v < 0)
        return false;
    double mul = 1;
    if (!strcmp(end, "s"))
        mul = 1e12;
    else if (!strcmp(end, "ms"))
        mul = 1e9;
    else if (!strcmp(end, "us"))
        mul = 1e6;
    else if (!strcmp(end, "ns"))
        mul = 1e3;
    else if (*end && strcmp(end, "ps"))
        return false;
    *ps = (uint64_t)(v * mul + 0.5);
    return true;
}

static int open_trace(const char *path, struct trace_reader **r, struct trace_header *h)
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
static bool load_symbols(const char *path, const struct trace_header *h, struct firmware *fw, bool must)
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

static void symbolise(const struct firmware *fw, uint32_t pc, char *buf, size_t len)
{
    const struct fw_symbol *s = fw->syms ? firmware_symbol_at(fw, pc) : NULL;
    if (s)
        snprintf(buf, len, "%s+%u", s->name, pc - s->addr);
    else
        snprintf(buf, len, "?");
}

/* ---------------- trace show ---------------- */

static void show_usage(FILE *out)
{
    fprintf(out, "usage: ttemu trace show FILE [--symbols FW.elf] [--from T] [--to T] [--pc-range A-B]\n\n"
                 "Prints a trace in human-readable form: the header, then every event and\n"
                 "(with --trace-insn traces) every instruction, disassembled and symbolised\n"
                 "(function+offset; symbols from FW.elf, or from the traced firmware if it is\n"
                 "still there unchanged). T is a time with a unit: 12ns, 3.5us, 1ms, 2s, or\n"
                 "picoseconds when bare. --pc-range limits instruction records to [A, B].\n");
}

static void print_header(const char *path, const struct trace_header *h)
{
    printf("trace %s: version %u, %s\n", path, h->version,
           h->flags & TRACE_F_INSNS ? "events and instructions" : "events only");
    printf("board: %s (%s), core clock %.3f MHz\n", h->board, h->board_source, (double)h->clock_hz / 1e6);
    printf("firmware: %s (hash %016" PRIx64 ")\n", h->firmware, h->fw_hash);
    printf("options: %s\n", h->options);
    for (size_t c = 0; c < h->ncomps; c++) {
        printf("power component %zu: %s [", c, h->comps[c].name);
        for (size_t s = 0; s < h->comps[c].nstates; s++)
            printf("%s%s", s ? ", " : "", h->comps[c].states[s]);
        printf("]\n");
    }
}

static const char *state_name(const struct trace_header *h, unsigned comp, unsigned state)
{
    if (comp < h->ncomps && state < h->comps[comp].nstates)
        return h->comps[comp].states[state];
    return "?";
}

static const char *comp_name(const struct trace_header *h, unsigned comp)
{
    return comp < h->ncomps ? h->comps[comp].name : "?";
}

static int trace_show(int argc, char **argv)
{
    const char *file = NULL, *syms = NULL;
    uint64_t from = 0, to = UINT64_MAX, pclo = 0, pchi = UINT64_MAX;
    for (int k = 1; k < argc; k++) {
        const char *a = argv[k];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            show_usage(stdout);
            return TT_EXIT_OK;
        }
        if (!strcmp(a, "--symbols") || !strcmp(a, "--from") || !strcmp(a, "--to") || !strcmp(a, "--pc-range")) {
            if (k + 1 >= argc) {
                tt_error("trace show: %s needs a value", a);
                return TT_EXIT_USAGE;
            }
            const char *v = argv[++k];
            char *end;
            if (!strcmp(a, "--symbols"))
                syms = v;
            else if (!strcmp(a, "--pc-range")) {
                pclo = strtoull(v, &end, 0);
                if (*end != '-' || !end[1] || (pchi = strtoull(end + 1, &end, 0), *end) || pclo > pchi) {
                    tt_error("trace show: --pc-range '%s': expected A-B (e.g. 0x100-0x1ff)", v);
                    return TT_EXIT_USAGE;
                }
            } else if (!parse_time(v, !strcmp(a, "--from") ? &from : &to)) {
                tt_error("trace show: %s '%s': expected a time such as 10us", a, v);
                return TT_EXIT_USAGE;
            }
        } else if (a[0] == '-' && a[1]) {
            tt_error("trace show: unknown option '%s'", a);
            return TT_EXIT_USAGE;
        } else if (!file) {
            file = a;
        } else {
            tt_error("trace show: one FILE only");
            return TT_EXIT_USAGE;
        }
    }
    if (!file) {
        show_usage(stderr);
        return TT_EXIT_USAGE;
    }
    struct trace_reader *r;
    struct trace_header h;
    int rc = open_trace(file, &r, &h);
    if (rc)
        return rc;
    struct firmware fw;
    bool have_syms = load_symbols(syms, &h, &fw, syms != NULL);
    if (syms && !have_syms) {
        trace_close(r, &h);
        return TT_EXIT_NOINPUT;
    }
    csh cs = 0;
    bool have_cs = cs_open(CS_ARCH_ARM, (cs_mode)(CS_MODE_THUMB | CS_MODE_MCLASS), &cs) == CS_ERR_OK;
    print_header(file, &h);
    printf("\n%16s %12s  %s\n", "time (ns)", "cycle", "record");
    struct trace_record rec;
    char err[512], sym[128];
    int n;
    while ((n = trace_next(r, &rec, err, sizeof err)) > 0) {
        if (rec.t_ps < from || rec.t_ps > to)
            continue;
        double ns = (double)rec.t_ps / 1e3;
        switch (rec.type) {
        case TR_INSN: {
            if (rec.pc < pclo || rec.pc > pchi)
                break;
            uint8_t bytes[4];
            /* the opcode holds hw1 in the low half, hw2 in the high half */
            uint16_t hw1 = (uint16_t)rec.opcode, hw2 = (uint16_t)(rec.opcode >> 16);
            bytes[0] = (uint8_t)hw1;
            bytes[1] = (uint8_t)(hw1 >> 8);
            bytes[2] = (uint8_t)hw2;
            bytes[3] = (uint8_t)(hw2 >> 8);
            cs_insn *ci = NULL;
            size_t got = have_cs ? cs_disasm(cs, bytes, rec.size, rec.pc, 1, &ci) : 0;
            if (have_syms)
                symbolise(&fw, rec.pc, sym, sizeof sym);
            printf("%16.3f %12" PRIu64 "  %08x %-24s %-8s %s\n", ns, rec.cycles, rec.pc, have_syms ? sym : "",
                   got ? ci->mnemonic : ".hword", got ? ci->op_str : "");
            if (got)
                cs_free(ci, got);
            break;
        }
        case TR_POWER:
            printf("%16.3f %12s  power %s -> %s (%.3f mW, %.3f MHz)\n", ns, "", comp_name(&h, rec.comp),
                   state_name(&h, rec.comp, rec.state), rec.mw, (double)rec.clock_hz / 1e6);
            break;
        case TR_PHASE:
            printf("%16.3f %12s  phase %s\n", ns, "", rec.name);
            break;
        case TR_IRQ:
            printf("%16.3f %12s  irq %u -> %u\n", ns, "", rec.a, rec.b);
            break;
        case TR_LAYER:
            if (rec.a == 0xffffffffu)
                printf("%16.3f %12s  layer none\n", ns, "");
            else
                printf("%16.3f %12s  layer %u\n", ns, "", rec.a);
            break;
        case TR_MARK:
            printf("%16.3f %12s  mark 0x%08x\n", ns, "", rec.a);
            break;
        case TR_MACS:
            printf("%16.3f %12s  macs %u\n", ns, "", rec.a);
            break;
        case TR_END:
            printf("%16.3f %12" PRIu64 "  end: %" PRIu64 " instructions, exit status %d, %.6f uJ\n", ns, rec.cycles,
                   rec.insns, rec.exit_code, rec.energy_pj * 1e-6);
            break;
        }
    }
    if (have_cs)
        cs_close(&cs);
    if (have_syms)
        firmware_free(&fw);
    trace_close(r, &h);
    if (n < 0) {
        tt_error("%s", err);
        return TT_EXIT_BADINPUT;
    }
    return TT_EXIT_OK;
}

/* ---------------- trace export ---------------- */

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
    int rc = open_trace(file, &r, &h);
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
    if ((rc = open_trace(file, &r, &h)))
        return rc;
    FILE *f = fopen(out, "w");
    if (!f) {
        tt_error("%s: cannot open for writing", out);
        trace_close(r, &h);
        return TT_EXIT_NOINPUT;
    }
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
    bool bad = ferror(f);
    if (fclose(f))
        bad = true;
    trace_close(r, &h);
    if (n < 0) {
        tt_error("%s", err);
        return TT_EXIT_BADINPUT;
    }
    if (bad) {
        tt_error("%s: write failed", out);
        return TT_EXIT_NOINPUT;
    }
    return TT_EXIT_OK;
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
    int rc = open_trace(file, &r, &h);
    if (rc)
        return rc;
    FILE *f = fopen(out, "w");
    if (!f) {
        tt_error("%s: cannot open for writing", out);
        trace_close(r, &h);
        return TT_EXIT_NOINPUT;
    }
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
                slice(f, &first, state_name(&h, rec.comp, (unsigned)comp_s[rec.comp]), 10 + rec.comp,
                      comp_t[rec.comp], rec.t_ps);
            if (comp_s[rec.comp] != rec.state) {
                comp_s[rec.comp] = rec.state;
                comp_t[rec.comp] = rec.t_ps;
            }
            fprintf(f, ",\n{\"ph\":\"C\",\"pid\":1,\"ts\":%.6f,\"name\":", (double)rec.t_ps / 1e6);
            snprintf(name, sizeof name, "%s power", comp_name(&h, rec.comp));
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
            slice(f, &first, state_name(&h, (unsigned)c, (unsigned)comp_s[c]), 10 + (int)c, comp_t[c], end_t);
    fprintf(f, "\n]}\n");
    free(comp_t);
    free(comp_s);
    bool bad = ferror(f);
    if (fclose(f))
        bad = true;
    trace_close(r, &h);
    if (n < 0) {
        tt_error("%s", err);
        return TT_EXIT_BADINPUT;
    }
    if (bad) {
        tt_error("%s: write failed", out);
        return TT_EXIT_NOINPUT;
    }
    return TT_EXIT_OK;
}

/* Power over time per component: a row at every change. */
static int export_csv(const char *file, const char *out)
{
    struct trace_reader *r;
    struct trace_header h;
    int rc = open_trace(file, &r, &h);
    if (rc)
        return rc;
    FILE *f = fopen(out, "w");
    if (!f) {
        tt_error("%s: cannot open for writing", out);
        trace_close(r, &h);
        return TT_EXIT_NOINPUT;
    }
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
    bool bad = ferror(f);
    if (fclose(f))
        bad = true;
    trace_close(r, &h);
    if (n < 0) {
        tt_error("%s", err);
        return TT_EXIT_BADINPUT;
    }
    if (bad) {
        tt_error("%s: write failed", out);
        return TT_EXIT_NOINPUT;
    }
    return TT_EXIT_OK;
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

static int trace_export(int argc, char **argv)
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

int cmd_trace(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "show"))
        return trace_show(argc - 1, argv + 1);
    if (argc >= 2 && !strcmp(argv[1], "export"))
        return trace_export(argc - 1, argv + 1);
    FILE *out = argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) ? stdout : stderr;
    fprintf(out, "usage: ttemu trace show FILE [--symbols FW.elf] [--from T] [--to T] [--pc-range A-B]\n"
                 "       ttemu trace export FILE [--vcd OUT] [--perfetto OUT] [--csv OUT]\n"
                 "Traces come from 'ttemu run --trace FILE [--trace-insn]' (docs/trace-format.md).\n");
    return out == stdout ? TT_EXIT_OK : TT_EXIT_USAGE;
}

/* ---------------- profile ---------------- */

struct prof {
    char name[64];
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
        *t = realloc(*t, *cap * sizeof **t);
        if (!*t) {
            fputs("ttemu: out of memory\n", stderr);
            exit(TT_EXIT_INTERNAL);
        }
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

static void prof_print(const char *title, struct prof *t, size_t n, uint64_t total_ps)
{
    qsort(t, n, sizeof *t, cmp_prof);
    printf("%-32s %12s %14s %8s %14s\n", title, "insns", "cycles", "time%", "energy uJ");
    for (size_t k = 0; k < n; k++)
        printf("%-32s %12" PRIu64 " %14" PRIu64 " %7.2f%% %14.6f\n", t[k].name, t[k].insns, t[k].cycles,
               total_ps ? 100.0 * (double)t[k].ps / (double)total_ps : 0.0, t[k].pj * 1e-6);
}

int cmd_profile(int argc, char **argv)
{
    const char *file = NULL, *syms = NULL;
    for (int k = 1; k < argc; k++) {
        if (!strcmp(argv[k], "--help") || !strcmp(argv[k], "-h")) {
            printf("usage: ttemu profile FILE [--symbols FW.elf]\n\n"
                   "A flat profile of a trace written with --trace-insn: per function the\n"
                   "instructions, cycles, share of simulated time and the energy of the whole\n"
                   "board while that function ran (sleep counts to the WFI's function); per\n"
                   "layer the same where the firmware marks layers.\n");
            return TT_EXIT_OK;
        }
        if (!strcmp(argv[k], "--symbols") && k + 1 < argc)
            syms = argv[++k];
        else if (argv[k][0] == '-') {
            tt_error("profile: unknown option or missing value '%s'", argv[k]);
            return TT_EXIT_USAGE;
        } else
            file = argv[k];
    }
    if (!file) {
        tt_error("profile: no FILE given (try 'ttemu profile --help')");
        return TT_EXIT_USAGE;
    }
    struct trace_reader *r;
    struct trace_header h;
    int rc = open_trace(file, &r, &h);
    if (rc)
        return rc;
    if (!(h.flags & TRACE_F_INSNS)) {
        tt_error("%s: no instruction records (write the trace with --trace-insn)", file);
        trace_close(r, &h);
        return TT_EXIT_BADINPUT;
    }
    struct firmware fw;
    bool have_syms = load_symbols(syms, &h, &fw, syms != NULL);
    if (syms && !have_syms) {
        trace_close(r, &h);
        return TT_EXIT_NOINPUT;
    }
    double *mw = calloc(h.ncomps ? h.ncomps : 1, sizeof *mw);
    struct prof *funcs = NULL, *layers = NULL;
    size_t nf = 0, cf = 0, nl = 0, cl = 0;
    struct trace_record rec, prev = { 0 };
    bool have_prev = false;
    uint32_t layer = 0xffffffffu;
    uint64_t t0 = 0, t_end = 0, last_t = 0;
    long fi = -1, li = -1; /* the running instruction's function and layer entries */
    char err[512], name[64];
    int n;
    /* Energy is integrated piecewise: at every power change and every
     * instruction, the stretch since the last one is charged, at the power
     * that held during it, to the instruction that was running. */
    while ((n = trace_next(r, &rec, err, sizeof err)) > 0) {
        if (rec.type != TR_INSN && rec.type != TR_END && rec.type != TR_POWER) {
            if (rec.type == TR_LAYER)
                layer = rec.a;
            continue;
        }
        if (have_prev && rec.t_ps > last_t) {
            double total = 0;
            for (size_t c = 0; c < h.ncomps; c++)
                total += mw[c];
            double pj = total * (double)(rec.t_ps - last_t) * 1e-3; /* mW x ps = 1e-3 pJ */
            funcs[fi].pj += pj;
            if (li >= 0)
                layers[li].pj += pj;
            last_t = rec.t_ps;
        }
        if (rec.type == TR_POWER) {
            if (rec.comp < h.ncomps)
                mw[rec.comp] = rec.mw;
            continue;
        }
        if (have_prev) {
            uint64_t cyc = rec.cycles - prev.cycles, ps = rec.t_ps - prev.t_ps;
            funcs[fi].insns++;
            funcs[fi].cycles += cyc;
            funcs[fi].ps += ps;
            if (li >= 0) {
                layers[li].insns++;
                layers[li].cycles += cyc;
                layers[li].ps += ps;
            }
        } else {
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
        li = -1;
        if (layer != 0xffffffffu) {
            snprintf(name, sizeof name, "layer %u", layer);
            li = prof_get(&layers, &nl, &cl, name) - layers;
        }
    }
    if (n < 0) {
        tt_error("%s", err);
        rc = TT_EXIT_BADINPUT;
    } else {
        printf("profile of %s (%s on %s): %.9f s from the first instruction\n\n", file, h.firmware, h.board,
               (double)(t_end - t0) * 1e-12);
        prof_print("function", funcs, nf, t_end - t0);
        if (nl) {
            printf("\n");
            prof_print("layer", layers, nl, t_end - t0);
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

/* ---------------- replay ---------------- */

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
    int rc = open_trace(file, &r, &h);
    if (rc)
        return rc;
    char err[512];
    struct firmware fw;
    if (firmware_load(h.firmware, &fw, err, sizeof err)) {
        tt_error("replay: the traced firmware: %s", err);
        trace_close(r, &h);
        return TT_EXIT_NOINPUT;
    }
    bool same = fw.hash == h.fw_hash;
    firmware_free(&fw);
    if (!same) {
        tt_error("replay: %s has changed since the trace was written (hash differs from %016" PRIx64 ")",
                 h.firmware, h.fw_hash);
        trace_close(r, &h);
        return TT_EXIT_BADINPUT;
    }
    /* The recorded options, without the trace/report/output ones, plus --gdb. */
    static char opts[1024];
    static char *args[128];
    snprintf(opts, sizeof opts, "%s", h.options);
    int na = 0;
    args[na++] = "run";
    args[na++] = "--gdb";
    args[na++] = (char *)port;
    char *save = NULL;
    bool skip_next = false, first = true;
    for (char *tok = strtok_r(opts, " ", &save); tok && na < 126; tok = strtok_r(NULL, " ", &save)) {
        if (first) { /* "run" itself */
            first = false;
            continue;
        }
        if (skip_next) {
            skip_next = false;
            continue;
        }
        if (!strcmp(tok, "--trace") || !strcmp(tok, "--report")) {
            skip_next = true;
            continue;
        }
        if (!strcmp(tok, "--trace-insn") || !strcmp(tok, "--stats") || !strcmp(tok, "--quiet"))
            continue;
        args[na++] = tok;
    }
    args[na] = NULL;
    trace_close(r, &h);
    fprintf(stderr, "ttemu: replaying %s under gdb:", file);
    for (int k = 0; k < na; k++)
        fprintf(stderr, " %s", args[k]);
    fprintf(stderr, "\n");
    return cmd_run(na, args);
}
