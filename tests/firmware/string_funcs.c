/* newlib's string and conversion functions: lengths, copies, compares,
 * searches, tokenizing, memmove with overlap in both directions, memset
 * and memcmp at odd alignments, strtol/strtoul/strtoll in several bases
 * with end pointers and overflow, atoi, ctype, and strdup. */
#include <string.h>
#include <strings.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include "fwtest.h"

/* strncat/strncpy truncation below is on purpose. */
#pragma GCC diagnostic ignored "-Wstringop-truncation"

static char big[512];

static uint32_t hash_bytes(const void *p, size_t n)
{
    const unsigned char *b = p;
    uint32_t h = 2166136261u;
    while (n--)
        h = (h ^ *b++) * 16777619u;
    return h;
}

int main(void)
{
    const char *s = "The quick brown fox jumps over the lazy dog";
    printf("strlen=%u strchr(o)=%s strrchr(o)=%s strstr(fox)=%s\n", (unsigned)strlen(s),
           strchr(s, 'o'), strrchr(s, 'o'), strstr(s, "fox"));
    printf("strspn(Teh )=%u strcspn(xyz)=%u strpbrk(qz)=%s\n", (unsigned)strspn(s, "Teh "),
           (unsigned)strcspn(s, "xyz"), strpbrk(s, "qz"));
    printf("strstr(cat)=%s strchr(NUL) at %d\n", strstr(s, "cat") ? "found" : "(null)",
           (int)(strchr(s, 0) - s));
    FW_CHECK(strlen(s) == 43 && strchr(s, 0) == s + 43);

    char buf[64];
    strcpy(buf, "alpha");
    strcat(buf, "-beta");
    strncat(buf, "-gamma-delta", 6);
    printf("strcpy/strcat: %s (%u)\n", buf, (unsigned)strlen(buf));
    FW_CHECK(!strcmp(buf, "alpha-beta-gamma"));
    memset(buf, 'Z', sizeof buf);
    strncpy(buf, "short", 10);
    printf("strncpy pads: %d %d %d %c\n", buf[5], buf[9], buf[10] == 'Z', buf[10]);
    FW_CHECK(buf[9] == 0 && buf[10] == 'Z');

    const char *cmp[][2] = { {"abc", "abd"}, {"abc", "abc"}, {"b", "abc"}, {"", "a"},
                             {"abc", "ab"}, {"\xff", "\x01"}, {"ABC", "abc"} };
    for (unsigned i = 0; i < sizeof cmp / sizeof cmp[0]; i++) {
        int c1 = strcmp(cmp[i][0], cmp[i][1]), c2 = strncmp(cmp[i][0], cmp[i][1], 2);
        int c3 = strcasecmp(cmp[i][0], cmp[i][1]);
        printf("cmp %u: strcmp %s strncmp2 %s strcasecmp %s\n", i,
               c1 < 0 ? "<" : c1 > 0 ? ">" : "=", c2 < 0 ? "<" : c2 > 0 ? ">" : "=",
               c3 < 0 ? "<" : c3 > 0 ? ">" : "=");
    }

    char text[] = "  one,two;;three , four,,five  ";
    int ntok = 0;
    for (char *t = strtok(text, " ,;"); t; t = strtok(NULL, " ,;"))
        printf("token %d: [%s]\n", ++ntok, t);
    FW_CHECK(ntok == 5);

    /* memmove with overlap both ways, at every small misalignment. */
    for (int i = 0; i < 512; i++)
        big[i] = (char)(i * 13 + 1);
    uint32_t h = 0;
    for (int off = 0; off < 8; off++) {
        memmove(big + 100 + off, big + 97, 150);
        h ^= hash_bytes(big, sizeof big);
        memmove(big + 3, big + 10 + off, 200);
        h ^= hash_bytes(big, sizeof big) * 3;
        memcpy(big + 300 + off, big + off, 37 + off);
        memset(big + 450 + off, 0xa5 ^ off, 21 + off);
        h += hash_bytes(big, sizeof big);
    }
    printf("memmove/memcpy/memset hash: %08lx\n", (unsigned long)h);

    char m1[40], m2[40];
    for (int i = 0; i < 40; i++)
        m1[i] = m2[i] = (char)i;
    m2[33] = 100;
    FW_CHECK(memcmp(m1, m2, 33) == 0 && memcmp(m1, m2, 34) < 0 && memcmp(m2 + 1, m1 + 1, 34) > 0);
    printf("memchr(33)=%d memchr(100 in m1)=%s\n", (int)((char *)memchr(m1, 33, 40) - m1),
           memchr(m1, 100, 40) ? "found" : "none");

    const char *nums[] = { "12345", "-987", "0x1F", "0777", "  +42xyz", "zz", "2147483648",
                           "-2147483649", "ffffffff", "1010", "9223372036854775807",
                           "18446744073709551615", "-0" };
    int bases[] = { 0, 10, 16, 2, 36 };
    for (unsigned i = 0; i < sizeof nums / sizeof nums[0]; i++)
        for (unsigned b = 0; b < sizeof bases / sizeof bases[0]; b++) {
            char *end;
            errno = 0;
            long v = strtol(nums[i], &end, bases[b]);
            int e1 = errno;
            errno = 0;
            unsigned long uv = strtoul(nums[i], NULL, bases[b]);
            int e2 = errno;
            errno = 0;
            long long llv = strtoll(nums[i], NULL, bases[b]);
            int e3 = errno;
            printf("strto '%s' base %d: l=%ld(end+%d,%s) ul=%lu(%s) ll=%lld(%s)\n", nums[i],
                   bases[b], v, (int)(end - nums[i]), e1 == ERANGE ? "ERANGE" : "ok", uv,
                   e2 == ERANGE ? "ERANGE" : "ok", llv, e3 == ERANGE ? "ERANGE" : "ok");
        }
    printf("atoi: %d %d %d atol: %ld\n", atoi("123"), atoi("-45abc"), atoi("x"), atol(" 99999"));

    char up[32];
    const char *mixed = "Hello, World 123!";
    int i;
    for (i = 0; mixed[i]; i++)
        up[i] = (char)(isalpha((unsigned char)mixed[i]) ? toupper((unsigned char)mixed[i]) : mixed[i]);
    up[i] = 0;
    int alnum = 0, space = 0, punct = 0, digit = 0;
    for (i = 0; mixed[i]; i++) {
        alnum += isalnum((unsigned char)mixed[i]) != 0;
        space += isspace((unsigned char)mixed[i]) != 0;
        punct += ispunct((unsigned char)mixed[i]) != 0;
        digit += isdigit((unsigned char)mixed[i]) != 0;
    }
    printf("ctype: %s alnum=%d space=%d punct=%d digit=%d\n", up, alnum, space, punct, digit);

    char *d = strdup(s);
    FW_CHECK(d && d != s && !strcmp(d, s));
    d[4] = 'Q';
    printf("strdup: %s | strndup: ", d);
    char *nd = strndup(s, 9);
    printf("%s\n", nd);
    free(d);
    free(nd);

    printf("ffs: %d %d %d\n", ffs(0), ffs(0x80), ffs(0x80000000));
    fw_finish("string_funcs", 16);
}
