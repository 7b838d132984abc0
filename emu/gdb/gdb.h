/* The GDB remote serial protocol server (docs/gdb.md): `ttemu run --gdb`.
 *
 * One connection; the machine halts at the reset vector until gdb says
 * otherwise. Reverse execution re-executes deterministically: the server
 * keeps the history of everything that can change a run (where it stopped,
 * what gdb wrote into registers and memory) and rebuilds the machine through
 * the caller's callback, then replays up to the instruction gdb asks for. */
#ifndef TTEMU_EMU_GDB_H
#define TTEMU_EMU_GDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct machine;

/* How to build a fresh machine like the one being debugged (the same
 * board, firmware and options): returns 0, or -1 with a message. The
 * machine passed in has been freed (machine_free) or never initialised. */
struct gdb_target {
    int (*rebuild)(void *ctx, struct machine *m, char *err, size_t errlen);
    void *ctx;
    /* --gdb-nowait: run at once and let gdb attach (and stop the run
     * where it is) at any time; reverse execution then replays from reset
     * (no snapshot processes: they would not hold the later connection). */
    bool nowait;
};

/* Parses "[HOST:]PORT" (HOST defaults to 127.0.0.1; PORT 0 picks a free
 * port). Returns false with a message for anything else. */
bool gdb_parse_addr(const char *s, char *host, size_t hostlen, int *port, char *err, size_t errlen);

/* Listens on host:port, serves one gdb connection over machine m until gdb
 * kills or detaches (a detach runs the firmware on to its end); with
 * t->nowait the firmware runs while no gdb is connected, and its end
 * before one connects ends the server. Returns ttemu's exit status (enum
 * tt_exit, or the firmware's own). */
int gdb_serve(struct machine *m, const char *addr, const struct gdb_target *t);

#endif
