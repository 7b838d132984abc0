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

static double signed_unit(double v) { return v * 2.0 - 1.0; }

/* Channel k of output pixel (oy, ox) as a real value, or NAN for a given
 * constant (extra). */
static double channel(const struct rgb_image *f, const struct imx500_window *win, uint32_t h,
                      uint32_t w, uint32_t c, int grid, uint32_t oy, uint32_t ox, uint32_t k)
{
    if (k < 3 && (c >= 3 || k == 0))
        return (c >= 3 ? block_mean(f, win, h, w, oy, ox, k) : luminance(f, win, h, w, oy, ox)) / 127.5 - 1.0;
    if (!grid || k > 4)
        return NAN;
    double fx = win->x + (2.0 * ox + 1) * win->w / (2.0 * w);
    double fy = win->y + (2.0 * oy + 1) * win->h / (2.0 * h);
    return k == 3 ? signed_unit(fx / (f->w - 1)) : signed_unit(fy / (f->h - 1));
}

void imx500_isp_tensor(const struct rgb_image *frame, const struct imx500_window *win,
                       uint32_t h, uint32_t w, uint32_t c, float scale, int32_t zero_point,
                       int grid, const int8_t *extra, int8_t *out)
{
    for (uint32_t oy = 0; oy < h; oy++)
        for (uint32_t ox = 0; ox < w; ox++) {
            int8_t *px = out + ((size_t)oy * w + ox) * c;
            for (uint32_t k = 0; k < c; k++) {
                double v = channel(frame, win, h, w, c, grid, oy, ox, k);
                px[k] = isnan(v) ? extra[(k >= 3 ? k - 3 : k - 1) & 1] : quantise(v, scale, zero_point);
            }
        }
}
