/* One step's comparison (registers, flags, EPSR.IT, the special registers
 * of system cases, FP state, scratch RAM, and for a fault its kind, the
 * exception taken, CFSR, HFSR and BFAR) and the text of a mismatch. */
#include <capstone/capstone.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "tests/diff/runner.h"

static csh cs;
static bool have_cs;

void disasm_open(void) { have_cs = cs_open(CS_ARCH_ARM, CS_MODE_THUMB | CS_MODE_MCLASS, &cs) == CS_ERR_OK; }
void disasm_close(void)
{
    if (have_cs)
        cs_close(&cs);
}

static bool sys_differs(const struct state *a, const struct state *b)
{
    return a->primask != b->primask || a->faultmask != b->faultmask || a->basepri != b->basepri ||
           a->control != b->control;
}

static bool fp_differs(const struct state *a, const struct state *b)
{
    return memcmp(a->d, b->d, sizeof a->d) || a->fpscr != b->fpscr;
}

static bool status_differs(const struct state *a, const struct state *b)
{
    return a->exc != b->exc || a->cfsr != b->cfsr || a->hfsr != b->hfsr || a->bfar != b->bfar;
}

static int mem_diff(void)
{
    if (!memcmp(tscratch, uscratch, SCRATCH_SIZE))
        return -1;
    for (unsigned k = 0; k < SCRATCH_SIZE; k++)
        if (tscratch[k] != uscratch[k])
            return (int)(k & ~7u);
    return -1;
}

void compare_step(const struct tcase *t, const struct state *ts, const struct state *us, bool undecoded,
                  struct step_diff *d)
{
    d->kind = NULL;
    d->mem_at = -1;
    if (us->noref) { /* no reference: only "ttemu executes it" */
        if (ts->fault)
            d->kind = "fault differs";
        return;
    }
    if (ts->kind != us->kind) {
        d->kind = ts->kind == FK_UNDEFINSTR && undecoded ? "UNDEFINED in ttemu (not implemented?)" : "fault differs";
        return;
    }
    if (ts->stack_off)
        return;
    /* Lockup (B1.5.15) stacks no frame: there is no return address or
     * stacked IT state to compare, only the registers, the kind and CFSR. */
    bool lockup = ts->exc == -1 && us->exc == -1;
    bool bad = memcmp(ts->r, us->r, (lockup ? 15 : 16) * sizeof ts->r[0]) ||
               ((ts->apsr ^ us->apsr) & 0xf80f0000u) || (!lockup && ts->itstate != us->itstate) || ts->frame_bad;
    if (t->sys && sys_differs(ts, us))
        bad = true;
    if (t->fp && fp_differs(ts, us))
        bad = true;
    d->mem_at = mem_diff();
    if (ts->fault && status_differs(ts, us))
        d->kind = "fault status differs";
    else if (bad || d->mem_at >= 0)
        d->kind = "state differs";
}

/* ------------------------------------------------------------ the text */

static bool is32_at(const struct tcase *t, unsigned o) { return (t->hw[o] >> 11) >= 0x1d; }

static size_t disasm(char *buf, size_t len, const struct tcase *t, uint32_t addr, unsigned mark)
{
    size_t at = 0;
    buf[0] = 0;
    for (unsigned k = 0; k < t->ninsn; k++) {
        unsigned o = t->insn_hw[k];
        bool is32 = is32_at(t, o);
        char enc[16], dis[256] = "?";
        if (is32)
            snprintf(enc, sizeof enc, "%04x %04x", t->hw[o], t->hw[o + 1]);
        else
            snprintf(enc, sizeof enc, "%04x", t->hw[o]);
        if (have_cs) {
            cs_insn *ci;
            size_t n = cs_disasm(cs, (const uint8_t *)&t->hw[o], is32 ? 4 : 2, addr + 2 * o, 1, &ci);
            if (n) {
                snprintf(dis, sizeof dis, "%s %s", ci[0].mnemonic, ci[0].op_str);
                cs_free(ci, n);
            } else {
                snprintf(dis, sizeof dis, "(capstone: no decode)");
            }
        }
        int w = snprintf(buf + at, len - at, "%s%s %08x %-9s  %-28s [%s: %s]", k ? "\n      " : "",
                         k == mark ? ">" : " ", addr + 2 * o, enc, dis, t->icls[k] ? t->icls[k]->name : "?",
                         t->form[k]);
        if (w < 0 || (size_t)w >= len - at)
            break;
        at += (size_t)w;
    }
    return at;
}

static void flags_text(uint32_t apsr, char *b)
{
    snprintf(b, 16, "%c%c%c%c%c ge=%x", apsr >> 31 & 1 ? 'N' : 'n', apsr >> 30 & 1 ? 'Z' : 'z',
             apsr >> 29 & 1 ? 'C' : 'c', apsr >> 28 & 1 ? 'V' : 'v', apsr >> 27 & 1 ? 'Q' : 'q',
             apsr >> 16 & 0xf);
}

static const char *exc_text(const struct state *s, char *b, size_t n)
{
    if (s->exc < 0)
        snprintf(b, n, "lockup");
    else if (s->exc)
        snprintf(b, n, "exception %d", s->exc);
    else
        snprintf(b, n, "no exception");
    return b;
}

#define P(...)                                                                     \
    do {                                                                           \
        int w_ = snprintf(buf + at, len - at, __VA_ARGS__);                        \
        if (w_ > 0)                                                                \
            at = at + (size_t)w_ < len ? at + (size_t)w_ : len - 1;                \
    } while (0)

static size_t regs_line(char *buf, size_t len, const char *what, const struct state *s)
{
    size_t at = 0;
    char f[16];
    P("      %s:", what);
    for (int r = 0; r < 15; r++)
        P(" r%d=%08x", r, s->r[r]);
    flags_text(s->apsr, f);
    P(" %s it=%02x\n", f, s->itstate);
    return at;
}

static size_t differences(char *buf, size_t len, const struct tcase *t, const struct state *ts,
                          const struct state *us, const char *ref, const struct step_diff *d)
{
    size_t at = 0;
    char f1[16], f2[16], e1[24], e2[24];
    for (int r = 0; r < 16; r++)
        if (ts->r[r] != us->r[r]) {
            char rn[16];
            snprintf(rn, sizeof rn, "r%d", r);
            P("      %s: ttemu %08x %s %08x\n", r == 15 ? (ts->fault ? "return pc" : "next pc") : rn, ts->r[r], ref,
              us->r[r]);
        }
    if ((ts->apsr ^ us->apsr) & 0xf80f0000u) {
        flags_text(ts->apsr, f1);
        flags_text(us->apsr, f2);
        P("      flags: ttemu %s %s %s\n", f1, ref, f2);
    }
    if (ts->itstate != us->itstate)
        P("      EPSR.IT: ttemu %02x %s %02x\n", ts->itstate, ref, us->itstate);
    if (ts->frame_bad)
        P("      ttemu's exception frame is not in the 0x70 bytes below the SP of the fault\n");
    if (ts->fault && status_differs(ts, us))
        P("      %s CFSR %08x HFSR %08x BFAR %08x: ttemu; %s CFSR %08x HFSR %08x BFAR %08x: %s\n",
          exc_text(ts, e1, sizeof e1), ts->cfsr, ts->hfsr, ts->bfar, exc_text(us, e2, sizeof e2), us->cfsr, us->hfsr,
          us->bfar, ref);
    if (t->sys && sys_differs(ts, us))
        P("      primask/faultmask/basepri/control: ttemu %x/%x/%x/%x %s %x/%x/%x/%x\n", ts->primask, ts->faultmask,
          ts->basepri, ts->control, ref, us->primask, us->faultmask, us->basepri, us->control);
    if (t->fp && !us->noref) {
        for (int k = 0; k < 16; k++)
            if (ts->d[k] != us->d[k])
                P("      d%d: ttemu %016" PRIx64 " %s %016" PRIx64 "\n", k, ts->d[k], ref, us->d[k]);
        if (ts->fpscr != us->fpscr)
            P("      fpscr: ttemu %08x %s %08x\n", ts->fpscr, ref, us->fpscr);
    }
    if (d->mem_at >= 0) {
        P("      memory differs from 0x%08x: ttemu", SCRATCH_BASE + (unsigned)d->mem_at);
        for (int k = 0; k < 8 && d->mem_at + k < (int)SCRATCH_SIZE; k++)
            P(" %02x", tscratch[d->mem_at + k]);
        P(" %s", ref);
        for (int k = 0; k < 8 && d->mem_at + k < (int)SCRATCH_SIZE; k++)
            P(" %02x", uscratch[d->mem_at + k]);
        P("\n");
    }
    return at;
}

size_t describe(char *buf, size_t len, const struct tcase *t, uint32_t addr, unsigned step_insn,
                const struct state *in, const struct state *pre, const struct state *ts, const struct state *us,
                const char *ref, const struct step_diff *d)
{
    size_t at = 0;
    at += disasm(buf, len, t, addr, step_insn);
    P("\n      %s at the marked instruction: ttemu %s%s%s%s, %s %s%s%s\n", d->kind, fault_kind_name(ts->kind),
      ts->why ? " (" : "", ts->why ? ts->why : "", ts->why ? ")" : "", ref, fault_kind_name(us->kind),
      us->why ? " " : "", us->why ? us->why : "");
    if (uc_stop_text && !us->fault)
        P("      (unicorn stopped with %s: taken as the fetch at a branch target)\n", uc_stop_text);
    at += regs_line(buf + at, len - at, "case in", in);
    if (pre != in)
        at += regs_line(buf + at, len - at, "before it", pre);
    at += differences(buf + at, len - at, t, ts, us, ref, d);
    return at;
}
