/* ARM semihosting called directly (BKPT 0xAB), not through newlib: the
 * console calls SYS_WRITEC and SYS_WRITE0 (QEMU writes them to its
 * stderr), SYS_OPEN of ":tt" in each mode and SYS_WRITE/SYS_ISTTY/
 * SYS_CLOSE on the handles, SYS_WRITE's count of bytes not written,
 * SYS_FLEN and SYS_SEEK on a console (errors), SYS_ERRNO after a failure,
 * a bad handle, and the time calls SYS_CLOCK/SYS_TIME checked only for
 * order (their values are the host's business). Exits through newlib with the test's code. */
#include <string.h>
#include "fwtest.h"
#include "bsp.h"

#define SYS_OPEN 0x01
#define SYS_CLOSE 0x02
#define SYS_WRITEC 0x03
#define SYS_WRITE 0x05
#define SYS_ISTTY 0x09
#define SYS_SEEK 0x0a
#define SYS_FLEN 0x0c
#define SYS_CLOCK 0x10
#define SYS_TIME 0x11
#define SYS_ERRNO 0x13

static long sh(long op, void *arg) { return bsp_semihost(op, arg); }

static long sh_open(const char *name, long mode)
{
    uint32_t blk[3] = { (uint32_t)(uintptr_t)name, (uint32_t)mode, (uint32_t)strlen(name) };
    return sh(SYS_OPEN, blk);
}

static long sh_write(long fd, const char *s, long n)
{
    uint32_t blk[3] = { (uint32_t)fd, (uint32_t)(uintptr_t)s, (uint32_t)n };
    return sh(SYS_WRITE, blk);
}

int main(void)
{
    fflush(stdout);
    char c = '[';
    sh(SYS_WRITEC, &c);
    sh(BSP_SYS_WRITE0, (void *)"console via SYS_WRITE0]\n");

    /* ":tt" modes: 0-3 read (stdin), 4-7 write (stdout), 8-11 append (stderr). */
    long in = sh_open(":tt", 0), out = sh_open(":tt", 4), err = sh_open(":tt", 8);
    printf("open :tt r/w/a: %s %s %s\n", in >= 0 ? "ok" : "fail", out >= 0 ? "ok" : "fail",
           err >= 0 ? "ok" : "fail");
    fflush(stdout);
    FW_CHECK(in >= 0 && out >= 0 && err >= 0);
    long left = sh_write(out, "raw line to stdout\n", 19);
    long left2 = sh_write(err, "raw line to stderr\n", 19);
    printf("SYS_WRITE not written: %ld %ld\n", left, left2);
    FW_CHECK(left == 0 && left2 == 0);

    uint32_t fdblk[1] = { (uint32_t)out };
    long tty = sh(SYS_ISTTY, fdblk);
    long flen = sh(SYS_FLEN, fdblk);
    /* QEMU answers from the host file behind its stdout: the suites
     * redirect it to a file, so not a tty, and FLEN works. */
    printf("ISTTY(stdout)=%ld FLEN(stdout) %s\n", tty, flen < 0 ? "fails" : "succeeds");

    uint32_t bad[3] = { 0x7777, (uint32_t)(uintptr_t)"x", 1 };
    long r = sh(SYS_WRITE, bad);
    long e = sh(SYS_ERRNO, NULL);
    printf("SYS_WRITE to a bad handle: not written %ld, errno set %s\n", r, e != 0 ? "yes" : "no");
    FW_CHECK(r != 0);

    long cl = sh(SYS_CLOSE, fdblk);
    uint32_t errblk[1] = { (uint32_t)err }, inblk[1] = { (uint32_t)in };
    long cl2 = sh(SYS_CLOSE, errblk), cl3 = sh(SYS_CLOSE, inblk);
    printf("close: %ld %ld %ld\n", cl, cl2, cl3);
    FW_CHECK(cl == 0 && cl2 == 0 && cl3 == 0);

    long c1 = sh(SYS_CLOCK, NULL);
    long t1 = sh(SYS_TIME, NULL);
    volatile uint32_t spin = 0;
    for (int k = 0; k < 200000; k++)
        spin += (uint32_t)k;
    long c2 = sh(SYS_CLOCK, NULL);
    long t2 = sh(SYS_TIME, NULL);
    /* ttemu answers in simulated time, QEMU in host time: only order. */
    printf("clock non-decreasing: %d, time non-decreasing: %d\n", c1 >= 0 && c2 >= c1, t2 >= t1);
    FW_CHECK(c1 >= 0 && c2 >= c1);
    fw_finish("semihost", 27);
}
