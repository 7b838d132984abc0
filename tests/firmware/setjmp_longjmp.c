/* setjmp/longjmp: jumps out of deep recursion, nested handlers, the
 * value 0 turning into 1, volatile locals surviving, callee-saved
 * registers restored, and repeated re-entry of the same jmp_buf. */
#include <setjmp.h>
#include <string.h>
#include "fwtest.h"

static jmp_buf outer, inner;
static int depth_reached;

static int recurse(int n, int limit)
{
    volatile char pad[32];
    memset((char *)pad, n, sizeof pad);
    depth_reached = n;
    if (n > 10000)
        return 0;
    if (n == limit)
        longjmp(outer, n * 10 + pad[3]);
    return recurse(n + 1, limit) + pad[5];
}

static void thrower(int code)
{
    longjmp(inner, code);
}

static int try_nested(int code)
{
    volatile int stage = 0;
    int r = setjmp(inner);
    if (r == 0) {
        stage = 1;
        thrower(code);
        stage = 99; /* not reached */
    }
    return r * 100 + stage;
}

/* Burns through every callee-saved register before jumping back. */
__attribute__((noinline)) static void clobber_and_jump(jmp_buf jb, unsigned x)
{
    unsigned r[12];
    for (int i = 0; i < 12; i++)
        r[i] = x * (unsigned)(i + 3) ^ (x >> i);
    for (int k = 0; k < 5; k++)
        for (int i = 0; i < 12; i++)
            r[i] += r[(i + 5) % 12] * 3 + r[(i + 7) % 12];
    unsigned s = 0;
    for (int i = 0; i < 12; i++)
        s ^= r[i];
    longjmp(jb, (int)(s | 1));
}

/* Many values live across setjmp and never modified after it: C
 * guarantees them after longjmp, so the callee-saved registers holding
 * them must come back from the jmp_buf. */
__attribute__((noinline)) static unsigned keep_registers(unsigned seed)
{
    unsigned a = seed * 3, b = seed ^ 0x5a5a, c = seed + 77, d = seed << 3,
             e = seed * seed, f = ~seed, g = seed >> 2, h = seed * 11;
    jmp_buf jb;
    if (setjmp(jb) == 0)
        clobber_and_jump(jb, seed * 2654435761u);
    return a ^ (b << 1) ^ (c << 2) ^ (d << 3) ^ (e << 4) ^ (f << 5) ^ (g << 6) ^ (h << 7);
}

static unsigned expected(unsigned seed)
{
    return seed * 3 ^ ((seed ^ 0x5a5a) << 1) ^ ((seed + 77) << 2) ^ ((seed << 3) << 3) ^
           ((seed * seed) << 4) ^ (~seed << 5) ^ ((seed >> 2) << 6) ^ ((seed * 11) << 7);
}

int main(void)
{
    for (volatile int limit = 1; limit <= 200; limit *= 3) {
        int r = setjmp(outer);
        if (r == 0)
            recurse(0, limit);
        else
            printf("recursion to %d: longjmp value %d (depth %d)\n", limit, r, depth_reached);
        FW_CHECK(r == limit * 10 + (limit & 0xff));
    }

    for (int code = 0; code < 4; code++) {
        int r = try_nested(code);
        printf("nested code %d -> %d\n", code, r);
        FW_CHECK(r == (code ? code : 1) * 100 + 1);
    }

    volatile int counter = 0;
    jmp_buf loop;
    int v = setjmp(loop);
    counter++;
    if (counter < 5)
        longjmp(loop, v + 2);
    printf("loop: counter=%d last value=%d\n", counter, v);
    FW_CHECK(counter == 5 && v == 8);

    unsigned k = 0;
    for (unsigned s = 1; s < 2000; s += 37) {
        unsigned got = keep_registers(s);
        FW_CHECK(got == expected(s));
        k = k * 33 + got;
    }
    printf("registers across longjmp: %08x\n", k);
    fw_finish("setjmp_longjmp", 15);
}
