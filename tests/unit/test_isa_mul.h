/* Shared helpers for the tests of isa/mul.c (test_isa_mul*.c): a bare core
 * that runs one instruction at a time, each at a fresh address so no
 * decoded instruction is ever reused, and encoders that follow the
 * manual's layouts field by field.
 *
 * Include after <setjmp.h>, <stdarg.h>, <stddef.h> and <cmocka.h>. */
#ifndef TTEMU_TEST_ISA_MUL_H
#define TTEMU_TEST_ISA_MUL_H

#include <stdint.h>

#include "isa/decode.h"
#include "tests/unit/harness.h"

static struct harness *H;
static uint32_t next_pc = 0x1000;
static uint64_t last_cycles; /* cycles the last exec16/exec32 took */

static int mul_setup(void **state)
{
    (void)state;
    H = harness_new("cortex-m4");
    return 0;
}

static int mul_teardown(void **state)
{
    (void)state;
    harness_free(H);
    H = NULL;
    return 0;
}

/* Runs one instruction; returns the stop reason. On a normal completion
 * the PC must have moved past it. */
static inline enum cpu_stop run_one(const uint16_t *hw, size_t n)
{
    uint32_t at = next_pc;
    next_pc += 4;
    harness_code(H, at, hw, n);
    uint64_t before = H->cpu.cycles;
    enum cpu_stop s = harness_step(H, 1);
    last_cycles = H->cpu.cycles - before;
    if (s == CPU_STOP_NONE)
        assert_int_equal(H->cpu.pc, at + 2 * n);
    return s;
}

static inline void exec16(uint16_t hw)
{
    assert_int_equal(run_one(&hw, 1), CPU_STOP_NONE);
}

static inline void exec32(uint32_t enc)
{
    uint16_t hw[2] = { (uint16_t)(enc >> 16), (uint16_t)enc };
    assert_int_equal(run_one(hw, 2), CPU_STOP_NONE);
}

/* Decodes without running: the pattern's name, or NULL if UNDEFINED. */
static inline const char *decode_name(uint32_t enc, bool in_it)
{
    struct insn i = { 0 };
    int k = enc > 0xffff ? decode_insn(H->cpu.model, (uint16_t)(enc >> 16), (uint16_t)enc, in_it, &i)
                         : decode_insn(H->cpu.model, (uint16_t)enc, 0, in_it, &i);
    return k < 0 ? NULL : decode_pattern_name((unsigned)k);
}

#define REG(n) (H->cpu.r[n])

static inline void set_regs4(uint32_t r0, uint32_t r1, uint32_t r2, uint32_t r3)
{
    REG(0) = r0;
    REG(1) = r1;
    REG(2) = r2;
    REG(3) = r3;
}

/* --- encoders (ARMv7-M ARM A5.3 layouts) --- */

/* A5.3.3 plain binary immediate: 11110 0 1 op:5 Rn | 0 imm3 Rd imm2 x low5 */
static inline uint32_t enc_pbi(unsigned op, unsigned rn, unsigned imm3, unsigned rd, unsigned imm2, unsigned low5)
{
    return (0xf200u | op << 4 | rn) << 16 | imm3 << 12 | rd << 8 | imm2 << 6 | low5;
}

/* A5.3.12 data processing (register): 11111 010 op1:4 Rn | 1111 Rd op2:4 Rm */
static inline uint32_t enc_dpr(unsigned op1, unsigned rn, unsigned rd, unsigned op2, unsigned rm)
{
    return (0xfa00u | op1 << 4 | rn) << 16 | 0xf000u | rd << 8 | op2 << 4 | rm;
}

/* A5.3.16: 11111 0110 op1:3 Rn | Ra Rd 00 op2:2 Rm */
static inline uint32_t enc_mul(unsigned op1, unsigned rn, unsigned ra, unsigned rd, unsigned op2, unsigned rm)
{
    return (0xfb00u | op1 << 4 | rn) << 16 | ra << 12 | rd << 8 | op2 << 4 | rm;
}

/* A5.3.17: 11111 0111 op1:3 Rn | RdLo RdHi op2:4 Rm */
static inline uint32_t enc_lmul(unsigned op1, unsigned rn, unsigned rdlo, unsigned rdhi, unsigned op2, unsigned rm)
{
    return (0xfb80u | op1 << 4 | rn) << 16 | rdlo << 12 | rdhi << 8 | op2 << 4 | rm;
}

#endif
