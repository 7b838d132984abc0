/* The ISP's crop, area scaling and quantisation into the input tensor
 * (devices/imx500.h). Pure: no machine, so tests can call it directly. */
#include <math.h>

#include "devices/imx500.h"

static int8_t quantise(double real, float scale, int32_t zp)
{
    long q = lround(real / scale) + zp;
    return (int8_t)(q < -128 ? -128 : q > 127 ? 127 : q);
}

/* Mean of channel ch over the source block of output pixel (oy, ox). */
static double block_mean(const struct rgb_image *f, const struct imx500_window *win, uint32_t h,
                         uint32_t w, uint32_t oy, uint32_t ox, unsigned ch)
{
    uint32_t y0 = win->y + oy * win->h / h, y1 = win->y + (oy + 1) * win->h / h;
    uint32_t x0 = win->x + ox * win->w / w, x1 = win->x + (ox + 1) * win->w / w;
    if (y1 == y0) y1 = y0 + 1; /* upscaling: the nearest source pixel */
    if (x1 == x0) x1 = x0 + 1;
    double sum = 0;
    for (uint32_t y = y0; y < y1; y++)
        for (uint32_t x = x0; x < x1; x++)
            sum += f->rgb[((size_t)y * f->w + x) * 3 + ch];
    return sum / ((double)(y1 - y0) * (x1 - x0));
}

static double luminance(const struct rgb_image *f, const struct imx500_window *win, uint32_t h,
                        uint32_t w, uint32_t oy, uint32_t ox)
{   /* ITU-R BT.601 weights */
    return 0.299 * block_mean(f, win, h, w, oy, ox, 0) + 0.587 * block_mean(f, win, h, w, oy, ox, 1) +
           0.114 * block_mean(f, win, h, w, oy, ox, 2);
}

void imx500_isp_tensor(const struct rgb_image *frame, const struct imx500_window *win,
                       uint32_t h, uint32_t w, uint32_t c, float scale, int32_t zero_point,
                       const int8_t *extra, int8_t *out)
{
    for (uint32_t oy = 0; oy < h; oy++)
        for (uint32_t ox = 0; ox < w; ox++) {
            int8_t *px = out + ((size_t)oy * w + ox) * c;
            for (uint32_t k = 0; k < c; k++) {
                if (k >= 3 || (c < 3 && k >= 1)) {
                    px[k] = extra[k >= 3 ? k - 3 : k - 1];
                    continue;
                }
                double v = c < 3 ? luminance(frame, win, h, w, oy, ox)
                                 : block_mean(frame, win, h, w, oy, ox, k);
                px[k] = quantise(v / 255.0, scale, zero_point);
            }
        }
}
