/* The Unicorn side of the diff: one engine per machine flavour (Cortex-M4,
 * Cortex-M7), sharing the code memory with ttemu and a scratch RAM of its
 * own, run one instruction at a time; and the max CPU for the F64/FPv5
 * instructions the M7 model refuses.
 *
 * A step is uc_emu_start(pc, until = the next instruction, count = 1):
 * the count ends a step outside IT blocks, `until` inside them (Unicorn's
 * count does not see instructions inside an IT block, but it does stop at
 * `until` there, with EPSR.IT intact), and the block hook ends a branch
 * out of the case, so a branch target is never run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicorn/unicorn.h>

#include "tests/diff/runner.h"

/* QEMU's exception numbers as Unicorn reports them to UC_HOOK_INTR. */
enum {
    EXCP_UDEF = 1, EXCP_SWI = 2, EXCP_DATA_ABORT = 4, EXCP_BKPT = 7, EXCP_NOCP = 17,
    EXCP_INVSTATE = 18, EXCP_UNALIGNED = 22,
};

uint8_t *uscratch;
uint64_t max_runs;
const char *uc_stop_text;

static const int fl_uc_model[FL_COUNT] = { UC_CPU_ARM_CORTEX_M4, UC_CPU_ARM_CORTEX_M7 };
static uc_engine *ucs[FL_COUNT];
static uc_engine *uc; /* the engine of the current case */
static int cur_fl = FL_M4F;
/* The reference for what Unicorn 2.0.1's Cortex-M7 refuses (every F64
 * data-processing instruction and the FPv5 ARMv8 ones): its "max"
 * A-profile CPU, which executes the same Thumb encodings with VFPv4 +
 * ARMv8 FP semantics. Its FPSCR has A-profile bits the M-profile register
 * lacks (QC, Len, Stride: 27, 21:20, 18:16); they are cleared after every
 * instruction, as an M-profile FPSCR ignores writes to them (ARMv7-M ARM
 * A2.5.3), which is the one documented difference (unicorn-max-fpscr). */
static uc_engine *uc_max;
#define FPSCR_M_MASK 0xf7c0009fu

static int uc_intno;
static uint64_t unmapped_at;
static uint32_t uc_lo, uc_hi; /* the case: the block hook stops outside it */
static bool sys_dirty = true, excl_dirty = true, unpriv = false;

static const int uc_regs[16] = {
    UC_ARM_REG_R0, UC_ARM_REG_R1, UC_ARM_REG_R2, UC_ARM_REG_R3, UC_ARM_REG_R4,
    UC_ARM_REG_R5, UC_ARM_REG_R6, UC_ARM_REG_R7, UC_ARM_REG_R8, UC_ARM_REG_R9,
    UC_ARM_REG_R10, UC_ARM_REG_R11, UC_ARM_REG_R12, UC_ARM_REG_SP, UC_ARM_REG_LR,
    UC_ARM_REG_PC,
};
static int uc_dregs[16];

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

static bool uc_unmapped(uc_engine *u, uc_mem_type type, uint64_t address, int size, int64_t value, void *data)
{
    (void)u;
    (void)type;
    (void)size;
    (void)value;
    (void)data;
    unmapped_at = address;
    return false;
}

static void die(const char *what, uc_err e)
{
    fprintf(stderr, "isa-diff: %s: %s\n", what, uc_strerror(e));
    exit(2);
}

static void add_hooks(uc_engine *u)
{
    uc_hook h;
    uc_err e;
    if ((e = uc_hook_add(u, &h, UC_HOOK_INTR, (void *)uc_intr, NULL, 1, 0)) ||
        (e = uc_hook_add(u, &h, UC_HOOK_BLOCK, (void *)uc_block, NULL, 1, 0)) ||
        (e = uc_hook_add(u, &h, UC_HOOK_MEM_UNMAPPED, (void *)uc_unmapped, NULL, 1, 0)))
        die("uc_hook_add", e);
}

static void map(uc_engine *u)
{
    uc_err e;
    if ((e = uc_mem_map_ptr(u, CODE_BASE, CODE_SIZE, UC_PROT_ALL, code)) ||
        (e = uc_mem_map_ptr(u, SCRATCH_BASE, SCRATCH_SIZE, UC_PROT_ALL, uscratch)))
        die("uc_mem_map_ptr", e);
}

static void make_engine(int f)
{
    uc_err e = uc_open(UC_ARCH_ARM, UC_MODE_THUMB | UC_MODE_MCLASS, &ucs[f]);
    if (e)
        die("uc_open", e);
    if ((e = uc_ctl_set_cpu_model(ucs[f], fl_uc_model[f])))
        die(fl_ttemu_model[f], e);
    map(ucs[f]);
    add_hooks(ucs[f]);
}

static void make_max_engine(void)
{
    uc_err e = uc_open(UC_ARCH_ARM, UC_MODE_THUMB, &uc_max);
    if (!e)
        e = uc_ctl_set_cpu_model(uc_max, UC_CPU_ARM_MAX);
    if (e)
        die("the F64 reference (Unicorn's max CPU)", e);
    map(uc_max);
    uint32_t fpexc_en = 1u << 30, cpacr_cp10_11 = 0x00f00000u;
    uc_reg_write(uc_max, UC_ARM_REG_C1_C0_2, &cpacr_cp10_11);
    uc_reg_write(uc_max, UC_ARM_REG_FPEXC, &fpexc_en);
    add_hooks(uc_max);
}

void um_setup(void)
{
    uscratch = calloc(1, SCRATCH_SIZE);
    if (!uscratch)
        die("scratch RAM", UC_ERR_NOMEM);
    for (int k = 0; k < 16; k++)
        uc_dregs[k] = UC_ARM_REG_D0 + k;
    /* CLREX; b . at 0x800: closes Unicorn's exclusive monitor. */
    uint16_t clrex[] = { 0xf3bf, 0x8f2f, 0xe7fe };
    memcpy(code + 0x800, clrex, sizeof clrex);
    for (int f = 0; f < FL_COUNT; f++)
        make_engine(f);
    uc = ucs[FL_M4F];
    make_max_engine();
}

const char *um_version(void)
{
    static char v[32];
    unsigned major, minor;
    uc_version(&major, &minor);
    snprintf(v, sizeof v, "%u.%u", major, minor);
    return v;
}

void um_select(int f)
{
    if (f == cur_fl)
        return;
    cur_fl = f;
    uc = ucs[f];
    sys_dirty = excl_dirty = true;
}

void um_code_changed(void)
{
    for (int f = 0; f < FL_COUNT; f++)
        uc_ctl_remove_cache(ucs[f], TEST_AREA, TEST_AREA + TEST_AREA_SIZE);
    uc_ctl_remove_cache(uc_max, TEST_AREA, TEST_AREA + TEST_AREA_SIZE);
}

static void write_core(uc_engine *u, const uint32_t *r)
{
    uint32_t vals[16];
    void *ptrs[16];
    memcpy(vals, r, sizeof vals);
    vals[15] |= 1u;
    for (int k = 0; k < 16; k++)
        ptrs[k] = &vals[k];
    uc_reg_write_batch(u, (int *)uc_regs, ptrs, 16);
}

static void write_fp(uc_engine *u, const struct state *s, uint32_t fpscr_mask)
{
    void *dptrs[16];
    for (int k = 0; k < 16; k++)
        dptrs[k] = (void *)&s->d[k];
    uc_reg_write_batch(u, uc_dregs, dptrs, 16);
    uint32_t v = s->fpscr & fpscr_mask;
    uc_reg_write(u, UC_ARM_REG_FPSCR, &v);
}

/* Flags, GE and EPSR.IT. XPSR also clears any IT state left by the last
 * case; APSR_NZCVQG is the write that keeps GE (a plain APSR write drops
 * it in Unicorn 2.0.1). */
static void write_psr(uc_engine *u, const struct state *s)
{
    uint32_t v = 1u << 24 | s->apsr | (uint32_t)(s->itstate & 3) << 25 | (uint32_t)(s->itstate >> 2) << 10;
    uc_reg_write(u, UC_ARM_REG_XPSR, &v);
    v = s->apsr;
    uc_reg_write(u, UC_ARM_REG_APSR_NZCVQG, &v);
}

void um_begin(const struct tcase *t, uint32_t addr, const struct state *in)
{
    uint32_t v;
    if (unpriv) {
        /* Unprivileged now: Unicorn offers no way back but a new engine. */
        uc_close(uc);
        make_engine(cur_fl);
        uc = ucs[cur_fl];
        sys_dirty = excl_dirty = true;
        unpriv = false;
    }
    if (t->sys || sys_dirty) {
        v = 0;
        uc_reg_write(uc, UC_ARM_REG_CONTROL, &v);
        uc_reg_write(uc, UC_ARM_REG_PRIMASK, &v);
        uc_reg_write(uc, UC_ARM_REG_FAULTMASK, &v);
        uc_reg_write(uc, UC_ARM_REG_BASEPRI, &v);
        v = in->r[13] - 0x100;
        uc_reg_write(uc, UC_ARM_REG_PSP, &v);
        v = in->r[13];
        uc_reg_write(uc, UC_ARM_REG_MSP, &v);
        sys_dirty = t->sys;
    }
    if (t->excl || excl_dirty) {
        uc_lo = 0x800; /* the block hook must let it run */
        uc_hi = 0x806;
        uc_emu_start(uc, 0x800 | 1u, 0, 0, 1); /* CLREX */
        excl_dirty = t->excl;
    }
    struct state s = *in;
    s.r[15] = addr;
    s.itstate = 0;
    write_core(uc, s.r);
    write_psr(uc, &s);
    if (t->fp)
        write_fp(uc, &s, ~0u);
    uc_lo = addr;
    uc_hi = addr + 2 * t->nhw;
}

void um_sync(const struct tcase *t, const struct state *s)
{
    write_core(uc, s->r);
    write_psr(uc, s);
    if (t->fp)
        write_fp(uc, s, ~0u);
}

static void read_state(uc_engine *u, const struct tcase *t, bool mprofile, struct state *out)
{
    void *ptrs[16];
    uint32_t v;
    for (int k = 0; k < 16; k++)
        ptrs[k] = &out->r[k];
    uc_reg_read_batch(u, (int *)uc_regs, ptrs, 16);
    uc_reg_read(u, mprofile ? UC_ARM_REG_XPSR : UC_ARM_REG_CPSR, &v);
    out->apsr = v & 0xf80f0000u;
    out->itstate = (uint8_t)((v >> 25 & 3) | (v >> 10 & 0x3f) << 2);
    if (t->sys && mprofile) {
        uc_reg_read(u, UC_ARM_REG_PRIMASK, &out->primask);
        uc_reg_read(u, UC_ARM_REG_FAULTMASK, &out->faultmask);
        uc_reg_read(u, UC_ARM_REG_BASEPRI, &out->basepri);
        uc_reg_read(u, UC_ARM_REG_CONTROL, &out->control);
        if (out->control & 1)
            unpriv = true;
    }
    if (t->fp) {
        void *dptrs[16];
        for (int k = 0; k < 16; k++)
            dptrs[k] = &out->d[k];
        uc_reg_read_batch(u, uc_dregs, dptrs, 16);
        uc_reg_read(u, UC_ARM_REG_FPSCR, &out->fpscr);
    }
}

/* What stopped Unicorn, in the manual's terms. An error with the PC
 * outside the case is the fetch of a branch target (an INVSTATE or
 * unmapped fetch Unicorn reports one instruction early): architecturally
 * the branch itself completed. */
static void classify(uc_engine *u, uc_err e, struct state *out)
{
    bool in_case = out->r[15] >= uc_lo && out->r[15] < uc_hi;
    enum fault_kind k = FK_NONE;
    if (e == UC_ERR_READ_UNMAPPED || e == UC_ERR_WRITE_UNMAPPED || e == UC_ERR_READ_PROT || e == UC_ERR_WRITE_PROT)
        k = FK_PRECISERR, out->bfar = (uint32_t)unmapped_at;
    else if (e == UC_ERR_READ_UNALIGNED || e == UC_ERR_WRITE_UNALIGNED || uc_intno == EXCP_DATA_ABORT ||
             uc_intno == EXCP_UNALIGNED)
        k = FK_UNALIGNED;
    else if (uc_intno == EXCP_SWI)
        k = FK_SVC;
    else if (uc_intno == EXCP_BKPT)
        k = FK_BKPT;
    else if (uc_intno == EXCP_NOCP)
        k = FK_NOCP;
    else if (uc_intno == EXCP_INVSTATE && in_case)
        k = FK_INVSTATE;
    else if ((e == UC_ERR_INSN_INVALID || uc_intno == EXCP_UDEF) && in_case)
        k = FK_UNDEFINSTR;
    else if ((e || uc_intno >= 0) && in_case)
        k = FK_OTHER;
    out->kind = k;
    out->fault = k != FK_NONE;
    static char text[96];
    if (e || uc_intno >= 0) {
        if (uc_intno >= 0)
            snprintf(text, sizeof text, "QEMU exception %d, pc %08x", uc_intno, out->r[15]);
        else
            snprintf(text, sizeof text, "\"%s\", pc %08x", uc_strerror(e), out->r[15]);
        uc_stop_text = text;
    }
    out->why = out->fault ? uc_stop_text : NULL;
    /* A branch out of the case had Unicorn translate its target before
     * the block hook stopped it: that translation would be stale when a
     * later case's code is written there. */
    if (!in_case)
        uc_ctl_remove_cache(u, out->r[15] & ~1u, (out->r[15] & ~1u) + 4);
}

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

/* One instruction on the max CPU from `pre`; false when it refuses it too. */
static bool step_max(const struct tcase *t, const struct state *pre, struct state *out)
{
    uint32_t v;
    write_core(uc_max, pre->r);
    uc_reg_read(uc_max, UC_ARM_REG_CPSR, &v);
    v = (v & 0x07f0ffffu & ~0x0600fc00u) | (pre->apsr & 0xf80f0000u); /* flags, GE; no IT */
    uc_reg_write(uc_max, UC_ARM_REG_CPSR, &v);
    write_fp(uc_max, pre, FPSCR_M_MASK);
    uc_intno = -1;
    uint32_t pc = pre->r[15];
    uc_err e = uc_emu_start(uc_max, pc | 1u, pc + 4, 0, 1);
    uc_reg_read(uc_max, UC_ARM_REG_FPSCR, &v);
    v &= FPSCR_M_MASK;
    uc_reg_write(uc_max, UC_ARM_REG_FPSCR, &v);
    uc_ctl_remove_cache(uc_max, pc, pc + 4);
    if (e == UC_ERR_INSN_INVALID || uc_intno == EXCP_UDEF)
        return false;
    struct tcase tf = *t;
    tf.sys = false;
    read_state(uc_max, &tf, false, out);
    out->primask = pre->primask;
    out->faultmask = pre->faultmask;
    out->basepri = pre->basepri;
    out->control = pre->control;
    classify(uc_max, e, out);
    return true;
}

/* Unicorn reports a store to unmapped memory inside an IT block only
 * after the instruction completed (base written back, PC past it, BFAR
 * the last address). Its condition passed, and a store does the same
 * outside an IT block, so it is run again there (EPSR.IT 0), where
 * Unicorn stops at the first access; expect.c restores the IT state the
 * manual stacks. */
static void restep_store(const struct tcase *t, const struct state *pre, uint32_t until, struct state *out)
{
    struct state s = *pre;
    s.itstate = 0;
    write_core(uc, s.r);
    write_psr(uc, &s);
    uc_intno = -1;
    uc_err e = uc_emu_start(uc, pre->r[15] | 1u, until, 0, 1);
    memset(out, 0, sizeof *out);
    read_state(uc, t, true, out);
    if (!t->sys) {
        out->primask = pre->primask;
        out->faultmask = pre->faultmask;
        out->basepri = pre->basepri;
        out->control = pre->control;
    }
    classify(uc, e, out);
}

void um_step(const struct tcase *t, uint32_t addr, const struct state *pre, struct state *out)
{
    (void)addr;
    memset(out, 0, sizeof *out);
    uint32_t pc = pre->r[15];
    uint16_t hw1, hw2;
    memcpy(&hw1, code + pc, 2);
    memcpy(&hw2, code + pc + 2, 2);
    bool is32 = (hw1 >> 11) >= 0x1d;
    uc_intno = -1;
    uc_stop_text = NULL;
    uc_err e = uc_emu_start(uc, pc | 1u, pc + (is32 ? 4 : 2), 0, 1);
    read_state(uc, t, true, out);
    if (!t->sys) {
        out->primask = pre->primask;
        out->faultmask = pre->faultmask;
        out->basepri = pre->basepri;
        out->control = pre->control;
    }
    if (e == UC_ERR_INSN_INVALID && out->r[15] == pc && cur_fl == FL_M7 && is32 && pre->itstate == 0 &&
        fpv5_v8_only(hw1, hw2)) {
        uc_ctl_remove_cache(uc, pc, pc + 4);
        if (step_max(t, pre, out)) {
            max_runs++;
            um_sync(t, out); /* the M7 engine goes on from the max CPU's result */
        } else {
            *out = *pre; /* no reference: the runner syncs Unicorn to ttemu */
            out->noref = true;
        }
        return;
    }
    classify(uc, e, out);
    if (e == UC_ERR_WRITE_UNMAPPED && pre->itstate)
        restep_store(t, pre, pc + (is32 ? 4 : 2), out);
}

void um_close(void)
{
    for (int f = 0; f < FL_COUNT; f++)
        uc_close(ucs[f]);
    uc_close(uc_max);
    free(uscratch);
}
