/* The closing report: per class and per form counts, one example per
 * failing form, ttemu's decode-pattern coverage and the deviations used.
 * The per-class table's layout is what tests/suites/10-isa-diff.sh reads
 * (eight columns). */
#include <inttypes.h>
#include <stdio.h>

#include "isa/decode.h"
#include "tests/diff/deviations.h"
#include "tests/diff/runner.h"

#define MAX_FORMS 256
static struct form_stat fstats[MAX_FORMS];
static unsigned nfstats;

struct form_stat *form_stat(const struct diff_class *cls, const char *form)
{
    for (unsigned k = 0; k < nfstats; k++)
        if (fstats[k].form == form && fstats[k].cls == cls)
            return &fstats[k];
    if (nfstats == MAX_FORMS)
        return &fstats[MAX_FORMS - 1];
    fstats[nfstats].form = form;
    fstats[nfstats].cls = cls;
    return &fstats[nfstats++];
}

static void class_table(uint64_t insns, uint64_t ncases, double secs)
{
    printf("\nper class (%" PRIu64 " instructions in %" PRIu64 " cases, %.2f s):\n", insns, ncases, secs);
    printf("  %-8s %9s %9s %9s %9s %9s %9s %9s\n", "class", "cases", "insns", "pass", "mismatch", "undef",
           "faultdif", "dev");
    for (struct diff_class *c = diff_classes(); c; c = c->next)
        printf("  %-8s %9" PRIu64 " %9" PRIu64 " %9" PRIu64 " %9" PRIu64 " %9" PRIu64 " %9" PRIu64 " %9" PRIu64 "\n",
               c->name, c->cases, c->insns, c->pass, c->mismatch, c->undef, c->faultdiff, c->deviation);
    printf("  (a mismatch counts against the class of the instruction it happened at; a case that\n"
           "   matched counts under its first instruction: IT blocks under branch)\n");
}

static void form_table(void)
{
    printf("\nper form (class / form: cases, mismatches = undefined in ttemu + fault differs + state differs):\n");
    for (struct diff_class *c = diff_classes(); c; c = c->next) {
        bool head = false;
        for (unsigned k = 0; k < nfstats; k++) {
            struct form_stat *f = &fstats[k];
            if (f->cls != c)
                continue;
            if (!head)
                printf("  %s:\n", c->name), head = true;
            printf("    %-50s %7" PRIu64 " cases", f->form, f->cases);
            if (f->mismatch)
                printf("  MISMATCH %" PRIu64 " = %" PRIu64 " + %" PRIu64 " + %" PRIu64, f->mismatch, f->unimpl,
                       f->faultdiff, f->value);
            else
                printf("  ok");
            if (f->dev)
                printf("  (%" PRIu64 " known deviation)", f->dev);
            if (f->bothfault)
                printf("  [%" PRIu64 " faulted in both, fault compared]", f->bothfault);
            printf("\n");
        }
    }
}

static void examples_list(unsigned examples)
{
    unsigned nex = 0;
    for (struct diff_class *c = diff_classes(); c; c = c->next)
        for (unsigned k = 0; k < nfstats && nex < examples; k++)
            if (fstats[k].cls == c && fstats[k].example[0]) {
                if (!nex)
                    printf("\none example per failing form:\n");
                printf("  [%s] %s: %" PRIu64 " of %" PRIu64 " cases\n%s", c->name, fstats[k].form,
                       fstats[k].mismatch, fstats[k].cases, fstats[k].example);
                nex++;
            }
}

void report_summary(uint64_t insns, uint64_t steps, uint64_t ncases, double secs, unsigned examples)
{
    (void)steps;
    class_table(insns, ncases, secs);
    form_table();
    examples_list(examples);
}

void report_coverage(const uint64_t *hits, unsigned npatterns, bool all)
{
    unsigned hit = 0;
    for (unsigned k = 0; k < npatterns; k++)
        hit += hits[k] != 0;
    printf("\nttemu decode patterns hit: %u of %u\n", hit, npatterns);
    if (all) {
        for (unsigned k = 0; k < npatterns; k++)
            printf("  %8" PRIu64 "  %s\n", hits[k], decode_pattern_name(k));
    } else if (hit < npatterns) {
        printf("  never hit:");
        for (unsigned k = 0; k < npatterns; k++)
            if (!hits[k])
                printf(" [%s]", decode_pattern_name(k));
        printf("\n");
    }
}

void report_deviations(const uint64_t *dev_count, unsigned n)
{
    bool any = false;
    for (unsigned d = 1; d < n && d < ndeviations; d++)
        any |= dev_count[d] != 0;
    if (!any)
        return;
    printf("known Unicorn deviations (isa-diff --deviations; tests/diff/deviations.c), instructions:\n");
    for (unsigned d = 1; d < n && d < ndeviations; d++) {
        if (!dev_count[d])
            continue;
        const char *how = d == DEV_NOREF      ? "no reference, only checked that ttemu executes them"
                          : d == DEV_MAX_FPSCR ? "checked against Unicorn's max CPU"
                                               : "ttemu checked against the manual's result";
        printf("  %-22s %8" PRIu64 ": %s\n", deviations[d].id, dev_count[d], how);
    }
}
