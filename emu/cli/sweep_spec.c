/* Reading a sweep file (docs/sweep.md) with libyaml's document API, and
 * expanding its axes into jobs. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "emu/board/board.h"
#include "emu/board_override.h"
#include "emu/cli/run_duty.h"
#include "emu/cli/sweep.h"

/* The axes a sweep knows, each mapped to what it changes in a run
 * (sweep_job_options), and set.DEVICE.PARAM. */
static const char *const known_axes[] = { "board", "model", "kernels", "clock", "tpu_clock", "frames", "fps", NULL };
#define AXIS_NAMES "board, model, kernels, clock, tpu_clock, frames, fps or set.DEVICE.PARAM"

struct spec_reader {
    const char *path;
    const yaml_node_t *exclude;   /* read once the axes are known */
    yaml_document_t doc;
    char *err;
    size_t errlen;
};

static int fail_at(struct spec_reader *r, const yaml_node_t *n, const char *fmt, ...)
{
    char what[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    snprintf(r->err, r->errlen, "%s:%zu:%zu: expected %s", r->path, n ? n->start_mark.line + 1 : 1,
             n ? n->start_mark.column + 1 : 1, what);
    return -1;
}

static char *xstrdup(const char *s)
{
    char *d = strdup(s);
    if (!d) {
        fprintf(stderr, "ttemu: out of memory\n");
        exit(70);
    }
    return d;
}

static const char *scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static int read_scalar(struct spec_reader *r, const yaml_node_t *n, const char *key, char **out)
{
    const char *v = scalar(n);
    if (!v || !*v)
        return fail_at(r, n, "'%s' to be a non-empty string", key);
    if (*out) /* a key given twice (found by fuzz_sweep: the first value leaked) */
        return fail_at(r, n, "'%s' once, not twice", key);
    *out = xstrdup(v);
    return 0;
}

static int read_list(struct spec_reader *r, const yaml_node_t *n, const char *what, char **out,
                     struct sweep_loc *loc, size_t max, size_t *count)
{
    if (!n || n->type != YAML_SEQUENCE_NODE)
        return fail_at(r, n, "%s to be a list", what);
    *count = 0;
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
        yaml_node_t *v = yaml_document_get_node(&r->doc, *it);
        if (!scalar(v) || !*scalar(v))
            return fail_at(r, v, "each entry of %s to be a non-empty string", what);
        if (*count == max)
            return fail_at(r, v, "at most %zu entries in %s", max, what);
        if (loc)
            loc[*count] = (struct sweep_loc){ (unsigned)v->start_mark.line + 1, (unsigned)v->start_mark.column + 1 };
        out[(*count)++] = xstrdup(scalar(v));
    }
    if (!*count)
        return fail_at(r, n, "%s to have at least one entry", what);
    return 0;
}

static bool axis_known(const char *name)
{
    for (const char *const *a = known_axes; *a; a++)
        if (!strcmp(*a, name))
            return true;
    /* set.DEVICE.PARAM: checked against each board when the jobs are */
    const char *dot = !strncmp(name, "set.", 4) ? strchr(name + 4, '.') : NULL;
    return dot && dot > name + 4 && dot[1];
}

/* Values an axis can check without a board. A value given twice would
 * run the same jobs twice (and load a board once per copy: fuzz_sweep's
 * inputs of 60 repeated boards made each reading 30 times slower). */
static int check_values(struct spec_reader *r, const struct sweep_axis *ax, const yaml_node_t *v)
{
    for (size_t k = 0; k < ax->nvalues; k++) {
        const char *x = ax->values[k];
        const yaml_node_t *at = yaml_document_get_node(&r->doc, v->data.sequence.items.start[k]);
        for (size_t m = 0; m < k; m++)
            if (!strcmp(ax->values[m], x))
                return fail_at(r, at, "each value of axis '%s' once ('%s' is also at %u:%u)", ax->name, x,
                               ax->loc[m].line, ax->loc[m].col);
        if (!strcmp(ax->name, "kernels") && strcmp(x, "opt") && strcmp(x, "ref"))
            return fail_at(r, at, "kernels to be opt or ref (not '%s')", x);
        if ((!strcmp(ax->name, "frames") || !strcmp(ax->name, "fps")) && !run_duty_value_ok(ax->name, x))
            return fail_at(r, at, "%s", !strcmp(ax->name, "frames")
                                            ? "frames to be a whole number, 1 to 1000000"
                                            : "fps to be frames a second above 0, at most three decimals");
    }
    return 0;
}

static int read_axes(struct spec_reader *r, struct sweep_spec *s, const yaml_node_t *n)
{
    if (!n || n->type != YAML_MAPPING_NODE)
        return fail_at(r, n, "'axes' to be a mapping of axis name to a list of values");
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(&r->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(&r->doc, p->value);
        const char *name = scalar(k);
        if (name && !strcmp(name, "clocks"))
            name = "clock";
        if (!name || !axis_known(name))
            return fail_at(r, k, "an axis: " AXIS_NAMES " (not '%s')", name ? name : "?");
        for (size_t a = 0; a < s->naxes; a++)
            if (!strcmp(s->axes[a].name, name))
                return fail_at(r, k, "each axis once ('%s' repeats)", name);
        if (s->naxes == SWEEP_MAX_AXES)
            return fail_at(r, k, "at most %d axes", SWEEP_MAX_AXES);
        struct sweep_axis *ax = &s->axes[s->naxes++];
        ax->name = xstrdup(name);
        char what[64];
        snprintf(what, sizeof what, "axis '%s'", name);
        if (read_list(r, v, what, ax->values, ax->loc, SWEEP_MAX_VALUES, &ax->nvalues) ||
            check_values(r, ax, v))
            return -1;
    }
    if (!s->naxes)
        return fail_at(r, n, "at least one axis");
    return 0;
}

static int read_top(struct spec_reader *r, struct sweep_spec *s, const yaml_node_t *root)
{
    if (!root || root->type != YAML_MAPPING_NODE)
        return fail_at(r, root, "a mapping with name, firmware and axes");
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(&r->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(&r->doc, p->value);
        const char *key = scalar(k);
        int rc;
        if (!key)
            rc = fail_at(r, k, "a key");
        else if (!strcmp(key, "name"))
            rc = read_scalar(r, v, key, &s->name);
        else if (!strcmp(key, "firmware"))
            rc = read_scalar(r, v, key, &s->firmware);
        else if (!strcmp(key, "out"))
            rc = read_scalar(r, v, key, &s->out_dir);
        else if (!strcmp(key, "axes"))
            rc = read_axes(r, s, v);
        else if (!strcmp(key, "options") && s->nopts) /* found by fuzz_sweep: the first list leaked */
            rc = fail_at(r, k, "'options' once, not twice");
        else if (!strcmp(key, "options"))
            rc = read_list(r, v, "'options'", s->opts, NULL, SWEEP_MAX_OPTS, &s->nopts);
        else if (!strcmp(key, "exclude"))
            rc = r->exclude ? fail_at(r, k, "'exclude' once, not twice") : (r->exclude = v, 0);
        else
            rc = fail_at(r, k, "one of name, firmware, out, axes, options, exclude (not '%s')", key);
        if (rc)
            return rc;
    }
    if (!s->name)
        return fail_at(r, root, "a 'name'");
    if (!s->firmware)
        return fail_at(r, root, "a 'firmware' path (it may use {board} and {kernels})");
    if (!s->naxes)
        return fail_at(r, root, "'axes'");
    for (const char *c = s->name; *c; c++)
        if (!(*c == '-' || *c == '_' || *c == '.' || (*c >= '0' && *c <= '9') ||
              (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z')))
            return fail_at(r, root, "a name of letters, digits, '-', '_' and '.' ('%s')", s->name);
    return 0;
}

static int fail_loc(struct spec_reader *r, struct sweep_loc at, const char *fmt, ...)
{
    char what[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    snprintf(r->err, r->errlen, "%s:%u:%u: expected %s", r->path, at.line, at.col, what);
    return -1;
}

static int axis_index(const struct sweep_spec *s, const char *name)
{
    for (size_t a = 0; a < s->naxes; a++)
        if (!strcmp(s->axes[a].name, name))
            return (int)a;
    return -1;
}

/* One exclude entry: {axis: value} or {axis: [values]}. */
static int read_exclude_entry(struct spec_reader *r, struct sweep_spec *s, const yaml_node_t *n)
{
    if (!n || n->type != YAML_MAPPING_NODE)
        return fail_at(r, n, "each 'exclude' entry to be a mapping of axis to value(s), {board: imx500, clock: L1}");
    struct sweep_exclude *x = &s->exclude[s->nexclude++];
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(&r->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(&r->doc, p->value);
        const char *name = scalar(k);
        int a = name ? axis_index(s, !strcmp(name, "clocks") ? "clock" : name) : -1;
        if (a < 0)
            return fail_at(r, k, "an axis of this sweep in 'exclude' (not '%s')", name ? name : "?");
        char *vals[SWEEP_MAX_VALUES];
        size_t nv = 0;
        if (scalar(v)) {
            vals[nv++] = xstrdup(scalar(v));
        } else if (read_list(r, v, "an 'exclude' axis", vals, NULL, SWEEP_MAX_VALUES, &nv)) {
            /* the entries read before the bad one (found by fuzz_sweep: they leaked) */
            for (size_t j = 0; j < nv; j++)
                free(vals[j]);
            return -1;
        }
        x->axis[x->naxes] = (size_t)a;
        x->picks[x->naxes] = 0;
        int rc = 0;
        for (size_t j = 0; j < nv; j++) {
            size_t i = 0;
            while (i < s->axes[a].nvalues && strcmp(s->axes[a].values[i], vals[j]))
                i++;
            if (i == s->axes[a].nvalues) {
                if (!rc)
                    rc = fail_at(r, v, "a value of axis '%s' (not '%s')", s->axes[a].name, vals[j]);
            } else {
                x->picks[x->naxes] |= 1ull << i;
            }
            free(vals[j]);
        }
        if (rc)
            return rc;
        x->naxes++;
    }
    return 0;
}

static int read_exclude(struct spec_reader *r, struct sweep_spec *s)
{
    const yaml_node_t *n = r->exclude;
    if (!n)
        return 0;
    if (n->type != YAML_SEQUENCE_NODE)
        return fail_at(r, n, "'exclude' to be a list of {axis: value(s)} mappings");
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
        yaml_node_t *e = yaml_document_get_node(&r->doc, *it);
        if (s->nexclude == SWEEP_MAX_EXCLUDE)
            return fail_at(r, e, "at most %d 'exclude' entries", SWEEP_MAX_EXCLUDE);
        if (read_exclude_entry(r, s, e))
            return -1;
    }
    return 0;
}

/* The full cross product's job k (0-based) as a pick of each axis. */
static void decode(const struct sweep_spec *s, size_t k, struct sweep_job *j)
{
    for (size_t a = s->naxes; a-- > 0;) {
        j->pick[a] = k % s->axes[a].nvalues;
        k /= s->axes[a].nvalues;
    }
}

static bool excluded(const struct sweep_spec *s, const struct sweep_job *j)
{
    for (size_t e = 0; e < s->nexclude; e++) {
        const struct sweep_exclude *x = &s->exclude[e];
        size_t m = 0;
        while (m < x->naxes && (x->picks[m] >> j->pick[x->axis[m]] & 1))
            m++;
        if (x->naxes && m == x->naxes)
            return true;
    }
    return false;
}

static int build_jobs(struct spec_reader *r, struct sweep_spec *s)
{
    size_t full = 1;
    for (size_t a = 0; a < s->naxes; a++) {
        full *= s->axes[a].nvalues;
        if (full > SWEEP_MAX_JOBS)
            return fail_loc(r, s->axes[a].loc[0], "at most %d jobs in the cross product", SWEEP_MAX_JOBS);
    }
    s->jobs = malloc(full * sizeof *s->jobs);
    if (!s->jobs)
        return fail_loc(r, (struct sweep_loc){ 1, 1 }, "memory for %zu jobs", full);
    for (size_t k = 0; k < full; k++) {
        struct sweep_job j;
        decode(s, k, &j);
        if (!excluded(s, &j))
            s->jobs[s->njobs++] = (uint32_t)k;
    }
    if (!s->njobs)
        return fail_loc(r, (struct sweep_loc){ 1, 1 }, "at least one job ('exclude' leaves none)");
    return 0;
}

/* The board edit axis a makes with value v ("--clock" or "--set"), or NULL. */
static const char *edit_of(const struct sweep_axis *ax, const char *v, char *buf, size_t n)
{
    if (!strcmp(ax->name, "clock"))
        return v;
    if (!strcmp(ax->name, "tpu_clock"))
        snprintf(buf, n, "tpu.clock_hz=%s", v);
    else if (!strncmp(ax->name, "set.", 4))
        snprintf(buf, n, "%s=%s", ax->name + 4, v);
    else
        return NULL;
    return buf;
}

/* Applies value v of edit axis a to board b (loaded from board). */
static int check_edit(struct spec_reader *r, const struct sweep_axis *ax, size_t v, struct board_desc *b,
                      const char *board)
{
    char buf[256], err[512];
    const char *edit = edit_of(ax, ax->values[v], buf, sizeof buf);
    struct board_overrides ov = { 0 };
    if (!edit)
        return 0;
    if (!strcmp(ax->name, "clock"))
        ov.clock = edit;
    else
        ov.sets[ov.nsets++] = edit;
    if (board_override_apply(b, &ov, err, sizeof err))
        return fail_loc(r, ax->loc[v], "a value board %s takes (%s); 'exclude' the combinations that do "
                        "not apply", board, err);
    return 0;
}

/* Every board value a job uses loads, and every clock and board parameter
 * a job gives its board is one that board takes (the checks `ttemu run`
 * makes at machine_init). Checked once per (board, axis, value) that some
 * job uses, so the cost does not grow with the cross product. */
static int check_boards(struct spec_reader *r, struct sweep_spec *s)
{
    int ab = axis_index(s, "board");
    size_t nb = ab >= 0 ? s->axes[ab].nvalues : 1;
    uint64_t (*used)[SWEEP_MAX_AXES] = calloc(nb, sizeof *used);
    bool *board_used = calloc(nb, sizeof *board_used);
    if (!used || !board_used) {
        free(used);
        free(board_used);
        return fail_loc(r, (struct sweep_loc){ 1, 1 }, "memory to check the boards");
    }
    for (size_t id = 1; id <= s->njobs; id++) {
        struct sweep_job j = { 0 };
        sweep_job_at(s, id, &j);
        size_t b = ab >= 0 ? j.pick[ab] : 0;
        board_used[b] = true;
        for (size_t a = 0; a < s->naxes; a++)
            used[b][a] |= 1ull << j.pick[a];
    }
    int rc = 0;
    char err[512];
    for (size_t b = 0; b < nb && !rc; b++) {
        const char *board = ab >= 0 ? s->axes[ab].values[b] : "mps2-an386";
        struct board_desc desc;
        if (!board_used[b])
            continue;
        if (board_load(board, &desc, err, sizeof err))
            rc = ab < 0 ? fail_loc(r, (struct sweep_loc){ 1, 1 }, "a board (%s)", err)
                        : fail_loc(r, s->axes[ab].loc[b], "a board ttemu can load (%s)", err);
        for (size_t a = 0; a < s->naxes && !rc; a++)
            for (size_t v = 0; v < s->axes[a].nvalues && !rc; v++)
                if (used[b][a] >> v & 1)
                    rc = check_edit(r, &s->axes[a], v, &desc, board);
        board_free(&desc);
    }
    free(used);
    free(board_used);
    return rc;
}

int sweep_spec_read(struct sweep_spec *s, const char *path, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    s->path = xstrdup(path);
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open", path);
        return SWEEP_CANNOT_OPEN;
    }
    struct spec_reader r = { .path = path, .err = err, .errlen = errlen };
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_file(&parser, f);
    int rc = 0;
    if (!yaml_parser_load(&parser, &r.doc)) {
        snprintf(err, errlen, "%s:%zu:%zu: expected YAML: %s", path, parser.problem_mark.line + 1,
                 parser.problem_mark.column + 1, parser.problem ? parser.problem : "a parse error");
        rc = -1;
    } else {
        rc = read_top(&r, s, yaml_document_get_root_node(&r.doc));
        if (!rc)
            rc = read_exclude(&r, s);
        if (!rc)
            rc = build_jobs(&r, s);
        if (!rc)
            rc = check_boards(&r, s);
        yaml_document_delete(&r.doc);
    }
    yaml_parser_delete(&parser);
    fclose(f);
    if (!rc && !s->out_dir) {
        size_t n = strlen(s->name) + 16;
        s->out_dir = malloc(n);
        snprintf(s->out_dir, n, "build/sweep/%s", s->name);
    }
    return rc;
}

void sweep_spec_free(struct sweep_spec *s)
{
    free(s->path);
    free(s->name);
    free(s->firmware);
    free(s->out_dir);
    for (size_t a = 0; a < s->naxes; a++) {
        free(s->axes[a].name);
        for (size_t v = 0; v < s->axes[a].nvalues; v++)
            free(s->axes[a].values[v]);
    }
    for (size_t k = 0; k < s->nopts; k++)
        free(s->opts[k]);
    free(s->jobs);
    memset(s, 0, sizeof *s);
}

size_t sweep_job_count(const struct sweep_spec *s)
{
    return s->njobs;
}

void sweep_job_at(const struct sweep_spec *s, size_t id, struct sweep_job *j)
{
    decode(s, s->jobs[id - 1], j);
    j->id = id;
}

const char *sweep_value(const struct sweep_spec *s, const struct sweep_job *j, const char *name,
                        const char *def)
{
    for (size_t a = 0; a < s->naxes; a++)
        if (!strcmp(s->axes[a].name, name))
            return s->axes[a].values[j->pick[a]];
    return def;
}
