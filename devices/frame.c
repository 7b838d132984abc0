/* Frame sources and pixel conversion (see frame.h). */
#include "devices/frame.h"
#include "emu/xalloc.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int pnm_number(FILE *f, unsigned *out)
{
    int ch;
    do { /* whitespace and # comments between header fields */
        ch = fgetc(f);
        if (ch == '#')
            while (ch != '\n' && ch != EOF)
                ch = fgetc(f);
    } while (ch != EOF && isspace(ch));
    if (ch == EOF || !isdigit(ch))
        return -1;
    unsigned long v = 0;
    while (ch != EOF && isdigit(ch)) {
        v = v * 10 + (unsigned long)(ch - '0');
        if (v > 65535)
            return -1;
        ch = fgetc(f);
    }
    *out = (unsigned)v; /* the single whitespace after maxval is consumed here */
    return 0;
}

int frame_load_pnm(const char *path, struct rgb_image *img, char *err, size_t errlen)
{
    memset(img, 0, sizeof *img);
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open", path);
        return -1;
    }
    char magic[2] = { 0 };
    unsigned w, h, maxval;
    bool ok = fread(magic, 1, 2, f) == 2 && magic[0] == 'P' && (magic[1] == '5' || magic[1] == '6');
    if (!ok || pnm_number(f, &w) || pnm_number(f, &h) || pnm_number(f, &maxval) ||
        w == 0 || h == 0 || w > 16384 || h > 16384 || maxval == 0 || maxval > 255) {
        snprintf(err, errlen, "%s: offset %ld: expected a binary PGM (P5) or PPM (P6) header with "
                 "a size up to 16384x16384 and maxval 1-255", path, ftell(f));
        fclose(f);
        return -1;
    }
    unsigned chans = magic[1] == '6' ? 3 : 1;
    size_t n = (size_t)w * h * chans;
    uint8_t *raw = xmalloc(n); /* at most 16384 x 16384 x 3: the header was checked */
    img->rgb = xmalloc((size_t)w * h * 3);
    if (fread(raw, 1, n, f) != n) {
        snprintf(err, errlen, "%s: offset %ld: expected %zu bytes of pixel data", path, ftell(f), n);
        free(raw);
        frame_free(img);
        fclose(f);
        return -1;
    }
    fclose(f);
    for (size_t p = 0; p < (size_t)w * h; p++)
        for (unsigned k = 0; k < 3; k++)
            img->rgb[3 * p + k] = (uint8_t)(raw[chans == 3 ? 3 * p + k : p] * 255u / maxval);
    free(raw);
    img->w = w;
    img->h = h;
    return 0;
}

/* A soft background, a skin-toned ellipse and two dark pupils that move a
 * little every frame, so successive frames differ deterministically. */
int frame_test_scene(unsigned w, unsigned h, unsigned n, struct rgb_image *img)
{
    img->w = w;
    img->h = h;
    img->rgb = xmalloc((size_t)w * h * 3);
    double cx = w / 2.0, cy = h / 2.0, rx = w * 0.3, ry = h * 0.4;
    double shift = ((int)(n % 9) - 4) * (w / 160.0);
    for (unsigned y = 0; y < h; y++)
        for (unsigned x = 0; x < w; x++) {
            uint8_t *p = &img->rgb[3 * ((size_t)y * w + x)];
            double dx = (x - cx) / rx, dy = (y - cy) / ry;
            p[0] = (uint8_t)(60 + 100 * y / h);
            p[1] = (uint8_t)(70 + 80 * x / w);
            p[2] = 120;
            if (dx * dx + dy * dy < 1.0) {
                p[0] = 224; p[1] = 172; p[2] = 140;
            }
            for (int eye = -1; eye <= 1; eye += 2) {
                double ex = cx + eye * rx * 0.4 + shift, ey = cy - ry * 0.2;
                double d2 = (x - ex) * (x - ex) + (y - ey) * (y - ey);
                if (d2 < (w / 40.0) * (w / 40.0))
                    p[0] = p[1] = p[2] = 20;
            }
        }
    return 0;
}

void frame_free(struct rgb_image *img)
{
    free(img->rgb);
    img->rgb = NULL;
    img->w = img->h = 0;
}

static const char *const format_names[] = { "gray8", "bayer8", "rgb565", "rgb888", "yuv422", "raw10" };

int pixel_format_parse(const char *name, enum pixel_format *out)
{
    for (size_t k = 0; k < sizeof format_names / sizeof format_names[0]; k++)
        if (!strcmp(name, format_names[k])) {
            *out = (enum pixel_format)k;
            return 0;
        }
    return -1;
}

unsigned pixel_format_bytes(enum pixel_format f)
{
    static const unsigned bytes[] = { 1, 1, 2, 3, 2, 2 };
    return bytes[f];
}

static uint8_t luma(const uint8_t *p)
{
    return (uint8_t)((77u * p[0] + 150u * p[1] + 29u * p[2]) >> 8); /* BT.601 weights */
}

static void put_pixel(enum pixel_format f, const uint8_t *p, unsigned x, unsigned y, uint8_t *o)
{
    switch (f) {
    case PIX_GRAY8: o[0] = luma(p); break;
    case PIX_BAYER8: /* RGGB */
        o[0] = (y & 1) ? ((x & 1) ? p[2] : p[1]) : ((x & 1) ? p[1] : p[0]);
        break;
    case PIX_RGB565: {
        uint16_t v = (uint16_t)((p[0] >> 3) << 11 | (p[1] >> 2) << 5 | p[2] >> 3);
        o[0] = (uint8_t)v;
        o[1] = (uint8_t)(v >> 8);
        break;
    }
    case PIX_RGB888: memcpy(o, p, 3); break;
    case PIX_YUV422: { /* YUYV: Y then U (even x) or V (odd x) */
        int y8 = luma(p);
        int u = 128 + ((-43 * p[0] - 85 * p[1] + 128 * p[2]) >> 8);
        int v = 128 + ((128 * p[0] - 107 * p[1] - 21 * p[2]) >> 8);
        o[0] = (uint8_t)y8;
        o[1] = (uint8_t)((x & 1) ? v : u);
        break;
    }
    case PIX_RAW10: { /* Bayer RGGB sample scaled to 10 bits, 16-bit little-endian */
        uint8_t b;
        put_pixel(PIX_BAYER8, p, x, y, &b);
        uint16_t v = (uint16_t)(b * 1023u / 255u);
        o[0] = (uint8_t)v;
        o[1] = (uint8_t)(v >> 8);
        break;
    }
    }
}

void frame_convert(const struct rgb_image *src, unsigned w, unsigned h, enum pixel_format f,
                   uint8_t *out)
{
    /* scale so the source covers the target, then crop the centre */
    double s = (double)src->w / w < (double)src->h / h ? (double)src->w / w : (double)src->h / h;
    double ox = (src->w - w * s) / 2, oy = (src->h - h * s) / 2;
    unsigned bpp = pixel_format_bytes(f);
    for (unsigned y = 0; y < h; y++)
        for (unsigned x = 0; x < w; x++) {
            unsigned sx = (unsigned)(ox + (x + 0.5) * s), sy = (unsigned)(oy + (y + 0.5) * s);
            if (sx >= src->w) sx = src->w - 1;
            if (sy >= src->h) sy = src->h - 1;
            put_pixel(f, &src->rgb[3 * ((size_t)sy * src->w + sx)], x, y,
                      &out[((size_t)y * w + x) * bpp]);
        }
}
