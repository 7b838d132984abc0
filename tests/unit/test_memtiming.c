/* Memory timing: per-region wait states charged where the access happens,
 * fetch wait states through the prefetch line, and the M7 caches. Every
 * expected figure is worked out in the comment above its test from the
 * rules in docs/timing.md, never copied from ttemu's output. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <unistd.h>
#include <cmocka.h>

#include "emu/machine.h"
#include "harness.h"
#include "isa/cache.h"

enum { CODE = 0, RAM = 1 }; /* harness regions: code at 0, ram at 0x20000000 */

static struct harness *setup(const char *model, const uint16_t *code, size_t n)
{
    struct harness *h = harness_new(model);
    harness_code(h, 0x1000, code, n);
    h->cpu.r[1] = h->cpu.r[3] = h->cpu.r[5] = 0x20000000u;
    return h;
}

static uint64_t steps(struct harness *h, unsigned insns)
{
    uint64_t before = h->cpu.cycles;
    assert_int_equal(harness_step(h, insns), CPU_STOP_NONE);
    return h->cpu.cycles - before;
}

static void done(struct harness *h)
{
    memsys_detach(&h->cpu);
    harness_free(h);
}

/* LDR r0,[r1] from a region with wait_read 2 on the M4: the TRM's 2
 * cycles plus 2 wait states = 4; and the region's pages leave the fast
 * path while the zero-wait code region keeps it. */
static void m4_load_two_waits(void **state)
{
    (void)state;
    const uint16_t code[] = { 0x6808 };
    struct harness *h = setup("cortex-m4", code, 1);
    h->bus.regions[RAM].wait_read = 2;
    assert_int_equal(memsys_attach(&h->cpu, NULL, NULL), 0);
    assert_null(h->bus.rmap[0x20000000u >> BUS_PAGE_BITS]);
    assert_non_null(h->bus.rmap[0]);
    assert_int_equal(steps(h, 1), 2 + 2);
    assert_int_equal(h->cpu.r[0], 0);
    done(h);
}

/* STR r0,[r1] with wait_write 3: 1 + 3 = 4 (Cortex-M4 TRM 3.3.1: "STR Rx,[Ry,#imm]
 * is always one cycle", plus the region's wait states); the store really lands. */
static void m4_store_three_waits(void **state)
{
    (void)state;
    const uint16_t code[] = { 0x6008 };
    struct harness *h = setup("cortex-m4", code, 1);
    h->cpu.r[0] = 0x12345678u;
    h->bus.regions[RAM].wait_write = 3;
    assert_int_equal(memsys_attach(&h->cpu, NULL, NULL), 0);
    assert_int_equal(steps(h, 1), 1 + 3);
    uint32_t v = 0;
    assert_true(bus_read(&h->bus, 0x20000000u, 4, &v));
    assert_int_equal(v, 0x12345678u);
    done(h);
}

/* Three pipelined loads (2+1+1) from a 2-wait region: each access pays
 * its 2 wait states: 4 + 6 = 10. */
static void m4_pipelined_loads_with_waits(void **state)
{
    (void)state;
    const uint16_t code[] = { 0x6808, 0x681a, 0x682c };
    struct harness *h = setup("cortex-m4", code, 3);
    h->bus.regions[RAM].wait_read = 2;
    assert_int_equal(memsys_attach(&h->cpu, NULL, NULL), 0);
    assert_int_equal(steps(h, 3), 4 + 3 * 2);
    done(h);
}

/* Ten NOPs from code with wait_read 10, starting at 0x1000 (a 16-byte
 * line): the first line is the entry's (paid by whoever branched there);
 * the next line is requested when the core starts on the first and
 * arrives 10 + 1 cycles later, while the 8 NOPs of the first line take 8:
 * the 9th NOP at 0x1010 stalls 11 - 8 = 3: 10 + 3 = 13. */
static void m4_fetch_waits_per_line(void **state)
{
    (void)state;
    uint16_t code[10];
    for (int k = 0; k < 10; k++)
        code[k] = 0xbf00;
    struct harness *h = setup("cortex-m4", code, 10);
    h->bus.regions[CODE].wait_read = 10;
    assert_int_equal(memsys_attach(&h->cpu, NULL, NULL), 0);
    assert_int_equal(steps(h, 8), 8);
    assert_int_equal(steps(h, 2), 2 + 3);
    done(h);
}

/* 24 NOPs (three lines of 8) from 10-wait code: each new line stalls
 * 11 - 8 = 3 (the stall itself is not time the next fetch overlaps):
 * 24 + 2 x 3 = 30. */
static void m4_fetch_waits_three_lines(void **state)
{
    (void)state;
    uint16_t code[24];
    for (int k = 0; k < 24; k++)
        code[k] = 0xbf00;
    struct harness *h = setup("cortex-m4", code, 24);
    h->bus.regions[CODE].wait_read = 10;
    assert_int_equal(memsys_attach(&h->cpu, NULL, NULL), 0);
    assert_int_equal(steps(h, 24), 24 + 2 * 3);
    done(h);
}

/* The same with wait_read 3: the next line arrives after 4 cycles, the
 * first line's 8 NOPs hide it: 10 cycles, no stall. */
static void m4_fetch_waits_hidden(void **state)
{
    (void)state;
    uint16_t code[10];
    for (int k = 0; k < 10; k++)
        code[k] = 0xbf00;
    struct harness *h = setup("cortex-m4", code, 10);
    h->bus.regions[CODE].wait_read = 3;
    assert_int_equal(memsys_attach(&h->cpu, NULL, NULL), 0);
    assert_int_equal(steps(h, 10), 10);
    done(h);
}

/* B 0x1008 into code with wait_read 3: 1 + P(1, a direct branch to a
 * 16-bit target: test_timing.c) + 3 for the target line. */
static void m4_branch_into_wait_region(void **state)
{
    (void)state;
    const uint16_t code[] = { 0xe002, 0xbf00, 0xbf00, 0xbf00, 0xbf00 };
    struct harness *h = setup("cortex-m4", code, 5);
    h->bus.regions[CODE].wait_read = 3;
    assert_int_equal(memsys_attach(&h->cpu, NULL, NULL), 0);
    assert_int_equal(steps(h, 1), 1 + 1 + 3);
    done(h);
}

/* The cache by itself: 1 KiB, 32-byte lines, 2 ways: 16 sets, so
 * A = 0x20000000, B = A + 0x200, C = A + 0x400 share set 0.
 * read A miss, read B miss, read A hit, read C miss (evicts B, the least
 * recently used), read B miss (evicts A), read A miss (evicts C). */
static void cache_lru_sequence(void **state)
{
    (void)state;
    struct cache k;
    struct cache_config cfg = { 1024, 32, 2, 0, 10 };
    assert_int_equal(cache_init(&k, &cfg), 0);
    assert_int_equal(k.nsets, 16);
    const uint32_t A = 0x20000000u, B = A + 0x200, C = A + 0x400;
    assert_int_equal(cache_access(&k, A, false), CACHE_MISS);
    assert_int_equal(cache_access(&k, B, false), CACHE_MISS);
    assert_int_equal(cache_access(&k, A + 4, false), CACHE_HIT); /* same line */
    assert_int_equal(cache_access(&k, C, false), CACHE_MISS);
    assert_int_equal(cache_access(&k, A, false), CACHE_HIT);     /* A stayed */
    assert_int_equal(cache_access(&k, B, false), CACHE_MISS);    /* evicts C (A newer) */
    assert_int_equal(cache_access(&k, C, false), CACHE_MISS);    /* evicts A */
    assert_int_equal(cache_access(&k, A, false), CACHE_MISS);
    assert_int_equal(k.hits, 2);
    assert_int_equal(k.misses, 6);
    assert_int_equal(k.writebacks, 0);
    /* A different set is independent: 0x20000020 is set 1. */
    assert_int_equal(cache_access(&k, A + 0x20, false), CACHE_MISS);
    assert_int_equal(cache_access(&k, A + 0x3c, false), CACHE_HIT);
    cache_free(&k);
}

/* Write-back, write-allocate: write A (miss, allocated dirty), read B
 * (miss), read C: evicts dirty A: a write-back; then A again: miss, and
 * the victim B is clean. */
static void cache_writeback(void **state)
{
    (void)state;
    struct cache k;
    struct cache_config cfg = { 1024, 32, 2, 0, 10 };
    assert_int_equal(cache_init(&k, &cfg), 0);
    const uint32_t A = 0x20000000u, B = A + 0x200, C = A + 0x400;
    assert_int_equal(cache_access(&k, A, true), CACHE_MISS);
    assert_int_equal(cache_access(&k, A, false), CACHE_HIT);
    assert_int_equal(cache_access(&k, B, false), CACHE_MISS);
    assert_int_equal(cache_access(&k, C, false), CACHE_MISS_WRITEBACK);
    assert_int_equal(cache_access(&k, A, false), CACHE_MISS);
    assert_int_equal(k.writebacks, 1);
    cache_free(&k);
}

static void cache_bad_geometry(void **state)
{
    (void)state;
    struct cache k;
    struct cache_config odd = { 1000, 32, 2, 0, 10 }, tiny = { 32, 32, 2, 0, 10 };
    assert_int_equal(cache_init(&k, &odd), -1);
    assert_int_equal(cache_init(&k, &tiny), -1);
}

/* D-cache on the M7, data RAM with 1 wait state each way, a 1 KiB 2-way
 * cache of 32-byte lines, miss 10: a miss costs 10 + 1 x 4 beats = 14, a
 * hit 0, a miss that writes back a dirty line 14 + 4 = 18. Measured as
 * the difference from the same code on zero-wait uncached RAM. Code:
 * LDR r0,[r1]; LDR r2,[r1,#4] (same line); STR r0,[r1,#0x200] (set 0
 * again, way 2: miss, allocated dirty); LDR r4,[r5,#0x400]... set 0, third
 * line: evicts the LRU, the clean first line: 14.
 * Extra: 14 + 0 + 14 + 14 = 42. */
static void m7_dcache_costs(void **state)
{
    (void)state;
    /* 0x6808 LDR r0,[r1]; 0x684a LDR r2,[r1,#4]; r3 = r1 + 0x200, r5 = r1 + 0x400
     * 0x6018 STR r0,[r3]; 0x682c LDR r4,[r5] */
    const uint16_t code[] = { 0x6808, 0x684a, 0x6018, 0x682c };
    struct harness *ref = setup("cortex-m7", code, 4);
    ref->cpu.r[3] = 0x20000200u;
    ref->cpu.r[5] = 0x20000400u;
    uint64_t base = steps(ref, 4);
    done(ref);

    struct harness *h = setup("cortex-m7", code, 4);
    h->cpu.r[3] = 0x20000200u;
    h->cpu.r[5] = 0x20000400u;
    h->bus.regions[RAM].wait_read = h->bus.regions[RAM].wait_write = 1;
    struct cache_config dc = { 1024, 32, 2, 0, 10 };
    assert_int_equal(memsys_attach(&h->cpu, NULL, &dc), 0);
    assert_int_equal(steps(h, 4), base + 42);
    assert_int_equal(h->cpu.mem->dc.misses, 3);
    assert_int_equal(h->cpu.mem->dc.hits, 1);
    done(h);
}

/* Dirty eviction: STR to A, LDR from A+0x200, LDR from A+0x400 (evicts
 * dirty A): 14 + 14 + 18 = 46 extra. */
static void m7_dcache_writeback_cost(void **state)
{
    (void)state;
    /* 0x6008 STR r0,[r1]; 0x681a LDR r2,[r3]; 0x682c LDR r4,[r5] */
    const uint16_t code[] = { 0x6008, 0x681a, 0x682c };
    struct harness *ref = setup("cortex-m7", code, 3);
    ref->cpu.r[3] = 0x20000200u;
    ref->cpu.r[5] = 0x20000400u;
    uint64_t base = steps(ref, 3);
    done(ref);

    struct harness *h = setup("cortex-m7", code, 3);
    h->cpu.r[3] = 0x20000200u;
    h->cpu.r[5] = 0x20000400u;
    h->bus.regions[RAM].wait_read = h->bus.regions[RAM].wait_write = 1;
    struct cache_config dc = { 1024, 32, 2, 0, 10 };
    assert_int_equal(memsys_attach(&h->cpu, NULL, &dc), 0);
    assert_int_equal(steps(h, 3), base + 46);
    assert_int_equal(h->cpu.mem->dc.writebacks, 1);
    done(h);
}

/* I-cache on the M7: 20 NOPs at 0x1000 span the lines 0x1000 and 0x1020
 * (32-byte lines); each is fetched once, at decode, for the miss cost 10
 * (zero-wait code: no fill wait states): 20 extra cycles. Run again from
 * 0x1000, the lines are resident: no extra cycles. */
static void m7_icache_per_line(void **state)
{
    (void)state;
    uint16_t code[20];
    for (int k = 0; k < 20; k++)
        code[k] = 0xbf00;
    struct harness *ref = setup("cortex-m7", code, 20);
    uint64_t base = steps(ref, 20);
    done(ref);

    struct harness *h = setup("cortex-m7", code, 20);
    struct cache_config ic = { 1024, 32, 2, 0, 10 };
    assert_int_equal(memsys_attach(&h->cpu, &ic, NULL), 0);
    assert_non_null(h->bus.rmap[0]); /* no D-cache: data stays on the fast path */
    assert_int_equal(steps(h, 20), base + 20);
    h->cpu.pc = 0x1000;
    assert_int_equal(steps(h, 20), base);
    assert_int_equal(h->cpu.mem->ic.misses, 2);
    done(h);
}

/* ARMv7-M default memory map (B3.1): Code, SRAM and external RAM are
 * cacheable; peripherals, external devices and the PPB are not. */
static void default_map_cacheability(void **state)
{
    (void)state;
    assert_true(mem_default_cacheable(0x00000000u));
    assert_true(mem_default_cacheable(0x1fffffffu));
    assert_true(mem_default_cacheable(0x20000000u));
    assert_true(mem_default_cacheable(0x30000000u));
    assert_false(mem_default_cacheable(0x40000000u));
    assert_false(mem_default_cacheable(0x5fffffffu));
    assert_true(mem_default_cacheable(0x60000000u));
    assert_true(mem_default_cacheable(0x9fffffffu));
    assert_false(mem_default_cacheable(0xa0000000u));
    assert_false(mem_default_cacheable(0xe000e000u));
}

/* A machine built from a board: the zero-wait uncached TCMs keep the fast
 * path, the cacheable SRAM behind the D-cache and the waited flash do not;
 * TCMs are never cached even inside the cacheable Code/SRAM ranges; the
 * device window is not cacheable. */
static void board_regions_and_tcm(void **state)
{
    (void)state;
    static const char yaml[] =
        "name: memt\n"
        "description: memory timing\n"
        "boot: 0x0\n"
        "cores:\n"
        "  - {name: m7, kind: cortex-m7, clock_hz: 100M,\n"
        "     icache: {size: 4Ki, line: 32, ways: 2, miss_cycles: 5},\n"
        "     dcache: {size: 4Ki, line: 32, ways: 4, miss_cycles: 5}}\n"
        "memory:\n"
        "  - {name: itcm, base: 0x0, size: 64Ki, kind: tcm}\n"
        "  - {name: dtcm, base: 0x20000000, size: 64Ki, kind: tcm}\n"
        "  - {name: sram, base: 0x20200000, size: 64Ki, kind: sram}\n"
        "  - {name: flash, base: 0x30000000, size: 64Ki, kind: flash, wait_read: 4}\n"
        "devices:\n"
        "  - {name: uart0, type: uart, base: 0x40100000, size: 0x1000, irq: 0}\n";
    char path[64];
    snprintf(path, sizeof path, "/tmp/ttemu-memtiming-%ld.yaml", (long)getpid());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(yaml, f);
    fclose(f);
    static struct machine m;
    char err[256] = "";
    int rc = machine_init(&m, path, err, sizeof err);
    remove(path);
    if (rc)
        fail_msg("%s", err);
    assert_non_null(m.cpu.mem);
    assert_true(m.cpu.mem->has_ic && m.cpu.mem->has_dc);
    assert_non_null(m.bus.rmap[0]);                          /* ITCM: fast */
    assert_non_null(m.bus.rmap[0x20000000u >> BUS_PAGE_BITS]); /* DTCM: fast */
    assert_null(m.bus.rmap[0x20200000u >> BUS_PAGE_BITS]);     /* cached SRAM: slow */
    assert_null(m.bus.rmap[0x30000000u >> BUS_PAGE_BITS]);     /* waited flash: slow */
    assert_false(memsys_fetch_cached(&m.cpu, 0x0));
    assert_false(memsys_fetch_cached(&m.cpu, 0x20000000u));
    assert_true(memsys_fetch_cached(&m.cpu, 0x20200000u));
    assert_true(memsys_fetch_cached(&m.cpu, 0x30000000u));
    assert_false(memsys_fetch_cached(&m.cpu, 0x40100000u));
    /* Cached flash: a data miss is 5 + 4 waits x 4 beats = 21, then a hit 0;
     * DTCM costs nothing. */
    assert_int_equal(memsys_data_cost(&m.cpu, 0x30000000u, false), 21);
    assert_int_equal(memsys_data_cost(&m.cpu, 0x30000004u, false), 0);
    assert_int_equal(memsys_data_cost(&m.cpu, 0x20000000u, true), 0);
    machine_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(m4_load_two_waits),
        cmocka_unit_test(m4_store_three_waits),
        cmocka_unit_test(m4_pipelined_loads_with_waits),
        cmocka_unit_test(m4_fetch_waits_per_line),
        cmocka_unit_test(m4_fetch_waits_three_lines),
        cmocka_unit_test(m4_fetch_waits_hidden),
        cmocka_unit_test(m4_branch_into_wait_region),
        cmocka_unit_test(cache_lru_sequence),
        cmocka_unit_test(cache_writeback),
        cmocka_unit_test(cache_bad_geometry),
        cmocka_unit_test(m7_dcache_costs),
        cmocka_unit_test(m7_dcache_writeback_cost),
        cmocka_unit_test(m7_icache_per_line),
        cmocka_unit_test(default_map_cacheability),
        cmocka_unit_test(board_regions_and_tcm),
    };
    return cmocka_run_group_tests_name("memtiming", tests, NULL, NULL);
}
