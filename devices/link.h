/* Links between parts: how long moving N bytes takes. Parallel buses and
 * SPI are bandwidth plus a fixed overhead; CSI-2 adds per-line packet
 * overhead over its lanes; USB 2.0 high-speed moves at most
 * packets_per_microframe bulk packets of max_packet_bytes per 125 us
 * microframe (USB 2.0 spec 5.8.4), so its time is not just bits/rate;
 * USB 3.0 SuperSpeed codes 8b/10b and adds a header per data packet. */
#ifndef TTEMU_DEVICES_LINK_H
#define TTEMU_DEVICES_LINK_H

#include <stdint.h>

struct board_link;

/* Picoseconds to move len bytes over link (one transfer). */
uint64_t link_transfer_ps(const struct board_link *link, uint64_t len);

#endif
