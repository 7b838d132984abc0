/* Device models against times and energies worked out by hand for the
 * round-number board tests/data/devices/testboard.yaml (core 100 MHz). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "devices/device.h"
#include "devices/link.h"
#include "emu/machine.h"
#include "emu/power/power.h"

#define BOARD "tests/data/devices/testboard.yaml"

static struct machine *new_machine(void)
{
    static struct machine m;
    char err[256];
    m.frame_path = NULL;
    if (machine_init(&m, BOARD, err, sizeof err)) {
        print_error("%s\n", err);
        fail();
    }
    return &m;
}

/* Advances simulated time to t_ps (the core idles) and fires due events. */
static void advance_to(struct machine *m, uint64_t t_ps)
{
    m->cpu.cycles = machine_cycle_at(m, t_ps);
    sched_run_until(&m->sched, machine_now_ps(m));
}

static uint32_t rd(struct machine *m, uint32_t a)
{
    uint32_t v = 0;
    assert_true(bus_read(&m->bus, a, 4, &v));
    return v;
}

static void wr(struct machine *m, uint32_t a, uint32_t v)
{
    assert_true(bus_write(&m->bus, a, 4, v));
}

/* 1 MiB over USB 2.0 bulk: 2048 packets of 512 B; 157 full microframes of
 * 13 packets (19.625 ms), then 7 packets (3584 B) at 480 Mbit/s
 * (59.733 us), plus the 20 us transfer overhead. */
static void usb2_transfer_time(void **state)
{
    (void)state;
    struct machine *m = new_machine();
    const struct board_link *usb = board_find_link(&m->board, "usb");
    uint64_t expect = 157ull * 125000000ull + (3584ull * 8 * 1000000000000ull + 479999999) / 480000000 + 20000000ull;
    assert_int_equal(link_transfer_ps(usb, 1u << 20), expect);
    machine_free(m);
}

/* The device API's time of a core cycle across a clock change: at 100 MHz
 * a cycle is 10 ns, so cycle 100 starts at 1 us; after a switch to 50 MHz
 * there, each cycle is 20 ns and cycle 150 starts at 2 us. Cycles before
 * the switch map to the switch itself. */
static void dev_cycle_time_across_clock_change(void **state)
{
    (void)state;
    struct machine *m = new_machine();
    assert_int_equal(dev_clock_hz(m), 100000000ull);
    assert_int_equal(dev_cycle_ps(m, 100), 1000000ull);
    advance_to(m, 1000000ull);
    dev_set_clock(m, 50000000ull);
    assert_int_equal(dev_clock_hz(m), 50000000ull);
    assert_int_equal(dev_cycle_ps(m, 150), 2000000ull);
    assert_int_equal(dev_cycle_ps(m, 10), 1000000ull);
    for (uint64_t t = 1000001ull; t < 1100000ull; t += 7777) { /* after the switch */
        uint64_t c = machine_cycle_at(m, t);
        assert_true(dev_cycle_ps(m, c) >= t);
        assert_true(dev_cycle_ps(m, c - 1) < t);
    }
    machine_free(m);
}

/* LOAD 1000 at 1 MHz: 1 ms to zero. Halfway VALUE reads 500. */
static void timer_counts_and_expires(void **state)
{
    (void)state;
    struct machine *m = new_machine();
    wr(m, 0x40000004, 1000);          /* LOAD */
    wr(m, 0x40000000, 3);             /* enable + IRQ */
    advance_to(m, 500000000ull);      /* 0.5 ms */
    assert_int_equal(rd(m, 0x40000008), 500);
    assert_int_equal(rd(m, 0x4000000c), 0);
    advance_to(m, 1000000000ull);     /* 1 ms */
    assert_int_equal(rd(m, 0x4000000c), 1);
    assert_int_equal(rd(m, 0x40000008), 1000); /* reloaded */
    machine_free(m);
}

/* 4096 bytes at 4 bytes a cycle at 100 MHz: 1024 cycles = 10.24 us. The
 * destination keeps its old bytes until then; 2 pJ a byte is charged. */
static void dma_copies_on_completion(void **state)
{
    (void)state;
    struct machine *m = new_machine();
    uint8_t src[4096], dst[4096];
    for (int k = 0; k < 4096; k++)
        src[k] = (uint8_t)(k * 7);
    bus_debug_write(&m->bus, 0x20000000, src, sizeof src);
    wr(m, 0x40001000, 0x20000000);
    wr(m, 0x40001004, 0x20010000);
    wr(m, 0x40001008, 4096);
    wr(m, 0x4000100c, 1 | 2);
    advance_to(m, 10230000ull);       /* just before 10.24 us */
    bus_debug_read(&m->bus, 0x20010000, dst, sizeof dst);
    assert_int_equal(dst[1], 0);
    assert_int_equal(rd(m, 0x40001010) & 1, 1);
    advance_to(m, 10240000ull);
    bus_debug_read(&m->bus, 0x20010000, dst, sizeof dst);
    assert_memory_equal(src, dst, sizeof src);
    assert_int_equal(rd(m, 0x40001010), 2);
    int dma = power_comp_id(m->power, "dma");
    assert_true(power_comp_energy_pj(m->power, dma) == 2.0 * 4096);
    machine_free(m);
}

/* 48 lines of 10 us: the frame lands after 480 us, only when powered. */
static void camera_readout_time(void **state)
{
    (void)state;
    struct machine *m = new_machine();
    wr(m, 0x40002008, 0x20100000);
    wr(m, 0x40002000, 1);             /* START while off: error */
    assert_int_equal(rd(m, 0x40002004) & 4, 4);
    wr(m, 0x40002000, 8 | 1);         /* POWER + START */
    assert_int_equal(rd(m, 0x40002020), 480000); /* READOUT_NS */
    advance_to(m, 479990000ull);     /* one core cycle (10 ns) before */
    assert_int_equal(rd(m, 0x40002004) & 2, 0);
    advance_to(m, 480000000ull);
    assert_int_equal(rd(m, 0x40002004) & 2, 2);
    assert_int_equal(rd(m, 0x40002018), 1);
    int cam = power_comp_id(m->power, "camera");
    assert_string_equal(power_state_name(m->power, cam, power_comp_state(m->power, cam)), "streaming");
    machine_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(usb2_transfer_time),
        cmocka_unit_test(dev_cycle_time_across_clock_change),
        cmocka_unit_test(timer_counts_and_expires),
        cmocka_unit_test(dma_copies_on_completion),
        cmocka_unit_test(camera_readout_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
