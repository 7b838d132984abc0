/* Layer tables of the architectures in Coral's benchmark table, built
 * from their published definitions (the papers' layer tables; TF-slim's
 * and the TF model garden's definitions for the exact variants). Only
 * shapes: timing does not depend on weight values.
 *
 * A builder walks the graph keeping the current activation shape; a
 * branch starts from a saved shape and the concatenation adds channels. */
#include <string.h>

#include "models/gen/coral_archs.h"

struct b { struct arch_model *a; uint32_t h, w, c; };

static void push(struct b *b, uint8_t kind, uint8_t kh, uint8_t kw, uint32_t oh,
                 uint32_t ow, uint32_t oc, uint32_t ic, uint64_t params)
{
    if (b->a->n >= ARCH_MAX_LAYERS) return;   /* tables are sized for every model below */
    struct layer_shape *l = &b->a->l[b->a->n++];
    *l = (struct layer_shape){ kind, kh, kw, oh, ow, oc, ic, params };
    b->h = oh; b->w = ow; b->c = oc;
}

static uint32_t out_same(uint32_t x, uint32_t s) { return (x + s - 1) / s; }
static uint32_t out_valid(uint32_t x, uint32_t k, uint32_t s) { return (x - k) / s + 1; }

/* conv kh x kw, stride s, 'same' (valid=0) or 'valid' padding */
static void convx(struct b *b, uint8_t kh, uint8_t kw, uint32_t s, uint32_t oc, int valid)
{
    uint32_t oh = valid ? out_valid(b->h, kh, s) : out_same(b->h, s);
    uint32_t ow = valid ? out_valid(b->w, kw, s) : out_same(b->w, s);
    push(b, LS_CONV, kh, kw, oh, ow, oc, b->c, (uint64_t)kh * kw * b->c * oc + 4ull * oc);
}
static void conv(struct b *b, uint8_t k, uint32_t s, uint32_t oc) { convx(b, k, k, s, oc, 0); }
static void convv(struct b *b, uint8_t k, uint32_t s, uint32_t oc) { convx(b, k, k, s, oc, 1); }

static void dw(struct b *b, uint8_t k, uint32_t s)
{
    push(b, LS_DW, k, k, out_same(b->h, s), out_same(b->w, s), b->c, b->c,
         (uint64_t)k * k * b->c + 4ull * b->c);
}

static void pool(struct b *b, uint8_t k, uint32_t s, int valid)
{
    uint32_t oh = valid ? out_valid(b->h, k, s) : out_same(b->h, s);
    uint32_t ow = valid ? out_valid(b->w, k, s) : out_same(b->w, s);
    push(b, LS_VEC, k, k, oh, ow, b->c, b->c, 0);
}
static void gpool(struct b *b) { push(b, LS_VEC, (uint8_t)b->h, (uint8_t)b->w, 1, 1, b->c, b->c, 0); }
static void vec(struct b *b) { push(b, LS_VEC, 1, 1, b->h, b->w, b->c, b->c, 0); }

/* fully connected over the flattened activation */
static void fc(struct b *b, uint32_t oc)
{
    uint32_t ic = b->h * b->w * b->c;
    push(b, LS_CONV, 1, 1, 1, 1, oc, ic, (uint64_t)ic * oc + 4ull * oc);
}

/* Concatenation of branches that all ended at shape (h, w): c = sum. */
static void concat(struct b *b, uint32_t c) { b->c = c; vec(b); }

/* ---- MobileNet v1 1.0 (Howard et al. 2017, Table 1) ---- */
static void mnv1_body(struct b *b, struct b *c11)
{
    static const uint8_t s[13] = { 1, 2, 1, 2, 1, 2, 1, 1, 1, 1, 1, 2, 1 };
    static const uint16_t oc[13] = { 64, 128, 128, 256, 256, 512, 512, 512, 512, 512, 512, 1024, 1024 };
    conv(b, 3, 2, 32);
    for (int i = 0; i < 13; i++) {
        dw(b, 3, s[i]);
        conv(b, 1, 1, oc[i]);
        if (i == 10 && c11) *c11 = *b;
    }
}
static void mobilenet_v1(struct b *b) { mnv1_body(b, NULL); gpool(b); fc(b, 1001); }

/* ---- MobileNet v2 1.0 (Sandler et al. 2018, Table 2) ---- */
static void mobilenet_v2(struct b *b)
{
    static const uint16_t t[7] = { 1, 6, 6, 6, 6, 6, 6 }, c[7] = { 16, 24, 32, 64, 96, 160, 320 };
    static const uint8_t n[7] = { 1, 2, 3, 4, 3, 3, 1 }, s[7] = { 1, 2, 2, 2, 1, 2, 1 };
    conv(b, 3, 2, 32);
    for (int i = 0; i < 7; i++)
        for (int r = 0; r < n[i]; r++) {
            uint32_t in = b->c, st = r ? 1 : s[i];
            if (t[i] != 1) conv(b, 1, 1, in * t[i]);
            dw(b, 3, st);
            conv(b, 1, 1, c[i]);
            if (st == 1 && in == c[i]) vec(b);   /* residual add */
        }
    conv(b, 1, 1, 1280);
    gpool(b);
    fc(b, 1001);
}

/* ---- SqueezeNet 1.1 (Iandola et al.; the 1.1 variant of the reference repo) ---- */
static void fire(struct b *b, uint32_t sq, uint32_t ex)
{
    conv(b, 1, 1, sq);
    struct b s = *b;
    conv(b, 1, 1, ex);
    *b = s; conv(b, 3, 1, ex);
    concat(b, 2 * ex);
}
static void squeezenet(struct b *b)
{
    convv(b, 3, 2, 64); pool(b, 3, 2, 1);
    fire(b, 16, 64); fire(b, 16, 64); pool(b, 3, 2, 1);
    fire(b, 32, 128); fire(b, 32, 128); pool(b, 3, 2, 1);
    fire(b, 48, 192); fire(b, 48, 192); fire(b, 64, 256); fire(b, 64, 256);
    conv(b, 1, 1, 1000);
    gpool(b);
}

/* ---- Inception v1 (Szegedy et al. 2014, Table 1; TF-slim's 3x3 for 5x5) ---- */
static void incv1_mod(struct b *b, const uint16_t m[6])
{
    struct b s = *b;
    conv(b, 1, 1, m[0]);
    *b = s; conv(b, 1, 1, m[1]); conv(b, 3, 1, m[2]);
    *b = s; conv(b, 1, 1, m[3]); conv(b, 3, 1, m[4]);
    *b = s; pool(b, 3, 1, 0); conv(b, 1, 1, m[5]);
    concat(b, (uint32_t)m[0] + m[2] + m[4] + m[5]);
}
static void inception_v1(struct b *b)
{
    static const uint16_t mods[9][6] = {
        { 64, 96, 128, 16, 32, 32 }, { 128, 128, 192, 32, 96, 64 },
        { 192, 96, 208, 16, 48, 64 }, { 160, 112, 224, 24, 64, 64 },
        { 128, 128, 256, 24, 64, 64 }, { 112, 144, 288, 32, 64, 64 },
        { 256, 160, 320, 32, 128, 128 },
        { 256, 160, 320, 32, 128, 128 }, { 384, 192, 384, 48, 128, 128 },
    };
    conv(b, 7, 2, 64); pool(b, 3, 2, 0);
    conv(b, 1, 1, 64); conv(b, 3, 1, 192); pool(b, 3, 2, 0);
    for (int i = 0; i < 9; i++) {
        incv1_mod(b, mods[i]);
        if (i == 1 || i == 6) pool(b, 3, 2, 0);
    }
    gpool(b);
    fc(b, 1001);
}

/* ---- Inception v4 (Szegedy et al. 2016, Figures 3-8) ---- */
static void incv4_stem(struct b *b)
{
    convv(b, 3, 2, 32); convv(b, 3, 1, 32); conv(b, 3, 1, 64);
    struct b s = *b;
    pool(b, 3, 2, 1);
    *b = s; convv(b, 3, 2, 96); concat(b, 160);
    s = *b;
    conv(b, 1, 1, 64); convv(b, 3, 1, 96);
    *b = s; conv(b, 1, 1, 64); convx(b, 7, 1, 1, 64, 0); convx(b, 1, 7, 1, 64, 0);
    convv(b, 3, 1, 96); concat(b, 192);
    s = *b;
    convv(b, 3, 2, 192);
    *b = s; pool(b, 3, 2, 1); concat(b, 384);
}
static void incv4_a(struct b *b)
{
    struct b s = *b;
    pool(b, 3, 1, 0); conv(b, 1, 1, 96);
    *b = s; conv(b, 1, 1, 96);
    *b = s; conv(b, 1, 1, 64); conv(b, 3, 1, 96);
    *b = s; conv(b, 1, 1, 64); conv(b, 3, 1, 96); conv(b, 3, 1, 96);
    concat(b, 384);
}
static void incv4_ra(struct b *b)
{
    struct b s = *b;
    pool(b, 3, 2, 1);
    *b = s; convv(b, 3, 2, 384);
    *b = s; conv(b, 1, 1, 192); conv(b, 3, 1, 224); convv(b, 3, 2, 256);
    concat(b, 1024);
}
static void incv4_b(struct b *b)
{
    struct b s = *b;
    pool(b, 3, 1, 0); conv(b, 1, 1, 128);
    *b = s; conv(b, 1, 1, 384);
    *b = s; conv(b, 1, 1, 192); convx(b, 1, 7, 1, 224, 0); convx(b, 7, 1, 1, 256, 0);
    *b = s; conv(b, 1, 1, 192); convx(b, 7, 1, 1, 192, 0); convx(b, 1, 7, 1, 224, 0);
    convx(b, 7, 1, 1, 224, 0); convx(b, 1, 7, 1, 256, 0);
    concat(b, 1024);
}
static void incv4_rb(struct b *b)
{
    struct b s = *b;
    pool(b, 3, 2, 1);
    *b = s; conv(b, 1, 1, 192); convv(b, 3, 2, 192);
    *b = s; conv(b, 1, 1, 256); convx(b, 1, 7, 1, 256, 0); convx(b, 7, 1, 1, 320, 0);
    convv(b, 3, 2, 320);
    concat(b, 1536);
}
static void incv4_c(struct b *b)
{
    struct b s = *b, t;
    pool(b, 3, 1, 0); conv(b, 1, 1, 256);
    *b = s; conv(b, 1, 1, 256);
    *b = s; conv(b, 1, 1, 384); t = *b;
    convx(b, 1, 3, 1, 256, 0); *b = t; convx(b, 3, 1, 1, 256, 0);
    *b = s; conv(b, 1, 1, 384); convx(b, 3, 1, 1, 448, 0); convx(b, 1, 3, 1, 512, 0); t = *b;
    convx(b, 1, 3, 1, 256, 0); *b = t; convx(b, 3, 1, 1, 256, 0);
    concat(b, 1536);
}
static void inception_v4(struct b *b)
{
    incv4_stem(b);
    for (int i = 0; i < 4; i++) incv4_a(b);
    incv4_ra(b);
    for (int i = 0; i < 7; i++) incv4_b(b);
    incv4_rb(b);
    for (int i = 0; i < 3; i++) incv4_c(b);
    gpool(b);
    fc(b, 1001);
}

/* ---- ResNet-50 v1 (He et al. 2015, Table 1; stride on the first 1x1) ---- */
static void resnet50(struct b *b)
{
    static const uint16_t m[4] = { 64, 128, 256, 512 };
    static const uint8_t n[4] = { 3, 4, 6, 3 };
    conv(b, 7, 2, 64); pool(b, 3, 2, 0);
    for (int st = 0; st < 4; st++)
        for (int r = 0; r < n[st]; r++) {
            uint32_t s = (r == 0 && st > 0) ? 2 : 1;
            struct b in = *b;
            if (r == 0) conv(b, 1, s, 4u * m[st]);        /* projection shortcut */
            *b = in;
            conv(b, 1, s, m[st]); conv(b, 3, 1, m[st]); conv(b, 1, 1, 4u * m[st]);
            vec(b);                                        /* residual add */
        }
    gpool(b);
    fc(b, 1001);
}

/* ---- VGG16 (Simonyan and Zisserman 2014, configuration D) ---- */
static void vgg16(struct b *b)
{
    static const uint16_t c[5] = { 64, 128, 256, 512, 512 };
    static const uint8_t n[5] = { 2, 2, 3, 3, 3 };
    for (int i = 0; i < 5; i++) {
        for (int r = 0; r < n[i]; r++) conv(b, 3, 1, c[i]);
        pool(b, 2, 2, 0);
    }
    fc(b, 4096); fc(b, 4096); fc(b, 1000);
}

/* ---- SSD MobileNet v1 (TF object detection API: 6 feature maps, 1x1
 * box predictors, 3 anchors on the first map and 6 on the others, 91
 * classes) ---- */
static uint32_t ssd_head(struct b *b, struct b fm, uint32_t anchors)
{
    struct b keep = *b;
    *b = fm; conv(b, 1, 1, anchors * 4);
    uint32_t boxes = b->h * b->w * anchors;
    *b = fm; conv(b, 1, 1, anchors * 91);
    *b = keep;
    return boxes;
}
static void ssd_mobilenet_v1(struct b *b)
{
    static const uint16_t ex[4][2] = { { 256, 512 }, { 128, 256 }, { 128, 256 }, { 64, 128 } };
    struct b c11;
    mnv1_body(b, &c11);
    uint32_t boxes = ssd_head(b, c11, 3) + ssd_head(b, *b, 6);
    for (int i = 0; i < 4; i++) {
        conv(b, 1, 1, ex[i][0]); conv(b, 3, 2, ex[i][1]);
        boxes += ssd_head(b, *b, 6);
    }
    b->a->out_bytes = boxes * (4 + 91);
}

/* ---- EfficientNet-EdgeTpu (Google's model garden builder: fused
 * expansion in the first three stages, blocks r/k/s/e/o below; M scales
 * depth by 1.1 at 240x240) ---- */
static void effnet_edgetpu(struct b *b, double depth)
{
    static const struct { uint8_t r, k, s, e, fused; uint16_t o; } st[6] = {
        { 1, 3, 1, 4, 1, 24 }, { 2, 3, 2, 8, 1, 32 }, { 4, 3, 2, 8, 1, 48 },
        { 5, 5, 2, 8, 0, 96 }, { 4, 5, 1, 8, 0, 144 }, { 2, 5, 2, 8, 0, 192 },
    };
    conv(b, 3, 2, 32);
    for (int i = 0; i < 6; i++) {
        int reps = (int)(st[i].r * depth + 0.999);
        for (int r = 0; r < reps; r++) {
            uint32_t in = b->c, s = r ? 1 : st[i].s;
            if (st[i].fused) conv(b, st[i].k, s, in * st[i].e);
            else { conv(b, 1, 1, in * st[i].e); dw(b, st[i].k, s); }
            conv(b, 1, 1, st[i].o);
            if (s == 1 && in == st[i].o && !(i == 0 && r == 0)) vec(b);
        }
    }
    conv(b, 1, 1, 1280);
    gpool(b);
    fc(b, 1001);
}
static void effnet_s(struct b *b) { effnet_edgetpu(b, 1.0); }
static void effnet_m(struct b *b) { effnet_edgetpu(b, 1.1); }

static const struct {
    const char *name;
    uint32_t side;
    void (*build)(struct b *);
} archs[] = {
    { "mobilenet_v1", 224, mobilenet_v1 },
    { "mobilenet_v2", 224, mobilenet_v2 },
    { "squeezenet", 224, squeezenet },
    { "inception_v1", 224, inception_v1 },
    { "inception_v4", 299, inception_v4 },
    { "resnet50", 299, resnet50 },
    { "ssd_mobilenet_v1", 224, ssd_mobilenet_v1 },
    { "vgg16", 224, vgg16 },
    { "efficientnet_edgetpu_s", 224, effnet_s },
    { "efficientnet_edgetpu_m", 240, effnet_m },
};

const char *const arch_names[] = {
    "mobilenet_v1", "mobilenet_v2", "squeezenet", "inception_v1", "inception_v4", "resnet50",
    "ssd_mobilenet_v1", "vgg16", "efficientnet_edgetpu_s", "efficientnet_edgetpu_m", NULL,
};

int arch_build(const char *name, struct arch_model *a)
{
    for (size_t i = 0; i < sizeof archs / sizeof archs[0]; i++) {
        if (strcmp(archs[i].name, name)) continue;
        memset(a, 0, sizeof *a);
        a->name = archs[i].name;
        a->in_h = a->in_w = archs[i].side;
        a->in_c = 3;
        struct b b = { a, a->in_h, a->in_w, a->in_c };
        archs[i].build(&b);
        if (!a->out_bytes) a->out_bytes = b.h * b.w * b.c;
        return 0;
    }
    return -1;
}

uint64_t arch_params(const struct arch_model *a)
{
    uint64_t s = 0;
    for (size_t i = 0; i < a->n; i++) s += a->l[i].param_bytes;
    return s;
}

uint64_t arch_macs(const struct arch_model *a)
{
    uint64_t s = 0;
    for (size_t i = 0; i < a->n; i++) {
        const struct layer_shape *l = &a->l[i];
        uint64_t px = (uint64_t)l->out_h * l->out_w;
        if (l->kind == LS_CONV) s += px * l->k_h * l->k_w * l->in_c * l->out_c;
        else if (l->kind == LS_DW) s += px * l->k_h * l->k_w * l->out_c;
    }
    return s;
}
