/* Semihosting calls, made directly on a bare core's memory: each call's
 * parameter block is built in guest RAM and the result checked against
 * the ARM semihosting specification (and QEMU's conventions where the
 * spec leaves a choice, as docs/cli.md says). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "emu/semihost.h"
#include "harness.h"

#define BLOCK 0x20001000u /* parameter blocks */
#define DATA  0x20002000u /* strings and buffers */

struct fixture {
    struct harness *h;
    struct semihost sh;
    FILE *out, *err;
    uint64_t now_ps;
};

static uint64_t fake_now(void *ctx) { return ((struct fixture *)ctx)->now_ps; }

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    f->h = harness_new("cortex-m4");
    semihost_init(&f->sh);
    f->out = tmpfile();
    f->err = tmpfile();
    f->sh.out = f->out;
    f->sh.err = f->err;
    f->sh.now_ps = fake_now;
    f->sh.time_ctx = f;
    f->sh.tick_hz = 25000000;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    semihost_close_all(&f->sh);
    fclose(f->out);
    fclose(f->err);
    harness_free(f->h);
    free(f);
    return 0;
}

static void put(struct fixture *f, uint32_t addr, const void *p, size_t n)
{
    assert_true(bus_debug_write(&f->h->bus, addr, p, n));
}

static void put_words(struct fixture *f, uint32_t addr, const uint32_t *w, size_t n)
{
    put(f, addr, w, 4 * n);
}

static uint32_t call(struct fixture *f, uint32_t op, uint32_t arg)
{
    f->h->cpu.r[0] = op;
    f->h->cpu.r[1] = arg;
    assert_true(semihost_call(&f->sh, &f->h->cpu));
    return f->h->cpu.r[0];
}

static uint32_t open_tt(struct fixture *f, uint32_t mode)
{
    put(f, DATA, ":tt", 4);
    const uint32_t blk[3] = { DATA, mode, 3 };
    put_words(f, BLOCK, blk, 3);
    return call(f, 0x01, BLOCK);
}

static size_t contents(FILE *fp, char *buf, size_t n)
{
    fflush(fp);
    rewind(fp);
    size_t got = fread(buf, 1, n - 1, fp);
    buf[got] = 0;
    return got;
}

/* SYS_OPEN ":tt" by mode (0-3 stdin, 4-7 stdout, 8-11 stderr), SYS_WRITE
 * returns the bytes NOT written (0 on success). */
static void write_to_console(void **state)
{
    struct fixture *f = *state;
    uint32_t out = open_tt(f, 4), err = open_tt(f, 8);
    assert_true(out != 0xffffffffu && err != 0xffffffffu && out != err);
    put(f, DATA + 0x100, "hello\n", 6);
    const uint32_t blk[3] = { out, DATA + 0x100, 6 };
    put_words(f, BLOCK, blk, 3);
    assert_int_equal(call(f, 0x05, BLOCK), 0);
    char buf[64];
    assert_int_equal(contents(f->out, buf, sizeof buf), 6);
    assert_string_equal(buf, "hello\n");
    assert_int_equal(contents(f->err, buf, sizeof buf), 0);
    const uint32_t close_blk[1] = { out };
    put_words(f, BLOCK, close_blk, 1);
    assert_int_equal(call(f, 0x02, BLOCK), 0);
    assert_int_equal(call(f, 0x02, BLOCK), 0xffffffffu); /* closed twice */
}

/* SYS_WRITE0 and SYS_WRITEC go to the debug console (stderr, as QEMU). */
static void write0_and_writec(void **state)
{
    struct fixture *f = *state;
    put(f, DATA, "abc", 4);
    assert_int_equal(call(f, 0x04, DATA), 0);
    put(f, DATA + 8, "!", 1);
    assert_int_equal(call(f, 0x03, DATA + 8), 0);
    char buf[16];
    contents(f->err, buf, sizeof buf);
    assert_string_equal(buf, "abc!");
}

/* ":semihosting-features": "SHFB" then a byte with EXIT_EXTENDED (bit 0)
 * and STDOUT_STDERR (bit 1); SYS_FLEN gives 5; SYS_READ returns the bytes
 * not read. */
static void features_file(void **state)
{
    struct fixture *f = *state;
    put(f, DATA, ":semihosting-features", 22);
    const uint32_t open_blk[3] = { DATA, 0, 21 };
    put_words(f, BLOCK, open_blk, 3);
    uint32_t h = call(f, 0x01, BLOCK);
    assert_true(h != 0xffffffffu);
    const uint32_t flen_blk[1] = { h };
    put_words(f, BLOCK, flen_blk, 1);
    assert_int_equal(call(f, 0x0c, BLOCK), 5);
    const uint32_t read_blk[3] = { h, DATA + 0x100, 8 };
    put_words(f, BLOCK, read_blk, 3);
    assert_int_equal(call(f, 0x06, BLOCK), 3); /* 8 asked, 5 there */
    uint8_t got[5];
    bus_debug_read(&f->h->bus, DATA + 0x100, got, 5);
    assert_memory_equal(got, "SHFB\x03", 5);
}

/* SYS_EXIT_EXTENDED [ADP_Stopped_ApplicationExit, 42] exits with 42;
 * plain SYS_EXIT carries no code: ApplicationExit is 0, anything else 1. */
static void exit_codes(void **state)
{
    struct fixture *f = *state;
    const uint32_t blk[2] = { 0x20026, 42 };
    put_words(f, BLOCK, blk, 2);
    call(f, 0x20, BLOCK);
    assert_int_equal(f->h->cpu.stop, CPU_STOP_EXIT);
    assert_int_equal(f->h->cpu.exit_code, 42);
    f->h->cpu.stop = CPU_STOP_NONE;
    call(f, 0x18, 0x20026);
    assert_int_equal(f->h->cpu.exit_code, 0);
    f->h->cpu.stop = CPU_STOP_NONE;
    call(f, 0x18, 0x20023); /* RunTimeErrorUnknown */
    assert_int_equal(f->h->cpu.exit_code, 1);
}

/* Time is simulated: SYS_CLOCK centiseconds, SYS_TIME seconds of the
 * simulated clock; SYS_ELAPSED core cycles as 64 bits; SYS_TICKFREQ. */
static void simulated_time(void **state)
{
    struct fixture *f = *state;
    f->now_ps = 2345000000000ull; /* 2.345 s */
    assert_int_equal(call(f, 0x10, 0), 234);
    assert_int_equal(call(f, 0x11, 0), 2);
    assert_int_equal(call(f, 0x31, 0), 25000000);
    f->h->cpu.cycles = 0x123456789ull;
    assert_int_equal(call(f, 0x30, BLOCK), 0);
    uint32_t w[2];
    bus_debug_read(&f->h->bus, BLOCK, w, 8);
    assert_int_equal(w[0], 0x23456789u);
    assert_int_equal(w[1], 0x1u);
}

/* SYS_HEAPINFO fills the 4-word block its argument points to; a command
 * line too long for the firmware's buffer is an error. */
static void heapinfo_and_cmdline(void **state)
{
    struct fixture *f = *state;
    f->sh.heap_base = 0x20010000;
    f->sh.heap_limit = 0x203f0000;
    f->sh.stack_base = 0x20400000;
    f->sh.stack_limit = 0x203f0000;
    const uint32_t ptr[1] = { DATA };
    put_words(f, BLOCK, ptr, 1);
    assert_int_equal(call(f, 0x16, BLOCK), 0);
    uint32_t info[4];
    bus_debug_read(&f->h->bus, DATA, info, sizeof info);
    assert_int_equal(info[0], 0x20010000);
    assert_int_equal(info[2], 0x20400000);
    f->sh.cmdline = "fw.elf --fast";
    const uint32_t cmd[2] = { DATA + 0x100, 64 };
    put_words(f, BLOCK, cmd, 2);
    assert_int_equal(call(f, 0x15, BLOCK), 0);
    char line[32];
    bus_debug_read(&f->h->bus, DATA + 0x100, line, 14);
    assert_string_equal(line, "fw.elf --fast");
    uint32_t len;
    bus_debug_read(&f->h->bus, BLOCK + 4, &len, 4);
    assert_int_equal(len, 13);
    const uint32_t small[2] = { DATA + 0x100, 8 };
    put_words(f, BLOCK, small, 2);
    assert_int_equal(call(f, 0x15, BLOCK), 0xffffffffu);
}

/* Bad pointers fail the call (-1), never fault the core; host commands and
 * file removal are refused with EPERM, reported by SYS_ERRNO. */
static void bad_pointers_and_refusals(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(call(f, 0x01, 0x90000000u), 0xffffffffu); /* unmapped block */
    const uint32_t blk[3] = { 0x90000000u, 0, 5 };
    put_words(f, BLOCK, blk, 3);
    assert_int_equal(call(f, 0x01, BLOCK), 0xffffffffu);        /* unmapped name */
    assert_int_equal(call(f, 0x12, BLOCK), 0xffffffffu);        /* SYS_SYSTEM */
    assert_int_equal(call(f, 0x13, 0), 1 /* EPERM */);
    f->h->cpu.r[0] = 0x99; /* unknown operation */
    f->h->cpu.r[1] = 0;
    assert_false(semihost_call(&f->sh, &f->h->cpu));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(write_to_console, setup, teardown),
        cmocka_unit_test_setup_teardown(write0_and_writec, setup, teardown),
        cmocka_unit_test_setup_teardown(features_file, setup, teardown),
        cmocka_unit_test_setup_teardown(exit_codes, setup, teardown),
        cmocka_unit_test_setup_teardown(simulated_time, setup, teardown),
        cmocka_unit_test_setup_teardown(heapinfo_and_cmdline, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_pointers_and_refusals, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
