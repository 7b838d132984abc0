/* Transfer-time model of the board's links (see link.h). */
#include "devices/link.h"

#include "emu/board/board.h"

static uint64_t bits_ps(uint64_t bits, uint64_t bps)
{
    if (bps == 0)
        return 0;
    return (uint64_t)(((unsigned __int128)bits * 1000000000000ull + bps - 1) / bps);
}

static uint64_t usb2_ps(const struct board_link *l, uint64_t len)
{
    double pkt = board_param_num(l->params, l->nparams, "max_packet_bytes", 512);
    double per_uframe = board_param_num(l->params, l->nparams, "packets_per_microframe", 13);
    double uframe_ns = board_param_num(l->params, l->nparams, "microframe_ns", 125000);
    uint64_t packets = (uint64_t)((double)len / pkt + 0.999999);
    uint64_t full = packets / (uint64_t)per_uframe;
    /* whole microframes, then the last partial one at the signalling rate */
    uint64_t t = full * (uint64_t)(uframe_ns * 1000.0);
    uint64_t in_full = full * (uint64_t)per_uframe * (uint64_t)pkt;
    return t + bits_ps((len > in_full ? len - in_full : 0) * 8, l->bandwidth_bps);
}

/* USB 3.0 SuperSpeed: 8b/10b line coding (10 bits on the wire a byte) and
 * packet_overhead_bytes of header, CRC and framing per data packet of
 * max_packet_bytes. Bursts keep the link busy, so no frame quantum. */
static uint64_t usb3_ps(const struct board_link *l, uint64_t len)
{
    double pkt = board_param_num(l->params, l->nparams, "max_packet_bytes", 1024);
    double hdr = board_param_num(l->params, l->nparams, "packet_overhead_bytes", 0);
    uint64_t packets = (uint64_t)((double)len / pkt + 0.999999);
    return bits_ps((len + packets * (uint64_t)hdr) * 10, l->bandwidth_bps);
}

/* CSI-2: data travels as line packets (metadata_line_bytes each, the whole
 * transfer in one when absent), each with packet_overhead_bytes of header
 * and footer and the link's overhead (HS entry/exit) per packet. */
static uint64_t csi2_ps(const struct board_link *l, uint64_t len)
{
    double line = board_param_num(l->params, l->nparams, "metadata_line_bytes", 0);
    double hdr = board_param_num(l->params, l->nparams, "packet_overhead_bytes", 0);
    uint64_t line_bytes = line > 0 ? (uint64_t)line : (len ? len : 1);
    uint64_t lines = (len + line_bytes - 1) / line_bytes;
    return lines * l->overhead_ps + bits_ps((len + lines * (uint64_t)hdr) * 8, l->bandwidth_bps);
}

uint64_t link_transfer_ps(const struct board_link *link, uint64_t len)
{
    if (!link)
        return 0;
    uint64_t t;
    switch (link->kind) {
    case BOARD_LINK_USB2: t = usb2_ps(link, len); break;
    case BOARD_LINK_USB3: t = usb3_ps(link, len); break;
    case BOARD_LINK_CSI2: return csi2_ps(link, len); /* overhead is per packet */
    default: t = bits_ps(len * 8, link->bandwidth_bps); break;
    }
    return link->overhead_ps + t;
}
