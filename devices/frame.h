/* Camera frames: an image file (binary PGM or PPM) or a deterministic
 * built-in scene, scaled to the sensor and converted to its pixel format. */
#ifndef TTEMU_DEVICES_FRAME_H
#define TTEMU_DEVICES_FRAME_H

#include <stddef.h>
#include <stdint.h>

struct rgb_image {
    unsigned w, h;
    uint8_t *rgb; /* w*h*3 */
};

/* Reads a P5 (grey) or P6 (RGB) file with maxval <= 255. On error returns
 * -1 with "FILE: offset N: what was expected" in err. */
int frame_load_pnm(const char *path, struct rgb_image *img, char *err, size_t errlen);
/* The built-in scene for frame number n: a face-like shape whose eyes move
 * from frame to frame. */
int frame_test_scene(unsigned w, unsigned h, unsigned n, struct rgb_image *img);
void frame_free(struct rgb_image *img);

/* Pixel formats a sensor can deliver. */
enum pixel_format { PIX_GRAY8, PIX_BAYER8, PIX_RGB565, PIX_RGB888, PIX_YUV422, PIX_RAW10 };
int pixel_format_parse(const char *name, enum pixel_format *out);
unsigned pixel_format_bytes(enum pixel_format f);

/* Scales src to cover w x h (centre crop, nearest neighbour) and writes
 * w*h pixels in format f to out (w*h*pixel_format_bytes(f) bytes). */
void frame_convert(const struct rgb_image *src, unsigned w, unsigned h, enum pixel_format f,
                   uint8_t *out);

#endif
