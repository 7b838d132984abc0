/* The end-of-run report: metrics against hand-computed values, and the
 * JSON/YAML/CSV outputs read back (JSON and YAML with libyaml). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>
#include <cmocka.h>
#include <yaml.h>

#include "emu/board/board.h"
#include "emu/json.h"
#include "emu/power/power.h"
#include "emu/power/report.h"

#define US 1000000ull

#define assert_near(a, b, eps)                                              \
    do {                                                                    \
        double a_ = (a), b_ = (b);                                          \
        if (!(fabs(a_ - b_) <= (eps)))                                      \
            fail_msg("%s = %.17g, expected %.17g", #a, a_, b_);             \
    } while (0)

/* The model of test_power.c: cpu run 10 mW + 500 uW/MHz (60 mW at
 * 100 MHz), sleep 2 mW, mac 0.5 pJ; cam on 25 mW, starts off. */
static const char model_yaml[] =
    "name: t\n"
    "description: report test\n"
    "cores: [{name: c, kind: cortex-m4, clock_hz: 100M}]\n"
    "memory: [{name: m, base: 0, size: 4Ki, kind: sram}]\n"
    "power:\n"
    "  - {name: cpu, clock_hz: 100M, states: {run: {power_mw: 10, uw_per_mhz: 500}, sleep: 2},\n"
    "     actions_pj: {mac: 0.5}}\n"
    "  - {name: cam, initial: off, states: {on: 25, off: 0}}\n";

struct fixture {
    struct board_desc b;
    struct power *p;
    struct report_info info;
};

/* boot 0-1 us; capture 1-3 us (cam on); inference 3-6 us (1000 macs,
 * clock 50 MHz from 4 us); idle 6-10 us (cpu asleep). Energies by hand:
 *   capture   cpu 60 mW x 2 us = 120000 pJ, cam 25 mW x 2 us = 50000 pJ
 *   inference cpu 60 x 1 + 35 x 2 = 130000 pJ, + 500 pJ of MACs = 130500 pJ
 *   total     60000 + 170000 + 130500 + 8000 (2 mW x 4 us) = 368500 pJ */
static void run_script(struct power *p)
{
    int cpu = power_comp_id(p, "cpu"), cam = power_comp_id(p, "cam");
    power_set_phase(p, power_phase_id(p, "capture"), 1 * US);
    power_set_state(p, cam, power_state_id(p, cam, "on"), 1 * US);
    power_set_state(p, cam, power_state_id(p, cam, "off"), 3 * US);
    power_set_phase(p, power_phase_id(p, "inference"), 3 * US);
    power_action(p, cpu, power_action_id(p, cpu, "mac"), 1000);
    power_set_clock(p, cpu, 50000000, 4 * US);
    power_set_state(p, cpu, power_state_id(p, cpu, "sleep"), 6 * US);
    power_set_phase(p, power_phase_id(p, "idle"), 6 * US);
    power_finish(p, 10 * US);
}

static int setup(void **state)
{
    static struct fixture f;
    char err[256];
    memset(&f, 0, sizeof f);
    if (board_load_text(model_yaml, strlen(model_yaml), "t.yaml", &f.b, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    f.p = power_create(&f.b);
    run_script(f.p);
    f.info.board = "t";
    f.info.firmware = "fw.elf";
    f.info.macs = 1000;
    f.info.inference_clock_hz = 50000000;
    f.info.inference_clock = "cpu";
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    power_destroy(f->p);
    board_free(&f->b);
    return 0;
}

static char *render(const struct fixture *f, enum report_format fmt)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    assert_non_null(m);
    assert_int_equal(report_write(m, fmt, f->p, &f->info), 0);
    fclose(m);
    return buf;
}

static void test_metrics(void **state)
{
    struct fixture *f = *state;
    struct report_metrics m;
    report_compute(f->p, &f->info, &m);
    assert_true(m.has_inference);
    assert_int_equal(m.inferences, 1);
    assert_int_equal(m.inference_latency_ps, 3 * US);
    assert_near(m.inference_energy_pj, 130500.0, 1e-6);
    assert_near(m.inference_power_mw, 43.5, 1e-9);        /* 130500 pJ / 3 us */
    assert_true(m.has_e2e);                               /* capture + inference */
    assert_int_equal(m.e2e_latency_ps, 5 * US);
    assert_near(m.e2e_energy_pj, 300500.0, 1e-6);         /* 170000 + 130500 */
    assert_true(m.cycles_derived);
    assert_int_equal(m.cycles, 150);                      /* 3 us x 50 MHz */
    assert_near(m.mac_per_cycle, 1000.0 / 150.0, 1e-12);
    assert_near(m.uw_per_mhz, 870.0, 1e-9);               /* 43.5 mW / 50 MHz */
}

static void test_metrics_counted_cycles_and_custom_phases(void **state)
{
    struct fixture *f = *state;
    static const char *const exclude[] = { "boot", NULL };
    struct report_metrics m;
    f->info.inference_cycles = 200;
    f->info.e2e_exclude = exclude;   /* idle now counts: 5 + 4 us */
    report_compute(f->p, &f->info, &m);
    assert_false(m.cycles_derived);
    assert_near(m.mac_per_cycle, 5.0, 1e-12);
    assert_int_equal(m.e2e_latency_ps, 9 * US);
    assert_near(m.e2e_energy_pj, 308500.0, 1e-6);
    f->info.inference_phase = "capture";
    report_compute(f->p, &f->info, &m);
    assert_int_equal(m.inference_latency_ps, 2 * US);
    assert_near(m.inference_energy_pj, 170000.0, 1e-6);
}

static void test_no_inference_phase(void **state)
{
    struct fixture *f = *state;
    struct report_metrics m;
    f->info.inference_phase = "nonexistent";
    report_compute(f->p, &f->info, &m);
    assert_false(m.has_inference);
    assert_false(m.has_mac_per_cycle);
    assert_false(m.has_uw_per_mhz);
    assert_int_equal(m.e2e_latency_ps, 5 * US);   /* whole run, no division */
    char *json = render(f, REPORT_JSON);
    assert_non_null(strstr(json, "\"inference_latency_ps\": null"));
    assert_non_null(strstr(json, "\"mac_per_cycle\": null"));
    free(json);
}

/* Looks up root[k1] or root[k1][k2] (maps only) as a scalar string in a loaded doc. */
static const char *lookup(yaml_document_t *d, const char *k1, const char *k2)
{
    yaml_node_t *n = yaml_document_get_root_node(d);
    const char *keys[2] = { k1, k2 };
    for (int level = 0; level < (k2 ? 2 : 1) && n; level++) {
        yaml_node_t *next = NULL;
        if (n->type != YAML_MAPPING_NODE)
            return NULL;
        for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
            yaml_node_t *k = yaml_document_get_node(d, p->key);
            if (k->type == YAML_SCALAR_NODE && !strcmp((char *)k->data.scalar.value, keys[level]))
                next = yaml_document_get_node(d, p->value);
        }
        n = next;
    }
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static void check_tree(const char *text)
{
    yaml_parser_t parser;
    yaml_document_t doc;
    assert_true(yaml_parser_initialize(&parser));
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, strlen(text));
    if (!yaml_parser_load(&parser, &doc))
        fail_msg("report does not parse: %s at line %lu:\n%s", parser.problem,
                 (unsigned long)parser.problem_mark.line + 1, text);
    const char *schema = lookup(&doc, "schema", NULL);
    assert_non_null(schema);
    assert_string_equal(schema, "ttemu-report");
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
}

/* lookup() descends two levels; check the values the schema promises. */
static void check_values(const char *text)
{
    yaml_parser_t parser;
    yaml_document_t doc;
    assert_true(yaml_parser_initialize(&parser));
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, strlen(text));
    assert_true(yaml_parser_load(&parser, &doc));
    assert_string_equal(lookup(&doc, "total", "duration_ps"), "10000000");
    assert_string_equal(lookup(&doc, "total", "energy_pj"), "368500.000");
    assert_string_equal(lookup(&doc, "metrics", "inference_latency_ps"), "3000000");
    assert_string_equal(lookup(&doc, "metrics", "inference_energy_pj"), "130500.000");
    assert_string_equal(lookup(&doc, "metrics", "e2e_energy_pj"), "300500.000");
    assert_string_equal(lookup(&doc, "metrics", "uw_per_mhz"), "870.000000");
    assert_string_equal(lookup(&doc, "metrics", "cycles"), "150");
    assert_string_equal(lookup(&doc, "units", "energy"), "pJ");
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
}

static void test_json_reads_back(void **state)
{
    char *json = render(*state, REPORT_JSON);
    assert_int_equal(json[0], '{');
    check_values(json);
    free(json);
}

static void test_yaml_reads_back(void **state)
{
    char *yaml = render(*state, REPORT_YAML);
    assert_non_null(strstr(yaml, "schema: \"ttemu-report\"\n"));
    check_values(yaml);
    free(yaml);
}

static void test_csv_rows(void **state)
{
    char *csv = render(*state, REPORT_CSV);
    assert_memory_equal(csv, "record,phase,component,item,quantity,value,unit\n", 48);
    assert_non_null(strstr(csv, "\ntotal,,,,energy,368500.000,pJ\n"));
    assert_non_null(strstr(csv, "\nphase,capture,,,duration,2000000,ps\n"));
    assert_non_null(strstr(csv, "\ncell,capture,cam,,energy,50000.000,pJ\n"));
    assert_non_null(strstr(csv, "\nstate,,cpu,sleep,time,4000000,ps\n"));
    assert_non_null(strstr(csv, "\naction,,cpu,mac,count,1000,count\n"));
    assert_non_null(strstr(csv, "\nmetric,,,,e2e_energy,300500.000,pJ\n"));
    assert_non_null(strstr(csv, "\nmetric,,,,mac_per_cycle,6.666667,MAC/cycle\n"));
    free(csv);
}

static void test_text_table(void **state)
{
    char *text = render(*state, REPORT_TEXT);
    assert_non_null(strstr(text, "total: 0.0100 ms, 0.000369 mJ"));
    assert_non_null(strstr(text, "end-to-end latency"));
    assert_non_null(strstr(text, "(phases: capture inference)"));
    assert_non_null(strstr(text, "870.000 uW/MHz"));
    free(text);
}

static void test_deterministic(void **state)
{
    for (int fmt = REPORT_TEXT; fmt <= REPORT_CSV; fmt++) {
        char *a = render(*state, (enum report_format)fmt), *b = render(*state, (enum report_format)fmt);
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
}

/* A firmware-chosen phase name with quotes, commas and a newline stays
 * valid JSON/YAML and one CSV field. */
static void test_escaping(void **state)
{
    struct fixture *f = *state;
    int odd = power_phase_id(f->p, "odd \"name\",\nhere\\");
    assert_true(odd > 0);
    assert_int_equal(power_set_phase(f->p, odd, 11 * US), 0);
    assert_int_equal(power_finish(f->p, 12 * US), 0);
    char *json = render(f, REPORT_JSON), *yaml = render(f, REPORT_YAML), *csv = render(f, REPORT_CSV);
    check_tree(json);
    check_tree(yaml);
    assert_non_null(strstr(json, "\"odd \\\"name\\\",\\u000ahere\\\\\""));
    assert_non_null(strstr(csv, "\nphase,\"odd \"\"name\"\",\nhere\\\",,,entries,1,count\n"));
    free(json);
    free(yaml);
    free(csv);
}

static void test_format_from_path(void **state)
{
    (void)state;
    enum report_format fmt;
    assert_true(report_format_from_path("a/run.json", &fmt));
    assert_int_equal(fmt, REPORT_JSON);
    assert_true(report_format_from_path("run.YAML", &fmt));
    assert_int_equal(fmt, REPORT_YAML);
    assert_true(report_format_from_path("run.yml", &fmt));
    assert_int_equal(fmt, REPORT_YAML);
    assert_true(report_format_from_path("x.csv", &fmt));
    assert_int_equal(fmt, REPORT_CSV);
    assert_false(report_format_from_path("run.txt", &fmt));
    assert_false(report_format_from_path("run", &fmt));
    assert_false(report_format_from_path("dir.json/run", &fmt));
}

static void test_write_file_errors(void **state)
{
    struct fixture *f = *state;
    char err[256];
    assert_int_equal(report_write_file("/tmp/x.txt", f->p, &f->info, err, sizeof err), -1);
    assert_string_equal(err, "/tmp/x.txt: expected a report file ending in .json, .yaml, .yml or .csv");
    assert_int_equal(report_write_file("/nonexistent-dir/r.json", f->p, &f->info, err, sizeof err), -1);
    assert_non_null(strstr(err, "/nonexistent-dir/r.json: cannot create"));
}

/* ---- the JSON writer (emu/json.c): expectations from RFC 8259 and the
 * Unicode definition of well-formed UTF-8 (Table 3-7), not from its output */

static char *json_text(void (*fill)(struct json *), bool pretty)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    struct json j;
    json_begin(&j, f, pretty, 0);
    fill(&j);
    json_end(&j);
    fclose(f);
    return buf;
}

static void fill_nested(struct json *j)
{
    json_obj(j, NULL);
    json_arr(j, "a");
    json_u64(j, NULL, 1);
    json_obj(j, NULL);
    json_null(j, "b");
    json_close(j);
    json_close(j);
    json_bool(j, "c", true);
    json_num(j, "nan", NAN, 3);
    json_num(j, "inf", INFINITY, 3);
    json_i64(j, "neg", -5);
    json_num(j, "x", 1.5, 2);
    json_obj(j, "empty");
}

static void test_json_nesting(void **state)
{
    (void)state;
    char *t = json_text(fill_nested, false);
    assert_string_equal(t, "{\"a\":[1,{\"b\":null}],\"c\":true,\"nan\":null,\"inf\":null,"
                           "\"neg\":-5,\"x\":1.50,\"empty\":{}}\n");
    free(t);
    t = json_text(fill_nested, true);
    assert_string_equal(t, "{\n  \"a\": [\n    1,\n    {\n      \"b\": null\n    }\n  ],\n  \"c\": true,"
                           "\n  \"nan\": null,\n  \"inf\": null,\n  \"neg\": -5,\n  \"x\": 1.50,"
                           "\n  \"empty\": {}\n}\n");
    free(t);
}

static char *escaped(const char *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    json_put_string(f, s);
    fclose(f);
    return buf;
}

static void test_json_escaping_and_utf8(void **state)
{
    (void)state;
    static const struct { const char *in, *out; } cases[] = {
        {"a\"b\\c", "\"a\\\"b\\\\c\""},
        {"\n\x01\x7f", "\"\\u000a\\u0001\\u007f\""},
        {"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\""},
        {"x\xc3", "\"x\\ufffd\""},                       /* truncated */
        {"\x80y", "\"\\ufffdy\""},                       /* stray continuation */
        {"\xc0\xaf", "\"\\ufffd\\ufffd\""},              /* overlong '/' */
        {"\xe0\x80\xaf", "\"\\ufffd\\ufffd\\ufffd\""},   /* overlong, 3 bytes */
        {"\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\""},   /* UTF-16 surrogate */
        {"\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\""}, /* above U+10FFFF */
        {"\xf4\x8f\xbf\xbf", "\"\xf4\x8f\xbf\xbf\""},      /* U+10FFFF itself */
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char *t = escaped(cases[k].in);
        assert_string_equal(t, cases[k].out);
        free(t);
    }
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_metrics), T(test_metrics_counted_cycles_and_custom_phases),
        T(test_no_inference_phase), T(test_json_reads_back), T(test_yaml_reads_back),
        T(test_csv_rows), T(test_text_table), T(test_deterministic), T(test_escaping),
        T(test_format_from_path), T(test_write_file_errors),
        cmocka_unit_test(test_json_nesting), cmocka_unit_test(test_json_escaping_and_utf8),
    };
    return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
