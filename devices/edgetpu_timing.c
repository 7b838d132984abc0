/* Edge TPU timing from first principles (docs/edgetpu.md):
 *
 * - The array is rows x cols MACs (64 x 64, PAPER.md). A conv is mapped as
 *   a matrix product: its reduction (k_h x k_w x in_c) runs down the rows,
 *   its output channels across the columns, one output pixel per cycle. A
 *   layer needs ceil(K/rows) x ceil(out_c/cols) tiles; each tile loads its
 *   weights (one row per cycle: rows cycles) and then streams every output
 *   pixel through. So small reductions (the first conv, 3x3 depthwise: 9 of
 *   64 rows) and 1x1 outputs (fully connected: all load, no reuse) waste
 *   the array, and the model says by how much rather than assuming it.
 * - Depthwise: each channel has its own k_h x k_w reduction, so a channel
 *   cannot share its inputs with the others the way a conv's output
 *   channels do; the array takes dw_lanes channels at once (at most its
 *   columns), a tile a group of them. How Coral maps depthwise is not
 *   published: dw_lanes is calibrated (docs/edgetpu.md).
 * - Vector ops (add, pooling, concatenation, pad) move cols elements a
 *   cycle; a pooling window costs k_h x k_w passes.
 * - Fixed costs per invoke and per layer, and an effective link rate for
 *   input, output and streamed parameters, are the calibrated parameters. */
#include "devices/edgetpu_timing.h"

#include "devices/link.h"

static uint64_t ceil_div(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

static uint64_t cycles_to_ps(const struct etpu_cfg *c, uint64_t cycles)
{
    return (uint64_t)((double)cycles * 1e12 / (double)c->clock_hz + 0.5);
}

uint64_t etpu_link_ps(const struct etpu_cfg *c, uint64_t len)
{
    return (uint64_t)((double)len * (double)c->link_ps_per_kib / 1024.0 + 0.5);
}

void etpu_layer(const struct etpu_cfg *c, const struct layer_shape *l, struct etpu_layer_time *t)
{
    uint64_t px = (uint64_t)l->out_h * l->out_w, taps = (uint64_t)l->k_h * l->k_w;
    *t = (struct etpu_layer_time){ 0 };
    switch (l->kind) {
    case LS_CONV:
        t->macs = px * taps * l->in_c * l->out_c;
        t->tiles = ceil_div(taps * l->in_c, c->array_rows) * ceil_div(l->out_c, c->array_cols);
        t->cycles = t->tiles * (c->array_rows + px);
        break;
    case LS_DW:
        t->macs = px * taps * l->out_c;
        t->tiles = ceil_div(taps, c->array_rows) *
                   ceil_div(l->out_c, c->dw_lanes && c->dw_lanes < c->array_cols ? c->dw_lanes : c->array_cols);
        t->cycles = t->tiles * (c->array_rows + px);
        break;
    case LS_VEC:
        t->cycles = ceil_div(px * l->out_c * taps, c->array_cols);
        break;
    default:
        break;
    }
    uint64_t peak = t->cycles * c->array_rows * c->array_cols;
    t->utilisation = peak ? (double)t->macs / (double)peak : 0.0;
}

void etpu_run(const struct etpu_cfg *c, const struct layer_shape *l, size_t n,
              uint64_t in_bytes, uint64_t out_bytes, struct etpu_run_time *t)
{
    *t = (struct etpu_run_time){ 0 };
    int full = 0;
    size_t layers = 0;
    for (size_t i = 0; i < n; i++) {
        struct etpu_layer_time lt;
        etpu_layer(c, &l[i], &lt);
        t->cycles += lt.cycles;
        t->macs += lt.macs;
        t->param_bytes += l[i].param_bytes;
        if (!full && t->cached_bytes + l[i].param_bytes <= c->cache_bytes)
            t->cached_bytes += l[i].param_bytes;
        else
            full = 1;
        if (l[i].kind != LS_NOP) layers++;
        t->tiles += lt.tiles;
    }
    t->streamed_bytes = t->param_bytes - t->cached_bytes;
    t->io_bytes = in_bytes + out_bytes;
    t->compute_ps = cycles_to_ps(c, t->cycles);
    t->overhead_ps = c->per_invoke_ps + layers * c->per_layer_ps;
    t->stream_ps = etpu_link_ps(c, t->streamed_bytes);
    t->io_ps = etpu_link_ps(c, t->io_bytes);
    t->total_ps = t->compute_ps + t->overhead_ps + t->stream_ps + t->io_ps;
}

/* len bytes in transfers of at most chunk bytes. */
static uint64_t chunks_ps(const struct board_link *l, uint64_t chunk, uint64_t len)
{
    uint64_t ps = 0;
    for (uint64_t at = 0; at < len; at += chunk)
        ps += link_transfer_ps(l, len - at < chunk ? len - at : chunk);
    return ps;
}

static uint64_t descriptor_ps(const struct board_link *l, uint64_t chunk, uint64_t len)
{
    return link_transfer_ps(l, 8) + chunks_ps(l, chunk, len);
}

uint64_t etpu_usb_run_ps(const struct board_link *l, uint64_t chunk, const struct etpu_io *io)
{
    uint64_t ps = io->stream_bytes ? descriptor_ps(l, chunk, io->stream_bytes) : 0;
    ps += descriptor_ps(l, chunk, io->instr_bytes) + descriptor_ps(l, chunk, io->in_bytes);
    ps += link_transfer_ps(l, 8 + 4);                         /* CSR RUN */
    ps += chunks_ps(l, chunk, io->out_bytes) + link_transfer_ps(l, 16); /* output, event */
    return ps;
}
