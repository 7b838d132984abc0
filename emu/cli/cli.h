/* Subcommand entry points and ttemu's documented exit codes.
 *
 * A firmware's own exit status (semihosting SYS_EXIT) passes through
 * unchanged, so ttemu's own codes sit in the sysexits range where newlib
 * programs rarely land. docs/cli.md lists them; keep both in step. */
#ifndef TTEMU_CLI_H
#define TTEMU_CLI_H

#include <stddef.h>

enum tt_exit {
    TT_EXIT_OK        = 0,
    TT_EXIT_USAGE     = 64, /* unknown flag, missing argument */
    TT_EXIT_BADINPUT  = 65, /* malformed ELF/.bin/YAML/.tflite */
    TT_EXIT_NOINPUT   = 66, /* file cannot be opened */
    TT_EXIT_INTERNAL  = 70, /* a bug in ttemu: please report */
    TT_EXIT_LOCKUP    = 80, /* the core locked up (fault escalation) */
    TT_EXIT_MAXCYCLES = 81, /* --max-cycles, --max-time or the default time bound reached */
    TT_EXIT_UNDEF     = 82, /* undefined instruction with no handler to take it */
    TT_EXIT_HALTED    = 83, /* stopped by the debugger (gdb kill/detach) */
    TT_EXIT_TIMEOUT   = 84, /* --timeout (wall clock) reached */
    TT_EXIT_TRACECAP  = 85, /* --trace-max reached (traces/trace.h TRACE_STOP_CAPPED) */
    TT_EXIT_IOERR     = 74, /* an output (report, trace) could not be written */
    TT_EXIT_SIGINT    = 130, /* stopped by SIGINT (Ctrl-C): report and trace written */
    TT_EXIT_SIGTERM   = 143, /* stopped by SIGTERM */
};

int cmd_run(int argc, char **argv);
int cmd_boards(int argc, char **argv);
int cmd_model(int argc, char **argv);
int cmd_trace(int argc, char **argv);   /* emu/cli/cmd_trace.c */
int cmd_profile(int argc, char **argv); /* emu/cli/cmd_profile.c */
int cmd_replay(int argc, char **argv);
int cmd_plot(int argc, char **argv);    /* emu/cli/cmd_plot.c */
int cmd_sweep(int argc, char **argv);   /* emu/cli/cmd_sweep.c */

/* The exit status of an error kind: enum fw_status (emu/loader.h) or enum
 * board_status (emu/board/board.h), whose values agree: cannot open 66,
 * malformed 65, out of memory 70. */
int tt_exit_for(int kind);

/* Out of memory, the one policy of every command (docs/design.md): one
 * line naming what was being allocated, then exit 70 at once; no report
 * or trace is finished, as that would need memory too. The tt_x*
 * allocators never return NULL. */
_Noreturn void tt_out_of_memory(const char *what);
void *tt_xcalloc(size_t n, size_t size, const char *what);
void *tt_xrealloc(void *p, size_t n, size_t size, const char *what);

/* Shared by subcommands: prints "ttemu: <msg>" to stderr. */
void tt_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
