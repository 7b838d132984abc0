/* FlatBuffers binary format, as used here:
 *  - the buffer starts with a uoffset (u32) to the root table;
 *  - a table starts with an soffset (i32): vtable = table - soffset;
 *  - a vtable is u16 vtable_size, u16 table_size, then one u16 per field
 *    giving the field's offset inside the table (0 = absent, use default);
 *  - reference fields (tables, vectors, strings) hold a uoffset relative to
 *    the field's own position; a vector/string is a u32 count then data.
 * All multi-byte values are little-endian. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "models/tflite/fb.h"

int fb_fail(fb_ctx *c, uint32_t at, const char *fmt, ...)
{
    if (c->err[0]) return -1; /* keep the first, most precise failure */
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(c->err, sizeof c->err, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n < sizeof c->err)
        snprintf(c->err + n, sizeof c->err - (size_t)n, " (at offset 0x%x)", at);
    return -1;
}

static int avail(const fb_ctx *c, uint64_t pos, uint64_t len)
{
    return pos <= c->size && len <= c->size - pos;
}

static uint32_t rd32(const fb_ctx *c, uint32_t pos)
{
    const uint8_t *p = c->buf + pos;
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t rd16(const fb_ctx *c, uint32_t pos)
{
    return (uint16_t)(c->buf[pos] | c->buf[pos + 1] << 8);
}

int32_t fb_read_i32(const fb_ctx *c, uint32_t pos) { return (int32_t)rd32(c, pos); }

int64_t fb_read_i64(const fb_ctx *c, uint32_t pos)
{
    return (int64_t)((uint64_t)rd32(c, pos) | (uint64_t)rd32(c, pos + 4) << 32);
}

float fb_read_f32(const fb_ctx *c, uint32_t pos)
{
    uint32_t u = rd32(c, pos);
    float f;
    memcpy(&f, &u, 4);
    return f;
}

int fb_table_at(fb_ctx *c, uint32_t pos, const char *what, fb_table *t)
{
    if (!avail(c, pos, 4)) return fb_fail(c, pos, "%s: table at 0x%x (expected inside the %u-byte file)", what, pos, c->size);
    int64_t vt = (int64_t)pos - (int32_t)rd32(c, pos);
    if (vt < 0 || !avail(c, (uint64_t)vt, 4))
        return fb_fail(c, pos, "%s: vtable at 0x%llx (expected inside the %u-byte file)", what,
                       (unsigned long long)vt, c->size);
    t->pos = pos;
    t->vt = (uint32_t)vt;
    t->vt_size = rd16(c, t->vt);
    t->t_size = rd16(c, t->vt + 2);
    if (t->vt_size < 4 || t->vt_size % 2 || !avail(c, t->vt, t->vt_size))
        return fb_fail(c, t->vt, "%s: vtable size %u invalid (expected even, >= 4, inside the file)",
                       what, t->vt_size);
    if (t->t_size < 4 || !avail(c, pos, t->t_size))
        return fb_fail(c, pos, "%s: table of %u bytes (expected to end inside the %u-byte file)", what,
                       t->t_size, c->size);
    return 0;
}

int fb_root(fb_ctx *c, fb_table *t)
{
    if (c->size < 8) return fb_fail(c, 0, "file of %u bytes is too short for a FlatBuffer", c->size);
    return fb_table_at(c, rd32(c, 0), "Model (root table)", t);
}

/* Position of a field of `size` bytes, 0 when absent. */
static int field(fb_ctx *c, const fb_table *t, unsigned f, unsigned size, const char *what, uint32_t *pos)
{
    uint32_t slot = 4u + 2u * f;
    *pos = 0;
    if (slot + 2u > t->vt_size) return 0;
    uint16_t off = rd16(c, t->vt + slot);
    if (off == 0) return 0;
    if ((uint32_t)off + size > t->t_size)
        return fb_fail(c, t->pos, "%s: field %u at table offset %u (expected inside its %u-byte table)",
                       what, f, off, t->t_size);
    *pos = t->pos + off;
    return 0;
}

#define SCALAR(name, type, size, expr)                                                   \
    int name(fb_ctx *c, const fb_table *t, unsigned f, type dflt, const char *what, type *out) \
    {                                                                                    \
        uint32_t p;                                                                      \
        if (field(c, t, f, size, what, &p)) return -1;                                   \
        *out = p ? (expr) : dflt;                                                        \
        return 0;                                                                        \
    }
SCALAR(fb_u8, uint8_t, 1, c->buf[p])
SCALAR(fb_i32, int32_t, 4, (int32_t)rd32(c, p))
SCALAR(fb_u32, uint32_t, 4, rd32(c, p))
SCALAR(fb_u64, uint64_t, 8, (uint64_t)fb_read_i64(c, p))
SCALAR(fb_f32, float, 4, fb_read_f32(c, p))

/* Follows a reference field; *target = 0 when absent. */
static int ref(fb_ctx *c, const fb_table *t, unsigned f, const char *what, uint32_t *target)
{
    uint32_t p;
    *target = 0;
    if (field(c, t, f, 4, what, &p)) return -1;
    if (!p) return 0;
    uint64_t to = (uint64_t)p + rd32(c, p);
    if (!avail(c, to, 4)) return fb_fail(c, p, "%s: reference field %u points to 0x%llx (expected inside the %u-byte file)",
                                      what, f, (unsigned long long)to, c->size);
    *target = (uint32_t)to;
    return 0;
}

int fb_sub(fb_ctx *c, const fb_table *t, unsigned f, const char *what, fb_table *out, int *present)
{
    uint32_t to;
    *present = 0;
    if (ref(c, t, f, what, &to)) return -1;
    if (!to) return 0;
    *present = 1;
    return fb_table_at(c, to, what, out);
}

int fb_vec(fb_ctx *c, const fb_table *t, unsigned f, unsigned elem_size, const char *what,
           uint32_t *pos, uint32_t *len)
{
    uint32_t to;
    *pos = *len = 0;
    if (ref(c, t, f, what, &to)) return -1;
    if (!to) return 0;
    uint32_t n = rd32(c, to);
    if (!avail(c, (uint64_t)to + 4, (uint64_t)n * elem_size))
        return fb_fail(c, to, "%s: vector of %u x %u-byte elements (expected to end inside the %u-byte file)",
                       what, n, elem_size, c->size);
    *pos = to + 4;
    *len = n;
    return 0;
}

int fb_vec_table(fb_ctx *c, uint32_t vec_pos, uint32_t i, const char *what, fb_table *out)
{
    uint32_t p = vec_pos + 4u * i;
    uint64_t to = (uint64_t)p + rd32(c, p);
    if (to > c->size)
        return fb_fail(c, p, "%s: table reference to 0x%llx (expected inside the %u-byte file)", what,
                       (unsigned long long)to, c->size);
    return fb_table_at(c, (uint32_t)to, what, out);
}

int fb_str(fb_ctx *c, const fb_table *t, unsigned f, const char *what, const char **s, uint32_t *len)
{
    uint32_t pos;
    if (fb_vec(c, t, f, 1, what, &pos, len)) return -1;
    *s = pos ? (const char *)c->buf + pos : "";
    return 0;
}
