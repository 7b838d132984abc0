/* ttemu's CPU benchmark: a fixed-size mix of the kernels the well-known
 * embedded benchmarks exercise, written for this project.
 *
 *   list     a pool of linked records: find by key, reverse, merge sort by
 *            value, unsort (by index) again; pointer chasing, branches
 *   matrix   16-bit matrices: add a constant, matrix x vector, matrix x
 *            matrix into 32-bit, then bit-field extraction; MUL/MLA, loads
 *   state    a scanner that classifies a buffer of text as integers,
 *            decimals, exponents and junk; a byte-driven state machine
 *   crc      CRC-16 folding every kernel's result into the chain, so no
 *            kernel's work can be skipped and the final value checks all
 *
 * Each iteration seeds the kernels from the previous CRC. The image prints
 * the iteration count and the final CRC, and exits 0; the same image on
 * QEMU and ttemu prints the same line (tests compare it). Size: BENCH_ITERS
 * iterations (about 1.5 s under qemu-system-arm on this machine). */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#ifndef BENCH_ITERS
#define BENCH_ITERS 6500
#endif

#define LIST_NODES 96
#define MAT_N 24
#define TEXT_LEN 480

/* ---- CRC-16 (CCITT polynomial, bitwise: branches and shifts) ---- */
static uint16_t crc16_byte(uint8_t b, uint16_t crc)
{
    crc ^= (uint16_t)b << 8;
    for (int k = 0; k < 8; k++)
        crc = (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x1021) : (uint16_t)(crc << 1);
    return crc;
}
static uint16_t crc16_u16(uint16_t v, uint16_t crc)
{
    return crc16_byte((uint8_t)(v >> 8), crc16_byte((uint8_t)v, crc));
}
static uint16_t crc16_u32(uint32_t v, uint16_t crc)
{
    return crc16_u16((uint16_t)(v >> 16), crc16_u16((uint16_t)v, crc));
}

/* ---- list ---- */
struct node {
    struct node *next;
    int16_t value;
    uint16_t index;
};
static struct node pool[LIST_NODES];

static struct node *list_build(uint16_t seed)
{
    struct node *head = NULL;
    for (int i = LIST_NODES - 1; i >= 0; i--) {
        pool[i].index = (uint16_t)i;
        seed = (uint16_t)(seed * 25173u + 13849u);
        pool[i].value = (int16_t)(seed >> 1);
        pool[i].next = head;
        head = &pool[i];
    }
    return head;
}

static struct node *list_reverse(struct node *p)
{
    struct node *r = NULL;
    while (p) {
        struct node *n = p->next;
        p->next = r;
        r = p;
        p = n;
    }
    return r;
}

static int cmp_value(const struct node *a, const struct node *b)
{
    return a->value != b->value ? a->value - b->value : a->index - b->index;
}
static int cmp_index(const struct node *a, const struct node *b)
{
    return a->index - b->index;
}

/* Bottom-up merge sort of a singly linked list (no recursion, no alloc). */
static struct node *list_sort(struct node *list, int (*cmp)(const struct node *, const struct node *))
{
    for (int width = 1;; width *= 2) {
        struct node *p = list, *tail = NULL;
        list = NULL;
        int merges = 0;
        while (p) {
            merges++;
            struct node *q = p;
            int psize = 0, qsize = width;
            while (psize < width && q) {
                psize++;
                q = q->next;
            }
            while (psize > 0 || (qsize > 0 && q)) {
                struct node *e;
                if (psize == 0) {
                    e = q; q = q->next; qsize--;
                } else if (qsize == 0 || !q || cmp(p, q) <= 0) {
                    e = p; p = p->next; psize--;
                } else {
                    e = q; q = q->next; qsize--;
                }
                if (tail)
                    tail->next = e;
                else
                    list = e;
                tail = e;
            }
            p = q;
        }
        tail->next = NULL;
        if (merges <= 1)
            return list;
    }
}

static uint16_t bench_list(uint16_t seed, uint16_t crc)
{
    struct node *head = list_build(seed);
    /* find a few keys (by index, as values are random) */
    for (int k = 0; k < 8; k++) {
        uint16_t want = (uint16_t)((seed + k * 37) % (LIST_NODES + 8));
        int steps = 0;
        struct node *p = head;
        while (p && p->index != want) {
            p = p->next;
            steps++;
        }
        crc = crc16_u16((uint16_t)(p ? p->value : -1), crc);
        crc = crc16_u16((uint16_t)steps, crc);
    }
    head = list_reverse(head);
    head = list_sort(head, cmp_value);
    int32_t acc = 0;
    int n = 0;
    for (struct node *p = head; p; p = p->next, n++)
        acc += p->value * (n & 7 ? 1 : -3);
    crc = crc16_u32((uint32_t)acc, crc);
    head = list_sort(head, cmp_index);
    crc = crc16_u16(head->value, crc);
    crc = crc16_u16((uint16_t)head->next->next->index, crc);
    return crc;
}

/* ---- matrix ---- */
static int16_t mat_a[MAT_N][MAT_N], mat_b[MAT_N][MAT_N];
static int32_t mat_c[MAT_N][MAT_N];
static int16_t vec[MAT_N];
static int32_t vres[MAT_N];

static uint16_t bench_matrix(uint16_t seed, uint16_t crc)
{
    uint32_t s = seed | 0x10000u;
    for (int i = 0; i < MAT_N; i++) {
        for (int j = 0; j < MAT_N; j++) {
            s = s * 1103515245u + 12345u;
            mat_a[i][j] = (int16_t)((s >> 16) & 0x3ff) - 512;
            mat_b[i][j] = (int16_t)((s >> 8) & 0xff) - 128;
        }
        vec[i] = (int16_t)((s >> 4) & 0x7ff);
    }
    int16_t k = (int16_t)(seed & 0xf);
    for (int i = 0; i < MAT_N; i++)
        for (int j = 0; j < MAT_N; j++)
            mat_a[i][j] = (int16_t)(mat_a[i][j] + k);
    for (int i = 0; i < MAT_N; i++) {
        int32_t sum = 0;
        for (int j = 0; j < MAT_N; j++)
            sum += mat_a[i][j] * vec[j];
        vres[i] = sum;
    }
    for (int i = 0; i < MAT_N; i++)
        for (int j = 0; j < MAT_N; j++) {
            int32_t sum = 0;
            for (int x = 0; x < MAT_N; x++)
                sum += mat_a[i][x] * mat_b[x][j];
            mat_c[i][j] = sum;
        }
    uint32_t fold = 0;
    for (int i = 0; i < MAT_N; i++) {
        fold += (uint32_t)vres[i];
        for (int j = 0; j < MAT_N; j++) {
            uint32_t bits = ((uint32_t)mat_c[i][j] >> ((i + j) & 7)) & 0x3f;
            fold = fold * 3 + bits;
        }
    }
    crc = crc16_u32(fold, crc);
    return crc;
}

/* ---- state machine ---- */
enum st { S_START, S_INT, S_SIGN, S_DOT, S_FRAC, S_EXP, S_EXPSIGN, S_EXPNUM, S_JUNK, S_COUNT };
static char text[TEXT_LEN + 1];

static void text_build(uint16_t seed)
{
    static const char *const pieces[] = { "5012", "1234", "-874", "+122", "35.54", "0.079",
                                          "-110.7", "+0.64", "5.500e+3", "-.123e-2", "-87e+832",
                                          "+0.6e-12", "T0.3e-1F", "-T.T++Tq", "1T3.4e4z",
                                          "34.0e-T^" };
    uint32_t s = seed;
    int n = 0;
    while (n < TEXT_LEN - 12) {
        s = s * 69069u + 1u;
        const char *p = pieces[(s >> 12) & 15];
        while (*p)
            text[n++] = *p++;
        text[n++] = ',';
    }
    text[n] = 0;
}

static enum st step(enum st s, char c)
{
    int digit = c >= '0' && c <= '9';
    switch (s) {
    case S_START:
        if (digit) return S_INT;
        if (c == '+' || c == '-') return S_SIGN;
        if (c == '.') return S_DOT;
        return S_JUNK;
    case S_SIGN:
        if (digit) return S_INT;
        if (c == '.') return S_DOT;
        return S_JUNK;
    case S_INT:
        if (digit) return S_INT;
        if (c == '.') return S_DOT;
        if (c == 'e' || c == 'E') return S_EXP;
        return S_JUNK;
    case S_DOT:
        return digit ? S_FRAC : S_JUNK;
    case S_FRAC:
        if (digit) return S_FRAC;
        if (c == 'e' || c == 'E') return S_EXP;
        return S_JUNK;
    case S_EXP:
        if (c == '+' || c == '-') return S_EXPSIGN;
        return digit ? S_EXPNUM : S_JUNK;
    case S_EXPSIGN:
    case S_EXPNUM:
        return digit ? S_EXPNUM : S_JUNK;
    default:
        return S_JUNK;
    }
}

static uint16_t bench_state(uint16_t seed, uint16_t crc)
{
    uint32_t final[S_COUNT] = { 0 }, trans[S_COUNT] = { 0 };
    text_build(seed);
    /* Two passes: as built, then with every 7th byte corrupted. */
    for (int pass = 0; pass < 2; pass++) {
        const char *p = text;
        while (*p) {
            enum st s = S_START;
            while (*p && *p != ',') {
                enum st n = step(s, *p++);
                trans[n] += n != s;
                s = n;
            }
            final[s]++;
            if (*p)
                p++;
        }
        for (int i = 0; i < TEXT_LEN; i += 7)
            text[i] = text[i] ? (char)(text[i] ^ (seed & 0x1f ? 1 : 3)) : 0;
    }
    for (int i = 0; i < S_COUNT; i++) {
        crc = crc16_u32(final[i], crc);
        crc = crc16_u32(trans[i], crc);
    }
    return crc;
}

int main(void)
{
    uint16_t crc = 0xffff, seed = 0x3415;
    for (int it = 0; it < BENCH_ITERS; it++) {
        crc = bench_list(seed, crc);
        crc = bench_matrix((uint16_t)(seed ^ crc), crc);
        crc = bench_state((uint16_t)(seed + crc), crc);
        seed = (uint16_t)(crc ^ (seed << 1) ^ it);
    }
    printf("bench: %d iterations of list+matrix+state+crc, crc=0x%04x\n", BENCH_ITERS, crc);
    return 0;
}
