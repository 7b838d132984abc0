/* Command-line numbers (numparse.h). */
#include "emu/cli/numparse.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

bool tt_parse_u64(const char *s, uint64_t max, uint64_t *out)
{
    if (!s || !isdigit((unsigned char)*s)) /* no sign, no space: strtoull would take "-1" */
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno == ERANGE || *end || v > max)
        return false;
    *out = v;
    return true;
}

bool tt_parse_time_ps(const char *s, uint64_t bare_unit_ps, uint64_t max_ps, uint64_t *ps)
{
    static const struct { const char *unit; double ps; } units[] = {
        { "s", 1e12 }, { "ms", 1e9 }, { "us", 1e6 }, { "ns", 1e3 }, { "ps", 1 },
    };
    if (!s || !(isdigit((unsigned char)*s) || *s == '.'))
        return false;
    char *end;
    double v = strtod(s, &end);
    if (end == s)
        return false;
    double mul = (double)bare_unit_ps;
    if (*end) {
        size_t k = 0;
        while (k < sizeof units / sizeof units[0] && strcmp(end, units[k].unit))
            k++;
        if (k == sizeof units / sizeof units[0])
            return false;
        mul = units[k].ps;
    }
    double t = v * mul;
    /* the comparison is false for NaN; 1e999 is inf and fails it too */
    if (!(t >= 0 && t <= (double)max_ps))
        return false;
    *ps = t + 0.5 >= (double)max_ps ? max_ps : (uint64_t)(t + 0.5);
    return true;
}
