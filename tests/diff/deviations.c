/* Known deviations of Unicorn 2.0.1 (QEMU 5.0 based) from the ARMv7-M
 * Architecture Reference Manual. For a case that exercises one, the runner
 * replaces Unicorn's result by the manual's and checks ttemu against that.
 * Each entry names the manual's pseudocode it follows; README.md in this
 * directory lists them for people. Index 0 is "none". */
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
static void expect_align_fault(const struct tcase *t, const struct state *init, struct state *uc)
{
    (void)t;
    *uc = *init;
    uc->fault = true;
    uc->mem_unchanged = true;
}

/* 2: STREX/STREXB/STREXH on a misaligned address with the local monitor
 * in the Open Access state... or not: the alignment check comes first.
 *
 * Manual A2.3.?/ExclusiveMonitorsPass() (the pseudocode STREX calls before
 * the store): "if address != Align(address, size) then UFSR.UNALIGNED =
 * '1'; ExceptionTaken(UsageFault);" precedes the monitor check, so a
 * misaligned STREX always faults. Unicorn compares the address with the
 * monitor first and, the monitor being closed, just writes 1 to Rd.
 * Expected: UsageFault, nothing changed. */

/* 3: FP instructions of the Cortex-M7 that Unicorn does not have.
 *
 * The Cortex-M7's FPv5-D16 has double precision and the FPv5 additions
 * (ARMv7-M ARM A7.7: VSEL, VMAXNM, VMINNM, VRINTA/N/P/M/R/X/Z, VCVTA/N/P/M).
 * Unicorn 2.0.1's Cortex-M7 raises UNDEFINED for every double-precision
 * data-processing instruction (VADD.F64, VSQRT.F64, VFMA.F64...) and for
 * the FPv5 additions (QEMU 5.0 decodes them only for ARMv8). There
 * is no reference value, so the case only checks that ttemu executes the
 * instruction (no UNDEFINED/NOCP fault); the FP unit tests check values. */
static void expect_no_reference(const struct tcase *t, const struct state *init, struct state *uc)
{
    (void)t;
    (void)init;
    uc->noref = true;
    uc->fault = false;
}

const struct deviation deviations[] = {
    { 0 },
    { "unicorn-ldm-align",
      "LDM/STM/PUSH/POP/LDRD/STRD/VLDR/VSTR/VLDM/VSTM with an unaligned address: no alignment fault in Unicorn",
      "A3.2.1 Alignment behavior; B2.3.4 MemA[] (UFSR.UNALIGNED, UsageFault); VLDR/VSTR/VLDM/VSTM use MemA[]",
      expect_align_fault },
    { "unicorn-strex-align",
      "STREX{B,H} with an unaligned address and the monitor closed: Unicorn fails the store instead of faulting",
      "A3.4 / ExclusiveMonitorsPass() pseudocode: the alignment check (UsageFault UNALIGNED) comes first",
      expect_align_fault },
    { "unicorn-m7-fpv5",
      "F64 data processing and VSEL/VMAXNM/VMINNM/VRINT*/VCVT{A,N,P,M} UNDEFINED in Unicorn's Cortex-M7: only 'executes' is checked",
      "A7.7 (FPv5 instructions of the Cortex-M7 FPU); no reference value",
      expect_no_reference },
};
const unsigned ndeviations = sizeof deviations / sizeof deviations[0];
