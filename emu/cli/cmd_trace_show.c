/* `ttemu trace show`: a trace in human-readable form: the header, then every
 * event and (with --trace-insn traces) every instruction, disassembled and
 * symbolised, limited to a time window and a PC range. */
#include "emu/cli/cmd_trace_internal.h"
#include "emu/cli/numparse.h"
#include "emu/cli/opts.h"

#include <capstone/capstone.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A time: a number with an optional unit s, ms, us, ns or ps (default). */
static bool parse_time(const char *s, uint64_t *ps)
{
    return tt_parse_time_ps(s, 1, UINT64_MAX, ps);
}

static void symbolise(const struct firmware *fw, uint32_t pc, char *buf, size_t len)
{
    const struct fw_symbol *s = fw->syms ? firmware_symbol_at(fw, pc) : NULL;
    if (s)
        snprintf(buf, len, "%s+%u", s->name, pc - s->addr);
    else
        snprintf(buf, len, "?");
}

static const char *or_none(const char *s, const char *none)
{
    return s && *s ? s : none;
}

/* As a shell would need it: an empty word, or one with blanks or quotes,
 * in single quotes (a ' inside as '\''), so the words can be told apart. */
static void print_word(const char *w)
{
    if (*w && !w[strcspn(w, " \t\n'\"\\")]) {
        printf(" %s", w);
        return;
    }
    printf(" '");
    for (; *w; w++)
        *w == '\'' ? printf("'\\''") : putchar(*w);
    putchar('\'');
}

static void print_list(const char *what, char **items, size_t n)
{
    printf("%s:", what);
    for (size_t k = 0; k < n; k++)
        print_word(items[k]);
    printf("%s\n", n ? "" : " none");
}

/* The typed run fields (version 2 and 3): what `ttemu replay` runs again,
 * as opposed to the options line, which is only a record. */
static void print_run_fields(const struct trace_header *h)
{
    printf("run: max-cycles ");
    printf(h->max_cycles ? "%" PRIu64 : "none", h->max_cycles);
    printf(", max-time ");
    printf(h->max_time_ps ? "%.12g s" : "none", (double)h->max_time_ps / 1e12);
    printf(", frame %s", or_none(h->frame, "built-in scene"));
    if (h->version >= 3) {
        printf(", clock %s, model %s, frames ", or_none(h->clock, "at reset"), or_none(h->model, "the image's"));
        printf(h->frames ? "%" PRIu64 : "one", h->frames);
        printf(", fps %s", or_none(h->fps, "none"));
    }
    printf("\n");
    print_list("firmware arguments", h->args, h->nargs);
    if (h->version >= 3)
        print_list("device settings (--set)", h->sets, h->nsets);
}

static void print_header(const char *path, const struct trace_header *h)
{
    printf("trace %s: version %u, %s\n", path, h->version,
           h->flags & TRACE_F_INSNS ? "events and instructions" : "events only");
    printf("board: %s (%s), core clock %.3f MHz\n", h->board, h->board_source, (double)h->clock_hz / 1e6);
    printf("firmware: %s (hash %016" PRIx64 ")\n", h->firmware, h->fw_hash);
    printf("options: %s\n", h->options);
    if (h->version >= 2)
        print_run_fields(h);
    for (size_t c = 0; c < h->ncomps; c++) {
        printf("power component %zu: %s [", c, h->comps[c].name);
        for (size_t s = 0; s < h->comps[c].nstates; s++)
            printf("%s%s", s ? ", " : "", h->comps[c].states[s]);
        printf("]\n");
    }
}

enum { SH_SYMBOLS, SH_FROM, SH_TO, SH_PC_RANGE };

static const struct tt_opt show_options[] = {
    { "symbols", 0, "FW.elf", "symbols from FW.elf (default: the traced firmware, if it is\n"
      "still there unchanged)", SH_SYMBOLS },
    { "from", 0, "T", "records from time T on (12ns, 3.5us, 1ms, 2s; bare: ps)", SH_FROM },
    { "to", 0, "T", "records up to time T", SH_TO },
    { "pc-range", 0, "A-B", "instruction records with A <= pc <= B only (0x100-0x1ff)", SH_PC_RANGE },
};

struct show_opts {
    const char *syms;
    uint64_t from, to, pclo, pchi;
};

static int show_take(void *ctx, int id, const char *v)
{
    struct show_opts *o = ctx;
    char *end;
    switch (id) {
    case SH_SYMBOLS:
        o->syms = v;
        return 0;
    case SH_PC_RANGE:
        o->pclo = strtoull(v, &end, 0);
        if (*end != '-' || !end[1] || (o->pchi = strtoull(end + 1, &end, 0), *end) || o->pclo > o->pchi) {
            tt_error("trace show: --pc-range '%s': expected A-B (e.g. 0x100-0x1ff)", v);
            return 1;
        }
        return 0;
    default:
        if (parse_time(v, id == SH_FROM ? &o->from : &o->to))
            return 0;
        tt_error("trace show: --%s '%s': expected a time such as 10us", id == SH_FROM ? "from" : "to", v);
        return 1;
    }
}

int tc_show(int argc, char **argv)
{
    struct show_opts o = { .to = UINT64_MAX, .pchi = UINT64_MAX };
    struct tt_cmd cmd = {
        .name = "trace show",
        .usage = "ttemu trace show FILE [--symbols FW.elf] [--from T] [--to T] [--pc-range A-B]",
        .about = "Prints a trace in human-readable form: the header, then every event and\n"
                 "(with --trace-insn traces) every instruction, disassembled and symbolised\n"
                 "(function+offset).",
        .opts = show_options, .nopts = sizeof show_options / sizeof show_options[0],
        .epilog = "exit status: 0; 64 usage, 65 bad trace, 66 trace or symbols cannot be opened",
        .take = show_take, .ctx = &o,
    };
    int first, rc = tt_opts_parse(&cmd, argc, argv, &first);
    if (rc >= 0)
        return rc;
    if (argc - first != 1) {
        tt_error("trace show: expected one FILE (try 'ttemu trace show --help')");
        return TT_EXIT_USAGE;
    }
    const char *file = argv[first], *syms = o.syms;
    uint64_t from = o.from, to = o.to, pclo = o.pclo, pchi = o.pchi;
    struct trace_reader *r;
    struct trace_header h;
    rc = tc_open_trace(file, &r, &h);
    if (rc)
        return rc;
    struct firmware fw;
    bool have_syms = tc_load_symbols(syms, &h, &fw, syms != NULL);
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
            printf("%16.3f %12s  power %s -> %s (%.3f mW, %.3f MHz)\n", ns, "", tc_comp_name(&h, rec.comp),
                   tc_state_name(&h, rec.comp, rec.state), rec.mw, (double)rec.clock_hz / 1e6);
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
    if (n == 0 && trace_cut(r, err, sizeof err)) {
        printf("(the trace ends here: it was cut short)\n");
        tt_error("warning: %s", err);
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
