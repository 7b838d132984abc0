/* ARM semihosting (see semihost.h). Guest memory is reached through the
 * debug bus path: a bad pointer makes the call fail (-1), never a fault. */
#include "emu/semihost.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "emu/bus.h"
#include "isa/cpu.h"

enum {
    SYS_OPEN = 0x01, SYS_CLOSE = 0x02, SYS_WRITEC = 0x03, SYS_WRITE0 = 0x04,
    SYS_WRITE = 0x05, SYS_READ = 0x06, SYS_READC = 0x07, SYS_ISERROR = 0x08,
    SYS_ISTTY = 0x09, SYS_SEEK = 0x0a, SYS_FLEN = 0x0c, SYS_REMOVE = 0x0e,
    SYS_RENAME = 0x0f, SYS_CLOCK = 0x10, SYS_TIME = 0x11, SYS_SYSTEM = 0x12,
    SYS_ERRNO = 0x13, SYS_GET_CMDLINE = 0x15, SYS_HEAPINFO = 0x16, SYS_EXIT = 0x18,
    SYS_EXIT_EXTENDED = 0x20, SYS_ELAPSED = 0x30, SYS_TICKFREQ = 0x31,
};
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u

/* ":semihosting-features": magic "SHFB" and one feature byte:
 * bit 0 SH_EXT_EXIT_EXTENDED, bit 1 SH_EXT_STDOUT_STDERR. */
static const uint8_t features[5] = { 'S', 'H', 'F', 'B', 0x03 };

void semihost_init(struct semihost *sh)
{
    memset(sh, 0, sizeof *sh);
    sh->out = stdout;
    sh->err = stderr;
    sh->in = stdin;
}

void semihost_close_all(struct semihost *sh)
{
    for (int k = 0; k < SEMIHOST_MAX_FILES; k++)
        if (sh->files[k] && !sh->is_tty[k])
            fclose(sh->files[k]);
    memset(sh->files, 0, sizeof sh->files);
}

static bool arg(struct cpu *c, uint32_t block, unsigned k, uint32_t *v)
{
    return bus_debug_read(c->bus, block + 4 * k, v, 4);
}

static int new_handle(struct semihost *sh)
{
    for (int k = 1; k < SEMIHOST_MAX_FILES; k++) /* 0 is never handed out */
        if (!sh->files[k] && !sh->is_features[k])
            return k;
    return -1;
}

static bool handle_ok(const struct semihost *sh, uint32_t h)
{
    return h < SEMIHOST_MAX_FILES && (sh->files[h] || sh->is_features[h]);
}

static uint32_t sys_open(struct semihost *sh, struct cpu *c, uint32_t block)
{
    static const char *const modes[12] = { "r", "rb", "r+", "r+b", "w", "wb", "w+", "w+b",
                                           "a", "ab", "a+", "a+b" };
    uint32_t ptr, mode, len;
    char name[512];
    if (!arg(c, block, 0, &ptr) || !arg(c, block, 1, &mode) || !arg(c, block, 2, &len) ||
        mode > 11 || len >= sizeof name || !bus_debug_read(c->bus, ptr, name, len))
        return sh->last_errno = EINVAL, 0xffffffffu;
    name[len] = 0;
    int h = new_handle(sh);
    if (h < 0)
        return sh->last_errno = EMFILE, 0xffffffffu;
    if (!strcmp(name, ":tt")) {
        sh->files[h] = mode < 4 ? sh->in : mode < 8 ? sh->out : sh->err;
        sh->is_tty[h] = true;
    } else if (!strcmp(name, ":semihosting-features")) {
        sh->is_features[h] = true;
        sh->feature_pos[h] = 0;
    } else {
        FILE *f = fopen(name, modes[mode]);
        if (!f)
            return sh->last_errno = errno, 0xffffffffu;
        sh->files[h] = f;
        sh->is_tty[h] = false;
    }
    return (uint32_t)h;
}

static uint32_t sys_close(struct semihost *sh, uint32_t h)
{
    if (!handle_ok(sh, h))
        return sh->last_errno = EBADF, 0xffffffffu;
    if (!sh->is_tty[h] && sh->files[h])
        fclose(sh->files[h]);
    sh->files[h] = NULL;
    sh->is_tty[h] = sh->is_features[h] = false;
    return 0;
}

/* SYS_WRITE and SYS_READ return the number of bytes NOT transferred. */
static uint32_t sys_write(struct semihost *sh, struct cpu *c, uint32_t h, uint32_t buf, uint32_t len)
{
    if (!handle_ok(sh, h) || sh->is_features[h])
        return sh->last_errno = EBADF, len;
    uint8_t chunk[4096];
    uint32_t done = 0;
    while (done < len) {
        uint32_t n = len - done < sizeof chunk ? len - done : (uint32_t)sizeof chunk;
        if (!bus_debug_read(c->bus, buf + done, chunk, n) || fwrite(chunk, 1, n, sh->files[h]) != n)
            break;
        done += n;
    }
    if (sh->is_tty[h])
        fflush(sh->files[h]);
    return len - done;
}

static uint32_t sys_read(struct semihost *sh, struct cpu *c, uint32_t h, uint32_t buf, uint32_t len)
{
    if (!handle_ok(sh, h))
        return sh->last_errno = EBADF, len;
    uint8_t chunk[4096];
    uint32_t done = 0;
    while (done < len) {
        uint32_t want = len - done < sizeof chunk ? len - done : (uint32_t)sizeof chunk, n = 0;
        if (sh->is_features[h]) {
            while (n < want && sh->feature_pos[h] < sizeof features)
                chunk[n++] = features[sh->feature_pos[h]++];
        } else {
            n = (uint32_t)fread(chunk, 1, want, sh->files[h]);
        }
        if (n == 0 || !bus_debug_write(c->bus, buf + done, chunk, n))
            break;
        done += n;
        if (n < want)
            break;
    }
    return len - done;
}

static uint32_t sys_seek(struct semihost *sh, uint32_t h, uint32_t pos)
{
    if (!handle_ok(sh, h))
        return sh->last_errno = EBADF, 0xffffffffu;
    if (sh->is_features[h]) {
        sh->feature_pos[h] = pos;
        return 0;
    }
    if (fseek(sh->files[h], (long)pos, SEEK_SET))
        return sh->last_errno = errno, 0xffffffffu;
    return 0;
}

static uint32_t sys_flen(struct semihost *sh, uint32_t h)
{
    if (!handle_ok(sh, h))
        return sh->last_errno = EBADF, 0xffffffffu;
    if (sh->is_features[h])
        return sizeof features;
    if (sh->is_tty[h])
        return 0;
    long here = ftell(sh->files[h]);
    fseek(sh->files[h], 0, SEEK_END);
    long end = ftell(sh->files[h]);
    fseek(sh->files[h], here, SEEK_SET);
    return (uint32_t)end;
}

/* SYS_WRITE0 and SYS_WRITEC write to the debug console, which QEMU (the
 * peer the tests compare with) sends to stderr. */
static uint32_t write0(struct semihost *sh, struct cpu *c, uint32_t p)
{
    char ch;
    while (bus_debug_read(c->bus, p++, &ch, 1) && ch)
        fputc(ch, sh->err);
    fflush(sh->err);
    return 0;
}

static uint32_t get_cmdline(struct semihost *sh, struct cpu *c, uint32_t block)
{
    uint32_t buf, size;
    const char *cmd = sh->cmdline ? sh->cmdline : "";
    size_t len = strlen(cmd);
    if (!arg(c, block, 0, &buf) || !arg(c, block, 1, &size) || len + 1 > size ||
        !bus_debug_write(c->bus, buf, cmd, len + 1))
        return 0xffffffffu;
    uint32_t len32 = (uint32_t)len;
    bus_debug_write(c->bus, block + 4, &len32, 4);
    return 0;
}

static uint32_t heapinfo(struct semihost *sh, struct cpu *c, uint32_t ptr)
{
    uint32_t block, info[4] = { sh->heap_base, sh->heap_limit, sh->stack_base, sh->stack_limit };
    if (!arg(c, ptr, 0, &block) || !bus_debug_write(c->bus, block, info, sizeof info))
        return 0xffffffffu;
    return 0;
}

/* QEMU's and the spec's rule: only ApplicationExit is a clean exit; with
 * SYS_EXIT_EXTENDED (or the block form) it carries the status code. */
static void sys_exit(struct cpu *c, uint32_t op, uint32_t r1)
{
    uint32_t reason = r1, code = 0;
    if (op == SYS_EXIT_EXTENDED) {
        arg(c, r1, 0, &reason);
        arg(c, r1, 1, &code);
        c->exit_code = reason == ADP_STOPPED_APPLICATION_EXIT ? (int)(code & 0xff) : 1;
    } else {
        c->exit_code = reason == ADP_STOPPED_APPLICATION_EXIT ? 0 : 1;
    }
    cpu_stop_with(c, CPU_STOP_EXIT);
}

static uint64_t now_ps(struct semihost *sh)
{
    return sh->now_ps ? sh->now_ps(sh->time_ctx) : 0;
}

static uint32_t elapsed(struct semihost *sh, struct cpu *c, uint32_t block)
{
    uint64_t ticks = c->cycles;
    return bus_debug_write(c->bus, block, &ticks, 8) ? 0 : 0xffffffffu;
    (void)sh;
}

static uint32_t dispatch(struct semihost *sh, struct cpu *c, uint32_t op, uint32_t r1, bool *known)
{
    uint32_t a = 0, b = 0, n = 0;
    *known = true;
    switch (op) {
    case SYS_OPEN: return sys_open(sh, c, r1);
    case SYS_CLOSE: return arg(c, r1, 0, &a) ? sys_close(sh, a) : 0xffffffffu;
    case SYS_WRITEC: { /* the debug console: stderr, as QEMU has it */
        char ch;
        if (bus_debug_read(c->bus, r1, &ch, 1)) { fputc(ch, sh->err); fflush(sh->err); }
        return 0;
    }
    case SYS_WRITE0: return write0(sh, c, r1);
    case SYS_WRITE:
        if (!arg(c, r1, 0, &a) || !arg(c, r1, 1, &b) || !arg(c, r1, 2, &n)) return 0xffffffffu;
        return sys_write(sh, c, a, b, n);
    case SYS_READ:
        if (!arg(c, r1, 0, &a) || !arg(c, r1, 1, &b) || !arg(c, r1, 2, &n)) return 0xffffffffu;
        return sys_read(sh, c, a, b, n);
    case SYS_READC: { int ch = fgetc(sh->in); return ch == EOF ? 0xffffffffu : (uint32_t)ch; }
    case SYS_ISERROR: return arg(c, r1, 0, &a) && (int32_t)a < 0;
    case SYS_ISTTY: /* as QEMU: whether the host file behind the handle is a terminal */
        if (arg(c, r1, 0, &a) && handle_ok(sh, a) && sh->files[a] && isatty(fileno(sh->files[a])))
            return 1;
        sh->last_errno = ENOTTY;
        return 0;
    case SYS_SEEK:
        if (!arg(c, r1, 0, &a) || !arg(c, r1, 1, &b)) return 0xffffffffu;
        return sys_seek(sh, a, b);
    case SYS_FLEN: return arg(c, r1, 0, &a) ? sys_flen(sh, a) : 0xffffffffu;
    case SYS_CLOCK: return (uint32_t)(now_ps(sh) / 10000000000ull); /* centiseconds */
    case SYS_TIME: return (uint32_t)(now_ps(sh) / 1000000000000ull);
    case SYS_SYSTEM: case SYS_REMOVE: case SYS_RENAME:
        sh->last_errno = EPERM; /* never run host commands or touch host files by name */
        return 0xffffffffu;
    case SYS_ERRNO: return (uint32_t)sh->last_errno;
    case SYS_GET_CMDLINE: return get_cmdline(sh, c, r1);
    case SYS_HEAPINFO: return heapinfo(sh, c, r1);
    case SYS_EXIT: case SYS_EXIT_EXTENDED: sys_exit(c, op, r1); return 0;
    case SYS_ELAPSED: return elapsed(sh, c, r1);
    case SYS_TICKFREQ: return (uint32_t)sh->tick_hz;
    }
    *known = false;
    return 0xffffffffu;
}

bool semihost_call(struct semihost *sh, struct cpu *c)
{
    bool known;
    uint32_t r0 = dispatch(sh, c, c->r[0], c->r[1], &known);
    if (c->stop != CPU_STOP_EXIT)
        c->r[0] = r0;
    return known;
}
