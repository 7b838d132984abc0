/* Reverse execution: the history of the session, the snapshot processes
 * and the scouts that find reverse-continue's last hit. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "emu/cli/cli.h"
#include "emu/gdb/gdb_internal.h"
#include "emu/xalloc.h"

/* ---------------- history ---------------- */

void gdb_hist_add(struct gdb *g, int kind, uint32_t a, uint32_t len, uint64_t v, const void *data)
{
    if (g->nhist == g->caphist) {
        size_t cap = g->caphist ? g->caphist * 2 : 256;
        g->hist = xrealloc(g->hist, cap * sizeof *g->hist);
        g->caphist = cap;
    }
    struct hist *h = &g->hist[g->nhist++];
    *h = (struct hist){ g->m->cpu.insns, kind, a, len, v, NULL };
    if (data) {
        h->data = xmalloc(len);
        memcpy(h->data, data, len);
    }
}

void gdb_hist_stop(struct gdb *g)
{
    uint64_t n = g->m->cpu.insns;
    if (g->nhist && g->hist[g->nhist - 1].insns == n && g->hist[g->nhist - 1].kind == H_STOP)
        return;
    gdb_hist_add(g, H_STOP, 0, 0, 0, NULL);
}

/* Drops everything after position n (gdb went back in time). */
static void hist_truncate(struct gdb *g, uint64_t n)
{
    while (g->nhist && g->hist[g->nhist - 1].insns > n) {
        free(g->hist[g->nhist - 1].data);
        g->nhist--;
    }
}

void gdb_hist_clear(struct gdb *g)
{
    hist_truncate(g, 0);
    for (size_t k = 0; k < g->nhist; k++)
        free(g->hist[k].data);
    g->nhist = 0;
}

/* ---------------- snapshots ----------------
 *
 * With snapshots on (the default), the process that started the server
 * becomes the reset snapshot at once and a child carries on as the
 * "active" process that serves gdb. Every snap_interval instructions the
 * active process forks again: the parent freezes as a snapshot, the child
 * carries on. Going back to position T: the newest snapshot at or before T
 * forks a child that replays from there to T and takes over the gdb
 * connection (it inherited the socket); the old active process and the
 * snapshots after T exit. Reverse-continue first sends scouts (forked from
 * snapshots, newest first) that replay a stretch with breakpoints and
 * watchpoints recorded, and answer on the shared reply pipe. All processes
 * watch a lifeline pipe whose only writer is the first process: when it
 * ends (or is killed), everything else ends too. The first process exits
 * with the status the last active process sends it. */

enum { MSG_DIE = 1, MSG_EXIT, MSG_SCOUT, MSG_RESUME };

struct msg_head {
    uint32_t type;
    int32_t status;
    uint64_t target;
    char reply[256];
};

struct scout_result {
    uint8_t found;
    int32_t type;
    uint32_t addr;
    uint64_t insns;
};

static bool write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n) {
        ssize_t w = write(fd, c, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        c += w;
        n -= (size_t)w;
    }
    return true;
}

static bool read_all(int fd, void *p, size_t n)
{
    char *c = p;
    while (n) {
        ssize_t r = read(fd, c, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return false;
        c += r;
        n -= (size_t)r;
    }
    return true;
}

/* A growable byte buffer for messages. */
struct wbuf {
    uint8_t *p;
    size_t len, cap;
};

static void wb_put(struct wbuf *b, const void *p, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = (b->len + n) * 2 + 256;
        b->p = xrealloc(b->p, cap);
        b->cap = cap;
    }
    memcpy(b->p + b->len, p, n);
    b->len += n;
}

/* A message: its length, the head, then (scout, resume) the session:
 * breakpoints, watchpoints, the live snapshots and the history. */
static bool send_msg(struct gdb *g, int fd, const struct msg_head *h, bool session)
{
    struct wbuf b = { 0 };
    uint64_t zero = 0;
    wb_put(&b, &zero, sizeof zero);
    wb_put(&b, h, sizeof *h);
    if (session) {
        wb_put(&b, &g->noack, sizeof g->noack);
        wb_put(&b, &g->nbp, sizeof g->nbp);
        wb_put(&b, g->bp, sizeof g->bp);
        wb_put(&b, &g->nwp, sizeof g->nwp);
        wb_put(&b, g->wp, sizeof g->wp);
        wb_put(&b, &g->nsnap, sizeof g->nsnap);
        wb_put(&b, g->snaps, g->nsnap * sizeof g->snaps[0]);
        wb_put(&b, &g->nhist, sizeof g->nhist);
        for (size_t k = 0; k < g->nhist; k++) {
            wb_put(&b, &g->hist[k], sizeof g->hist[k]);
            if (g->hist[k].data)
                wb_put(&b, g->hist[k].data, g->hist[k].len);
        }
    }
    uint64_t len = b.len - sizeof zero;
    memcpy(b.p, &len, sizeof len);
    bool ok = write_all(fd, b.p, b.len);
    free(b.p);
    return ok;
}

static bool rd(const uint8_t **p, const uint8_t *end, void *out, size_t n)
{
    if ((size_t)(end - *p) < n)
        return false;
    memcpy(out, *p, n);
    *p += n;
    return true;
}

/* Takes over the session a message carries (in a freshly forked child). */
static bool load_session(struct gdb *g, const uint8_t *p, const uint8_t *end)
{
    gdb_hist_clear(g);
    if (!rd(&p, end, &g->noack, sizeof g->noack) || !rd(&p, end, &g->nbp, sizeof g->nbp) ||
        !rd(&p, end, g->bp, sizeof g->bp) || !rd(&p, end, &g->nwp, sizeof g->nwp) ||
        !rd(&p, end, g->wp, sizeof g->wp) || !rd(&p, end, &g->nsnap, sizeof g->nsnap) ||
        g->nsnap > SNAP_MAX || !rd(&p, end, g->snaps, g->nsnap * sizeof g->snaps[0]) ||
        g->nbp > MAX_BP || g->nwp > MAX_WP)
        return false;
    size_t n;
    if (!rd(&p, end, &n, sizeof n))
        return false;
    for (size_t k = 0; k < n; k++) {
        struct hist h;
        if (!rd(&p, end, &h, sizeof h))
            return false;
        gdb_hist_add(g, h.kind, h.a, h.len, h.v, NULL);
        g->hist[g->nhist - 1].insns = h.insns;
        if (h.data) {
            uint8_t *d = xmalloc(h.len);
            if (!rd(&p, end, d, h.len)) {
                free(d);
                return false;
            }
            g->hist[g->nhist - 1].data = d;
        }
    }
    return true;
}

static void send_simple(struct gdb *g, unsigned k, uint32_t type, int status)
{
    struct msg_head h = { .type = type, .status = status };
    send_msg(g, g->snaps[k].cmd_w, &h, false);
}

/* The lifeline broke: the first process is gone, so is the session. */
static void check_lifeline(struct gdb *g, int timeout_ms)
{
    if (!g->use_fork || g->life_r < 0 || g->life_w >= 0)
        return;
    struct pollfd p = { g->life_r, POLLIN, 0 };
    if (poll(&p, 1, timeout_ms) > 0)
        _exit(0);
}

static void snapshot_loop(struct gdb *g, unsigned idx) __attribute__((noreturn));

/* Forks: the parent stays here as snapshot number nsnap, the child goes on. */
static void snapshot_take(struct gdb *g)
{
    if (g->nsnap == SNAP_MAX) { /* thin out: keep the first, the newest and every other one */
        unsigned o = 1;
        for (unsigned k = 1; k < g->nsnap; k++) {
            if (k % 2 == 1 && k != g->nsnap - 1) {
                send_simple(g, k, MSG_DIE, 0);
                continue;
            }
            g->snaps[o++] = g->snaps[k];
        }
        g->nsnap = o;
        g->snap_interval *= 2;
    }
    int p[2];
    if (pipe(p))
        return;
    fflush(stdout);
    fflush(stderr);
    unsigned idx = g->nsnap;
    g->snaps[idx] = (struct snap){ g->m->cpu.insns, g->nhist, p[0], p[1], getpid() };
    g->nsnap++;
    pid_t c = fork();
    if (c < 0) {
        g->nsnap--;
        close(p[0]);
        close(p[1]);
        return;
    }
    if (c == 0) { /* the child carries on as the active process */
        if (g->life_w >= 0) {
            close(g->life_w);
            g->life_w = -1;
        }
        return;
    }
    snapshot_loop(g, idx);
}

void gdb_maybe_snapshot(struct gdb *g)
{
    if (!g->use_fork || g->mode != MODE_RUN || !g->nsnap)
        return;
    check_lifeline(g, 0);
    if (g->m->cpu.insns - g->snaps[g->nsnap - 1].pos >= g->snap_interval)
        snapshot_take(g);
}

/* A child of a snapshot died of a signal: a crash; the session ends. */
static void reap(struct gdb *g, unsigned idx)
{
    int st;
    pid_t p;
    while ((p = waitpid(-1, &st, WNOHANG)) > 0) {
        if (!WIFSIGNALED(st))
            continue;
        tt_error("gdb: a process of the session died of signal %d", WTERMSIG(st));
        if (idx == 0)
            _exit(TT_EXIT_INTERNAL);
        send_simple(g, 0, MSG_EXIT, TT_EXIT_INTERNAL);
    }
}

static void snapshot_loop(struct gdb *g, unsigned idx)
{
    struct snap *me = &g->snaps[idx];
    for (;;) {
        struct pollfd p[2] = { { me->cmd_r, POLLIN, 0 }, { g->life_r, POLLIN, 0 } };
        int n = poll(p, idx == 0 ? 1 : 2, 200);
        reap(g, idx);
        if (n <= 0)
            continue;
        if (idx && p[1].revents)
            _exit(0);
        if (!(p[0].revents & POLLIN))
            continue;
        uint64_t len;
        struct msg_head h;
        if (!read_all(me->cmd_r, &len, sizeof len) || len < sizeof h || len > (1ull << 34))
            _exit(idx ? 0 : TT_EXIT_INTERNAL);
        uint8_t *buf = malloc(len);
        if (!buf || !read_all(me->cmd_r, buf, len))
            _exit(idx ? 0 : TT_EXIT_INTERNAL);
        memcpy(&h, buf, sizeof h);
        if (h.type == MSG_DIE && idx)
            _exit(0);
        if (h.type == MSG_EXIT) {
            fflush(stdout);
            _exit(h.status);
        }
        if (h.type != MSG_SCOUT && h.type != MSG_RESUME) {
            free(buf);
            continue;
        }
        pid_t c = fork();
        if (c != 0) {
            free(buf);
            continue;
        }
        /* the child: a scout or the new active process */
        if (g->life_w >= 0) {
            close(g->life_w);
            g->life_w = -1;
        }
        size_t hstart = me->nhist;
        if (!load_session(g, buf + sizeof h, buf + len))
            _exit(TT_EXIT_INTERNAL);
        free(buf);
        if (hstart > g->nhist)
            hstart = g->nhist;
        if (h.type == MSG_SCOUT) {
            g->scout_found = false;
            g->scout_limit = h.target;
            gdb_replay_here(g, h.target, MODE_SCOUT, hstart);
            struct scout_result r = { g->scout_found, g->scout_type, g->scout_addr, g->scout_insns };
            write_all(g->rep_w, &r, sizeof r);
            _exit(0);
        }
        if (hstart > g->nhist)
            hstart = g->nhist;
        g->resume_target = h.target;
        snprintf(g->pending, sizeof g->pending, "%s", h.reply);
        g->exited = false;
        gdb_replay_here(g, g->resume_target, MODE_REPLAY, hstart);
        longjmp(g->top, 1); /* into the serving loop, as the active process */
    }
}

/* Scouts the stretch from snapshot k up to limit; false if it failed. */
static bool scout(struct gdb *g, unsigned k, uint64_t limit, struct scout_result *r)
{
    struct msg_head h = { .type = MSG_SCOUT, .target = limit };
    if (!send_msg(g, g->snaps[k].cmd_w, &h, true))
        return false;
    for (;;) {
        struct pollfd p[2] = { { g->rep_r, POLLIN, 0 }, { g->life_r, POLLIN, 0 } };
        if (poll(p, 2, -1) < 0 && errno != EINTR)
            return false;
        if (p[1].revents)
            _exit(0);
        if (p[0].revents & POLLIN)
            return read_all(g->rep_r, r, sizeof *r);
    }
}

/* Hands the session over to a replay from the newest snapshot at or
 * before target; this process ends. reply is the stop reply to send. */
void gdb_handover(struct gdb *g, uint64_t target, const char *reply_text)
{
    unsigned j = 0;
    for (unsigned k = 0; k < g->nsnap; k++)
        if (g->snaps[k].pos <= target)
            j = k;
    for (unsigned k = g->nsnap; k-- > j + 1;)
        send_simple(g, k, MSG_DIE, 0);
    g->nsnap = j + 1;
    hist_truncate(g, target);
    struct msg_head h = { .type = MSG_RESUME, .target = target };
    snprintf(h.reply, sizeof h.reply, "%s", reply_text);
    fflush(stdout);
    fflush(stderr);
    send_msg(g, g->snaps[j].cmd_w, &h, true);
    _exit(0);
}

/* The session is over: the first process exits with status. */
void gdb_finish_fork(struct gdb *g, int status)
{
    fflush(stdout);
    fflush(stderr);
    send_simple(g, 0, MSG_EXIT, status);
}

/* reverse-stepi / reverse-continue. */
void gdb_reverse(struct gdb *g, bool step)
{
    uint64_t now = g->m->cpu.insns;
    if (g->exited) {
        gdb_reply(g, "E01");
        return;
    }
    if (now == 0) {
        gdb_reply(g, "T05thread:1;replaylog:begin;");
        return;
    }
    uint64_t target = now - 1;
    g->scout_found = false;
    if (g->use_fork) {
        struct scout_result r = { 0 };
        uint64_t limit = now;
        for (unsigned k = g->nsnap; !step && k-- > 0;) {
            if (g->snaps[k].pos >= limit)
                continue;
            if (!scout(g, k, limit, &r)) {
                gdb_reply(g, "E01");
                return;
            }
            if (r.found)
                break;
            limit = g->snaps[k].pos;
        }
        char rep[128];
        if (step)
            snprintf(rep, sizeof rep, "T05thread:1;");
        else if (!r.found)
            snprintf(rep, sizeof rep, "T05thread:1;replaylog:begin;");
        else if (r.type == 0)
            snprintf(rep, sizeof rep, "T05thread:1;swbreak:;");
        else
            snprintf(rep, sizeof rep, "T05thread:1;%s:%x;", r.type == 2 ? "watch" : r.type == 3 ? "rwatch" : "awatch",
                     r.addr);
        gdb_handover(g, step ? target : r.found ? r.insns : 0, rep);
    }
    if (!step) {
        g->scout_limit = now;
        if (!gdb_replay_to(g, now, MODE_SCOUT)) {
            gdb_reply(g, "E01");
            return;
        }
        target = g->scout_found ? g->scout_insns : 0;
    }
    if (!gdb_replay_to(g, target, MODE_REPLAY)) {
        gdb_reply(g, "E01");
        return;
    }
    hist_truncate(g, target);
    gdb_hist_stop(g);
    if (step)
        gdb_reply(g, "T05thread:1;");
    else if (!g->scout_found)
        gdb_reply(g, "T05thread:1;replaylog:begin;");
    else if (g->scout_type == 0)
        gdb_reply(g, "T05thread:1;swbreak:;");
    else
        gdb_reply(g, "T05thread:1;%s:%x;",
                  g->scout_type == 2 ? "watch" : g->scout_type == 3 ? "rwatch" : "awatch", g->scout_addr);
}

/* Snapshot processes are on unless TTEMU_GDB_SNAPSHOTS=0 (then reverse
 * execution rebuilds the machine and replays from reset). For tests, the
 * interval between snapshots (instructions) may be set with
 * TTEMU_GDB_SNAPSHOT_INTERVAL and the run quantum (cycles between looks at
 * the socket, and chances to snapshot) with TTEMU_GDB_QUANTUM. */
void gdb_setup_snapshots(struct gdb *g)
{
    const char *e = getenv("TTEMU_GDB_SNAPSHOTS");
    const char *iv = getenv("TTEMU_GDB_SNAPSHOT_INTERVAL");
    const char *q = getenv("TTEMU_GDB_QUANTUM");
    g->snap_interval = SNAP_INTERVAL;
    if (iv && strtoull(iv, NULL, 0) > 0)
        g->snap_interval = strtoull(iv, NULL, 0);
    g->quantum = QUANTUM;
    if (q && strtoull(q, NULL, 0) > 0)
        g->quantum = strtoull(q, NULL, 0);
    g->life_r = g->life_w = g->rep_r = g->rep_w = -1;
    if ((e && !strcmp(e, "0")) || g->t->nowait)
        return;
    int life[2], rep[2];
    if (pipe(life))
        return;
    if (pipe(rep)) {
        close(life[0]);
        close(life[1]);
        return;
    }
    g->life_r = life[0];
    g->life_w = life[1];
    g->rep_r = rep[0];
    g->rep_w = rep[1];
    g->use_fork = true;
    signal(SIGPIPE, SIG_IGN);
    snapshot_take(g); /* this process stays behind as the reset snapshot */
    if (g->nsnap == 0)
        g->use_fork = false; /* fork failed: replay from reset */
}
