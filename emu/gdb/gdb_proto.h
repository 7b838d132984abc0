/* GDB remote serial protocol: framing, checksums, hex and binary escapes.
 * Pure functions over bytes, so the parser can be fuzzed without sockets
 * (tests/unit/test_gdb_proto.c). The server is emu/gdb/gdb.c. */
#ifndef TTEMU_EMU_GDB_PROTO_H
#define TTEMU_EMU_GDB_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest packet body we accept (advertised as PacketSize). */
#define GDB_PACKET_MAX 16384

enum gdb_rx_event {
    GDB_RX_NONE,      /* byte consumed, nothing complete yet */
    GDB_RX_PACKET,    /* a packet with a good checksum is in rx->buf (NUL-terminated) */
    GDB_RX_BADSUM,    /* a packet with a bad checksum (reply '-' in ack mode) */
    GDB_RX_OVERFLOW,  /* a packet longer than GDB_PACKET_MAX (dropped) */
    GDB_RX_INTERRUPT, /* 0x03 outside a packet (Ctrl-C) */
    GDB_RX_ACK,       /* '+' */
    GDB_RX_NACK,      /* '-' */
};

struct gdb_rx {
    char buf[GDB_PACKET_MAX + 1];
    size_t len;
    int state;        /* 0 idle, 1 body, 2 first checksum digit, 3 second */
    uint8_t sum, got;
    bool overflow;
};

void gdb_rx_init(struct gdb_rx *rx);
/* Feeds one byte; returns what it completed. Never fails: junk between
 * packets is skipped, a '$' inside a body starts over. */
enum gdb_rx_event gdb_rx_byte(struct gdb_rx *rx, uint8_t b);

/* Hex digit value, or -1. */
int gdb_hexval(int ch);
/* Parses hex digits at *p into *v (at most 16 digits); advances *p.
 * False if there is no digit or too many. */
bool gdb_parse_hex(const char **p, uint64_t *v);
/* Decodes 2*n hex characters into n bytes; false on a non-hex digit. */
bool gdb_hex_decode(const char *hex, size_t n, uint8_t *out);
/* Encodes n bytes as 2n lowercase hex chars plus NUL. */
void gdb_hex_encode(const uint8_t *in, size_t n, char *out);
/* Undoes the '}' escape of binary data in place over [p, p+len); returns
 * the decoded length, or -1 for a dangling escape. */
long gdb_unescape(char *p, size_t len);
/* Frames body as "$body#cs" with '#', '$', '}' and '*' escaped into out
 * (capacity cap); returns the length, or 0 if it does not fit. */
size_t gdb_frame(const char *body, size_t len, char *out, size_t cap);

#endif
