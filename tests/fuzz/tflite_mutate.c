/* Deterministic mutation fuzzing for the suite: takes a seed model, applies
 * N rounds of seeded byte mutations (flips, random bytes, 32-bit
 * interesting values at random offsets, truncation), and feeds each through
 * the reader, converter, validator and runtime. A crash or sanitizer report
 * fails the suite; the counts printed show how deep mutants got.
 *   tflite-mutate MODEL ITERATIONS SECONDS SEED */
#include <stdio.h>
#include <time.h>
#include "tests/fuzz/tflite_common.h"

static uint32_t rng;
static uint32_t next(void)
{
    rng ^= rng << 13; rng ^= rng >> 17; rng ^= rng << 5;
    return rng;
}

static void mutate(uint8_t *b, size_t *n)
{
    static const uint32_t interesting[] = { 0, 1, 0x7f, 0x80, 0xff, 0x7fffffff, 0x80000000u,
                                            0xffffffffu, 0x10000, 0xfffffff0u };
    int rounds = 1 + (int)(next() % 4);
    for (int r = 0; r < rounds; r++) {
        size_t at = next() % *n;
        switch (next() % 5) {
        case 0: b[at] ^= (uint8_t)(1u << (next() % 8)); break;
        case 1: b[at] = (uint8_t)next(); break;
        case 2:
            if (at + 4 <= *n) {
                uint32_t v = interesting[next() % (sizeof interesting / sizeof interesting[0])];
                memcpy(b + at, &v, 4);
            }
            break;
        case 3: if (at + 2 <= *n) { b[at] = (uint8_t)(b[at] + 1); b[at + 1] = (uint8_t)(b[at + 1] - 1); } break;
        default: if (next() % 8 == 0 && at > 8) *n = at; break; /* truncate now and then */
        }
    }
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: tflite-mutate MODEL ITERATIONS SECONDS SEED\n");
        return 64;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 66; }
    static uint8_t seed[1 << 21], buf[1 << 21];
    size_t n0 = fread(seed, 1, sizeof seed, f);
    fclose(f);
    long iters = atol(argv[2]);
    double limit = atof(argv[3]);
    rng = (uint32_t)strtoul(argv[4], NULL, 0) | 1u;
    clock_t t0 = clock();
    long done = 0, ran = 0;
    if (!tt_fuzz_one(seed, n0, UINT64_MAX, 1u << 24)) { fprintf(stderr, "%s: the unmutated seed does not run\n", argv[1]); return 1; }
    for (; done < iters && (double)(clock() - t0) / CLOCKS_PER_SEC < limit; done++) {
        size_t n = n0;
        memcpy(buf, seed, n0);
        mutate(buf, &n);
        ran += tt_fuzz_one(buf, n, UINT64_MAX, 1u << 24);
    }
    printf("mutants: %ld tried, %ld accepted and ran, %ld rejected\n", done, ran, done - ran);
    return 0;
}
