/* Trace file writer and reader (see trace.h, docs/trace-format.md). All
 * integers little-endian, doubles IEEE-754 binary64 little-endian, strings
 * a u16 length and that many bytes (no NUL). */
#include "traces/trace.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "emu/machine.h"
#include "emu/power/power.h"
#include "isa/insn.h"
#include "models/runtime/tt_checked.h"
#include "emu/xalloc.h"

#define WBUF (256u * 1024u)
#define IRQ_LINES 512u /* the NVIC's architectural maximum is 496 external lines */

struct trace_writer {
    FILE *f;
    struct machine *m;
    uint8_t buf[WBUF];
    size_t len;
    bool failed;
    uint64_t written, max_bytes; /* bytes in the file; the --trace-max cap (0: none) */
    bool capped;                 /* the cap was reached: the run was asked to stop */
    bool finishing;              /* trace_finish: the run is over, only report failures */
    uint8_t irq_level[IRQ_LINES / 8]; /* last level written per line (all low at the start) */
};

/* ---------------- writing ---------------- */

/* The buffer always ends on a whole record (records are put whole, and
 * flushed before one that would not fit), so a file cut between flushes
 * still reads to its last whole record. */
static void flush(struct trace_writer *w)
{
    if (w->len && !w->failed && fwrite(w->buf, 1, w->len, w->f) != w->len)
        w->failed = true;
    w->written += w->len;
    w->len = 0;
    if (!w->failed && fflush(w->f))
        w->failed = true;
    if (w->failed && !w->finishing && !w->m->stop_request) { /* no point running on untraced */
        w->m->stop_request = TRACE_STOP_IOERR;
        snprintf(w->m->stop_msg, sizeof w->m->stop_msg, "the trace cannot be written (disk full?): the run stops here");
        cpu_request_exit(&w->m->cpu);
    }
}

/* The cap: once the file would pass max_bytes less room for the end
 * record, the run is asked to stop (the record that crossed is kept). */
static void over_cap(struct trace_writer *w)
{
    w->capped = true;
    w->m->stop_request = TRACE_STOP_CAPPED;
    snprintf(w->m->stop_msg, sizeof w->m->stop_msg, "--trace-max %llu MB reached: the run stops here",
             (unsigned long long)(w->max_bytes >> 20));
    cpu_request_exit(&w->m->cpu);
}

static inline void put(struct trace_writer *w, const void *p, size_t n)
{
    if (w->len + n > WBUF)
        flush(w);
    memcpy(w->buf + w->len, p, n);
    w->len += n;
    if (w->max_bytes && !w->capped && !w->finishing && w->written + w->len + 64 > w->max_bytes)
        over_cap(w);
}

static inline void put_le(struct trace_writer *w, uint64_t v, unsigned n)
{
    uint8_t b[8];
    for (unsigned k = 0; k < n; k++)
        b[k] = (uint8_t)(v >> (8 * k));
    put(w, b, n);
}

static void put_f64(struct trace_writer *w, double d)
{
    uint64_t v;
    memcpy(&v, &d, sizeof v);
    put_le(w, v, 8);
}

static void put_str(struct trace_writer *w, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n > 0xffff)
        n = 0xffff;
    put_le(w, n, 2);
    if (n)
        put(w, s, n);
}

static void power_obs(void *ctx, int comp, uint64_t t_ps, double mw, int phase)
{
    struct trace_writer *w = ctx;
    struct power *p = w->m->power;
    if (comp < 0) {
        put_le(w, TR_PHASE, 1);
        put_le(w, t_ps, 8);
        put_str(w, power_phase_name(p, phase));
        return;
    }
    put_le(w, TR_POWER, 1);
    put_le(w, t_ps, 8);
    put_le(w, (uint64_t)comp, 2);
    put_le(w, (uint64_t)power_comp_state(p, comp), 2);
    put_f64(w, mw);
    put_le(w, power_comp_clock_hz(p, comp), 8);
}

/* Devices may re-assert a line that is already high (or lower a low one);
 * only a change of level is an event. */
static bool irq_changed(struct trace_writer *w, uint32_t line, bool level)
{
    if (line >= IRQ_LINES)
        return true;
    uint8_t bit = (uint8_t)(1u << (line & 7));
    bool was = w->irq_level[line >> 3] & bit;
    if (was == level)
        return false;
    w->irq_level[line >> 3] ^= bit;
    return true;
}

static void event(void *ctx, enum machine_event_kind kind, uint64_t t_ps, uint32_t a, uint32_t b)
{
    struct trace_writer *w = ctx;
    static const uint8_t type[] = { [MEV_IRQ] = TR_IRQ, [MEV_LAYER] = TR_LAYER, [MEV_MARK] = TR_MARK,
                                    [MEV_MACS] = TR_MACS };
    if ((unsigned)kind >= sizeof type || !type[kind])
        return;
    if (kind == MEV_IRQ && !irq_changed(w, a, b != 0))
        return;
    put_le(w, type[kind], 1);
    put_le(w, t_ps, 8);
    put_le(w, a, 4);
    if (kind == MEV_IRQ)
        put_le(w, b, 1);
}

static void insn_hook(void *ctx, struct cpu *c, const struct insn *i)
{
    struct trace_writer *w = ctx;
    uint32_t pc = i->addr;
    uint16_t hw[2] = { 0, 0 };
    uint8_t *page = c->rmap[pc >> BUS_PAGE_BITS];
    if (page && (pc & (BUS_PAGE_SIZE - 1)) <= BUS_PAGE_SIZE - 4)
        memcpy(hw, page + (pc & (BUS_PAGE_SIZE - 1)), 4);
    else
        bus_debug_read(c->bus, pc, hw, 4);
    bool wide = (hw[0] >> 11) >= 0x1d;
    uint8_t rec[1 + 4 + 4 + 1 + 8 + 8];
    uint32_t op = wide ? (uint32_t)hw[0] | (uint32_t)hw[1] << 16 : hw[0];
    /* machine_now_ps without its 128-bit division when the clock period
     * is a whole number of picoseconds (the same value exactly) */
    const struct machine *m = w->m;
    uint64_t t = 1000000000000ull % m->clock_hz == 0
                     ? m->base_ps + (c->cycles - m->base_cycles) * (1000000000000ull / m->clock_hz)
                     : machine_now_ps(m);
    rec[0] = TR_INSN;
    for (int k = 0; k < 4; k++) {
        rec[1 + k] = (uint8_t)(pc >> (8 * k));
        rec[5 + k] = (uint8_t)(op >> (8 * k));
    }
    rec[9] = wide ? 4 : 2;
    for (int k = 0; k < 8; k++) {
        rec[10 + k] = (uint8_t)(c->cycles >> (8 * k));
        rec[18 + k] = (uint8_t)(t >> (8 * k));
    }
    put(w, rec, sizeof rec);
}

struct trace_writer *trace_start(const char *path, struct machine *m, const struct trace_run *run,
                                 char *err, size_t errlen)
{
    struct trace_writer *w = xcalloc(1, sizeof *w);
    w->f = fopen(path, "wb");
    if (!w->f) {
        snprintf(err, errlen, "%s: cannot open for writing the trace: %s", path, strerror(errno));
        free(w);
        return NULL;
    }
    /* Unbuffered stdio: each flush is one write() of whole records, so a
     * process killed outright leaves a file that ends on a record boundary. */
    setvbuf(w->f, NULL, _IONBF, 0);
    w->m = m;
    w->max_bytes = run->max_bytes;
    bool insns = run->insns;
    struct power *p = m->power;
    put(w, TRACE_MAGIC, 8);
    put_le(w, TRACE_VERSION, 2);
    put_le(w, 0, 2);
    put_le(w, insns ? TRACE_F_INSNS : 0, 4);
    put_le(w, m->fw.hash, 8);
    put_le(w, m->clock_hz, 8);
    put_str(w, m->board.name);
    put_str(w, m->board.source);
    put_str(w, run->firmware);
    put_str(w, run->options);
    put_str(w, run->frame);
    put_le(w, run->max_cycles, 8);
    put_le(w, run->max_time_ps, 8);
    int nargs = run->nargs < 0 ? 0 : run->nargs > 0xffff ? 0xffff : run->nargs;
    put_le(w, (uint64_t)nargs, 2);
    for (int k = 0; k < nargs; k++)
        put_str(w, run->args[k]);
    put_str(w, run->clock);
    put_str(w, run->model);
    put_le(w, run->frames, 8);
    put_str(w, run->fps);
    int nsets = run->nsets < 0 ? 0 : run->nsets > 0xffff ? 0xffff : run->nsets;
    put_le(w, (uint64_t)nsets, 2);
    for (int k = 0; k < nsets; k++)
        put_str(w, run->sets[k]);
    put_le(w, power_ncomps(p), 2);
    for (size_t c = 0; c < power_ncomps(p); c++) {
        put_str(w, power_comp_name(p, (int)c));
        put_le(w, power_nstates(p, (int)c), 2);
        for (size_t s = 0; s < power_nstates(p, (int)c); s++)
            put_str(w, power_state_name(p, (int)c, (int)s));
    }
    /* where everything stands at the start */
    uint64_t now = machine_now_ps(m);
    for (size_t c = 0; c < power_ncomps(p); c++) {
        put_le(w, TR_POWER, 1);
        put_le(w, now, 8);
        put_le(w, c, 2);
        put_le(w, (uint64_t)power_comp_state(p, (int)c), 2);
        put_f64(w, power_comp_mw(p, (int)c));
        put_le(w, power_comp_clock_hz(p, (int)c), 8);
    }
    int ph = power_current_phase(p);
    put_le(w, TR_PHASE, 1);
    put_le(w, now, 8);
    put_str(w, ph >= 0 ? power_phase_name(p, ph) : "boot");
    power_set_observer(p, power_obs, w);
    m->events = (struct machine_events){ event, w };
    if (insns) {
        m->cpu.on_insn = insn_hook;
        m->cpu.on_insn_ctx = w;
    }
    return w;
}

int trace_finish(struct trace_writer *w, struct machine *m, int exit_code, char *err, size_t errlen)
{
    w->finishing = true;
    power_set_observer(m->power, NULL, NULL);
    m->events = (struct machine_events){ 0 };
    if (m->cpu.on_insn == insn_hook)
        m->cpu.on_insn = NULL;
    put_le(w, TR_END, 1);
    put_le(w, machine_now_ps(m), 8);
    put_le(w, m->cpu.cycles, 8);
    put_le(w, m->cpu.insns, 8);
    put_le(w, (uint32_t)exit_code, 4);
    put_f64(w, power_total_energy_pj(m->power));
    flush(w);
    bool bad = w->failed || fclose(w->f) != 0;
    free(w);
    if (bad) {
        snprintf(err, errlen, "cannot write the trace file completely (disk full?)");
        return -1;
    }
    return 0;
}

/* ---------------- reading ---------------- */

struct trace_reader {
    FILE *f;
    char *path;
    uint64_t off;
    bool seen_end;      /* the end record was read */
    uint64_t cut_at;    /* offset of a record cut short, or UINT64_MAX */
    uint64_t size;      /* of a regular file, or UINT64_MAX */
};

/* Whether count items of at least min_bytes each can still follow: a
 * damaged count is refused before a table that large is allocated. */
static bool can_follow(const struct trace_reader *r, uint64_t count, unsigned min_bytes)
{
    return r->size == UINT64_MAX || (r->off <= r->size && count <= (r->size - r->off) / min_bytes);
}

static bool get(struct trace_reader *r, void *p, size_t n)
{
    if (fread(p, 1, n, r->f) != n || !tt_add_u64(r->off, n, &r->off))
        return false;
    return true;
}

static bool get_le(struct trace_reader *r, uint64_t *v, unsigned n)
{
    uint8_t b[8];
    if (!get(r, b, n))
        return false;
    *v = 0;
    for (unsigned k = 0; k < n; k++)
        *v |= (uint64_t)b[k] << (8 * k);
    return true;
}

static char *get_str(struct trace_reader *r)
{
    uint64_t n;
    size_t bytes;
    if (!get_le(r, &n, 2) || !tt_add_size((size_t)n, 1, &bytes))
        return NULL;
    char *s = xmalloc(bytes); /* at most 64 KiB: a 16-bit length */
    if (!get(r, s, n)) {
        free(s);
        return NULL;
    }
    s[n] = 0;
    return s;
}

/* A u16 count, then that many strings, into a table of count entries
 * (at least one, so it is never NULL); *got is how many were read. */
static bool get_str_list(struct trace_reader *r, char ***out, size_t *got)
{
    uint64_t n;
    if (!get_le(r, &n, 2) || !can_follow(r, n, 2))
        return false;
    *out = xcalloc(n ? (size_t)n : 1, sizeof **out);
    for (*got = 0; *got < n; (*got)++)
        if (!((*out)[*got] = get_str(r)))
            return false;
    return true;
}

/* Version 2: frame, max_cycles, max_time_ps, nargs, args. */
static bool get_run_fields(struct trace_reader *r, struct trace_header *h)
{
    return (h->frame = get_str(r)) && get_le(r, &h->max_cycles, 8) && get_le(r, &h->max_time_ps, 8) &&
           get_str_list(r, &h->args, &h->nargs);
}

/* Version 3: clock, model, frames, fps, nsets, sets. */
static bool get_duty_fields(struct trace_reader *r, struct trace_header *h)
{
    return (h->clock = get_str(r)) && (h->model = get_str(r)) && get_le(r, &h->frames, 8) &&
           (h->fps = get_str(r)) && get_str_list(r, &h->sets, &h->nsets);
}

static void free_header(struct trace_header *h)
{
    free(h->board);
    free(h->board_source);
    free(h->firmware);
    free(h->options);
    free(h->frame);
    for (size_t k = 0; k < h->nargs && h->args; k++)
        free(h->args[k]);
    free(h->args);
    free(h->clock);
    free(h->model);
    free(h->fps);
    for (size_t k = 0; k < h->nsets && h->sets; k++)
        free(h->sets[k]);
    free(h->sets);
    for (size_t c = 0; c < h->ncomps && h->comps; c++) {
        free(h->comps[c].name);
        for (size_t s = 0; s < h->comps[c].nstates && h->comps[c].states; s++)
            free(h->comps[c].states[s]);
        free(h->comps[c].states);
    }
    free(h->comps);
    memset(h, 0, sizeof *h);
}

struct trace_reader *trace_open(const char *path, struct trace_header *h, char *err, size_t errlen)
{
    memset(h, 0, sizeof *h);
    struct trace_reader *r = xcalloc(1, sizeof *r);
    r->f = fopen(path, "rb");
    if (!r->f) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        free(r);
        return NULL;
    }
    struct stat st;
    r->size = fstat(fileno(r->f), &st) == 0 && S_ISREG(st.st_mode) ? (uint64_t)st.st_size : UINT64_MAX;
    char magic[8];
    uint64_t v, rsv, flags, n;
    const char *what = NULL;
    if (!get(r, magic, 8) || memcmp(magic, TRACE_MAGIC, 8))
        what = "the magic \"" TRACE_MAGIC "\" (not a ttemu trace)";
    else if (!get_le(r, &v, 2) || (v < 1 || v > TRACE_VERSION))
        what = "version 1, 2 or 3";
    else if (!get_le(r, &rsv, 2) || !get_le(r, &flags, 4) || !get_le(r, &h->fw_hash, 8) ||
             !get_le(r, &h->clock_hz, 8))
        what = "the header's numbers";
    else if (!(h->board = get_str(r)) || !(h->board_source = get_str(r)) || !(h->firmware = get_str(r)) ||
             !(h->options = get_str(r)))
        what = "the header's strings";
    else if (v >= 2 && !get_run_fields(r, h))
        what = "the header's run fields (frame, limits, arguments)";
    else if (v >= 3 && !get_duty_fields(r, h))
        what = "the header's board and duty-cycle fields (clock, model, frames, fps, sets)";
    else if (!get_le(r, &n, 2) || !can_follow(r, n, 4))
        what = "the number of power components (each takes at least 4 bytes of what is left)";
    if (!what) {
        h->version = (unsigned)v;
        h->flags = (uint32_t)flags;
        h->comps = xcalloc(n, sizeof *h->comps);
        for (size_t c = 0; c < n && !what; c++) {
            uint64_t ns;
            h->ncomps = c + 1; /* what free_header has to look at */
            if (!(h->comps[c].name = get_str(r)) || !get_le(r, &ns, 2) || !can_follow(r, ns, 2) ||
                !(h->comps[c].states = xcalloc(ns, sizeof(char *)))) {
                what = "a power component";
                break;
            }
            h->comps[c].nstates = ns;
            for (size_t s = 0; s < ns; s++)
                if (!(h->comps[c].states[s] = get_str(r))) {
                    what = "a power state name";
                    break;
                }
        }
    }
    if (what) {
        snprintf(err, errlen, "%s: offset %llu: expected %s", path, (unsigned long long)r->off, what);
        fclose(r->f);
        free(r);
        free_header(h);
        return NULL;
    }
    r->path = xstrdup(path);
    r->cut_at = UINT64_MAX;
    if (!h->frame)
        h->frame = xstrdup("");
    if (!h->clock)
        h->clock = xstrdup("");
    if (!h->model)
        h->model = xstrdup("");
    if (!h->fps)
        h->fps = xstrdup("");
    return r;
}

bool trace_cut(const struct trace_reader *r, char *msg, size_t len)
{
    if (r->cut_at != UINT64_MAX)
        snprintf(msg, len, "%s: cut short at offset %llu inside a record (the run did not finish writing "
                 "it); read up to the last whole record", r->path, (unsigned long long)r->cut_at);
    else if (!r->seen_end)
        snprintf(msg, len, "%s: no end record after offset %llu (the run did not finish writing it); "
                 "read up to the last whole record", r->path, (unsigned long long)r->off);
    else
        return false;
    return true;
}

int trace_next(struct trace_reader *r, struct trace_record *rec, char *err, size_t errlen)
{
    uint64_t type, v = 0;
    memset(rec, 0, sizeof *rec);
    uint64_t at = r->off;
    if (!get_le(r, &type, 1))
        return 0;
    rec->type = (enum trace_rec_type)type;
    bool ok = true;
    switch (type) {
    case TR_INSN: {
        uint64_t pc = 0, op = 0, size = 0;
        ok = get_le(r, &pc, 4) && get_le(r, &op, 4) && get_le(r, &size, 1) && get_le(r, &rec->cycles, 8) &&
             get_le(r, &rec->t_ps, 8);
        rec->pc = (uint32_t)pc;
        rec->opcode = (uint32_t)op;
        rec->size = (uint8_t)size;
        break;
    }
    case TR_POWER: {
        uint64_t comp = 0, state = 0;
        ok = get_le(r, &rec->t_ps, 8) && get_le(r, &comp, 2) && get_le(r, &state, 2) && get_le(r, &v, 8) &&
             get_le(r, &rec->clock_hz, 8);
        rec->comp = (uint16_t)comp;
        rec->state = (uint16_t)state;
        memcpy(&rec->mw, &v, sizeof v);
        break;
    }
    case TR_PHASE: {
        ok = get_le(r, &rec->t_ps, 8);
        char *s = ok ? get_str(r) : NULL;
        ok = s != NULL;
        if (s)
            snprintf(rec->name, sizeof rec->name, "%s", s);
        free(s);
        break;
    }
    case TR_IRQ:
    case TR_LAYER:
    case TR_MARK:
    case TR_MACS:
        ok = get_le(r, &rec->t_ps, 8) && get_le(r, &v, 4);
        rec->a = (uint32_t)v;
        if (ok && type == TR_IRQ) {
            ok = get_le(r, &v, 1);
            rec->b = (uint32_t)v;
        }
        break;
    case TR_END: {
        uint64_t e = 0;
        ok = get_le(r, &rec->t_ps, 8) && get_le(r, &rec->cycles, 8) && get_le(r, &rec->insns, 8) &&
             get_le(r, &e, 4) && get_le(r, &v, 8);
        rec->exit_code = (int32_t)(uint32_t)e;
        memcpy(&rec->energy_pj, &v, sizeof v);
        break;
    }
    default:
        snprintf(err, errlen, "%s: offset %llu: unknown record type 0x%02x (expected 1-7 or 0x7f)", r->path,
                 (unsigned long long)at, (unsigned)type);
        return -1;
    }
    if (!ok) {
        /* the file ends inside a record: a cut, not damage (trace_cut) */
        if (feof(r->f) && !ferror(r->f)) {
            r->cut_at = at;
            return 0;
        }
        snprintf(err, errlen, "%s: offset %llu: record type %u: cannot read it", r->path,
                 (unsigned long long)at, (unsigned)type);
        return -1;
    }
    if (type == TR_END)
        r->seen_end = true;
    return 1;
}

void trace_close(struct trace_reader *r, struct trace_header *h)
{
    if (r) {
        fclose(r->f);
        free(r->path);
        free(r);
    }
    if (h)
        free_header(h);
}
