/* The heap: malloc, calloc, realloc and free in mixed orders and sizes,
 * contents surviving realloc, memalign, and exhaustion (the BSP's _sbrk
 * must refuse growth into the stack reserve and malloc must return NULL). */
#include <string.h>
#include <malloc.h>
#include "fwtest.h"

#define SLOTS 257

static unsigned char *slot[SLOTS];
static size_t slot_size[SLOTS];
static unsigned char slot_seed[SLOTS];

static void fill(unsigned char *p, size_t n, unsigned char seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)(seed + i * 7);
}

static int intact(const unsigned char *p, size_t n, unsigned char seed)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != (unsigned char)(seed + i * 7))
            return 0;
    return 1;
}

int main(void)
{
    uint32_t rng = 0x1234567u;
    unsigned allocs = 0, frees = 0, reallocs = 0, bad = 0;
    uint32_t sum = 0;

    for (int round = 0; round < 4000; round++) {
        unsigned k = fw_rand(&rng) % SLOTS;
        unsigned op = fw_rand(&rng) % 8;
        if (slot[k] == NULL) {
            size_t n = (op < 6) ? 1 + fw_rand(&rng) % 300 : 1 + fw_rand(&rng) % 20000;
            slot[k] = (op == 5) ? calloc(n, 1) : malloc(n);
            FW_CHECK(slot[k] != NULL);
            if (op == 5) {
                size_t z = 0;
                while (z < n && slot[k][z] == 0)
                    z++;
                FW_CHECK(z == n);
            }
            slot_size[k] = n;
            slot_seed[k] = (unsigned char)fw_rand(&rng);
            fill(slot[k], n, slot_seed[k]);
            FW_CHECK(((uintptr_t)slot[k] & 7) == 0);
            allocs++;
        } else if (op < 3) {
            size_t n = 1 + fw_rand(&rng) % 4000;
            unsigned char *p = realloc(slot[k], n);
            FW_CHECK(p != NULL);
            size_t keep = n < slot_size[k] ? n : slot_size[k];
            if (!intact(p, keep, slot_seed[k]))
                bad++;
            slot[k] = p;
            slot_size[k] = n;
            fill(p, n, slot_seed[k]);
            reallocs++;
        } else {
            if (!intact(slot[k], slot_size[k], slot_seed[k]))
                bad++;
            for (size_t i = 0; i < slot_size[k]; i += 13)
                sum = sum * 31 + slot[k][i];
            free(slot[k]);
            slot[k] = NULL;
            frees++;
        }
    }
    printf("churn: allocs=%u frees=%u reallocs=%u corrupted=%u sum=%08lx\n",
           allocs, frees, reallocs, bad, (unsigned long)sum);
    FW_CHECK(bad == 0);
    for (int k = 0; k < SLOTS; k++) {
        if (slot[k] && !intact(slot[k], slot_size[k], slot_seed[k]))
            bad++;
        free(slot[k]);
        slot[k] = NULL;
    }
    FW_CHECK(bad == 0);

    void *a = memalign(256, 100);
    void *b = memalign(4096, 10);
    printf("memalign: 256 -> low bits %lu, 4096 -> low bits %lu\n",
           (unsigned long)((uintptr_t)a & 255), (unsigned long)((uintptr_t)b & 4095));
    FW_CHECK(a && b && ((uintptr_t)a & 255) == 0 && ((uintptr_t)b & 4095) == 0);
    free(a);
    free(b);

    /* Larger than all of RAM: must fail cleanly. */
    void *huge = malloc(8u << 20);
    printf("malloc(8 MB) %s\n", huge ? "succeeded (wrong)" : "returned NULL");
    FW_CHECK(huge == NULL);

    /* Grow in 64 KB steps until the heap is exhausted; the total must be
     * most of the 4 MB RAM minus the 64 KB stack reserve. */
    void *chunks[80];
    int got = 0;
    while (got < 80 && (chunks[got] = malloc(64 * 1024)) != NULL) {
        memset(chunks[got], got, 64 * 1024);
        got++;
    }
    printf("64 KB chunks before exhaustion: %s (%d)\n",
           got >= 55 && got < 64 ? "between 55 and 63" : "out of range", got);
    FW_CHECK(got >= 55 && got < 64);
    int ok = 1;
    for (int k = 0; k < got; k++) {
        const unsigned char *p = chunks[k];
        if (p[0] != (unsigned char)k || p[65535] != (unsigned char)k)
            ok = 0;
        free(chunks[k]);
    }
    FW_CHECK(ok);
    void *again = malloc(1u << 20);
    printf("after freeing all: malloc(1 MB) %s\n", again ? "ok" : "failed");
    FW_CHECK(again != NULL);
    free(again);
    fw_finish("malloc_free", 13);
}
