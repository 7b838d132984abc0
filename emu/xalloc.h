/* The one out-of-memory policy of ttemu (emu/, devices/, traces/ and the
 * commands): allocations go through these, which never return NULL. When
 * the host has no memory left they print "ttemu: out of memory (N bytes)"
 * on stderr and exit with status 70 at once, the status of the commands'
 * own allocators (emu/cli/cli.h tt_x*, the same policy): no report or
 * trace is finished, as that would need memory too, and every caller is
 * spared an error path that cannot be tested.
 *
 * Sizes that come from an input (a file's length, a header field, a
 * guest register) are bounded by the reader or device first, with a
 * located error of its own (tt_checked.h for the arithmetic); only then
 * is the memory asked for here. A zero size is allocated as one byte, so
 * the result is always a distinct pointer. */
#ifndef TTEMU_EMU_XALLOC_H
#define TTEMU_EMU_XALLOC_H

#include <stddef.h>

#define TTEMU_EXIT_NOMEM 70 /* TT_EXIT_INTERNAL, docs/cli.md */

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

#endif
