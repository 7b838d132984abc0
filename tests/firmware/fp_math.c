/* Floating point through libm and printf: single and double arithmetic,
 * sqrt/sin/cos/exp/log/pow/atan2/fmod in both precisions, conversions to
 * and from integers (truncation, large values, negatives), rounding
 * functions, and the special values. Soft float in the base image (all
 * integer instructions); the m4hf and m7hf variants run the same source
 * on FPv4-SP and FPv5-D16, and QEMU is the reference for each. */
#include <math.h>
#include <float.h>
#include <string.h>
#include "fwtest.h"

static volatile float vf[] = { 0.0f, 1.0f, -2.5f, 3.14159265f, 1e-3f, 12345.678f, 1e30f, 0.1f,
                               -0.75f, 65504.0f };
static volatile double vd[] = { 0.0, 1.0, -2.5, 3.141592653589793, 1e-3, 12345.678901234,
                                1e300, 0.1, -0.75, 2.718281828459045 };
#define NF (sizeof vf / sizeof vf[0])
#define ND (sizeof vd / sizeof vd[0])

static uint32_t fbits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static uint64_t dbits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }

int main(void)
{
    for (unsigned i = 0; i < NF; i++) {
        float x = vf[i], y = vf[(i + 3) % NF];
        printf("f %-12g: +%08lx -%08lx *%08lx /%08lx sqrt=%.7g sin=%.7g cos=%.7g exp=%.7g log=%.7g\n",
               (double)x, (unsigned long)fbits(x + y), (unsigned long)fbits(x - y),
               (unsigned long)fbits(x * y), (unsigned long)fbits(y != 0 ? x / y : 0),
               (double)sqrtf(fabsf(x)), (double)sinf(x), (double)cosf(x),
               (double)expf(x > 80 ? 1.0f : x), (double)logf(fabsf(x) + 1.0f));
    }
    for (unsigned i = 0; i < ND; i++) {
        double x = vd[i], y = vd[(i + 3) % ND];
        printf("d %-14.10g: +%016llx *%016llx /%016llx sqrt=%.15g sin=%.15g exp=%.15g log10=%.15g\n",
               x, (unsigned long long)dbits(x + y), (unsigned long long)dbits(x * y),
               (unsigned long long)dbits(y != 0 ? x / y : 0), sqrt(fabs(x)), sin(x),
               exp(x > 700 ? 1.0 : x), log10(fabs(x) + 1.0));
        printf("  pow=%.15g atan2=%.15g fmod=%.15g hypot=%.15g floor=%g ceil=%g round=%g trunc=%g\n",
               pow(fabs(x) + 0.5, 1.5), atan2(x, y), y != 0 ? fmod(x, y) : 0.0, hypot(x, y),
               floor(x), ceil(x), round(x), trunc(x));
    }

    /* Conversions. */
    volatile double conv[] = { 0.5, -0.5, 1.9999, -1.9999, 2147483647.0, -2147483648.0,
                               4294967295.0, 1e12, -1e12, 123.456 };
    for (unsigned i = 0; i < sizeof conv / sizeof conv[0]; i++) {
        double x = conv[i];
        long long ll = (long long)x;
        int in = (x >= -2147483648.0 && x <= 2147483647.0) ? (int)x : 0;
        unsigned un = (x >= 0 && x <= 4294967295.0) ? (unsigned)x : 0;
        float f = (float)x;
        printf("conv %.4f: int=%d uint=%u ll=%lld float=%.9g lround=%ld\n", x, in, un, ll,
               (double)f, (x > -2e9 && x < 2e9) ? lround(x) : 0L);
    }
    volatile long long big = 9007199254740993LL; /* 2^53 + 1: not representable */
    printf("int->fp: %.1f %.1f %.9g\n", (double)big, (double)(unsigned long long)big * 2,
           (double)(float)(int)big);

    double zero = vd[0];
    double inf = 1.0 / zero, nan = zero / zero;
    printf("special: inf=%f -inf=%f isnan=%d isinf=%d signbit(-0)=%d nan==nan=%d inf>max=%d\n",
           inf, -inf, isnan(nan) != 0, isinf(inf) != 0, signbit(-zero) != 0, nan == nan,
           inf > DBL_MAX);
    printf("limits: FLT_EPSILON=%g DBL_EPSILON=%g FLT_MIN=%g denorm=%g\n", (double)FLT_EPSILON,
           DBL_EPSILON, (double)FLT_MIN, DBL_MIN / 1024.0);

    /* Sum a series in both precisions: accumulates rounding. */
    float sf = 0;
    double sd = 0;
    for (int k = 1; k <= 5000; k++) {
        sf += 1.0f / ((float)k * (float)k);
        sd += 1.0 / ((double)k * k);
    }
    printf("basel: float=%.9g double=%.17g pi^2/6=%.17g\n", (double)sf, sd, M_PI * M_PI / 6);
    FW_CHECK(fabs(sd - M_PI * M_PI / 6) < 1e-3);
    FW_CHECK(sqrt(2.0) * sqrt(2.0) - 2.0 < 1e-15);
    fw_finish("fp_math", 18);
}
