/* newlib's printf family: every conversion, flag, width, precision and
 * length modifier, snprintf truncation and return values, and %n.
 * Doubles are soft-float here (libgcc helpers), hardware in the hf
 * variants; the text must be identical either way. */
#include <string.h>
#include <limits.h>
#include <stdint.h>
#include <stddef.h>
#include <stdarg.h>
#include "fwtest.h"

/* Truncation below is on purpose: it is what is being tested. */
#pragma GCC diagnostic ignored "-Wformat-truncation"

static volatile int vi[] = { 0, 1, -1, 42, -42, 255, 65535, INT_MAX, INT_MIN, 123456789 };
static volatile double vd[] = { 0.0, -0.0, 1.0, -1.5, 3.14159265358979, 2.5, 0.1, 1e-5,
                                123456.789, 1e10, 6.02214076e23, -9.10938356e-31, 0.5, 1.0 / 3.0 };

static int vfmt(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vsnprintf(buf, n, fmt, ap);
    va_end(ap);
    return r;
}

int main(void)
{
    const size_t ni = sizeof vi / sizeof vi[0], nd = sizeof vd / sizeof vd[0];

    for (size_t k = 0; k < ni; k++) {
        int v = vi[k];
        printf("[%d] [%i] [%5d] [%-5d|] [%+d] [% d] [%05d] [%.3d] [%8.4d] [%u] [%x] [%X] [%#x] [%o] [%#o]\n",
               v, v, v, v, v, v, v, v, v, (unsigned)v, (unsigned)v, (unsigned)v, (unsigned)v,
               (unsigned)v, (unsigned)v);
        printf("  hh=[%hhd] [%hhu] h=[%hd] [%hx] l=[%ld] [%lx] ll=[%lld] [%llx] [%#llo]\n",
               (signed char)v, (unsigned char)v, (short)v, (unsigned short)v, (long)v,
               (unsigned long)v, (long long)v * 3, (unsigned long long)(long long)v * 5,
               (unsigned long long)v);
    }
    printf("64-bit: [%lld] [%llu] [%llx] [%020lld] [%-22lld|]\n", LLONG_MIN, ULLONG_MAX,
           0x0123456789abcdefULL, -1234567890123LL, LLONG_MAX);
    printf("size: [%zu] [%zd] ptrdiff [%td] intmax [%jd] [%ju]\n", sizeof(double), (ssize_t)-5,
           (ptrdiff_t)-7, (intmax_t)INT64_MIN, (uintmax_t)UINT64_MAX);

    for (size_t k = 0; k < nd; k++) {
        double d = vd[k];
        printf("[%f] [%.0f] [%.2f] [%10.3f] [%-10.1f|] [%+f] [%e] [%.3E] [%g] [%G] [%.10g] [%#g] [%a]\n",
               d, d, d, d, d, d, d, d, d, d, d, d, d);
    }
    printf("round half: %.0f %.0f %.0f %.0f %.1f %.1f %.2f\n", 0.5, 1.5, 2.5, -2.5, 0.25, 0.35, 1.005);
    double zero = vd[0];
    printf("special: [%f] [%f] [%F] [%e] [%g] [%5.1f]\n", 1.0 / zero, -1.0 / zero, 1.0 / zero,
           zero / zero * 0.0 + (-1.0 / zero), -zero, 0.0 / 1.0);
    printf("float arg: [%f] [%g]\n", (double)1.1f, (double)3.3333333f);

    printf("chars: [%c] [%3c] [%-3c|] [%%] [%s] [%10s] [%-10s|] [%.3s] [%*s] [%-*d|] [%.*f]\n",
           'A', 'b', 'c', "str", "right", "left", "truncate", 6, "star", 4, 9, 2, 2.71828);
    printf("pointer: [%p] [%p]\n", (void *)0x20001000, (void *)0);

    char buf[16];
    int r = snprintf(buf, sizeof buf, "%s-%d-%s", "abcdefgh", 123456, "xyz");
    printf("snprintf ret=%d buf=[%s] len=%u\n", r, buf, (unsigned)strlen(buf));
    FW_CHECK(r == 19 && strlen(buf) == 15);
    r = snprintf(NULL, 0, "%08.3f", -3.75);
    printf("snprintf(NULL) ret=%d\n", r);
    FW_CHECK(r == 8);
    r = vfmt(buf, 5, "%x", 0xabcdef);
    printf("vsnprintf ret=%d buf=[%s]\n", r, buf);
    FW_CHECK(r == 6 && !strcmp(buf, "abcd"));
    int n1 = 0, n2 = 0;
    printf("count%n this%n\n", &n1, &n2);
    printf("n1=%d n2=%d\n", n1, n2);
    FW_CHECK(n1 == 5 && n2 == 10);

    char big[200];
    r = sprintf(big, "%50s|%-50d|%050.20f", "x", -1, 1.0 / 7.0);
    printf("sprintf len=%d tail=[%s]\n", r, big + 100);
    FW_CHECK(r == (int)strlen(big));

    fputs("fputs line\n", stdout);
    putchar('p'); putchar('\n');
    puts("puts line");
    fprintf(stdout, "fprintf %s\n", "stdout");
    fw_finish("printf_formats", 12);
}
