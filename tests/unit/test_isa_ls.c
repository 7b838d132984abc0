/* Load/store class (isa/ls.c): single loads and stores in every addressing
 * form, 16- and 32-bit. Encodings and expected values are worked out by
 * hand from the ARMv7-M ARM (A5.2.4, A5.3.7-A5.3.10 and the A7.7 pseudocode). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "isa/exception.h"
#include "tests/unit/test_isa_ls.h"

#define CCR_UNALIGN_TRP_BIT (1u << 3)

/* ---------------------------- 16-bit ---------------------------- */

static void t16_ldr_literal(void **state)
{
    struct harness *h = *state;
    /* At 0x1002: LDR r0, [pc, #4] = 01001 000 00000001. PC = 0x1006,
     * Align(PC,4) = 0x1004, address 0x1008. */
    w32(h, 0x1008, 0xcafef00d);
    assert_int_equal(run_at(h, 0x1002, (const uint16_t[]){ 0x4801 }, 1, 1), CPU_STOP_NONE);
    assert_int_equal(h->cpu.r[0], 0xcafef00d);
    assert_int_equal(h->cpu.pc, 0x1004);
}

static void t16_register_forms(void **state)
{
    struct harness *h = *state;
    h->cpu.r[1] = DATA;
    h->cpu.r[2] = 4;
    w32(h, DATA + 4, 0x8081f2f3u);
    /* LDR r0,[r1,r2] = 0101 100 010 001 000 */
    RUN(h, 0x5888);
    assert_int_equal(h->cpu.r[0], 0x8081f2f3u);
    /* LDRH: 0101 101 */
    RUN(h, 0x5a88);
    assert_int_equal(h->cpu.r[0], 0xf2f3u);
    /* LDRSH: 0101 111: 0xf2f3 sign-extends */
    RUN(h, 0x5e88);
    assert_int_equal(h->cpu.r[0], 0xfffff2f3u);
    /* LDRB: 0101 110 */
    RUN(h, 0x5c88);
    assert_int_equal(h->cpu.r[0], 0xf3u);
    /* LDRSB: 0101 011 */
    RUN(h, 0x5688);
    assert_int_equal(h->cpu.r[0], 0xfffffff3u);
    h->cpu.r[2] = 7; /* byte 0x80 at DATA+7 */
    RUN(h, 0x5688);
    assert_int_equal(h->cpu.r[0], 0xffffff80u);
    h->cpu.r[2] = 6; /* byte 0x81 */
    RUN(h, 0x5c88);
    assert_int_equal(h->cpu.r[0], 0x81u);

    /* Stores: STR r0,[r1,r2] 0101 000; STRH 0101 001; STRB 0101 010 */
    h->cpu.r[0] = 0x11223344u;
    h->cpu.r[2] = 8;
    RUN(h, 0x5088);
    assert_int_equal(r32(h, DATA + 8), 0x11223344u);
    h->cpu.r[0] = 0xaaaabbccu;
    RUN(h, 0x5288);
    assert_int_equal(r32(h, DATA + 8), 0x1122bbccu);
    h->cpu.r[0] = 0x99u;
    h->cpu.r[2] = 11;
    RUN(h, 0x5488);
    assert_int_equal(r32(h, DATA + 8), 0x9922bbccu);
}

static void t16_immediate_forms(void **state)
{
    struct harness *h = *state;
    h->cpu.r[1] = DATA;
    /* STR r0,[r1,#124] = 01100 11111 001 000 */
    h->cpu.r[0] = 0x12345678u;
    RUN(h, 0x67c8);
    assert_int_equal(r32(h, DATA + 124), 0x12345678u);
    /* LDR r3,[r1,#124] = 01101 11111 001 011 */
    RUN(h, 0x6fcb);
    assert_int_equal(h->cpu.r[3], 0x12345678u);
    /* STRB r0,[r1,#1] = 01110 00001 001 000 */
    w32(h, DATA, 0);
    RUN(h, 0x7048);
    assert_int_equal(r32(h, DATA), 0x7800u);
    /* LDRB r2,[r1,#31] = 01111 11111 001 010 */
    w8(h, DATA + 31, 0xfe);
    RUN(h, 0x7fca);
    assert_int_equal(h->cpu.r[2], 0xfeu);
    /* STRH r0,[r1,#2] = 10000 00001 001 000 */
    RUN(h, 0x8048);
    assert_int_equal(r32(h, DATA), 0x56787800u);
    /* LDRH r2,[r1,#62] = 10001 11111 001 010 */
    w16(h, DATA + 62, 0x8001);
    RUN(h, 0x8fca);
    assert_int_equal(h->cpu.r[2], 0x8001u);
}

static void t16_sp_relative(void **state)
{
    struct harness *h = *state;
    h->cpu.r[13] = DATA;
    /* STR r2,[sp,#8] = 10010 010 00000010 */
    h->cpu.r[2] = 0xdeadbeefu;
    RUN(h, 0x9202);
    assert_int_equal(r32(h, DATA + 8), 0xdeadbeefu);
    /* LDR r3,[sp,#1020] = 10011 011 11111111 */
    w32(h, DATA + 1020, 0x01020304u);
    RUN(h, 0x9bff);
    assert_int_equal(h->cpu.r[3], 0x01020304u);
}

/* ---------------------------- 32-bit word ---------------------------- */

static void t32_ldr_immediate(void **state)
{
    struct harness *h = *state;
    h->cpu.r[1] = DATA;
    w32(h, DATA + 4095, 0xa1b2c3d4u); /* unaligned: allowed without UNALIGN_TRP */
    /* LDR.W r0,[r1,#4095] (T3) = f8d1 0fff */
    assert_int_equal(RUN(h, 0xf8d1, 0x0fff), CPU_STOP_NONE);
    assert_int_equal(h->cpu.r[0], 0xa1b2c3d4u);
    assert_int_equal(h->cpu.pc, CODE + 4);

    /* LDR r0,[r1,#-255] (T4, P=1 U=0 W=0) = f851 0cff */
    h->cpu.r[1] = DATA + 0x200;
    w32(h, DATA + 0x200 - 255, 0x55667788u);
    RUN(h, 0xf851, 0x0cff);
    assert_int_equal(h->cpu.r[0], 0x55667788u);
    assert_int_equal(h->cpu.r[1], DATA + 0x200);

    /* LDR r0,[r1,#4]! (P=1 U=1 W=1) = f851 0f04: pre-index, write-back */
    h->cpu.r[1] = DATA;
    w32(h, DATA + 4, 0x0badf00du);
    RUN(h, 0xf851, 0x0f04);
    assert_int_equal(h->cpu.r[0], 0x0badf00du);
    assert_int_equal(h->cpu.r[1], DATA + 4);

    /* LDR r0,[r1],#-4 (P=0 U=0 W=1) = f851 0904: post-index */
    w32(h, DATA + 4, 0x31415926u);
    RUN(h, 0xf851, 0x0904);
    assert_int_equal(h->cpu.r[0], 0x31415926u);
    assert_int_equal(h->cpu.r[1], DATA);

    /* LDRT r0,[r1,#8] = f851 0e08: no write-back */
    w32(h, DATA + 8, 0x27182818u);
    RUN(h, 0xf851, 0x0e08);
    assert_int_equal(h->cpu.r[0], 0x27182818u);
    assert_int_equal(h->cpu.r[1], DATA);
}

static void t32_ldr_register_literal(void **state)
{
    struct harness *h = *state;
    /* LDR r0,[r1,r2,LSL #2] = f851 0022 */
    h->cpu.r[1] = DATA;
    h->cpu.r[2] = 3;
    w32(h, DATA + 12, 0x10203040u);
    RUN(h, 0xf851, 0x0022);
    assert_int_equal(h->cpu.r[0], 0x10203040u);

    /* LDR.W r5,[pc,#-8] (literal, U=0) = f85f 5008 at 0x1002:
     * Align(0x1006,4) - 8 = 0x0ffc */
    w32(h, 0x0ffc, 0x600df00du);
    run_at(h, 0x1002, (const uint16_t[]){ 0xf85f, 0x5008 }, 2, 1);
    assert_int_equal(h->cpu.r[5], 0x600df00du);
    assert_int_equal(h->cpu.pc, 0x1006);

    /* LDR.W r5,[pc,#16] (U=1) = f8df 5010 at 0x1000: 0x1004 + 16 */
    w32(h, 0x1014, 0x76543210u);
    RUN(h, 0xf8df, 0x5010);
    assert_int_equal(h->cpu.r[5], 0x76543210u);
}

static void t32_ldr_pc(void **state)
{
    struct harness *h = *state;
    /* LDR pc,[r1,#4] (T3) = f8d1 f004: LoadWritePC, interworking bit 0 */
    h->cpu.r[1] = DATA;
    w32(h, DATA + 4, 0x2001u);
    uint64_t c0 = h->cpu.cycles;
    RUN(h, 0xf8d1, 0xf004);
    assert_int_equal(h->cpu.pc, 0x2000u);
    /* M4 TRM 3.3.1: LDR PC "at least two cycles for the load, and three
     * cycles for the pipeline reload": 5 */
    assert_int_equal(h->cpu.cycles - c0, 5);

    /* LDR pc,[r1],#8 (T4 post-index) = f851 fb08 */
    w32(h, DATA, 0x3001u);
    RUN(h, 0xf851, 0xfb08);
    assert_int_equal(h->cpu.pc, 0x3000u);
    assert_int_equal(h->cpu.r[1], DATA + 8);

    /* LDR pc,[pc,#0] (16-bit literal cannot name the PC; 32-bit) = f8df f000 */
    w32(h, 0x1004, 0x4001u);
    RUN(h, 0xf8df, 0xf000);
    assert_int_equal(h->cpu.pc, 0x4000u);

    /* LDR pc,[r1,r2] = f851 f002 with an even value: EPSR.T clears and
     * the target raises INVSTATE (run on, in one cpu_run) */
    h->cpu.r[2] = 0;
    w32(h, DATA + 8, 0x2000u);
    harness_code(h, CODE, (const uint16_t[]){ 0xf851, 0xf002 }, 2);
    expect_fault(h, cpu_run(&h->cpu, h->cpu.cycles + 20), "invalid state");
}

static void t32_ldr_undefined(void **state)
{
    struct harness *h = *state;
    /* LDR T4 with P=0 W=0 = f851 0804: UNDEFINED */
    assert_int_equal(RUN(h, 0xf851, 0x0804), CPU_STOP_UNDEF);
}

/* ---------------------------- 32-bit halfword/byte ---------------------------- */

static void t32_halfword_byte_loads(void **state)
{
    struct harness *h = *state;
    h->cpu.r[1] = DATA;
    w32(h, DATA, 0x8000ff7fu);
    w32(h, DATA + 4, 0x00018001u);

    /* LDRSH.W r0,[r1,#2] (T1 imm12) = f9b1 0002 */
    RUN(h, 0xf9b1, 0x0002);
    assert_int_equal(h->cpu.r[0], 0xffff8000u);
    /* LDRH.W r0,[r1,#2] (T2) = f8b1 0002 */
    RUN(h, 0xf8b1, 0x0002);
    assert_int_equal(h->cpu.r[0], 0x8000u);
    /* LDRSB r0,[r1,#-1] (T2 P=1 U=0 W=0) with r1 = DATA+1 = f911 0c01 */
    h->cpu.r[1] = DATA + 1;
    RUN(h, 0xf911, 0x0c01);
    assert_int_equal(h->cpu.r[0], 0x7fu);
    /* LDRSB r0,[r1],#1 (post) = f911 0b01: byte 0xff */
    RUN(h, 0xf911, 0x0b01);
    assert_int_equal(h->cpu.r[0], 0xffffffffu);
    assert_int_equal(h->cpu.r[1], DATA + 2);
    /* LDRB r0,[r1,#1]! (pre) = f811 0f01: byte at DATA+3 = 0x80 */
    RUN(h, 0xf811, 0x0f01);
    assert_int_equal(h->cpu.r[0], 0x80u);
    assert_int_equal(h->cpu.r[1], DATA + 3);
    /* LDRH r0,[r1,r2,LSL #1] = f831 0012 with r1 = DATA, r2 = 2: DATA+4 */
    h->cpu.r[1] = DATA;
    h->cpu.r[2] = 2;
    RUN(h, 0xf831, 0x0012);
    assert_int_equal(h->cpu.r[0], 0x8001u);
    /* LDRSH r0,[r1,r2,LSL #1] = f931 0012 */
    RUN(h, 0xf931, 0x0012);
    assert_int_equal(h->cpu.r[0], 0xffff8001u);
    /* LDRSB r0,[r1,r2,LSL #3] = f911 0032: DATA + 16 */
    w8(h, DATA + 16, 0x90);
    RUN(h, 0xf911, 0x0032);
    assert_int_equal(h->cpu.r[0], 0xffffff90u);
    /* LDRB.W r0,[r1,#4095] = f891 0fff */
    w8(h, DATA + 4095, 0xa5);
    RUN(h, 0xf891, 0x0fff);
    assert_int_equal(h->cpu.r[0], 0xa5u);
    /* LDRSB.W r0,[r1,#4095] = f991 0fff */
    RUN(h, 0xf991, 0x0fff);
    assert_int_equal(h->cpu.r[0], 0xffffffa5u);
    /* LDRHT r0,[r1,#4] = f831 0e04; LDRSHT = f931 0e04; LDRBT r0,[r1,#5] =
     * f811 0e05; LDRSBT = f911 0e05 */
    RUN(h, 0xf831, 0x0e04);
    assert_int_equal(h->cpu.r[0], 0x8001u);
    RUN(h, 0xf931, 0x0e04);
    assert_int_equal(h->cpu.r[0], 0xffff8001u);
    RUN(h, 0xf811, 0x0e05);
    assert_int_equal(h->cpu.r[0], 0x80u);
    RUN(h, 0xf911, 0x0e05);
    assert_int_equal(h->cpu.r[0], 0xffffff80u);
    assert_int_equal(h->cpu.r[1], DATA);
}

static void t32_halfword_byte_literal(void **state)
{
    struct harness *h = *state;
    w32(h, 0x1008, 0x8182f3f4u);
    /* At 0x1000: PC = 0x1004. LDRB r0,[pc,#4] = f89f 0004 */
    RUN(h, 0xf89f, 0x0004);
    assert_int_equal(h->cpu.r[0], 0xf4u);
    /* LDRSB r0,[pc,#7] = f99f 0007: 0x81 */
    RUN(h, 0xf99f, 0x0007);
    assert_int_equal(h->cpu.r[0], 0xffffff81u);
    /* LDRH r0,[pc,#6] = f8bf 0006 */
    RUN(h, 0xf8bf, 0x0006);
    assert_int_equal(h->cpu.r[0], 0x8182u);
    /* LDRSH r0,[pc,#-12] (U=0) = f93f 000c at 0x1010: Align(0x1014,4) - 12 = 0x1008 */
    run_at(h, 0x1010, (const uint16_t[]){ 0xf93f, 0x000c }, 2, 1);
    assert_int_equal(h->cpu.r[0], 0xfffff3f4u);
}

static void t32_memory_hints(void **state)
{
    struct harness *h = *state;
    /* Hints touch nothing, not even an unmapped address, and change no register. */
    for (int k = 0; k < 16; k++)
        h->cpu.r[k] = 0x90000000u + (uint32_t)k;
    h->cpu.r[13] = 0x90000000u;
    static const uint16_t hints[][2] = {
        { 0xf890, 0xf004 }, /* PLD [r0,#4] (T1) */
        { 0xf810, 0xfc04 }, /* PLD [r0,#-4] (T2) */
        { 0xf810, 0xf012 }, /* PLD [r0,r2,LSL #1] */
        { 0xf89f, 0xf010 }, /* PLD [pc,#16] */
        { 0xf81f, 0xf010 }, /* PLD [pc,#-16] */
        { 0xf991, 0xf004 }, /* PLI [r1,#4] (T1) */
        { 0xf911, 0xfc04 }, /* PLI [r1,#-4] (T2) */
        { 0xf911, 0xf002 }, /* PLI [r1,r2] */
        { 0xf99f, 0xf010 }, /* PLI [pc,#16] */
        { 0xf8b0, 0xf000 }, /* halfword space, Rt=1111: unallocated hint */
        { 0xf9b0, 0xf000 }, /* ditto, signed */
        { 0xf830, 0xfc01 }, /* imm8 P=1 U=0 W=0, Rt=1111 */
        { 0xf830, 0xf001 }, /* register, Rt=1111 */
        { 0xf83f, 0xf001 }, /* literal, Rt=1111 */
        { 0xf810, 0xfd04 }, /* byte imm8 with write-back, Rt=1111: UNPREDICTABLE, NOP */
    };
    for (size_t k = 0; k < sizeof hints / sizeof hints[0]; k++) {
        assert_int_equal(run_at(h, CODE, hints[k], 2, 1), CPU_STOP_NONE);
        assert_int_equal(h->cpu.pc, CODE + 4);
        for (int r = 0; r < 13; r++)
            assert_int_equal(h->cpu.r[r], 0x90000000u + (uint32_t)r);
    }
}

/* ---------------------------- 32-bit stores ---------------------------- */

static void t32_stores(void **state)
{
    struct harness *h = *state;
    h->cpu.r[1] = DATA;
    h->cpu.r[0] = 0x11223344u;
    /* STR.W r0,[r1,#4092] (T3) = f8c1 0ffc */
    RUN(h, 0xf8c1, 0x0ffc);
    assert_int_equal(r32(h, DATA + 4092), 0x11223344u);
    /* STRB r0,[r1,#-1] (T3 P=1 U=0 W=0) = f801 0c01 */
    h->cpu.r[1] = DATA + 4;
    w32(h, DATA, 0);
    RUN(h, 0xf801, 0x0c01);
    assert_int_equal(r32(h, DATA), 0x44000000u);
    /* STRH r0,[r1,#2]! (pre, write-back) = f821 0f02 */
    w32(h, DATA + 4, 0);
    RUN(h, 0xf821, 0x0f02);
    assert_int_equal(r32(h, DATA + 4), 0x33440000u);
    assert_int_equal(h->cpu.r[1], DATA + 6);
    /* STR r0,[r1],#-6 (post) = f841 0906 */
    RUN(h, 0xf841, 0x0906);
    assert_int_equal(r32(h, DATA + 6), 0x11223344u);
    assert_int_equal(h->cpu.r[1], DATA);
    /* STR r0,[r1,r2,LSL #3] = f841 0032, r2 = 4: DATA + 32 */
    h->cpu.r[2] = 4;
    RUN(h, 0xf841, 0x0032);
    assert_int_equal(r32(h, DATA + 32), 0x11223344u);
    /* STRB r0,[r1,r2] = f801 0002: DATA + 4 */
    w32(h, DATA + 4, 0);
    RUN(h, 0xf801, 0x0002);
    assert_int_equal(r32(h, DATA + 4), 0x44u);
    /* STRH r0,[r1,r2,LSL #1] = f821 0012: DATA + 8 */
    w32(h, DATA + 8, 0xffffffffu);
    RUN(h, 0xf821, 0x0012);
    assert_int_equal(r32(h, DATA + 8), 0xffff3344u);
    /* STRH.W r0,[r1,#4094] = f8a1 0ffe, then STRB.W r0,[r1,#4095] = f881 0fff:
     * bytes 4092.. = 44 33 44 44 */
    RUN(h, 0xf8a1, 0x0ffe);
    RUN(h, 0xf881, 0x0fff);
    assert_int_equal(r32(h, DATA + 4092), 0x44443344u);
    /* STRT r0,[r1,#12] = f841 0e0c; STRHT = f821 0e10; STRBT = f801 0e14 */
    RUN(h, 0xf841, 0x0e0c);
    assert_int_equal(r32(h, DATA + 12), 0x11223344u);
    w32(h, DATA + 16, 0);
    RUN(h, 0xf821, 0x0e10);
    assert_int_equal(r32(h, DATA + 16), 0x3344u);
    w32(h, DATA + 20, 0);
    RUN(h, 0xf801, 0x0e14);
    assert_int_equal(r32(h, DATA + 20), 0x44u);
    assert_int_equal(h->cpu.r[1], DATA);
}

static void t32_store_undefined(void **state)
{
    struct harness *h = *state;
    /* STR.W r0,[pc,#0] (Rn = 1111) = f8cf 0000: UNDEFINED */
    assert_int_equal(RUN(h, 0xf8cf, 0x0000), CPU_STOP_UNDEF);
}

/* ---------------------------- alignment, faults, timing ---------------------------- */

static void t_unaligned(void **state)
{
    struct harness *h = *state;
    w32(h, DATA, 0x44332211u);
    w32(h, DATA + 4, 0x88776655u);
    h->cpu.r[1] = DATA + 1;
    /* LDR r0,[r1] = 0110 1 00000 001 000 = 0x6808: unaligned allowed */
    assert_int_equal(RUN(h, 0x6808), CPU_STOP_NONE);
    assert_int_equal(h->cpu.r[0], 0x55443322u);
    /* LDRH r0,[r1] = 10001 00000 001 000 = 0x8808 */
    RUN(h, 0x8808);
    assert_int_equal(h->cpu.r[0], 0x3322u);
    /* With CCR.UNALIGN_TRP: UsageFault UNALIGNED, r0 unchanged */
    h->cpu.ccr |= CCR_UNALIGN_TRP_BIT;
    h->cpu.r[0] = 7;
    expect_fault(h, RUN(h, 0x6808), "unaligned");
    assert_int_equal(h->cpu.r[0], 7);
    assert_int_equal(h->cpu.pc, CODE);
    /* Byte accesses never trap */
    assert_int_equal(RUN(h, 0x7808), CPU_STOP_NONE); /* LDRB r0,[r1] */
    assert_int_equal(h->cpu.r[0], 0x22u);
    /* STRH to an odd address traps too: STRH r0,[r1] = 0x8008 */
    expect_fault(h, RUN(h, 0x8008), NULL);
}

static void t_page_straddle(void **state)
{
    struct harness *h = *state;
    /* Unaligned word and halfword accesses that straddle a 4 KiB page
     * take the slow path and still behave as MemU (little-endian bytes). */
    w32(h, 0x20000ffcu, 0x44332211u);
    w32(h, 0x20001000u, 0x88776655u);
    h->cpu.r[1] = 0x20000ffeu;
    RUN(h, 0x6808); /* LDR r0,[r1] */
    assert_int_equal(h->cpu.r[0], 0x66554433u);
    h->cpu.r[1] = 0x20000fffu;
    RUN(h, 0x8808); /* LDRH r0,[r1] */
    assert_int_equal(h->cpu.r[0], 0x5544u);
    RUN(h, 0x5e88); /* LDRSH r0,[r1,r2] with r2 = 0 */
    assert_int_equal(h->cpu.r[0], 0x5544u);
    /* STR r0,[r1] = 0x6008 across the boundary */
    h->cpu.r[0] = 0xa1b2c3d4u;
    h->cpu.r[1] = 0x20000ffdu;
    RUN(h, 0x6008);
    assert_int_equal(r32(h, 0x20000ffcu), 0xb2c3d411u);
    assert_int_equal(r32(h, 0x20001000u), 0x887766a1u);
    /* STRH r0,[r1] = 0x8008 at 0x20000fff */
    h->cpu.r[1] = 0x20000fffu;
    RUN(h, 0x8008);
    assert_int_equal(r32(h, 0x20000ffcu), 0xd4c3d411u);
    assert_int_equal(r32(h, 0x20001000u), 0x887766c3u);
}

static void t_bus_fault_keeps_registers(void **state)
{
    struct harness *h = *state;
    /* LDR r0,[r1],#4 = f851 0b04 with r1 unmapped: BusFault, no write-back */
    h->cpu.r[0] = 1;
    h->cpu.r[1] = 0x30000000u;
    expect_fault(h, RUN(h, 0xf851, 0x0b04), "0x30000000");
    assert_int_equal(h->cpu.r[0], 1);
    assert_int_equal(h->cpu.r[1], 0x30000000u);
    /* STR r0,[r1,#4]! = f841 0f04: the same for stores */
    expect_fault(h, RUN(h, 0xf841, 0x0f04), NULL);
    assert_int_equal(h->cpu.r[1], 0x30000000u);
}

static void t_timing(void **state)
{
    struct harness *h = *state;
    h->cpu.r[1] = DATA;
    uint64_t c0 = h->cpu.cycles;
    RUN(h, 0x6808); /* LDR: 2 */
    assert_int_equal(h->cpu.cycles - c0, 2);
    c0 = h->cpu.cycles;
    RUN(h, 0xf8d1, 0x0004); /* LDR.W: 2 */
    assert_int_equal(h->cpu.cycles - c0, 2);
    c0 = h->cpu.cycles;
    RUN(h, 0xf890, 0xf004); /* PLD: a NOP, 1 */
    assert_int_equal(h->cpu.cycles - c0, 1);
}

static void t_self_modifying_store(void **state)
{
    struct harness *h = *state;
    /* 0x1000: STR r1,[r0,#0] (0x6001); 0x1002: LDR r2,[r3,#0] (0x681a).
     * The store rewrites 0x1002 with LDR r2,[r3,#4] (0x685a) after it was
     * decoded: the new instruction must run. */
    w32(h, DATA, 0xaaaa5555u);
    w32(h, DATA + 4, 0x12345678u);
    h->cpu.r[0] = 0x1002;
    h->cpu.r[1] = 0x685a685au;
    h->cpu.r[3] = DATA;
    harness_code(h, CODE, (const uint16_t[]){ 0x6001, 0x681a, 0x681a }, 3);
    h->cpu.pc = 0x1002;
    assert_int_equal(harness_step(h, 1), CPU_STOP_NONE);
    assert_int_equal(h->cpu.r[2], 0xaaaa5555u);
    h->cpu.pc = CODE;
    assert_int_equal(harness_step(h, 2), CPU_STOP_NONE);
    assert_int_equal(h->cpu.r[2], 0x12345678u);
    assert_int_equal(h->cpu.pc, 0x1004);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(t16_ldr_literal, setup, teardown),
        cmocka_unit_test_setup_teardown(t16_register_forms, setup, teardown),
        cmocka_unit_test_setup_teardown(t16_immediate_forms, setup, teardown),
        cmocka_unit_test_setup_teardown(t16_sp_relative, setup, teardown),
        cmocka_unit_test_setup_teardown(t32_ldr_immediate, setup, teardown),
        cmocka_unit_test_setup_teardown(t32_ldr_register_literal, setup, teardown),
        cmocka_unit_test_setup_teardown(t32_ldr_pc, setup, teardown),
        cmocka_unit_test_setup_teardown(t32_ldr_undefined, setup, teardown),
        cmocka_unit_test_setup_teardown(t32_halfword_byte_loads, setup, teardown),
        cmocka_unit_test_setup_teardown(t32_halfword_byte_literal, setup, teardown),
        cmocka_unit_test_setup_teardown(t32_memory_hints, setup, teardown),
        cmocka_unit_test_setup_teardown(t32_stores, setup, teardown),
        cmocka_unit_test_setup_teardown(t32_store_undefined, setup, teardown),
        cmocka_unit_test_setup_teardown(t_unaligned, setup, teardown),
        cmocka_unit_test_setup_teardown(t_page_straddle, setup, teardown),
        cmocka_unit_test_setup_teardown(t_bus_fault_keeps_registers, setup, teardown),
        cmocka_unit_test_setup_teardown(t_timing, setup, teardown),
        cmocka_unit_test_setup_teardown(t_self_modifying_store, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
