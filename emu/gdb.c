/* The GDB remote serial protocol server (see gdb.h and docs/gdb.md).
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
#include "emu/gdb.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "emu/cli.h"
#include "emu/gdb_proto.h"
#include "emu/machine.h"
#include "emu/power.h"
#include "isa/codecache.h"
#include "isa/insn.h"

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
    /* snapshot processes (see "snapshots" below) */
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

/* ---------------- sending ---------------- */

static bool send_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

static void send_packet(struct gdb *g, const char *body, size_t len)
{
    static char frame[OUT_MAX * 2 + 8];
    size_t n = gdb_frame(body, len, frame, sizeof frame);
    if (g->debug)
        fprintf(stderr, "ttemu: gdb[%d] -> %.*s\n", (int)getpid(), (int)(len < 200 ? len : 200), body);
    if (n == 0)
        n = gdb_frame("E01", 3, frame, sizeof frame);
    if (!send_all(g->fd, frame, n))
        g->killed = true;
}

/* The reply being built in g->out. */
static void reply(struct gdb *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void reply(struct gdb *g, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(g->out + g->outlen, sizeof g->out - g->outlen, fmt, ap);
    va_end(ap);
    if (n > 0)
        g->outlen = g->outlen + (size_t)n < sizeof g->out ? g->outlen + (size_t)n : sizeof g->out - 1;
}

static void reply_hex(struct gdb *g, const void *p, size_t n)
{
    if (g->outlen + 2 * n + 1 > sizeof g->out)
        n = (sizeof g->out - g->outlen - 1) / 2;
    gdb_hex_encode(p, n, g->out + g->outlen);
    g->outlen += 2 * n;
}

/* ---------------- registers ---------------- */

/* Remote register numbers, in target description order. */
enum { RN_XPSR = 16, RN_D0 = 17, RN_FPSCR = 33, RN_SYS_FPU = 34, RN_SYS_NOFPU = 17 };
static const char *const sys_names[] = { "msp", "psp", "primask", "basepri", "faultmask", "control" };

static bool has_fpu(const struct gdb *g) { return g->m->cpu.model->has_fpu; }
static int sys_base(const struct gdb *g) { return has_fpu(g) ? RN_SYS_FPU : RN_SYS_NOFPU; }
static int nregs(const struct gdb *g) { return sys_base(g) + 6; }

/* Size in bytes of register n, 0 if none. */
static unsigned reg_size(const struct gdb *g, int n)
{
    if (n < 0 || n >= nregs(g))
        return 0;
    if (has_fpu(g) && n >= RN_D0 && n < RN_FPSCR)
        return 8;
    return 4;
}

static uint64_t reg_get(struct gdb *g, int n)
{
    struct cpu *c = &g->m->cpu;
    if (n < 15)
        return c->r[n];
    if (n == 15)
        return c->pc;
    if (n == RN_XPSR)
        return cpu_get_xpsr(c);
    if (has_fpu(g) && n >= RN_D0 && n < RN_FPSCR)
        return c->fp.d[n - RN_D0];
    if (has_fpu(g) && n == RN_FPSCR)
        return c->fpscr;
    switch (n - sys_base(g)) {
    case 0: return cpu_get_sp_main(c);
    case 1: return cpu_get_sp_process(c);
    case 2: return c->primask;
    case 3: return c->basepri;
    case 4: return c->faultmask;
    default: return c->control;
    }
}

static void reg_set(struct gdb *g, int n, uint64_t v)
{
    struct cpu *c = &g->m->cpu;
    uint32_t w = (uint32_t)v;
    if (n < 13 || n == 14)
        c->r[n] = w;
    else if (n == 13) {
        if (cpu_uses_psp(c))
            cpu_set_sp_process(c, w);
        else
            cpu_set_sp_main(c, w);
    } else if (n == 15) {
        c->pc = w & ~1u;
        c->r[15] = c->pc + 4;
    } else if (n == RN_XPSR) {
        uint32_t old = c->ipsr; /* r[13] is banked by the old mode */
        cpu_set_xpsr(c, w);
        uint32_t ipsr = c->ipsr;
        c->ipsr = old;
        cpu_set_ipsr(c, ipsr);
    } else if (has_fpu(g) && n >= RN_D0 && n < RN_FPSCR)
        c->fp.d[n - RN_D0] = v;
    else if (has_fpu(g) && n == RN_FPSCR)
        c->fpscr = w;
    else
        switch (n - sys_base(g)) {
        case 0: cpu_set_sp_main(c, w); break;
        case 1: cpu_set_sp_process(c, w); break;
        case 2: c->primask = w & 1; break;
        case 3: c->basepri = w & 0xff; break;
        case 4: c->faultmask = w & 1; break;
        default: cpu_set_control(c, w & 7); break;
        }
}

static void reply_reg(struct gdb *g, int n)
{
    uint64_t v = reg_get(g, n);
    uint8_t b[8];
    unsigned sz = reg_size(g, n);
    for (unsigned k = 0; k < sz; k++)
        b[k] = (uint8_t)(v >> (8 * k));
    reply_hex(g, b, sz);
}

/* ---------------- history ---------------- */

static void hist_add(struct gdb *g, int kind, uint32_t a, uint32_t len, uint64_t v, const void *data)
{
    if (g->nhist == g->caphist) {
        size_t cap = g->caphist ? g->caphist * 2 : 256;
        struct hist *h = realloc(g->hist, cap * sizeof *h);
        if (!h) {
            fputs("ttemu: out of memory for the gdb history\n", stderr);
            abort();
        }
        g->hist = h;
        g->caphist = cap;
    }
    struct hist *h = &g->hist[g->nhist++];
    *h = (struct hist){ g->m->cpu.insns, kind, a, len, v, NULL };
    if (data) {
        h->data = malloc(len ? len : 1);
        if (!h->data) {
            fputs("ttemu: out of memory for the gdb history\n", stderr);
            abort();
        }
        memcpy(h->data, data, len);
    }
}

static void hist_stop(struct gdb *g)
{
    uint64_t n = g->m->cpu.insns;
    if (g->nhist && g->hist[g->nhist - 1].insns == n && g->hist[g->nhist - 1].kind == H_STOP)
        return;
    hist_add(g, H_STOP, 0, 0, 0, NULL);
}

/* Drops everything after position n (gdb went back in time). */
static void hist_truncate(struct gdb *g, uint64_t n)
{
    while (g->nhist && g->hist[g->nhist - 1].insns > n) {
        free(g->hist[g->nhist - 1].data);
        g->nhist--;
    }
}

static void hist_clear(struct gdb *g)
{
    hist_truncate(g, 0);
    for (size_t k = 0; k < g->nhist; k++)
        free(g->hist[k].data);
    g->nhist = 0;
}

/* ---------------- watchpoints: the watched pages' window ---------------- */

static int wp_match(struct gdb *g, uint32_t addr, unsigned size, bool write)
{
    for (unsigned k = 0; k < g->nwp; k++) {
        struct wp *w = &g->wp[k];
        if ((uint64_t)addr >= (uint64_t)w->addr + w->len || (uint64_t)addr + size <= w->addr)
            continue;
        if (w->type == 4 || (write ? w->type == 2 : w->type == 3))
            return (int)k;
    }
    return -1;
}

/* A CPU access matched watchpoint k. */
static void watch_hit(struct gdb *g, int k)
{
    struct cpu *c = &g->m->cpu;
    const struct insn *i = g->cur;
    if (!c->abort || !i)
        return; /* not an instruction's access (a device, the debugger) */
    if (g->mode == MODE_SCOUT) {
        if (c->insns - 1 < g->scout_limit) {
            g->scout_found = true;
            g->scout_insns = c->insns - 1;
            g->scout_addr = g->wp[k].addr;
            g->scout_type = g->wp[k].type;
        }
        return;
    }
    if (g->mode != MODE_RUN)
        return;
    /* Undo the instruction's start and unwind, as a fault does: the
     * registers are as before it, the PC at it. */
    c->cycles -= i->cyc;
    c->insns--;
    if (i->flags & IF_IT)
        c->itstate = c->it_prev;
    c->pc = i->addr;
    g->reason = R_WATCH;
    g->hit_addr = g->wp[k].addr;
    g->hit_type = g->wp[k].type;
    cpu_stop_with(c, CPU_STOP_WATCH);
    longjmp(*c->abort, 1);
}

/* Instruction fetches (decode on demand) read through the window too;
 * they are not data accesses. */
static bool is_fetch(struct gdb *g, uint32_t addr)
{
    return g->cur && addr - g->cur->addr < 4;
}

static bool watch_read(void *dev, uint32_t off, unsigned size, uint32_t *v)
{
    struct watchpage *w = dev;
    uint32_t addr = (w->page << BUS_PAGE_BITS) + off;
    int k = wp_match(w->g, addr, size, false);
    if (k >= 0 && !is_fetch(w->g, addr))
        watch_hit(w->g, k);
    uint32_t x = 0;
    for (unsigned b = 0; b < size; b++)
        x |= (uint32_t)w->saved_r[off + b] << (8 * b);
    *v = x;
    return true;
}

static bool watch_write(void *dev, uint32_t off, unsigned size, uint32_t v)
{
    struct watchpage *w = dev;
    struct gdb *g = w->g;
    uint32_t addr = (w->page << BUS_PAGE_BITS) + off;
    if (w->rom)
        return false;
    int k = wp_match(g, addr, size, true);
    if (k >= 0)
        watch_hit(g, k);
    struct bus *b = &g->m->bus;
    if (b->code_page[w->page] && b->on_code_write)
        b->on_code_write(b->code_ctx, addr, size);
    for (unsigned n = 0; n < size; n++)
        w->saved_r[off + n] = (uint8_t)(v >> (8 * n));
    return true;
}

static const struct mmio_ops watch_ops = { watch_read, watch_write };

static void watch_install(struct gdb *g)
{
    struct bus *b = &g->m->bus;
    struct cpu *c = &g->m->cpu;
    g->nwpages = 0;
    if (g->mode == MODE_REPLAY)
        return;
    for (unsigned k = 0; k < g->nwp; k++) {
        uint32_t first = g->wp[k].addr >> BUS_PAGE_BITS;
        uint32_t last = (uint32_t)(((uint64_t)g->wp[k].addr + g->wp[k].len - 1) >> BUS_PAGE_BITS);
        for (uint32_t p = first; p <= last && p < BUS_NPAGES; p++) {
            bool seen = false;
            for (unsigned j = 0; j < g->nwpages; j++)
                seen |= g->wpages[j].page == p;
            uint16_t idx = b->page_region[p];
            if (seen || idx == BUS_NO_REGION || b->regions[idx].kind == REGION_MMIO ||
                !b->regions[idx].host || b->nregions + g->nwpages >= BUS_MAX_REGIONS ||
                g->nwpages == sizeof g->wpages / sizeof g->wpages[0])
                continue;
            /* Code in the page stays executable: decode entries exist
             * before the page looks like a device window. */
            cc_lookup(c, p << BUS_PAGE_BITS);
            struct watchpage *w = &g->wpages[g->nwpages];
            /* The host memory comes from the region: pages with wait states
             * or a cache in front have no fast-path pointer. */
            uint8_t *host = b->regions[idx].host + ((p << BUS_PAGE_BITS) - b->regions[idx].base);
            *w = (struct watchpage){ g, p, idx, host, b->wmap[p], b->regions[idx].kind == REGION_ROM,
                                     b->rmap[p] == NULL };
            struct bus_region *r = &b->regions[b->nregions + g->nwpages];
            memset(r, 0, sizeof *r);
            snprintf(r->name, sizeof r->name, "gdb-watch");
            r->base = p << BUS_PAGE_BITS;
            r->size = BUS_PAGE_SIZE;
            r->kind = REGION_MMIO;
            r->ops = &watch_ops;
            r->dev = w;
            b->page_region[p] = (uint16_t)(b->nregions + g->nwpages);
            b->rmap[p] = b->wmap[p] = NULL;
            g->nwpages++;
        }
    }
}

static void watch_remove(struct gdb *g)
{
    struct bus *b = &g->m->bus;
    for (unsigned j = 0; j < g->nwpages; j++) {
        struct watchpage *w = &g->wpages[j];
        b->page_region[w->page] = w->saved_region;
        b->rmap[w->page] = w->slow ? NULL : w->saved_r;
        b->wmap[w->page] = (w->rom || w->slow || b->code_page[w->page]) ? NULL : w->saved_r;
        memset(&b->regions[b->nregions + j], 0, sizeof b->regions[0]);
    }
    g->nwpages = 0;
}

/* ---------------- running ---------------- */

static void hook(void *ctx, struct cpu *c, const struct insn *i)
{
    struct gdb *g = ctx;
    g->cur = i;
    if (c->insns >= g->stop_at) {
        g->reason = R_TARGET;
        cpu_stop_with(c, CPU_STOP_WATCH);
        return;
    }
    if (g->mode == MODE_REPLAY)
        return;
    for (unsigned k = 0; k < g->nbp; k++) {
        if (g->bp[k] != i->addr)
            continue;
        if (g->mode == MODE_SCOUT) {
            if (c->insns < g->scout_limit) {
                g->scout_found = true;
                g->scout_insns = c->insns;
                g->scout_addr = i->addr;
                g->scout_type = 0;
            }
            return;
        }
        if (c->insns == g->resume_insns && i->addr == g->resume_pc)
            return; /* resuming from this breakpoint */
        g->reason = R_BP;
        g->hit_addr = i->addr;
        cpu_stop_with(c, CPU_STOP_WATCH);
        return;
    }
}

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

static void maybe_snapshot(struct gdb *g);

/* Runs the machine with the hook until stop_at, a breakpoint, a
 * watchpoint, an end, or (poll) a Ctrl-C, which gives END_PAUSE. */
static enum machine_end run_hooked(struct gdb *g, uint64_t stop_at, bool poll)
{
    struct machine *m = g->m;
    g->stop_at = stop_at;
    g->reason = R_NONE;
    g->resume_insns = m->cpu.insns;
    g->resume_pc = m->cpu.pc;
    m->cpu.on_insn = hook;
    m->cpu.on_insn_ctx = g;
    for (;;) {
        uint64_t until = (m->cpu.cycles / g->quantum + 1) * g->quantum;
        watch_install(g);
        enum machine_end e = machine_run_for(m, until);
        watch_remove(g);
        g->cur = NULL;
        if (e == END_PAUSE) {
            if (poll && interrupted(g))
                break;
            if (poll)
                maybe_snapshot(g);
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
        reg_set(g, (int)h->a, h->v);
    else if (h->kind == H_MEM)
        bus_debug_write(&g->m->bus, h->a, h->data, h->len);
    else if (h->kind == H_FINISH)
        power_finish(g->m->power, machine_now_ps(g->m));
}

/* Replays the history from entry hstart on, from the machine's present
 * state up to position target (scout: recording breakpoint/watchpoint hits
 * before scout_limit instead of stopping). */
static void replay_here(struct gdb *g, uint64_t target, int mode, size_t hstart)
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
static bool replay_to(struct gdb *g, uint64_t target, int mode)
{
    char err[512];
    struct machine *m = g->m;
    machine_free(m);
    if (g->t->rebuild(g->t->ctx, m, err, sizeof err)) {
        tt_error("gdb: cannot rebuild the machine for replay: %s", err);
        return false;
    }
    replay_here(g, target, mode, 0);
    return true;
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
        uint8_t *q = realloc(b->p, cap);
        if (!q) {
            fputs("ttemu: out of memory\n", stderr);
            abort();
        }
        b->p = q;
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
    hist_clear(g);
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
        hist_add(g, h.kind, h.a, h.len, h.v, NULL);
        g->hist[g->nhist - 1].insns = h.insns;
        if (h.data) {
            uint8_t *d = malloc(h.len ? h.len : 1);
            if (!d || !rd(&p, end, d, h.len)) {
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

static void maybe_snapshot(struct gdb *g)
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
            replay_here(g, h.target, MODE_SCOUT, hstart);
            struct scout_result r = { g->scout_found, g->scout_type, g->scout_addr, g->scout_insns };
            write_all(g->rep_w, &r, sizeof r);
            _exit(0);
        }
        if (hstart > g->nhist)
            hstart = g->nhist;
        g->resume_target = h.target;
        snprintf(g->pending, sizeof g->pending, "%s", h.reply);
        g->exited = false;
        replay_here(g, g->resume_target, MODE_REPLAY, hstart);
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
static void handover(struct gdb *g, uint64_t target, const char *reply_text) __attribute__((noreturn));
static void handover(struct gdb *g, uint64_t target, const char *reply_text)
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
static void finish_fork(struct gdb *g, int status)
{
    fflush(stdout);
    fflush(stderr);
    send_simple(g, 0, MSG_EXIT, status);
}

/* The stop reply for how a run ended. */
static void stop_reply(struct gdb *g, enum machine_end e)
{
    struct machine *m = g->m;
    switch (e) {
    case END_EXIT:
        g->exited = true;
        reply(g, "W%02x", m->exit_code & 0xff);
        return;
    case END_DEBUG:
        if (g->reason == R_BP)
            reply(g, "T05thread:1;swbreak:;");
        else if (g->reason == R_WATCH)
            reply(g, "T05thread:1;%s:%x;", g->hit_type == 2 ? "watch" : g->hit_type == 3 ? "rwatch" : "awatch",
                  g->hit_addr);
        else
            reply(g, "T05thread:1;");
        return;
    case END_PAUSE: reply(g, "T02thread:1;"); return;           /* Ctrl-C: SIGINT */
    case END_BKPT: reply(g, "T05thread:1;swbreak:;"); return;   /* BKPT in the code */
    case END_UNDEF: reply(g, "T04thread:1;"); return;           /* SIGILL */
    case END_MAXCYCLES: reply(g, "T18thread:1;"); return;       /* SIGXCPU */
    default: reply(g, "T0bthread:1;"); return;                  /* lockup: SIGSEGV */
    }
}

static void do_resume(struct gdb *g, bool step)
{
    if (g->exited) {
        reply(g, "W%02x", g->m->exit_code & 0xff);
        return;
    }
    uint64_t at = g->m->cpu.insns;
    enum machine_end e = run_hooked(g, step ? at + 1 : UINT64_MAX, true);
    hist_stop(g);
    stop_reply(g, e);
    if (e != END_EXIT)
        maybe_snapshot(g);
}

/* reverse-stepi / reverse-continue. */
static void do_reverse(struct gdb *g, bool step)
{
    uint64_t now = g->m->cpu.insns;
    if (g->exited) {
        reply(g, "E01");
        return;
    }
    if (now == 0) {
        reply(g, "T05thread:1;replaylog:begin;");
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
                reply(g, "E01");
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
        handover(g, step ? target : r.found ? r.insns : 0, rep);
    }
    if (!step) {
        g->scout_limit = now;
        if (!replay_to(g, now, MODE_SCOUT)) {
            reply(g, "E01");
            return;
        }
        target = g->scout_found ? g->scout_insns : 0;
    }
    if (!replay_to(g, target, MODE_REPLAY)) {
        reply(g, "E01");
        return;
    }
    hist_truncate(g, target);
    hist_stop(g);
    if (step)
        reply(g, "T05thread:1;");
    else if (!g->scout_found)
        reply(g, "T05thread:1;replaylog:begin;");
    else if (g->scout_type == 0)
        reply(g, "T05thread:1;swbreak:;");
    else
        reply(g, "T05thread:1;%s:%x;", g->scout_type == 2 ? "watch" : g->scout_type == 3 ? "rwatch" : "awatch",
              g->scout_addr);
}

/* ---------------- monitor commands ---------------- */

static void mon_printf(char *buf, size_t cap, size_t *len, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void mon_printf(char *buf, size_t cap, size_t *len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + *len, cap - *len, fmt, ap);
    va_end(ap);
    if (n > 0)
        *len = *len + (size_t)n < cap ? *len + (size_t)n : cap - 1;
}

static void monitor(struct gdb *g, const char *cmd, char *buf, size_t cap)
{
    struct machine *m = g->m;
    size_t len = 0;
    buf[0] = 0;
    uint64_t now = machine_now_ps(m);
    if (!strcmp(cmd, "cycles")) {
        mon_printf(buf, cap, &len, "cycles: %llu\ninstructions: %llu\n",
                   (unsigned long long)m->cpu.cycles, (unsigned long long)m->cpu.insns);
    } else if (!strcmp(cmd, "time")) {
        mon_printf(buf, cap, &len, "time: %llu ps (%.9f s) at %.3f MHz\n", (unsigned long long)now,
                   (double)now * 1e-12, (double)m->clock_hz / 1e6);
    } else if (!strcmp(cmd, "energy")) {
        /* Integrating up to now splits the power model's segments; the
         * history keeps it, so replays integrate at the same points. */
        power_finish(m->power, now);
        hist_add(g, H_FINISH, 0, 0, 0, NULL);
        struct power *p = m->power;
        mon_printf(buf, cap, &len, "energy so far: %.6f uJ at %.9f s\n", power_total_energy_pj(p) * 1e-6,
                   (double)now * 1e-12);
        for (size_t c = 0; c < power_ncomps(p); c++) {
            mon_printf(buf, cap, &len, "  %-16s %12.6f uJ  (%s, %.3f mW now)\n", power_comp_name(p, (int)c),
                       power_comp_energy_pj(p, (int)c) * 1e-6,
                       power_state_name(p, (int)c, power_comp_state(p, (int)c)), power_comp_mw(p, (int)c));
            for (size_t ph = 0; ph < power_nphases(p); ph++) {
                double e = power_energy_pj(p, (int)c, (int)ph);
                if (e != 0)
                    mon_printf(buf, cap, &len, "    %-14s %12.6f uJ\n", power_phase_name(p, (int)ph), e * 1e-6);
            }
        }
    } else if (!strcmp(cmd, "phase")) {
        struct power *p = m->power;
        power_finish(p, now);
        hist_add(g, H_FINISH, 0, 0, 0, NULL);
        int cur = power_current_phase(p);
        mon_printf(buf, cap, &len, "phase: %s\n", cur >= 0 ? power_phase_name(p, cur) : "?");
        for (size_t ph = 0; ph < power_nphases(p); ph++)
            mon_printf(buf, cap, &len, "  %-16s %.9f s, entered %u times, %.6f uJ\n", power_phase_name(p, (int)ph),
                       (double)power_phase_time_ps(p, (int)ph) * 1e-12, power_phase_entries(p, (int)ph),
                       power_phase_energy_pj(p, (int)ph) * 1e-6);
    } else if (!strcmp(cmd, "reset")) {
        hist_clear(g);
        g->exited = false;
        if (g->use_fork) {
            static const char msg[] = "machine reset: back at the reset vector\n";
            char rep[2 * sizeof msg + 1];
            gdb_hex_encode((const uint8_t *)msg, sizeof msg - 1, rep);
            handover(g, 0, rep);
        }
        if (replay_to(g, 0, MODE_REPLAY))
            mon_printf(buf, cap, &len, "machine reset: pc 0x%08x\n", g->m->cpu.pc);
        else
            mon_printf(buf, cap, &len, "reset failed\n");
    } else if (!strcmp(cmd, "help") || !cmd[0]) {
        mon_printf(buf, cap, &len,
                   "ttemu monitor commands:\n"
                   "  cycles   core cycles and instructions retired so far\n"
                   "  time     simulated time so far\n"
                   "  energy   energy so far per power component and phase\n"
                   "  phase    the current phase and time/energy per phase\n"
                   "  reset    reset the machine to the reset vector (history cleared)\n"
                   "  help     this text\n"
                   "Values are those at the point in time gdb is looking at (reverse execution too).\n");
    } else {
        mon_printf(buf, cap, &len, "unknown monitor command '%s' (try 'monitor help')\n", cmd);
    }
}

/* ---------------- XML documents ---------------- */

static size_t target_xml(struct gdb *g, char *buf, size_t cap)
{
    size_t len = 0;
    mon_printf(buf, cap, &len,
               "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
               "<target version=\"1.0\">\n<architecture>arm</architecture>\n"
               "<feature name=\"org.gnu.gdb.arm.m-profile\">\n");
    for (int k = 0; k < 13; k++)
        mon_printf(buf, cap, &len, "<reg name=\"r%d\" bitsize=\"32\" regnum=\"%d\"/>\n", k, k);
    mon_printf(buf, cap, &len,
               "<reg name=\"sp\" bitsize=\"32\" type=\"data_ptr\"/>\n<reg name=\"lr\" bitsize=\"32\"/>\n"
               "<reg name=\"pc\" bitsize=\"32\" type=\"code_ptr\"/>\n<reg name=\"xpsr\" bitsize=\"32\"/>\n"
               "</feature>\n");
    if (has_fpu(g)) {
        mon_printf(buf, cap, &len, "<feature name=\"org.gnu.gdb.arm.vfp\">\n");
        for (int k = 0; k < 16; k++)
            mon_printf(buf, cap, &len, "<reg name=\"d%d\" bitsize=\"64\" type=\"ieee_double\"/>\n", k);
        mon_printf(buf, cap, &len, "<reg name=\"fpscr\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n</feature>\n");
    }
    mon_printf(buf, cap, &len, "<feature name=\"org.gnu.gdb.arm.m-system\">\n");
    for (int k = 0; k < 6; k++)
        mon_printf(buf, cap, &len, "<reg name=\"%s\" bitsize=\"32\" type=\"%s\" group=\"system\"/>\n",
                   sys_names[k], k < 2 ? "data_ptr" : "int");
    mon_printf(buf, cap, &len, "</feature>\n</target>\n");
    return len;
}

static size_t memory_map_xml(struct gdb *g, char *buf, size_t cap)
{
    size_t len = 0;
    struct bus *b = &g->m->bus;
    mon_printf(buf, cap, &len,
               "<?xml version=\"1.0\"?>\n<!DOCTYPE memory-map PUBLIC \"+//IDN gnu.org//DTD GDB Memory Map V1.0//EN\" "
               "\"http://sourceware.org/gdb/gdb-memory-map.dtd\">\n<memory-map>\n");
    /* In address order; every region is "ram" so gdb may write it (the
     * debugger writes ROM too, as a loader would). */
    uint64_t from = 0;
    for (;;) {
        const struct bus_region *best = NULL;
        for (unsigned k = 0; k < b->nregions; k++)
            if (b->regions[k].base >= from && (!best || b->regions[k].base < best->base))
                best = &b->regions[k];
        if (!best)
            break;
        mon_printf(buf, cap, &len, "<memory type=\"ram\" start=\"0x%x\" length=\"0x%x\"/>\n", best->base,
                   best->size);
        from = (uint64_t)best->base + 1;
    }
    mon_printf(buf, cap, &len, "</memory-map>\n");
    return len;
}

/* qXfer:OBJECT:read:ANNEX:OFF,LEN */
static void xfer(struct gdb *g, const char *obj, const char *rest)
{
    static char doc[32768];
    size_t n;
    if (!strcmp(obj, "features") && !strncmp(rest, "target.xml:", 11)) {
        n = target_xml(g, doc, sizeof doc);
        rest += 11;
    } else if (!strcmp(obj, "memory-map") && rest[0] == ':') {
        n = memory_map_xml(g, doc, sizeof doc);
        rest += 1;
    } else {
        reply(g, "E00");
        return;
    }
    uint64_t off, len;
    if (!gdb_parse_hex(&rest, &off) || *rest++ != ',' || !gdb_parse_hex(&rest, &len) || *rest) {
        reply(g, "E01");
        return;
    }
    if (len > GDB_PACKET_MAX - 8)
        len = GDB_PACKET_MAX - 8;
    if (off >= n) {
        reply(g, "l");
        return;
    }
    size_t take = n - off < len ? n - off : len;
    reply(g, "%c", off + take >= n ? 'l' : 'm');
    memcpy(g->out + g->outlen, doc + off, take);
    g->outlen += take;
}

/* ---------------- packets ---------------- */

static bool parse_addr_len(const char **p, uint64_t *addr, uint64_t *len, char sep)
{
    return gdb_parse_hex(p, addr) && *(*p)++ == ',' && gdb_parse_hex(p, len) && **p == sep &&
           *addr <= 0xffffffffu && *len <= GDB_PACKET_MAX;
}

static void read_mem(struct gdb *g, const char *p)
{
    uint64_t a, n;
    static uint8_t buf[GDB_PACKET_MAX];
    if (!parse_addr_len(&p, &a, &n, 0) || n > (GDB_PACKET_MAX - 8) / 2) {
        reply(g, "E01");
        return;
    }
    /* Read what is mapped from the start; nothing mapped is an error. */
    size_t got = 0;
    while (got < n && bus_debug_read(&g->m->bus, (uint32_t)(a + got), buf + got, 1))
        got++;
    if (!got && n) {
        reply(g, "E14");
        return;
    }
    reply_hex(g, buf, got);
}

static void write_mem(struct gdb *g, char *p, size_t plen, bool binary)
{
    uint64_t a, n;
    const char *q = p;
    static uint8_t buf[GDB_PACKET_MAX];
    if (!parse_addr_len(&q, &a, &n, ':')) {
        reply(g, "E01");
        return;
    }
    q++;
    size_t avail = plen - (size_t)(q - p);
    if (binary) {
        long d = gdb_unescape((char *)q, avail);
        if (d < 0 || (uint64_t)d != n) {
            reply(g, "E01");
            return;
        }
        memcpy(buf, q, n);
    } else if (avail != 2 * n || !gdb_hex_decode(q, n, buf)) {
        reply(g, "E01");
        return;
    }
    if (n && !bus_debug_write(&g->m->bus, (uint32_t)a, buf, n)) {
        reply(g, "E14");
        return;
    }
    if (n)
        hist_add(g, H_MEM, (uint32_t)a, (uint32_t)n, 0, buf);
    reply(g, "OK");
}

static void set_reg(struct gdb *g, int n, uint64_t v)
{
    reg_set(g, n, v);
    hist_add(g, H_REG, (uint32_t)n, 0, v, NULL);
}

static uint64_t le_value(const uint8_t *b, unsigned n)
{
    uint64_t v = 0;
    for (unsigned k = 0; k < n; k++)
        v |= (uint64_t)b[k] << (8 * k);
    return v;
}

static void write_regs(struct gdb *g, const char *p)
{
    size_t len = strlen(p), need = 0;
    for (int n = 0; n < nregs(g); n++)
        need += 2 * reg_size(g, n);
    if (len != need) {
        reply(g, "E01");
        return;
    }
    uint8_t b[8];
    for (int n = 0; n < nregs(g); n++) {
        unsigned sz = reg_size(g, n);
        if (!gdb_hex_decode(p, sz, b)) {
            reply(g, "E01");
            return;
        }
        p += 2 * sz;
        uint64_t v = le_value(b, sz);
        if (v != reg_get(g, n))
            set_reg(g, n, v);
    }
    reply(g, "OK");
}

static void breakpoint(struct gdb *g, const char *p, bool insert)
{
    uint64_t type, addr, kind;
    if (!(*p >= '0' && *p <= '4') || p[1] != ',') {
        (void)g; /* empty reply: unsupported */
        return;
    }
    type = (uint64_t)(*p - '0');
    p += 2;
    if (!gdb_parse_hex(&p, &addr) || *p++ != ',' || !gdb_parse_hex(&p, &kind) || (*p && *p != ';') ||
        addr > 0xffffffffu || kind == 0 || kind > 0x10000) {
        reply(g, "E01");
        return;
    }
    if (type <= 1) {
        uint32_t a = (uint32_t)addr & ~1u;
        unsigned k;
        for (k = 0; k < g->nbp && g->bp[k] != a; k++)
            ;
        if (insert && k == g->nbp) {
            if (g->nbp == MAX_BP) {
                reply(g, "E28");
                return;
            }
            g->bp[g->nbp++] = a;
        } else if (!insert && k < g->nbp) {
            g->bp[k] = g->bp[--g->nbp];
        }
        reply(g, "OK");
        return;
    }
    unsigned k;
    for (k = 0; k < g->nwp; k++)
        if (g->wp[k].addr == addr && g->wp[k].len == kind && g->wp[k].type == (int)type)
            break;
    if (insert && k == g->nwp) {
        if (g->nwp == MAX_WP || addr + kind > 0x100000000ull) {
            reply(g, "E28");
            return;
        }
        g->wp[g->nwp++] = (struct wp){ (uint32_t)addr, (uint32_t)kind, (int)type };
    } else if (!insert && k < g->nwp) {
        g->wp[k] = g->wp[--g->nwp];
    }
    reply(g, "OK");
}

static void vcont(struct gdb *g, const char *p)
{
    if (!strcmp(p, "?")) {
        reply(g, "vCont;c;C;s;S");
        return;
    }
    if (*p != ';') {
        reply(g, "E01");
        return;
    }
    /* One thread: the first action decides. */
    char a = p[1];
    if (a == 'c' || a == 'C')
        do_resume(g, false);
    else if (a == 's' || a == 'S')
        do_resume(g, true);
    else
        reply(g, "E01");
}

static void query(struct gdb *g, char *p)
{
    if (!strncmp(p, "qSupported", 10)) {
        reply(g, "PacketSize=%x;qXfer:features:read+;qXfer:memory-map:read+;swbreak+;hwbreak+;"
                 "ReverseStep+;ReverseContinue+;vContSupported+;QStartNoAckMode+", GDB_PACKET_MAX);
    } else if (!strncmp(p, "qXfer:", 6)) {
        char *obj = p + 6, *colon = strchr(obj, ':');
        if (!colon || strncmp(colon, ":read:", 6)) {
            (void)g; /* empty reply: unsupported */
            return;
        }
        *colon = 0;
        xfer(g, obj, colon + 6);
    } else if (!strcmp(p, "qC")) {
        reply(g, "QC1");
    } else if (!strncmp(p, "qAttached", 9)) {
        reply(g, "1");
    } else if (!strcmp(p, "qfThreadInfo")) {
        reply(g, "m1");
    } else if (!strcmp(p, "qsThreadInfo")) {
        reply(g, "l");
    } else if (!strncmp(p, "qRcmd,", 6)) {
        static char cmd[1024], out[8192];
        size_t n = strlen(p + 6);
        if (n % 2 || n / 2 >= sizeof cmd || !gdb_hex_decode(p + 6, n / 2, (uint8_t *)cmd)) {
            reply(g, "E01");
            return;
        }
        cmd[n / 2] = 0;
        if (memchr(cmd, 0, n / 2)) {
            reply(g, "E01");
            return;
        }
        monitor(g, cmd, out, sizeof out);
        reply_hex(g, out, strlen(out));
    } else if (!strncmp(p, "qOffsets", 8)) {
        reply(g, "Text=0;Data=0;Bss=0");
    } else if (!strcmp(p, "qSymbol::")) {
        reply(g, "OK");
    } else {
        (void)g; /* empty reply: unsupported */ /* unsupported */
    }
}

/* Handles one packet body (NUL-terminated, len bytes); the reply is left
 * in g->out (an empty reply means "unsupported"). */
static void handle(struct gdb *g, char *p, size_t len)
{
    g->outlen = 0;
    g->out[0] = 0;
    uint64_t n, v;
    const char *q;
    switch (p[0]) {
    case '?':
        if (g->exited)
            reply(g, "W%02x", g->m->exit_code & 0xff);
        else
            reply(g, "T05thread:1;");
        break;
    case 'g':
        for (int k = 0; k < nregs(g); k++)
            reply_reg(g, k);
        break;
    case 'G':
        write_regs(g, p + 1);
        break;
    case 'p':
        q = p + 1;
        if (!gdb_parse_hex(&q, &n) || *q || !reg_size(g, (int)(n > 1000 ? 1000 : n)))
            reply(g, "E01");
        else
            reply_reg(g, (int)n);
        break;
    case 'P': {
        q = p + 1;
        uint8_t b[8];
        if (!gdb_parse_hex(&q, &n) || *q++ != '=' || n > 1000 || !reg_size(g, (int)n) ||
            strlen(q) != 2 * reg_size(g, (int)n) || !gdb_hex_decode(q, reg_size(g, (int)n), b)) {
            reply(g, "E01");
            break;
        }
        set_reg(g, (int)n, le_value(b, reg_size(g, (int)n)));
        reply(g, "OK");
        break;
    }
    case 'm':
        read_mem(g, p + 1);
        break;
    case 'M':
        write_mem(g, p + 1, len - 1, false);
        break;
    case 'X':
        write_mem(g, p + 1, len - 1, true);
        break;
    case 'c':
    case 's':
        q = p + 1;
        if (*q) { /* resume at an address */
            if (!gdb_parse_hex(&q, &v) || *q || v > 0xffffffffu) {
                reply(g, "E01");
                break;
            }
            set_reg(g, 15, v);
        }
        do_resume(g, p[0] == 's');
        break;
    case 'C':
    case 'S':
        do_resume(g, p[0] == 'S'); /* signals mean nothing to the core */
        break;
    case 'b':
        if (p[1] == 's' && !p[2])
            do_reverse(g, true);
        else if (p[1] == 'c' && !p[2])
            do_reverse(g, false);
        else
            (void)g; /* empty reply: unsupported */
        break;
    case 'v':
        if (!strncmp(p, "vCont", 5))
            vcont(g, p + 5);
        else if (!strncmp(p, "vKill", 5)) {
            g->killed = true;
            reply(g, "OK");
        } else
            (void)g; /* empty reply: unsupported */
        break;
    case 'H':
        reply(g, (p[1] == 'g' || p[1] == 'c') ? "OK" : "E01");
        break;
    case 'T':
        reply(g, "OK");
        break;
    case 'Z':
    case 'z':
        breakpoint(g, p + 1, p[0] == 'Z');
        break;
    case 'q':
        query(g, p);
        break;
    case 'Q':
        if (!strcmp(p, "QStartNoAckMode")) {
            reply(g, "OK");
            send_packet(g, g->out, g->outlen);
            g->noack = true;
            g->outlen = 0;
            return; /* sent already */
        }
        (void)g; /* empty reply: unsupported */
        break;
    case 'k':
        g->killed = true;
        return; /* no reply */
    case 'D':
        g->detached = true;
        reply(g, "OK");
        break;
    default:
        (void)g; /* empty reply: unsupported */
        break;
    }
    send_packet(g, g->out, g->outlen);
}

/* ---------------- sockets ---------------- */

bool gdb_parse_addr(const char *s, char *host, size_t hostlen, int *port, char *err, size_t errlen)
{
    const char *colon = strrchr(s, ':');
    const char *ps = colon ? colon + 1 : s;
    size_t hl = colon ? (size_t)(colon - s) : 0;
    snprintf(host, hostlen, "127.0.0.1");
    if (hl) {
        if (hl >= hostlen) {
            snprintf(err, errlen, "--gdb '%s': host name too long", s);
            return false;
        }
        memcpy(host, s, hl);
        host[hl] = 0;
    }
    char *end;
    long p = strtol(ps, &end, 10);
    if (!*ps || *end || p < 0 || p > 65535) {
        snprintf(err, errlen, "--gdb '%s': expected [HOST:]PORT with PORT 0-65535", s);
        return false;
    }
    *port = (int)p;
    return true;
}

static int listen_on(const char *addr, int *port_out)
{
    char host[256], err[300], ps[16];
    int port;
    if (!gdb_parse_addr(addr, host, sizeof host, &port, err, sizeof err)) {
        tt_error("%s", err);
        return -1;
    }
    snprintf(ps, sizeof ps, "%d", port);
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE };
    struct addrinfo *res;
    int rc = getaddrinfo(host, ps, &hints, &res);
    if (rc) {
        tt_error("--gdb %s: %s", addr, gai_strerror(rc));
        return -1;
    }
    int fd = -1;
    for (struct addrinfo *a = res; a && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (fd < 0)
            continue;
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(fd, a->ai_addr, a->ai_addrlen) || listen(fd, 1)) {
            close(fd);
            fd = -1;
            continue;
        }
        struct sockaddr_storage ss;
        socklen_t sl = sizeof ss;
        getsockname(fd, (struct sockaddr *)&ss, &sl);
        *port_out = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                                   : ((struct sockaddr_in *)&ss)->sin_port);
    }
    freeaddrinfo(res);
    if (fd < 0)
        tt_error("--gdb %s: cannot listen there: %s", addr, strerror(errno));
    return fd;
}

/* Snapshot processes are on unless TTEMU_GDB_SNAPSHOTS=0 (then reverse
 * execution rebuilds the machine and replays from reset). For tests, the
 * interval between snapshots (instructions) may be set with
 * TTEMU_GDB_SNAPSHOT_INTERVAL and the run quantum (cycles between looks at
 * the socket, and chances to snapshot) with TTEMU_GDB_QUANTUM. */
static void setup_snapshots(struct gdb *g)
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
    if (e && !strcmp(e, "0"))
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

static int serve_loop(struct gdb *g)
{
    char buf[4096];
    while (!g->killed && !g->detached) {
        struct pollfd p[2] = { { g->fd, POLLIN, 0 }, { g->life_r, POLLIN, 0 } };
        int np = g->use_fork && g->life_w < 0 ? 2 : 1;
        if (poll(p, (nfds_t)np, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (np == 2 && p[1].revents)
            _exit(0); /* the first process is gone */
        if (!p[0].revents)
            continue;
        ssize_t n = recv(g->fd, buf, sizeof buf, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        for (ssize_t k = 0; k < n && !g->killed && !g->detached; k++) {
            enum gdb_rx_event ev = gdb_rx_byte(&g->rx, (uint8_t)buf[k]);
            switch (ev) {
            case GDB_RX_PACKET:
                if (g->debug)
                    fprintf(stderr, "ttemu: gdb[%d] <- %.200s\n", (int)getpid(), g->rx.buf);
                if (!g->noack)
                    send_all(g->fd, "+", 1);
                handle(g, g->rx.buf, g->rx.len);
                break;
            case GDB_RX_BADSUM:
                if (!g->noack)
                    send_all(g->fd, "-", 1);
                break;
            case GDB_RX_OVERFLOW:
                if (!g->noack)
                    send_all(g->fd, "+", 1);
                send_packet(g, "E01", 3);
                break;
            default: /* acks, stray Ctrl-C while halted, junk */
                break;
            }
        }
    }
    close(g->fd);
    struct machine *m = g->m;
    int rc = TT_EXIT_HALTED;
    if (g->exited)
        rc = m->exit_code;
    else if (g->detached) { /* the firmware runs on by itself */
        enum machine_end e = machine_run(m);
        rc = e == END_EXIT ? m->exit_code : e == END_MAXCYCLES ? TT_EXIT_MAXCYCLES
           : e == END_UNDEF ? TT_EXIT_UNDEF : e == END_BKPT ? TT_EXIT_HALTED : TT_EXIT_LOCKUP;
    }
    return rc;
}

int gdb_serve(struct machine *m, const char *addr, const struct gdb_target *t)
{
    static struct gdb g0;
    struct gdb *g = &g0;
    memset(g, 0, sizeof *g);
    g->m = m;
    g->t = t;
    g->fd = -1;
    g->stop_at = UINT64_MAX;
    gdb_rx_init(&g->rx);
    g->debug = getenv("TTEMU_GDB_DEBUG") != NULL;
    int port;
    g->lfd = listen_on(addr, &port);
    if (g->lfd < 0)
        return TT_EXIT_USAGE;
    fprintf(stderr, "ttemu: gdb server listening on port %d, halted at pc 0x%08x\n", port, m->cpu.pc);
    fflush(stderr);
    g->fd = accept(g->lfd, NULL, NULL);
    close(g->lfd);
    if (g->fd < 0) {
        tt_error("gdb: accept: %s", strerror(errno));
        return TT_EXIT_INTERNAL;
    }
    int one = 1;
    setsockopt(g->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    g->null_out = fopen("/dev/null", "w");
    g->null_err = fopen("/dev/null", "w");
    if (!setjmp(g->top)) {
        setup_snapshots(g);
    } else {
        /* a replay from a snapshot arrived here: this process serves now */
        gdb_rx_init(&g->rx);
        g->m->cpu.on_insn = NULL;
        g->mode = MODE_RUN;
        g->cur = NULL;
        hist_stop(g);
        send_packet(g, g->pending, strlen(g->pending));
    }
    int rc = serve_loop(g);
    hist_clear(g);
    free(g->hist);
    g->hist = NULL;
    g->caphist = 0;
    if (g->null_out)
        fclose(g->null_out);
    if (g->null_err)
        fclose(g->null_err);
    if (g->use_fork)
        finish_fork(g, rc);
    return rc;
}
