/* Run control: running the machine with the hook in quanta (looking at
 * the socket between them), replaying the history, stop replies. */
#include <poll.h>
#include <stdio.h>
#include <sys/socket.h>

#include "emu/cli/cli.h"
#include "emu/gdb/gdb_internal.h"
#include "emu/power/power.h"

/* ---------------- running ---------------- */

/* Bytes waiting on the socket during a run: Ctrl-C stops it; anything
 * else is out of order while running and dropped. */
static bool interrupted(struct gdb *g)
{
    struct pollfd p = { g->fd, POLLIN, 0 };
    if (poll(&p, 1, 0) <= 0)
        return false;
    char buf[256];
    ssize_t n = recv(g->fd, buf, sizeof buf, 0);
    if (n <= 0) {
        g->killed = true;
        return true;
    }
    bool intr = false;
    for (ssize_t k = 0; k < n; k++)
        if (gdb_rx_byte(&g->rx, (uint8_t)buf[k]) == GDB_RX_INTERRUPT)
            intr = true;
    return intr;
}

/* Runs the machine with the hook until stop_at, a breakpoint, a
 * watchpoint, an end, or (poll) a Ctrl-C, which gives END_PAUSE. */
static enum machine_end run_hooked(struct gdb *g, uint64_t stop_at, bool poll)
{
    struct machine *m = g->m;
    g->stop_at = stop_at;
    g->reason = R_NONE;
    g->resume_insns = m->cpu.insns;
    g->resume_pc = m->cpu.pc;
    m->cpu.on_insn = gdb_hook;
    m->cpu.on_insn_ctx = g;
    for (;;) {
        uint64_t until = (m->cpu.cycles / g->quantum + 1) * g->quantum;
        gdb_watch_install(g);
        enum machine_end e = machine_run_for(m, until);
        gdb_watch_remove(g);
        g->cur = NULL;
        if (e == END_PAUSE) {
            if (poll && interrupted(g))
                break;
            if (poll)
                gdb_maybe_snapshot(g);
            continue;
        }
        m->cpu.on_insn = NULL;
        return e;
    }
    m->cpu.on_insn = NULL;
    return END_PAUSE;
}

/* Semihosting output stays quiet while a replay re-executes what the
 * user has seen already. */
static void quiet(struct gdb *g, bool on)
{
    struct semihost *sh = &g->m->semihost;
    FILE *from_out = on ? stdout : g->null_out, *to_out = on ? g->null_out : stdout;
    FILE *from_err = on ? stderr : g->null_err, *to_err = on ? g->null_err : stderr;
    if (!g->null_out || !g->null_err)
        return;
    fflush(stdout);
    fflush(stderr);
    sh->out = to_out;
    sh->err = to_err;
    for (int k = 0; k < SEMIHOST_MAX_FILES; k++) {
        if (sh->files[k] == from_out)
            sh->files[k] = to_out;
        else if (sh->files[k] == from_err)
            sh->files[k] = to_err;
    }
}

static void apply(struct gdb *g, const struct hist *h)
{
    if (h->kind == H_REG)
        gdb_reg_set(g, (int)h->a, h->v);
    else if (h->kind == H_MEM)
        bus_debug_write(&g->m->bus, h->a, h->data, h->len);
    else if (h->kind == H_FINISH)
        power_finish(g->m->power, machine_now_ps(g->m));
}

/* Replays the history from entry hstart on, from the machine's present
 * state up to position target (scout: recording breakpoint/watchpoint hits
 * before scout_limit instead of stopping). */
void gdb_replay_here(struct gdb *g, uint64_t target, int mode, size_t hstart)
{
    struct machine *m = g->m;
    quiet(g, true);
    g->mode = mode;
    size_t h = hstart;
    for (;;) {
        bool applied = false;
        while (h < g->nhist && g->hist[h].insns <= m->cpu.insns) {
            apply(g, &g->hist[h++]);
            applied = true;
        }
        if (m->cpu.insns >= target)
            break;
        uint64_t next = h < g->nhist && g->hist[h].insns < target ? g->hist[h].insns : target;
        enum machine_end e = run_hooked(g, next, false);
        if (e == END_DEBUG && g->reason == R_TARGET)
            continue;
        if (!applied && !(h < g->nhist && g->hist[h].insns <= m->cpu.insns))
            break; /* ended, and nothing recorded here changes that */
    }
    quiet(g, false);
    g->mode = MODE_RUN;
}

/* Without snapshot processes: rebuilds the machine (the reset snapshot)
 * and replays everything. False if the machine cannot be rebuilt. */
bool gdb_replay_to(struct gdb *g, uint64_t target, int mode)
{
    char err[512];
    struct machine *m = g->m;
    machine_free(m);
    if (g->t->rebuild(g->t->ctx, m, err, sizeof err)) {
        tt_error("gdb: cannot rebuild the machine for replay: %s", err);
        return false;
    }
    gdb_replay_here(g, target, mode, 0);
    return true;
}

/* The stop reply for how a run ended. */
static void stop_reply(struct gdb *g, enum machine_end e)
{
    struct machine *m = g->m;
    switch (e) {
    case END_EXIT:
        g->exited = true;
        gdb_reply(g, "W%02x", m->exit_code & 0xff);
        return;
    case END_DEBUG:
        if (g->reason == R_BP)
            gdb_reply(g, "T05thread:1;swbreak:;");
        else if (g->reason == R_WATCH)
            gdb_reply(g, "T05thread:1;%s:%x;",
                      g->hit_type == 2 ? "watch" : g->hit_type == 3 ? "rwatch" : "awatch", g->hit_addr);
        else
            gdb_reply(g, "T05thread:1;");
        return;
    case END_PAUSE: gdb_reply(g, "T02thread:1;"); return;           /* Ctrl-C: SIGINT */
    case END_BKPT: gdb_reply(g, "T05thread:1;swbreak:;"); return;   /* BKPT in the code */
    case END_UNDEF: gdb_reply(g, "T04thread:1;"); return;           /* SIGILL */
    case END_MAXCYCLES:
    case END_MAXTIME: gdb_reply(g, "T18thread:1;"); return;         /* SIGXCPU */
    default: gdb_reply(g, "T0bthread:1;"); return;                  /* lockup: SIGSEGV */
    }
}

void gdb_resume(struct gdb *g, bool step)
{
    if (g->exited) {
        gdb_reply(g, "W%02x", g->m->exit_code & 0xff);
        return;
    }
    uint64_t at = g->m->cpu.insns;
    enum machine_end e = run_hooked(g, step ? at + 1 : UINT64_MAX, true);
    gdb_hist_stop(g);
    stop_reply(g, e);
    if (e != END_EXIT)
        gdb_maybe_snapshot(g);
}
