/* The end-of-run report (see report.h and docs/report-format.md).
 *
 * JSON and YAML are written from one tree walk (emu/json.c for JSON,
 * libyaml's emitter for YAML) so the two always carry the same fields in
 * the same order; CSV and the console table are flat
 * writers over the same data. Numbers are printed with fixed formats
 * (integers exact, energies to 0.001 pJ) so output is byte-for-byte
 * deterministic. */
#include "emu/power/table2.h"
#include "emu/power/report.h"

#include <errno.h>
#include <string.h>
#include <strings.h>
#include <math.h>
#include <yaml.h>
#include "emu/json.h"
#include "emu/power/power.h"

#define REPORT_SCHEMA_VERSION 1

static const char *const default_exclude[] = { "boot", "idle", NULL };

/* ---- metrics ----------------------------------------------------------- */

static bool excluded(const struct report_info *info, const char *phase)
{
    const char *const *ex = info->e2e_exclude ? info->e2e_exclude : default_exclude;
    for (; *ex; ex++)
        if (!strcmp(*ex, phase))
            return true;
    return false;
}

static int find_phase(const struct power *p, const char *name)
{
    for (size_t k = 0; k < power_nphases(p); k++)
        if (!strcmp(power_phase_name(p, (int)k), name))
            return (int)k;
    return -1;
}

static void compute_e2e(const struct power *p, const struct report_info *info,
                        struct report_metrics *m)
{
    uint64_t t = 0;
    double e = 0;
    for (size_t k = 0; k < power_nphases(p); k++) {
        if (excluded(info, power_phase_name(p, (int)k)))
            continue;
        m->has_e2e = true;
        t += power_phase_time_ps(p, (int)k);
        e += power_phase_energy_pj(p, (int)k);
    }
    unsigned n = m->inferences ? m->inferences : 1;
    m->e2e_latency_ps = t / n;
    m->e2e_energy_pj = e / n;
}

void report_compute(const struct power *p, const struct report_info *info,
                    struct report_metrics *m)
{
    memset(m, 0, sizeof *m);
    int inf = find_phase(p, info->inference_phase ? info->inference_phase : "inference");
    if (inf >= 0 && power_phase_time_ps(p, inf) > 0) {
        uint64_t t = power_phase_time_ps(p, inf);
        double e = power_phase_energy_pj(p, inf);
        m->inferences = power_phase_entries(p, inf);
        m->has_inference = true;
        m->inference_latency_ps = t / m->inferences;
        m->inference_energy_pj = e / m->inferences;
        m->inference_power_mw = e / (double)t * 1000.0;   /* pJ/ps = W */
        m->cycles = info->inference_cycles;
        if (!m->cycles && info->inference_clock_hz) {
            m->cycles = (uint64_t)((double)t * 1e-12 * (double)info->inference_clock_hz + 0.5);
            m->cycles_derived = true;
        }
        m->has_mac_per_cycle = info->macs && m->cycles;
        if (m->has_mac_per_cycle)
            m->mac_per_cycle = (double)info->macs / (double)m->cycles;
        m->has_uw_per_mhz = info->inference_clock_hz != 0;
        if (m->has_uw_per_mhz)
            m->uw_per_mhz = m->inference_power_mw * 1000.0 / ((double)info->inference_clock_hz / 1e6);
    }
    compute_e2e(p, info, m);
}

void report_duty_compute(const struct power *p, const struct report_info *info, struct report_duty *d)
{
    memset(d, 0, sizeof *d);
    if (!info->duty_frames)
        return;
    d->has = true;
    uint64_t t = power_now_ps(p);
    double e = power_total_energy_pj(p);
    int boot = find_phase(p, "boot");
    if (boot >= 0) {
        t -= power_phase_time_ps(p, boot);
        e -= power_phase_energy_pj(p, boot);
    }
    d->window_ps = t;
    d->window_energy_pj = e;
    d->average_power_mw = t ? e / (double)t * 1000.0 : 0.0;   /* pJ/ps = W */
    d->period_ps = info->duty_fps > 0 ? (uint64_t)(1e12 / info->duty_fps + 0.5) : 0;
    d->has_battery = info->battery_mah > 0 && info->battery_v > 0 && d->average_power_mw > 0;
    if (d->has_battery) {
        d->battery_j = info->battery_mah * info->battery_v * 3.6;   /* 1 mAh = 3.6 C */
        d->battery_life_h = d->battery_j / (d->average_power_mw * 1e-3) / 3600.0;
    }
}

bool report_format_from_path(const char *path, enum report_format *fmt)
{
    const char *dot = strrchr(path, '.');
    if (!dot || strchr(dot, '/'))
        return false;
    if (!strcasecmp(dot, ".json")) *fmt = REPORT_JSON;
    else if (!strcasecmp(dot, ".yaml") || !strcasecmp(dot, ".yml")) *fmt = REPORT_YAML;
    else if (!strcasecmp(dot, ".csv")) *fmt = REPORT_CSV;
    else return false;
    return true;
}

/* ---- one tree, two writers: emu/json.c and libyaml's emitter ----------- */

struct em {
    bool yaml;
    bool failed;                   /* the YAML emitter refused an event */
    struct json j;
    yaml_emitter_t y;
    int depth;
    bool in_list[JSON_MAX_DEPTH + 1]; /* per depth: YAML list or map */
};

static void y_emit(struct em *e, yaml_event_t *ev, int ok)
{
    if (!ok || !yaml_emitter_emit(&e->y, ev))
        e->failed = true;
}

static void y_scalar(struct em *e, const char *v, bool quoted)
{
    yaml_event_t ev;
    y_emit(e, &ev, yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)v, -1, !quoted, quoted,
                                                quoted ? YAML_DOUBLE_QUOTED_SCALAR_STYLE
                                                       : YAML_PLAIN_SCALAR_STYLE));
}

/* YAML: the key of a map entry (a list item has none). */
static void y_key(struct em *e, const char *key)
{
    if (key && !e->in_list[e->depth])
        y_scalar(e, key, false);
}

static void y_open(struct em *e, const char *key, bool list)
{
    y_key(e, key);
    yaml_event_t ev;
    if (list)
        y_emit(e, &ev, yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE));
    else
        y_emit(e, &ev, yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE));
    if (e->depth < JSON_MAX_DEPTH)
        e->depth++;
    e->in_list[e->depth] = list;
}

static void begin(struct em *e, FILE *f, bool yaml)
{
    memset(e, 0, sizeof *e);
    e->yaml = yaml;
    if (!yaml) {
        json_begin(&e->j, f, true, 0);
        json_obj(&e->j, NULL);
        return;
    }
    yaml_event_t ev;
    if (!yaml_emitter_initialize(&e->y)) {
        e->failed = true;
        return;
    }
    yaml_emitter_set_output_file(&e->y, f);
    yaml_emitter_set_unicode(&e->y, 1);
    y_emit(e, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING));
    y_emit(e, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1));
    y_open(e, NULL, false);
}

static void close_(struct em *e)
{
    if (!e->yaml) {
        json_close(&e->j);
        return;
    }
    yaml_event_t ev;
    if (e->in_list[e->depth])
        y_emit(e, &ev, yaml_sequence_end_event_initialize(&ev));
    else
        y_emit(e, &ev, yaml_mapping_end_event_initialize(&ev));
    if (e->depth > 0)
        e->depth--;
}

/* Returns -1 when the YAML emitter failed (the stream's error is the
 * caller's to report). */
static int end(struct em *e)
{
    if (!e->yaml) {
        json_end(&e->j);
        return 0;
    }
    if (!e->failed) {
        yaml_event_t ev;
        close_(e);
        y_emit(e, &ev, yaml_document_end_event_initialize(&ev, 1));
        y_emit(e, &ev, yaml_stream_end_event_initialize(&ev));
        yaml_emitter_flush(&e->y);
    }
    yaml_emitter_delete(&e->y);
    return e->failed ? -1 : 0;
}

static void map_(struct em *e, const char *key)
{
    if (e->yaml) y_open(e, key, false); else json_obj(&e->j, key);
}

static void list_(struct em *e, const char *key)
{
    if (e->yaml) y_open(e, key, true); else json_arr(&e->j, key);
}

static void item_map(struct em *e) { map_(e, NULL); }

/* A plain YAML scalar of a number or keyword written as JSON writes it. */
static void kv_plain(struct em *e, const char *key, const char *text)
{
    y_key(e, key);
    y_scalar(e, text, false);
}

static void kv_u64(struct em *e, const char *key, uint64_t v)
{
    if (!e->yaml) {
        json_u64(&e->j, key, v);
        return;
    }
    char buf[32];
    snprintf(buf, sizeof buf, "%llu", (unsigned long long)v);
    kv_plain(e, key, buf);
}

static void kv_num(struct em *e, const char *key, double v, int decimals)
{
    if (!e->yaml) {
        json_num(&e->j, key, v, decimals);
        return;
    }
    char buf[64];
    snprintf(buf, sizeof buf, "%.*f", decimals, v);
    kv_plain(e, key, isfinite(v) ? buf : "null");
}

static void kv_null(struct em *e, const char *key)
{
    if (e->yaml) kv_plain(e, key, "null"); else json_null(&e->j, key);
}

static void kv_str(struct em *e, const char *key, const char *s)
{
    if (!e->yaml) {
        json_str(&e->j, key, s);
    } else if (!s) {
        kv_null(e, key);
    } else {
        y_key(e, key);
        y_scalar(e, s, true);
    }
}

static void kv_bool(struct em *e, const char *key, bool v)
{
    if (e->yaml) kv_plain(e, key, v ? "true" : "false"); else json_bool(&e->j, key, v);
}

/* ---- the report as a tree (JSON and YAML) -------------------------------- */

static void tree_phases(struct em *e, const struct power *p)
{
    list_(e, "phases");
    for (size_t ph = 0; ph < power_nphases(p); ph++) {
        item_map(e);
        kv_str(e, "name", power_phase_name(p, (int)ph));
        kv_u64(e, "entries", power_phase_entries(p, (int)ph));
        kv_u64(e, "duration_ps", power_phase_time_ps(p, (int)ph));
        kv_num(e, "energy_pj", power_phase_energy_pj(p, (int)ph), 3);
        list_(e, "components");
        for (size_t c = 0; c < power_ncomps(p); c++) {
            item_map(e);
            kv_str(e, "name", power_comp_name(p, (int)c));
            kv_num(e, "energy_pj", power_energy_pj(p, (int)c, (int)ph), 3);
            close_(e);
        }
        close_(e);
        close_(e);
    }
    close_(e);
}

static void tree_component(struct em *e, const struct power *p, int c)
{
    item_map(e);
    kv_str(e, "name", power_comp_name(p, c));
    kv_num(e, "energy_pj", power_comp_energy_pj(p, c), 3);
    kv_num(e, "action_energy_pj", power_action_energy_pj(p, c), 3);
    kv_str(e, "final_state", power_state_name(p, c, power_comp_state(p, c)));
    list_(e, "states");
    for (size_t s = 0; s < power_nstates(p, c); s++) {
        item_map(e);
        kv_str(e, "name", power_state_name(p, c, (int)s));
        kv_u64(e, "time_ps", power_state_time_ps(p, c, (int)s));
        kv_num(e, "energy_pj", power_state_energy_pj(p, c, (int)s), 3);
        close_(e);
    }
    close_(e);
    list_(e, "actions");
    for (size_t a = 0; a < power_nactions(p, c); a++) {
        item_map(e);
        kv_str(e, "name", power_action_name(p, c, (int)a));
        kv_u64(e, "count", power_action_count(p, c, (int)a));
        close_(e);
    }
    close_(e);
    close_(e);
}

static void kv_opt_u64(struct em *e, const char *key, bool has, uint64_t v)
{
    if (has) kv_u64(e, key, v); else kv_null(e, key);
}

static void kv_opt_num(struct em *e, const char *key, bool has, double v, int decimals)
{
    if (has) kv_num(e, key, v, decimals); else kv_null(e, key);
}

static void tree_metrics(struct em *e, const struct power *p, const struct report_info *info,
                         const struct report_metrics *m)
{
    map_(e, "metrics");
    kv_str(e, "inference_phase", info->inference_phase ? info->inference_phase : "inference");
    kv_u64(e, "inferences", m->inferences);
    kv_opt_u64(e, "inference_latency_ps", m->has_inference, m->inference_latency_ps);
    kv_opt_num(e, "inference_energy_pj", m->has_inference, m->inference_energy_pj, 3);
    kv_opt_num(e, "inference_power_mw", m->has_inference, m->inference_power_mw, 6);
    list_(e, "e2e_phases");
    for (size_t ph = 0; ph < power_nphases(p); ph++)
        if (!excluded(info, power_phase_name(p, (int)ph)))
            kv_str(e, NULL, power_phase_name(p, (int)ph));
    close_(e);
    kv_opt_u64(e, "e2e_latency_ps", m->has_e2e, m->e2e_latency_ps);
    kv_opt_num(e, "e2e_energy_pj", m->has_e2e, m->e2e_energy_pj, 3);
    kv_opt_u64(e, "macs", info->macs != 0, info->macs);
    kv_opt_u64(e, "cycles", m->cycles != 0, m->cycles);
    kv_bool(e, "cycles_derived", m->cycles_derived);
    kv_opt_num(e, "mac_per_cycle", m->has_mac_per_cycle, m->mac_per_cycle, 6);
    kv_str(e, "clock", info->inference_clock);
    kv_opt_u64(e, "clock_hz", info->inference_clock_hz != 0, info->inference_clock_hz);
    kv_opt_num(e, "uw_per_mhz", m->has_uw_per_mhz, m->uw_per_mhz, 6);
    close_(e);
}

static void tree_duty(struct em *e, const struct power *p, const struct report_info *info)
{
    struct report_duty d;
    report_duty_compute(p, info, &d);
    if (!d.has)
        return;
    map_(e, "duty_cycle");
    kv_u64(e, "frames", info->duty_frames);
    kv_opt_num(e, "fps", info->duty_fps > 0, info->duty_fps, 3);
    kv_opt_u64(e, "period_ps", d.period_ps != 0, d.period_ps);
    kv_u64(e, "window_ps", d.window_ps);
    kv_num(e, "window_energy_pj", d.window_energy_pj, 3);
    kv_num(e, "average_power_mw", d.average_power_mw, 6);
    kv_opt_num(e, "battery_mah", d.has_battery, info->battery_mah, 3);
    kv_opt_num(e, "battery_v", d.has_battery, info->battery_v, 3);
    kv_opt_num(e, "battery_j", d.has_battery, d.battery_j, 3);
    kv_opt_num(e, "battery_life_h", d.has_battery, d.battery_life_h, 6);
    kv_opt_num(e, "battery_life_days", d.has_battery, d.battery_life_h / 24.0, 6);
    close_(e);
}

static int write_tree(FILE *f, bool yaml, const struct power *p, const struct report_info *info)
{
    struct report_metrics m;
    struct em e;
    report_compute(p, info, &m);
    begin(&e, f, yaml);
    kv_str(&e, "schema", "ttemu-report");
    kv_u64(&e, "version", REPORT_SCHEMA_VERSION);
    kv_str(&e, "board", info->board);
    kv_str(&e, "firmware", info->firmware);
    map_(&e, "units");
    kv_str(&e, "time", "ps");
    kv_str(&e, "energy", "pJ");
    kv_str(&e, "power", "mW");
    close_(&e);
    map_(&e, "total");
    kv_u64(&e, "duration_ps", power_now_ps(p));
    if (info->stopped)
        kv_str(&e, "stopped", info->stopped);
    kv_num(&e, "energy_pj", power_total_energy_pj(p), 3);
    kv_opt_u64(&e, "core_cycles", info->core_cycles != 0, info->core_cycles);
    kv_opt_u64(&e, "instructions", info->instructions != 0, info->instructions);
    close_(&e);
    tree_phases(&e, p);
    list_(&e, "components");
    for (size_t c = 0; c < power_ncomps(p); c++)
        tree_component(&e, p, (int)c);
    close_(&e);
    tree_metrics(&e, p, info, &m);
    tree_duty(&e, p, info);
    return end(&e);
}

/* ---- CSV: one quantity per row ------------------------------------------ */

static void csv_field(FILE *f, const char *s)
{
    if (!s || !*s)
        return;
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* record,phase,component,item,quantity: the key columns; then value,unit. */
static void csv_key(FILE *f, const char *rec, const char *phase, const char *comp,
                    const char *item, const char *quantity)
{
    const char *cols[5] = { rec, phase, comp, item, quantity };
    for (int k = 0; k < 5; k++) {
        csv_field(f, cols[k]);
        fputc(',', f);
    }
}

static void csv_u64(FILE *f, const char *rec, const char *phase, const char *comp,
                    const char *item, const char *quantity, uint64_t v, const char *unit)
{
    csv_key(f, rec, phase, comp, item, quantity);
    fprintf(f, "%llu,%s\n", (unsigned long long)v, unit);
}

static void csv_num(FILE *f, const char *rec, const char *phase, const char *comp,
                    const char *item, const char *quantity, double v, int decimals,
                    const char *unit)
{
    csv_key(f, rec, phase, comp, item, quantity);
    fprintf(f, "%.*f,%s\n", decimals, v, unit);
}

static void csv_metrics(FILE *f, const struct report_info *info, const struct report_metrics *m)
{
    csv_u64(f, "metric", NULL, NULL, NULL, "inferences", m->inferences, "count");
    if (m->has_inference) {
        csv_u64(f, "metric", NULL, NULL, NULL, "inference_latency", m->inference_latency_ps, "ps");
        csv_num(f, "metric", NULL, NULL, NULL, "inference_energy", m->inference_energy_pj, 3, "pJ");
        csv_num(f, "metric", NULL, NULL, NULL, "inference_power", m->inference_power_mw, 6, "mW");
    }
    if (m->has_e2e) {
        csv_u64(f, "metric", NULL, NULL, NULL, "e2e_latency", m->e2e_latency_ps, "ps");
        csv_num(f, "metric", NULL, NULL, NULL, "e2e_energy", m->e2e_energy_pj, 3, "pJ");
    }
    if (info->macs)
        csv_u64(f, "metric", NULL, NULL, NULL, "macs", info->macs, "count");
    if (m->cycles)
        csv_u64(f, "metric", NULL, NULL, NULL, m->cycles_derived ? "cycles_derived" : "cycles",
                m->cycles, "count");
    if (m->has_mac_per_cycle)
        csv_num(f, "metric", NULL, NULL, NULL, "mac_per_cycle", m->mac_per_cycle, 6, "MAC/cycle");
    if (info->inference_clock_hz)
        csv_u64(f, "metric", NULL, info->inference_clock, NULL, "clock", info->inference_clock_hz, "Hz");
    if (m->has_uw_per_mhz)
        csv_num(f, "metric", NULL, NULL, NULL, "power_efficiency", m->uw_per_mhz, 6, "uW/MHz");
}

static void csv_duty(FILE *f, const struct power *p, const struct report_info *info)
{
    struct report_duty d;
    report_duty_compute(p, info, &d);
    if (!d.has)
        return;
    csv_u64(f, "duty", NULL, NULL, NULL, "frames", info->duty_frames, "count");
    if (d.period_ps) {
        csv_num(f, "duty", NULL, NULL, NULL, "fps", info->duty_fps, 3, "1/s");
        csv_u64(f, "duty", NULL, NULL, NULL, "period", d.period_ps, "ps");
    }
    csv_u64(f, "duty", NULL, NULL, NULL, "window", d.window_ps, "ps");
    csv_num(f, "duty", NULL, NULL, NULL, "window_energy", d.window_energy_pj, 3, "pJ");
    csv_num(f, "duty", NULL, NULL, NULL, "average_power", d.average_power_mw, 6, "mW");
    if (d.has_battery) {
        csv_num(f, "duty", NULL, NULL, NULL, "battery_capacity", info->battery_mah, 3, "mAh");
        csv_num(f, "duty", NULL, NULL, NULL, "battery_voltage", info->battery_v, 3, "V");
        csv_num(f, "duty", NULL, NULL, NULL, "battery_energy", d.battery_j, 3, "J");
        csv_num(f, "duty", NULL, NULL, NULL, "battery_life", d.battery_life_h, 6, "h");
    }
}

static void csv_component(FILE *f, const struct power *p, int c)
{
    const char *name = power_comp_name(p, c);
    csv_num(f, "component", NULL, name, NULL, "energy", power_comp_energy_pj(p, c), 3, "pJ");
    csv_num(f, "component", NULL, name, NULL, "action_energy", power_action_energy_pj(p, c), 3, "pJ");
    for (size_t s = 0; s < power_nstates(p, c); s++) {
        const char *st = power_state_name(p, c, (int)s);
        csv_u64(f, "state", NULL, name, st, "time", power_state_time_ps(p, c, (int)s), "ps");
        csv_num(f, "state", NULL, name, st, "energy", power_state_energy_pj(p, c, (int)s), 3, "pJ");
    }
    for (size_t a = 0; a < power_nactions(p, c); a++)
        csv_u64(f, "action", NULL, name, power_action_name(p, c, (int)a), "count",
                power_action_count(p, c, (int)a), "count");
}

static void write_csv(FILE *f, const struct power *p, const struct report_info *info)
{
    struct report_metrics m;
    report_compute(p, info, &m);
    fputs("record,phase,component,item,quantity,value,unit\n", f);
    csv_key(f, "info", NULL, NULL, NULL, "board");
    csv_field(f, info->board);
    fputs(",\n", f);
    csv_u64(f, "total", NULL, NULL, NULL, "duration", power_now_ps(p), "ps");
    csv_num(f, "total", NULL, NULL, NULL, "energy", power_total_energy_pj(p), 3, "pJ");
    for (size_t ph = 0; ph < power_nphases(p); ph++) {
        const char *name = power_phase_name(p, (int)ph);
        csv_u64(f, "phase", name, NULL, NULL, "entries", power_phase_entries(p, (int)ph), "count");
        csv_u64(f, "phase", name, NULL, NULL, "duration", power_phase_time_ps(p, (int)ph), "ps");
        csv_num(f, "phase", name, NULL, NULL, "energy", power_phase_energy_pj(p, (int)ph), 3, "pJ");
        for (size_t c = 0; c < power_ncomps(p); c++)
            csv_num(f, "cell", name, power_comp_name(p, (int)c), NULL, "energy",
                    power_energy_pj(p, (int)c, (int)ph), 3, "pJ");
    }
    for (size_t c = 0; c < power_ncomps(p); c++)
        csv_component(f, p, (int)c);
    csv_metrics(f, info, &m);
    csv_duty(f, p, info);
}

/* ---- console table -------------------------------------------------------- */

static double ms(uint64_t ps) { return (double)ps / 1e9; }
static double mj(double pj) { return pj / 1e9; }

/* One row per phase; energy per component in the columns after the totals. */
static void text_phases(FILE *f, const struct power *p)
{
    fprintf(f, "\n%-16s %7s %12s %12s %11s", "phase", "entries", "time [ms]", "energy [mJ]",
            "power [mW]");
    for (size_t c = 0; c < power_ncomps(p); c++)
        fprintf(f, " %12.12s", power_comp_name(p, (int)c));
    fputc('\n', f);
    for (size_t ph = 0; ph < power_nphases(p); ph++) {
        uint64_t t = power_phase_time_ps(p, (int)ph);
        double e = power_phase_energy_pj(p, (int)ph);
        fprintf(f, "%-16.16s %7u %12.4f %12.6f %11.3f", power_phase_name(p, (int)ph),
                power_phase_entries(p, (int)ph), ms(t), mj(e), t ? e / (double)t * 1000.0 : 0.0);
        for (size_t c = 0; c < power_ncomps(p); c++)
            fprintf(f, " %12.6f", mj(power_energy_pj(p, (int)c, (int)ph)));
        fputc('\n', f);
    }
    fprintf(f, "%-16s %7s %12s %12s %11s", "", "", "", "", "total [mJ]");
    for (size_t c = 0; c < power_ncomps(p); c++)
        fprintf(f, " %12.6f", mj(power_comp_energy_pj(p, (int)c)));
    fputc('\n', f);
}

static void text_components(FILE *f, const struct power *p)
{
    fprintf(f, "\n%-12s %-12s %12s %12s\n", "component", "state", "time [ms]", "energy [mJ]");
    for (size_t c = 0; c < power_ncomps(p); c++) {
        const char *name = power_comp_name(p, (int)c);
        for (size_t s = 0; s < power_nstates(p, (int)c); s++)
            fprintf(f, "%-12.12s %-12.12s %12.4f %12.6f\n", s ? "" : name,
                    power_state_name(p, (int)c, (int)s), ms(power_state_time_ps(p, (int)c, (int)s)),
                    mj(power_state_energy_pj(p, (int)c, (int)s)));
        if (power_nactions(p, (int)c) == 0)
            continue;
        fprintf(f, "%-12s %-12s %12s %12.6f  (", "", "actions", "", mj(power_action_energy_pj(p, (int)c)));
        for (size_t a = 0; a < power_nactions(p, (int)c); a++)
            fprintf(f, "%s%s x%llu", a ? ", " : "", power_action_name(p, (int)c, (int)a),
                    (unsigned long long)power_action_count(p, (int)c, (int)a));
        fputs(")\n", f);
    }
}

static void text_metrics(FILE *f, const struct power *p, const struct report_info *info,
                         const struct report_metrics *m)
{
    const char *inf = info->inference_phase ? info->inference_phase : "inference";
    if (!m->has_inference && !m->has_e2e)
        return;
    fprintf(f, "\nmetrics (per inference; phase '%s' entered %u time%s):\n", inf, m->inferences,
            m->inferences == 1 ? "" : "s");
    if (m->has_inference) {
        fprintf(f, "  %-22s %12.4f ms\n", "inference latency", ms(m->inference_latency_ps));
        fprintf(f, "  %-22s %12.6f mJ\n", "inference energy", mj(m->inference_energy_pj));
        fprintf(f, "  %-22s %12.3f mW\n", "inference power", m->inference_power_mw);
    }
    if (m->has_e2e) {
        fprintf(f, "  %-22s %12.4f ms   (phases:", "end-to-end latency", ms(m->e2e_latency_ps));
        for (size_t ph = 0; ph < power_nphases(p); ph++)
            if (!excluded(info, power_phase_name(p, (int)ph)))
                fprintf(f, " %s", power_phase_name(p, (int)ph));
        fprintf(f, ")\n  %-22s %12.6f mJ\n", "end-to-end energy", mj(m->e2e_energy_pj));
    }
    const char *clk = info->inference_clock ? info->inference_clock : "clock";
    if (m->has_mac_per_cycle)
        fprintf(f, "  %-22s %12.6f      (%llu MACs / %llu %s cycles%s)\n", "MAC/cycle",
                m->mac_per_cycle, (unsigned long long)info->macs, (unsigned long long)m->cycles,
                clk, m->cycles_derived ? ", derived from time x clock" : "");
    if (m->has_uw_per_mhz)
        fprintf(f, "  %-22s %12.3f uW/MHz (%s at %.3f MHz)\n", "power efficiency", m->uw_per_mhz,
                clk, (double)info->inference_clock_hz / 1e6);
}

static void text_duty(FILE *f, const struct power *p, const struct report_info *info)
{
    struct report_duty d;
    report_duty_compute(p, info, &d);
    if (!d.has)
        return;
    fprintf(f, "\nduty cycle: %u frame%s", info->duty_frames, info->duty_frames == 1 ? "" : "s");
    if (d.period_ps)
        fprintf(f, " at %g fps (N/F = %.4f ms)", info->duty_fps, ms(d.period_ps * info->duty_frames));
    fprintf(f, "\n  %-22s %12.4f ms   (the run after boot)\n", "frames' window", ms(d.window_ps));
    fprintf(f, "  %-22s %12.6f mJ\n", "window energy", mj(d.window_energy_pj));
    fprintf(f, "  %-22s %12.3f mW\n", "average power", d.average_power_mw);
    if (d.has_battery)
        fprintf(f, "  %-22s %12.3f h    (%.3f days; %g mAh at %g V = %.1f J)\n", "battery life",
                d.battery_life_h, d.battery_life_h / 24.0, info->battery_mah, info->battery_v, d.battery_j);
}

static void write_text(FILE *f, const struct power *p, const struct report_info *info)
{
    struct report_metrics m;
    report_compute(p, info, &m);
    uint64_t t = power_now_ps(p);
    double e = power_total_energy_pj(p);
    fprintf(f, "ttemu report: board %s%s%s\n", info->board, info->firmware ? ", firmware " : "",
            info->firmware ? info->firmware : "");
    fprintf(f, "total: %.4f ms, %.6f mJ (average %.3f mW)\n", ms(t), mj(e),
            t ? e / (double)t * 1000.0 : 0.0);
    if (info->stopped)
        fprintf(f, "stopped early: %s (totals up to the time reached)\n", info->stopped);
    if (info->core_cycles || info->instructions)
        fprintf(f, "core: %llu cycles, %llu instructions\n",
                (unsigned long long)info->core_cycles, (unsigned long long)info->instructions);
    text_phases(f, p);
    text_components(f, p);
    text_metrics(f, p, info, &m);
    text_duty(f, p, info);
    table2_write_text(f, p, info); /* the paper's Table II beside (emu/power/table2.c) */
}

/* ---- entry points --------------------------------------------------------- */

int report_write(FILE *out, enum report_format fmt, const struct power *p,
                 const struct report_info *info)
{
    int rc = 0;
    switch (fmt) {
    case REPORT_TEXT: write_text(out, p, info); break;
    case REPORT_JSON: rc = write_tree(out, false, p, info); break;
    case REPORT_YAML: rc = write_tree(out, true, p, info); break;
    case REPORT_CSV: write_csv(out, p, info); break;
    }
    return ferror(out) || rc ? -1 : 0;
}

int report_write_file(const char *path, const struct power *p, const struct report_info *info,
                      char *err, size_t errlen)
{
    enum report_format fmt;
    if (!report_format_from_path(path, &fmt)) {
        snprintf(err, errlen, "%s: expected a report file ending in .json, .yaml, .yml or .csv",
                 path);
        return -1;
    }
    FILE *f = fopen(path, "w");
    if (!f) {
        snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
        return -1;
    }
    int rc = report_write(f, fmt, p, info);
    if (fclose(f) != 0 || rc) {
        snprintf(err, errlen, "%s: write failed: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}
