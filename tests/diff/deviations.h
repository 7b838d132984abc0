/* The known-deviation list (deviations.c): where Unicorn 2.0.1 departs
 * from the ARMv7-M manual, the manual's result is asserted instead. A
 * deviation applies to one step (one instruction of a case). */
#ifndef TTEMU_TESTS_DIFF_DEVIATIONS_H
#define TTEMU_TESTS_DIFF_DEVIATIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "tests/diff/diff.h"
#include "tests/diff/runner.h"

enum {
    DEV_NONE, DEV_LDM_ALIGN, DEV_STREX_ALIGN, DEV_NOREF, DEV_SMLAD_Q, DEV_SP_LOW, DEV_MAX_FPSCR,
    DEV_ALIGN_UNMAPPED,
};

struct deviation {
    const char *id;
    const char *summary;
    const char *manual;  /* where the manual says what the right result is */
    /* The manual's result of instruction k from the state before it.
     * With `replaces`, Unicorn does not run the step and expect() builds
     * the result from `pre` alone; otherwise it corrects Unicorn's. */
    void (*expect)(const struct tcase *t, unsigned k, const struct state *pre, struct state *uc);
    bool replaces;
    /* For deviations found by looking at the instruction (NULL: the
     * generator marks its cases with tcase.dev). */
    bool (*applies)(const struct tcase *t, unsigned k, const struct state *pre);
};

extern const struct deviation deviations[];
extern const unsigned ndeviations;

/* The deviation that applies to instruction k of t from state pre, or 0. */
int deviation_for_step(const struct tcase *t, unsigned k, const struct state *pre);

#endif
