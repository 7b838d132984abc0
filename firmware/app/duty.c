/* The duty cycle: `--frames N --fps F` on the firmware's command line
 * (ttemu run --frames N --fps F passes them on) runs N frames, frame k
 * starting at t0 + k/F, and idles in between: the camera off, the core in
 * WFI until the board timer's next expiry (PRIMASK set, so the pending
 * interrupt ends WFI without a handler: ARMv7-M B1.5.19). After the last
 * frame the core sleeps until t0 + N/F, so the frames' window is N/F long
 * and ttemu's average power is its energy over N/F.
 *
 * The timer runs periodically; a period longer than its 32-bit counter is
 * split into equal sub-periods. A frame that outlasts its period (or one
 * sub-period) starts at the next slot instead: counted as late and
 * reported at the end, so the window is then longer than N/F. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsp.h"
#include "app.h"

#define SYS_GET_CMDLINE 0x15

/* The value after `--NAME ` (or `--NAME=`) on the command line, or NULL. */
static const char *arg_value(const char *line, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = strstr(line, name); p; p = strstr(p + 1, name))
        if ((p == line || p[-1] == ' ') && (p[n] == ' ' || p[n] == '='))
            return p + n + 1;
    return NULL;
}

/* "30", "0.5", "2.25": thousandths, at most three decimals; 0 when bad. */
static uint32_t parse_milli(const char *s)
{
    uint64_t v = 0;
    int dec = -1;
    for (; *s && *s != ' '; s++) {
        if (*s == '.' && dec < 0) {
            dec = 0;
            continue;
        }
        if (*s < '0' || *s > '9' || dec == 3 || v > 100000000u)
            return 0;
        v = v * 10 + (uint64_t)(*s - '0');
        dec += dec >= 0;
    }
    for (int k = dec < 0 ? 0 : dec; k < 3; k++)
        v *= 10;
    return v > 0xffffffffu ? 0 : (uint32_t)v;
}

int app_duty_args(struct app_duty *d)
{
    static char line[256];
    struct { char *buf; uint32_t len; } blk = { line, sizeof line - 1 };
    memset(d, 0, sizeof *d);
    d->frames = 1;
    if (bsp_semihost(SYS_GET_CMDLINE, &blk) != 0)
        return 0;
    line[blk.len < sizeof line ? blk.len : sizeof line - 1] = 0;
    const char *fr = arg_value(line, "--frames"), *fps = arg_value(line, "--fps");
    if (fr) {
        char *end;
        unsigned long n = strtoul(fr, &end, 10);
        if (n == 0 || n > 1000000 || (*end && *end != ' ')) {
            printf("tinytracker: --frames '%.20s': expected a whole number of frames, 1 to 1000000\n", fr);
            return 2;
        }
        d->frames = (uint32_t)n;
    }
    if (fps) {
        uint32_t mfps = parse_milli(fps);
        /* period in timer ticks: timer_hz x 1000 / mfps */
        uint64_t ticks = mfps ? ((uint64_t)BSP_TIMER_HZ * 1000u + mfps / 2) / mfps : 0;
        if (!mfps || ticks < 1000) {
            printf("tinytracker: --fps '%.20s': expected a frame rate above 0 (three decimals at most) "
                   "and a period of 1000 timer ticks or more\n", fps);
            return 2;
        }
        d->subs = (uint32_t)((ticks + 0xfffffffeu) / 0xffffffffu);
        d->load = (uint32_t)((ticks + d->subs / 2) / d->subs);
    }
    return 0;
}

void app_duty_begin(const struct app_duty *d)
{
    if (d->load)
        bsp_timer_start(d->load, 1);
}

/* Sleeps until the timer's next expiry and consumes it. */
static void one_expiry(void)
{
    bsp_wait_bits(bsp_timer_status(), 1u, BSP_TIMER_IRQ);
    *bsp_timer_status() = 1u;  /* W1C on both timer types */
    bsp_irq_ack(BSP_TIMER_IRQ);
}

void app_duty_wait(struct app_duty *d)
{
    if (!d->load)
        return;
    uint32_t left = d->subs;
    if (*bsp_timer_status() & 1u) { /* a sub-period ended while the frame ran */
        *bsp_timer_status() = 1u;
        bsp_irq_ack(BSP_TIMER_IRQ);
        if (--left == 0) {      /* the whole period: this slot is gone */
            d->late++;
            left = d->subs;
        }
    }
    while (left--)
        one_expiry();
}

void app_duty_end(const struct app_duty *d)
{
    if (!d->load)
        return;
    bsp_timer_stop();
    if (d->late)
        printf("tinytracker: %lu of %lu frames took longer than their period (1/fps): the next one started a period late\n",
               (unsigned long)d->late, (unsigned long)d->frames);
}
