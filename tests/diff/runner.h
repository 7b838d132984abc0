/* The runner's own API (tests/diff/README.md): the state both emulators
 * are compared on after every instruction, the two machines, the
 * manual's exception rules, the comparison and the report.
 *
 *   main.c       options and the loop: generate a case, step it on both
 *   ttemu_m.c    the ttemu machine: one instruction at a time, exceptions
 *                read back from the frame the core stacked
 *   unicorn_m.c  the Unicorn machines (Cortex-M4, Cortex-M7, and the max
 *                CPU for what the M7 model refuses), one instruction at a
 *                time
 *   expect.c     what the manual says an exception looks like, from the
 *                fault Unicorn raised
 *   compare.c    one step's comparison and the text of a mismatch
 *   report.c     the per-class, per-form and coverage summary */
#ifndef TTEMU_TESTS_DIFF_RUNNER_H
#define TTEMU_TESTS_DIFF_RUNNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tests/diff/diff.h"

/* What stopped an instruction, in the manual's terms (CFSR bit names,
 * B3.2.15), so the two emulators' reports can be compared. */
enum fault_kind {
    FK_NONE, FK_UNDEFINSTR, FK_INVSTATE, FK_NOCP, FK_UNALIGNED, FK_PRECISERR,
    FK_SVC, FK_BKPT, FK_OTHER,
};
const char *fault_kind_name(enum fault_kind k);

/* What is compared after every instruction. */
struct state {
    uint32_t r[16];      /* r[15]: the next PC; after an exception the stacked return address */
    uint32_t apsr;       /* N Z C V Q and GE[3:0] in their xPSR positions */
    uint8_t  itstate;    /* EPSR.IT[7:0] (the stacked one after an exception) */
    uint32_t primask, faultmask, basepri, control;
    uint64_t d[16];      /* FP registers (FP classes only) */
    uint32_t fpscr;
    enum fault_kind kind;
    bool     fault;      /* kind != FK_NONE */
    /* The exception taken (0: none, -1: lockup) and the fault status it
     * left: ttemu's registers, or the manual's expectation (expect.c)
     * for Unicorn, which has no System Control Block. */
    int      exc;
    uint32_t cfsr, hfsr, bfar;
    bool     noref;      /* the reference cannot run it: only "ttemu executes it" is checked */
    bool     frame_bad;  /* ttemu: the exception frame is not below the SP (ttemu_m.c) */
    /* ttemu: the SP was outside the scratch RAM at the fault, so stacking
     * faulted too (a derived BusFault STKERR, B1.5.6): only the kind of
     * the instruction's own fault is compared */
    bool     stack_off;
    const char *why;     /* the emulator's own words for the fault */
};

/* Machine flavours: the Cortex-M4F (every integer class and FPv4-SP) and
 * the Cortex-M7 (FPv5 with double precision). */
enum { FL_M4F, FL_M7, FL_COUNT };
extern const char *const fl_ttemu_model[FL_COUNT];

/* Code memory, shared by both emulators (ttemu's region). */
extern uint8_t *code;
extern uint8_t *tscratch, *uscratch;

/* --- ttemu --- */
void tm_setup(const char *model_override);
const char *tm_model_name(int flavour);
void tm_select(int flavour);
/* Loads the initial state; enabled is a bit mask of exception numbers
 * (MemManage 4, BusFault 5, UsageFault 6) enabled in SHCSR. */
void tm_begin(const struct tcase *t, uint32_t addr, const struct state *in, unsigned enabled);
void tm_step(const struct tcase *t, struct state *out);
void tm_code_changed(void);
/* Which of ttemu's decode patterns decodes an instruction (-1: none). */
int  tm_decode(const struct tcase *t, uint32_t addr, unsigned k);
void tm_close(void);

/* --- Unicorn --- */
void um_setup(void);
void um_select(int flavour);
void um_begin(const struct tcase *t, uint32_t addr, const struct state *in);
/* One instruction from `pre` (the state after the last step). */
void um_step(const struct tcase *t, uint32_t addr, const struct state *pre, struct state *out);
/* Makes Unicorn's registers those of s (after a step it could not run). */
void um_sync(const struct tcase *t, const struct state *s);
void um_code_changed(void);
void um_close(void);
extern uint64_t max_runs; /* steps whose reference was the max CPU */
const char *um_version(void);
/* What the last step's Unicorn run ended with, for the report. */
extern const char *uc_stop_text;

/* --- the manual's exception rules (expect.c) --- */
void expect_exception(struct state *s, const struct state *pre, unsigned enabled);
/* ITAdvance() (A7.3.3). */
uint8_t it_advance(uint8_t it);

/* --- comparison (compare.c) --- */
struct step_diff {
    const char *kind;    /* NULL: the step matched */
    int mem_at;          /* first differing scratch byte (8-aligned), or -1 */
};
void compare_step(const struct tcase *t, const struct state *ts, const struct state *us,
                  bool undecoded, struct step_diff *d);
/* Text of a mismatch: the case (marking the instruction stepped), the
 * state before the step and every difference. */
size_t describe(char *buf, size_t len, const struct tcase *t, uint32_t addr, unsigned step_insn,
                const struct state *in, const struct state *pre, const struct state *ts,
                const struct state *us, const char *ref_name, const struct step_diff *d);
void disasm_open(void);
void disasm_close(void);

/* --- report (report.c) --- */
struct form_stat {
    const char *form;
    const struct diff_class *cls;
    uint64_t cases, mismatch, unimpl, faultdiff, value, dev, bothfault;
    char example[2400];
};
struct form_stat *form_stat(const struct diff_class *cls, const char *form);
void report_summary(uint64_t insns, uint64_t steps, uint64_t ncases, double secs, unsigned examples);
void report_coverage(const uint64_t *hits, unsigned npatterns, bool all);
void report_deviations(const uint64_t *dev_count, unsigned n);

#endif
