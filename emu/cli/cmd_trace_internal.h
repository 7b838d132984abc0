/* Internals shared by the trace-reading commands; not part of any public
 * API (the commands are declared in emu/cli/cli.h).
 *
 * emu/cli/cmd_trace.c         `ttemu trace` dispatch, `ttemu replay`, and
 *                            the helpers below
 * emu/cli/cmd_trace_show.c    `ttemu trace show`
 * emu/cli/cmd_trace_export.c  `ttemu trace export` (VCD, Perfetto, CSV)
 * emu/cli/cmd_profile.c       `ttemu profile` */
#ifndef TTEMU_CMD_TRACE_INTERNAL_H
#define TTEMU_CMD_TRACE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "emu/cli/cli.h"
#include "emu/loader.h"
#include "traces/trace.h"

/* Opens a trace; on failure reports the error and returns the exit code
 * (TT_EXIT_NOINPUT when the file cannot be opened, else TT_EXIT_BADINPUT). */
int tc_open_trace(const char *path, struct trace_reader **r, struct trace_header *h);
/* Symbols from FW.elf (or the trace's own firmware when it is there and
 * has the same hash). Returns false (quietly unless must) if there are none. */
bool tc_load_symbols(const char *path, const struct trace_header *h, struct firmware *fw,
                     bool must);
/* A power component's or state's name from the header, "?" when out of range. */
const char *tc_state_name(const struct trace_header *h, unsigned comp, unsigned state);
const char *tc_comp_name(const struct trace_header *h, unsigned comp);

/* The subcommands of `ttemu trace`; argv[0] is the subcommand's name. */
int tc_show(int argc, char **argv);
int tc_export(int argc, char **argv);

#endif
