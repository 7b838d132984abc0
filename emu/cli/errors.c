/* Error kinds to exit statuses, and the commands' one out-of-memory policy
 * (docs/design.md, "Errors"). */
#include <stdio.h>
#include <stdlib.h>

#include "emu/board/board.h"
#include "emu/cli/cli.h"
#include "emu/loader.h"

_Static_assert((int)FW_ENOENT == (int)BOARD_ENOENT && (int)FW_EFORMAT == (int)BOARD_EPARSE &&
               (int)FW_ENOMEM == (int)BOARD_ENOMEM, "the loader's and the board reader's kinds agree");

int tt_exit_for(int kind)
{
    switch (kind) {
    case 0: return TT_EXIT_OK;
    case FW_ENOENT: return TT_EXIT_NOINPUT;
    case FW_ENOMEM: return TT_EXIT_INTERNAL;
    case BOARD_EOPTION: return TT_EXIT_USAGE;
    default: return TT_EXIT_BADINPUT;
    }
}

void tt_out_of_memory(const char *what)
{
    fflush(stdout);
    fprintf(stderr, "ttemu: out of memory (%s)\n", what);
    exit(TT_EXIT_INTERNAL);
}

void *tt_xrealloc(void *p, size_t n, size_t size, const char *what)
{
    if (size && n > (size_t)-1 / size)
        tt_out_of_memory(what);
    size_t bytes = n * size;
    void *q = realloc(p, bytes ? bytes : 1);
    if (!q)
        tt_out_of_memory(what);
    return q;
}

void *tt_xcalloc(size_t n, size_t size, const char *what)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        tt_out_of_memory(what);
    return p;
}
