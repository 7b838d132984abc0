/* GDB remote protocol framing (emu/gdb/gdb_proto.c): packets, checksums,
 * acks, Ctrl-C, escapes, and a fuzz of the byte parser and decoders with a
 * fixed seed (malformed input must never crash, and the parser must come
 * back to a valid packet afterwards). Checksums worked out by hand: the
 * modulo-256 sum of the body's bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "emu/gdb/gdb.h"
#include "emu/gdb/gdb_proto.h"

static struct gdb_rx rx;

/* Feeds s; returns the last non-NONE event (NONE if there was none) and
 * counts events of each kind. */
static int counts[8];
static enum gdb_rx_event feed(const char *s, size_t n)
{
    enum gdb_rx_event last = GDB_RX_NONE;
    for (size_t k = 0; k < n; k++) {
        enum gdb_rx_event e = gdb_rx_byte(&rx, (uint8_t)s[k]);
        if (e != GDB_RX_NONE) {
            last = e;
            counts[e]++;
        }
    }
    return last;
}
#define FEED(lit) feed(lit, sizeof lit - 1)

static void test_packet(void **state)
{
    (void)state;
    gdb_rx_init(&rx);
    /* 'g' = 0x67 */
    assert_int_equal(FEED("$g#67"), GDB_RX_PACKET);
    assert_string_equal(rx.buf, "g");
    assert_int_equal(rx.len, 1);
    /* "?" = 0x3f; upper-case checksum digits are accepted too */
    assert_int_equal(FEED("$?#3F"), GDB_RX_PACKET);
    assert_string_equal(rx.buf, "?");
    /* "m0,4": 0x6d+0x30+0x2c+0x34 = 0xfd */
    assert_int_equal(FEED("$m0,4#fd"), GDB_RX_PACKET);
    assert_string_equal(rx.buf, "m0,4");
    /* empty body: checksum 00 */
    assert_int_equal(FEED("$#00"), GDB_RX_PACKET);
    assert_int_equal(rx.len, 0);
}

static void test_bad_and_control(void **state)
{
    (void)state;
    gdb_rx_init(&rx);
    assert_int_equal(FEED("$g#68"), GDB_RX_BADSUM);
    assert_int_equal(FEED("$g#zz"), GDB_RX_BADSUM);
    assert_int_equal(FEED("$g#6z"), GDB_RX_BADSUM);
    assert_int_equal(FEED("+"), GDB_RX_ACK);
    assert_int_equal(FEED("-"), GDB_RX_NACK);
    assert_int_equal(FEED("\x03"), GDB_RX_INTERRUPT);
    /* junk between packets is skipped */
    assert_int_equal(FEED("hello world\n"), GDB_RX_NONE);
    /* a '$' inside a body starts over: only "g" counts */
    assert_int_equal(FEED("$m12$g#67"), GDB_RX_PACKET);
    assert_string_equal(rx.buf, "g");
    /* 0x03 inside a body is data, not an interrupt: 0x03+0x67 = 0x6a */
    assert_int_equal(FEED("$\x03g#6a"), GDB_RX_PACKET);
}

static void test_overflow(void **state)
{
    (void)state;
    static char big[GDB_PACKET_MAX + 100];
    gdb_rx_init(&rx);
    memset(big, 'A', sizeof big);
    assert_int_equal(feed("$", 1), GDB_RX_NONE);
    assert_int_equal(feed(big, sizeof big), GDB_RX_NONE);
    assert_int_equal(FEED("#00"), GDB_RX_OVERFLOW);
    assert_int_equal(FEED("$g#67"), GDB_RX_PACKET); /* recovers */
    /* exactly the maximum fits: 'A' * 16384 sums to 0x41 * 0x4000 = 0x104000 -> 00 */
    feed("$", 1);
    feed(big, GDB_PACKET_MAX);
    assert_int_equal(FEED("#00"), GDB_RX_PACKET);
    assert_int_equal(rx.len, GDB_PACKET_MAX);
}

static void test_hex(void **state)
{
    (void)state;
    const char *p = "1f,rest";
    uint64_t v;
    assert_true(gdb_parse_hex(&p, &v));
    assert_int_equal(v, 0x1f);
    assert_string_equal(p, ",rest");
    p = "ffffffffffffffff";
    assert_true(gdb_parse_hex(&p, &v));
    assert_true(v == UINT64_MAX);
    p = "10000000000000000"; /* 17 digits */
    assert_false(gdb_parse_hex(&p, &v));
    p = ",";
    assert_false(gdb_parse_hex(&p, &v));
    uint8_t b[4];
    assert_true(gdb_hex_decode("deadBEEF", 4, b));
    assert_int_equal(b[0], 0xde);
    assert_int_equal(b[3], 0xef);
    assert_false(gdb_hex_decode("de-d", 2, b));
    char out[9];
    gdb_hex_encode(b, 4, out);
    assert_string_equal(out, "deadbeef");
}

static void test_escape_roundtrip(void **state)
{
    (void)state;
    /* '#' '$' '}' '*' are escaped as '}' followed by the byte ^ 0x20 */
    const char body[] = "a#b$c}d*e";
    char framed[64];
    size_t n = gdb_frame(body, sizeof body - 1, framed, sizeof framed);
    assert_int_equal(n, 1 + 9 + 4 + 3);
    assert_memory_equal(framed, "$a}\x03" "b}\x04" "c}]d}\x0a" "e#", 15);
    gdb_rx_init(&rx);
    assert_int_equal(feed(framed, n), GDB_RX_PACKET);
    long d = gdb_unescape(rx.buf, rx.len);
    assert_int_equal(d, 9);
    assert_memory_equal(rx.buf, body, 9);
    char dangling[] = "ab}";
    assert_int_equal(gdb_unescape(dangling, 3), -1);
    /* too small an output buffer: 0 */
    assert_int_equal(gdb_frame(body, sizeof body - 1, framed, 8), 0);
}

static uint32_t rnd(uint32_t *s)
{
    uint32_t x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *s = x;
}

static void test_fuzz(void **state)
{
    (void)state;
    static char buf[GDB_PACKET_MAX * 2];
    uint32_t seed = 0x9e3779b9u;
    gdb_rx_init(&rx);
    for (int round = 0; round < 2000; round++) {
        size_t n = rnd(&seed) % (round % 50 == 0 ? sizeof buf : 300);
        for (size_t k = 0; k < n; k++) {
            uint32_t r = rnd(&seed);
            /* bias towards the protocol's own characters */
            static const char special[] = "$#}*+-\x03" "0123456789abcdef";
            buf[k] = (r & 3) ? special[(r >> 8) % (sizeof special - 1)] : (char)(r >> 16);
        }
        feed(buf, n);
        assert_true(rx.len <= GDB_PACKET_MAX);
        gdb_unescape(buf, n);
        uint8_t dec[128];
        gdb_hex_decode(buf, n / 2 < sizeof dec ? n / 2 : sizeof dec, dec);
        const char *p = buf;
        uint64_t v;
        buf[n < sizeof buf ? n : sizeof buf - 1] = 0;
        gdb_parse_hex(&p, &v);
        /* back to a clean packet after at most two bytes of flush */
        assert_int_equal(FEED("xx$g#67"), GDB_RX_PACKET);
        assert_string_equal(rx.buf, "g");
    }
}

/* --gdb [HOST:]PORT: loopback unless a host is named. */
static void test_addr(void **state)
{
    (void)state;
    char host[64], err[128];
    int port;
    assert_true(gdb_parse_addr("3333", host, sizeof host, &port, err, sizeof err));
    assert_string_equal(host, "127.0.0.1");
    assert_int_equal(port, 3333);
    assert_true(gdb_parse_addr(":0", host, sizeof host, &port, err, sizeof err));
    assert_string_equal(host, "127.0.0.1");
    assert_int_equal(port, 0);
    assert_true(gdb_parse_addr("0.0.0.0:1234", host, sizeof host, &port, err, sizeof err));
    assert_string_equal(host, "0.0.0.0");
    assert_true(gdb_parse_addr("::1:22", host, sizeof host, &port, err, sizeof err));
    assert_string_equal(host, "::1");
    assert_int_equal(port, 22);
    const char *bad[] = { "", "70000", "-1", "abc", "host:", "1.2.3.4:x", "12 " };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
        assert_false(gdb_parse_addr(bad[k], host, sizeof host, &port, err, sizeof err));
    char longhost[200];
    memset(longhost, 'h', sizeof longhost);
    memcpy(longhost + 150, ":80", 4);
    assert_false(gdb_parse_addr(longhost, host, sizeof host, &port, err, sizeof err));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_packet),
        cmocka_unit_test(test_bad_and_control),
        cmocka_unit_test(test_overflow),
        cmocka_unit_test(test_hex),
        cmocka_unit_test(test_escape_roundtrip),
        cmocka_unit_test(test_fuzz),
        cmocka_unit_test(test_addr),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
