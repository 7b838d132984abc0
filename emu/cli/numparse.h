/* Numbers from the command line, refused rather than saturated: a value
 * out of range, a trailing character, a sign where none belongs or a
 * non-finite time is an error the caller reports (exit 64). */
#ifndef TTEMU_CLI_NUMPARSE_H
#define TTEMU_CLI_NUMPARSE_H

#include <stdbool.h>
#include <stdint.h>

/* A whole number 0..max (decimal, or 0x hex). */
bool tt_parse_u64(const char *s, uint64_t max, uint64_t *out);
/* A time with an optional unit s, ms, us, ns or ps (bare_unit_ps: the
 * picoseconds of a bare number), 0..max_ps, rounded to picoseconds. */
bool tt_parse_time_ps(const char *s, uint64_t bare_unit_ps, uint64_t max_ps, uint64_t *ps);

#endif
