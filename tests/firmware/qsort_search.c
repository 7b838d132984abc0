/* qsort and bsearch from newlib on integers, 64-bit keys, strings and
 * structs (stability is not promised by qsort, so ties are broken by a
 * unique field), checked for order and permutation. */
#include <string.h>
#include "fwtest.h"

#define N 3000

static int ints[N];
static long long keys[N];
struct rec { unsigned short group; unsigned id; char name[12]; };
static struct rec recs[500];
static char words[400][10];
static const char *wp[400];

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}
static int cmp_ll_desc(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x < y) - (x > y);
}
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}
static int cmp_rec(const void *a, const void *b)
{
    const struct rec *x = a, *y = b;
    if (x->group != y->group)
        return x->group < y->group ? -1 : 1;
    return strcmp(x->name, y->name) ? strcmp(x->name, y->name) : (x->id > y->id) - (x->id < y->id);
}

int main(void)
{
    uint32_t rng = 2463534242u;
    long long isum = 0;
    for (int i = 0; i < N; i++) {
        ints[i] = (int)(fw_rand(&rng) % 100000) - 50000;
        isum += ints[i];
        keys[i] = ((long long)(int32_t)fw_rand(&rng) << 20) ^ fw_rand(&rng);
    }
    qsort(ints, N, sizeof ints[0], cmp_int);
    long long isum2 = 0;
    int sorted = 1;
    for (int i = 0; i < N; i++) {
        isum2 += ints[i];
        if (i && ints[i - 1] > ints[i])
            sorted = 0;
    }
    FW_CHECK(sorted && isum == isum2);
    printf("ints: min=%d q1=%d median=%d q3=%d max=%d sum=%lld\n",
           ints[0], ints[N / 4], ints[N / 2], ints[3 * N / 4], ints[N - 1], isum2);

    int found = 0, missing = 0;
    for (int probe = -50000; probe < 50000; probe += 997) {
        int *p = bsearch(&probe, ints, N, sizeof ints[0], cmp_int);
        if (p) {
            FW_CHECK(*p == probe);
            found++;
        } else
            missing++;
    }
    printf("bsearch: found=%d missing=%d\n", found, missing);

    qsort(keys, N, sizeof keys[0], cmp_ll_desc);
    sorted = 1;
    for (int i = 1; i < N; i++)
        if (keys[i - 1] < keys[i])
            sorted = 0;
    FW_CHECK(sorted);
    printf("keys desc: first=%lld last=%lld mid=%llx\n", keys[0], keys[N - 1],
           (unsigned long long)keys[N / 2]);

    for (int i = 0; i < 400; i++) {
        int len = 3 + fw_rand(&rng) % 6;
        for (int c = 0; c < len; c++)
            words[i][c] = (char)('a' + fw_rand(&rng) % 26);
        words[i][len] = 0;
        wp[i] = words[i];
    }
    qsort(wp, 400, sizeof wp[0], cmp_str);
    sorted = 1;
    for (int i = 1; i < 400; i++)
        if (strcmp(wp[i - 1], wp[i]) > 0)
            sorted = 0;
    FW_CHECK(sorted);
    printf("words:");
    for (int i = 0; i < 400; i += 40)
        printf(" %s", wp[i]);
    printf(" ... %s\n", wp[399]);

    for (unsigned i = 0; i < 500; i++) {
        recs[i].group = (unsigned short)(fw_rand(&rng) % 7);
        recs[i].id = i;
        snprintf(recs[i].name, sizeof recs[i].name, "n%03u", (unsigned)(fw_rand(&rng) % 60));
    }
    qsort(recs, 500, sizeof recs[0], cmp_rec);
    sorted = 1;
    unsigned idsum = 0;
    for (int i = 0; i < 500; i++) {
        idsum += recs[i].id;
        if (i && cmp_rec(&recs[i - 1], &recs[i]) >= 0)
            sorted = 0;
    }
    FW_CHECK(sorted && idsum == 499 * 500 / 2);
    printf("recs:");
    for (int i = 0; i < 500; i += 50)
        printf(" %u/%s/%u", recs[i].group, recs[i].name, recs[i].id);
    printf("\n");
    fw_finish("qsort_search", 14);
}
