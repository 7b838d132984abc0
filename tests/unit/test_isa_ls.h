/* What the load/store class tests share: a bare Cortex-M4 per test, memory
 * pokes, running hand-assembled code, and the one fault expectation. */
#ifndef TTEMU_TEST_ISA_LS_H
#define TTEMU_TEST_ISA_LS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "tests/unit/harness.h"

#define CODE 0x1000u
#define DATA 0x20000100u

static inline int setup(void **state)
{
    *state = harness_new("cortex-m4");
    return 0;
}

static inline int teardown(void **state)
{
    harness_free(*state);
    return 0;
}

static inline void w32(struct harness *h, uint32_t a, uint32_t v) { bus_debug_write(&h->bus, a, &v, 4); }
static inline void w16(struct harness *h, uint32_t a, uint16_t v) { bus_debug_write(&h->bus, a, &v, 2); }
static inline void w8(struct harness *h, uint32_t a, uint8_t v) { bus_debug_write(&h->bus, a, &v, 1); }
static inline uint32_t r32(struct harness *h, uint32_t a)
{
    uint32_t v = 0;
    bus_debug_read(&h->bus, a, &v, 4);
    return v;
}

/* Places the halfwords at addr and runs `steps` instructions. */
static inline enum cpu_stop run_at(struct harness *h, uint32_t addr, const uint16_t *hw, size_t n, unsigned steps)
{
    harness_code(h, addr, hw, n);
    return harness_step(h, steps);
}
#define RUN(h, ...) run_at(h, CODE, (const uint16_t[]){ __VA_ARGS__ }, \
                           sizeof((const uint16_t[]){ __VA_ARGS__ }) / 2, 1)

/* The instruction faulted (what: a word of the fault message, or NULL).
 * With the current exception model a fault stops the core (LOCKUP) with a
 * message; when exception entry lands, this is the one place to adapt. */
static inline void expect_fault(struct harness *h, enum cpu_stop s, const char *what)
{
    assert_int_equal(s, CPU_STOP_LOCKUP);
    if (what)
        assert_non_null(strstr(h->msg, what));
}

#endif
