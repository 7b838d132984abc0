/* The known-deviation list (deviations.c) and the state the runner compares. */
#ifndef TTEMU_TESTS_DIFF_DEVIATIONS_H
#define TTEMU_TESTS_DIFF_DEVIATIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "tests/diff/diff.h"

/* What is compared after a case. r[15] is the next PC. */
struct state {
    uint32_t r[16];
    uint32_t apsr;       /* N Z C V Q and GE[3:0] in their xPSR positions */
    uint32_t primask, faultmask, basepri, control;
    uint64_t d[16];      /* FP registers (FP classes only) */
    uint32_t fpscr;
    bool fault;          /* the case raised an exception (any) */
    bool mem_unchanged;  /* expected result: scratch memory untouched */
    bool noref;          /* the reference cannot run it: only "no fault" is checked */
};

struct deviation {
    const char *id;
    const char *summary;
    const char *manual;  /* where the manual says what the right result is */
    /* Turns Unicorn's result into the manual's. */
    void (*expect)(const struct tcase *t, const struct state *init, struct state *uc);
    /* For deviations found by looking at the case (NULL: the generator
     * marks its cases with tcase.dev). */
    bool (*applies)(const struct tcase *t, const struct state *init);
};

extern const struct deviation deviations[];
extern const unsigned ndeviations;

#endif
