/* The one option parser of every command (opts.h), on getopt_long. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "emu/cli/cli.h"
#include "emu/cli/opts.h"

#define MAX_OPTS 62           /* per command; a table beyond it is a build bug */
#define VAL_LONG_ONLY 256     /* getopt's val for the long-only option k is 256 + k */
#define ID_HELP (-1)
#define ID_VERSION (-2)
#define HELP_COLUMN 26

static const struct tt_opt builtin[] = {
    { "help", 'h', NULL, "this text", ID_HELP },
    { "version", 'V', NULL, "print ttemu's version and git description", ID_VERSION },
};
#define NBUILTIN (sizeof builtin / sizeof builtin[0])

/* Option k of the command's table followed by the built-in ones. */
static const struct tt_opt *opt_at(const struct tt_cmd *c, size_t k)
{
    return k < c->nopts ? &c->opts[k] : k < c->nopts + NBUILTIN ? &builtin[k - c->nopts] : NULL;
}

static int opt_val(const struct tt_opt *o, size_t k)
{
    return o->short_name ? (unsigned char)o->short_name : VAL_LONG_ONLY + (int)k;
}

static const struct tt_opt *opt_by_val(const struct tt_cmd *c, int val)
{
    const struct tt_opt *o;
    for (size_t k = 0; (o = opt_at(c, k)); k++)
        if (opt_val(o, k) == val)
            return o;
    return NULL;
}

/* getopt_long's tables from ours. False if the table is too large. */
static bool build(const struct tt_cmd *c, struct option *lo, char *shorts, size_t nshorts)
{
    size_t s = 0;
    shorts[s++] = c->in_order ? '+' : ':';
    if (c->in_order)
        shorts[s++] = ':';   /* ':' reports a missing value apart from an unknown option */
    const struct tt_opt *o;
    size_t k;
    for (k = 0; (o = opt_at(c, k)); k++) {
        if (k >= MAX_OPTS || s + 3 >= nshorts)
            return false;
        lo[k] = (struct option){ o->name, o->arg ? required_argument : no_argument, NULL, opt_val(o, k) };
        if (o->short_name) {
            shorts[s++] = o->short_name;
            if (o->arg)
                shorts[s++] = ':';
        }
    }
    lo[k] = (struct option){ 0 };
    shorts[s] = 0;
    return true;
}

/* The long options ARG ("--na" or "--na=v") is a prefix of; *exact when
 * one matches it whole. */
static size_t prefix_matches(const struct tt_cmd *c, const char *arg, const struct tt_opt **first, bool *exact)
{
    const char *name = arg + 2, *eq = strchr(name, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name), n = 0;
    const struct tt_opt *o;
    *exact = false;
    *first = NULL;
    for (size_t k = 0; (o = opt_at(c, k)); k++) {
        if (len == 0 || strncmp(o->name, name, len))
            continue;
        if (strlen(o->name) == len) {
            *exact = true;
            *first = o;
            return 1;
        }
        if (!n++)
            *first = o;
    }
    return n;
}

const struct tt_opt *tt_opts_match(const struct tt_cmd *c, const char *arg)
{
    const struct tt_opt *o;
    bool exact;
    if (arg[0] != '-' || !arg[1])
        return NULL;
    if (arg[1] != '-') {
        for (size_t k = 0; arg[2] == 0 && (o = opt_at(c, k)); k++)
            if (o->short_name == arg[1])
                return o;
        return NULL;
    }
    return prefix_matches(c, arg, &o, &exact) == 1 ? o : NULL;
}

/* An option getopt refused: unknown, ambiguous, or a value on a flag. */
static void refused(const struct tt_cmd *c, const char *token, int optopt_v)
{
    const struct tt_opt *o = optopt_v ? opt_by_val(c, optopt_v) : NULL;
    if (token && token[0] == '-' && token[1] == '-') {
        const struct tt_opt *first;
        bool exact;
        size_t n = prefix_matches(c, token, &first, &exact);
        if (n == 1 && !first->arg && strchr(token, '=')) {
            tt_error("%s: --%s takes no value ('%s')", c->name, first->name, token);
            return;
        }
        if (n > 1) {
            char list[512];
            size_t len = 0;
            const struct tt_opt *p;
            const char *name = token + 2, *eq = strchr(name, '=');
            size_t nl = eq ? (size_t)(eq - name) : strlen(name);
            for (size_t k = 0; (p = opt_at(c, k)) && len < sizeof list; k++)
                if (!strncmp(p->name, name, nl))
                    len += (size_t)snprintf(list + len, sizeof list - len, "%s--%s", len ? ", " : "", p->name);
            tt_error("%s: option '%.*s' is ambiguous: %s", c->name, (int)(nl + 2), token, list);
            return;
        }
        tt_error("%s: unknown option '%s' (try 'ttemu %s --help')", c->name, token, c->name);
        return;
    }
    if (o)
        tt_error("%s: -%c takes no value", c->name, o->short_name);
    else
        tt_error("%s: unknown option '-%c' (try 'ttemu %s --help')", c->name, optopt_v ? optopt_v : '?',
                 c->name);
}

int tt_opts_parse(const struct tt_cmd *c, int argc, char **argv, int *first)
{
    struct option lo[MAX_OPTS + NBUILTIN + 1];
    char shorts[3 * (MAX_OPTS + NBUILTIN) + 4];
    if (!build(c, lo, shorts, sizeof shorts)) {
        tt_error("%s: too many options for the parser (a bug in ttemu)", c->name);
        return TT_EXIT_INTERNAL;
    }
    int errors = 0, ch, li;
    optind = 0; /* glibc: start afresh (replay parses twice in one process) */
    opterr = 0;
    while ((ch = getopt_long(argc, argv, shorts, lo, &li)) != -1) {
        const char *token = optind - 1 < argc ? argv[optind - 1] : NULL;
        if (ch == '?') {
            /* an unknown short in a group leaves optind on the group */
            refused(c, optopt && optopt < VAL_LONG_ONLY && !opt_by_val(c, optopt) ? NULL : token, optopt);
            errors++;
            continue;
        }
        const struct tt_opt *o = opt_by_val(c, ch == ':' ? optopt : ch);
        if (!o) {
            tt_error("%s: option '%s' not understood", c->name, token ? token : "?");
            errors++;
        } else if (ch == ':') {
            tt_error("%s: --%s needs a value: %s (try 'ttemu %s --help')", c->name, o->name, o->arg, c->name);
            errors++;
        } else if (o->id == ID_HELP) {
            tt_opts_help(c, stdout);
            return TT_EXIT_OK;
        } else if (o->id == ID_VERSION) {
            printf("%s\n", tt_version_string());
            return TT_EXIT_OK;
        } else if (c->take(c->ctx, o->id, o->arg ? optarg : NULL)) {
            errors++;
        }
    }
    *first = optind;
    return errors ? TT_EXIT_USAGE : -1;
}

static void help_line(FILE *out, const struct tt_opt *o)
{
    char left[128];
    int n = snprintf(left, sizeof left, "  %s%c%s--%s%s%s", o->short_name ? "-" : "",
                     o->short_name ? o->short_name : ' ', o->short_name ? ", " : "  ", o->name,
                     o->arg ? " " : "", o->arg ? o->arg : "");
    if (!o->short_name) /* line the long names up: "      --name" */
        n = snprintf(left, sizeof left, "      --%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
    fputs(left, out);
    if (n >= HELP_COLUMN - 1)
        fprintf(out, "\n%*s", HELP_COLUMN, "");
    else
        fprintf(out, "%*s", HELP_COLUMN - n, "");
    for (const char *p = o->help; *p; p++) {
        fputc(*p, out);
        if (*p == '\n')
            fprintf(out, "%*s", HELP_COLUMN, "");
    }
    fputc('\n', out);
}

void tt_opts_help(const struct tt_cmd *c, FILE *out)
{
    fprintf(out, "usage: %s\n", c->usage);
    if (c->about)
        fprintf(out, "\n%s\n", c->about);
    fprintf(out, "\noptions:\n");
    const struct tt_opt *o;
    for (size_t k = 0; (o = opt_at(c, k)); k++)
        help_line(out, o);
    if (c->epilog)
        fprintf(out, "\n%s\n", c->epilog);
}

int tt_opts_none(void *ctx, int id, const char *value)
{
    (void)ctx, (void)id, (void)value;
    return 1; /* never called: the table is empty */
}
