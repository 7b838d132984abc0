/* Small helpers shared by every subcommand. */
#include <stdarg.h>
#include <stdio.h>
#include "emu/cli/cli.h"

void tt_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("ttemu: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}
