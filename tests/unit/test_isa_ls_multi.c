/* Load/store class (isa/ls.c), the multi-word part: LDM/STM/PUSH/POP (16-
 * and 32-bit), LDRD/STRD, the exclusives with the local monitor, TBB/TBH,
 * and loads inside IT blocks. Encodings and expected values are worked
 * out by hand from the ARMv7-M ARM (A5.2.5, A5.3.5, A5.3.6, A7.7). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/unit/test_isa_ls.h"

/* ---------------------------- 16-bit multiple ---------------------------- */

static void t_push_pop_16(void **state)
{
    struct harness *h = *state;
    uint32_t sp = h->cpu.r[13];
    h->cpu.r[0] = 0x11111111u;
    h->cpu.r[1] = 0x22222222u;
    h->cpu.r[14] = 0x00001235u;
    /* PUSH {r0,r1,lr} = 1011 010 1 00000011: 1 + 3 cycles */
    uint64_t c0 = h->cpu.cycles;
    RUN(h, 0xb503);
    assert_int_equal(h->cpu.cycles - c0, 4);
    assert_int_equal(h->cpu.r[13], sp - 12);
    assert_int_equal(r32(h, sp - 12), 0x11111111u);
    assert_int_equal(r32(h, sp - 8), 0x22222222u);
    assert_int_equal(r32(h, sp - 4), 0x00001235u);
    /* POP {r0,r1,pc} = 1011 110 1 00000011: LoadWritePC, 1 + 3 + P(2) */
    h->cpu.r[0] = h->cpu.r[1] = 0;
    c0 = h->cpu.cycles;
    RUN(h, 0xbd03);
    assert_int_equal(h->cpu.cycles - c0, 6);
    assert_int_equal(h->cpu.r[0], 0x11111111u);
    assert_int_equal(h->cpu.r[1], 0x22222222u);
    assert_int_equal(h->cpu.r[13], sp);
    assert_int_equal(h->cpu.pc, 0x1234u);
    /* POP {r2} = 0xbc04: no PC */
    w32(h, sp, 0x5a5a5a5au);
    RUN(h, 0xbc04);
    assert_int_equal(h->cpu.r[2], 0x5a5a5a5au);
    assert_int_equal(h->cpu.r[13], sp + 4);
    assert_int_equal(h->cpu.pc, CODE + 2);
}

static void t_stm_ldm_16(void **state)
{
    struct harness *h = *state;
    /* STM r0!,{r1,r2} = 11000 000 00000110 */
    h->cpu.r[0] = DATA;
    h->cpu.r[1] = 0xaaaa0001u;
    h->cpu.r[2] = 0xbbbb0002u;
    RUN(h, 0xc006);
    assert_int_equal(r32(h, DATA), 0xaaaa0001u);
    assert_int_equal(r32(h, DATA + 4), 0xbbbb0002u);
    assert_int_equal(h->cpu.r[0], DATA + 8);
    /* LDM r2!,{r0,r1} = 11001 010 00000011: write-back (r2 not listed) */
    h->cpu.r[2] = DATA;
    uint64_t c0 = h->cpu.cycles;
    RUN(h, 0xca03);
    assert_int_equal(h->cpu.cycles - c0, 3);
    assert_int_equal(h->cpu.r[0], 0xaaaa0001u);
    assert_int_equal(h->cpu.r[1], 0xbbbb0002u);
    assert_int_equal(h->cpu.r[2], DATA + 8);
    /* LDM r0,{r0,r1} = 11001 000 00000011: r0 listed, so no write-back and
     * r0 holds the loaded value */
    h->cpu.r[0] = DATA;
    RUN(h, 0xc803);
    assert_int_equal(h->cpu.r[0], 0xaaaa0001u);
    assert_int_equal(h->cpu.r[1], 0xbbbb0002u);
    /* STM r0!,{r0,r1} = 11000 000 00000011: r0 is the lowest register, so
     * its original value is stored (A7.7.159) and r0 is written back */
    h->cpu.r[0] = DATA + 16;
    RUN(h, 0xc003);
    assert_int_equal(r32(h, DATA + 16), DATA + 16);
    assert_int_equal(r32(h, DATA + 20), 0xbbbb0002u);
    assert_int_equal(h->cpu.r[0], DATA + 24);
}

static void t_ldm_unaligned_faults(void **state)
{
    struct harness *h = *state;
    /* LDM r0!,{r1} = 0xc802 at a halfword-aligned base: always UNALIGNED,
     * registers untouched */
    h->cpu.r[0] = DATA + 2;
    h->cpu.r[1] = 77;
    expect_fault(h, RUN(h, 0xc802), "unaligned");
    assert_int_equal(h->cpu.r[0], DATA + 2);
    assert_int_equal(h->cpu.r[1], 77);
    /* PUSH with a misaligned SP faults too */
    h->cpu.r[13] = DATA + 2;
    expect_fault(h, RUN(h, 0xb401), NULL); /* PUSH {r0} */
    assert_int_equal(h->cpu.r[13], DATA + 2);
}

static void t_ldm_bus_fault_mid_list(void **state)
{
    struct harness *h = *state;
    /* LDM r0!,{r1,r2} with the second word past the end of RAM
     * (0x20400000): BusFault, r1 and r0 untouched */
    h->cpu.r[0] = 0x203ffffcu;
    h->cpu.r[1] = 5;
    expect_fault(h, RUN(h, 0xc806), "0x20400000");
    assert_int_equal(h->cpu.r[0], 0x203ffffcu);
    assert_int_equal(h->cpu.r[1], 5);
}

/* ---------------------------- 32-bit multiple ---------------------------- */

static void t_multi_32(void **state)
{
    struct harness *h = *state;
    /* STMDB r0!,{r1,r2,lr} = e920 4006 */
    h->cpu.r[0] = DATA + 16;
    h->cpu.r[1] = 0x01010101u;
    h->cpu.r[2] = 0x02020202u;
    h->cpu.r[14] = 0x00002001u;
    RUN(h, 0xe920, 0x4006);
    assert_int_equal(h->cpu.r[0], DATA + 4);
    assert_int_equal(r32(h, DATA + 4), 0x01010101u);
    assert_int_equal(r32(h, DATA + 8), 0x02020202u);
    assert_int_equal(r32(h, DATA + 12), 0x00002001u);
    /* LDMIA r0!,{r1,r2,pc} = e8b0 8006 */
    h->cpu.r[1] = h->cpu.r[2] = 0;
    RUN(h, 0xe8b0, 0x8006);
    assert_int_equal(h->cpu.r[1], 0x01010101u);
    assert_int_equal(h->cpu.r[2], 0x02020202u);
    assert_int_equal(h->cpu.r[0], DATA + 16);
    assert_int_equal(h->cpu.pc, 0x2000u);
    /* LDMDB r0,{r1,r2} = e910 0006 (no write-back): from r0 - 8 */
    h->cpu.r[0] = DATA + 12;
    h->cpu.r[1] = h->cpu.r[2] = 0;
    RUN(h, 0xe910, 0x0006);
    assert_int_equal(h->cpu.r[1], 0x01010101u);
    assert_int_equal(h->cpu.r[2], 0x02020202u);
    assert_int_equal(h->cpu.r[0], DATA + 12);
    /* LDMDB r0!,{r1,r2} = e930 0006 */
    RUN(h, 0xe930, 0x0006);
    assert_int_equal(h->cpu.r[0], DATA + 4);
    /* STM.W r0,{r1,r2} = e880 0006 (no write-back) */
    h->cpu.r[0] = DATA + 32;
    RUN(h, 0xe880, 0x0006);
    assert_int_equal(r32(h, DATA + 32), 0x01010101u);
    assert_int_equal(r32(h, DATA + 36), 0x02020202u);
    assert_int_equal(h->cpu.r[0], DATA + 32);
    /* STMIA r0!,{r3,r12} = e8a0 1008 */
    h->cpu.r[3] = 3;
    h->cpu.r[12] = 12;
    RUN(h, 0xe8a0, 0x1008);
    assert_int_equal(r32(h, DATA + 32), 3);
    assert_int_equal(r32(h, DATA + 36), 12);
    assert_int_equal(h->cpu.r[0], DATA + 40);
    /* LDM.W r0,{r3,r12,lr} = e890 5008 from DATA+4 */
    h->cpu.r[0] = DATA + 4;
    RUN(h, 0xe890, 0x5008);
    assert_int_equal(h->cpu.r[3], 0x01010101u);
    assert_int_equal(h->cpu.r[12], 0x02020202u);
    assert_int_equal(h->cpu.r[14], 0x00002001u);
}

static void t_push_pop_32(void **state)
{
    struct harness *h = *state;
    uint32_t sp = h->cpu.r[13];
    for (int k = 4; k <= 11; k++)
        h->cpu.r[k] = 0x100u * (uint32_t)k;
    h->cpu.r[14] = 0x3001u;
    /* PUSH.W {r4-r11,lr} = e92d 4ff0: 9 registers, 1 + 9 cycles */
    uint64_t c0 = h->cpu.cycles;
    RUN(h, 0xe92d, 0x4ff0);
    assert_int_equal(h->cpu.cycles - c0, 10);
    assert_int_equal(h->cpu.r[13], sp - 36);
    assert_int_equal(r32(h, sp - 36), 0x400u);
    assert_int_equal(r32(h, sp - 8), 0xb00u);
    assert_int_equal(r32(h, sp - 4), 0x3001u);
    for (int k = 4; k <= 11; k++)
        h->cpu.r[k] = 0;
    /* POP.W {r4-r11,pc} = e8bd 8ff0: 1 + 9 + 2 */
    c0 = h->cpu.cycles;
    RUN(h, 0xe8bd, 0x8ff0);
    assert_int_equal(h->cpu.cycles - c0, 12);
    for (int k = 4; k <= 11; k++)
        assert_int_equal(h->cpu.r[k], 0x100u * (uint32_t)k);
    assert_int_equal(h->cpu.r[13], sp);
    assert_int_equal(h->cpu.pc, 0x3000u);
    /* PUSH.W {lr} alone (T2 with one register, UNPREDICTABLE in T2 but
     * sensible: one word) = e92d 4000 */
    RUN(h, 0xe92d, 0x4000);
    assert_int_equal(h->cpu.r[13], sp - 4);
    assert_int_equal(r32(h, sp - 4), 0x3001u);
    /* PUSH T3 = STR lr,[sp,#-4]! = f84d ed04; POP T3 = LDR r4,[sp],#4 = f85d 4b04 */
    h->cpu.r[14] = 0x4444u;
    RUN(h, 0xf84d, 0xed04);
    assert_int_equal(h->cpu.r[13], sp - 8);
    RUN(h, 0xf85d, 0x4b04);
    assert_int_equal(h->cpu.r[4], 0x4444u);
    assert_int_equal(h->cpu.r[13], sp - 4);
}

static void t_multi_undefined(void **state)
{
    struct harness *h = *state;
    /* STM.W pc,{r1,r2} = e88f 0006: Rn = PC is UNPREDICTABLE, UNDEFINED here */
    assert_int_equal(RUN(h, 0xe88f, 0x0006), CPU_STOP_UNDEF);
    /* op = 00 (SRS space in ARMv7-A) is UNDEFINED in ARMv7-M: e810 0006 */
    assert_int_equal(RUN(h, 0xe810, 0x0006), CPU_STOP_UNDEF);
}

/* ---------------------------- LDRD/STRD ---------------------------- */

static void t_ldrd_strd(void **state)
{
    struct harness *h = *state;
    h->cpu.r[0] = DATA;
    h->cpu.r[2] = 0x22222222u;
    h->cpu.r[3] = 0x33333333u;
    /* STRD r2,r3,[r0,#8] = e9c0 2302: 3 cycles */
    uint64_t c0 = h->cpu.cycles;
    RUN(h, 0xe9c0, 0x2302);
    assert_int_equal(h->cpu.cycles - c0, 3);
    assert_int_equal(r32(h, DATA + 8), 0x22222222u);
    assert_int_equal(r32(h, DATA + 12), 0x33333333u);
    assert_int_equal(h->cpu.r[0], DATA);
    /* LDRD r4,r5,[r0,#8]! = e9f0 4502 */
    RUN(h, 0xe9f0, 0x4502);
    assert_int_equal(h->cpu.r[4], 0x22222222u);
    assert_int_equal(h->cpu.r[5], 0x33333333u);
    assert_int_equal(h->cpu.r[0], DATA + 8);
    /* LDRD r6,r7,[r0],#-8 = e870 6702 */
    RUN(h, 0xe870, 0x6702);
    assert_int_equal(h->cpu.r[6], 0x22222222u);
    assert_int_equal(h->cpu.r[7], 0x33333333u);
    assert_int_equal(h->cpu.r[0], DATA);
    /* STRD r2,r3,[r0,#-8]! with r0 = DATA+16 = e960 2302 */
    h->cpu.r[0] = DATA + 16;
    h->cpu.r[2] = 0xa;
    h->cpu.r[3] = 0xb;
    RUN(h, 0xe960, 0x2302);
    assert_int_equal(r32(h, DATA + 8), 0xa);
    assert_int_equal(r32(h, DATA + 12), 0xb);
    assert_int_equal(h->cpu.r[0], DATA + 8);
    /* STRD r2,r3,[r0],#16 = e8e0 2304 */
    RUN(h, 0xe8e0, 0x2304);
    assert_int_equal(h->cpu.r[0], DATA + 24);
    /* LDRD r2,r3,[r0,#-16] = e950 2304 */
    h->cpu.r[2] = h->cpu.r[3] = 0;
    RUN(h, 0xe950, 0x2304);
    assert_int_equal(h->cpu.r[2], 0xa);
    assert_int_equal(h->cpu.r[3], 0xb);
    assert_int_equal(h->cpu.r[0], DATA + 24);
}

static void t_ldrd_literal(void **state)
{
    struct harness *h = *state;
    /* LDRD r2,r3,[pc,#4] = e9df 2301 at 0x1000: Align(0x1004,4) + 4 */
    w32(h, 0x1008, 0x88888888u);
    w32(h, 0x100c, 0x99999999u);
    RUN(h, 0xe9df, 0x2301);
    assert_int_equal(h->cpu.r[2], 0x88888888u);
    assert_int_equal(h->cpu.r[3], 0x99999999u);
    assert_int_equal(h->cpu.pc, CODE + 4);
    /* LDRD r2,r3,[pc,#-4] = e95f 2301 at 0x1000: 0x1000, the instruction
     * itself (e95f then 2301) and the word after it */
    w32(h, 0x1004, 0x12345678u);
    RUN(h, 0xe95f, 0x2301);
    assert_int_equal(h->cpu.r[2], 0x2301e95fu);
    assert_int_equal(h->cpu.r[3], 0x12345678u);
}

static void t_ldrd_alignment_and_undefined(void **state)
{
    struct harness *h = *state;
    /* LDRD r2,r3,[r0] with r0 word+2: always UNALIGNED (MemA) */
    h->cpu.r[0] = DATA + 2;
    h->cpu.r[2] = 1;
    expect_fault(h, RUN(h, 0xe9d0, 0x2300), "unaligned");
    assert_int_equal(h->cpu.r[2], 1);
    /* STRD r2,r3,[r0,#4]! likewise, no write-back */
    expect_fault(h, RUN(h, 0xe9e0, 0x2301), NULL);
    assert_int_equal(h->cpu.r[0], DATA + 2);
    /* LDRD pc,r3,[r0] = e9d0 f300: UNDEFINED here */
    h->cpu.r[0] = DATA;
    assert_int_equal(RUN(h, 0xe9d0, 0xf300), CPU_STOP_UNDEF);
    /* Exclusive space, op1=01 op2=01, op3=0110: UNDEFINED = e8d0 1f6f */
    assert_int_equal(RUN(h, 0xe8d0, 0x1f6f), CPU_STOP_UNDEF);
}

/* ---------------------------- exclusives ---------------------------- */

static void t_ldrex_strex(void **state)
{
    struct harness *h = *state;
    h->cpu.r[0] = DATA;
    w32(h, DATA + 4, 0xfeedfaceu);
    /* LDREX r1,[r0,#4] = e850 1f01 */
    RUN(h, 0xe850, 0x1f01);
    assert_int_equal(h->cpu.r[1], 0xfeedfaceu);
    assert_true(h->cpu.excl_open);
    /* STREX r2,r1,[r0,#4] = e840 1201: succeeds, writes 0 */
    h->cpu.r[1] = 0x0d15ea5eu;
    h->cpu.r[2] = 99;
    RUN(h, 0xe840, 0x1201);
    assert_int_equal(h->cpu.r[2], 0);
    assert_int_equal(r32(h, DATA + 4), 0x0d15ea5eu);
    assert_false(h->cpu.excl_open);
    /* Again: the monitor is closed, so it fails (1) and memory is unchanged */
    h->cpu.r[1] = 0x11111111u;
    RUN(h, 0xe840, 0x1201);
    assert_int_equal(h->cpu.r[2], 1);
    assert_int_equal(r32(h, DATA + 4), 0x0d15ea5eu);
    /* LDREX at one address, STREX at another: fails and closes */
    RUN(h, 0xe850, 0x1f01);
    h->cpu.r[0] = DATA + 4;
    RUN(h, 0xe840, 0x1201);
    assert_int_equal(h->cpu.r[2], 1);
    assert_int_equal(r32(h, DATA + 8), 0);
    assert_false(h->cpu.excl_open);
    /* CLREX (another class) closes it: LDREX, clear, STREX fails */
    h->cpu.r[0] = DATA;
    RUN(h, 0xe850, 0x1f01);
    h->cpu.excl_open = false;
    RUN(h, 0xe840, 0x1201);
    assert_int_equal(h->cpu.r[2], 1);
}

static void t_ldrexb_h(void **state)
{
    struct harness *h = *state;
    h->cpu.r[0] = DATA + 1;
    w32(h, DATA, 0x44332211u);
    /* LDREXB r1,[r0] = e8d0 1f4f */
    RUN(h, 0xe8d0, 0x1f4f);
    assert_int_equal(h->cpu.r[1], 0x22u);
    /* STREXB r2,r1,[r0] = e8c0 1f42 */
    h->cpu.r[1] = 0x1ffu;
    RUN(h, 0xe8c0, 0x1f42);
    assert_int_equal(h->cpu.r[2], 0);
    assert_int_equal(r32(h, DATA), 0x4433ff11u);
    /* LDREXH r1,[r0] = e8d0 1f5f, STREXH r2,r1,[r0] = e8c0 1f52 at DATA+2 */
    h->cpu.r[0] = DATA + 2;
    RUN(h, 0xe8d0, 0x1f5f);
    assert_int_equal(h->cpu.r[1], 0x4433u);
    h->cpu.r[1] = 0x12345u;
    RUN(h, 0xe8c0, 0x1f52);
    assert_int_equal(h->cpu.r[2], 0);
    assert_int_equal(r32(h, DATA), 0x2345ff11u);
    /* STREXH with the monitor closed: 1 */
    RUN(h, 0xe8c0, 0x1f52);
    assert_int_equal(h->cpu.r[2], 1);
}

static void t_exclusive_alignment(void **state)
{
    struct harness *h = *state;
    /* LDREX r1,[r0] with r0 = word+2: UNALIGNED even without UNALIGN_TRP */
    h->cpu.r[0] = DATA + 2;
    h->cpu.r[1] = 5;
    expect_fault(h, RUN(h, 0xe850, 0x1f00), "unaligned");
    assert_int_equal(h->cpu.r[1], 5);
    assert_false(h->cpu.excl_open);
    /* STREXH r2,r1,[r0] at an odd address faults before the monitor check */
    h->cpu.r[0] = DATA + 1;
    h->cpu.r[2] = 9;
    expect_fault(h, RUN(h, 0xe8c0, 0x1f52), NULL);
    assert_int_equal(h->cpu.r[2], 9);
    /* LDREX pc,[r0] = e850 ff00: UNDEFINED here */
    h->cpu.r[0] = DATA;
    assert_int_equal(RUN(h, 0xe850, 0xff00), CPU_STOP_UNDEF);
}

/* ---------------------------- TBB/TBH ---------------------------- */

static void t_tbb_tbh(void **state)
{
    struct harness *h = *state;
    /* TBB [pc,r0] = e8df f000 at 0x1000, table at 0x1004 = { 2, 5 }:
     * r0 = 1 -> 0x1004 + 2*5 = 0x100e; TBB costs (M4 TRM 3.3.1) "two cycles
     * for the load, one cycle for the add, and three cycles for the
     * pipeline reload": 6 */
    h->cpu.r[0] = 1;
    harness_code(h, CODE, (const uint16_t[]){ 0xe8df, 0xf000, 0x0502 }, 3);
    uint64_t c0 = h->cpu.cycles;
    assert_int_equal(harness_step(h, 1), CPU_STOP_NONE);
    assert_int_equal(h->cpu.pc, 0x100eu);
    assert_int_equal(h->cpu.cycles - c0, 6);
    /* TBH [pc,r0,LSL #1] = e8df f010, table { 0x10, 0x200 }: 0x1004 + 0x400 */
    harness_code(h, CODE, (const uint16_t[]){ 0xe8df, 0xf010, 0x0010, 0x0200 }, 4);
    assert_int_equal(harness_step(h, 1), CPU_STOP_NONE);
    assert_int_equal(h->cpu.pc, 0x1404u);
    h->cpu.r[0] = 0;
    harness_code(h, CODE, (const uint16_t[]){ 0xe8df, 0xf010, 0x0010, 0x0200 }, 4);
    harness_step(h, 1);
    assert_int_equal(h->cpu.pc, 0x1024u);
    /* TBB [r1,r0] = e8d1 f000 with a table in RAM: entry 0xff -> 0x1202 */
    h->cpu.r[1] = DATA;
    h->cpu.r[0] = 3;
    w8(h, DATA + 3, 0xff);
    RUN(h, 0xe8d1, 0xf000);
    assert_int_equal(h->cpu.pc, 0x1202u);
    /* TBH [r1,r0,LSL #1] = e8d1 f010: halfword at DATA+6 */
    w16(h, DATA + 6, 0x8000);
    RUN(h, 0xe8d1, 0xf010);
    assert_int_equal(h->cpu.pc, 0x11004u);
}

/* ---------------------------- IT blocks ---------------------------- */

static void t_loads_in_it_block(void **state)
{
    struct harness *h = *state;
    /* ITE EQ (bf0c); LDR r0,[r1] (6808); LDR r2,[r1,#4] (684a) with Z = 0:
     * the first is skipped, the second (else) runs */
    h->cpu.r[0] = 0xaaaa;
    h->cpu.r[1] = DATA;
    h->cpu.z = 0;
    w32(h, DATA, 0x1234u);
    w32(h, DATA + 4, 0x5678u);
    harness_code(h, CODE, (const uint16_t[]){ 0xbf0c, 0x6808, 0x684a }, 3);
    assert_int_equal(harness_step(h, 3), CPU_STOP_NONE);
    assert_int_equal(h->cpu.r[0], 0xaaaau);
    assert_int_equal(h->cpu.r[2], 0x5678u);
    assert_int_equal(h->cpu.pc, 0x1006u);
    /* IT NE (bf18); POP {pc} (bd00) as the last instruction of the block */
    h->cpu.r[13] = DATA + 0x100;
    w32(h, DATA + 0x100, 0x2221u);
    harness_code(h, CODE, (const uint16_t[]){ 0xbf18, 0xbd00 }, 2);
    assert_int_equal(harness_step(h, 2), CPU_STOP_NONE);
    assert_int_equal(h->cpu.pc, 0x2220u);
    assert_int_equal(h->cpu.r[13], DATA + 0x104);
    assert_int_equal(h->cpu.itstate, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(t_push_pop_16, setup, teardown),
        cmocka_unit_test_setup_teardown(t_stm_ldm_16, setup, teardown),
        cmocka_unit_test_setup_teardown(t_ldm_unaligned_faults, setup, teardown),
        cmocka_unit_test_setup_teardown(t_ldm_bus_fault_mid_list, setup, teardown),
        cmocka_unit_test_setup_teardown(t_multi_32, setup, teardown),
        cmocka_unit_test_setup_teardown(t_push_pop_32, setup, teardown),
        cmocka_unit_test_setup_teardown(t_multi_undefined, setup, teardown),
        cmocka_unit_test_setup_teardown(t_ldrd_strd, setup, teardown),
        cmocka_unit_test_setup_teardown(t_ldrd_literal, setup, teardown),
        cmocka_unit_test_setup_teardown(t_ldrd_alignment_and_undefined, setup, teardown),
        cmocka_unit_test_setup_teardown(t_ldrex_strex, setup, teardown),
        cmocka_unit_test_setup_teardown(t_ldrexb_h, setup, teardown),
        cmocka_unit_test_setup_teardown(t_exclusive_alignment, setup, teardown),
        cmocka_unit_test_setup_teardown(t_tbb_tbh, setup, teardown),
        cmocka_unit_test_setup_teardown(t_loads_in_it_block, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
