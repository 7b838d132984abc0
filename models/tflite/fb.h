/* A bounds-checked reader for FlatBuffers binaries (the .tflite container),
 * written from the FlatBuffers binary format description: every offset is
 * checked against the buffer before it is followed, and a failure records
 * one message naming the place (what was being read, at which offset) and
 * what was expected. Readers never recurse, so a hostile file cannot loop. */
#ifndef TT_FB_H
#define TT_FB_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    const uint8_t *buf;
    uint32_t size;
    char err[256];   /* first failure, "" if none */
} fb_ctx;

typedef struct {
    uint32_t pos;     /* table start */
    uint32_t vt;      /* vtable start */
    uint16_t vt_size, t_size;
} fb_table;

/* All return 0 on success, -1 after recording an error in ctx->err;
 * `what` names the table or field for the message (e.g. "SubGraph[0]"). */
int fb_root(fb_ctx *c, fb_table *t);
int fb_table_at(fb_ctx *c, uint32_t pos, const char *what, fb_table *t);
/* Scalars: an absent field yields dflt. */
int fb_u8(fb_ctx *c, const fb_table *t, unsigned field, uint8_t dflt, const char *what, uint8_t *out);
int fb_i32(fb_ctx *c, const fb_table *t, unsigned field, int32_t dflt, const char *what, int32_t *out);
int fb_u32(fb_ctx *c, const fb_table *t, unsigned field, uint32_t dflt, const char *what, uint32_t *out);
int fb_u64(fb_ctx *c, const fb_table *t, unsigned field, uint64_t dflt, const char *what, uint64_t *out);
int fb_f32(fb_ctx *c, const fb_table *t, unsigned field, float dflt, const char *what, float *out);
/* A sub-table; *present = 0 when the field is absent. */
int fb_sub(fb_ctx *c, const fb_table *t, unsigned field, const char *what, fb_table *out, int *present);
/* A vector of elem_size-byte elements: *pos = first element, *len = count
 * (0 and 0 when absent). */
int fb_vec(fb_ctx *c, const fb_table *t, unsigned field, unsigned elem_size, const char *what,
           uint32_t *pos, uint32_t *len);
/* Element i of a vector of tables starting at vec_pos. */
int fb_vec_table(fb_ctx *c, uint32_t vec_pos, uint32_t i, const char *what, fb_table *out);
/* A string (not necessarily NUL-terminated in the buffer): *s, *len. */
int fb_str(fb_ctx *c, const fb_table *t, unsigned field, const char *what, const char **s, uint32_t *len);

int32_t fb_read_i32(const fb_ctx *c, uint32_t pos);
int64_t fb_read_i64(const fb_ctx *c, uint32_t pos);
float fb_read_f32(const fb_ctx *c, uint32_t pos);
int fb_fail(fb_ctx *c, uint32_t at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
