/* isa-diff: runs generated Thumb-2 instructions on ttemu and on Unicorn,
 * one instruction at a time, and compares registers, flags, EPSR.IT,
 * scratch memory and, for a fault, its kind, the exception taken, CFSR,
 * HFSR and BFAR after every instruction.
 *
 *   isa-diff [--seed N | --random-seed] [--count N] [--class NAME]
 *            [--model NAME] [--show N] [--examples N] [--coverage]
 *
 * Exit status: 0 when every instruction matched, 1 on any mismatch, 2 on
 * a set-up error. See tests/diff/README.md. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "isa/cpu.h"
#include "isa/decode.h"
#include "tests/diff/deviations.h"
#include "tests/diff/diff.h"
#include "tests/diff/runner.h"

static const char *model_override; /* --model: one core model for every class */

struct run {
    uint64_t insns, steps, ncases, mismatches, shown, faults, it_faults;
    uint64_t dev_count[16];
    uint64_t *pattern_hits;
    unsigned npatterns, show;
};

/* The machine a class runs on: the one it names (fp-dp needs the M7),
 * or the M7 for every class with --model cortex-m7, against Unicorn's
 * Cortex-M7 then too. */
static int class_flavour(const struct diff_class *c)
{
    if (model_override)
        return strstr(model_override, "m7") ? FL_M7 : FL_M4F;
    const char *m = c->model;
    if (!m && !strcmp(c->name, "fp-dp"))
        m = "cortex-m7";
    return m && !strcmp(m, "cortex-m7") ? FL_M7 : FL_M4F;
}

static void fill_scratch(struct gen *g)
{
    for (unsigned k = 0; k < SCRATCH_SIZE; k += 4) {
        uint32_t v = chance(g, 30) ? rnd_value(g) : rnd32(g);
        memcpy(tscratch + k, &v, 4);
    }
    memcpy(uscratch, tscratch, SCRATCH_SIZE);
}

static struct diff_class *pick_class(struct gen *g, const char *only, unsigned total_w)
{
    unsigned pick = rndn(g, total_w);
    for (struct diff_class *c = diff_classes(); c; c = c->next) {
        if (only && strcmp(only, c->name))
            continue;
        if (pick < c->weight)
            return c;
        pick -= c->weight;
    }
    return NULL;
}

/* The random initial state of a case, with what the generator forced. */
static void initial_state(struct gen *g, struct tcase *t, const struct diff_class *cls, uint32_t addr,
                          struct state *in)
{
    memset(in, 0, sizeof *in);
    for (int r = 0; r < 15; r++)
        in->r[r] = rnd_value(g);
    in->r[13] = (SCRATCH_LO + rndn(g, SCRATCH_HI - SCRATCH_LO)) & ~(chance(g, 50) ? 7u : 3u);
    for (int r = 0; r < 15; r++)
        if (t->regset >> r & 1)
            in->r[r] = t->reg[r];
    in->r[15] = addr;
    in->apsr = (rnd32(g) & 0xf8000000u) | bits(g, 4) << 16;
    /* FP classes (name "fp..."): the same FP registers in both */
    t->fp = !strncmp(cls->name, "fp", 2);
    if (t->fp)
        for (int k = 0; k < 16; k++)
            in->d[k] = (uint64_t)rnd32(g) << 32 | rnd32(g);
    for (unsigned k = 0; k < t->npatch; k++)
        if (t->patch_addr[k] >= SCRATCH_BASE && t->patch_addr[k] + 4 <= SCRATCH_BASE + SCRATCH_SIZE) {
            memcpy(tscratch + t->patch_addr[k] - SCRATCH_BASE, &t->patch_val[k], 4);
            memcpy(uscratch + t->patch_addr[k] - SCRATCH_BASE, &t->patch_val[k], 4);
        }
}

/* Which instruction of the case is at pc (-1: none, the case was left). */
static int insn_at(const struct tcase *t, uint32_t addr, uint32_t pc)
{
    for (unsigned k = 0; k < t->ninsn; k++)
        if (addr + 2u * t->insn_hw[k] == pc)
            return (int)k;
    return -1;
}

static void note_mismatch(struct run *R, const struct tcase *t, uint32_t addr, unsigned k, const struct state *in,
                          const struct state *pre, const struct state *ts, const struct state *us, const char *ref,
                          const struct step_diff *d, struct form_stat *fs, struct diff_class *bcls)
{
    R->mismatches++;
    bcls->mismatch++;
    fs->mismatch++;
    if (ts->kind != us->kind && !us->noref) {
        if (!strncmp(d->kind, "UNDEFINED", 9))
            fs->unimpl++, bcls->undef++;
        else
            fs->faultdiff++, bcls->faultdiff++;
    } else {
        fs->value++;
    }
    bool need_example = !fs->example[0];
    if (!need_example && R->shown >= R->show)
        return;
    char buf[sizeof fs->example - 8];
    describe(buf, sizeof buf, t, addr, k, in, pre, ts, us, ref, d);
    if (need_example)
        snprintf(fs->example, sizeof fs->example, "    %s", buf);
    if (R->shown < R->show) {
        if (!R->shown)
            printf("\nfirst mismatches, in order:\n");
        printf("  #%" PRIu64 " (case %" PRIu64 ", instruction %u) [%s] %s\n    %s", R->shown + 1, R->ncases, k + 1,
               bcls->name, t->form[k], buf);
        R->shown++;
    }
}

/* Steps one case on both emulators, comparing after every instruction,
 * until it leaves its code, faults, or differs. */
static void run_case(struct run *R, struct tcase *t, struct diff_class *cls, uint32_t addr, const struct state *in,
                     unsigned enabled, int undecoded)
{
    tm_begin(t, addr, in, enabled);
    um_begin(t, addr, in);
    struct state pre = *in, ts, us;
    uint32_t end = addr + 2 * t->nhw;
    int case_dev = 0;
    struct form_stat *fs = NULL;
    struct diff_class *bcls = cls;
    bool matched = true, faulted = false;
    for (unsigned n = 0; n < 2 * TC_MAXINSN && pre.r[15] >= addr && pre.r[15] < end; n++) {
        int k = insn_at(t, addr, pre.r[15]);
        if (k < 0)
            break;
        int dev = deviation_for_step(t, (unsigned)k, &pre);
        tm_step(t, &ts);
        uc_stop_text = NULL;
        if (dev && deviations[dev].replaces) {
            deviations[dev].expect(t, (unsigned)k, &pre, &us);
        } else {
            um_step(t, addr, &pre, &us);
            if (us.noref)
                dev = DEV_NOREF;
            else if (dev && deviations[dev].expect) {
                deviations[dev].expect(t, (unsigned)k, &pre, &us);
                if (!us.fault)
                    um_sync(t, &us); /* Unicorn goes on from the manual's result */
            }
        }
        if (us.fault)
            expect_exception(&us, &pre, enabled);
        R->steps++;
        if (dev && !case_dev)
            case_dev = dev;
        if (dev)
            R->dev_count[dev]++;
        struct step_diff d;
        compare_step(t, &ts, &us, undecoded == k, &d);
        if (d.kind) {
            bcls = t->icls[k] ? (struct diff_class *)t->icls[k] : cls;
            fs = form_stat(bcls, t->form[k]);
            note_mismatch(R, t, addr, (unsigned)k, in, &pre, &ts, &us, case_dev ? "manual" : "unicorn", &d, fs,
                          bcls);
            matched = false;
            break;
        }
        if (ts.fault) {
            faulted = true;
            R->faults++;
            R->it_faults += pre.itstate != 0;
            break;
        }
        if (us.noref)
            um_sync(t, &ts);
        pre = us.noref ? ts : us;
    }
    if (!fs)
        fs = form_stat(t->icls[0] ? t->icls[0] : cls, t->form[0]);
    fs->cases++;
    fs->bothfault += faulted;
    if (case_dev) {
        fs->dev++;
        cls->deviation++;
    }
    if (matched)
        cls->pass++;
    /* keep the two memories in step after a case that left them apart */
    if (!matched && memcmp(uscratch, tscratch, SCRATCH_SIZE))
        memcpy(uscratch, tscratch, SCRATCH_SIZE);
}

static int first_undecoded(struct run *R, const struct tcase *t, uint32_t addr)
{
    int undecoded = -1;
    for (unsigned k = 0; k < t->ninsn; k++) {
        int p = tm_decode(t, addr, k);
        if (p >= 0 && (unsigned)p < R->npatterns)
            R->pattern_hits[p]++;
        else if (undecoded < 0)
            undecoded = (int)k;
    }
    return undecoded;
}

static void run_all(struct run *R, uint64_t seed, uint64_t count, const char *only, unsigned total_w)
{
    struct gen g = { .s = seed * 0x9e3779b97f4a7c15ull | 1 };
    fill_scratch(&g);
    const uint32_t nslots = TEST_AREA_SIZE / SLOT_SIZE;
    uint32_t slot = 0;
    while (R->insns < count) {
        if (slot == nslots) {
            slot = 0;
            tm_code_changed();
            um_code_changed();
        }
        if ((R->ncases & 4095) == 4095)
            fill_scratch(&g);
        uint32_t addr = TEST_AREA + slot++ * SLOT_SIZE;
        struct diff_class *cls = pick_class(&g, only, total_w);
        struct tcase t;
        memset(&t, 0, sizeof t);
        g.addr = addr;
        g.in_it = false;
        g.pc_ok = true;
        g.cls = cls;
        cls->gen(&g, &t);
        int fl = class_flavour(cls);
        tm_select(fl);
        um_select(fl);
        /* code: the case, then "b ." so Unicorn's translation block ends */
        memcpy(code + addr, t.hw, 2 * t.nhw);
        uint16_t stop = 0xe7fe;
        memcpy(code + addr + 2 * t.nhw, &stop, 2);
        struct state in;
        initial_state(&g, &t, cls, addr, &in);
        /* SHCSR: MemManage, BusFault and UsageFault each enabled in half
         * the cases, so both routes of a fault are checked (expect.c) */
        unsigned enabled = bits(&g, 3) << 4;
        int undecoded = first_undecoded(R, &t, addr);
        R->ncases++;
        R->insns += t.ninsn;
        cls->cases++;
        cls->insns += t.ninsn;
        run_case(R, &t, cls, addr, &in, enabled, undecoded);
    }
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: isa-diff [options]\n"
               "  --seed N         random seed (default 1)\n"
               "  --random-seed    seed from the clock (printed)\n"
               "  --count N        instructions to generate (default 200000)\n"
               "  --class NAME     only cases of this class (dp, ls, mul, branch, fp, fp-dp)\n"
               "  --show N         print the first N mismatches in order (default 10)\n"
               "  --examples N     print one example for up to N failing forms (default 60)\n"
               "  --coverage       list every decode pattern with its hit count\n"
               "  --model NAME     one ttemu core model for every class (default: cortex-m4f,\n"
               "                   cortex-m7 for classes that need it), against Unicorn's same core\n"
               "  --deviations     list the known Unicorn deviations and exit\n");
}

struct opts {
    uint64_t seed, count;
    unsigned show, examples;
    bool random_seed, coverage;
    const char *only;
};

static void parse(int argc, char **argv, struct opts *o)
{
    for (int k = 1; k < argc; k++) {
        const char *a = argv[k];
        const char *val = k + 1 < argc ? argv[k + 1] : NULL;
        if (!strcmp(a, "--seed") && val)
            o->seed = strtoull(val, NULL, 0), k++;
        else if (!strcmp(a, "--random-seed"))
            o->random_seed = true;
        else if (!strcmp(a, "--count") && val)
            o->count = strtoull(val, NULL, 0), k++;
        else if (!strcmp(a, "--class") && val)
            o->only = val, k++;
        else if (!strcmp(a, "--show") && val)
            o->show = (unsigned)atoi(val), k++;
        else if (!strcmp(a, "--examples") && val)
            o->examples = (unsigned)atoi(val), k++;
        else if (!strcmp(a, "--model") && val)
            model_override = val, k++;
        else if (!strcmp(a, "--coverage"))
            o->coverage = true;
        else if (!strcmp(a, "--deviations")) {
            for (unsigned d = 1; d < ndeviations; d++)
                printf("%-20s %s\n%20s manual: %s\n", deviations[d].id, deviations[d].summary, "",
                       deviations[d].manual);
            exit(0);
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            exit(0);
        } else {
            usage(stderr);
            exit(2);
        }
    }
    if (o->random_seed) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        o->seed = (uint64_t)ts.tv_sec * 1000000007u ^ (uint64_t)ts.tv_nsec;
    }
    if (!o->seed)
        o->seed = 1;
}

int main(int argc, char **argv)
{
    struct opts o = { .seed = 1, .count = 200000, .show = 10, .examples = 60 };
    parse(argc, argv, &o);
    tm_setup(model_override);
    um_setup();
    disasm_open();
    struct run R = { .show = o.show };
    R.npatterns = decode_pattern_count();
    R.pattern_hits = calloc(R.npatterns + 1, sizeof *R.pattern_hits);
    unsigned total_w = 0;
    for (struct diff_class *c = diff_classes(); c; c = c->next)
        if (!o.only || !strcmp(o.only, c->name))
            total_w += c->weight;
    if (!total_w) {
        fprintf(stderr, "isa-diff: no class named %s\n", o.only ? o.only : "(none registered)");
        return 2;
    }
    printf("isa-diff: seed %" PRIu64 "%s, %" PRIu64 " instructions, ", o.seed, o.random_seed ? " (random)" : "", o.count);
    if (model_override)
        printf("every class on ttemu %s vs Unicorn %s %s\n", model_override, um_version(),
               strstr(model_override, "m7") ? "Cortex-M7" : "Cortex-M4");
    else
        printf("ttemu %s vs Unicorn %s Cortex-M4, fp-dp on ttemu %s vs Unicorn's Cortex-M7 (max CPU for F64/FPv5)\n",
               tm_model_name(FL_M4F), um_version(), tm_model_name(FL_M7));
    fflush(stdout);

    double t0 = now();
    run_all(&R, o.seed, o.count, o.only, total_w);
    double secs = now() - t0;

    report_summary(R.insns, R.steps, R.ncases, secs, o.examples);
    report_coverage(R.pattern_hits, R.npatterns, o.coverage);
    report_deviations(R.dev_count, sizeof R.dev_count / sizeof R.dev_count[0]);
    if (max_runs)
        printf("F64/FPv5 instructions checked against Unicorn's max CPU (the Cortex-M7 model refuses them): %" PRIu64
               "\n", max_runs);
    printf("compared after every instruction: %" PRIu64 " steps; %" PRIu64 " faults compared (kind, exception, "
           "CFSR, HFSR, BFAR, stacked state), %" PRIu64 " of them inside IT blocks\n",
           R.steps, R.faults, R.it_faults);
    printf("\nisa-diff: %s: %" PRIu64 " mismatches in %" PRIu64 " cases (%" PRIu64 " instructions), seed %" PRIu64
           ", %.2f s\n", R.mismatches ? "FAIL" : "PASS", R.mismatches, R.ncases, R.insns, o.seed, secs);
    disasm_close();
    um_close();
    tm_close();
    free(R.pattern_hits);
    return R.mismatches ? 1 : 0;
}
