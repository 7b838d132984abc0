/* The ttemu side of the diff: a core with the exception model on a bus of
 * code memory and scratch RAM, run one instruction at a time.
 *
 * A fault is taken the way the manual says (the exception model stacks a
 * frame and enters the handler at FAULT_LANDING), so what the core
 * reports is architectural: the exception number, CFSR, HFSR and BFAR
 * from its registers, and the registers, flags and EPSR.IT at the fault
 * from the frame it stacked (B1.5.6 PushStack). The frame's bytes are then
 * put back in the scratch RAM, so memory compares with Unicorn's, which
 * stacks nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/bus.h"
#include "isa/cpu.h"
#include "isa/decode.h"
#include "isa/exception.h"
#include "isa/insn.h"
#include "tests/diff/runner.h"

const char *const fl_ttemu_model[FL_COUNT] = { "cortex-m4f", "cortex-m7" };

uint8_t *code;
uint8_t *tscratch;

static struct bus tbus;
static struct cpu tcpu;
static const struct cpu_model *fl_model[FL_COUNT];
static char tmsg[256];
static bool exc_dirty; /* an exception was taken: the exception state needs a reset */

/* The bytes below the SP before a step: an exception frame is at most
 * 0x68 bytes and 8-aligned (B1.5.6), so it lies inside this window. */
#define FRAME_WINDOW 0x70u
static uint8_t below_sp[FRAME_WINDOW];
static uint32_t below_sp_at;

static void t_report(void *ctx, struct cpu *c, const char *msg)
{
    (void)ctx;
    (void)c;
    snprintf(tmsg, sizeof tmsg, "%s", msg);
}

static bool t_bkpt(void *ctx, struct cpu *c, unsigned imm)
{
    (void)ctx;
    (void)c;
    (void)imm;
    return false; /* no semihosting here: every BKPT halts */
}

static void die(const char *what)
{
    fprintf(stderr, "isa-diff: %s\n", what);
    exit(2);
}

void tm_setup(const char *model_override)
{
    char err[128];
    if (bus_init(&tbus) ||
        bus_add_memory(&tbus, "code", CODE_BASE, CODE_SIZE, REGION_RAM, err, sizeof err) < 0 ||
        bus_add_memory(&tbus, "scratch", SCRATCH_BASE, SCRATCH_SIZE, REGION_RAM, err, sizeof err) < 0)
        die("cannot set up the ttemu bus");
    for (int f = 0; f < FL_COUNT; f++) {
        const char *name = model_override ? model_override : fl_ttemu_model[f];
        fl_model[f] = cpu_model_find(name);
        if (!fl_model[f]) {
            fprintf(stderr, "isa-diff: unknown core model %s\n", name);
            exit(2);
        }
    }
    if (cpu_init(&tcpu, fl_model[FL_M4F], &tbus))
        die("cannot set up the ttemu core");
    /* All 8 priority bits, no external interrupts: expect.c's rules. */
    if (exc_attach(&tcpu, 0, 8))
        die("cannot set up ttemu's exception model");
    tcpu.env.report = t_report;
    tcpu.env.bkpt = t_bkpt;
    code = (uint8_t *)bus_region_at(&tbus, CODE_BASE)->host;
    tscratch = (uint8_t *)bus_region_at(&tbus, SCRATCH_BASE)->host;

    /* Vector table: initial SP and every handler at FAULT_LANDING. */
    uint32_t v = SCRATCH_HI;
    memcpy(code, &v, 4);
    for (unsigned k = 1; k < 64; k++) {
        v = FAULT_LANDING | 1u;
        memcpy(code + 4 * k, &v, 4);
    }
    uint16_t landing = 0xe7fe; /* b . */
    memcpy(code + FAULT_LANDING, &landing, 2);
}

const char *tm_model_name(int flavour) { return fl_model[flavour]->name; }

void tm_select(int flavour)
{
    if (tcpu.model != fl_model[flavour]) {
        tcpu.model = fl_model[flavour];
        exc_dirty = true; /* FPCCR's reset value depends on the FPU */
    }
}

void tm_code_changed(void) { cpu_code_changed(&tcpu, TEST_AREA, TEST_AREA_SIZE); }

int tm_decode(const struct tcase *t, uint32_t addr, unsigned k)
{
    unsigned o = t->insn_hw[k];
    struct insn di;
    memset(&di, 0, sizeof di);
    di.addr = addr + 2 * o;
    return decode_insn(tcpu.model, t->hw[o], o + 1 < t->nhw ? t->hw[o + 1] : 0, t->it && k > 0, &di);
}

void tm_begin(const struct tcase *t, uint32_t addr, const struct state *in, unsigned enabled)
{
    struct cpu *c = &tcpu;
    if (exc_dirty || c->exc->cfsr || c->exc->hfsr) {
        exc_reset(c);
        exc_dirty = false;
    }
    exc_set_enabled(c, EXC_MEMMANAGE, enabled >> EXC_MEMMANAGE & 1);
    exc_set_enabled(c, EXC_BUSFAULT, enabled >> EXC_BUSFAULT & 1);
    exc_set_enabled(c, EXC_USAGEFAULT, enabled >> EXC_USAGEFAULT & 1);
    memcpy(c->r, in->r, sizeof in->r);
    c->r[15] = addr + 4;
    c->pc = addr;
    cpu_set_xpsr(c, in->apsr | 1u << 24);
    c->itstate = 0;
    c->it_prev = 0;
    c->thumb = 1;
    c->ipsr = 0;
    c->sp_main = in->r[13];
    c->sp_process = in->r[13] - 0x100;
    c->primask = c->faultmask = c->basepri = c->control = 0;
    c->excl_open = false;
    c->vtor = 0;
    c->cpacr = 0x00f00000u; /* CP10/CP11 full access, as Unicorn starts */
    if (t->fp) {
        for (int k = 0; k < 16; k++)
            c->fp.d[k] = in->d[k];
        c->fpscr = in->fpscr;
    }
    c->stop = CPU_STOP_NONE;
}

/* The kind of fault ttemu recorded, from its fault status registers. */
static enum fault_kind kind_of(const struct exc_state *e, int exc)
{
    switch (e->cfsr) {
    case UFSR_UNDEFINSTR: return FK_UNDEFINSTR;
    case UFSR_INVSTATE: return FK_INVSTATE;
    case UFSR_NOCP: return FK_NOCP;
    case UFSR_UNALIGNED: return FK_UNALIGNED;
    case BFSR_PRECISERR | BFSR_BFARVALID: return FK_PRECISERR;
    case 0:
        if (exc == EXC_SVCALL || (exc == EXC_HARDFAULT && e->hfsr == HFSR_FORCED))
            return FK_SVC;
        break;
    default: break;
    }
    return FK_OTHER;
}

static uint32_t scratch_word(uint32_t a)
{
    uint32_t v;
    memcpy(&v, tscratch + (a - SCRATCH_BASE), 4);
    return v;
}

/* The state at the fault, from the frame the core stacked (B1.5.6):
 * r0-r3, r12, LR, the return address and xPSR; SP above the frame (plus
 * the alignment word when the stacked xPSR bit 9 says so). */
static void read_frame(struct cpu *c, struct state *out)
{
    uint32_t lr = c->r[REG_LR]; /* EXC_RETURN */
    bool psp = lr & 4, basic = lr & 0x10;
    uint32_t frame = psp ? cpu_get_sp_process(c) : cpu_get_sp_main(c);
    uint32_t size = basic ? 0x20 : 0x68;
    if (frame < SCRATCH_BASE || frame + size > SCRATCH_BASE + SCRATCH_SIZE || frame < below_sp_at ||
        frame + size > below_sp_at + FRAME_WINDOW) {
        out->frame_bad = true;
        return;
    }
    static const int slot[8] = { 0, 1, 2, 3, 12, 14, 15, -1 };
    for (int k = 0; k < 7; k++)
        out->r[slot[k]] = scratch_word(frame + 4u * (unsigned)k);
    uint32_t xpsr = scratch_word(frame + 0x1c);
    out->apsr = xpsr & 0xf80f0000u;
    out->itstate = (uint8_t)((xpsr >> 25 & 3) | (xpsr >> 10 & 0x3f) << 2);
    out->r[13] = frame + size + (xpsr >> 9 & 1) * 4;
    /* CONTROL.SPSEL and FPCA as they were: entry clears them, EXC_RETURN
     * keeps them (bits 2 and 4) */
    out->control = (c->control & ~6u) | (psp ? 2u : 0) | (basic ? 0 : 4u);
    /* the frame was not there before the step: its bytes (only those,
     * so anything else the instruction wrote stays compared) back */
    memcpy(tscratch + (frame - SCRATCH_BASE), below_sp + (frame - below_sp_at), size);
}

static void read_regs(const struct cpu *c, const struct tcase *t, struct state *out)
{
    memcpy(out->r, c->r, sizeof out->r);
    out->r[15] = c->pc;
    out->apsr = cpu_get_apsr(c);
    out->itstate = c->itstate;
    out->primask = c->primask;
    out->faultmask = c->faultmask;
    out->basepri = c->basepri;
    out->control = c->control;
    if (t->fp) {
        for (int k = 0; k < 16; k++)
            out->d[k] = c->fp.d[k];
        out->fpscr = c->fpscr;
    }
}

void tm_step(const struct tcase *t, struct state *out)
{
    struct cpu *c = &tcpu;
    memset(out, 0, sizeof *out);
    below_sp_at = c->r[13] - FRAME_WINDOW;
    bool window = c->r[13] >= SCRATCH_BASE + FRAME_WINDOW && c->r[13] <= SCRATCH_BASE + SCRATCH_SIZE;
    if (window)
        memcpy(below_sp, tscratch + (below_sp_at - SCRATCH_BASE), FRAME_WINDOW);
    tmsg[0] = 0;
    enum cpu_stop s = cpu_run(c, 0);
    read_regs(c, t, out);
    struct exc_state *e = c->exc;
    if (!window && (c->ipsr != 0 || s == CPU_STOP_LOCKUP)) {
        exc_dirty = true;
        struct exc_state own = *e;
        own.cfsr &= ~(uint32_t)(BFSR_STKERR | MMFSR_MSTKERR);
        out->kind = kind_of(&own, 0);
        out->stack_off = true;
    } else if (c->ipsr != 0) {
        exc_dirty = true;
        out->exc = (int)c->ipsr;
        out->cfsr = e->cfsr;
        out->hfsr = e->hfsr;
        out->bfar = e->cfsr & BFSR_BFARVALID ? e->bfar : 0;
        out->kind = kind_of(e, out->exc);
        read_frame(c, out);
    } else if (s == CPU_STOP_LOCKUP) {
        exc_dirty = true;
        out->exc = -1;
        out->cfsr = e->cfsr;
        out->bfar = e->cfsr & BFSR_BFARVALID ? e->bfar : 0;
        /* every fault records its CFSR bit (B3.2.15), so a lockup with
         * none is an SVC that could not be taken (FAULTMASK: B1.5.15) */
        out->kind = e->cfsr ? kind_of(e, 0) : FK_SVC;
    } else if (s == CPU_STOP_BKPT) {
        out->kind = FK_BKPT;
    } else if (s != CPU_STOP_NONE && s != CPU_STOP_SLEEP) {
        out->kind = FK_OTHER;
    }
    out->fault = out->kind != FK_NONE;
    out->why = tmsg[0] ? tmsg : NULL;
}

void tm_close(void)
{
    exc_detach(&tcpu);
    cpu_free(&tcpu);
    bus_free(&tbus);
}
