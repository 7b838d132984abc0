/* `ttemu sweep merge DIR`: every job's report into one table, one row per
 * job (its axis values and its metrics), as CSV and JSON. The table
 * depends only on the reports, so it is the same whichever engine (GNU
 * parallel, Slurm, by hand) ran the jobs. */
#include <limits.h>
#include <stdbool.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/cli/cli.h"
#include "emu/cli/sweep.h"
#include "emu/json.h"
#include "emu/json_read.h"

/* Metrics per row: column name, report path (section, key), scale. */
static const struct metric_col {
    const char *column, *section, *key;
    double scale;
} metric_cols[] = {
    { "duration_ms", "total", "duration_ps", 1e-9 },
    { "energy_mj", "total", "energy_pj", 1e-9 },
    { "e2e_latency_ms", "metrics", "e2e_latency_ps", 1e-9 },
    { "e2e_energy_mj", "metrics", "e2e_energy_pj", 1e-9 },
    { "inference_latency_ms", "metrics", "inference_latency_ps", 1e-9 },
    { "inference_energy_mj", "metrics", "inference_energy_pj", 1e-9 },
    { "mac_per_cycle", "metrics", "mac_per_cycle", 1 },
    { "uw_per_mhz", "metrics", "uw_per_mhz", 1 },
    { "macs", "metrics", "macs", 1 },
    { "clock_mhz", "metrics", "clock_hz", 1e-6 },
    /* the duty cycle (--frames, --fps, --battery) */
    { "average_power_mw", "duty_cycle", "average_power_mw", 1 },
    { "battery_life_h", "duty_cycle", "battery_life_h", 1 },
    { "battery_life_days", "duty_cycle", "battery_life_days", 1 },
};
#define NMETRICS (sizeof metric_cols / sizeof metric_cols[0])
#define MAX_COLS 16
#define MAX_ROWS 100000

struct row {
    char *fields[MAX_COLS];   /* job and axis values, from axes.tsv */
    double metric[NMETRICS];  /* NAN when the report lacks it */
    bool have_report;
};

static size_t split_tabs(char *line, char **out, size_t max)
{
    size_t n = 0;
    line[strcspn(line, "\r\n")] = 0;
    for (char *tok = line; n < max;) {
        out[n++] = tok;
        char *tab = strchr(tok, '\t');
        if (!tab)
            break;
        *tab = 0;
        tok = tab + 1;
    }
    return n;
}

static void read_report(const char *dir, struct row *r)
{
    char path[PATH_MAX], err[512];
    snprintf(path, sizeof path, "%s/runs/%s.json", dir, r->fields[0]);
    for (size_t m = 0; m < NMETRICS; m++)
        r->metric[m] = NAN;
    struct jr_node *root = jr_parse_file(path, err, sizeof err);
    if (!root)
        return;
    r->have_report = true;
    for (size_t m = 0; m < NMETRICS; m++) {
        double v = jr_number(jr_get(root, metric_cols[m].section), metric_cols[m].key, NAN);
        r->metric[m] = isnan(v) ? NAN : v * metric_cols[m].scale;
    }
    jr_free(root);
}

static void write_csv(FILE *f, char **head, size_t ncols, const struct row *rows, size_t n)
{
    for (size_t c = 0; c < ncols; c++)
        fprintf(f, "%s,", head[c]);
    fprintf(f, "status");
    for (size_t m = 0; m < NMETRICS; m++)
        fprintf(f, ",%s", metric_cols[m].column);
    fprintf(f, "\n");
    for (size_t k = 0; k < n; k++) {
        for (size_t c = 0; c < ncols; c++)
            fprintf(f, "%s,", rows[k].fields[c]);
        fprintf(f, "%s", rows[k].have_report ? "ok" : "no-report");
        for (size_t m = 0; m < NMETRICS; m++)
            isnan(rows[k].metric[m]) ? fprintf(f, ",") : fprintf(f, ",%.9g", rows[k].metric[m]);
        fprintf(f, "\n");
    }
}

/* Through the one JSON writer (emu/json.h): one row a line. */
static void write_json(FILE *f, char **head, size_t ncols, const struct row *rows, size_t n)
{
    struct json j;
    json_begin(&j, f, true, 2);
    json_obj(&j, NULL);
    json_str(&j, "schema", "ttemu-sweep");
    json_u64(&j, "version", 1);
    json_arr(&j, "axes");
    for (size_t c = 1; c < ncols; c++)
        json_str(&j, NULL, head[c]);
    json_close(&j);
    json_arr(&j, "rows");
    for (size_t k = 0; k < n; k++) {
        json_obj(&j, NULL);
        json_u64(&j, "job", (uint64_t)atol(rows[k].fields[0]));
        for (size_t c = 1; c < ncols; c++)
            json_str(&j, head[c], rows[k].fields[c]);
        json_str(&j, "status", rows[k].have_report ? "ok" : "no-report");
        for (size_t m = 0; m < NMETRICS; m++)
            json_num(&j, metric_cols[m].column, rows[k].metric[m], 9);   /* NaN: null */
        json_close(&j);
    }
    json_end(&j);
}

static int write_table(const char *path, bool json, char **head, size_t ncols, const struct row *rows,
                       size_t n)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        tt_error("sweep merge: %s: cannot create", path);
        return TT_EXIT_NOINPUT;
    }
    (json ? write_json : write_csv)(f, head, ncols, rows, n);
    if (ferror(f) | fclose(f)) {
        tt_error("sweep merge: %s: write failed", path);
        return TT_EXIT_NOINPUT;
    }
    return 0;
}

int sweep_merge(const char *dir, const char *csv_path, const char *json_path)
{
    char path[PATH_MAX], line[4096];
    snprintf(path, sizeof path, "%s/axes.tsv", dir);
    FILE *f = fopen(path, "r");
    if (!f) {
        tt_error("sweep merge: %s: cannot open (is %s a sweep's results directory?)", path, dir);
        return TT_EXIT_NOINPUT;
    }
    char *head_line = fgets(line, sizeof line, f) ? strdup(line) : NULL;
    char *head[MAX_COLS];
    size_t ncols = head_line ? split_tabs(head_line, head, MAX_COLS) : 0;
    if (ncols < 2 || strcmp(head[0], "job")) {
        tt_error("sweep merge: %s:1: expected the header 'job<TAB>axis...'", path);
        fclose(f);
        free(head_line);
        return TT_EXIT_BADINPUT;
    }
    struct row *rows = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    for (unsigned lineno = 2; fgets(line, sizeof line, f); lineno++) {
        if (n == cap)
            rows = realloc(rows, (cap = cap ? cap * 2 : 64) * sizeof *rows);
        char *copy = strdup(line);
        memset(&rows[n], 0, sizeof rows[n]);
        if (split_tabs(copy, rows[n].fields, MAX_COLS) != ncols || atol(rows[n].fields[0]) != (long)n + 1 ||
            n == MAX_ROWS) {
            tt_error("sweep merge: %s:%u: expected job %zu with %zu axis values", path, lineno, n + 1, ncols - 1);
            free(copy);
            rc = TT_EXIT_BADINPUT;
            break;
        }
        read_report(dir, &rows[n++]);
    }
    fclose(f);
    if (!rc)
        rc = write_table(csv_path, false, head, ncols, rows, n);
    if (!rc)
        rc = write_table(json_path, true, head, ncols, rows, n);
    size_t missing = 0;
    for (size_t k = 0; k < n; k++) {
        missing += !rows[k].have_report;
        free(rows[k].fields[0]);
    }
    free(rows);
    free(head_line);
    if (!rc && missing) {
        tt_error("sweep merge: %zu of %zu jobs have no report in %s/runs (status no-report)", missing, n, dir);
        rc = TT_EXIT_BADINPUT;
    }
    return rc;
}
