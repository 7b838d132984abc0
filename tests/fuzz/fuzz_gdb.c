/* libFuzzer target: the GDB remote protocol codec (emu/gdb/gdb_proto.c):
 * bytes through the packet receiver; every packet's body through the
 * binary unescape, hex parsers and the framer. */
#include <string.h>

#include "emu/gdb/gdb_proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void body(char *p, size_t len)
{
    static uint8_t bytes[GDB_PACKET_MAX];
    static char framed[2 * GDB_PACKET_MAX + 8];
    const char *q = p;
    uint64_t v;
    while (*q && gdb_parse_hex(&q, &v) && (*q == ',' || *q == ':' || *q == ';'))
        q++;
    size_t n = len / 2 < sizeof bytes ? len / 2 : sizeof bytes;
    gdb_hex_decode(p, n, bytes);
    gdb_frame(p, len, framed, sizeof framed);
    gdb_unescape(p, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct gdb_rx rx;
    gdb_rx_init(&rx);
    for (size_t k = 0; k < size; k++)
        if (gdb_rx_byte(&rx, data[k]) == GDB_RX_PACKET)
            body(rx.buf, rx.len);
    return 0;
}
