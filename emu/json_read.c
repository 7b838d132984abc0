/* The JSON reader (emu/json_read.h): recursive descent over the text. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/xalloc.h"

#include "emu/json_read.h"

#define JR_MAX_DEPTH 64

struct jr_parser {
    const char *p, *end, *start;
    char *err;
    size_t errlen;
    bool failed;
};

static void fail(struct jr_parser *s, const char *what)
{
    if (s->failed)
        return;
    unsigned line = 1, col = 1;
    for (const char *q = s->start; q < s->p && q < s->end; q++, col++)
        if (*q == '\n') {
            line++;
            col = 0;
        }
    snprintf(s->err, s->errlen, "line %u, column %u: expected %s", line, col, what);
    s->failed = true;
}

static void skip_ws(struct jr_parser *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
        s->p++;
}

static bool literal(struct jr_parser *s, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n))
        return false;
    s->p += n;
    return true;
}


static void put_utf8(char **buf, size_t *len, unsigned cp)
{
    char *b = *buf + *len;
    if (cp < 0x80) {
        b[0] = (char)cp;
        *len += 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xc0 | cp >> 6);
        b[1] = (char)(0x80 | (cp & 0x3f));
        *len += 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xe0 | cp >> 12);
        b[1] = (char)(0x80 | (cp >> 6 & 0x3f));
        b[2] = (char)(0x80 | (cp & 0x3f));
        *len += 3;
    } else {
        b[0] = (char)(0xf0 | cp >> 18);
        b[1] = (char)(0x80 | (cp >> 12 & 0x3f));
        b[2] = (char)(0x80 | (cp >> 6 & 0x3f));
        b[3] = (char)(0x80 | (cp & 0x3f));
        *len += 4;
    }
}

static bool hex4(struct jr_parser *s, unsigned *out)
{
    if (s->end - s->p < 4)
        return false;
    unsigned v = 0;
    for (int k = 0; k < 4; k++) {
        char c = *s->p++;
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
        else return false;
    }
    *out = v;
    return true;
}

static bool escape(struct jr_parser *s, char **buf, size_t *len)
{
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    char c = *s->p++;
    const char *k = c ? strchr(from, c) : NULL;
    if (k) {
        (*buf)[(*len)++] = to[k - from];
        return true;
    }
    unsigned cp, lo;
    if (c != 'u' || !hex4(s, &cp))
        return false;
    if (cp >= 0xd800 && cp < 0xdc00) {   /* a surrogate pair */
        if (!literal(s, "\\u") || !hex4(s, &lo) || lo < 0xdc00 || lo > 0xdfff)
            return false;
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
    } else if (cp >= 0xdc00 && cp < 0xe000) {
        return false;
    }
    put_utf8(buf, len, cp);
    return true;
}

static char *parse_string(struct jr_parser *s)
{
    if (s->p >= s->end || *s->p != '"') {
        fail(s, "a string");
        return NULL;
    }
    s->p++;
    size_t len = 0, cap = 16;
    char *buf = xrealloc(NULL, cap);
    for (;;) {
        if (len + 5 > cap)
            buf = xrealloc(buf, cap *= 2);
        if (s->p >= s->end || (unsigned char)*s->p < 0x20) {
            fail(s, "a closing '\"' (control characters must be escaped)");
            free(buf);
            return NULL;
        }
        char c = *s->p++;
        if (c == '"')
            break;
        if (c != '\\') {
            buf[len++] = c;
        } else if (s->p >= s->end || !escape(s, &buf, &len)) {
            fail(s, "a valid escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
            free(buf);
            return NULL;
        }
    }
    buf[len] = 0;
    return buf;
}

static void parse_value(struct jr_parser *s, struct jr_node *n, int depth);

static void parse_members(struct jr_parser *s, struct jr_node *n, int depth, bool object)
{
    char close = object ? '}' : ']';
    s->p++;
    skip_ws(s);
    if (s->p < s->end && *s->p == close) {
        s->p++;
        return;
    }
    for (size_t cap = 0;;) {
        if (n->n == cap) {
            cap = cap ? cap * 2 : 4;
            n->items = xrealloc(n->items, cap * sizeof *n->items);
            if (object)
                n->keys = xrealloc(n->keys, cap * sizeof *n->keys);
        }
        memset(&n->items[n->n], 0, sizeof n->items[0]);
        skip_ws(s);
        if (object) {
            n->keys[n->n] = parse_string(s);
            if (!n->keys[n->n])
                return;
            skip_ws(s);
            if (s->p >= s->end || *s->p != ':') {
                n->n++;
                fail(s, "':' after the member's name");
                return;
            }
            s->p++;
        }
        parse_value(s, &n->items[n->n++], depth + 1);
        if (s->failed)
            return;
        skip_ws(s);
        if (s->p < s->end && *s->p == ',') {
            s->p++;
            continue;
        }
        if (s->p < s->end && *s->p == close) {
            s->p++;
            return;
        }
        fail(s, object ? "',' or '}'" : "',' or ']'");
        return;
    }
}

static void parse_number(struct jr_parser *s, struct jr_node *n)
{
    const char *q = s->p;
    if (q < s->end && *q == '-')
        q++;
    if (q >= s->end || *q < '0' || *q > '9') {
        fail(s, "a value (object, array, string, number, true, false or null)");
        return;
    }
    char buf[64];
    size_t k = 0;
    for (const char *r = s->p; r < s->end && strchr("+-0123456789.eE", *r) && k < sizeof buf - 1; r++)
        buf[k++] = *r;
    buf[k] = 0;
    char *endp;
    errno = 0;
    n->number = strtod(buf, &endp);
    if (endp == buf || errno == ERANGE) {
        fail(s, "a number within double range");
        return;
    }
    n->kind = JR_NUMBER;
    s->p += endp - buf;
}

static void parse_value(struct jr_parser *s, struct jr_node *n, int depth)
{
    skip_ws(s);
    if (depth > JR_MAX_DEPTH) {
        fail(s, "nesting at most 64 deep");
        return;
    }
    if (s->p >= s->end) {
        fail(s, "a value");
        return;
    }
    switch (*s->p) {
    case '{': n->kind = JR_OBJECT; parse_members(s, n, depth, true); return;
    case '[': n->kind = JR_ARRAY; parse_members(s, n, depth, false); return;
    case '"':
        n->kind = JR_STRING;
        n->string = parse_string(s);
        return;
    default:
        break;
    }
    if (literal(s, "true")) {
        n->kind = JR_BOOL;
        n->boolean = true;
    } else if (literal(s, "false")) {
        n->kind = JR_BOOL;
    } else if (literal(s, "null")) {
        n->kind = JR_NULL;
    } else {
        parse_number(s, n);
    }
}

static void free_node(struct jr_node *n)
{
    free(n->string);
    for (size_t k = 0; k < n->n; k++) {
        free_node(&n->items[k]);
        if (n->keys)
            free(n->keys[k]);
    }
    free(n->items);
    free(n->keys);
}

void jr_free(struct jr_node *root)
{
    if (!root)
        return;
    free_node(root);
    free(root);
}

struct jr_node *jr_parse(const char *text, size_t len, char *err, size_t errlen)
{
    struct jr_parser s = { text, text + len, text, err, errlen, false };
    struct jr_node *root = xrealloc(NULL, sizeof *root);
    memset(root, 0, sizeof *root);
    parse_value(&s, root, 0);
    skip_ws(&s);
    if (!s.failed && s.p != s.end)
        fail(&s, "the end of the document");
    if (s.failed) {
        jr_free(root);
        return NULL;
    }
    return root;
}

struct jr_node *jr_parse_file(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open", path);
        return NULL;
    }
    size_t cap = 4096, len = 0;
    char *buf = xrealloc(NULL, cap);
    for (size_t got; (got = fread(buf + len, 1, cap - len, f)) > 0;) {
        len += got;
        if (len == cap && cap >= (size_t)256 << 20) {
            fclose(f);
            free(buf);
            snprintf(err, errlen, "%s: expected at most 256 MiB of JSON", path);
            return NULL;
        }
        if (len == cap)
            buf = xrealloc(buf, cap *= 2);
    }
    fclose(f);
    char msg[200];
    struct jr_node *root = jr_parse(buf, len, msg, sizeof msg);
    free(buf);
    if (!root)
        snprintf(err, errlen, "%s: %s", path, msg);
    return root;
}

const struct jr_node *jr_get(const struct jr_node *obj, const char *key)
{
    if (!obj || obj->kind != JR_OBJECT)
        return NULL;
    for (size_t k = 0; k < obj->n; k++)
        if (!strcmp(obj->keys[k], key))
            return &obj->items[k];
    return NULL;
}

double jr_number(const struct jr_node *obj, const char *key, double def)
{
    const struct jr_node *v = jr_get(obj, key);
    return v && v->kind == JR_NUMBER ? v->number : def;
}

const char *jr_string(const struct jr_node *obj, const char *key)
{
    const struct jr_node *v = jr_get(obj, key);
    return v && v->kind == JR_STRING ? v->string : NULL;
}
