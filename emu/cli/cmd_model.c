/* `ttemu model`: inspect, convert and run int8 models on the host with the
 * same runtime the firmware and the accelerator devices use.
 *   info FILE [--json]
 *   convert IN -o OUT.ttm
 *   run FILE (--input [K=]IN.bin ... | --pattern S) [--output OUT.txt] [--dump-dir D]
 *            [--feed-dir D] [--repeat N]
 * FILE is a .tflite, a .ttm, or "tinytracker" (the built-in synthetic model). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "emu/cli/cli.h"
#include "emu/cli/numparse.h"
#include "emu/cli/opts.h"

#include "emu/json.h"
#include "models/runtime/tt_requant.h"
#include "models/runtime/ttm.h"
#include "models/runtime/ttm_stats.h"
#include "models/tflite/tflite.h"
#include "devices/edgetpu_report.h"

typedef struct {
    uint8_t *blob;
    uint32_t size;
    tt_model m;
} loaded;

/* Loads and validates; prints the one-line error itself. */
static int load(const char *path, loaded *L)
{
    char err[512];
    int rc = tt_load_any(path, &L->blob, &L->size, err, sizeof err);
    if (rc) {
        tt_error("%s", err);
        return rc;
    }
    tt_status st = { 0 };
    if (tt_model_open(&L->m, L->blob, L->size, &st)) {
        if (st.index >= 0)
            tt_error("%s: %s %d (offset 0x%x): expected %s", path, st.table, st.index, st.offset, st.what);
        else
            tt_error("%s: %s (offset 0x%x): expected %s", path, st.table, st.offset, st.what);
        free(L->blob);
        return TT_EXIT_BADINPUT;
    }
    return 0;
}

static void shape_str(const ttm_tensor_rec *t, char *buf, size_t n)
{
    size_t k = 0;
    buf[0] = 0;
    for (unsigned d = 0; d < t->ndim && k < n; d++)
        k += (size_t)snprintf(buf + k, n - k, d ? "x%d" : "%d", t->dims[d]);
    if (t->ndim == 0) snprintf(buf, n, "scalar");
}

/* ---- info ---- */

static void info_text(const char *path, const tt_model *m)
{
    const ttm_header *h = m->hdr;
    printf("model %s: %s%s\n", path, m->names + h->name_off,
           h->flags & TTM_F_SYNTHETIC ? " [synthetic weights: not for accuracy]" : "");
    printf("%4s  %-18s %-16s %-16s %10s %12s %12s\n", "idx", "op", "input", "output", "params", "MACs",
           "weight B");
    for (uint32_t k = 0; k < h->n_ops; k++) {
        char in[48], out[48];
        int32_t ti = tt_op_input(m, k, 0);
        if (ti >= 0) shape_str(&m->tensors[ti], in, sizeof in);
        else snprintf(in, sizeof in, "-");
        shape_str(&m->tensors[tt_op_output(m, k, 0)], out, sizeof out);
        tt_op_cost c;
        tt_op_stats(m, k, &c);
        printf("%4u  %-18s %-16s %-16s %10llu %12llu %12llu\n", m->ops[k].src_index,
               tt_op_name(m->ops[k].code), in, out, (unsigned long long)c.params,
               (unsigned long long)c.macs, (unsigned long long)c.weight_bytes);
    }
    tt_op_cost t;
    tt_model_stats(m, &t);
    printf("totals: %u ops, %llu params, %llu MACs, %llu weight bytes, peak activations %u bytes, "
           "planned arena %u bytes\n", h->n_ops, (unsigned long long)t.params, (unsigned long long)t.macs,
           (unsigned long long)t.weight_bytes, h->peak_live_bytes, h->arena_bytes);
}

static void json_shape(struct json *j, const char *key, const ttm_tensor_rec *t)
{
    json_arr(j, key);
    for (unsigned d = 0; d < t->ndim; d++)
        json_i64(j, NULL, t->dims[d]);
    json_close(j);
}

static void info_json(const char *path, const tt_model *m)
{
    const ttm_header *h = m->hdr;
    tt_op_cost t;
    tt_model_stats(m, &t);
    struct json j;
    json_begin(&j, stdout, false, 0);
    json_obj(&j, NULL);
    json_str(&j, "file", path);
    json_str(&j, "name", m->names + h->name_off);
    json_bool(&j, "synthetic", h->flags & TTM_F_SYNTHETIC);
    json_u64(&j, "ops", h->n_ops);
    json_u64(&j, "params", t.params);
    json_u64(&j, "macs", t.macs);
    json_u64(&j, "weight_bytes", t.weight_bytes);
    json_u64(&j, "peak_activation_bytes", h->peak_live_bytes);
    json_u64(&j, "arena_bytes", h->arena_bytes);
    json_arr(&j, "layers");
    for (uint32_t k = 0; k < h->n_ops; k++) {
        tt_op_cost c;
        tt_op_stats(m, k, &c);
        json_obj(&j, NULL);
        json_u64(&j, "index", m->ops[k].src_index);
        json_str(&j, "op", tt_op_name(m->ops[k].code));
        json_arr(&j, "inputs");
        for (unsigned n = 0; n < m->ops[k].n_in; n++) {
            int32_t ti = tt_op_input(m, k, n);
            if (ti >= 0 && m->tensors[ti].kind != TTM_K_CONST)
                json_shape(&j, NULL, &m->tensors[ti]);
        }
        json_close(&j);
        json_shape(&j, "output", &m->tensors[tt_op_output(m, k, 0)]);
        json_u64(&j, "params", c.params);
        json_u64(&j, "macs", c.macs);
        json_u64(&j, "weight_bytes", c.weight_bytes);
        json_close(&j);
    }
    json_end(&j);
}

static const struct tt_opt info_options[] = {
    { "json", 0, NULL, "one JSON object instead of the table", 'j' },
    { "edgetpu", 0, NULL, "also the Edge TPU/CPU split and each TPU layer's array mapping", 'e' },
};

static int info_take(void *ctx, int id, const char *v)
{
    (void)v;
    ((int *)ctx)[id == 'e'] = 1;
    return 0;
}

/* FILE, the one operand of a model subcommand; NULL after the message. */
static const char *one_file(const char *sub, int argc, char **argv, int first)
{
    if (argc - first == 1)
        return argv[first];
    if (argc == first)
        tt_error("model %s: missing FILE (try 'ttemu model %s --help')", sub, sub);
    else
        tt_error("model %s: more than one FILE ('%s')", sub, argv[first + 1]);
    return NULL;
}

static int cmd_info(int argc, char **argv)
{
    int flags[2] = { 0, 0 }; /* --json, --edgetpu */
    struct tt_cmd cmd = {
        .name = "model info",
        .usage = "ttemu model info FILE [--json] [--edgetpu]",
        .about = "Per-layer table (index, op, input and output shapes, params, MACs, weight bytes)\n"
                 "and totals, incl. peak live activation bytes and the planned arena size.",
        .opts = info_options, .nopts = sizeof info_options / sizeof info_options[0],
        .take = info_take, .ctx = flags,
    };
    int first, rc = tt_opts_parse(&cmd, argc, argv, &first);
    if (rc >= 0)
        return rc;
    const char *path = one_file("info", argc, argv, first);
    if (!path)
        return TT_EXIT_USAGE;
    int json = flags[0], edgetpu = flags[1];
    loaded L;
    rc = load(path, &L);
    if (rc) return rc;
    if (json) info_json(path, &L.m);
    else info_text(path, &L.m);
    char err[256];
    if (edgetpu && etpu_print_plan(&L.m, stdout, err, sizeof err)) {
        tt_error("model info: %s: %s", path, err);
        free(L.blob);
        return TT_EXIT_BADINPUT;
    }
    free(L.blob);
    return TT_EXIT_OK;
}

/* ---- convert ---- */

static const struct tt_opt convert_options[] = {
    { "output", 'o', "OUT.ttm", "the .ttm file to write (required)", 0 },
};

static int take_output(void *ctx, int id, const char *v)
{
    (void)id;
    *(const char **)ctx = v;
    return 0;
}

static int cmd_convert(int argc, char **argv)
{
    const char *out = NULL;
    struct tt_cmd cmd = {
        .name = "model convert",
        .usage = "ttemu model convert IN -o OUT.ttm",
        .about = "Converts a .tflite (or 'tinytracker') into the .ttm format the runtime uses in\n"
                 "place (docs/model-format.md).",
        .opts = convert_options, .nopts = 1,
        .take = take_output, .ctx = &out,
    };
    int first, prc = tt_opts_parse(&cmd, argc, argv, &first);
    if (prc >= 0)
        return prc;
    const char *in = one_file("convert", argc, argv, first);
    if (!in)
        return TT_EXIT_USAGE;
    if (!out) { tt_error("model convert: need -o OUT.ttm (try --help)"); return TT_EXIT_USAGE; }
    loaded L;
    int rc = load(in, &L);
    if (rc) return rc;
    FILE *f = fopen(out, "wb");
    if (!f || fwrite(L.blob, 1, L.size, f) != L.size || fclose(f)) {
        tt_error("%s: cannot write: %s", out, strerror(errno));
        free(L.blob);
        return TT_EXIT_NOINPUT;
    }
    printf("%s: %u bytes, %u ops, %u tensors, arena %u bytes\n", out, L.size, L.m.hdr->n_ops,
           L.m.hdr->n_tensors, L.m.hdr->arena_bytes);
    free(L.blob);
    return TT_EXIT_OK;
}

/* ---- run ---- */

/* Shortest %g form that reads back as the same float, like the oracle's. */
static void print_float(FILE *f, float v)
{
    char buf[32];
    for (int p = 1; p <= 9; p++) {
        snprintf(buf, sizeof buf, "%.*g", p, (double)v);
        if (strtof(buf, NULL) == v) break;
    }
    fprintf(f, "%s\n", buf);
}

static int write_tensor(const char *file, const tt_model *m, uint8_t *arena, int32_t t)
{
    FILE *f = fopen(file, "w");
    if (!f) { tt_error("%s: cannot write: %s", file, strerror(errno)); return -1; }
    const ttm_tensor_rec *r = &m->tensors[t];
    const uint8_t *p = tt_tensor_ptr(m, arena, t);
    for (uint32_t i = 0, n = tt_tensor_elems(r); i < n; i++) {
        switch (r->type) {
        case TTM_T_INT8: fprintf(f, "%d\n", ((const int8_t *)p)[i]); break;
        case TTM_T_UINT8: fprintf(f, "%u\n", p[i]); break;
        case TTM_T_INT16: { int16_t v; memcpy(&v, p + 2 * i, 2); fprintf(f, "%d\n", v); break; }
        case TTM_T_INT32: { int32_t v; memcpy(&v, p + 4 * i, 4); fprintf(f, "%d\n", v); break; }
        case TTM_T_INT64: { long long v; memcpy(&v, p + 8 * i, 8); fprintf(f, "%lld\n", v); break; }
        case TTM_T_FLOAT32: { float v; memcpy(&v, p + 4 * i, 4); print_float(f, v); break; }
        default: break;
        }
    }
    if (fclose(f)) { tt_error("%s: write error", file); return -1; }
    return 0;
}

/* Reads one value per line into tensor t (the format write_tensor makes). */
static int read_tensor(const char *file, const tt_model *m, uint8_t *arena, int32_t t)
{
    FILE *f = fopen(file, "r");
    if (!f) return 1; /* absent: keep our own value */
    const ttm_tensor_rec *r = &m->tensors[t];
    uint8_t *p = tt_tensor_ptr(m, arena, t);
    uint32_t n = tt_tensor_elems(r), i = 0;
    char line[64];
    int bad = 0;
    for (; i < n && fgets(line, sizeof line, f); i++) {
        char *end;
        if (r->type == TTM_T_FLOAT32) {
            float v = strtof(line, &end);
            memcpy(p + 4 * i, &v, 4);
        } else {
            long v = strtol(line, &end, 10);
            if (r->type == TTM_T_INT8) { if (v < -128 || v > 127) bad = 1; ((int8_t *)p)[i] = (int8_t)v; }
            else if (r->type == TTM_T_INT32) { int32_t x = (int32_t)v; memcpy(p + 4 * i, &x, 4); }
            else bad = 1;
        }
        if (end == line) bad = 1;
        if (bad) break;
    }
    fclose(f);
    if (bad || i != n) {
        tt_error("%s: line %u: expected %u %s values, one per line", file, i + 1, n, tt_type_name(r->type));
        return -1;
    }
    return 0;
}

typedef struct {
    const char *dump_dir, *feed_dir;
} run_opts;

static int hook_before(void *user, const tt_model *m, uint8_t *arena, uint32_t k)
{
    const run_opts *o = user;
    if (!o->feed_dir) return 0;
    for (unsigned j = 0; j < m->ops[k].n_in; j++) {
        int32_t t = tt_op_input(m, k, j);
        if (t < 0 || m->tensors[t].kind != TTM_K_ARENA) continue;
        char file[4096];
        snprintf(file, sizeof file, "%s/t%04d.txt", o->feed_dir, t);
        if (read_tensor(file, m, arena, t) < 0) return 1;
    }
    return 0;
}

static int hook_after(void *user, const tt_model *m, uint8_t *arena, uint32_t k)
{
    const run_opts *o = user;
    if (!o->dump_dir) return 0;
    for (unsigned j = 0; j < m->ops[k].n_out; j++) {
        char file[4096];
        int32_t t = tt_op_output(m, k, j);
        snprintf(file, sizeof file, "%s/t%04d.txt", o->dump_dir, t);
        if (write_tensor(file, m, arena, t)) return 1;
    }
    return 0;
}

/* The oracle's --pattern: xorshift32 bytes, seeded (S+i) or a constant. */
static void pattern_bytes(uint32_t seed, uint8_t *p, uint32_t n)
{
    uint32_t x = seed ? seed : 0x9e3779b9u;
    for (uint32_t i = 0; i < n; i++) {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        p[i] = (uint8_t)(x >> 24);
    }
}

static int load_input(const char *path, uint8_t *dst, uint32_t want)
{
    FILE *f = fopen(path, "rb");
    if (!f) { tt_error("%s: cannot open: %s", path, strerror(errno)); return TT_EXIT_NOINPUT; }
    size_t n = fread(dst, 1, want, f);
    int extra = fgetc(f) != EOF;
    fclose(f);
    if (n != want || extra) {
        tt_error("%s: %s (expected exactly %u bytes: the raw input tensor)", path,
                 n != want ? "too short" : "too long", want);
        return TT_EXIT_BADINPUT;
    }
    return 0;
}

#define RUN_MAX_INPUTS 8

/* --input [K=]FILE: a leading decimal K and '=' select the input. */
static int parse_input(const char *a, const char **inputs, int *given)
{
    int k = 0;
    const char *file = a;
    const char *eq = strchr(a, '=');
    if (eq && eq > a && strspn(a, "0123456789") == (size_t)(eq - a)) {
        k = atoi(a);
        file = eq + 1;
        if (k >= RUN_MAX_INPUTS || !*file) {
            tt_error("model run: --input '%s': expected K=FILE with K in 0..%d", a, RUN_MAX_INPUTS - 1);
            return -1;
        }
    }
    if (inputs[k]) { tt_error("model run: --input %d given twice", k); return -1; }
    inputs[k] = file;
    (*given)++;
    return 0;
}

enum { MR_INPUT, MR_PATTERN, MR_OUTPUT, MR_DUMP_DIR, MR_FEED_DIR, MR_REPEAT };

static const struct tt_opt model_run_options[] = {
    { "input", 0, "[K=]IN.bin", "raw bytes of input K, native dtype, NHWC; one per model input\n"
      "(--input IN.bin is input 0 of a one-input model)", MR_INPUT },
    { "pattern", 0, "S", "generate every input like the oracle's --pattern S (input K:\nseed S+K)", MR_PATTERN },
    { "output", 0, "OUT", "output 0, one value per line (default: stdout)", MR_OUTPUT },
    { "dump-dir", 0, "D", "write every operator output to D/tNNNN.txt (NNNN = tensor index)", MR_DUMP_DIR },
    { "feed-dir", 0, "D", "before each op, load its activation inputs from D/tNNNN.txt when\n"
      "present, so each op is checked in isolation against a reference", MR_FEED_DIR },
    { "repeat", 0, "N", "run N times and report inferences/second on stderr", MR_REPEAT },
};

struct model_run_args {
    const char **inputs, *output;
    long pattern, repeat;
    int given;
    run_opts *o;
};

static int model_run_take(void *ctx, int id, const char *v)
{
    struct model_run_args *a = ctx;
    uint64_t n;
    switch (id) {
    case MR_INPUT: return parse_input(v, a->inputs, &a->given) ? 1 : 0;
    case MR_OUTPUT: a->output = v; return 0;
    case MR_DUMP_DIR: a->o->dump_dir = v; return 0;
    case MR_FEED_DIR: a->o->feed_dir = v; return 0;
    default: {
        int is_pat = id == MR_PATTERN;
        if (!tt_parse_u64(v, is_pat ? UINT32_MAX : INT32_MAX, &n) || (!is_pat && n < 1)) {
            tt_error("model run: --%s '%s': expected a whole number %s", is_pat ? "pattern" : "repeat", v,
                     is_pat ? "0..4294967295" : "1..2147483647");
            return 1;
        }
        *(is_pat ? &a->pattern : &a->repeat) = (long)n;
        return 0;
    }
    }
}

/* 0 to go on, else the exit status. */
static int parse_run(int argc, char **argv, const char **path, struct model_run_args *a)
{
    struct tt_cmd cmd = {
        .name = "model run",
        .usage = "ttemu model run FILE (--input [K=]IN.bin ... | --pattern S) [options]",
        .about = "Runs the model on the host (the reference for firmware and devices).",
        .opts = model_run_options, .nopts = sizeof model_run_options / sizeof model_run_options[0],
        .take = model_run_take, .ctx = a,
    };
    int first, rc = tt_opts_parse(&cmd, argc, argv, &first);
    if (rc >= 0)
        return rc ? rc : -2;
    if (!(*path = one_file("run", argc, argv, first)))
        return TT_EXIT_USAGE;
    if ((!a->given) == (a->pattern < 0)) {
        tt_error("model run: need FILE and exactly one of --input or --pattern (try --help)");
        return TT_EXIT_USAGE;
    }
    return 0;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Fills every model input from its --input file or from the pattern
 * (input K with seed S+K, as the oracle does); refuses missing inputs. */
static int fill_inputs(const char *path, const tt_model *m, uint8_t *arena, const char **inputs, long pattern)
{
    uint32_t n = m->hdr->n_inputs;
    for (uint32_t k = n; k < RUN_MAX_INPUTS; k++)
        if (inputs[k]) {
            tt_error("model run: --input %u given but %s has %u input%s", k, path, n, n == 1 ? "" : "s");
            return TT_EXIT_USAGE;
        }
    for (uint32_t k = 0; k < n; k++) {
        int32_t t = m->ints[m->hdr->inputs_at + k];
        uint8_t *dst = tt_tensor_ptr(m, arena, t);
        if (pattern >= 0) { pattern_bytes((uint32_t)(pattern + (long)k), dst, m->tensors[t].bytes); continue; }
        if (k >= RUN_MAX_INPUTS || !inputs[k]) {
            tt_error("model run: %s has %u inputs; missing --input %u=FILE (%u bytes, %s)", path, n, k,
                     m->tensors[t].bytes, tt_type_name(m->tensors[t].type));
            return TT_EXIT_USAGE;
        }
        int rc = load_input(inputs[k], dst, m->tensors[t].bytes);
        if (rc) return rc;
    }
    return 0;
}

static int execute(const char *path, loaded *L, const char **inputs, long pattern, long repeat,
                   const char *output, run_opts *o)
{
    const tt_model *m = &L->m;
    uint8_t *arena = aligned_alloc(16, (m->hdr->arena_bytes + 15u) & ~15u);
    if (!arena) tt_out_of_memory("the model's arena");
    memset(arena, 0, m->hdr->arena_bytes);
    int32_t tout = m->ints[m->hdr->outputs_at];
    int rc = fill_inputs(path, m, arena, inputs, pattern);
    if (o->dump_dir && !rc && mkdir(o->dump_dir, 0777) && errno != EEXIST) {
        tt_error("%s: cannot create: %s", o->dump_dir, strerror(errno));
        rc = TT_EXIT_NOINPUT;
    }
    tt_hooks hooks = { hook_before, hook_after, o };
    tt_status st = { 0 };
    double t0 = now_s();
    clock_t c0 = clock();
    for (long r = 0; r < repeat && !rc; r++)
        if (tt_invoke(m, arena, m->hdr->arena_bytes, &hooks, &st)) {
            if (st.what) tt_error("%s: %s %d: expected %s", path, st.table, st.index, st.what);
            rc = TT_EXIT_BADINPUT;
        }
    double dt = now_s() - t0, cpu = (double)(clock() - c0) / CLOCKS_PER_SEC;
    /* CPU time is the figure that survives a busy machine; wall beside it. */
    if (!rc && repeat > 1)
        fprintf(stderr, "model run: %ld inferences in %.3f s wall, %.3f s CPU: %.1f inferences/s\n", repeat, dt,
                cpu, (double)repeat / (cpu > 0 ? cpu : dt));
    if (!rc && tt_requant_build_mode() == 2) {
        const tt_requant_stats *a = &tt_requant_audit_stats;
        fprintf(stderr, "requant-audit: calls=%llu differ=%llu differ_tie=%llu differ_other=%llu max_abs_diff=%u\n",
                (unsigned long long)a->calls, (unsigned long long)a->differ, (unsigned long long)a->differ_tie,
                (unsigned long long)a->differ_other, a->max_abs_diff);
    }
    if (!rc) {
        if (output) rc = write_tensor(output, m, arena, tout) ? TT_EXIT_NOINPUT : 0;
        else rc = write_tensor("/dev/stdout", m, arena, tout) ? TT_EXIT_NOINPUT : 0;
    }
    free(arena);
    return rc;
}

static int cmd_run_model(int argc, char **argv)
{
    const char *path = NULL, *inputs[RUN_MAX_INPUTS] = { 0 };
    run_opts o = { 0 };
    struct model_run_args a = { .inputs = inputs, .pattern = -1, .repeat = 1, .o = &o };
    int p = parse_run(argc, argv, &path, &a);
    if (p == -2) return TT_EXIT_OK;
    if (p) return p;
    loaded L;
    int rc = load(path, &L);
    if (rc) return rc;
    rc = execute(path, &L, inputs, a.pattern, a.repeat, a.output, &o);
    free(L.blob);
    return rc;
}

int cmd_model(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "info")) return cmd_info(argc - 1, argv + 1);
    if (argc >= 2 && !strcmp(argv[1], "convert")) return cmd_convert(argc - 1, argv + 1);
    if (argc >= 2 && !strcmp(argv[1], "run")) return cmd_run_model(argc - 1, argv + 1);
    static const struct tt_cmd cmd = {
        .name = "model",
        .usage = "ttemu model info FILE [--json] [--edgetpu]\n"
                 "       ttemu model convert IN.tflite -o OUT.ttm\n"
                 "       ttemu model run FILE (--input [K=]IN.bin ... | --pattern S) [--output OUT.txt]\n"
                 "                       [--dump-dir D] [--feed-dir D] [--repeat N]",
        .about = "FILE is a .tflite, a .ttm (told apart by content) or 'tinytracker', the built-in\n"
                 "TinyTracker graph at 112x112x5 with synthetic weights. 'ttemu model SUB --help'\n"
                 "describes each subcommand; docs/model.md and docs/model-format.md have the rest.",
        .take = tt_opts_none,
    };
    int first, rc = tt_opts_parse(&cmd, argc, argv, &first);
    if (rc >= 0)
        return rc;
    if (first < argc)
        tt_error("model: unknown subcommand '%s' (try 'ttemu model --help')", argv[first]);
    else
        tt_error("model: expected info, convert or run (try 'ttemu model --help')");
    return TT_EXIT_USAGE;
}
