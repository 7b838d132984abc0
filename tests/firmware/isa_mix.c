/* Thumb-2 integer instructions beyond what plain C arithmetic reaches:
 * every load/store addressing mode (offset, pre- and post-indexed with
 * writeback, register offset with LSL, negative offsets, unaligned LDR/STR
 * and halfword access, signed byte/halfword loads, LDRD/STRD, LDM/STM/
 * LDMDB/STMDB with writeback), exclusives (LDREX/STREX in B/H/W, CLREX, a
 * STREX that must fail), TBB/TBH jump tables, IT blocks with each
 * condition, shifter carry-out into C (MOVS/ANDS/TST with shifts, RRX),
 * ADC/SBC chains, MOVW/MOVT, ORN/BIC/TEQ/CMN, CBZ/CBNZ, BLX to a register,
 * and C constructs that compile to them (switch tables, bit-fields,
 * atomics, struct copies). Results and the flags each leaves are hashed
 * per group, printed and compared against QEMU. */
#include <string.h>
#include <stdatomic.h>
#include "fwtest.h"

static uint32_t h;
static void fold(uint32_t x) { h = (h ^ x) * 0x01000193u; }
static uint32_t apsr(void) { uint32_t p; __asm volatile("mrs %0, APSR" : "=r"(p)); return p; }

static uint8_t mem[256] __attribute__((aligned(8)));
static volatile uint32_t vin[] = { 0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0x12345678,
                                   0xdeadbeef, 0x00ff00ff, 31, 32, 33, 0xfffffff0 };
#define NIN (sizeof vin / sizeof vin[0])

static void fill_mem(void)
{
    for (unsigned i = 0; i < sizeof mem; i++)
        mem[i] = (uint8_t)(i * 37 + 11);
}

static void addressing(void)
{
    fill_mem();
    uint8_t *p = mem + 64;
    uint32_t r0, r1, base;
    for (int k = 0; k < 8; k++) {
        base = (uint32_t)(uintptr_t)p;
        __asm volatile("ldr %0, [%2, #4]!\n\t"
                       "ldr %1, [%2], #-8\n\t"
                       : "=&r"(r0), "=&r"(r1), "+r"(base) :: "memory");
        fold(r0); fold(r1); fold(base - (uint32_t)(uintptr_t)mem);
        uint32_t idx = (uint32_t)k;
        __asm volatile("ldr %0, [%1, %2, lsl #2]" : "=r"(r0) : "r"(mem), "r"(idx) : "memory");
        fold(r0);
        __asm volatile("ldrsb %0, [%1, #-3]\n\tldrsh %1, [%1, #-7]" : "=&r"(r0), "+r"(base) :: "memory");
        fold(r0); fold(base);
        /* unaligned word and halfword, load and store */
        uint8_t *u = mem + 1 + k * 3;
        __asm volatile("ldr %0, [%1]" : "=r"(r0) : "r"(u) : "memory");
        fold(r0);
        __asm volatile("ldrh %0, [%1, #1]" : "=r"(r0) : "r"(u) : "memory");
        fold(r0);
        __asm volatile("str %0, [%1, #2]" :: "r"(r0 * 0x01010101u + 0x7f), "r"(u) : "memory");
        __asm volatile("strh %0, [%1, #5]" :: "r"(r0 ^ 0xa5a5u), "r"(u) : "memory");
        /* doubleword */
        uint32_t lo, hi, b2 = (uint32_t)(uintptr_t)(mem + 16 + 8 * k);
        __asm volatile("ldrd %0, %1, [%2, #8]!" : "=&r"(lo), "=&r"(hi), "+r"(b2) :: "memory");
        fold(lo); fold(hi);
        __asm volatile("strd %0, %1, [%2], #-16" : : "r"(hi + 1), "r"(lo - 1), "r"(b2) : "memory");
        /* multiple */
        uint32_t a, b, c, d, m = (uint32_t)(uintptr_t)(mem + 128 + 4 * k);
        __asm volatile("ldmia %4!, {%0, %1, %2, %3}" : "=&r"(a), "=&r"(b), "=&r"(c), "=&r"(d), "+r"(m) :: "memory");
        fold(a ^ b ^ c ^ d); fold(m - (uint32_t)(uintptr_t)mem);
        __asm volatile("stmdb %4!, {%0, %1, %2, %3}" : : "r"(d), "r"(c), "r"(b), "r"(a), "r"(m) : "memory");
        __asm volatile("ldmdb %4, {%0, %1, %2, %3}" : "=&r"(a), "=&r"(b), "=&r"(c), "=&r"(d) : "r"(m) : "memory");
        fold(a + b + c + d);
    }
    for (unsigned i = 0; i < sizeof mem; i += 4) {
        uint32_t w;
        memcpy(&w, mem + i, 4);
        fold(w);
    }
}

static void exclusives(void)
{
    static volatile uint32_t word = 5;
    static volatile uint16_t half = 7;
    static volatile uint8_t byte = 9;
    uint32_t v, st;
    for (int k = 0; k < 4; k++) {
        __asm volatile("ldrex %0, [%2]\n\tadd %0, %0, #3\n\tstrex %1, %0, [%2]"
                       : "=&r"(v), "=&r"(st) : "r"(&word) : "memory");
        fold(v); fold(st);
        __asm volatile("ldrexh %0, [%2]\n\tadd %0, %0, #1\n\tstrexh %1, %0, [%2]"
                       : "=&r"(v), "=&r"(st) : "r"(&half) : "memory");
        fold(v); fold(st);
        __asm volatile("ldrexb %0, [%2]\n\tadd %0, %0, #2\n\tstrexb %1, %0, [%2]"
                       : "=&r"(v), "=&r"(st) : "r"(&byte) : "memory");
        fold(v); fold(st);
        /* CLREX in between: the STREX must fail and leave memory alone. */
        __asm volatile("ldrex %0, [%2]\n\tclrex\n\tstrex %1, %0, [%2]"
                       : "=&r"(v), "=&r"(st) : "r"(&word) : "memory");
        fold(st);
        FW_CHECK(st == 1);
    }
    atomic_uint counter = 0;
    for (unsigned k = 0; k < 100; k++) {
        atomic_fetch_add(&counter, k);
        unsigned expect = atomic_load(&counter);
        atomic_compare_exchange_strong(&counter, &expect, expect ^ 0x55);
    }
    fold(atomic_load(&counter));
    printf("exclusives: word=%lu half=%u byte=%u counter=%u\n", (unsigned long)word, half, byte,
           (unsigned)atomic_load(&counter));
}

static uint32_t tbb_dispatch(uint32_t k)
{
    uint32_t r;
    __asm volatile("mov %0, #0\n\t"
                   "cmp %1, #5\n\t"
                   "bhs 9f\n\t"
                   "tbb [pc, %1]\n\t"
                   "1: .byte (10f-1b)/2, (11f-1b)/2, (12f-1b)/2, (13f-1b)/2, (14f-1b)/2\n\t"
                   ".align 1\n\t"
                   "10: add %0, %0, #100\n\t"
                   "11: add %0, %0, #20\n\t"
                   "12: add %0, %0, #3\n\t"
                   "b 9f\n\t"
                   "13: eor %0, %0, #0x40\n\t"
                   "14: sub %0, %0, #1\n\t"
                   "9:\n\t"
                   : "=&r"(r) : "r"(k) : "cc");
    return r;
}

static uint32_t tbh_dispatch(uint32_t k)
{
    uint32_t r;
    __asm volatile("mov %0, #1\n\t"
                   "cmp %1, #3\n\t"
                   "bhs 9f\n\t"
                   "tbh [pc, %1, lsl #1]\n\t"
                   "1: .hword (10f-1b)/2, (11f-1b)/2, (12f-1b)/2\n\t"
                   "10: lsl %0, %0, #4\n\t"
                   "11: lsl %0, %0, #3\n\t"
                   "12: add %0, %0, #7\n\t"
                   "9:\n\t"
                   : "=&r"(r) : "r"(k) : "cc");
    return r;
}

/* A switch dense enough for a jump table. */
__attribute__((noinline)) static int classify(int c)
{
    switch (c) {
    case 0: return 11;  case 1: return 7;   case 2: return -3;  case 3: return 19;
    case 4: return 23;  case 5: return 0;   case 6: return 5;   case 7: return 101;
    case 8: return -8;  case 9: return 77;  case 10: return 3;  case 11: return 42;
    case 12: return 12; case 13: return -1; case 14: return 64; case 15: return 9;
    default: return 1000;
    }
}

static void branches(void)
{
    for (uint32_t k = 0; k < 7; k++) {
        fold(tbb_dispatch(k));
        fold(tbh_dispatch(k));
    }
    for (int c = -2; c < 20; c++)
        fold((uint32_t)classify(c));
    printf("branches: tbb %lu %lu %lu %lu %lu tbh %lu %lu %lu\n", (unsigned long)tbb_dispatch(0),
           (unsigned long)tbb_dispatch(1), (unsigned long)tbb_dispatch(2),
           (unsigned long)tbb_dispatch(3), (unsigned long)tbb_dispatch(4),
           (unsigned long)tbh_dispatch(0), (unsigned long)tbh_dispatch(1),
           (unsigned long)tbh_dispatch(2));
    FW_CHECK(tbb_dispatch(0) == 123 && tbb_dispatch(3) == 0x3f && tbh_dispatch(0) == 135);
}

static void flags_and_it(void)
{
    for (unsigned i = 0; i < NIN; i++)
        for (unsigned j = 0; j < NIN; j++) {
            uint32_t a = vin[i], b = vin[j], r, p;
            /* shifter carry out */
            __asm volatile("movs %0, %2, lsl #1\n\tmrs %1, APSR" : "=&r"(r), "=&r"(p) : "r"(a) : "cc");
            fold(r); fold(p);
            __asm volatile("lsrs %0, %2, %3\n\tmrs %1, APSR" : "=&r"(r), "=&r"(p) : "r"(a), "r"(b & 63) : "cc");
            fold(r); fold(p);
            __asm volatile("asrs %0, %2, %3\n\tmrs %1, APSR" : "=&r"(r), "=&r"(p) : "r"(a), "r"(b & 63) : "cc");
            fold(r); fold(p);
            __asm volatile("rors %0, %2, %3\n\tmrs %1, APSR" : "=&r"(r), "=&r"(p) : "r"(a), "r"(b & 63) : "cc");
            fold(r); fold(p);
            __asm volatile("cmp %2, %3\n\trrxs %0, %2\n\tmrs %1, APSR" : "=&r"(r), "=&r"(p) : "r"(a), "r"(b) : "cc");
            fold(r); fold(p);
            __asm volatile("ands %0, %2, %3, ror #7\n\tmrs %1, APSR" : "=&r"(r), "=&r"(p) : "r"(a), "r"(b) : "cc");
            fold(r); fold(p);
            __asm volatile("tst %1, %2, lsl #31\n\tmrs %0, APSR" : "=&r"(p) : "r"(a), "r"(b) : "cc");
            fold(p);
            __asm volatile("teq %1, %2, asr #3\n\tmrs %0, APSR" : "=&r"(p) : "r"(a), "r"(b) : "cc");
            fold(p);
            __asm volatile("cmn %1, %2\n\tmrs %0, APSR" : "=&r"(p) : "r"(a), "r"(b) : "cc");
            fold(p);
            /* carry chain */
            __asm volatile("adds %0, %2, %3\n\tadcs %0, %0, %2\n\tsbcs %0, %0, %3\n\tmrs %1, APSR"
                           : "=&r"(r), "=&r"(p) : "r"(a), "r"(b) : "cc");
            fold(r); fold(p);
            __asm volatile("rsbs %0, %2, %3, lsl #2\n\tmrs %1, APSR" : "=&r"(r), "=&r"(p) : "r"(a), "r"(b) : "cc");
            fold(r); fold(p);
            __asm volatile("orn %0, %1, %2\n\tbic %0, %0, %2, lsr #5" : "=&r"(r) : "r"(a), "r"(b));
            fold(r);
            /* IT blocks on every condition */
            __asm volatile("mov %0, #0\n\tcmp %1, %2\n\t"
                           "it eq\n\taddeq %0, %0, #1\n\t"
                           "it ne\n\taddne %0, %0, #2\n\t"
                           "it cs\n\taddcs %0, %0, #4\n\t"
                           "it cc\n\taddcc %0, %0, #8\n\t"
                           "it mi\n\taddmi %0, %0, #16\n\t"
                           "it pl\n\taddpl %0, %0, #32\n\t"
                           "it vs\n\taddvs %0, %0, #64\n\t"
                           "it vc\n\taddvc %0, %0, #128\n\t"
                           "it hi\n\taddhi %0, %0, #256\n\t"
                           "it ls\n\taddls %0, %0, #512\n\t"
                           "it ge\n\taddge %0, %0, #1024\n\t"
                           "it lt\n\taddlt %0, %0, #2048\n\t"
                           "it gt\n\taddgt %0, %0, #4096\n\t"
                           "it le\n\taddle %0, %0, #8192\n\t"
                           : "=&r"(r) : "r"(a), "r"(b) : "cc");
            fold(r);
            __asm volatile("mov %0, #0\n\tcmp %1, %2\n\t"
                           "itete gt\n\t"
                           "addgt %0, %0, #1\n\taddle %0, %0, #2\n\t"
                           "addgt %0, %0, #4\n\taddle %0, %0, #8\n\t"
                           "ittt eq\n\t"
                           "addeq %0, %0, #16\n\tlsleq %0, %0, #1\n\torreq %0, %0, #1"
                           : "=&r"(r) : "r"(a), "r"(b) : "cc");
            fold(r);
        }
    uint32_t w;
    __asm volatile("movw %0, #0xbeef\n\tmovt %0, #0xdead" : "=r"(w));
    fold(w);
    FW_CHECK(w == 0xdeadbeefu);
    (void)apsr;
}

struct packed_bits {
    unsigned a : 3;
    signed b : 5;
    unsigned c : 11;
    signed d : 13;
};

static void bitfields_and_copies(void)
{
    struct packed_bits pb = { 0, 0, 0, 0 };
    for (unsigned i = 0; i < NIN; i++) {
        pb.a = vin[i];
        pb.b = (int)vin[(i + 1) % NIN];
        pb.c = vin[(i + 2) % NIN] >> 3;
        pb.d = (int)(vin[(i + 3) % NIN] << 1);
        uint32_t w;
        memcpy(&w, &pb, 4);
        fold(w);
        fold((uint32_t)pb.b);
        fold((uint32_t)pb.d);
    }
    struct big { uint32_t v[13]; } x, y;
    for (int k = 0; k < 13; k++)
        x.v[k] = (uint32_t)k * 0x11111111u;
    y = x;                            /* LDM/STM block copy */
    y.v[12] ^= 1;
    for (int k = 0; k < 13; k++)
        fold(y.v[k]);
}

static uint32_t add1(uint32_t x) { return x + 1; }
static uint32_t dbl(uint32_t x) { return x * 2; }

static void calls(void)
{
    uint32_t (*volatile fp[2])(uint32_t) = { add1, dbl };
    uint32_t v = 3;
    for (int k = 0; k < 10; k++)
        v = fp[k & 1](v);            /* BLX register */
    fold(v);
    uint32_t zero = vin[0], nz = vin[1], r = 0;
    __asm volatile("cbz %1, 1f\n\tadd %0, %0, #1\n\t1: cbnz %2, 2f\n\tadd %0, %0, #2\n\t2:"
                   : "+r"(r) : "l"(zero), "l"(nz));
    fold(r);
    printf("calls: %lu cbz/cbnz: %lu\n", (unsigned long)v, (unsigned long)r);
    FW_CHECK(r == 0);
}

int main(void)
{
    const struct { const char *name; void (*fn)(void); } groups[] = {
        { "addressing", addressing }, { "exclusives", exclusives }, { "branches", branches },
        { "flags_and_it", flags_and_it }, { "bitfields", bitfields_and_copies }, { "calls", calls },
    };
    for (unsigned g = 0; g < sizeof groups / sizeof groups[0]; g++) {
        h = 2166136261u;
        groups[g].fn();
        printf("%-14s hash %08lx\n", groups[g].name, (unsigned long)h);
    }
    fw_finish("isa_mix", 26);
}
