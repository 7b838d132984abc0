/* The power integrator against energies worked out by hand.
 *
 * Units: 1 mW for 1 us (1e6 ps) is 1 nJ = 1000 pJ. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <math.h>
#include <string.h>
#include <cmocka.h>

#include "emu/board/board.h"
#include "emu/power/power.h"

#define US 1000000ull  /* ps per microsecond */

/* cmocka 1.1's float assertion works in float; energies need doubles. */
#define assert_near(a, b, eps)                                              \
    do {                                                                    \
        double a_ = (a), b_ = (b);                                          \
        if (!(fabs(a_ - b_) <= (eps)))                                      \
            fail_msg("%s = %.17g, expected %.17g", #a, a_, b_);             \
    } while (0)

/* cpu: run = 10 mW + 500 uW/MHz (60 mW at 100 MHz), sleep = 2 mW,
 *      action mac = 0.5 pJ;  cam: off = 0, on = 25 mW, starts off. */
static const char model_yaml[] =
    "name: t\n"
    "description: power test\n"
    "cores: [{name: c, kind: cortex-m4, clock_hz: 100M}]\n"
    "memory: [{name: m, base: 0, size: 4Ki, kind: sram}]\n"
    "power:\n"
    "  - name: cpu\n"
    "    clock_hz: 100M\n"
    "    states:\n"
    "      run: {power_mw: 10, uw_per_mhz: 500}\n"
    "      sleep: 2\n"
    "    actions_pj: {mac: 0.5}\n"
    "  - name: cam\n"
    "    initial: off\n"
    "    states: {on: 25, off: 0}\n";

struct fixture {
    struct board_desc b;
    struct power *p;
    int cpu, cam, run, sleep, on, off, mac;
};

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
    f.cpu = power_comp_id(f.p, "cpu");
    f.cam = power_comp_id(f.p, "cam");
    f.run = power_state_id(f.p, f.cpu, "run");
    f.sleep = power_state_id(f.p, f.cpu, "sleep");
    f.on = power_state_id(f.p, f.cam, "on");
    f.off = power_state_id(f.p, f.cam, "off");
    f.mac = power_action_id(f.p, f.cpu, "mac");
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

static void test_ids_and_initial_state(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(f->cpu, 0);
    assert_int_equal(f->cam, 1);
    assert_true(f->run >= 0 && f->sleep >= 0 && f->on >= 0 && f->off >= 0 && f->mac >= 0);
    assert_int_equal(power_comp_id(f->p, "nope"), -1);
    assert_int_equal(power_state_id(f->p, f->cpu, "nope"), -1);
    assert_int_equal(power_action_id(f->p, f->cam, "mac"), -1);
    assert_int_equal(power_comp_state(f->p, f->cpu), f->run);  /* first state written */
    assert_int_equal(power_comp_state(f->p, f->cam), f->off);  /* initial: off */
    assert_near(power_comp_mw(f->p, f->cpu), 60.0, 1e-12);  /* 10 + 500*100/1000 */
    assert_int_equal(power_current_phase(f->p), 0);
    assert_string_equal(power_phase_name(f->p, 0), "boot");
}

/* The scripted run:
 *   0-1 us   boot       cpu run 60 mW                        cpu 60000 pJ
 *   1-3 us   capture    cpu 60 mW, cam on 25 mW              cpu 120000, cam 50000
 *   3-6 us   inference  cam off; 1000 macs x 0.5 pJ = 500;
 *                       cpu 60 mW to 4 us, then clock 50 MHz -> 10 + 25 = 35 mW
 *                       60000 + 70000 + 500 = 130500
 *   6-10 us  idle       cpu sleep 2 mW                        cpu 8000 */
static void run_script(struct fixture *f)
{
    int capture = power_phase_id(f->p, "capture");
    int inference = power_phase_id(f->p, "inference");
    int idle = power_phase_id(f->p, "idle");
    assert_int_equal(power_phase_id(f->p, "capture"), capture);  /* found, not created */
    assert_int_equal(power_set_phase(f->p, capture, 1 * US), 0);
    assert_int_equal(power_set_state(f->p, f->cam, f->on, 1 * US), 0);
    assert_int_equal(power_set_state(f->p, f->cam, f->off, 3 * US), 0);
    assert_int_equal(power_set_phase(f->p, inference, 3 * US), 0);
    assert_int_equal(power_action(f->p, f->cpu, f->mac, 1000), 0);
    assert_int_equal(power_set_clock(f->p, f->cpu, 50000000, 4 * US), 0);
    assert_int_equal(power_set_state(f->p, f->cpu, f->sleep, 6 * US), 0);
    assert_int_equal(power_set_phase(f->p, idle, 6 * US), 0);
    assert_int_equal(power_finish(f->p, 10 * US), 0);
}

static void test_scripted_energies(void **state)
{
    struct fixture *f = *state;
    run_script(f);
    int boot = 0, capture = power_phase_id(f->p, "capture");
    int inference = power_phase_id(f->p, "inference"), idle = power_phase_id(f->p, "idle");

    assert_near(power_energy_pj(f->p, f->cpu, boot), 60000.0, 1e-6);
    assert_near(power_energy_pj(f->p, f->cpu, capture), 120000.0, 1e-6);
    assert_near(power_energy_pj(f->p, f->cpu, inference), 130500.0, 1e-6);
    assert_near(power_energy_pj(f->p, f->cpu, idle), 8000.0, 1e-6);
    assert_near(power_energy_pj(f->p, f->cam, capture), 50000.0, 1e-6);
    assert_near(power_energy_pj(f->p, f->cam, inference), 0.0, 1e-6);

    assert_near(power_comp_energy_pj(f->p, f->cpu), 318500.0, 1e-6);
    assert_near(power_comp_energy_pj(f->p, f->cam), 50000.0, 1e-6);
    assert_near(power_phase_energy_pj(f->p, capture), 170000.0, 1e-6);
    assert_near(power_total_energy_pj(f->p), 368500.0, 1e-6);
    assert_near(power_action_energy_pj(f->p, f->cpu), 500.0, 1e-9);
    assert_int_equal(power_action_count(f->p, f->cpu, f->mac), 1000);
}

static void test_scripted_times(void **state)
{
    struct fixture *f = *state;
    run_script(f);
    assert_int_equal(power_phase_time_ps(f->p, 0), 1 * US);
    assert_int_equal(power_phase_time_ps(f->p, power_phase_id(f->p, "capture")), 2 * US);
    assert_int_equal(power_phase_time_ps(f->p, power_phase_id(f->p, "inference")), 3 * US);
    assert_int_equal(power_phase_time_ps(f->p, power_phase_id(f->p, "idle")), 4 * US);
    assert_int_equal(power_state_time_ps(f->p, f->cpu, f->run), 6 * US);
    assert_int_equal(power_state_time_ps(f->p, f->cpu, f->sleep), 4 * US);
    assert_int_equal(power_state_time_ps(f->p, f->cam, f->on), 2 * US);
    assert_int_equal(power_state_time_ps(f->p, f->cam, f->off), 8 * US);
    /* run: 60000 + 120000 + 60000 + 70000; sleep: 2 mW x 4 us */
    assert_near(power_state_energy_pj(f->p, f->cpu, f->run), 310000.0, 1e-6);
    assert_near(power_state_energy_pj(f->p, f->cpu, f->sleep), 8000.0, 1e-6);
    assert_int_equal(power_now_ps(f->p), 10 * US);
    assert_int_equal(power_phase_entries(f->p, power_phase_id(f->p, "inference")), 1);
}

static void test_time_backwards_rejected(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(power_set_state(f->p, f->cam, f->on, 5 * US), 0);
    assert_int_equal(power_set_state(f->p, f->cam, f->off, 4 * US), -1);
    assert_int_equal(power_comp_state(f->p, f->cam), f->on);     /* unchanged */
    assert_int_equal(power_set_phase(f->p, 0, 1 * US), -1);
    assert_int_equal(power_finish(f->p, 2 * US), -1);
    assert_int_equal(power_finish(f->p, 7 * US), 0);
    /* cam: off 0-5 us, on 5-7 us at 25 mW = 50000 pJ, all in boot */
    assert_near(power_energy_pj(f->p, f->cam, 0), 50000.0, 1e-6);
}

static void test_bad_ids_rejected(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(power_set_state(f->p, 7, 0, 1), -1);
    assert_int_equal(power_set_state(f->p, f->cpu, 9, 1), -1);
    assert_int_equal(power_set_state(f->p, -1, 0, 1), -1);
    assert_int_equal(power_set_phase(f->p, 3, 1), -1);
    assert_int_equal(power_action(f->p, f->cam, 0, 1), -1);
    assert_int_equal(power_add_energy(f->p, f->cam, -1.0), -1);
    assert_int_equal(power_phase_id(f->p, ""), -1);
    char longname[64];
    memset(longname, 'x', sizeof longname - 1);
    longname[63] = 0;
    assert_int_equal(power_phase_id(f->p, longname), -1);
    assert_null(power_comp_name(f->p, 5));
    assert_int_equal(power_now_ps(f->p), 0);  /* nothing above moved time */
}

static void test_repeated_phase_counts_entries(void **state)
{
    struct fixture *f = *state;
    int inf = power_phase_id(f->p, "inference");
    for (int k = 1; k <= 3; k++)
        assert_int_equal(power_set_phase(f->p, inf, (uint64_t)k * US), 0);
    assert_int_equal(power_finish(f->p, 4 * US), 0);
    assert_int_equal(power_phase_entries(f->p, inf), 3);
    assert_int_equal(power_phase_time_ps(f->p, inf), 3 * US);
    /* cpu 60 mW over 3 us of inference */
    assert_near(power_energy_pj(f->p, f->cpu, inf), 180000.0, 1e-6);
}

static void test_raw_energy_goes_to_current_phase(void **state)
{
    struct fixture *f = *state;
    int cap = power_phase_id(f->p, "capture");
    assert_int_equal(power_set_phase(f->p, cap, 0), 0);
    assert_int_equal(power_add_energy(f->p, f->cam, 1234.5), 0);
    assert_int_equal(power_finish(f->p, 0), 0);
    assert_near(power_energy_pj(f->p, f->cam, cap), 1234.5, 1e-9);
    assert_near(power_total_energy_pj(f->p), 1234.5, 1e-9);
}

/* Phases beyond the first allocation (8) keep earlier energies intact. */
static void test_many_phases(void **state)
{
    struct fixture *f = *state;
    char name[16];
    for (int k = 1; k <= 20; k++) {
        snprintf(name, sizeof name, "p%d", k);
        int ph = power_phase_id(f->p, name);
        assert_int_equal(ph, k);
        assert_int_equal(power_set_phase(f->p, ph, (uint64_t)k * US), 0);
    }
    assert_int_equal(power_finish(f->p, 21 * US), 0);
    for (int k = 1; k <= 20; k++)  /* 1 us each at cpu 60 mW */
        assert_near(power_energy_pj(f->p, f->cpu, k), 60000.0, 1e-6);
    assert_near(power_total_energy_pj(f->p), 21 * 60000.0, 1e-6);
}

struct seen { int calls, last_comp; double last_mw; };

static void observer(void *ctx, int comp, uint64_t t_ps, double mw, int phase)
{
    struct seen *s = ctx;
    (void)t_ps; (void)phase;
    s->calls++;
    s->last_comp = comp;
    s->last_mw = mw;
}

static void test_observer(void **state)
{
    struct fixture *f = *state;
    struct seen s = { 0, 0, 0 };
    power_set_observer(f->p, observer, &s);
    assert_int_equal(power_set_state(f->p, f->cam, f->on, 1), 0);
    assert_int_equal(s.calls, 1);
    assert_int_equal(s.last_comp, f->cam);
    assert_near(s.last_mw, 25.0, 1e-12);
    assert_int_equal(power_set_phase(f->p, power_phase_id(f->p, "x"), 2), 0);
    assert_int_equal(s.last_comp, -1);
    assert_near(s.last_mw, 85.0, 1e-12);  /* total: 60 + 25 */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_ids_and_initial_state, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scripted_energies, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scripted_times, setup, teardown),
        cmocka_unit_test_setup_teardown(test_time_backwards_rejected, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_ids_rejected, setup, teardown),
        cmocka_unit_test_setup_teardown(test_repeated_phase_counts_entries, setup, teardown),
        cmocka_unit_test_setup_teardown(test_raw_energy_goes_to_current_phase, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many_phases, setup, teardown),
        cmocka_unit_test_setup_teardown(test_observer, setup, teardown),
    };
    return cmocka_run_group_tests_name("power", tests, NULL, NULL);
}
