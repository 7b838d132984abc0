/* What gdb sees of the target: registers in the remote numbering, the
 * target description and memory map documents, and monitor commands. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "emu/gdb/gdb_internal.h"
#include "emu/power/power.h"

/* ---------------- registers ---------------- */

/* Remote register numbers, in target description order. */
enum { RN_XPSR = 16, RN_D0 = 17, RN_FPSCR = 33, RN_SYS_FPU = 34, RN_SYS_NOFPU = 17 };
static const char *const sys_names[] = { "msp", "psp", "primask", "basepri", "faultmask", "control" };

static bool has_fpu(const struct gdb *g) { return g->m->cpu.model->has_fpu; }
static int sys_base(const struct gdb *g) { return has_fpu(g) ? RN_SYS_FPU : RN_SYS_NOFPU; }
int gdb_nregs(const struct gdb *g) { return sys_base(g) + 6; }

/* Size in bytes of register n, 0 if none. */
unsigned gdb_reg_size(const struct gdb *g, int n)
{
    if (n < 0 || n >= gdb_nregs(g))
        return 0;
    if (has_fpu(g) && n >= RN_D0 && n < RN_FPSCR)
        return 8;
    return 4;
}

uint64_t gdb_reg_get(struct gdb *g, int n)
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

void gdb_reg_set(struct gdb *g, int n, uint64_t v)
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

void gdb_reply_reg(struct gdb *g, int n)
{
    uint64_t v = gdb_reg_get(g, n);
    uint8_t b[8];
    unsigned sz = gdb_reg_size(g, n);
    for (unsigned k = 0; k < sz; k++)
        b[k] = (uint8_t)(v >> (8 * k));
    gdb_reply_hex(g, b, sz);
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

void gdb_monitor(struct gdb *g, const char *cmd, char *buf, size_t cap)
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
        gdb_hist_add(g, H_FINISH, 0, 0, 0, NULL);
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
        gdb_hist_add(g, H_FINISH, 0, 0, 0, NULL);
        int cur = power_current_phase(p);
        mon_printf(buf, cap, &len, "phase: %s\n", cur >= 0 ? power_phase_name(p, cur) : "?");
        for (size_t ph = 0; ph < power_nphases(p); ph++)
            mon_printf(buf, cap, &len, "  %-16s %.9f s, entered %u times, %.6f uJ\n", power_phase_name(p, (int)ph),
                       (double)power_phase_time_ps(p, (int)ph) * 1e-12, power_phase_entries(p, (int)ph),
                       power_phase_energy_pj(p, (int)ph) * 1e-6);
    } else if (!strcmp(cmd, "reset")) {
        gdb_hist_clear(g);
        g->exited = false;
        if (g->use_fork) {
            static const char msg[] = "machine reset: back at the reset vector\n";
            char rep[2 * sizeof msg + 1];
            gdb_hex_encode((const uint8_t *)msg, sizeof msg - 1, rep);
            gdb_handover(g, 0, rep);
        }
        if (gdb_replay_to(g, 0, MODE_REPLAY))
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
void gdb_xfer(struct gdb *g, const char *obj, const char *rest)
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
        gdb_reply(g, "E00");
        return;
    }
    uint64_t off, len;
    if (!gdb_parse_hex(&rest, &off) || *rest++ != ',' || !gdb_parse_hex(&rest, &len) || *rest) {
        gdb_reply(g, "E01");
        return;
    }
    if (len > GDB_PACKET_MAX - 8)
        len = GDB_PACKET_MAX - 8;
    if (off >= n) {
        gdb_reply(g, "l");
        return;
    }
    size_t take = n - off < len ? n - off : len;
    gdb_reply(g, "%c", off + take >= n ? 'l' : 'm');
    memcpy(g->out + g->outlen, doc + off, take);
    g->outlen += take;
}
