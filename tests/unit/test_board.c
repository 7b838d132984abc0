/* Board files that are right: the number grammar, every field of a full
 * board, defaults, lookups, and every shipped board (with spot checks of
 * the facts they cite: QEMU's MPS2 maps, the paper's figures). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "emu/board/board.h"

static double num(const char *s)
{
    double v = -12345;
    if (!board_parse_number(s, &v))
        fail_msg("'%s' did not parse", s);
    return v;
}

static void test_numbers(void **state)
{
    (void)state;
    assert_true(num("0") == 0);
    assert_true(num("42") == 42);
    assert_true(num("0x1f") == 31);
    assert_true(num("0X20000000") == 536870912.0);
    assert_true(num("0xffff_ffff") == 4294967295.0);
    assert_true(num("1_000_000") == 1e6);
    assert_true(num("2.5") == 2.5);
    assert_true(num("-3") == -3);
    assert_true(num("1e3") == 1000);
    assert_true(num("1.5e-3") == 0.0015);
    assert_true(num("2.5k") == 2500);
    assert_true(num("156M") == 156000000);
    assert_true(num("8.2M") == 8200000);       /* exactly, not 8199999.99... */
    assert_true(num("0.1G") == 100000000);
    assert_true(num("4Ki") == 4096);
    assert_true(num("1536Ki") == 1572864);
    assert_true(num("16Mi") == 16777216);
    assert_true(num("1Gi") == 1073741824);
    double v;
    const char *bad[] = { "", "-", "k", "1x", "0x", "0xg", "1.2.3", "inf", "nan", " 1", "1 ",
                          "1e", "1e+", "0x1G", "1K", "1m", "1kk", "_1", "1..2", "+1", "1e999" };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
        if (board_parse_number(bad[k], &v))
            fail_msg("'%s' parsed as %g", bad[k], v);
}

static const char full_yaml[] =
    "# every field once\n"
    "name: full\n"
    "description: \"a board with every field\"\n"
    "boot: 0x08000000\n"
    "cores:\n"
    "  - name: cpu\n"
    "    kind: cortex-m4f\n"
    "    clock_hz: 32M\n"
    "    clock_levels_hz: [156M, 32M, 8.2M]\n"
    "    power: core\n"
    "  - {name: cm7, kind: cortex-m7, clock_hz: 0x10}\n"
    "memory:\n"
    "  - {name: flash, base: 0x08000000, size: 1Mi, kind: flash, wait_read: 3}\n"
    "  - {name: ram, base: 0x20000000, size: 128Ki, kind: sram, wait_read: 1, wait_write: 2,\n"
    "     read_pj: 12.5, write_pj: 15, power: mem}\n"
    "  - {name: boot, base: 0x1000, size: 4Ki, kind: rom}\n"
    "  - {name: t, base: 0x10000000, size: 64Ki, kind: tcm}\n"
    "  - {name: dram, base: 0x80000000, size: 0x7fff_f000, kind: sdram}\n"
    "devices:\n"
    "  - name: cam\n"
    "    type: camera\n"
    "    base: 0x40001000\n"
    "    size: 0x100\n"
    "    irq: 479\n"
    "    power: core\n"
    "    params:\n"
    "      width: 320\n"
    "      model: hm01b0\n"
    "      quoted: \"12\"\n"
    "      clock: 6.09M\n"
    "      levels: [1, 0x10, 2.5k]\n"
    "      empty: []\n"
    "  - {name: ghost, type: nothing}\n"
    "links:\n"
    "  - {name: bus, kind: csi2, from: cam, to: cpu, bandwidth_bps: 1776M, overhead_ns: 0.5,\n"
    "     power: mem, params: {lanes: 2}}\n"
    "power:\n"
    "  - name: core\n"
    "    clock_hz: 32M\n"
    "    initial: sleep\n"
    "    states:\n"
    "      run: {power_mw: 1.5, uw_per_mhz: 530.13, voltage_v: 0.8}\n"
    "      sleep: 0.25\n"
    "    actions_pj: {mac: 0.75, byte: 3}\n"
    "  - {name: mem, states: {on: 0}}\n";

static void test_full_board(void **state)
{
    (void)state;
    struct board_desc b;
    char err[256];
    if (board_load_text(full_yaml, strlen(full_yaml), "full.yaml", &b, err, sizeof err))
        fail_msg("%s", err);
    assert_string_equal(b.name, "full");
    assert_string_equal(b.description, "a board with every field");
    assert_string_equal(b.source, "full.yaml");
    assert_int_equal(b.boot_addr, 0x08000000);
    assert_int_equal(b.ncores, 2);
    assert_int_equal(b.cores[0].kind, BOARD_CORE_M4F);
    assert_int_equal(b.cores[0].clock_hz, 32000000);
    assert_int_equal(b.cores[0].nclock_levels, 3);
    assert_int_equal(b.cores[0].clock_levels_hz[2], 8200000);
    assert_string_equal(b.cores[0].power, "core");
    assert_int_equal(b.cores[0].loc.line, 6);
    assert_int_equal(b.cores[0].loc.col, 5);
    /* one fixed clock: the level list is that clock */
    assert_int_equal(b.cores[1].kind, BOARD_CORE_M7);
    assert_int_equal(b.cores[1].nclock_levels, 1);
    assert_int_equal(b.cores[1].clock_levels_hz[0], 16);
    assert_null(b.cores[1].power);

    assert_int_equal(b.nregions, 5);
    const struct board_region *ram = board_find_region(&b, "ram");
    assert_non_null(ram);
    assert_int_equal(ram->base, 0x20000000);
    assert_int_equal(ram->size, 131072);
    assert_int_equal(ram->kind, BOARD_MEM_SRAM);
    assert_int_equal(ram->wait_read, 1);
    assert_int_equal(ram->wait_write, 2);
    assert_true(ram->has_energy);
    assert_true(ram->read_pj == 12.5 && ram->write_pj == 15);
    assert_false(board_find_region(&b, "flash")->has_energy);
    assert_int_equal(board_find_region(&b, "flash")->wait_write, 0);
    assert_int_equal(board_find_region(&b, "boot")->kind, BOARD_MEM_ROM);
    assert_int_equal(board_find_region(&b, "t")->kind, BOARD_MEM_TCM);
    assert_int_equal(board_find_region(&b, "dram")->size, 0x7ffff000u);
    board_free(&b);
}

static void test_full_board_devices(void **state)
{
    (void)state;
    struct board_desc b;
    char err[256];
    assert_int_equal(board_load_text(full_yaml, strlen(full_yaml), "full.yaml", &b, err, sizeof err), 0);
    const struct board_device *cam = board_find_device(&b, "cam");
    assert_ptr_equal(board_find_device_type(&b, "camera"), cam);
    assert_int_equal(cam->base, 0x40001000);
    assert_int_equal(cam->size, 0x100);
    assert_int_equal(cam->irq, 479);
    assert_int_equal(cam->nparams, 6);
    const struct board_param *p = cam->params;
    assert_true(board_param_num(p, 6, "width", 0) == 320);
    assert_string_equal(board_param_str(p, 6, "width", NULL), "320");
    assert_string_equal(board_param_str(p, 6, "model", NULL), "hm01b0");
    assert_true(board_param_num(p, 6, "model", -1) == -1);       /* a string */
    assert_int_equal(board_param_find(p, 6, "quoted")->kind, BOARD_PARAM_STR);
    assert_true(board_param_num(p, 6, "clock", 0) == 6090000);
    const struct board_param *lv = board_param_find(p, 6, "levels");
    assert_int_equal(lv->kind, BOARD_PARAM_LIST);
    assert_int_equal(lv->nlist, 3);
    assert_true(lv->list[0] == 1 && lv->list[1] == 16 && lv->list[2] == 2500);
    assert_int_equal(board_param_find(p, 6, "empty")->nlist, 0);
    assert_null(board_param_find(p, 6, "absent"));
    assert_string_equal(board_param_str(p, 6, "absent", "dflt"), "dflt");
    assert_int_equal(board_param_find(p, 6, "model")->loc.line, 28);

    const struct board_device *ghost = board_find_device(&b, "ghost");
    assert_int_equal(ghost->irq, -1);                          /* defaults */
    assert_int_equal(ghost->size, 0);
    assert_int_equal(ghost->nparams, 0);

    const struct board_link *l = board_find_link(&b, "bus");
    assert_int_equal(l->kind, BOARD_LINK_CSI2);
    assert_int_equal(l->bandwidth_bps, 1776000000ull);
    assert_int_equal(l->overhead_ps, 500);                     /* 0.5 ns */
    assert_string_equal(l->from, "cam");
    assert_true(board_param_num(l->params, l->nparams, "lanes", 0) == 2);
    board_free(&b);
}

static void test_full_board_power(void **state)
{
    (void)state;
    struct board_desc b;
    char err[256];
    assert_int_equal(board_load_text(full_yaml, strlen(full_yaml), "full.yaml", &b, err, sizeof err), 0);
    const struct board_power_comp *core = board_find_power(&b, "core");
    assert_int_equal(core->nstates, 2);
    assert_int_equal(core->initial, 1);
    assert_int_equal(core->clock_hz, 32000000);
    assert_string_equal(core->states[0].name, "run");
    assert_true(core->states[0].power_mw == 1.5);
    assert_true(core->states[0].uw_per_mhz == 530.13);
    assert_true(core->states[0].voltage_v == 0.8);
    assert_true(core->states[1].power_mw == 0.25);             /* NAME: MW shorthand */
    assert_true(core->states[1].uw_per_mhz == 0 && core->states[1].voltage_v == 0);
    assert_int_equal(core->nactions, 2);
    assert_string_equal(core->actions[1].name, "byte");
    assert_true(core->actions[0].energy_pj == 0.75 && core->actions[1].energy_pj == 3);
    assert_int_equal(board_find_power(&b, "mem")->initial, 0);
    assert_null(board_find_power(&b, "nope"));
    board_free(&b);
}

/* Boot defaults to the first region's base. */
static void test_boot_default(void **state)
{
    (void)state;
    static const char y[] = "name: b\ndescription: d\ncores: [{name: c, kind: cortex-m4, clock_hz: 1}]\n"
                            "memory: [{name: m, base: 0x10000, size: 4Ki, kind: sram}]\n";
    struct board_desc b;
    char err[256];
    assert_int_equal(board_load_text(y, strlen(y), "b.yaml", &b, err, sizeof err), 0);
    assert_int_equal(b.boot_addr, 0x10000);
    assert_int_equal(b.ndevices + b.nlinks + b.npower, 0);
    board_free(&b);
}

static void test_every_builtin_parses(void **state)
{
    (void)state;
    const char *const *names;
    size_t n = board_builtin_names(&names);
    const char *want[] = { "coralmicro", "coralusb", "imx500", "mps2-an386", "mps2-an500", "spresense" };
    assert_int_equal(n, 6);
    for (size_t k = 0; k < n; k++) {
        struct board_desc b;
        char err[512], path[128];
        assert_string_equal(names[k], want[k]);   /* name order */
        if (board_load_builtin(names[k], &b, err, sizeof err))
            fail_msg("%s", err);
        assert_string_equal(b.name, names[k]);
        assert_true(strlen(b.description) > 10);
        assert_true(b.ncores >= 1 && b.nregions >= 1 && b.npower >= 1);
        for (size_t d = 0; d < b.ndevices; d++)
            assert_true(b.devices[d].power == NULL || board_find_power(&b, b.devices[d].power));
        board_free(&b);
        /* the file in the tree says the same as the embedded copy */
        snprintf(path, sizeof path, "models/boards/%s.yaml", names[k]);
        if (board_load_file(path, &b, err, sizeof err))
            fail_msg("%s", err);
        assert_string_equal(b.name, names[k]);
        board_free(&b);
    }
}

/* QEMU hw/arm/mps2.c, read by hand: SSRAM1 4 MiB at 0, SSRAM2/3 4 MiB at
 * 0x20000000, PSRAM 16 MiB at 0x21000000 (AN386) or 0x60000000 (AN500),
 * block RAM 16 KiB at 0x01000000 (AN386 only), UART0 at 0x40004000 with RX
 * IRQ 0 and TX IRQ 1, timers at 0x40000000/0x40001000 on IRQ 8/9. QEMU's
 * cortex-m4 has FPv4-SP (hard-float images run there), so AN386 is an M4F. */
static void check_mps2(const char *name, enum board_core_kind kind, uint32_t psram, bool blockram)
{
    struct board_desc b;
    char err[256];
    assert_int_equal(board_load_builtin(name, &b, err, sizeof err), 0);
    assert_int_equal(b.cores[0].kind, kind);
    assert_int_equal(b.cores[0].clock_hz, 25000000);
    assert_int_equal(b.boot_addr, 0);
    assert_int_equal(board_find_region(&b, "ssram1")->base, 0);
    assert_int_equal(board_find_region(&b, "ssram1")->size, 4u << 20);
    assert_int_equal(board_find_region(&b, "ssram23")->base, 0x20000000);
    assert_int_equal(board_find_region(&b, "ssram23")->size, 4u << 20);
    assert_int_equal(board_find_region(&b, "psram")->base, psram);
    assert_int_equal(board_find_region(&b, "psram")->size, 16u << 20);
    assert_int_equal(board_find_region(&b, "blockram") != NULL, blockram);
    const struct board_device *u = board_find_device(&b, "uart0");
    assert_int_equal(u->base, 0x40004000);
    assert_int_equal(u->irq, 0);
    assert_true(board_param_num(u->params, u->nparams, "tx_irq", -1) == 1);
    assert_int_equal(board_find_device(&b, "timer0")->base, 0x40000000);
    assert_int_equal(board_find_device(&b, "timer0")->irq, 8);
    assert_int_equal(board_find_device(&b, "timer1")->irq, 9);
    board_free(&b);
}

static void test_mps2_maps_match_qemu(void **state)
{
    (void)state;
    check_mps2("mps2-an386", BOARD_CORE_M4F, 0x21000000, true);
    check_mps2("mps2-an500", BOARD_CORE_M7, 0x60000000, false);
}

/* PAPER.md: Spresense runs at 156 MHz and draws 530.13 uW/MHz in
 * inference, 82.7 mW; its SRAM is 1.5 MB. */
static void test_spresense_paper_figures(void **state)
{
    (void)state;
    struct board_desc b;
    char err[256];
    assert_int_equal(board_load_builtin("spresense", &b, err, sizeof err), 0);
    assert_int_equal(b.cores[0].clock_hz, 156000000);
    assert_int_equal(b.cores[0].nclock_levels, 3);
    assert_int_equal(board_find_region(&b, "sram")->size, 1536 * 1024);
    const struct board_power_comp *cpu = board_find_power(&b, "cpu");
    double mw = cpu->states[cpu->initial].power_mw +
                cpu->states[cpu->initial].uw_per_mhz * 156 / 1000.0;
    assert_true(fabs(mw - 82.7) < 0.01);
    board_free(&b);
}

/* IMX500: 12.63 us lines x 1520 binned lines = 19.2 ms of readout;
 * CSI-2 at 2 lanes x 2 x 444 MHz = 1776 Mbit/s. */
static void test_imx500_timing_facts(void **state)
{
    (void)state;
    struct board_desc b;
    char err[256];
    assert_int_equal(board_load_builtin("imx500", &b, err, sizeof err), 0);
    const struct board_device *s = board_find_device(&b, "sensor");
    double line_ns = board_param_num(s->params, s->nparams, "line_time_ns", 0);
    double lines = board_param_num(s->params, s->nparams, "height", 0);
    assert_true(fabs(line_ns * lines / 1e6 - 19.2) < 0.01);
    assert_int_equal(board_find_link(&b, "csi2")->bandwidth_bps, 1776000000ull);
    board_free(&b);
}

/* board_load(): a '/' or a .yaml/.yml ending means a file, else a built-in. */
/* Optional M7 caches: geometry and costs as written; hit_cycles defaults
 * to 0; a core without the keys has no cache. */
static void test_cache_fields(void **state)
{
    (void)state;
    static const char yaml[] =
        "name: c\n"
        "description: caches\n"
        "cores:\n"
        "  - name: m7\n"
        "    kind: cortex-m7\n"
        "    clock_hz: 600M\n"
        "    icache: {size: 16Ki, line: 32, ways: 2, miss_cycles: 6}\n"
        "    dcache: {size: 0x4000, line: 32, ways: 4, miss_cycles: 9, hit_cycles: 1}\n"
        "  - {name: m4, kind: cortex-m4, clock_hz: 200M}\n"
        "memory:\n"
        "  - {name: ram, base: 0x20000000, size: 64Ki, kind: sram}\n";
    struct board_desc b;
    char err[256] = "";
    assert_int_equal(board_load_text(yaml, sizeof yaml - 1, "cache.yaml", &b, err, sizeof err), BOARD_OK);
    const struct board_core *m7 = board_find_core(&b, "m7"), *m4 = board_find_core(&b, "m4");
    assert_true(m7->icache.present);
    assert_int_equal(m7->icache.size, 16384);
    assert_int_equal(m7->icache.line, 32);
    assert_int_equal(m7->icache.ways, 2);
    assert_int_equal(m7->icache.miss_cycles, 6);
    assert_int_equal(m7->icache.hit_cycles, 0);
    assert_int_equal(m7->icache.loc.line, 7);
    assert_true(m7->dcache.present);
    assert_int_equal(m7->dcache.size, 16384);
    assert_int_equal(m7->dcache.ways, 4);
    assert_int_equal(m7->dcache.miss_cycles, 9);
    assert_int_equal(m7->dcache.hit_cycles, 1);
    assert_false(m4->icache.present);
    assert_false(m4->dcache.present);
    board_free(&b);
    /* The i.MX RT1176's M7: 32 KiB each, 32-byte lines, I 2-way, D 4-way
     * (Cortex-M7 TRM: fixed line length and associativity). */
    assert_int_equal(board_load_builtin("coralmicro", &b, err, sizeof err), BOARD_OK);
    assert_true(b.cores[0].icache.present && b.cores[0].dcache.present);
    assert_int_equal(b.cores[0].icache.size, 32768);
    assert_int_equal(b.cores[0].icache.ways, 2);
    assert_int_equal(b.cores[0].dcache.ways, 4);
    assert_int_equal(b.cores[0].dcache.line, 32);
    board_free(&b);
    /* MPS2 boards: no caches modelled (QEMU models none either). */
    assert_int_equal(board_load_builtin("mps2-an500", &b, err, sizeof err), BOARD_OK);
    assert_false(b.cores[0].icache.present || b.cores[0].dcache.present);
    board_free(&b);
}

static void test_load_dispatch(void **state)
{
    (void)state;
    struct board_desc b;
    char err[512];
    assert_int_equal(board_load("spresense", &b, err, sizeof err), BOARD_OK);
    assert_string_equal(b.source, "builtin:spresense.yaml");
    board_free(&b);
    assert_int_equal(board_load("models/boards/spresense.yaml", &b, err, sizeof err), BOARD_OK);
    assert_string_equal(b.source, "models/boards/spresense.yaml");
    board_free(&b);
    assert_int_equal(board_load("spresense.yml", &b, err, sizeof err), BOARD_ENOENT);
    assert_string_equal(err, "spresense.yml: cannot open: No such file or directory");
    assert_int_equal(board_load("./spresense", &b, err, sizeof err), BOARD_ENOENT);
    assert_int_equal(board_load("nope", &b, err, sizeof err), BOARD_ENOENT);
    assert_string_equal(err, "no built-in board 'nope' (built-in boards: coralmicro coralusb imx500 "
                             "mps2-an386 mps2-an500 spresense; or give a path to a .yaml file)");
    size_t len = 0;
    const char *text = board_builtin_text("imx500", &len);
    assert_non_null(text);
    assert_true(len > 100 && strlen(text) == len);   /* the file's bytes, NUL-terminated */
    assert_null(board_builtin_text("nope", &len));
    board_free(&b);
}

/* Device models report bad parameters with the parser's located form. */
static void test_param_range_and_errorf(void **state)
{
    (void)state;
    struct board_desc b;
    char err[256];
    double v;
    assert_int_equal(board_load_text(full_yaml, strlen(full_yaml), "full.yaml", &b, err, sizeof err), 0);
    const struct board_device *cam = board_find_device(&b, "cam");
    assert_int_equal(board_param_range(&b, cam->params, cam->nparams, "width", 1, 4096, 0, &v,
                                       err, sizeof err), 0);
    assert_true(v == 320);
    assert_int_equal(board_param_range(&b, cam->params, cam->nparams, "absent", 0, 1, 0.5, &v,
                                       err, sizeof err), 0);
    assert_true(v == 0.5);
    /* width sits at line 27, column 7 of full_yaml */
    assert_int_equal(board_param_range(&b, cam->params, cam->nparams, "width", 1, 100, 0, &v,
                                       err, sizeof err), -1);
    assert_string_equal(err, "full.yaml:27:7: expected width to be a number in [1, 100], found '320'");
    assert_int_equal(board_param_range(&b, cam->params, cam->nparams, "model", 0, 1, 0, &v,
                                       err, sizeof err), -1);
    assert_string_equal(err, "full.yaml:28:7: expected model to be a number in [0, 1], found 'hm01b0'");
    assert_int_equal(board_param_range(&b, cam->params, cam->nparams, "levels", 0, 1, 0, &v,
                                       err, sizeof err), -1);
    assert_string_equal(err, "full.yaml:31:7: expected levels to be a number in [0, 1], found a list");
    assert_int_equal(board_errorf(&b, cam->loc, err, sizeof err, "no sensor called %s", "x"), -1);
    assert_string_equal(err, "full.yaml:20:5: no sensor called x");
    board_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_full_board),
        cmocka_unit_test(test_full_board_devices),
        cmocka_unit_test(test_full_board_power),
        cmocka_unit_test(test_boot_default),
        cmocka_unit_test(test_every_builtin_parses),
        cmocka_unit_test(test_mps2_maps_match_qemu),
        cmocka_unit_test(test_spresense_paper_figures),
        cmocka_unit_test(test_imx500_timing_facts),
        cmocka_unit_test(test_cache_fields),
        cmocka_unit_test(test_load_dispatch),
        cmocka_unit_test(test_param_range_and_errorf),
    };
    return cmocka_run_group_tests_name("board", tests, NULL, NULL);
}
