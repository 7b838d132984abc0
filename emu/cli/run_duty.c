/* `ttemu run --clock/--set/--frames/--fps/--battery` (emu/cli/run_duty.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "emu/cli/cli.h"
#include "emu/cli/numparse.h"
#include "emu/cli/run_duty.h"
#include "emu/power/report.h"

static const char *const opts[] = { "--clock", "--set", "--frames", "--fps", "--battery", NULL };

bool run_duty_is_opt(const char *opt)
{
    for (const char *const *o = opts; *o; o++)
        if (!strcmp(*o, opt))
            return true;
    return false;
}

/* A positive decimal with at most three decimals (what the firmware reads). */
static bool parse_fps(const char *s, double *out)
{
    const char *dot = strchr(s, '.');
    if (!*s || strspn(s, "0123456789.") != strlen(s) || (dot && (strchr(dot + 1, '.') || strlen(dot + 1) > 3)))
        return false;
    *out = strtod(s, NULL);
    return *out > 0 && *out <= 100000;
}

/* "1000@3.7": milliampere-hours at volts. */
static bool parse_battery(const char *s, double *mah, double *v)
{
    char *end;
    *mah = strtod(s, &end);
    if (end == s || *end != '@')
        return false;
    const char *vs = end + 1;
    *v = strtod(vs, &end);
    return end != vs && !*end && isfinite(*mah) && isfinite(*v) && *mah > 0 && *v > 0;
}

bool run_duty_value_ok(const char *name, const char *val)
{
    uint64_t n;
    double fps;
    if (!strcmp(name, "frames"))
        return tt_parse_u64(val, 1000000, &n) && n > 0;
    return parse_fps(val, &fps);
}

int run_duty_opt(struct run_duty *d, const char *opt, const char *val)
{
    char err[256];
    uint64_t n;
    if (!strcmp(opt, "--clock")) {
        d->ov.clock = val;   /* checked against the board's levels at machine_init */
        return 0;
    }
    if (!strcmp(opt, "--set")) {
        if (board_override_syntax(val, err, sizeof err)) {
            tt_error("run: %s", err);
            return TT_EXIT_USAGE;
        }
        if (d->ov.nsets == OVERRIDE_MAX_SETS) {
            tt_error("run: --set %s: at most %d --set options", val, OVERRIDE_MAX_SETS);
            return TT_EXIT_USAGE;
        }
        d->ov.sets[d->ov.nsets++] = val;
        return 0;
    }
    if (!strcmp(opt, "--frames")) {
        if (!tt_parse_u64(val, 1000000, &n) || n == 0) {
            tt_error("run: --frames '%s': expected a whole number of frames, 1 to 1000000", val);
            return TT_EXIT_USAGE;
        }
        d->frames = (unsigned)n;
        return 0;
    }
    if (!strcmp(opt, "--fps")) {
        if (!parse_fps(val, &d->fps)) {
            tt_error("run: --fps '%s': expected frames a second above 0, at most three decimals (30, 0.5)", val);
            return TT_EXIT_USAGE;
        }
        d->fps_text = val;
        return 0;
    }
    if (!parse_battery(val, &d->battery_mah, &d->battery_v)) {
        tt_error("run: --battery '%s': expected MAH@VOLTS, both positive (1000@3.7)", val);
        return TT_EXIT_USAGE;
    }
    return 0;
}

int run_duty_check(const struct run_duty *d)
{
    if ((d->fps > 0 || d->battery_mah > 0) && !d->frames) {
        tt_error("run: %s needs --frames N", d->fps > 0 ? "--fps" : "--battery");
        return TT_EXIT_USAGE;
    }
    return 0;
}

void run_duty_cmdline(const struct run_duty *d, char *cmdline, size_t cap)
{
    size_t len = strlen(cmdline);
    if (d->frames)
        snprintf(cmdline + len, cap - len, " --frames %u%s%s", d->frames, d->fps_text ? " --fps " : "",
                 d->fps_text ? d->fps_text : "");
}

void run_duty_report(const struct run_duty *d, struct report_info *info)
{
    info->duty_frames = d->frames;
    info->duty_fps = d->fps;
    info->battery_mah = d->battery_mah;
    info->battery_v = d->battery_v;
}
