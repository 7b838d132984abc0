/* Shared helpers for the end-to-end firmware tests (tests/firmware, one image per .c file).
 *
 * Each test prints deterministic lines (compared byte for byte between
 * QEMU and ttemu by tests/suites/20-firmware-qemu.sh) and checks identities
 * that hold by definition or published test vectors. fw_finish() exits with
 * the test's own code when every check held, and with 1 otherwise, so the
 * exit status is compared too. */
#ifndef FWTEST_H
#define FWTEST_H

#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

static unsigned fw_checks, fw_failed;

#define FW_CHECK(cond) fw_check_at((cond), #cond, __LINE__)

static inline void fw_check_at(int ok, const char *what, int line)
{
    fw_checks++;
    if (!ok) {
        fw_failed++;
        printf("CHECK FAILED line %d: %s\n", line, what);
    }
}

static inline void fw_finish(const char *name, int code)
{
    printf("%s: %u checks, %u failed\n", name, fw_checks, fw_failed);
    fflush(stdout);
    exit(fw_failed ? 1 : code);
}

/* A small deterministic generator (xorshift32) for test data. */
static inline uint32_t fw_rand(uint32_t *s)
{
    uint32_t x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *s = x;
}

#endif
