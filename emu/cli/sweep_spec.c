/* Reading a sweep file (docs/sweep.md) with libyaml's document API, and
 * expanding its axes into jobs. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "emu/cli/sweep.h"

/* The axes a sweep knows, each mapped to what it changes in a run. */
static const char *const known_axes[] = { "board", "model", "kernels", NULL };

struct spec_reader {
    const char *path;
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
                     size_t max, size_t *count)
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
    return false;
}

static int read_axes(struct spec_reader *r, struct sweep_spec *s, const yaml_node_t *n)
{
    if (!n || n->type != YAML_MAPPING_NODE)
        return fail_at(r, n, "'axes' to be a mapping of axis name to a list of values");
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(&r->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(&r->doc, p->value);
        const char *name = scalar(k);
        if (!name || !axis_known(name))
            return fail_at(r, k, "an axis: board, model or kernels (not '%s')", name ? name : "?");
        for (size_t a = 0; a < s->naxes; a++)
            if (!strcmp(s->axes[a].name, name))
                return fail_at(r, k, "each axis once ('%s' repeats)", name);
        if (s->naxes == SWEEP_MAX_AXES)
            return fail_at(r, k, "at most %d axes", SWEEP_MAX_AXES);
        struct sweep_axis *ax = &s->axes[s->naxes++];
        ax->name = xstrdup(name);
        char what[64];
        snprintf(what, sizeof what, "axis '%s'", name);
        if (read_list(r, v, what, ax->values, SWEEP_MAX_VALUES, &ax->nvalues))
            return -1;
        if (!strcmp(name, "kernels"))
            for (size_t k2 = 0; k2 < ax->nvalues; k2++)
                if (strcmp(ax->values[k2], "opt") && strcmp(ax->values[k2], "ref"))
                    return fail_at(r, v, "kernels to be opt or ref (not '%s')", ax->values[k2]);
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
            rc = read_list(r, v, "'options'", s->opts, SWEEP_MAX_OPTS, &s->nopts);
        else
            rc = fail_at(r, k, "one of name, firmware, out, axes, options (not '%s')", key);
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
    memset(s, 0, sizeof *s);
}

size_t sweep_job_count(const struct sweep_spec *s)
{
    size_t n = 1;
    for (size_t a = 0; a < s->naxes; a++)
        n *= s->axes[a].nvalues;
    return n;
}

void sweep_job_at(const struct sweep_spec *s, size_t id, struct sweep_job *j)
{
    j->id = id;
    size_t rest = id - 1;
    for (size_t a = s->naxes; a-- > 0;) {
        j->pick[a] = rest % s->axes[a].nvalues;
        rest /= s->axes[a].nvalues;
    }
}

const char *sweep_value(const struct sweep_spec *s, const struct sweep_job *j, const char *name,
                        const char *def)
{
    for (size_t a = 0; a < s->naxes; a++)
        if (!strcmp(s->axes[a].name, name))
            return s->axes[a].values[j->pick[a]];
    return def;
}
