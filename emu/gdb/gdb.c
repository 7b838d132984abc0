/* The GDB remote serial protocol server (see gdb.h and docs/gdb.md): the
 * serving loop, packet dispatch and sockets. gdb_internal.h describes how
 * the server is split over its files and how it runs the machine. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "emu/cli/cli.h"
#include "emu/gdb/gdb_internal.h"
#include "emu/power/power.h"

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
void gdb_reply(struct gdb *g, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(g->out + g->outlen, sizeof g->out - g->outlen, fmt, ap);
    va_end(ap);
    if (n > 0)
        g->outlen = g->outlen + (size_t)n < sizeof g->out ? g->outlen + (size_t)n : sizeof g->out - 1;
}

void gdb_reply_hex(struct gdb *g, const void *p, size_t n)
{
    if (g->outlen + 2 * n + 1 > sizeof g->out)
        n = (sizeof g->out - g->outlen - 1) / 2;
    gdb_hex_encode(p, n, g->out + g->outlen);
    g->outlen += 2 * n;
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
        gdb_reply(g, "E01");
        return;
    }
    /* Read what is mapped from the start; nothing mapped is an error. */
    size_t got = 0;
    while (got < n && bus_debug_read(&g->m->bus, (uint32_t)(a + got), buf + got, 1))
        got++;
    if (!got && n) {
        gdb_reply(g, "E14");
        return;
    }
    gdb_reply_hex(g, buf, got);
}

/* Every byte of [a, a+n) is mapped: a write that would fail part-way is
 * refused before it starts, so a failed M/X changes nothing (and the
 * reverse-execution history stays the whole story of memory). */
static bool range_mapped(const struct bus *b, uint64_t a, uint64_t n)
{
    for (uint64_t k = 0; k < n; k++)
        if (a + k > 0xffffffffu || !bus_region_at(b, (uint32_t)(a + k)))
            return false;
    return true;
}

static void write_mem(struct gdb *g, char *p, size_t plen, bool binary)
{
    uint64_t a, n;
    const char *q = p;
    static uint8_t buf[GDB_PACKET_MAX];
    if (!parse_addr_len(&q, &a, &n, ':')) {
        gdb_reply(g, "E01");
        return;
    }
    q++;
    size_t avail = plen - (size_t)(q - p);
    if (binary) {
        long d = gdb_unescape((char *)q, avail);
        if (d < 0 || (uint64_t)d != n) {
            gdb_reply(g, "E01");
            return;
        }
        memcpy(buf, q, n);
    } else if (avail != 2 * n || !gdb_hex_decode(q, n, buf)) {
        gdb_reply(g, "E01");
        return;
    }
    if (n && (!range_mapped(&g->m->bus, a, n) || !bus_debug_write(&g->m->bus, (uint32_t)a, buf, n))) {
        gdb_reply(g, "E14");
        return;
    }
    if (n)
        gdb_hist_add(g, H_MEM, (uint32_t)a, (uint32_t)n, 0, buf);
    gdb_reply(g, "OK");
}

static void set_reg(struct gdb *g, int n, uint64_t v)
{
    gdb_reg_set(g, n, v);
    gdb_hist_add(g, H_REG, (uint32_t)n, 0, v, NULL);
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
    for (int n = 0; n < gdb_nregs(g); n++)
        need += 2 * gdb_reg_size(g, n);
    if (len != need) {
        gdb_reply(g, "E01");
        return;
    }
    uint8_t b[8];
    for (int n = 0; n < gdb_nregs(g); n++) {
        unsigned sz = gdb_reg_size(g, n);
        if (!gdb_hex_decode(p, sz, b)) {
            gdb_reply(g, "E01");
            return;
        }
        p += 2 * sz;
        uint64_t v = le_value(b, sz);
        if (v != gdb_reg_get(g, n))
            set_reg(g, n, v);
    }
    gdb_reply(g, "OK");
}

static void vcont(struct gdb *g, const char *p)
{
    if (!strcmp(p, "?")) {
        gdb_reply(g, "vCont;c;C;s;S");
        return;
    }
    if (*p != ';') {
        gdb_reply(g, "E01");
        return;
    }
    /* One thread: the first action decides. */
    char a = p[1];
    if (a == 'c' || a == 'C')
        gdb_resume(g, false);
    else if (a == 's' || a == 'S')
        gdb_resume(g, true);
    else
        gdb_reply(g, "E01");
}

static void query(struct gdb *g, char *p)
{
    if (!strncmp(p, "qSupported", 10)) {
        gdb_reply(g, "PacketSize=%x;qXfer:features:read+;qXfer:memory-map:read+;swbreak+;hwbreak+;"
                     "ReverseStep+;ReverseContinue+;vContSupported+;QStartNoAckMode+", GDB_PACKET_MAX);
    } else if (!strncmp(p, "qXfer:", 6)) {
        char *obj = p + 6, *colon = strchr(obj, ':');
        if (!colon || strncmp(colon, ":read:", 6)) {
            (void)g; /* empty reply: unsupported */
            return;
        }
        *colon = 0;
        gdb_xfer(g, obj, colon + 6);
    } else if (!strcmp(p, "qC")) {
        gdb_reply(g, "QC1");
    } else if (!strncmp(p, "qAttached", 9)) {
        gdb_reply(g, "1");
    } else if (!strcmp(p, "qfThreadInfo")) {
        gdb_reply(g, "m1");
    } else if (!strcmp(p, "qsThreadInfo")) {
        gdb_reply(g, "l");
    } else if (!strncmp(p, "qRcmd,", 6)) {
        static char cmd[1024], out[8192];
        size_t n = strlen(p + 6);
        if (n % 2 || n / 2 >= sizeof cmd || !gdb_hex_decode(p + 6, n / 2, (uint8_t *)cmd)) {
            gdb_reply(g, "E01");
            return;
        }
        cmd[n / 2] = 0;
        if (memchr(cmd, 0, n / 2)) {
            gdb_reply(g, "E01");
            return;
        }
        gdb_monitor(g, cmd, out, sizeof out);
        gdb_reply_hex(g, out, strlen(out));
    } else if (!strncmp(p, "qOffsets", 8)) {
        gdb_reply(g, "Text=0;Data=0;Bss=0");
    } else if (!strcmp(p, "qSymbol::")) {
        gdb_reply(g, "OK");
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
            gdb_reply(g, "W%02x", g->m->exit_code & 0xff);
        else
            gdb_reply(g, "T05thread:1;");
        break;
    case 'g':
        for (int k = 0; k < gdb_nregs(g); k++)
            gdb_reply_reg(g, k);
        break;
    case 'G':
        write_regs(g, p + 1);
        break;
    case 'p':
        q = p + 1;
        if (!gdb_parse_hex(&q, &n) || *q || !gdb_reg_size(g, (int)(n > 1000 ? 1000 : n)))
            gdb_reply(g, "E01");
        else
            gdb_reply_reg(g, (int)n);
        break;
    case 'P': {
        q = p + 1;
        uint8_t b[8];
        if (!gdb_parse_hex(&q, &n) || *q++ != '=' || n > 1000 || !gdb_reg_size(g, (int)n) ||
            strlen(q) != 2 * gdb_reg_size(g, (int)n) || !gdb_hex_decode(q, gdb_reg_size(g, (int)n), b)) {
            gdb_reply(g, "E01");
            break;
        }
        set_reg(g, (int)n, le_value(b, gdb_reg_size(g, (int)n)));
        gdb_reply(g, "OK");
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
                gdb_reply(g, "E01");
                break;
            }
            set_reg(g, 15, v);
        }
        gdb_resume(g, p[0] == 's');
        break;
    case 'C':
    case 'S':
        gdb_resume(g, p[0] == 'S'); /* signals mean nothing to the core */
        break;
    case 'b':
        if (p[1] == 's' && !p[2])
            gdb_reverse(g, true);
        else if (p[1] == 'c' && !p[2])
            gdb_reverse(g, false);
        else
            (void)g; /* empty reply: unsupported */
        break;
    case 'v':
        if (!strncmp(p, "vCont", 5))
            vcont(g, p + 5);
        else if (!strncmp(p, "vKill", 5)) {
            g->killed = true;
            gdb_reply(g, "OK");
        } else
            (void)g; /* empty reply: unsupported */
        break;
    case 'H':
        gdb_reply(g, (p[1] == 'g' || p[1] == 'c') ? "OK" : "E01");
        break;
    case 'T':
        gdb_reply(g, "OK");
        break;
    case 'Z':
    case 'z':
        gdb_breakpoint(g, p + 1, p[0] == 'Z');
        break;
    case 'q':
        query(g, p);
        break;
    case 'Q':
        if (!strcmp(p, "QStartNoAckMode")) {
            gdb_reply(g, "OK");
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
        gdb_reply(g, "OK");
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

static int end_status(struct machine *m, enum machine_end e)
{
    return e == END_EXIT ? m->exit_code : e == END_MAXCYCLES || e == END_MAXTIME ? TT_EXIT_MAXCYCLES
         : e == END_UNDEF ? TT_EXIT_UNDEF : e == END_BKPT ? TT_EXIT_HALTED : TT_EXIT_LOCKUP;
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
    else if (g->detached) /* the firmware runs on by itself */
        rc = end_status(m, machine_run(m));
    return rc;
}

/* --gdb-nowait: runs the firmware until gdb connects (true: the machine
 * stopped where it was, as QEMU stops when gdb attaches) or the run ends
 * first (false, *rc its status). Pauses fall on multiples of QUANTUM
 * cycles, as the server's own runs do. */
static bool run_until_attach(struct gdb *g, int *rc)
{
    struct machine *m = g->m;
    for (;;) {
        struct pollfd p = { g->lfd, POLLIN, 0 };
        if (poll(&p, 1, 0) > 0)
            return true;
        enum machine_end e = machine_run_for(m, (m->cpu.cycles / QUANTUM + 1) * QUANTUM);
        if (e != END_PAUSE) {
            power_finish(m->power, machine_now_ps(m));
            *rc = end_status(m, e);
            return false;
        }
    }
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
    if (t->nowait)
        fprintf(stderr, "ttemu: gdb server listening on port %d, running (gdb may attach at any time)\n", port);
    else
        fprintf(stderr, "ttemu: gdb server listening on port %d, halted at pc 0x%08x\n", port, m->cpu.pc);
    fflush(stderr);
    int early;
    if (t->nowait && !run_until_attach(g, &early)) {
        close(g->lfd);
        return early;
    }
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
        gdb_setup_snapshots(g);
    } else {
        /* a replay from a snapshot arrived here: this process serves now */
        gdb_rx_init(&g->rx);
        g->m->cpu.on_insn = NULL;
        g->mode = MODE_RUN;
        g->cur = NULL;
        gdb_hist_stop(g);
        send_packet(g, g->pending, strlen(g->pending));
    }
    int rc = serve_loop(g);
    gdb_hist_clear(g);
    free(g->hist);
    g->hist = NULL;
    g->caphist = 0;
    if (g->null_out)
        fclose(g->null_out);
    if (g->null_err)
        fclose(g->null_err);
    if (g->use_fork)
        gdb_finish_fork(g, rc);
    return rc;
}
