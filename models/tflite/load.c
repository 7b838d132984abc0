/* One entry point for the CLI and the devices: a path to a .tflite or .ttm
 * (told apart by content, not by name), or the built-in "tinytracker". */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "emu/cli/cli.h"
#include "models/gen/tinytracker_gen.h"
#include "models/tflite/tflite.h"

static int read_file(const char *path, uint8_t **buf, uint32_t *size, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return TT_EXIT_NOINPUT;
    }
    size_t cap = 1 << 16, n = 0;
    uint8_t *b = aligned_alloc(16, cap);
    while (b) {
        n += fread(b + n, 1, cap - n, f);
        if (n < cap) break;
        if (cap >= (size_t)1 << 30) { /* 1 GiB: far beyond any model we run */
            free(b); fclose(f);
            snprintf(err, errlen, "%s: larger than 1 GiB (expected a model file)", path);
            return TT_EXIT_BADINPUT;
        }
        uint8_t *nb = aligned_alloc(16, cap * 2);
        if (nb) memcpy(nb, b, n);
        free(b);
        b = nb;
        cap *= 2;
    }
    int bad = ferror(f);
    fclose(f);
    if (!b || bad) {
        free(b);
        snprintf(err, errlen, "%s: %s", path, bad ? "read error" : "out of memory");
        return bad ? TT_EXIT_NOINPUT : TT_EXIT_INTERNAL;
    }
    *buf = b;
    *size = (uint32_t)n;
    return 0;
}

static int from_graph(const char *path, tt_graph *g, uint8_t **blob, uint32_t *size, char *err, size_t errlen)
{
    char msg[256];
    int rc = ttm_write(g, blob, size, msg, sizeof msg);
    tt_graph_free(g);
    if (rc) snprintf(err, errlen, "%s: %s", path, msg);
    return rc ? TT_EXIT_BADINPUT : 0;
}

int tt_load_any(const char *path, uint8_t **blob, uint32_t *size, char *err, size_t errlen)
{
    uint8_t *buf;
    uint32_t n;
    tt_graph g;
    char msg[256];
    if (!strcmp(path, "tinytracker")) {
        FILE *probe = fopen(path, "rb"); /* a real file of that name wins */
        if (!probe) {
            if (tt_gen_tinytracker(&g, msg, sizeof msg)) {
                snprintf(err, errlen, "tinytracker: %s", msg);
                return TT_EXIT_INTERNAL;
            }
            return from_graph(path, &g, blob, size, err, errlen);
        }
        fclose(probe);
    }
    int rc = read_file(path, &buf, &n, err, errlen);
    if (rc) return rc;
    uint32_t magic = n >= 4 ? (uint32_t)buf[0] | (uint32_t)buf[1] << 8 | (uint32_t)buf[2] << 16 |
                              (uint32_t)buf[3] << 24 : 0;
    if (magic == TTM_MAGIC) {
        *blob = buf;
        *size = n;
        return 0;
    }
    if (n < 8 || memcmp(buf + 4, "TFL3", 4)) {
        free(buf);
        snprintf(err, errlen, "%s: offset 0: neither 'TTM1' magic nor a 'TFL3' flatbuffer identifier at offset 4 "
                 "(expected a .ttm or .tflite model)", path);
        return TT_EXIT_BADINPUT;
    }
    if (tflite_read(buf, n, &g, msg, sizeof msg)) {
        free(buf);
        snprintf(err, errlen, "%s: %s", path, msg);
        return TT_EXIT_BADINPUT;
    }
    const char *base = strrchr(path, '/');
    snprintf(g.name, sizeof g.name, "%s", base ? base + 1 : path);
    rc = from_graph(path, &g, blob, size, err, errlen);
    free(buf); /* the blob holds copies of every constant */
    return rc;
}
