/* DWT.CYCCNT, read by the firmware, against ttemu's own cycle count for
 * the same span (SYS_ELAPSED counts core cycles in ttemu). ttemu-only:
 * QEMU has no cycle counter and answers SYS_ELAPSED in host time. Both
 * ends of the span are sampled by the same function, so the two spans are
 * the same number of cycles. Exits 0 when they agree. */
#include <stdint.h>
#include <stdio.h>

#include "bsp.h"

#define DEMCR      (*(volatile uint32_t *)0xe000edfcu)
#define DWT_CTRL   (*(volatile uint32_t *)0xe0001000u)
#define DWT_CYCCNT (*(volatile uint32_t *)0xe0001004u)
#define DWT_LAR    (*(volatile uint32_t *)0xe0001fb0u) /* Cortex-M7 software lock */
#define SYS_ELAPSED 0x30

static uint64_t elapsed(void)
{
    uint32_t ticks[2];
    bsp_semihost(SYS_ELAPSED, ticks);
    return ticks[0] | (uint64_t)ticks[1] << 32;
}

/* Both samples run this same code, so the two spans line up exactly. */
__attribute__((noinline)) static void sample(uint32_t *cyccnt, uint64_t *ttemu)
{
    *cyccnt = DWT_CYCCNT;
    *ttemu = elapsed();
}

static uint32_t work(unsigned n)
{
    uint32_t crc = 0xffffffffu;
    for (unsigned k = 0; k < n; k++) {
        crc ^= k;
        for (int b = 0; b < 8; b++)
            crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
    }
    return ~crc;
}

int main(void)
{
    uint32_t c1, c2;
    uint64_t e1, e2;
    DEMCR |= 1u << 24;   /* TRCENA */
    DWT_LAR = 0xc5acce55u;
    DWT_CYCCNT = 0;
    DWT_CTRL |= 1;       /* CYCCNTENA */
    sample(&c1, &e1);
    uint32_t crc = work(5000);
    sample(&c2, &e2);
    unsigned long dc = (unsigned long)(c2 - c1), de = (unsigned long)(e2 - e1);
    printf("crc %08lx: CYCCNT span %lu cycles, ttemu span %lu cycles: %s\n",
           (unsigned long)crc, dc, de, dc == de && dc > 0 ? "equal" : "DIFFER");
    return dc == de && dc > 0 ? 0 : 1;
}
