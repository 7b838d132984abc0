/* The one JSON writer (see json.h). */
#include "emu/json.h"

#include <math.h>

/* Length of the valid UTF-8 sequence at p, or 0 when it is not one
 * (stray continuation, truncated, overlong, surrogate, above U+10FFFF). */
static int utf8_len(const unsigned char *p)
{
    unsigned c = p[0];
    int n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
    if (n == 0 || c > 0xf4 || c == 0xc0 || c == 0xc1)
        return 0;
    uint32_t cp = c & (0x7fu >> n);
    for (int k = 1; k < n; k++) {
        if ((p[k] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (p[k] & 0x3fu);
    }
    static const uint32_t min_cp[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_cp[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return n;
}

void json_put_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        if (*p == '"' || *p == '\\') {
            fprintf(f, "\\%c", *p++);
        } else if (*p < 0x20 || *p == 0x7f) {
            fprintf(f, "\\u%04x", *p++);
        } else if (*p < 0x80) {
            fputc(*p++, f);
        } else {
            int n = utf8_len(p);
            if (n) {
                fwrite(p, 1, (size_t)n, f);
                p += n;
            } else {
                fputs("\\ufffd", f);
                p++;
            }
        }
    }
    fputc('"', f);
}

static void indent(struct json *j, int depth)
{
    for (int k = 0; k < depth; k++)
        fputs("  ", j->f);
}

/* Separator, line break and key before a value at the current depth. */
static void entry(struct json *j, const char *key)
{
    if (j->depth > 0) {
        if (!j->empty[j->depth])
            fputc(',', j->f);
        if (j->pretty) {
            fputc('\n', j->f);
            indent(j, j->depth);
        } else if (j->line_depth && j->depth == j->line_depth) {
            fputc('\n', j->f);
        }
        j->empty[j->depth] = false;
    }
    if (key && j->depth > 0 && !j->is_list[j->depth]) {
        json_put_string(j->f, key);
        fputs(j->pretty ? ": " : ":", j->f);
    }
}

void json_begin(struct json *j, FILE *f, bool pretty, int line_depth)
{
    *j = (struct json){.f = f, .pretty = pretty, .line_depth = line_depth};
}

static void open_(struct json *j, const char *key, bool list)
{
    entry(j, key);
    fputc(list ? '[' : '{', j->f);
    if (j->depth < JSON_MAX_DEPTH)
        j->depth++;
    j->empty[j->depth] = true;
    j->is_list[j->depth] = list;
}

void json_obj(struct json *j, const char *key) { open_(j, key, false); }
void json_arr(struct json *j, const char *key) { open_(j, key, true); }

void json_close(struct json *j)
{
    if (j->depth == 0)
        return;
    bool list = j->is_list[j->depth], empty = j->empty[j->depth];
    j->depth--;
    if (j->pretty && !empty) {
        fputc('\n', j->f);
        indent(j, j->depth);
    }
    fputc(list ? ']' : '}', j->f);
}

void json_end(struct json *j)
{
    while (j->depth > 0)
        json_close(j);
    fputc('\n', j->f);
}

void json_str(struct json *j, const char *key, const char *s)
{
    entry(j, key);
    if (s)
        json_put_string(j->f, s);
    else
        fputs("null", j->f);
}

void json_u64(struct json *j, const char *key, uint64_t v)
{
    entry(j, key);
    fprintf(j->f, "%llu", (unsigned long long)v);
}

void json_i64(struct json *j, const char *key, int64_t v)
{
    entry(j, key);
    fprintf(j->f, "%lld", (long long)v);
}

void json_num(struct json *j, const char *key, double v, int decimals)
{
    entry(j, key);
    if (isfinite(v))
        fprintf(j->f, "%.*f", decimals, v);
    else
        fputs("null", j->f);
}

void json_bool(struct json *j, const char *key, bool v)
{
    entry(j, key);
    fputs(v ? "true" : "false", j->f);
}

void json_null(struct json *j, const char *key)
{
    entry(j, key);
    fputs("null", j->f);
}
