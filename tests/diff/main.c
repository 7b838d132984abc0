/* isa-diff: runs generated Thumb-2 instructions on ttemu and on Unicorn and
 * compares registers, flags and scratch memory after each case.
 *
 *   isa-diff [--seed N | --random-seed] [--count N] [--class NAME]
 *            [--show N] [--examples N] [--coverage] [--quiet]
 *
 * Exit status: 0 when every case matched, 1 on any mismatch, 2 on a
 * set-up error. See tests/diff/README.md. */
#include <capstone/capstone.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unicorn/unicorn.h>

#include "emu/bus.h"
#include "isa/cpu.h"
#include "isa/decode.h"
#include "isa/insn.h"
#include "tests/diff/deviations.h"
#include "tests/diff/diff.h"

/* QEMU's exception numbers as Unicorn reports them to UC_HOOK_INTR. */
enum { EXCP_UDEF = 1, EXCP_SWI = 2, EXCP_BKPT = 7 };

static const char *model_override; /* --model: one ttemu model for every class */

/* ---------------------------------------------------------------- machines */

static struct bus tbus;
static struct cpu tcpu;
static char tmsg[256];
static uint8_t *code;            /* shared code memory (ttemu's region, mapped into Unicorn) */
static uint8_t *tscratch;        /* ttemu's data RAM */
static uint8_t *uscratch;        /* Unicorn's data RAM */
static uint8_t snapshot[SCRATCH_SIZE];
/* Two flavours of the machine: the Cortex-M4F (every integer class and
 * FPv4-SP) and the Cortex-M7 (FPv5 with double precision). A class runs on
 * the one it names in diff_class.model (default cortex-m4f). ttemu swaps
 * its core model per case (each case is decoded afresh at a new address);
 * Unicorn has one engine per flavour, sharing code and scratch memory. */
enum { FL_M4F, FL_M7, FL_COUNT };
static const char *const fl_ttemu_model[FL_COUNT] = { "cortex-m4f", "cortex-m7" };
static const int fl_uc_model[FL_COUNT] = { UC_CPU_ARM_CORTEX_M4, UC_CPU_ARM_CORTEX_M7 };
static const struct cpu_model *fl_model[FL_COUNT];
static uc_engine *ucs[FL_COUNT];
static uc_engine *uc; /* the engine of the current case */
/* The reference for what Unicorn 2.0.1's Cortex-M7 refuses (every F64
 * data-processing instruction and the FPv5 ARMv8 ones): its "max" A-profile
 * CPU, which executes the same Thumb encodings with VFPv4 + ARMv8 FP
 * semantics. Its FPSCR has A-profile bits the M-profile register lacks
 * (QC, Len, Stride: 27, 21:20, 18:16); they are cleared after every
 * instruction, as an M-profile FPSCR ignores writes to them (ARMv7-M ARM
 * A2.5.3), which is the one documented difference (unicorn-max-fpscr). */
static uc_engine *uc_max;
#define FPSCR_M_MASK 0xf7c0009fu
static int uc_intno;
static csh cs;
static bool have_cs;

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
    return false; /* no semihosting here: every BKPT stops */
}

/* Unicorn stops at the first translation block outside the case: after a
 * branch, the target is never run (nor faults). */
static uint32_t uc_lo, uc_hi;
static void uc_block(uc_engine *u, uint64_t address, uint32_t size, void *data)
{
    (void)size;
    (void)data;
    if (address < uc_lo || address >= uc_hi)
        uc_emu_stop(u);
}

static void uc_intr(uc_engine *u, uint32_t intno, void *data)
{
    (void)data;
    uc_intno = (int)intno;
    uc_emu_stop(u);
}

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "isa-diff: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    exit(2);
}

static void make_engine(int f);
static void make_max_engine(void);

static void setup(void)
{
    char err[128];
    if (bus_init(&tbus) ||
        bus_add_memory(&tbus, "code", CODE_BASE, CODE_SIZE, REGION_RAM, err, sizeof err) < 0 ||
        bus_add_memory(&tbus, "scratch", SCRATCH_BASE, SCRATCH_SIZE, REGION_RAM, err, sizeof err) < 0)
        die("cannot set up the ttemu bus");
    for (int f = 0; f < FL_COUNT; f++) {
        fl_model[f] = cpu_model_find(model_override ? model_override : fl_ttemu_model[f]);
        if (!fl_model[f])
            die("unknown core model %s", model_override ? model_override : fl_ttemu_model[f]);
    }
    if (cpu_init(&tcpu, fl_model[FL_M4F], &tbus))
        die("cannot set up the ttemu core");
    tcpu.env.report = t_report;
    tcpu.env.bkpt = t_bkpt;
    code = (uint8_t *)bus_region_at(&tbus, CODE_BASE)->host;
    tscratch = (uint8_t *)bus_region_at(&tbus, SCRATCH_BASE)->host;
    uscratch = calloc(1, SCRATCH_SIZE);

    /* Vector table: initial SP and every handler at FAULT_LANDING. */
    uint32_t v = SCRATCH_HI;
    memcpy(code, &v, 4);
    for (unsigned k = 1; k < 64; k++) {
        v = FAULT_LANDING | 1u;
        memcpy(code + 4 * k, &v, 4);
    }
    uint16_t landing = 0xe7fe; /* b . */
    memcpy(code + FAULT_LANDING, &landing, 2);
    /* CLREX; b . at 0x800: closes Unicorn's exclusive monitor. */
    uint16_t clrex[] = { 0xf3bf, 0x8f2f, 0xe7fe };
    memcpy(code + 0x800, clrex, sizeof clrex);

    for (int f = 0; f < FL_COUNT; f++)
        make_engine(f);
    uc = ucs[FL_M4F];
    make_max_engine();

    have_cs = cs_open(CS_ARCH_ARM, CS_MODE_THUMB | CS_MODE_MCLASS, &cs) == CS_ERR_OK;
}

static void make_engine(int f)
{
    uc_err e = uc_open(UC_ARCH_ARM, UC_MODE_THUMB | UC_MODE_MCLASS, &ucs[f]);
    if (e)
        die("uc_open: %s", uc_strerror(e));
    e = uc_ctl_set_cpu_model(ucs[f], fl_uc_model[f]);
    if (e)
        die("uc_ctl_set_cpu_model(%s): %s", fl_ttemu_model[f], uc_strerror(e));
    if ((e = uc_mem_map_ptr(ucs[f], CODE_BASE, CODE_SIZE, UC_PROT_ALL, code)) ||
        (e = uc_mem_map_ptr(ucs[f], SCRATCH_BASE, SCRATCH_SIZE, UC_PROT_ALL, uscratch)))
        die("uc_mem_map_ptr: %s", uc_strerror(e));
    uc_hook h;
    if ((e = uc_hook_add(ucs[f], &h, UC_HOOK_INTR, (void *)uc_intr, NULL, 1, 0)) ||
        (e = uc_hook_add(ucs[f], &h, UC_HOOK_BLOCK, (void *)uc_block, NULL, 1, 0)))
        die("uc_hook_add: %s", uc_strerror(e));
}

static void make_max_engine(void)
{
    uc_err e = uc_open(UC_ARCH_ARM, UC_MODE_THUMB, &uc_max);
    if (!e)
        e = uc_ctl_set_cpu_model(uc_max, UC_CPU_ARM_MAX);
    if (e)
        die("the F64 reference (Unicorn's max CPU): %s", uc_strerror(e));
    if ((e = uc_mem_map_ptr(uc_max, CODE_BASE, CODE_SIZE, UC_PROT_ALL, code)) ||
        (e = uc_mem_map_ptr(uc_max, SCRATCH_BASE, SCRATCH_SIZE, UC_PROT_ALL, uscratch)))
        die("uc_mem_map_ptr: %s", uc_strerror(e));
    uint32_t fpexc_en = 1u << 30, cpacr_cp10_11 = 0x00f00000u;
    uc_reg_write(uc_max, UC_ARM_REG_C1_C0_2, &cpacr_cp10_11);
    uc_reg_write(uc_max, UC_ARM_REG_FPEXC, &fpexc_en);
    uc_hook h;
    if ((e = uc_hook_add(uc_max, &h, UC_HOOK_INTR, (void *)uc_intr, NULL, 1, 0)) ||
        (e = uc_hook_add(uc_max, &h, UC_HOOK_BLOCK, (void *)uc_block, NULL, 1, 0)))
        die("uc_hook_add: %s", uc_strerror(e));
}

static void fill_scratch(struct gen *g)
{
    for (unsigned k = 0; k < SCRATCH_SIZE; k += 4) {
        uint32_t v = chance(g, 30) ? rnd_value(g) : rnd32(g);
        memcpy(tscratch + k, &v, 4);
    }
    memcpy(uscratch, tscratch, SCRATCH_SIZE);
}

/* --------------------------------------------------------------- running */

static void run_ttemu(const struct tcase *t, uint32_t addr, const struct state *in, struct state *out)
{
    struct cpu *c = &tcpu;
    memcpy(c->r, in->r, sizeof c->r);
    c->r[15] = addr + 4;
    c->pc = addr;
    c->n = in->apsr >> 31 & 1;
    c->z = in->apsr >> 30 & 1;
    c->c = in->apsr >> 29 & 1;
    c->v = in->apsr >> 28 & 1;
    c->q = in->apsr >> 27 & 1;
    c->ge = in->apsr >> 16 & 0xf;
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
    tmsg[0] = 0;
    out->fault = false;
    for (unsigned k = 0; k < t->ninsn; k++) {
        enum cpu_stop s = cpu_run(c, 0);
        if ((s != CPU_STOP_NONE && s != CPU_STOP_SLEEP) || c->ipsr != 0) {
            out->fault = true;
            break;
        }
    }
    memcpy(out->r, c->r, sizeof out->r);
    out->r[15] = c->pc;
    out->apsr = cpu_get_apsr(c);
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

static const int uc_regs[16] = {
    UC_ARM_REG_R0, UC_ARM_REG_R1, UC_ARM_REG_R2, UC_ARM_REG_R3, UC_ARM_REG_R4,
    UC_ARM_REG_R5, UC_ARM_REG_R6, UC_ARM_REG_R7, UC_ARM_REG_R8, UC_ARM_REG_R9,
    UC_ARM_REG_R10, UC_ARM_REG_R11, UC_ARM_REG_R12, UC_ARM_REG_SP, UC_ARM_REG_LR,
    UC_ARM_REG_PC,
};
static bool uc_sys_dirty = true;  /* of the current engine */
static bool uc_excl_dirty = true;
static int cur_fl = FL_M4F;

static void select_flavour(int f)
{
    if (f == cur_fl)
        return;
    cur_fl = f;
    uc = ucs[f];
    tcpu.model = fl_model[f];
    uc_sys_dirty = uc_excl_dirty = true;
}

/* Classes that do not say which machine they need. */
static int class_flavour(const struct diff_class *c)
{
    const char *m = c->model;
    if (!m && !strcmp(c->name, "fp-dp"))
        m = "cortex-m7";
    return m && !strcmp(m, "cortex-m7") ? FL_M7 : FL_M4F;
}
static const char *uc_err_text;
static uc_err uc_last_err;
static int uc_last_intno;

/* FP instructions Unicorn 2.0.1's Cortex-M7 raises UNDEFINED for although
 * the core has them: every double-precision data-processing instruction
 * (11101110 .... .... 101 sz=1 ...; its M7 FPU is single precision only),
 * and the FPv5 instructions QEMU 5.0 gates on ARMv8: VSEL, VMAXNM/VMINNM,
 * VRINT{A,N,P,M}, VCVT{A,N,P,M} (11111110 ... 101x) and VRINT{Z,R,X}. */
static bool fpv5_v8_only(uint16_t hw1, uint16_t hw2)
{
    if ((hw2 & 0x0e00) != 0x0a00)
        return false;
    if ((hw1 & 0xff00) == 0xfe00)
        return true;
    if ((hw1 & 0xffbe) == 0xeeb6 && (hw2 & 0x0050) == 0x0040)
        return true;
    return (hw1 & 0xff00) == 0xee00 && (hw2 & 0x0100) && !(hw2 & 0x0010);
}


static void max_fpscr_to_m_profile(void)
{
    uint32_t v;
    uc_reg_read(uc_max, UC_ARM_REG_FPSCR, &v);
    v &= FPSCR_M_MASK;
    uc_reg_write(uc_max, UC_ARM_REG_FPSCR, &v);
}

/* Runs the case on the max CPU from the same initial state (registers,
 * flags, FP registers, FPSCR, and the scratch memory as it was before the
 * case). Returns false when it cannot execute the case either. */
static bool run_max(const struct tcase *t, uint32_t addr, const struct state *in, struct state *out)
{
    uint32_t vals[16], v;
    void *ptrs[16];
    memcpy(vals, in->r, sizeof vals);
    vals[15] = addr | 1u;
    for (int k = 0; k < 16; k++)
        ptrs[k] = &vals[k];
    uc_reg_write_batch(uc_max, (int *)uc_regs, ptrs, 16);
    uc_reg_read(uc_max, UC_ARM_REG_CPSR, &v);
    v = (v & 0x07f0ffffu & ~0x0600fc00u) | (in->apsr & 0xf80f0000u); /* flags, GE; no IT */
    uc_reg_write(uc_max, UC_ARM_REG_CPSR, &v);
    for (int k = 0; k < 16; k++)
        uc_reg_write(uc_max, UC_ARM_REG_D0 + k, &in->d[k]);
    v = in->fpscr & FPSCR_M_MASK;
    uc_reg_write(uc_max, UC_ARM_REG_FPSCR, &v);
    uc_intno = -1;
    uc_err e = UC_ERR_OK;
    uc_lo = addr;
    uc_hi = addr + 2 * t->nhw;
    if (t->it) {
        e = uc_emu_start(uc_max, addr | 1u, uc_hi, 0, 64);
        max_fpscr_to_m_profile();
    } else {
        uint32_t pc = addr;
        for (unsigned k = 0; k < t->ninsn && !e && uc_intno < 0; k++) {
            e = uc_emu_start(uc_max, pc | 1u, 0, 0, 1);
            max_fpscr_to_m_profile();
            uc_reg_read(uc_max, UC_ARM_REG_PC, &pc);
        }
    }
    uc_ctl_remove_cache(uc_max, addr, uc_hi + 4);
    if (e == UC_ERR_INSN_INVALID || uc_intno == EXCP_UDEF)
        return false;
    for (int k = 0; k < 16; k++)
        ptrs[k] = &out->r[k];
    uc_reg_read_batch(uc_max, (int *)uc_regs, ptrs, 16);
    uc_reg_read(uc_max, UC_ARM_REG_CPSR, &v);
    out->apsr = v & 0xf80f0000u;
    for (int k = 0; k < 16; k++)
        uc_reg_read(uc_max, UC_ARM_REG_D0 + k, &out->d[k]);
    uc_reg_read(uc_max, UC_ARM_REG_FPSCR, &out->fpscr);
    bool in_case = out->r[15] >= addr && out->r[15] < uc_hi;
    bool data_err = e == UC_ERR_READ_UNMAPPED || e == UC_ERR_WRITE_UNMAPPED || e == UC_ERR_READ_UNALIGNED ||
                    e == UC_ERR_WRITE_UNALIGNED;
    out->fault = data_err || uc_intno == 4 || ((e || uc_intno >= 0) && in_case);
    uc_err_text = out->fault ? (e ? uc_strerror(e) : "exception") : NULL;
    uc_last_err = e;
    uc_last_intno = uc_intno;
    out->noref = false;
    return true;
}

static uint8_t uscratch_before[SCRATCH_SIZE];
static uint64_t max_runs; /* cases whose reference was the max CPU */

static void run_unicorn(const struct tcase *t, uint32_t addr, const struct state *in, struct state *out)
{
    uint32_t v;
    if (t->sys || uc_sys_dirty) {
        v = 0;
        uc_reg_write(uc, UC_ARM_REG_CONTROL, &v);
        uc_reg_write(uc, UC_ARM_REG_PRIMASK, &v);
        uc_reg_write(uc, UC_ARM_REG_FAULTMASK, &v);
        uc_reg_write(uc, UC_ARM_REG_BASEPRI, &v);
        v = in->r[13] - 0x100;
        uc_reg_write(uc, UC_ARM_REG_PSP, &v);
        v = in->r[13];
        uc_reg_write(uc, UC_ARM_REG_MSP, &v);
        uc_sys_dirty = t->sys;
    }
    if (t->excl || uc_excl_dirty) {
        uc_lo = 0x800; /* the block hook must let it run */
        uc_hi = 0x806;
        uc_emu_start(uc, 0x800 | 1u, 0, 0, 1); /* CLREX */
        uc_excl_dirty = t->excl;
    }
    if (t->fp && cur_fl == FL_M7)
        memcpy(uscratch_before, uscratch, SCRATCH_SIZE);
    uint32_t vals[16];
    void *ptrs[16];
    memcpy(vals, in->r, sizeof vals);
    vals[15] = addr | 1u;
    for (int k = 0; k < 16; k++)
        ptrs[k] = &vals[k];
    uc_reg_write_batch(uc, (int *)uc_regs, ptrs, 16);
    /* XPSR clears any IT state left by the last case; APSR_NZCVQG is the
     * write that keeps GE (a plain APSR write drops it in Unicorn 2.0.1). */
    v = 1u << 24 | in->apsr;
    uc_reg_write(uc, UC_ARM_REG_XPSR, &v);
    v = in->apsr;
    uc_reg_write(uc, UC_ARM_REG_APSR_NZCVQG, &v);

    static int dregs[16];
    void *dptrs[16];
    if (!dregs[1])
        for (int k = 0; k < 16; k++)
            dregs[k] = UC_ARM_REG_D0 + k;
    if (t->fp) {
        for (int k = 0; k < 16; k++)
            dptrs[k] = (void *)&in->d[k];
        uc_reg_write_batch(uc, dregs, dptrs, 16);
        v = in->fpscr;
        uc_reg_write(uc, UC_ARM_REG_FPSCR, &v);
    }
    uc_intno = -1;
    uc_err e = UC_ERR_OK;
    uc_lo = addr;
    uc_hi = addr + 2 * t->nhw;
    if (t->it) {
        /* Unicorn's instruction count does not see instructions inside an
         * IT block, so run to the end of the block instead (the block hook
         * stops a branch out of it; the count is only a safety net for a
         * branch back into the case). */
        e = uc_emu_start(uc, addr | 1u, uc_hi, 0, 64);
    } else {
        uint32_t pc = addr;
        for (unsigned k = 0; k < t->ninsn && !e && uc_intno < 0; k++) {
            e = uc_emu_start(uc, pc | 1u, 0, 0, 1);
            uc_reg_read(uc, UC_ARM_REG_PC, &pc);
        }
    }
    uint32_t *optrs_v = out->r;
    for (int k = 0; k < 16; k++)
        ptrs[k] = &optrs_v[k];
    uc_reg_read_batch(uc, (int *)uc_regs, ptrs, 16);
    uc_reg_read(uc, UC_ARM_REG_APSR, &v);
    out->apsr = v & 0xf80f0000u;
    if (t->sys) {
        uc_reg_read(uc, UC_ARM_REG_PRIMASK, &out->primask);
        uc_reg_read(uc, UC_ARM_REG_FAULTMASK, &out->faultmask);
        uc_reg_read(uc, UC_ARM_REG_BASEPRI, &out->basepri);
        uc_reg_read(uc, UC_ARM_REG_CONTROL, &out->control);
        if (out->control & 1) {
            /* Unprivileged now: Unicorn offers no way back but a new engine. */
            uc_close(uc);
            make_engine(cur_fl);
            uc = ucs[cur_fl];
            uc_sys_dirty = uc_excl_dirty = true;
        }
    }
    if (t->fp) {
        for (int k = 0; k < 16; k++)
            dptrs[k] = &out->d[k];
        uc_reg_read_batch(uc, dregs, dptrs, 16);
        uc_reg_read(uc, UC_ARM_REG_FPSCR, &out->fpscr);
    }
    uc_last_err = e;
    uc_last_intno = uc_intno;
    uint32_t end = addr + 2 * t->nhw;
    bool in_case = out->r[15] >= addr && out->r[15] < end;
    uc_err_text = NULL;
    out->fault = false;
    /* Data access errors and exceptions belong to the case even when the
     * PC Unicorn reports is past it (inside an IT block Unicorn reports the
     * end of the block). Other errors outside the case are the fetch at a
     * branch target, see below. */
    bool data_err = e == UC_ERR_READ_UNMAPPED || e == UC_ERR_WRITE_UNMAPPED || e == UC_ERR_READ_PROT ||
                    e == UC_ERR_WRITE_PROT || e == UC_ERR_READ_UNALIGNED || e == UC_ERR_WRITE_UNALIGNED;
    /* EXCP_SWI reports the PC after the SVC; EXCP_DATA_ABORT (4) is an
     * alignment or bus fault, whose PC inside an IT block is unreliable. */
    if (uc_intno == EXCP_SWI || uc_intno == 4 || data_err || ((e || uc_intno >= 0) && in_case)) {
        out->fault = true;
        uc_err_text = e ? uc_strerror(e) : "exception";
    }
    out->noref = false;
    if (e == UC_ERR_INSN_INVALID && in_case && cur_fl == FL_M7) {
        unsigned o = (out->r[15] - addr) / 2;
        if (o + 1 < t->nhw && fpv5_v8_only(t->hw[o], t->hw[o + 1])) {
            /* the same case on the max CPU, from the same memory */
            memcpy(uscratch, uscratch_before, SCRATCH_SIZE);
            uc_ctl_remove_cache(uc, out->r[15] & ~1u, (out->r[15] & ~1u) + 4);
            out->noref = !run_max(t, addr, in, out);
            if (!out->noref) {
                max_runs++;
                return;
            }
        }
    }
    /* An error outside the case is the fetch of the branch target (an
     * INVSTATE or unmapped fetch Unicorn reports one instruction early):
     * architecturally the branch itself completed. */
    uc_ctl_remove_cache(uc, out->r[15] & ~1u, (out->r[15] & ~1u) + 4);
}

/* ------------------------------------------------------------ statistics */

struct form_stat {
    const char *form;
    const struct diff_class *cls;
    uint64_t cases, mismatch, unimpl, faultdiff, value, dev, bothfault;
    char example[2048];
};
#define MAX_FORMS 256
static struct form_stat fstats[MAX_FORMS];
static unsigned nfstats;

static struct form_stat *fstat(const struct diff_class *cls, const char *form)
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

static uint64_t *pattern_hits;
static uint64_t dev_count[16];
static unsigned npatterns;

/* ---------------------------------------------------------------- report */

static void disasm(const struct tcase *t, uint32_t addr, char *buf, size_t len)
{
    size_t at = 0;
    buf[0] = 0;
    for (unsigned k = 0; k < t->ninsn; k++) {
        unsigned o = t->insn_hw[k];
        bool is32 = (t->hw[o] >> 11) >= 0x1d;
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
        int w = snprintf(buf + at, len - at, "%s%-9s  %-28s [%s: %s]", k ? "\n        " : "", enc,
                         dis, t->icls[k] ? t->icls[k]->name : "?", t->form[k]);
        if (w < 0 || (size_t)w >= len - at)
            break;
        at += (size_t)w;
    }
}

static void flags_text(uint32_t apsr, char *b)
{
    snprintf(b, 16, "%c%c%c%c%c ge=%x", apsr >> 31 & 1 ? 'N' : 'n', apsr >> 30 & 1 ? 'Z' : 'z',
             apsr >> 29 & 1 ? 'C' : 'c', apsr >> 28 & 1 ? 'V' : 'v', apsr >> 27 & 1 ? 'Q' : 'q',
             apsr >> 16 & 0xf);
}

static size_t describe(char *buf, size_t len, const struct tcase *t, uint32_t addr,
                       const struct state *in, const struct state *ts, const struct state *us,
                       const char *kind, const char *ref_name, int mem_diff_at)
{
    char dis[1024], f1[16], f2[16];
    disasm(t, addr, dis, sizeof dis);
    size_t at = 0;
#define P(...) do { int w_ = snprintf(buf + at, len - at, __VA_ARGS__); \
                    if (w_ > 0) at = at + (size_t)w_ < len ? at + (size_t)w_ : len - 1; } while (0)
    P("    @%08x %s\n", addr, dis);
    P("      %s: ttemu %s%s%s, %s %s%s%s\n", kind, ts->fault ? "faulted" : "ok",
      ts->fault && tmsg[0] ? " (" : "", ts->fault && tmsg[0] ? tmsg : "", ref_name,
      us->fault ? "faulted" : "ok", us->fault && uc_err_text ? " " : "", us->fault && uc_err_text ? uc_err_text : "");
    if ((uc_last_err || uc_last_intno >= 0) && !us->fault)
        P("      (unicorn stopped with \"%s\", exception %d, pc %08x: taken as the fetch at a branch target)\n",
          uc_strerror(uc_last_err), uc_last_intno, us->r[15]);
    P("      in:");
    for (int r = 0; r < 15; r++)
        P(" r%d=%08x", r, in->r[r]);
    flags_text(in->apsr, f1);
    P(" %s\n", f1);
    bool any = false;
    for (int r = 0; r < 16; r++)
        if (ts->r[r] != us->r[r] && !(r == 15 && (ts->fault || us->fault))) {
            char rn[8];
            snprintf(rn, sizeof rn, "r%d", r);
            P("      %s: ttemu %08x %s %08x\n", r == 15 ? "next pc" : rn, ts->r[r], ref_name, us->r[r]);
            any = true;
        }
    if ((ts->apsr ^ us->apsr) & 0xf80f0000u) {
        flags_text(ts->apsr, f1);
        flags_text(us->apsr, f2);
        P("      flags: ttemu %s %s %s\n", f1, ref_name, f2);
        any = true;
    }
    if (t->sys && (ts->primask != us->primask || ts->faultmask != us->faultmask ||
                   ts->basepri != us->basepri || ts->control != us->control)) {
        P("      primask/faultmask/basepri/control: ttemu %x/%x/%x/%x %s %x/%x/%x/%x\n", ts->primask,
          ts->faultmask, ts->basepri, ts->control, ref_name, us->primask, us->faultmask, us->basepri, us->control);
        any = true;
    }
    if (t->fp && !ts->fault && !us->fault && !us->noref) {
        for (int k = 0; k < 16; k++)
            if (ts->d[k] != us->d[k])
                P("      d%d: ttemu %016" PRIx64 " %s %016" PRIx64 "\n", k, ts->d[k], ref_name, us->d[k]);
        if (ts->fpscr != us->fpscr)
            P("      fpscr: ttemu %08x %s %08x\n", ts->fpscr, ref_name, us->fpscr);
    }
    if (mem_diff_at >= 0) {
        P("      memory differs from 0x%08x:", SCRATCH_BASE + (unsigned)mem_diff_at);
        P(" ttemu");
        for (int k = 0; k < 8 && mem_diff_at + k < (int)SCRATCH_SIZE; k++)
            P(" %02x", tscratch[mem_diff_at + k]);
        P(" %s", ref_name);
        for (int k = 0; k < 8 && mem_diff_at + k < (int)SCRATCH_SIZE; k++)
            P(" %02x", us->mem_unchanged ? snapshot[mem_diff_at + k] : uscratch[mem_diff_at + k]);
        P("\n");
        any = true;
    }
    (void)any;
#undef P
    return at;
}

/* ------------------------------------------------------------------ main */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: isa-diff [options]\n"
            "  --seed N         random seed (default 1)\n"
            "  --random-seed    seed from the clock (printed)\n"
            "  --count N        instructions to run (default 200000)\n"
            "  --class NAME     only cases of this class (dp, ls, mul, branch, ...)\n"
            "  --show N         print the first N mismatches in order (default 10)\n"
            "  --examples N     print one example for up to N failing forms (default 60)\n"
            "  --coverage       list every decode pattern with its hit count\n"
            "  --model NAME     one ttemu core model for every class (default: cortex-m4f,\n"
            "                   cortex-m7 for classes that need it, against Unicorn's M4/M7)\n"
            "  --deviations     list the known Unicorn deviations and exit\n");
}

int main(int argc, char **argv)
{
    uint64_t seed = 1, count = 200000;
    unsigned show = 10, examples = 60;
    bool random_seed = false, coverage = false;
    const char *only = NULL;
    for (int k = 1; k < argc; k++) {
        const char *a = argv[k];
        const char *val = k + 1 < argc ? argv[k + 1] : NULL;
        if (!strcmp(a, "--seed") && val)
            seed = strtoull(val, NULL, 0), k++;
        else if (!strcmp(a, "--random-seed"))
            random_seed = true;
        else if (!strcmp(a, "--count") && val)
            count = strtoull(val, NULL, 0), k++;
        else if (!strcmp(a, "--class") && val)
            only = val, k++;
        else if (!strcmp(a, "--show") && val)
            show = (unsigned)atoi(val), k++;
        else if (!strcmp(a, "--examples") && val)
            examples = (unsigned)atoi(val), k++;
        else if (!strcmp(a, "--model") && val)
            model_override = val, k++;
        else if (!strcmp(a, "--coverage"))
            coverage = true;
        else if (!strcmp(a, "--deviations")) {
            for (unsigned d = 1; d < ndeviations; d++)
                printf("%-20s %s\n%20s manual: %s\n", deviations[d].id, deviations[d].summary, "",
                       deviations[d].manual);
            return 0;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (random_seed) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        seed = (uint64_t)ts.tv_sec * 1000000007u ^ (uint64_t)ts.tv_nsec;
    }
    if (!seed)
        seed = 1;

    setup();
    npatterns = decode_pattern_count();
    pattern_hits = calloc(npatterns + 1, sizeof *pattern_hits);

    unsigned total_w = 0;
    for (struct diff_class *c = diff_classes(); c; c = c->next)
        if (!only || !strcmp(only, c->name))
            total_w += c->weight;
    if (!total_w)
        die("no class named %s", only ? only : "(none registered)");

    struct gen g = { .s = seed * 0x9e3779b97f4a7c15ull | 1 };
    fill_scratch(&g);
    unsigned uc_major, uc_minor;
    uc_version(&uc_major, &uc_minor);
    printf("isa-diff: seed %" PRIu64 "%s, %" PRIu64 " instructions, ttemu %s/%s vs Unicorn %u.%u Cortex-M4/M7\n",
           seed, random_seed ? " (random)" : "", count, fl_model[FL_M4F]->name, fl_model[FL_M7]->name,
           uc_major, uc_minor);
    fflush(stdout);

    const uint32_t nslots = TEST_AREA_SIZE / SLOT_SIZE;
    uint64_t insns = 0, ncases = 0, mismatches = 0, shown = 0, devcases = 0;
    uint32_t slot = 0;
    double t0 = now();
    while (insns < count) {
        if (slot == nslots) {
            slot = 0;
            cpu_code_changed(&tcpu, TEST_AREA, TEST_AREA_SIZE);
            for (int f = 0; f < FL_COUNT; f++)
                uc_ctl_remove_cache(ucs[f], TEST_AREA, TEST_AREA + TEST_AREA_SIZE);
            uc_ctl_remove_cache(uc_max, TEST_AREA, TEST_AREA + TEST_AREA_SIZE);
        }
        if ((ncases & 4095) == 4095)
            fill_scratch(&g);
        uint32_t addr = TEST_AREA + slot++ * SLOT_SIZE;

        /* pick a class and generate */
        struct diff_class *cls = NULL;
        unsigned pick = rndn(&g, total_w);
        for (struct diff_class *c = diff_classes(); c; c = c->next) {
            if (only && strcmp(only, c->name))
                continue;
            if (pick < c->weight) {
                cls = c;
                break;
            }
            pick -= c->weight;
        }
        struct tcase t;
        memset(&t, 0, sizeof t);
        g.addr = addr;
        g.in_it = false;
        g.pc_ok = true;
        g.cls = cls;
        cls->gen(&g, &t);
        select_flavour(class_flavour(cls));

        /* code: the case, then "b ." so Unicorn's translation block ends */
        memcpy(code + addr, t.hw, 2 * t.nhw);
        uint16_t stop = 0xe7fe;
        memcpy(code + addr + 2 * t.nhw, &stop, 2);

        /* initial state */
        struct state in;
        memset(&in, 0, sizeof in);
        for (int r = 0; r < 15; r++)
            in.r[r] = rnd_value(&g);
        in.r[13] = (SCRATCH_LO + rndn(&g, SCRATCH_HI - SCRATCH_LO)) & ~(chance(&g, 50) ? 7u : 3u);
        for (int r = 0; r < 15; r++)
            if (t.regset >> r & 1)
                in.r[r] = t.reg[r];
        in.r[15] = addr;
        in.apsr = (rnd32(&g) & 0xf8000000u) | bits(&g, 4) << 16;
        /* FP classes (name "fp..."): same FP registers in both, compared after */
        t.fp = !strncmp(cls->name, "fp", 2);
        if (t.fp)
            for (int k = 0; k < 16; k++)
                in.d[k] = (uint64_t)rnd32(&g) << 32 | rnd32(&g);
        for (unsigned k = 0; k < t.npatch; k++)
            if (t.patch_addr[k] >= SCRATCH_BASE && t.patch_addr[k] + 4 <= SCRATCH_BASE + SCRATCH_SIZE) {
                memcpy(tscratch + t.patch_addr[k] - SCRATCH_BASE, &t.patch_val[k], 4);
                memcpy(uscratch + t.patch_addr[k] - SCRATCH_BASE, &t.patch_val[k], 4);
            }
        if (t.dev || t.misaligned)
            memcpy(snapshot, tscratch, SCRATCH_SIZE);

        /* coverage: which of ttemu's patterns decode each instruction */
        int undecoded = -1;
        for (unsigned k = 0; k < t.ninsn; k++) {
            unsigned o = t.insn_hw[k];
            struct insn di;
            memset(&di, 0, sizeof di);
            di.addr = addr + 2 * o;
            int p = decode_insn(tcpu.model, t.hw[o], o + 1 < t.nhw ? t.hw[o + 1] : 0, t.it && k > 0, &di);
            if (p >= 0 && (unsigned)p < npatterns)
                pattern_hits[p]++;
            else if (undecoded < 0)
                undecoded = (int)k;
        }

        struct state ts, us;
        memset(&ts, 0, sizeof ts);
        memset(&us, 0, sizeof us);
        run_ttemu(&t, addr, &in, &ts);
        run_unicorn(&t, addr, &in, &us);
        const char *ref_name = "unicorn";
        if (us.noref)
            t.dev = 3;
        for (unsigned d = 1; d < ndeviations && !t.dev; d++)
            if (deviations[d].applies && deviations[d].applies(&t, &in))
                t.dev = (int)d;
        /* FP loads/stores (VLDR/VSTR/VLDM/VSTM/VPUSH/VPOP: 1110 110x ... 101x)
         * from a base the generator misaligned: deviation 1 as well. */
        if (!t.dev && t.fp && t.misaligned)
            for (unsigned k = 0; k < t.ninsn; k++) {
                unsigned o = t.insn_hw[k];
                if ((t.hw[o] & 0xfe00) == 0xec00 && o + 1 < t.nhw && (t.hw[o + 1] & 0x0e00) == 0x0a00 &&
                    (t.hw[o] & 0x01a0) != 0 && /* not the 64-bit VMOV transfers (P=U=W=0) */
                    (in.r[t.hw[o] & 15] & 3))
                    t.dev = 1;
            }
        if (t.dev > 0 && (unsigned)t.dev < ndeviations) {
            dev_count[t.dev]++;
            deviations[t.dev].expect(&t, &in, &us);
            ref_name = "manual";
            devcases++;
            cls->deviation++;
        }

        ncases++;
        insns += t.ninsn;
        cls->cases++;
        cls->insns += t.ninsn;

        /* compare */
        bool bad_regs = false;
        for (int r = 0; r < 16; r++)
            if (ts.r[r] != us.r[r] && !(r == 15 && (ts.fault || us.fault)))
                bad_regs = true;
        if ((ts.apsr ^ us.apsr) & 0xf80f0000u)
            bad_regs = true;
        if (t.sys && (ts.primask != us.primask || ts.faultmask != us.faultmask ||
                      ts.basepri != us.basepri || ts.control != us.control))
            bad_regs = true;
        if (t.fp && !us.fault && !ts.fault && !us.noref) {
            for (int k = 0; k < 16; k++)
                if (ts.d[k] != us.d[k])
                    bad_regs = true;
            if (ts.fpscr != us.fpscr)
                bad_regs = true;
        }
        const uint8_t *ref_mem = us.mem_unchanged ? snapshot : uscratch;
        int mem_diff_at = -1;
        if (memcmp(tscratch, ref_mem, SCRATCH_SIZE)) {
            for (unsigned k = 0; k < SCRATCH_SIZE; k++)
                if (tscratch[k] != ref_mem[k]) {
                    mem_diff_at = (int)(k & ~7u);
                    break;
                }
        }

        /* which instruction to blame: an undecodable one first */
        unsigned blame = undecoded >= 0 ? (unsigned)undecoded : 0;
        const struct diff_class *bcls = t.icls[blame] ? t.icls[blame] : cls;
        struct form_stat *fs = fstat(bcls, t.form[blame]);
        fs->cases++;
        if (t.dev)
            fs->dev++;

        /* Unicorn's data aborts inside an IT block are imprecise (the rest
         * of its translation block still runs), so when both fault there,
         * only the fact is compared. */
        if (t.it && ts.fault && us.fault)
            bad_regs = false, mem_diff_at = -1;
        /* No reference result: only "it executes" is checked. */
        if (us.noref)
            bad_regs = false, mem_diff_at = -1, us.fault = false;
        if (ts.fault && us.fault)
            fs->bothfault++;
        const char *kind = NULL;
        if (ts.fault != us.fault)
            kind = (ts.fault && undecoded >= 0) ? "UNDEFINED in ttemu (not implemented?)" : "fault differs";
        else if (bad_regs || mem_diff_at >= 0)
            kind = "state differs";
        if (!kind) {
            cls->pass++;
        } else {
            mismatches++;
            struct diff_class *mc = (struct diff_class *)bcls;
            mc->mismatch++;
            fs->mismatch++;
            if (ts.fault != us.fault) {
                if (ts.fault && undecoded >= 0)
                    fs->unimpl++, mc->undef++;
                else
                    fs->faultdiff++, mc->faultdiff++;
            } else {
                fs->value++;
            }
            char buf[2000];
            bool need_example = !fs->example[0];
            if (need_example || shown < show)
                describe(buf, sizeof buf, &t, addr, &in, &ts, &us, kind, ref_name, mem_diff_at);
            if (need_example)
                snprintf(fs->example, sizeof fs->example, "%s", buf);
            if (shown < show) {
                if (!shown)
                    printf("\nfirst mismatches, in order:\n");
                printf("  #%" PRIu64 " (case %" PRIu64 ") [%s] %s\n%s", shown + 1, ncases, bcls->name,
                       t.form[blame], buf);
                shown++;
            }
        }
        /* keep the two memories in step (also after cases whose memory was
         * not compared) */
        if (mem_diff_at >= 0 || us.mem_unchanged || t.it || us.noref)
            if (memcmp(uscratch, tscratch, SCRATCH_SIZE))
                memcpy(uscratch, tscratch, SCRATCH_SIZE);
    }
    double secs = now() - t0;

    /* ---- summary ---- */
    printf("\nper class (%" PRIu64 " instructions in %" PRIu64 " cases, %.2f s):\n", insns, ncases, secs);
    printf("  %-8s %9s %9s %9s %9s %9s %9s %9s\n", "class", "cases", "insns", "pass", "mismatch",
           "undef", "faultdif", "dev");
    for (struct diff_class *c = diff_classes(); c; c = c->next)
        printf("  %-8s %9" PRIu64 " %9" PRIu64 " %9" PRIu64 " %9" PRIu64 " %9" PRIu64 " %9" PRIu64 " %9" PRIu64 "\n",
               c->name, c->cases, c->insns, c->pass, c->mismatch, c->undef, c->faultdiff, c->deviation);
    printf("  (mismatches are counted against the class of the instruction blamed: the first one\n"
           "   ttemu cannot decode, else the first of the case; IT blocks count under branch)\n");

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
                printf("  %s %" PRIu64 " = %" PRIu64 " + %" PRIu64 " + %" PRIu64, "MISMATCH", f->mismatch,
                       f->unimpl, f->faultdiff, f->value);
            else
                printf("  ok");
            if (f->dev)
                printf("  (%" PRIu64 " known deviation)", f->dev);
            if (f->bothfault)
                printf("  [%" PRIu64 " faulted in both]", f->bothfault);
            printf("\n");
        }
    }

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

    unsigned hit = 0;
    for (unsigned k = 0; k < npatterns; k++)
        hit += pattern_hits[k] != 0;
    printf("\nttemu decode patterns hit: %u of %u\n", hit, npatterns);
    if (coverage) {
        for (unsigned k = 0; k < npatterns; k++)
            printf("  %8" PRIu64 "  %s\n", pattern_hits[k], decode_pattern_name(k));
    } else if (hit < npatterns) {
        printf("  never hit:");
        for (unsigned k = 0; k < npatterns; k++)
            if (!pattern_hits[k])
                printf(" [%s]", decode_pattern_name(k));
        printf("\n");
    }
    if (devcases) {
        printf("known Unicorn deviations (isa-diff --deviations; tests/diff/deviations.c):\n");
        for (unsigned d = 1; d < ndeviations && d < 16; d++)
            if (dev_count[d])
                printf("  %-22s %8" PRIu64 " cases: %s\n", deviations[d].id, dev_count[d],
                       deviations[d].expect == NULL ? "?" : deviations[d].expect == NULL || d == 3 ? "no reference, only checked that ttemu executes them"
                                                                   : "ttemu checked against the manual's result");
    }
    if (max_runs)
        printf("F64/FPv5 cases checked against Unicorn's max CPU (the Cortex-M7 model refuses them): %" PRIu64 "\n",
               max_runs);
    printf("\nisa-diff: %s: %" PRIu64 " mismatches in %" PRIu64 " cases (%" PRIu64 " instructions), seed %" PRIu64
           ", %.2f s\n", mismatches ? "FAIL" : "PASS", mismatches, ncases, insns, seed, secs);
    cs_close(&cs);
    for (int f = 0; f < FL_COUNT; f++)
        uc_close(ucs[f]);
    uc_close(uc_max);
    cpu_free(&tcpu);
    bus_free(&tbus);
    free(uscratch);
    free(pattern_hits);
    return mismatches ? 1 : 0;
}
