/* Internals of the GDB remote serial protocol server (see gdb.h and
 * docs/gdb.md), shared by its files:
 *   gdb.c          the server loop, packet dispatch, sockets
 *   gdb_run.c      run control: running with the hook, replaying history
 *   gdb_watch.c    breakpoints, watchpoints and the per-instruction hook
 *   gdb_reverse.c  history, snapshot processes, reverse execution
 *   gdb_target.c   registers, target description, memory map, monitor
 *
 * Execution under the debugger uses the core's per-instruction hook
 * (cpu.on_insn): breakpoints and "stop at instruction N" are checked there,
 * so the unhooked fast path is untouched. Watchpoints reroute the watched
 * pages through a small MMIO window for the duration of a run: an access
 * that matches aborts the instruction before it completes (registers as
 * before it, like a fault), so gdb sees the PC at the accessing instruction.
 *
 * Positions in time are counts of retired instructions (cpu.insns). The
 * history records every stop and every register/memory write gdb made;
 * reverse execution rebuilds the machine (the reset snapshot) and replays
 * the history deterministically up to the wanted position. Scouting for
 * reverse-continue replays once more with breakpoints and watchpoints only
 * recorded, then replays to the last hit. */
#ifndef TTEMU_EMU_GDB_INTERNAL_H
#define TTEMU_EMU_GDB_INTERNAL_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "emu/gdb/gdb.h"
#include "emu/gdb/gdb_proto.h"
#include "emu/machine.h"

struct insn;

#define MAX_BP 64
#define MAX_WP 4
/* Pause every 2^20 core cycles to look at the socket (Ctrl-C). The limit
 * is a function of the cycle count, so replays pause at the same points. */
#define QUANTUM (1ull << 20)
#define OUT_MAX (GDB_PACKET_MAX * 2 + 64)
/* Snapshot processes: at most SNAP_MAX; a new one once the core has run
 * snap_interval instructions past the newest (the interval doubles each
 * time the oldest half is thinned out). */
#define SNAP_MAX 32
#define SNAP_INTERVAL (1ull << 22)

enum { MODE_RUN, MODE_REPLAY, MODE_SCOUT };
enum { R_NONE, R_TARGET, R_BP, R_WATCH };
enum { H_STOP, H_REG, H_MEM, H_FINISH };

struct hist {
    uint64_t insns;
    int kind;
    uint32_t a, len;   /* H_REG: regno; H_MEM: address, length */
    uint64_t v;        /* H_REG value */
    uint8_t *data;     /* H_MEM bytes */
};

struct wp {
    uint32_t addr, len;
    int type;          /* 2 write, 3 read, 4 access (the Z numbers) */
};

struct watchpage {
    struct gdb *g;
    uint32_t page;     /* page index */
    uint16_t saved_region;
    uint8_t *saved_r, *saved_w; /* the page's host memory, and its store pointer */
    bool rom;
    bool slow;         /* the page took the slow path (wait states, cache) before */
};

/* A snapshot: a forked process holding the whole machine as it was at
 * position pos, waiting for commands on its pipe. */
struct snap {
    uint64_t pos;
    size_t nhist;      /* history entries recorded before it */
    int cmd_r, cmd_w;
    pid_t pid;
};

struct gdb {
    struct machine *m;
    const struct gdb_target *t;
    int lfd, fd;
    struct gdb_rx rx;
    bool noack, exited, killed, detached;
    bool debug;        /* TTEMU_GDB_DEBUG: log packets to stderr */
    uint32_t bp[MAX_BP];
    unsigned nbp;
    struct wp wp[MAX_WP];
    unsigned nwp;
    struct hist *hist;
    size_t nhist, caphist;
    /* the hook's state */
    int mode, reason;
    uint64_t stop_at, resume_insns, scout_limit;
    uint32_t resume_pc;
    const struct insn *cur;
    uint32_t hit_addr;
    int hit_type;
    bool scout_found;
    uint64_t scout_insns;
    uint32_t scout_addr;
    int scout_type;
    struct watchpage wpages[MAX_WP * 2];
    unsigned nwpages;
    FILE *null_out, *null_err;
    /* snapshot processes (gdb_reverse.c) */
    bool use_fork;
    struct snap snaps[SNAP_MAX];
    unsigned nsnap;
    uint64_t snap_interval;
    uint64_t quantum;  /* cycles between looks at the socket */
    int life_r, life_w, rep_r, rep_w;
    jmp_buf top;
    uint64_t resume_target;
    char pending[256];
    char out[OUT_MAX];
    size_t outlen;
};

/* gdb.c: the reply being built in g->out */
void gdb_reply(struct gdb *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void gdb_reply_hex(struct gdb *g, const void *p, size_t n);

/* gdb_target.c */
int gdb_nregs(const struct gdb *g);
/* Size in bytes of register n, 0 if none. */
unsigned gdb_reg_size(const struct gdb *g, int n);
uint64_t gdb_reg_get(struct gdb *g, int n);
void gdb_reg_set(struct gdb *g, int n, uint64_t v);
void gdb_reply_reg(struct gdb *g, int n);
void gdb_monitor(struct gdb *g, const char *cmd, char *buf, size_t cap);
/* qXfer:OBJECT:read:ANNEX:OFF,LEN */
void gdb_xfer(struct gdb *g, const char *obj, const char *rest);

/* gdb_watch.c */
void gdb_watch_install(struct gdb *g);
void gdb_watch_remove(struct gdb *g);
void gdb_hook(void *ctx, struct cpu *c, const struct insn *i);
/* Z/z packets: p points past the Z or z. */
void gdb_breakpoint(struct gdb *g, const char *p, bool insert);

/* gdb_run.c */
void gdb_replay_here(struct gdb *g, uint64_t target, int mode, size_t hstart);
bool gdb_replay_to(struct gdb *g, uint64_t target, int mode);
void gdb_resume(struct gdb *g, bool step);

/* gdb_reverse.c */
void gdb_hist_add(struct gdb *g, int kind, uint32_t a, uint32_t len, uint64_t v, const void *data);
void gdb_hist_stop(struct gdb *g);
void gdb_hist_clear(struct gdb *g);
void gdb_setup_snapshots(struct gdb *g);
void gdb_maybe_snapshot(struct gdb *g);
/* Never returns: this process ends and a replay serves gdb from now on. */
void gdb_handover(struct gdb *g, uint64_t target, const char *reply_text) __attribute__((noreturn));
void gdb_finish_fork(struct gdb *g, int status);
/* reverse-stepi (step) / reverse-continue */
void gdb_reverse(struct gdb *g, bool step);

#endif
