/* GDB remote serial protocol framing (see gdb_proto.h). */
#include "emu/gdb/gdb_proto.h"

#include <string.h>

void gdb_rx_init(struct gdb_rx *rx)
{
    rx->len = 0;
    rx->state = 0;
    rx->sum = rx->got = 0;
    rx->overflow = false;
    rx->buf[0] = 0;
}

int gdb_hexval(int ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

enum gdb_rx_event gdb_rx_byte(struct gdb_rx *rx, uint8_t b)
{
    switch (rx->state) {
    case 0:
        if (b == '$') {
            rx->state = 1;
            rx->len = 0;
            rx->sum = 0;
            rx->overflow = false;
            return GDB_RX_NONE;
        }
        if (b == 0x03)
            return GDB_RX_INTERRUPT;
        if (b == '+')
            return GDB_RX_ACK;
        if (b == '-')
            return GDB_RX_NACK;
        return GDB_RX_NONE; /* junk between packets */
    case 1:
        if (b == '#') {
            rx->state = 2;
            return GDB_RX_NONE;
        }
        if (b == '$') { /* a new packet before this one ended: start over */
            rx->len = 0;
            rx->sum = 0;
            rx->overflow = false;
            return GDB_RX_NONE;
        }
        rx->sum = (uint8_t)(rx->sum + b);
        if (rx->len < GDB_PACKET_MAX)
            rx->buf[rx->len++] = (char)b;
        else
            rx->overflow = true;
        return GDB_RX_NONE;
    case 2: {
        int v = gdb_hexval(b);
        rx->got = (uint8_t)((v < 0 ? 0x100 : v) << 4);
        rx->state = v < 0 ? 4 : 3; /* 4: bad digit, still eat the next */
        return GDB_RX_NONE;
    }
    default: {
        int v = gdb_hexval(b);
        bool bad = rx->state == 4 || v < 0;
        rx->state = 0;
        rx->buf[rx->len] = 0;
        if (rx->overflow)
            return GDB_RX_OVERFLOW;
        if (bad || (uint8_t)(rx->got | v) != rx->sum)
            return GDB_RX_BADSUM;
        return GDB_RX_PACKET;
    }
    }
}

bool gdb_parse_hex(const char **p, uint64_t *v)
{
    const char *s = *p;
    uint64_t x = 0;
    int n = 0;
    for (int d; (d = gdb_hexval((unsigned char)*s)) >= 0; s++, n++) {
        if (n == 16)
            return false;
        x = x << 4 | (uint64_t)d;
    }
    if (n == 0)
        return false;
    *v = x;
    *p = s;
    return true;
}

bool gdb_hex_decode(const char *hex, size_t n, uint8_t *out)
{
    for (size_t k = 0; k < n; k++) {
        int hi = gdb_hexval((unsigned char)hex[2 * k]);
        int lo = hi < 0 ? -1 : gdb_hexval((unsigned char)hex[2 * k + 1]);
        if (lo < 0)
            return false;
        out[k] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

void gdb_hex_encode(const uint8_t *in, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t k = 0; k < n; k++) {
        out[2 * k] = digits[in[k] >> 4];
        out[2 * k + 1] = digits[in[k] & 15];
    }
    out[2 * n] = 0;
}

long gdb_unescape(char *p, size_t len)
{
    size_t o = 0;
    for (size_t k = 0; k < len; k++) {
        if (p[k] == '}') {
            if (++k == len)
                return -1;
            p[o++] = (char)(p[k] ^ 0x20);
        } else {
            p[o++] = p[k];
        }
    }
    return (long)o;
}

size_t gdb_frame(const char *body, size_t len, char *out, size_t cap)
{
    size_t o = 0;
    uint8_t sum = 0;
    if (cap < 4)
        return 0;
    out[o++] = '$';
    for (size_t k = 0; k < len; k++) {
        char ch = body[k];
        bool esc = ch == '#' || ch == '$' || ch == '}' || ch == '*';
        if (o + (esc ? 2 : 1) + 3 > cap)
            return 0;
        if (esc) {
            out[o++] = '}';
            sum = (uint8_t)(sum + '}');
            ch = (char)(ch ^ 0x20);
        }
        out[o++] = ch;
        sum = (uint8_t)(sum + (uint8_t)ch);
    }
    static const char digits[] = "0123456789abcdef";
    out[o++] = '#';
    out[o++] = digits[sum >> 4];
    out[o++] = digits[sum & 15];
    return o;
}
