/* The target of the gdb tests (tests/suites/60-gdb.sh): small named
 * functions to break in, a counter to read, a global to watch, a phase
 * marker for `monitor phase`. Also an ordinary end-to-end test: it prints
 * a deterministic line and exits 0 on QEMU and ttemu alike. */
#include <stdint.h>
#include <stdio.h>

#include "fwtest.h"

volatile uint32_t counter;
volatile uint32_t watched = 5;

/* One step of the accumulator: gdb steps into it and over its result. */
__attribute__((noinline)) uint32_t add_step(uint32_t x, uint32_t k)
{
    return x * 3u + k;
}

/* The one write to `watched`: a watchpoint stops here. */
__attribute__((noinline)) void bump(void)
{
    watched = watched + 7u;
}

int main(void)
{
    uint32_t acc = 1;
    for (uint32_t k = 0; k < 10; k++) {
        acc = add_step(acc, k);
        counter++;
    }
    bump();
    printf("gdb_target: acc=%lu counter=%lu watched=%lu\n", (unsigned long)acc,
           (unsigned long)counter, (unsigned long)watched);
    FW_CHECK(acc == 73806u); /* a(0)=1, a(k+1)=3a(k)+k for k=0..9 */
    FW_CHECK(counter == 10u);
    FW_CHECK(watched == 12u);
    fw_finish("gdb_target", 0);
}
