/* Frame to model input.
 *
 * Filter: nearest sample. Output pixel (ox, oy) of an OW x OH input reads
 * the frame pixel at the centre of its footprint in the box:
 *   fx = box.x + (2*ox + 1) * box.w / (2*OW), likewise fy.
 * Colour: grey8 gives R = G = B = Y; YUYV converts with the BT.601 integer
 * formula (studio swing); Bayer RGGB (8-bit, or RAW10 >> 2) takes the
 * 2x2 cell holding the sample: R, mean of the two G, B.
 * Values: every channel is v / 127.5 - 1 (pixels 0..255 to [-1, 1]); the
 * two grid channels of TinyTracker are the sample's position in the whole
 * frame, x / (frame width - 1) and y / (frame height - 1), mapped to
 * [-1, 1] the same way, so the network sees where the face is. Quantised
 * q = round(v / scale) + zero_point, clamped to int8, through a 256-entry
 * table made once per tensor (the float work stays off the per-pixel
 * path). A uint8 input (TF1 models) is quantised the same way, clamped to
 * 0..255; a [1,N] input (an audio or feature vector) is read as a 1 x N
 * grey image, so any single-input model gets a deterministic input. */
#include <stdio.h>

#include "bsp.h"
#include "app.h"

static int8_t qtab[256];

static int8_t quant(float v, float scale, int32_t zp, int32_t lo, int32_t hi)
{
    float q = v / scale;
    int32_t r = (int32_t)(q < 0 ? q - 0.5f : q + 0.5f) + zp;
    return (int8_t)(r < lo ? lo : r > hi ? hi : r);
}

static void make_table(float scale, int32_t zp, int is_uint8)
{
    for (int k = 0; k < 256; k++)
        qtab[k] = quant((float)k / 127.5f - 1.0f, scale, zp, is_uint8 ? 0 : -128, is_uint8 ? 255 : 127);
}

static uint8_t clamp8(int32_t v) { return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v); }

static uint8_t byte_at(const struct app_frame *f, uint32_t x, uint32_t y)
{
    const uint8_t *p = f->pixels + (y * f->w + x) * f->bpp;
    return f->fmt == TT_FMT_RAW10 ? (uint8_t)((p[0] | (uint32_t)p[1] << 8) >> 2) : p[0];
}

/* The RGB of frame pixel (x, y). */
static void rgb_at(const struct app_frame *f, uint32_t x, uint32_t y, uint8_t rgb[3])
{
    if (f->fmt == TT_FMT_YUV422) {
        const uint8_t *p = f->pixels + (y * f->w + (x & ~1u)) * 2;
        int32_t c = 298 * ((x & 1 ? p[2] : p[0]) - 16), d = p[1] - 128, e = p[3] - 128;
        rgb[0] = clamp8((c + 409 * e + 128) >> 8);
        rgb[1] = clamp8((c - 100 * d - 208 * e + 128) >> 8);
        rgb[2] = clamp8((c + 516 * d + 128) >> 8);
    } else if (f->fmt == TT_FMT_BAYER8 || f->fmt == TT_FMT_RAW10) {
        uint32_t cx = x & ~1u, cy = y & ~1u;
        if (cx + 1 >= f->w || cy + 1 >= f->h) {
            rgb[0] = rgb[1] = rgb[2] = byte_at(f, x, y);
            return;
        }
        rgb[0] = byte_at(f, cx, cy);
        rgb[1] = (uint8_t)((byte_at(f, cx + 1, cy) + byte_at(f, cx, cy + 1) + 1) >> 1);
        rgb[2] = byte_at(f, cx + 1, cy + 1);
    } else {
        rgb[0] = rgb[1] = rgb[2] = f->pixels[(y * f->w + x) * f->bpp];
    }
}

int app_preprocess(const struct app_frame *f, const struct app_box *box,
                   const ttm_tensor_rec *in, int8_t *dst)
{
    int vec = in->ndim == 2;
    uint32_t oh = vec ? 1u : (uint32_t)in->dims[1], ow = (uint32_t)in->dims[vec ? 1 : 2];
    uint32_t ch = vec ? 1u : (uint32_t)in->dims[3];
    if ((in->type != TTM_T_INT8 && in->type != TTM_T_UINT8) || (in->ndim != 4 && !vec) ||
        in->dims[0] != 1 || in->scale <= 0 || (ch != 1 && ch != 3 && ch != 5)) {
        printf("tinytracker: model input: expected an int8 or uint8 [1,H,W,C] tensor with C 1, 3 or 5, or [1,N]\n");
        return 3;
    }
    make_table(in->scale, in->zero_point, in->type == TTM_T_UINT8);
    for (uint32_t oy = 0; oy < oh; oy++) {
        uint32_t fy = box->y + (2 * oy + 1) * box->h / (2 * oh);
        uint8_t gy = (uint8_t)(fy * 255u / (f->h > 1 ? f->h - 1 : 1));
        for (uint32_t ox = 0; ox < ow; ox++) {
            uint32_t fx = box->x + (2 * ox + 1) * box->w / (2 * ow);
            uint8_t rgb[3];
            rgb_at(f, fx, fy, rgb);
            if (ch == 1) {
                *dst++ = qtab[(77 * rgb[0] + 150 * rgb[1] + 29 * rgb[2] + 128) >> 8];
                continue;
            }
            *dst++ = qtab[rgb[0]];
            *dst++ = qtab[rgb[1]];
            *dst++ = qtab[rgb[2]];
            if (ch == 5) {
                *dst++ = qtab[(uint8_t)(fx * 255u / (f->w > 1 ? f->w - 1 : 1))];
                *dst++ = qtab[gy];
            }
        }
    }
    return 0;
}
