/* IMX500 timing functions (devices/imx500_timing.h). Times are rounded to
 * the picosecond once, from the exact product, so long readouts do not
 * accumulate a per-line rounding error. */
#include "devices/imx500_timing.h"

static uint64_t ps_of(double seconds) { return (uint64_t)(seconds * 1e12 + 0.5); }
static uint64_t ceil_div(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

uint64_t imx500_line_ps(const struct imx500_mode *md, double pixel_rate_hz)
{
    return ps_of(md->line_length_pck / pixel_rate_hz);
}

static uint32_t window_lines(const struct imx500_mode *md, uint32_t lines)
{
    return lines == 0 || lines > md->height ? md->height : lines;
}

uint64_t imx500_readout_ps(const struct imx500_mode *md, double pixel_rate_hz, uint32_t lines)
{
    return ps_of((double)window_lines(md, lines) * md->line_length_pck / pixel_rate_hz);
}

uint64_t imx500_frame_ps(const struct imx500_mode *md, double pixel_rate_hz, uint32_t lines)
{
    double total = (double)window_lines(md, lines) + md->min_vblank_lines;
    return ps_of(total * md->line_length_pck / pixel_rate_hz);
}

uint64_t imx500_isp_done_ps(uint64_t readout_ps, uint64_t in_pixels, double pixels_per_s,
                            uint64_t out_bytes, double out_bytes_per_s)
{
    uint64_t pass = ps_of((double)in_pixels / pixels_per_s);
    uint64_t end = pass > readout_ps ? pass : readout_ps;
    return end + ps_of((double)out_bytes / out_bytes_per_s);
}

uint64_t imx500_layer_cycles(const struct imx500_dsp_params *p, const struct imx500_layer *l)
{
    uint64_t work;
    if (l->k > 0) /* one pass of the array per (row tile, column tile, output position) */
        work = ceil_div(l->k, p->rows) * ceil_div(l->cout, p->cols) * l->pixels;
    else
        work = ceil_div(l->elems, p->cols);
    return work + p->overhead_cycles;
}

static uint64_t elems(const tt_model *m, int32_t t)
{
    return t >= 0 ? tt_tensor_elems(&m->tensors[t]) : 0;
}

int imx500_op_layer(const tt_model *m, uint32_t op, struct imx500_layer *l)
{
    const ttm_op_rec *o = &m->ops[op];
    int32_t in = tt_op_input(m, op, 0), f = tt_op_input(m, op, 1), out = tt_op_output(m, op, 0);
    *l = (struct imx500_layer){ 0 };
    const int32_t *fd = f >= 0 ? m->tensors[f].dims : 0;
    const int32_t *od = m->tensors[out].dims;
    switch (o->code) {
    case TTM_OP_RESHAPE: /* a view of the same bytes */
        return 0;
    case TTM_OP_CONV_2D: /* filter OHWI */
        *l = (struct imx500_layer){ (uint32_t)(fd[1] * fd[2] * fd[3]), (uint32_t)fd[0],
                                    (uint32_t)(od[1] * od[2]), 0 };
        return 1;
    case TTM_OP_DEPTHWISE_CONV_2D: /* filter 1HWC */
        *l = (struct imx500_layer){ (uint32_t)(fd[1] * fd[2]), (uint32_t)fd[3],
                                    (uint32_t)(od[1] * od[2]), 0 };
        return 1;
    case TTM_OP_FULLY_CONNECTED: /* filter [out, in] */
        *l = (struct imx500_layer){ (uint32_t)fd[1], (uint32_t)fd[0], 1, 0 };
        return 1;
    default: { /* element-wise: the larger of the first input and the output */
        uint64_t a = elems(m, in), b = elems(m, out);
        l->elems = a > b ? a : b;
        return 1;
    }
    }
}

uint64_t imx500_model_cycles(const struct imx500_dsp_params *p, const tt_model *m, uint64_t *per_op)
{
    uint64_t total = 0;
    for (uint32_t k = 0; k < m->hdr->n_ops; k++) {
        struct imx500_layer l;
        uint64_t c = imx500_op_layer(m, k, &l) ? imx500_layer_cycles(p, &l) : 0;
        if (per_op)
            per_op[k] = c;
        total += c;
    }
    return total;
}

uint64_t imx500_cycles_ps(const struct imx500_dsp_params *p, uint64_t cycles)
{
    return ps_of((double)cycles / p->clock_hz);
}

/* MobileNet v1 1.0 at 224x224 (Howard et al. 2017, Table 1): k, cout,
 * output positions; depthwise rows have k = 9. The last two rows are the
 * 7x7 average pool (element-wise over its input) and the classifier. */
static const struct imx500_layer mobilenet_v1[] = {
    { 27, 32, 112 * 112, 0 },
    { 9, 32, 112 * 112, 0 },  { 32, 64, 112 * 112, 0 },
    { 9, 64, 56 * 56, 0 },    { 64, 128, 56 * 56, 0 },
    { 9, 128, 56 * 56, 0 },   { 128, 128, 56 * 56, 0 },
    { 9, 128, 28 * 28, 0 },   { 128, 256, 28 * 28, 0 },
    { 9, 256, 28 * 28, 0 },   { 256, 256, 28 * 28, 0 },
    { 9, 256, 14 * 14, 0 },   { 256, 512, 14 * 14, 0 },
    { 9, 512, 14 * 14, 0 },   { 512, 512, 14 * 14, 0 },
    { 9, 512, 14 * 14, 0 },   { 512, 512, 14 * 14, 0 },
    { 9, 512, 14 * 14, 0 },   { 512, 512, 14 * 14, 0 },
    { 9, 512, 14 * 14, 0 },   { 512, 512, 14 * 14, 0 },
    { 9, 512, 14 * 14, 0 },   { 512, 512, 14 * 14, 0 },
    { 9, 512, 7 * 7, 0 },     { 512, 1024, 7 * 7, 0 },
    { 9, 1024, 7 * 7, 0 },    { 1024, 1024, 7 * 7, 0 },
    { 0, 0, 0, 7 * 7 * 1024 },
    { 1024, 1001, 1, 0 },
};

const struct imx500_layer *imx500_mobilenet_v1(uint32_t *n)
{
    *n = sizeof mobilenet_v1 / sizeof mobilenet_v1[0];
    return mobilenet_v1;
}

double imx500_fit_clock_hz(const struct imx500_dsp_params *p, const struct imx500_layer *layers,
                           uint32_t n, uint64_t t_ps)
{
    uint64_t cycles = 0;
    for (uint32_t k = 0; k < n; k++)
        cycles += imx500_layer_cycles(p, &layers[k]);
    return (double)cycles / ((double)t_ps * 1e-12);
}

uint32_t imx500_csi2_lines(uint64_t tensor_bytes, uint32_t line_bytes)
{
    return 1u + (uint32_t)ceil_div(tensor_bytes, line_bytes);
}

uint64_t imx500_csi2_ps(uint32_t lines, uint32_t line_bytes, uint32_t packet_overhead_bytes,
                        double bandwidth_bps, uint64_t per_line_ps)
{
    double bits = 8.0 * lines * (line_bytes + packet_overhead_bytes);
    return ps_of(bits / bandwidth_bps) + lines * per_line_ps;
}
