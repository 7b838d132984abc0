/* Small helpers shared by every subcommand. */
#include <stdarg.h>
#include <stdio.h>
#include "emu/cli/cli.h"

void tt_error(const char *fmt, ...)
{
    /* One line, whatever the message quotes from its input: control
     * characters (a newline in a YAML key, an escape in a trace) are shown
     * as \xNN, so a crafted file can neither split the line nor drive the
     * terminal. */
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fputs("ttemu: ", stderr);
    for (const unsigned char *p = (const unsigned char *)msg; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            fprintf(stderr, "\\x%02x", *p);
        else
            fputc(*p, stderr);
    }
    fputc('\n', stderr);
}
