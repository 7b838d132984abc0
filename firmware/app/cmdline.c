/* The firmware's own arguments: ttemu run IMAGE ARGS... (and QEMU's
 * -semihosting-config arg=...) hand them over through SYS_GET_CMDLINE. The
 * first word is the image name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsp.h"
#include "app.h"

#define SYS_GET_CMDLINE 0x15

/* Parses "X,Y,W,H" as four decimal numbers. */
static int parse_box(const char *s, struct app_box *b)
{
    uint32_t v[4];
    for (int k = 0; k < 4; k++) {
        char *end;
        if (*s < '0' || *s > '9')
            return -1;
        unsigned long n = strtoul(s, &end, 10);
        if (n > 100000 || (k < 3 && *end != ',') || (k == 3 && *end && *end != ' '))
            return -1;
        v[k] = (uint32_t)n;
        s = end + 1;
    }
    *b = (struct app_box){ v[0], v[1], v[2], v[3] };
    return 0;
}

int app_face_box(const struct app_frame *f, struct app_box *box)
{
    uint32_t side = f->w < f->h ? f->w : f->h;
    *box = (struct app_box){ (f->w - side) / 2, (f->h - side) / 2, side, side };

    static char line[256];
    struct { char *buf; uint32_t len; } blk = { line, sizeof line - 1 };
    if (bsp_semihost(SYS_GET_CMDLINE, &blk) != 0)
        return 0; /* no command line: the defaults */
    line[blk.len < sizeof line ? blk.len : sizeof line - 1] = 0;

    for (char *p = strstr(line, "--face"); p; p = strstr(p + 1, "--face")) {
        char *v = p + 6;
        if (*v == '=' || *v == ' ')
            v++;
        if (parse_box(v, box) || !box->w || !box->h || box->x + box->w > f->w || box->y + box->h > f->h) {
            printf("tinytracker: --face '%.40s': expected X,Y,W,H inside the %lux%lu frame\n", v,
                   (unsigned long)f->w, (unsigned long)f->h);
            return 2;
        }
    }
    return 0;
}
