/* ARM semihosting (the "Semihosting for AArch32 and AArch64" spec, v2) over
 * BKPT 0xAB. Time-related calls answer in simulated time, never host time,
 * so runs are deterministic. */
#ifndef TTEMU_EMU_SEMIHOST_H
#define TTEMU_EMU_SEMIHOST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct cpu;

#define SEMIHOST_MAX_FILES 32

struct semihost {
    FILE *files[SEMIHOST_MAX_FILES]; /* handle = index; NULL = closed */
    bool is_tty[SEMIHOST_MAX_FILES];
    unsigned feature_pos[SEMIHOST_MAX_FILES]; /* read position in ":semihosting-features" */
    bool is_features[SEMIHOST_MAX_FILES];
    int last_errno;
    const char *cmdline;
    /* SYS_HEAPINFO answer: heap base/limit, stack base (top)/limit. */
    uint32_t heap_base, heap_limit, stack_base, stack_limit;
    /* Simulated time source. */
    uint64_t (*now_ps)(void *ctx);
    uint64_t tick_hz;     /* SYS_TICKFREQ: ticks are core cycles */
    void *time_ctx;
    FILE *out, *err, *in; /* where ":tt" goes */
};

void semihost_init(struct semihost *sh);
void semihost_close_all(struct semihost *sh);
/* Handles one call (r0 = operation, r1 = argument); returns false if the
 * operation is unknown. Sets the core's stop state on SYS_EXIT. */
bool semihost_call(struct semihost *sh, struct cpu *c);

#endif
