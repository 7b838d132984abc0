/* Known deviations of Unicorn 2.0.1 (QEMU 5.0 based) from the ARMv7-M
 * Architecture Reference Manual. For an instruction that exercises one,
 * the runner replaces Unicorn's result by the manual's and checks ttemu
 * against that. Each entry names the manual's pseudocode it follows;
 * README.md in this directory lists them for people. Index 0 is "none". */
#include <string.h>

#include "tests/diff/deviations.h"

/* 1: LDM/STM/PUSH/POP/LDRD/STRD (and the FP VLDR/VSTR/VLDM/VSTM/VPUSH/
 * VPOP) on an address that is not word aligned.
 *
 * Manual A3.2.1 "Alignment behavior": LDM, LDMDB, STM, STMDB, PUSH, POP,
 * LDRD, STRD (and LDREX/STREX, TBB/TBH excluded) always generate an
 * alignment fault (UsageFault UNALIGNED) when the address is not word
 * aligned, whatever CCR.UNALIGN_TRP says. In the pseudocode these use
 * MemA[] (B2.3.4, "MemA[address, size]": if address != Align(address,
 * size) then UFSR.UNALIGNED = '1'; ExceptionTaken(UsageFault)).
 * Unicorn 2.0.1 performs the accesses without the check (QEMU gained
 * MO_ALIGN on these only in 6.x). Expected: the instruction faults before
 * any register or memory changes. */
static void expect_align_fault(const struct tcase *t, unsigned k, const struct state *pre, struct state *uc)
{
    (void)t;
    (void)k;
    *uc = *pre;
    uc->kind = FK_UNALIGNED;
    uc->fault = true;
    uc->why = "the manual: UsageFault UNALIGNED";
}

/* 2: STREX/STREXB/STREXH on a misaligned address with the local monitor
 * closed.
 *
 * Manual A3.4 (synchronization primitives), ExclusiveMonitorsPass(), which
 * STREX calls before the store: "if address != Align(address, size) then
 * UFSR.UNALIGNED = '1'; ExceptionTaken(UsageFault);" comes before the
 * monitor check, so a misaligned STREX always faults. Unicorn compares the
 * address with the monitor first and, the monitor being closed, just
 * writes 1 to Rd. Expected: UsageFault, nothing changed. */

/* 3: FP instructions of the Cortex-M7 that Unicorn does not have.
 *
 * The Cortex-M7's FPv5-D16 has double precision and the FPv5 additions
 * (ARMv7-M ARM A7.7: VSEL, VMAXNM, VMINNM, VRINTA/N/P/M/R/X/Z, VCVTA/N/P/M).
 * Unicorn 2.0.1's Cortex-M7 raises UNDEFINED for every double-precision
 * data-processing instruction (VADD.F64, VSQRT.F64, VFMA.F64...) and for
 * the FPv5 additions (QEMU 5.0 decodes them only for ARMv8). There
 * is no reference value, so the case only checks that ttemu executes the
 * instruction (no UNDEFINED/NOCP fault); the FP unit tests check values. */
static void expect_no_reference(const struct tcase *t, unsigned k, const struct state *pre, struct state *uc)
{
    (void)t;
    (void)k;
    (void)pre;
    uc->noref = true;
    uc->fault = false;
    uc->kind = FK_NONE;
}

/* 4: SMLAD/SMLADX: Q set when product1 + product2 overflows 32 bits
 * although the final sum is in range.
 *
 * Manual A7.7 "SMLAD" pseudocode: result = product1 + product2 +
 * SInt(R[a]) in integer arithmetic; R[d] = result<31:0>; "if result !=
 * SInt(result<31:0>) then APSR.Q = '1'". Only the final sum counts. Both
 * products are 0x40000000 when all four halves are 0x8000, so the
 * intermediate sum 2^31 overflows while the total (with a negative Ra) may
 * not; Unicorn (QEMU 5.0) checks the intermediate sum too and sets Q. */
/* ConditionPassed() (A7.3) for the instruction about to run in an IT
 * block, from the state before it; true outside IT blocks. */
static bool it_passes(const struct state *in)
{
    if (!(in->itstate & 0xf))
        return true;
    unsigned cond = in->itstate >> 4, a = in->apsr;
    bool n = a >> 31 & 1, z = a >> 30 & 1, c = a >> 29 & 1, v = a >> 28 & 1, r;
    switch (cond >> 1) {
    case 0: r = z; break;
    case 1: r = c; break;
    case 2: r = n; break;
    case 3: r = v; break;
    case 4: r = c && !z; break;
    case 5: r = n == v; break;
    case 6: r = n == v && !z; break;
    default: return true;
    }
    return (cond & 1) ? !r : r;
}

/* Any instruction of a case, in an IT block too (seed 179619029014047:
 * SMLAD third in an ITEET), when it runs and Q was clear before it. */
static bool smlad_applies(const struct tcase *t, unsigned k, const struct state *in)
{
    unsigned o = t->insn_hw[k];
    if (o + 1 >= t->nhw)
        return false;
    uint16_t hw1 = t->hw[o], hw2 = t->hw[o + 1];
    if ((hw1 & 0xfff0) != 0xfb20 || (hw2 & 0x00e0) != 0 || (hw2 >> 12) == 15)
        return false;
    return !(in->apsr >> 27 & 1) && it_passes(in);
}

static void expect_smlad(const struct tcase *t, unsigned k, const struct state *in, struct state *uc)
{
    unsigned o = t->insn_hw[k];
    uint16_t hw1 = t->hw[o], hw2 = t->hw[o + 1];
    uint32_t rn = in->r[hw1 & 15], rm = in->r[hw2 & 15], ra = in->r[hw2 >> 12];
    if (hw2 & 0x10) /* X: swap Rm's halves */
        rm = rm >> 16 | rm << 16;
    int64_t p1 = (int64_t)(int16_t)rn * (int16_t)rm;
    int64_t p2 = (int64_t)(int16_t)(rn >> 16) * (int16_t)(rm >> 16);
    int64_t r = p1 + p2 + (int32_t)ra;
    bool q = r != (int64_t)(int32_t)(uint32_t)r;
    uc->apsr = (uc->apsr & ~(1u << 27)) | (uint32_t)q << 27;
}

/* 5: A value with bits[1:0] != 0 written to SP, by load/store writeback or
 * by data processing (ADD/SUB SP, SP, #imm).
 *
 * Manual B1.4.7, R[] assignment: "when 13 _R[LookUpSP()] =
 * value<31:2>:'00'" -- SP bits[1:0] always read as zero. Unicorn (QEMU 5.0)
 * keeps the low bits in both cases (seen with seed 7, class dp).
 * Expected: Unicorn's result with SP bits[1:0] cleared. */
static void expect_sp_masked(const struct tcase *t, unsigned k, const struct state *in, struct state *uc)
{
    (void)t;
    (void)k;
    (void)in;
    uc->r[13] &= ~3u;
}

/* 7: LDREX{B,H}/STREX{B,H} at a misaligned address where nothing is
 * mapped.
 *
 * Manual B2.3.4 MemA[] (which the exclusive accesses use, A7.7.52 LDREX
 * and ExclusiveMonitorsPass()): the alignment check, UFSR.UNALIGNED and
 * UsageFault, comes before the access is made, so no BusFault can
 * happen. Unicorn looks the address up first and reports the unmapped
 * access. Expected: UsageFault UNALIGNED, nothing changed (the access is
 * the case's first instruction). */

/* FP loads/stores (VLDR/VSTR/VLDM/VSTM/VPUSH/VPOP: 1110 110x ... 101x,
 * not the 64-bit VMOV transfers whose P=U=W=0) from a misaligned base: the
 * FP form of deviation 1 (they use MemA[] too). Decided on the base
 * register's value before the instruction, so an earlier instruction of
 * the case that moved the base counts. */
static bool fp_misaligned_applies(const struct tcase *t, unsigned k, const struct state *pre)
{
    unsigned o = t->insn_hw[k];
    return t->fp && o + 1 < t->nhw && (t->hw[o] & 0xfe00) == 0xec00 && (t->hw[o + 1] & 0x0e00) == 0x0a00 &&
           (t->hw[o] & 0x01a0) != 0 && (pre->r[t->hw[o] & 15] & 3);
}

const struct deviation deviations[] = {
    { 0 },
    { "unicorn-ldm-align",
      "LDM/STM/PUSH/POP/LDRD/STRD/VLDR/VSTR/VLDM/VSTM with an unaligned address: no alignment fault in Unicorn",
      "A3.2.1 Alignment behavior; B2.3.4 MemA[] (UFSR.UNALIGNED, UsageFault); VLDR/VSTR/VLDM/VSTM use MemA[]",
      expect_align_fault, true, NULL },
    { "unicorn-strex-align",
      "STREX{B,H} with an unaligned address and the monitor closed: Unicorn fails the store instead of faulting",
      "A3.4 / ExclusiveMonitorsPass() pseudocode: the alignment check (UsageFault UNALIGNED) comes first",
      expect_align_fault, true, NULL },
    { "unicorn-m7-fpv5",
      "F64 data processing and VSEL/VMAXNM/VMINNM/VRINT*/VCVT{A,N,P,M} UNDEFINED in Unicorn's Cortex-M7 and in its max CPU: only 'executes' is checked (the max CPU runs nearly all of them: see unicorn-max-fpscr)",
      "A7.7 (FPv5 instructions of the Cortex-M7 FPU); no reference value",
      expect_no_reference, false, NULL },
    { "unicorn-smlad-q",
      "SMLAD(X): Unicorn sets Q on an overflow of product1 + product2 even when the final sum fits",
      "A7.7 SMLAD pseudocode: Q is set only if result != SInt(result<31:0>) for the whole sum",
      expect_smlad, false, smlad_applies },
    { "unicorn-sp-writeback",
      "LDR/STR writeback and ADD/SUB to SP keep SP bits[1:0] in Unicorn",
      "B1.4.7 R[] assignment: SP = value<31:2>:'00'",
      expect_sp_masked, false, NULL },
    { "unicorn-max-fpscr",
      "F64/FPv5 instructions run on Unicorn's max (A-profile) CPU, whose FPSCR also has QC, Len and Stride: cleared after every instruction there",
      "A2.5.3 FPSCR: bits 27, 21:20 and 18:16 are reserved in ARMv7-M (reads 0, writes ignored)",
      NULL, false, NULL },
    { "unicorn-align-unmapped",
      "LDREX/STREX{B,H} at a misaligned, unmapped address: Unicorn reports the bus error instead of the alignment fault",
      "B2.3.4 MemA[]: the alignment check (UsageFault UNALIGNED) precedes the access",
      expect_align_fault, true, NULL },
};
const unsigned ndeviations = sizeof deviations / sizeof deviations[0];

int deviation_for_step(const struct tcase *t, unsigned k, const struct state *pre)
{
    /* Marked by the generator: the alignment ones are single-instruction
     * cases (misaligned bases are never made inside IT blocks); an SP
     * value with bits[1:0] set may come at any step, and masking SP is
     * right at every step (B1.4.7). */
    if ((t->dev == DEV_LDM_ALIGN || t->dev == DEV_STREX_ALIGN) && k + 1 == t->ninsn)
        return t->dev;
    if (t->dev == DEV_ALIGN_UNMAPPED && k == 0)
        return t->dev;
    if (t->dev == DEV_SP_LOW)
        return DEV_SP_LOW;
    if (fp_misaligned_applies(t, k, pre))
        return DEV_LDM_ALIGN;
    for (unsigned d = 1; d < ndeviations; d++)
        if (deviations[d].applies && deviations[d].applies(t, k, pre))
            return (int)d;
    return DEV_NONE;
}
