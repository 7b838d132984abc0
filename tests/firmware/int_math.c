/* Integer arithmetic: 32- and 64-bit add/sub/mul, signed and unsigned
 * division and remainder (UDIV/SDIV and the EABI 64-bit helpers), shifts,
 * rotates, bit counting, byte reversal, overflow builtins and saturation.
 * Inputs pass through volatile objects so the compiler cannot fold the
 * results: the core computes them at run time. */
#include <limits.h>
#include <inttypes.h>
#include "fwtest.h"

static volatile uint32_t v32[] = {
    0u, 1u, 2u, 3u, 7u, 10u, 255u, 256u, 0x7fffu, 0x8000u, 0xffffu, 0x10000u,
    0x12345678u, 0x7fffffffu, 0x80000000u, 0x80000001u, 0xdeadbeefu,
    0xfffffffeu, 0xffffffffu, 1000000007u,
};
static volatile uint64_t v64[] = {
    0ull, 1ull, 3ull, 0xffffffffull, 0x100000000ull, 0x123456789abcdef0ull,
    0x7fffffffffffffffull, 0x8000000000000000ull, 0xffffffffffffffffull,
    1000000000000000003ull, 0x00000000deadbeefull, 0xfedcba9876543210ull,
};
#define N32 (sizeof v32 / sizeof v32[0])
#define N64 (sizeof v64 / sizeof v64[0])

static uint32_t mix;   /* running hash of every result, printed at the end */
static void fold(uint32_t x) { mix = (mix ^ x) * 0x01000193u; }

static uint32_t rotr(uint32_t x, unsigned n) { n &= 31; return n ? (x >> n) | (x << (32 - n)) : x; }

static void div32(void)
{
    for (unsigned i = 0; i < N32; i++)
        for (unsigned j = 0; j < N32; j++) {
            uint32_t a = v32[i], b = v32[j];
            if (b == 0)
                continue;
            uint32_t q = a / b, r = a % b;
            FW_CHECK(q * b + r == a && r < b);
            fold(q); fold(r);
            int32_t sa = (int32_t)a, sb = (int32_t)b;
            if (sa == INT32_MIN && sb == -1)
                continue;
            int32_t sq = sa / sb, sr = sa % sb;
            FW_CHECK(sq * sb + sr == sa);
            FW_CHECK(sr == 0 || (sr < 0) == (sa < 0));  /* C99: truncation */
            fold((uint32_t)sq); fold((uint32_t)sr);
        }
    printf("div32: a/b for a,b in table: mix=%08" PRIx32 "\n", mix);
    int seven = (int)v32[4];
    printf("  100/7=%d -100/7=%d 100/-7=%d -100/-7=%d\n",
           100 / seven, -100 / seven, 100 / -seven, -100 / -seven);
    printf("  100%%7=%d -100%%7=%d 100%%-7=%d -100%%-7=%d\n",
           100 % seven, -100 % seven, 100 % -seven, -100 % -seven);
}

static void div64(void)
{
    uint32_t before = mix;
    for (unsigned i = 0; i < N64; i++)
        for (unsigned j = 0; j < N64; j++) {
            uint64_t a = v64[i], b = v64[j];
            if (b == 0)
                continue;
            uint64_t q = a / b, r = a % b;
            FW_CHECK(q * b + r == a && r < b);
            fold((uint32_t)q); fold((uint32_t)(q >> 32)); fold((uint32_t)r);
            int64_t sa = (int64_t)a, sb = (int64_t)b;
            if (sa == INT64_MIN && sb == -1)
                continue;
            int64_t sq = sa / sb, sr = sa % sb;
            FW_CHECK(sq * sb + sr == sa);
            fold((uint32_t)sq); fold((uint32_t)((uint64_t)sq >> 32)); fold((uint32_t)sr);
        }
    printf("div64: mix %08" PRIx32 " -> %08" PRIx32 "\n", before, mix);
    uint64_t big = v64[5];
    printf("  %llu / 1000000007 = %llu rem %llu\n",
           big, big / v32[19], big % v32[19]);
    int64_t neg = -(int64_t)v64[9];
    printf("  %lld / 32767 = %lld rem %lld\n",
           neg, neg / (int64_t)v32[8], neg % (int64_t)v32[8]);
}

static void mul(void)
{
    uint32_t acc32 = 0;
    uint64_t acc64 = 0;
    int64_t sacc = 0;
    for (unsigned i = 0; i < N32; i++)
        for (unsigned j = 0; j < N32; j++) {
            uint32_t a = v32[i], b = v32[j];
            acc32 += a * b;                               /* MUL/MLA */
            uint64_t p = (uint64_t)a * b;                 /* UMULL */
            acc64 += p;                                   /* UMLAL-ish */
            sacc += (int64_t)(int32_t)a * (int32_t)b;     /* SMULL/SMLAL */
            FW_CHECK((uint32_t)p == a * b);
            uint32_t hi = (uint32_t)(p >> 32);
            fold(hi);
        }
    printf("mul: sum32=%08" PRIx32 " sum64=%016llx ssum=%lld\n", acc32, acc64, sacc);
    uint64_t a = v64[5], b = v64[11];
    printf("  64x64 low=%016llx (a*b)-(b*a)=%llu\n", a * b, a * b - b * a);
}

static void bits(void)
{
    for (unsigned i = 0; i < N32; i++) {
        uint32_t x = v32[i];
        int clz = x ? __builtin_clz(x) : 32;
        int ctz = x ? __builtin_ctz(x) : 32;
        int pop = __builtin_popcount(x);
        uint32_t bs = __builtin_bswap32(x);
        FW_CHECK(__builtin_bswap32(bs) == x);
        FW_CHECK(rotr(rotr(x, 13), 19) == x);
        printf("bits %08" PRIx32 ": clz=%2d ctz=%2d pop=%2d bswap=%08" PRIx32
               " ror7=%08" PRIx32 " asr5=%08" PRIx32 " lsr31=%" PRIu32 "\n",
               x, clz, ctz, pop, bs, rotr(x, 7), (uint32_t)((int32_t)x >> 5), x >> 31);
    }
    for (unsigned i = 0; i < N64; i++) {
        uint64_t x = v64[i];
        unsigned s = (unsigned)v32[2] * 0 + 1 + i * 5;
        printf("bits64 %016llx: <<%u=%016llx >>%u=%016llx"
               " asr=%016llx clzll=%d pop=%d\n",
               x, s, x << s, s, x >> s, (uint64_t)((int64_t)x >> s),
               x ? __builtin_clzll(x) : 64, __builtin_popcountll(x));
    }
}

static int32_t sat16(int32_t x) { return x > 32767 ? 32767 : x < -32768 ? -32768 : x; }

static void overflow_and_sat(void)
{
    for (unsigned i = 0; i < N32; i += 3)
        for (unsigned j = 1; j < N32; j += 4) {
            int32_t a = (int32_t)v32[i], b = (int32_t)v32[j], r;
            int o1 = __builtin_add_overflow(a, b, &r);
            int32_t r2;
            int o2 = __builtin_mul_overflow(a, b, &r2);
            uint32_t ur;
            int o3 = __builtin_sub_overflow((uint32_t)a, (uint32_t)b, &ur);
            printf("ovf %d %d: add=%d/%d mul=%d/%d usub=%d/%u sat16(a+b)=%d\n",
                   (int)a, (int)b, o1, (int)r, o2, (int)r2, o3, (unsigned)ur,
                   (int)sat16((int32_t)((uint32_t)a + (uint32_t)b)));
        }
}

int main(void)
{
    puts("int_math: start");
    div32();
    div64();
    mul();
    bits();
    overflow_and_sat();
    printf("int_math: mix=%08" PRIx32 "\n", mix);
    fw_finish("int_math", 11);
}
